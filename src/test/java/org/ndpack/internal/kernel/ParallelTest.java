package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Assumptions;
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
        // the shared helpers' threads start when first given work: at least those this call
        // used are alive (earlier tests may have started more)
        List<Thread> helpers = java.util.Arrays.stream(Parallel.Team.TEAM.helpers).map(h -> h.thread)
                .filter(t -> t != null && t.isAlive()).toList();
        assertTrue(helpers.size() >= Math.min(Parallel.THREADS, 8) - 1 && helpers.size() <= Parallel.THREADS - 1,
                "helper threads: " + helpers);
        for (Thread t : helpers) {
            assertTrue(t.getName().startsWith("ndpack-parallel-"), t.getName());
        }
        // they spin for SPIN_NANOS (50 us) after a call, then park; allow a loaded machine 5 s
        // to schedule them that far
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Thread t : helpers) {
            assertTrue(t.isDaemon(), t.getName() + " is not a daemon");
            while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(Thread.State.TIMED_WAITING, t.getState(), t.getName() + " still runs while the library is idle");
        }
    }

    private static final RuntimeException SHARED = new IllegalStateException("one object thrown by several chunks");

    /** Parks (not sleeps: the caller may be interrupted) for about {@code millis}. */
    private static void pause(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }

    @Test
    void theSameExceptionFromSeveralChunksReachesTheCallerAfterEveryChunk() {
        Parallel.Team team = new Parallel.Team(2, Parallel.Team.KEEP_ALIVE_NANOS);
        Assumptions.assumeTrue(Parallel.THREADS >= 2, "needs ndpack.threads >= 2");
        for (int round = 0; round < 5; round++) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> Parallel.forChunks(team,
                    3 * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> {
                        started.incrementAndGet();
                        // chunk 0 fails first, chunk 2 next (the same object: a JVM reuses some
                        // exception objects), chunk 1 still runs when they do
                        pause(c == 0 ? 20 : c == 1 ? 300 : 100);
                        finished.incrementAndGet();
                        throw SHARED;
                    }));
            assertSame(SHARED, thrown, "round " + round);
            assertEquals(started.get(), finished.get(), "a chunk still ran when forChunks returned, round " + round);
        }
    }

    @Test
    void anInterruptedCallerWaitsParkedAndKeepsItsInterrupt() throws Exception {
        Parallel.Team team = new Parallel.Team(1, Parallel.Team.KEEP_ALIVE_NANOS);
        Assumptions.assumeTrue(Parallel.THREADS >= 2, "needs ndpack.threads >= 2");
        Thread caller = Thread.currentThread();
        AtomicLong done = new AtomicLong();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        caller.interrupt();
        try {
            Parallel.forChunks(team, 2 * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> {
                if (Thread.currentThread() != caller) {
                    pause(400);
                }
                done.incrementAndGet();
            });
        } finally {
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept (and cleared here)");
        }
        long cpuMillis = (mx.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        assertEquals(2, done.get());
        // the helper may not have taken its chunk (the caller then runs both, with no wait)
        assertTrue(cpuMillis < 200, "the caller spun for its helper: " + cpuMillis + " ms of CPU");
    }

    @Test
    void anIdleHelperEndsAndTheNextCallStartsANewOne() throws Exception {
        Parallel.Team team = new Parallel.Team(1, 50_000_000L);
        Assumptions.assumeTrue(Parallel.THREADS >= 2, "needs ndpack.threads >= 2");
        AtomicLong sum = new AtomicLong();
        Parallel.forChunks(team, 4 * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> sum.addAndGet(c + 1));
        assertEquals(10, sum.get());
        Thread first = team.helpers[0].thread;
        assertNotNull(first, "the helper's thread was started");
        first.join(10_000);
        assertFalse(first.isAlive(), "the helper's thread ended after its keep-alive");
        Parallel.forChunks(team, 4 * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> sum.addAndGet(c + 1));
        assertEquals(20, sum.get());
        assertNotSame(first, team.helpers[0].thread, "a new thread serves the next call");
    }

    @Test
    void eachThreadStartsWithItsOwnRangeInOrderAndTakesTheOthersFromTheBack() throws Exception {
        Assumptions.assumeTrue(Parallel.THREADS >= 2, "needs ndpack.threads >= 2");
        Parallel.Team team = new Parallel.Team(1, Parallel.Team.KEEP_ALIVE_NANOS);
        int chunks = 16;
        Thread caller = Thread.currentThread();
        int helperCalls = 0;
        for (int round = 0; round < 20; round++) {
            List<Integer> mine = new ArrayList<>();
            List<Integer> helper = new ArrayList<>();
            CountDownLatch callerStarted = new CountDownLatch(1);
            Parallel.forChunks(team, chunks * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> {
                if (Thread.currentThread() == caller) {
                    synchronized (mine) {
                        mine.add(c);
                    }
                    callerStarted.countDown();
                } else {
                    synchronized (helper) {
                        helper.add(c);
                    }
                    // so that the helper, however early, cannot run out its own half and reach
                    // the caller's before the caller has claimed its first chunk
                    awaitOrFail(callerStarted);
                }
                LockSupport.parkNanos(200_000); // time for the other thread to take chunks too
            });
            // the caller's range is the first half, the helper's the second: each runs its own
            // from the front, in order, and then what is left of the other's from the back
            assertEquals(0, mine.get(0), "the caller's first chunk: " + mine);
            assertOrder(mine, 0, chunks);
            synchronized (helper) {
                if (!helper.isEmpty()) {
                    helperCalls++;
                    assertEquals(chunks / 2, helper.get(0), "the helper's first chunk: " + helper);
                    assertOrder(helper, chunks / 2, chunks);
                }
            }
        }
        assertTrue(helperCalls > 0, "the helper ran no chunk in 20 calls");
    }

    @Test
    void aStalledHelpersRangeIsFinishedByTheCallerFromTheBack() throws Exception {
        Assumptions.assumeTrue(Parallel.THREADS >= 2, "needs ndpack.threads >= 2");
        Parallel.Team team = new Parallel.Team(1, Parallel.Team.KEEP_ALIVE_NANOS);
        int chunks = 16;
        Thread caller = Thread.currentThread();
        AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
        List<Integer> mine = new ArrayList<>();
        CountDownLatch othersDone = new CountDownLatch(1);
        Parallel.forChunks(team, chunks * Parallel.THRESHOLD, Parallel.THRESHOLD, (c, f, t) -> {
            runs.incrementAndGet(c);
            if (Thread.currentThread() == caller) {
                mine.add(c);
                if (mine.size() == chunks - 1) {
                    othersDone.countDown();
                }
            } else {
                awaitOrFail(othersDone); // the helper holds its first chunk until the caller ran the rest
            }
        });
        for (int c = 0; c < chunks; c++) {
            assertEquals(1, runs.get(c), "chunk " + c);
        }
        // the caller ran its own half in order, then the helper's from the back: 15, 14, ... (and
        // the helper, if it started, only the first chunk of its half)
        for (int c = 0; c < chunks / 2; c++) {
            assertEquals(c, mine.get(c), "the caller's chunks: " + mine);
        }
        for (int i = chunks / 2; i < mine.size(); i++) {
            assertEquals(chunks - 1 - (i - chunks / 2), mine.get(i), "the caller's chunks: " + mine);
        }
        assertTrue(mine.size() >= chunks - 1, "the caller's chunks: " + mine);
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the other thread stalled");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Asserts that the chunks of {@code list} from the thread's own range {@code [from, from +
     * chunks / 2)} increase, and those from the other half decrease.
     */
    private static void assertOrder(List<Integer> list, int from, int chunks) {
        synchronized (list) {
            int own = -1;
            int other = chunks;
            for (int c : list) {
                if (c >= from && c < from + chunks / 2) {
                    assertTrue(c > own, "own range out of order: " + list);
                    own = c;
                } else {
                    assertTrue(c < other, "the other range not from its back: " + list);
                    other = c;
                }
            }
        }
    }
}
