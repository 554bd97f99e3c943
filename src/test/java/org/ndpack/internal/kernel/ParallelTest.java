package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyChunkRunsExactlyOnceWithFixedBoundaries() {
        long n = 10 * Parallel.THRESHOLD + 123;
        long chunk = Parallel.THRESHOLD / 4;
        int chunks = Parallel.chunks(n, chunk);
        AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
        long[] from = new long[chunks];
        long[] to = new long[chunks];
        Parallel.forChunks(n, chunk, (c, f, t) -> {
            runs.incrementAndGet(c);
            from[c] = f;
            to[c] = t;
        });
        for (int c = 0; c < chunks; c++) {
            assertEquals(1, runs.get(c), "chunk " + c);
            assertEquals(c * chunk, from[c]);
            assertEquals(Math.min(n, (c + 1) * chunk), to[c]);
        }
    }

    @Test
    void usesMoreThanOneThreadWhenCoresAllow() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 20 && seen.size() < 2; round++) {
            Parallel.forChunks(64 * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> {
                seen.add(Thread.currentThread());
                long x = 0;
                for (long i = f; i < t; i++) {
                    x += i * i;
                }
                if (x == 42) {
                    throw new AssertionError();
                }
            });
        }
        assertTrue(seen.size() >= Math.min(2, Parallel.THREADS), "threads used: " + seen.size()
                + " of " + Parallel.THREADS);
    }

    @Test
    void aFailingChunkIsRethrown() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Parallel.forChunks(8 * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> {
                    if (c == 5) {
                        throw new IllegalStateException("chunk 5");
                    }
                }));
        assertEquals("chunk 5", e.getMessage());
    }
}
