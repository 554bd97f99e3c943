package org.ndpack.internal.memory;

import java.util.concurrent.locks.LockSupport;

/**
 * A reader-writer lock over byte ranges of one {@link Memory}: requests for disjoint ranges never
 * wait for each other; overlapping ones wait unless both only read.
 *
 * <p>One {@link Request} carries every range an operation needs in this memory (an operation may
 * read and write several views of one buffer), and is granted all at once, so a thread never holds
 * part of a memory while it waits for another part of the same memory. Operations that touch
 * several memories take one request per memory in increasing {@link Memory#id} order
 * ({@code Guards}); together this makes operations deadlock-free.
 *
 * <p>Rules, applied under this object's monitor:
 * <ul>
 *   <li>A request conflicts with a granted request of <em>another</em> thread if some range of one
 *       overlaps some range of the other and at least one of the two ranges is written. The
 *       requests of one thread never conflict with each other: the lock is reentrant, so an
 *       operation on a locked array may run while its thread holds an explicit lock on it.</li>
 *   <li>Requests are granted in arrival order: a request also waits for an earlier waiting request
 *       of another thread that it conflicts with, so a stream of readers cannot starve a writer.
 *       A thread that already holds a request in this memory skips that queue (it only waits for
 *       granted requests), otherwise it could wait for a waiter that waits for it.</li>
 *   <li>Upgrading is refused: a thread that holds a shared range and asks to write an overlapping
 *       range gets an {@link IllegalStateException} instead of a possible deadlock (two readers
 *       that both upgrade wait for each other forever).</li>
 * </ul>
 * A granted request is handed to its thread by the thread that releases the conflicting one
 * ({@link #release}), which sets {@link Request#granted} and unparks it. Waiting is
 * uninterruptible, like {@link java.util.concurrent.locks.Lock#lock()}; an interrupt received while
 * waiting stays pending.
 *
 * <p>Thread-safe. The cost of an uncontended request is two monitor enters and a scan of the
 * requests currently held in this memory (usually none).
 */
public final class RangeLock {

    /** The ranges one thread asked for in this memory ({@link Ranges}: bytes and modes). */
    public static final class Request {
        final RangeLock lock;
        final Thread owner;
        final long[] ranges;
        /** Set (under the lock's monitor) when granted; read by the waiting owner. */
        volatile boolean granted;
        Request prev;
        Request next;

        Request(RangeLock lock, Thread owner, long[] ranges) {
            this.lock = lock;
            this.owner = owner;
            this.ranges = ranges;
        }

        /** {@return true if some range of this overlaps some range of {@code o} and one of the two is written} */
        boolean conflicts(Request o) {
            for (int i = 0, n = Ranges.count(ranges); i < n; i++) {
                for (int j = 0, m = Ranges.count(o.ranges); j < m; j++) {
                    if ((Ranges.written(ranges, i) || Ranges.written(o.ranges, j))
                            && Ranges.overlap(ranges, i, o.ranges, j)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** {@return the first range of this that is written and overlaps a range {@code o} only reads, or -1} */
        int upgradeOf(Request o) {
            for (int i = 0, n = Ranges.count(ranges); i < n; i++) {
                if (!Ranges.written(ranges, i)) {
                    continue;
                }
                for (int j = 0, m = Ranges.count(o.ranges); j < m; j++) {
                    if (!Ranges.written(o.ranges, j) && Ranges.overlap(ranges, i, o.ranges, j)) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    /** All requests, granted and waiting, in arrival order. */
    private Request head;
    private Request tail;

    /**
     * Takes the ranges, waiting as long as needed.
     *
     * @param ranges the byte ranges and their modes ({@link Ranges}); written ranges are locked
     *        exclusively, the others shared
     * @return the granted request, to hand to {@link #release}
     * @throws IllegalStateException if the calling thread holds a shared lock on a range it now
     *         asks to write
     */
    Request acquire(long[] ranges) {
        Thread me = Thread.currentThread();
        Request r = new Request(this, me, ranges);
        synchronized (this) {
            checkUpgrade(r);
            append(r);
            if (grantable(r)) {
                r.granted = true;
                return r;
            }
        }
        boolean interrupted = false;
        while (!r.granted) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            me.interrupt();
        }
        return r;
    }

    /**
     * Takes the ranges only if that needs no waiting.
     *
     * @return the granted request, or null if it would have to wait
     * @throws IllegalStateException as {@link #acquire}
     */
    Request tryAcquire(long[] ranges) {
        Request r = new Request(this, Thread.currentThread(), ranges);
        synchronized (this) {
            checkUpgrade(r);
            append(r);
            if (grantable(r)) {
                r.granted = true;
                return r;
            }
            unlink(r);
            return null;
        }
    }

    /** Releases a granted request and grants the waiting requests that no longer conflict. */
    void release(Request r) {
        synchronized (this) {
            unlink(r);
            for (Request w = head; w != null; w = w.next) {
                if (!w.granted && grantable(w)) {
                    w.granted = true;
                    LockSupport.unpark(w.owner);
                }
            }
        }
    }

    /** {@return the number of requests granted or waiting (for tests and diagnostics)} */
    synchronized int requests() {
        int n = 0;
        for (Request q = head; q != null; q = q.next) {
            n++;
        }
        return n;
    }

    private void checkUpgrade(Request r) {
        for (Request q = head; q != null; q = q.next) {
            if (q.owner == r.owner && q.granted) {
                int i = r.upgradeOf(q);
                if (i >= 0 && !coveredByOwnWrite(r, i)) {
                    throw new IllegalStateException("cannot lock bytes " + Ranges.str(r.ranges, i)
                            + " for writing: this thread holds a shared (read) lock on part of them;"
                            + " a shared lock cannot be upgraded (take the exclusive lock first)");
                }
            }
        }
    }

    /** {@return true if range {@code i} of {@code r} lies inside a range its thread already writes} */
    private boolean coveredByOwnWrite(Request r, int i) {
        for (Request q = head; q != null; q = q.next) {
            if (q.owner == r.owner && q.granted) {
                for (int j = 0, m = Ranges.count(q.ranges); j < m; j++) {
                    if (Ranges.written(q.ranges, j) && Ranges.lo(q.ranges, j) <= Ranges.lo(r.ranges, i)
                            && Ranges.hi(r.ranges, i) <= Ranges.hi(q.ranges, j)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Must hold the monitor. {@code r} is linked. */
    private boolean grantable(Request r) {
        boolean holdsHere = false;
        for (Request q = head; q != null; q = q.next) {
            if (q.owner == r.owner && q.granted) {
                holdsHere = true;
                break;
            }
        }
        for (Request q = head; q != null && q != r; q = q.next) {
            if (q.owner == r.owner) {
                continue;
            }
            if (q.granted || !holdsHere) {
                if (q.conflicts(r)) {
                    return false;
                }
            }
        }
        // granted requests that arrived after r (they barged: their thread held this memory)
        for (Request q = r.next; q != null; q = q.next) {
            if (q.owner != r.owner && q.granted && q.conflicts(r)) {
                return false;
            }
        }
        return true;
    }

    private void append(Request r) {
        r.prev = tail;
        if (tail == null) {
            head = r;
        } else {
            tail.next = r;
        }
        tail = r;
    }

    private void unlink(Request r) {
        if (r.prev == null) {
            head = r.next;
        } else {
            r.prev.next = r.next;
        }
        if (r.next == null) {
            tail = r.prev;
        } else {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
    }
}
