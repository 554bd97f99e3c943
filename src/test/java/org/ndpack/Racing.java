package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Small helpers for the concurrency tests: run bodies on threads, and observe a thread waiting. */
final class Racing {
    private Racing() {
    }

    /** A thread running one body, with its failure (if any) kept for {@link #join}. */
    static final class Task {
        final Thread thread;
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean done;

        Task(String name, ThrowingRunnable body) {
            thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    error.set(t);
                } finally {
                    done = true;
                }
            }, name);
            thread.setDaemon(true);
        }

        /** Waits for the thread (at most 60 s) and rethrows what it threw. */
        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), thread.getName() + " did not finish within 60 s (deadlock?)");
            if (error.get() != null) {
                throw new AssertionError(thread.getName() + " failed", error.get());
            }
        }
    }

    /** A body that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        /** Runs. */
        void run() throws Exception;
    }

    /** Starts a task. */
    static Task start(String name, ThrowingRunnable body) {
        Task t = new Task(name, body);
        t.thread.start();
        return t;
    }

    /**
     * Asserts that the task is parked and stays so: it has not finished, its thread is WAITING,
     * and 50 ms later it still has not finished.
     */
    static void assertBlocked(Task t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.thread.getState() != Thread.State.WAITING) {
            if (t.done) {
                fail(t.thread.getName() + " finished, but should have been waiting"
                        + (t.error.get() != null ? " (it threw " + t.error.get() + ")" : ""));
            }
            if (System.nanoTime() > deadline) {
                fail(t.thread.getName() + " never started waiting");
            }
            Thread.sleep(1);
        }
        Thread.sleep(50);
        assertTrue(!t.done && t.thread.getState() == Thread.State.WAITING, t.thread.getName() + " stopped waiting");
    }

    /** Runs {@code n} copies of a body (given its thread number) at once; rethrows the first failure. */
    static void runAll(int n, IntBody body) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Task> ts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int me = k;
            ts.add(start("racer-" + k, () -> {
                go.await();
                body.run(me);
            }));
        }
        go.countDown();
        for (Task t : ts) {
            t.join();
        }
    }

    /** A body given its thread number. */
    @FunctionalInterface
    interface IntBody {
        /** Runs as thread {@code k}. */
        void run(int k) throws Exception;
    }
}
