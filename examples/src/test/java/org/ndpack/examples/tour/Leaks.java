package org.ndpack.examples.tour;

import org.ndpack.NDArray;

/**
 * Native-memory accounting for the tour's tests, through the public API only (this build uses
 * ndpack as any consumer does).
 */
final class Leaks {
    private Leaks() {
    }

    /**
     * {@return {@link NDArray#liveNativeBytes()} once it has stopped changing}: memory dropped
     * earlier is freed by Cleaner threads, asynchronously, so the collector is run until the count
     * stays the same three times in a row (or about three seconds pass).
     */
    static long settledLiveBytes() throws InterruptedException {
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
