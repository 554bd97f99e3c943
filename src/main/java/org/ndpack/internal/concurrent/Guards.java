package org.ndpack.internal.concurrent;

import java.util.Arrays;

import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Guarding;
import org.ndpack.internal.memory.Memory;
import org.ndpack.internal.memory.RaceDetector;
import org.ndpack.internal.memory.RangeLock;

/**
 * The slow path of {@link OpScope}: memory-region locks for arrays in locked form and
 * registration with the race detector for arrays in checked form (or for every array when the
 * system property {@code ndpack.checked} is {@code true}).
 *
 * <p>What an operation guards is the <em>span</em> of each operand: the bytes from its lowest to
 * its highest element ({@link Shapes#span}), in that operand's memory. When any operand is locked,
 * every operand's span is locked (written spans exclusively, read spans shared); when any operand
 * is checked, every operand's span is registered. Spans are grouped per memory, and memories are
 * locked in increasing {@link Memory#id} order, each memory's spans in one all-or-nothing request:
 * two operations can therefore never hold parts of each other's needs while waiting, and so never
 * deadlock. The lock is taken before the registration and released after it, so a locked
 * operation is reported only against an operation that did not take the lock.
 *
 * <p>Thread-safe; stateless.
 */
final class Guards {
    /** Checked mode for every array, from the system property {@code ndpack.checked}. */
    static final boolean GLOBAL_CHECKED = Boolean.getBoolean("ndpack.checked");

    private Guards() {
    }

    /**
     * What one operation took: per memory, its lock request and/or race-detector registration.
     * {@link #release} gives them back. Confined to its thread.
     */
    static final class Guard {
        private final RangeLock.Request[] requests;
        private final RaceDetector.Registration[] registrations;
        private int locked;
        private int registered;

        private Guard(int memories, boolean lock, boolean check) {
            requests = lock ? new RangeLock.Request[memories] : null;
            registrations = check ? new RaceDetector.Registration[memories] : null;
        }

        /** Deregisters, then unlocks in the reverse order of locking. */
        void release() {
            for (int i = registered - 1; i >= 0; i--) {
                RaceDetector.Registration r = registrations[i];
                Guarding.deregister(r);
            }
            registered = 0;
            for (int i = locked - 1; i >= 0; i--) {
                RangeLock.Request r = requests[i];
                Guarding.unlock(r);
            }
            locked = 0;
        }
    }

    /**
     * Takes the locks and registrations an operation needs.
     *
     * @return what to release when the operation ends
     * @throws org.ndpack.ConcurrentAccessException if checked and the operation races one in
     *         flight on another thread (nothing is held then)
     * @throws IllegalStateException if the thread would upgrade a shared lock it holds
     */
    static Guard enter(String op, ArrayImpl w, ArrayImpl r0, ArrayImpl r1, ArrayImpl r2) {
        int flags = flags(w) | flags(r0) | flags(r1) | flags(r2);
        Spans s = new Spans(4);
        s.add(w, OpScope.WRITE);
        s.add(r0, OpScope.READ);
        s.add(r1, OpScope.READ);
        s.add(r2, OpScope.READ);
        return s.take(op, locks(flags), checks(flags));
    }

    /**
     * Locks the spans of the given arrays, whatever their flags (the explicit region lock): all of
     * them at once, in the deadlock-free order.
     *
     * @param exclusive arrays whose spans are locked for writing
     * @param shared arrays whose spans are locked for reading
     * @return what to release to unlock
     * @throws IllegalStateException if the thread would upgrade a shared lock it holds
     */
    static Guard lock(ArrayImpl[] exclusive, ArrayImpl[] shared) {
        Spans s = new Spans(exclusive.length + shared.length);
        for (ArrayImpl a : exclusive) {
            s.add(a, OpScope.WRITE);
        }
        for (ArrayImpl a : shared) {
            s.add(a, OpScope.READ);
        }
        return s.take("lock", true, false);
    }

    /**
     * Takes the lock and registration for one byte range of {@code a}'s memory.
     *
     * @param mode {@link OpScope#READ}, or {@link OpScope#WRITE} and/or {@link OpScope#ATOMIC}
     * @return what to release when the access ends
     */
    static Guard enterRange(String op, ArrayImpl a, long lo, long hi, int mode) {
        int flags = a.flags;
        Spans s = new Spans(1);
        s.add(a.memory, lo, hi, mode);
        return s.take(op, locks(flags), checks(flags));
    }

    private static int flags(ArrayImpl a) {
        return a == null ? 0 : a.flags;
    }

    private static boolean locks(int flags) {
        return (flags & ArrayImpl.LOCKED) != 0;
    }

    private static boolean checks(int flags) {
        return GLOBAL_CHECKED || (flags & ArrayImpl.CHECKED) != 0;
    }

    /** The spans of one operation, kept in increasing memory-id order as they are added. */
    private static final class Spans {
        private final Memory[] memory;
        /** {@link Ranges} layout: lo, hi, mode per span, in the order of {@link #memory}. */
        private final long[] ranges;
        private int n;

        Spans(int capacity) {
            memory = new Memory[capacity];
            ranges = new long[3 * capacity];
        }

        /** Adds the span of {@code a} (nothing for null or empty arrays). */
        void add(ArrayImpl a, int mode) {
            if (a == null || a.size() == 0) {
                return;
            }
            long[] shape = a.shape;
            long[] strides = a.strides;
            long lo = a.offset;
            long hi = lo;
            for (int i = 0; i < shape.length; i++) {
                long d = (shape[i] - 1) * strides[i];
                if (d < 0) {
                    lo += d;
                } else {
                    hi += d;
                }
            }
            int w = a.dtype().byteSize();
            add(a.memory, lo * w, (hi + 1) * w, mode);
        }

        /** Adds a byte range, by insertion into memory-id order (stable: equal ids keep their order). */
        void add(Memory m, long lo, long hi, int mode) {
            int j = n;
            while (j > 0 && memory[j - 1].id > m.id) {
                memory[j] = memory[j - 1];
                System.arraycopy(ranges, 3 * (j - 1), ranges, 3 * j, 3);
                j--;
            }
            memory[j] = m;
            ranges[3 * j] = lo;
            ranges[3 * j + 1] = hi;
            ranges[3 * j + 2] = mode;
            n++;
        }

        /** Locks (if {@code lock}) then registers (if {@code check}) each memory's spans, in order. */
        Guard take(String op, boolean lock, boolean check) {
            int memories = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || memory[i] != memory[i - 1]) {
                    memories++;
                }
            }
            Guard g = new Guard(memories, lock, check);
            long[][] perMemory = new long[memories][];
            try {
                for (int i = 0, k = 0; i < n; k++) {
                    int end = i + 1;
                    while (end < n && memory[end] == memory[i]) {
                        end++;
                    }
                    perMemory[k] = end - i == n && ranges.length == 3 * n ? ranges
                            : Arrays.copyOfRange(ranges, 3 * i, 3 * end);
                    if (lock) {
                        g.requests[k] = Guarding.lock(memory[i], perMemory[k]);
                        g.locked = k + 1;
                    }
                    i = end;
                }
                if (check) {
                    for (int i = 0, k = 0; i < n; k++) {
                        Memory m = memory[i];
                        while (i < n && memory[i] == m) {
                            i++;
                        }
                        g.registrations[k] = Guarding.register(m, op, perMemory[k]);
                        g.registered = k + 1;
                    }
                }
            } catch (RuntimeException | Error e) {
                g.release();
                throw e;
            }
            return g;
        }
    }
}
