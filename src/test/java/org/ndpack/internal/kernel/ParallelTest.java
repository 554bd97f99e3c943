package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

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

    /** Sums {@code i} over {@code [0, n)} in chunks, checking that each chunk runs once. */
    private static long chunkedSum(long n, long chunk) {
        AtomicLong sum = new AtomicLong();
        AtomicIntegerArray runs = new AtomicIntegerArray(Parallel.chunks(n, chunk));
        Parallel.forChunks(n, chunk, (c, f, t) -> {
            runs.incrementAndGet(c);
            long s = 0;
            for (long i = f; i < t; i++) {
                s += i;
            }
            sum.addAndGet(s);
        });
        for (int c = 0; c < runs.length(); c++) {
            assertEquals(1, runs.get(c), "chunk " + c);
        }
        return sum.get();
    }

    @Test
    void concurrentAndNestedCallsEachRunEveryChunkOnce() throws Exception {
        long n = 16 * Parallel.THRESHOLD + 7;
        long expected = n * (n - 1) / 2;
        List<Thread> threads = new ArrayList<>();
        Set<Throwable> failures = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int r = 0; r < 50; r++) {
                        assertEquals(expected, chunkedSum(n, Parallel.THRESHOLD));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        // a chunk that splits its own work while the outer call holds the helpers
        AtomicLong nested = new AtomicLong();
        Parallel.forChunks(4 * Parallel.THRESHOLD, Parallel.THRESHOLD,
                (c, f, t) -> nested.addAndGet(chunkedSum(n, Parallel.THRESHOLD)));
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(4 * expected, nested.get());
    }

    @Test
    void helpersAreDaemonsAndParkWhenIdle() throws Exception {
        chunkedSum(8 * Parallel.THRESHOLD, Parallel.THRESHOLD);
        List<Thread> helpers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ndpack-parallel-")).toList();
        assertEquals(Parallel.THREADS - 1, helpers.size(), "helper threads: " + helpers);
        // they spin for SPIN_NANOS (50 us) after a call, then park; allow a loaded machine 5 s
        // to schedule them that far
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Thread t : helpers) {
            assertTrue(t.isDaemon(), t.getName() + " is not a daemon");
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(Thread.State.WAITING, t.getState(), t.getName() + " still runs while the library is idle");
        }
    }
}
