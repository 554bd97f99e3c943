package org.ndpack.internal.memory;

import org.ndpack.ConcurrentAccessException;

/**
 * The checked mode's bookkeeping for one {@link Memory}: the byte ranges that operations in flight
 * read, write or update atomically, and the thread running each. Registering an operation whose
 * ranges conflict with an operation of another thread throws {@link ConcurrentAccessException}
 * naming both.
 *
 * <p>Two ranges conflict if they overlap, come from different threads, and are not both reads nor
 * both atomic updates (atomic element updates never race with each other, but a plain read or
 * write racing an atomic update is a race). Ranges of one thread never conflict: an operation may
 * run inside another on its thread.
 *
 * <p>Thread-safe: registration checks and records under this object's monitor, so of two
 * conflicting operations entering at once exactly the second throws.
 */
public final class RaceDetector {

    /** One operation's ranges in this memory ({@link Ranges}). */
    public static final class Registration {
        final RaceDetector detector;
        final Thread thread;
        final String op;
        final long[] ranges;
        Registration prev;
        Registration next;

        Registration(RaceDetector detector, Thread thread, String op, long[] ranges) {
            this.detector = detector;
            this.thread = thread;
            this.op = op;
            this.ranges = ranges;
        }
    }

    private final long memoryId;
    private Registration head;

    RaceDetector(long memoryId) {
        this.memoryId = memoryId;
    }

    /**
     * {@return true if accesses of modes {@code a} and {@code b} (bits of {@link Ranges#WRITE} and
     * {@link Ranges#ATOMIC}) to overlapping bytes race}: one writes, and not both are atomic
     */
    static boolean races(int a, int b) {
        return ((a | b) & Ranges.WRITE) != 0 && (a & b & Ranges.ATOMIC) == 0;
    }

    /**
     * Records an operation in flight.
     *
     * @return the registration, to hand to {@link #deregister}
     * @throws ConcurrentAccessException if it conflicts with an operation in flight on another
     *         thread; nothing is recorded then
     */
    Registration register(String op, long[] ranges) {
        Thread me = Thread.currentThread();
        Registration r = new Registration(this, me, op, ranges);
        synchronized (this) {
            for (Registration q = head; q != null; q = q.next) {
                if (q.thread == me) {
                    continue;
                }
                for (int i = 0, n = Ranges.count(ranges); i < n; i++) {
                    for (int j = 0, m = Ranges.count(q.ranges); j < m; j++) {
                        if (Ranges.overlap(ranges, i, q.ranges, j)
                                && races(Ranges.mode(ranges, i), Ranges.mode(q.ranges, j))) {
                            throw conflict(r, i, q, j);
                        }
                    }
                }
            }
            r.next = head;
            if (head != null) {
                head.prev = r;
            }
            head = r;
        }
        return r;
    }

    /** Removes a registration made by {@link #register}. */
    synchronized void deregister(Registration r) {
        if (r.prev == null) {
            head = r.next;
        } else {
            r.prev.next = r.next;
        }
        if (r.next != null) {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
    }

    /** {@return the number of operations in flight (for tests and diagnostics)} */
    synchronized int inFlight() {
        int n = 0;
        for (Registration q = head; q != null; q = q.next) {
            n++;
        }
        return n;
    }

    private ConcurrentAccessException conflict(Registration r, int i, Registration q, int j) {
        String me = r.thread.getName();
        String other = q.thread.getName();
        String msg = r.op + " on thread \"" + me + "\" " + verb(Ranges.mode(r.ranges, i), false) + " bytes "
                + Ranges.str(r.ranges, i) + " of memory #" + memoryId + ", which " + q.op + " on thread \"" + other
                + "\" is " + verb(Ranges.mode(q.ranges, j), true) + " (bytes " + Ranges.str(q.ranges, j)
                + "): two operations race on the same elements. Run them one after the other, or use the memory"
                + " lock (NDArray.locked())";
        return new ConcurrentAccessException(msg, r.op, me, q.op, other);
    }

    private static String verb(int mode, boolean progressive) {
        return switch (mode) {
            case Ranges.READ -> progressive ? "reading" : "reads";
            case Ranges.WRITE -> progressive ? "writing" : "writes";
            case Ranges.ATOMIC -> progressive ? "reading atomically" : "reads atomically";
            default -> progressive ? "updating atomically" : "updates atomically";
        };
    }
}
