package org.ndpack.internal.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits large work over cores in fixed-size chunks. The chunk boundaries depend only on the
 * amount of work and the chunk size, never on the number of threads, so a computation that
 * combines per-chunk results in chunk order gives the same bits on one thread or many.
 *
 * <p>The calling thread works too: it and up to {@code THREADS - 1} helper threads claim chunks
 * from a shared counter until none are left. The helpers are ndpack's own daemon threads
 * ({@code ndpack-parallel-N}, started on first use, never keeping the JVM alive): after a call
 * they spin for {@link #SPIN_NANOS} waiting for the next one, then park, so that a run of short
 * parallel calls (a 256 by 256 matrix product takes about 0.2 ms) does not pay a parked thread's
 * wake-up each time (tens of microseconds on a virtual machine, where waking an idle virtual CPU
 * goes through the host); the caller likewise spins that long for the helpers' last chunks
 * before it parks, and does not wait for a helper that has not started (it takes the job back,
 * as a {@code ForkJoinTask} join runs a task still queued). No thread spins longer than that once
 * the library is idle. While one call
 * holds the helpers, another one (from another thread, or a chunk that splits its own work) runs
 * on the common {@link ForkJoinPool} instead, as every call did before. Work below
 * {@link #THRESHOLD} elements runs on the calling thread only. The system property
 * {@code ndpack.threads} sets the number of threads; {@code ndpack.threads=1} turns parallelism
 * off. Thread-safe.
 */
public final class Parallel {
    /** Elements below which work is not split. */
    public static final long THRESHOLD = 1 << 16;
    /** Threads to use, the caller included: the number of cores, or the {@code ndpack.threads} property. */
    public static final int THREADS = Math.max(1, Integer.getInteger("ndpack.threads",
            Runtime.getRuntime().availableProcessors()));
    /**
     * How long an idle helper spins for the next call before it parks, and how long a caller
     * spins for the helpers' last chunks before it parks: 50 microseconds. Helpers spin only when
     * there are no more threads than cores (otherwise a spinning helper would take a core from a
     * thread with work).
     */
    static final long SPIN_NANOS = 50_000;

    /** Work on the chunks {@code [from, to)} of a range. */
    @FunctionalInterface
    public interface ChunkBody {
        /** Processes chunk number {@code chunk}, covering elements {@code [from, to)}. */
        void run(int chunk, long from, long to);
    }

    private Parallel() {
    }

    /** {@return the number of chunks of {@code chunkSize} covering {@code n} elements} */
    public static int chunks(long n, long chunkSize) {
        return (int) Math.max(1, (n + chunkSize - 1) / chunkSize);
    }

    /**
     * Runs {@code body} once per chunk of {@code chunkSize} elements of {@code [0, n)}, possibly in
     * parallel, and returns when all are done. The first exception thrown by a chunk is rethrown
     * (others are added to it as suppressed); chunks not yet started are then skipped.
     *
     * @param n the number of elements
     * @param chunkSize the chunk size, {@code > 0}
     * @param body the work
     */
    public static void forChunks(long n, long chunkSize, ChunkBody body) {
        int chunks = chunks(n, chunkSize);
        int helpers = Math.min(THREADS, chunks) - 1;
        if (helpers <= 0 || n < THRESHOLD) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
            }
            return;
        }
        Job job = new Job(n, chunkSize, chunks, body, helpers);
        Team team = Team.TEAM;
        if (team != null && team.busy.compareAndSet(false, true)) {
            try {
                for (int i = 0; i < helpers; i++) {
                    team.helpers[i].give(job);
                }
                job.run();
                // a helper that has not taken the job yet (not scheduled, or still waking) is
                // not waited for: the caller has run every chunk by now
                for (int i = 0; i < helpers; i++) {
                    if (team.helpers[i].revoke(job)) {
                        job.helperDone();
                    }
                }
                job.awaitHelpers();
            } finally {
                team.busy.set(false);
            }
        } else {
            ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
            for (int i = 0; i < helpers; i++) {
                tasks[i] = ForkJoinPool.commonPool().submit((Runnable) job);
            }
            job.run();
            for (ForkJoinTask<?> t : tasks) {
                t.join(); // workers record failures instead of throwing, so join returns normally
            }
        }
        // rethrow the chunk's own exception (ForkJoinTask.join would wrap a copy of it)
        Throwable failure = job.first.get();
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
    }

    /** One call's chunks, claimed from a counter by the caller and its helpers. */
    private static final class Job implements Runnable {
        private final long n;
        private final long chunkSize;
        private final int chunks;
        private final ChunkBody body;
        private final AtomicInteger next = new AtomicInteger();
        final AtomicReference<Throwable> first = new AtomicReference<>();
        /** Helpers of the team that have not finished this job yet. */
        private final AtomicInteger pending;
        /** The caller once it parks waiting for {@link #pending}, else null. */
        private volatile Thread waiter;

        Job(long n, long chunkSize, int chunks, ChunkBody body, int helpers) {
            this.n = n;
            this.chunkSize = chunkSize;
            this.chunks = chunks;
            this.body = body;
            this.pending = new AtomicInteger(helpers);
        }

        /** Claims and runs chunks until none are left; records a failure instead of throwing it. */
        @Override
        public void run() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
                } catch (RuntimeException | Error e) {
                    next.set(chunks); // stop the others early
                    if (!first.compareAndSet(null, e)) {
                        first.get().addSuppressed(e);
                    }
                    return;
                }
            }
        }

        /** Called by a helper of the team when it has run out of chunks. */
        void helperDone() {
            if (pending.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        /** Waits until every helper is done: spins for {@link #SPIN_NANOS}, then parks. */
        void awaitHelpers() {
            long start = System.nanoTime();
            while (pending.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    while (pending.get() > 0) {
                        LockSupport.park(this);
                    }
                    waiter = null;
                }
            }
        }
    }

    /** The helper threads, started when the first call splits its work. */
    private static final class Team {
        /** The helpers, or null when the JVM could not start them (every call then uses the common pool). */
        static final Team TEAM = create();
        /** Whether a call holds the helpers. */
        final AtomicBoolean busy = new AtomicBoolean();
        final Helper[] helpers;

        private static Team create() {
            try {
                return new Team(THREADS - 1);
            } catch (RuntimeException | OutOfMemoryError e) { // e.g. no native thread to be had
                return null;
            }
        }

        private Team(int size) {
            boolean spin = THREADS <= Runtime.getRuntime().availableProcessors();
            helpers = new Helper[size];
            for (int i = 0; i < size; i++) {
                helpers[i] = new Helper(spin);
                Thread t = Thread.ofPlatform().daemon().name("ndpack-parallel-" + (i + 1))
                        .inheritInheritableThreadLocals(false).unstarted(helpers[i]);
                t.setContextClassLoader(null);
                helpers[i].thread = t;
                t.start();
            }
        }
    }

    /** A helper thread's loop: run the job it is given, spin a while for the next, then park. */
    private static final class Helper implements Runnable {
        private final boolean spin;
        /** The job handed to this helper and not yet taken (by the helper) or revoked (by the caller). */
        private final AtomicReference<Job> job = new AtomicReference<>();
        private volatile boolean parked;
        private Thread thread;

        Helper(boolean spin) {
            this.spin = spin;
        }

        /** Hands this (idle) helper a job, waking it if it parked. */
        void give(Job j) {
            job.set(j);
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /** {@return whether {@code j} was taken back before this helper started it} */
        boolean revoke(Job j) {
            return job.compareAndSet(j, null);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            for (;;) {
                Job j = job.get();
                if (j != null && job.compareAndSet(j, null)) {
                    try {
                        j.run();
                    } catch (Throwable e) { // Job.run records chunk failures; this keeps the helper alive regardless
                        j.first.compareAndSet(null, e);
                    } finally {
                        j.helperDone();
                    }
                    idleSince = System.nanoTime();
                } else if (spin && System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (job.get() == null) {
                        Thread.interrupted(); // an interrupt (no one should send one) must not turn park into a spin
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }
    }
}
