package org.ndpack.testing;

import org.ndpack.NDArray;
import org.ndpack.internal.memory.NativeAllocator;

/** Native-memory accounting for tests that check an operation leaves nothing behind. */
public final class Leaks {
    private Leaks() {
    }

    /**
     * {@return {@link NDArray#liveNativeBytes()} once it has stopped changing}: memory dropped by
     * earlier tests is freed by Cleaner threads, asynchronously, so the collector is run until the
     * count stays the same three times in a row (or about three seconds pass). The small-array
     * slabs in use are retired first, so that small arrays dropped without {@code close()} are
     * released too rather than held until their slab fills.
     */
    public static long settledLiveBytes() throws InterruptedException {
        NativeAllocator.retireSlabs();
        long last = Long.MAX_VALUE;
        int stable = 0;
        for (int i = 0; i < 100 && stable < 3; i++) {
            System.gc();
            Thread.sleep(30);
            long now = NDArray.liveNativeBytes();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }
}
