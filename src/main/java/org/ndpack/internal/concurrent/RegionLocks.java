package org.ndpack.internal.concurrent;

import org.ndpack.internal.array.ArrayImpl;

/**
 * The explicit region lock, for {@code org.ndpack.RegionLock}: locks the spans of some arrays in
 * the same deadlock-free order as operations on locked arrays ({@link Guards}), whatever the
 * arrays' flags. Thread-safe; a {@link Held} is confined to the thread that took it.
 */
public final class RegionLocks {

    private RegionLocks() {
    }

    /** Locks held by one thread, released once. */
    public static final class Held {
        private final Guards.Guard guard;

        private Held(Guards.Guard guard) {
            this.guard = guard;
        }

        /** Releases the locks. Call once, on the thread that took them. */
        public void release() {
            guard.release();
        }
    }

    /**
     * Locks the spans of {@code exclusive} for writing and of {@code shared} for reading, waiting
     * as long as needed (uninterruptibly).
     *
     * @return the held locks
     * @throws IllegalStateException if an array is closed, or the thread holds a shared lock on
     *         bytes it now asks to write
     */
    public static Held lock(ArrayImpl[] exclusive, ArrayImpl[] shared) {
        for (ArrayImpl a : exclusive) {
            checkOpen(a);
        }
        for (ArrayImpl a : shared) {
            checkOpen(a);
        }
        return new Held(Guards.lock(exclusive, shared));
    }

    private static void checkOpen(ArrayImpl a) {
        a.acquire(); // throws if closed
        a.memory.release();
    }
}
