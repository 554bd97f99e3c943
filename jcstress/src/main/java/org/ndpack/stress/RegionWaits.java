package org.ndpack.stress;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Presence flags for the tests that prove two lock holders can be inside at the same time (not a
 * test itself). A thread marks itself inside, then waits until it sees the other inside as well,
 * or a generous timeout passes; it never unmarks, so the later thread sees the earlier one.
 */
final class RegionWaits {
    /** Long enough that only exclusion, not scheduling, makes a thread wait this long. */
    static final long TIMEOUT_NANOS = 5_000_000_000L;

    private final AtomicIntegerArray inside = new AtomicIntegerArray(2);

    /** Marks thread {@code me} (0 or 1) inside; returns whether the other was seen inside in time. */
    boolean enterAndAwaitOther(int me) {
        inside.set(me, 1);
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (inside.get(1 - me) == 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
