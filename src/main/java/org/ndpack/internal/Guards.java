package org.ndpack.internal;

import org.ndpack.NDArray;

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

    private static final ArrayAccess A = ArrayAccess.get();

    private Guards() {
    }

    /** The bytes one operand touches in one memory, and how. */
    private record Span(Memory memory, long lo, long hi, int mode) {
    }

    /** What one operation took; {@link #release} gives it back. Confined to its thread. */
    static final class Guard {
        private final RangeLock[] locks;
        private final RangeLock.Request[] requests;
        private final RaceDetector[] detectors;
        private final RaceDetector.Registration[] registrations;
        private int lockCount;
        private int registrationCount;

        private Guard(int groups) {
            locks = new RangeLock[groups];
            requests = new RangeLock.Request[groups];
            detectors = new RaceDetector[groups];
            registrations = new RaceDetector.Registration[groups];
        }

        /** Deregisters, then unlocks in the reverse order of locking. */
        void release() {
            for (int i = registrationCount - 1; i >= 0; i--) {
                detectors[i].deregister(registrations[i]);
            }
            registrationCount = 0;
            for (int i = lockCount - 1; i >= 0; i--) {
                locks[i].release(requests[i]);
            }
            lockCount = 0;
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
    static Guard enter(String op, NDArray w, NDArray r0, NDArray r1, NDArray r2) {
        int flags = flags(w) | flags(r0) | flags(r1) | flags(r2);
        Span[] spans = new Span[4];
        int n = add(spans, 0, w, OpScope.WRITE);
        n = add(spans, n, r0, OpScope.READ);
        n = add(spans, n, r1, OpScope.READ);
        n = add(spans, n, r2, OpScope.READ);
        return take(op, spans, n, locks(flags), checks(flags));
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
    static Guard lock(NDArray[] exclusive, NDArray[] shared) {
        Span[] spans = new Span[exclusive.length + shared.length];
        int n = 0;
        for (NDArray a : exclusive) {
            n = add(spans, n, a, OpScope.WRITE);
        }
        for (NDArray a : shared) {
            n = add(spans, n, a, OpScope.READ);
        }
        return take("lock", spans, n, true, false);
    }

    /**
     * Takes the lock and registration for one byte range of {@code a}'s memory.
     *
     * @param mode {@link OpScope#READ}, or {@link OpScope#WRITE} and/or {@link OpScope#ATOMIC}
     * @return what to release when the access ends
     */
    static Guard enterRange(String op, NDArray a, long lo, long hi, int mode) {
        Span[] spans = {new Span(A.memory(a), lo, hi, mode)};
        int flags = A.flags(a);
        return take(op, spans, 1, locks(flags), checks(flags));
    }

    private static int flags(NDArray a) {
        return a == null ? 0 : A.flags(a);
    }

    private static int add(Span[] spans, int n, NDArray a, int mode) {
        if (a == null || a.size() == 0) {
            return n;
        }
        int w = a.dtype().byteSize();
        long[] s = Shapes.span(A.shape(a), A.strides(a), A.offset(a));
        spans[n] = new Span(A.memory(a), s[0] * w, (s[1] + 1) * w, mode);
        return n + 1;
    }

    private static boolean locks(int flags) {
        return (flags & ArrayAccess.LOCKED) != 0;
    }

    private static boolean checks(int flags) {
        return GLOBAL_CHECKED || (flags & ArrayAccess.CHECKED) != 0;
    }

    private static Guard take(String op, Span[] spans, int n, boolean lock, boolean check) {
        // order by memory id (insertion sort: n is small), then cut into one group per memory
        for (int i = 1; i < n; i++) {
            Span s = spans[i];
            int j = i - 1;
            while (j >= 0 && spans[j].memory.id > s.memory.id) {
                spans[j + 1] = spans[j];
                j--;
            }
            spans[j + 1] = s;
        }
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || spans[i].memory != spans[i - 1].memory) {
                groups++;
            }
        }
        Memory[] mem = new Memory[groups];
        long[][] lo = new long[groups][];
        long[][] hi = new long[groups][];
        int[][] mode = new int[groups][];
        boolean[][] write = new boolean[groups][];
        for (int i = 0, g = 0; i < n; g++) {
            int end = i + 1;
            while (end < n && spans[end].memory == spans[i].memory) {
                end++;
            }
            int k = end - i;
            mem[g] = spans[i].memory;
            lo[g] = new long[k];
            hi[g] = new long[k];
            mode[g] = new int[k];
            write[g] = new boolean[k];
            for (int j = 0; j < k; j++) {
                Span s = spans[i + j];
                lo[g][j] = s.lo;
                hi[g][j] = s.hi;
                mode[g][j] = s.mode;
                write[g][j] = (s.mode & OpScope.WRITE) != 0;
            }
            i = end;
        }
        Guard guard = new Guard(groups);
        try {
            if (lock) {
                for (int g = 0; g < groups; g++) {
                    RangeLock l = mem[g].rangeLock();
                    guard.requests[g] = l.acquire(lo[g], hi[g], write[g]);
                    guard.locks[g] = l;
                    guard.lockCount = g + 1;
                }
            }
            if (check) {
                for (int g = 0; g < groups; g++) {
                    RaceDetector d = mem[g].detector();
                    guard.registrations[g] = d.register(op, lo[g], hi[g], mode[g]);
                    guard.detectors[g] = d;
                    guard.registrationCount = g + 1;
                }
            }
        } catch (RuntimeException | Error e) {
            guard.release();
            throw e;
        }
        return guard;
    }
}
