package org.ndpack.internal.kernel;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits large work over cores in fixed-size chunks. The chunk boundaries depend only on the
 * amount of work and the chunk size, never on the number of threads, so a computation that
 * combines per-chunk results in chunk order gives the same bits on one thread or many.
 *
 * <p>The calling thread works too, with up to {@code THREADS - 1} helper threads. Each of them
 * has a home range, one piece of the chunks, as long as the others' to within one chunk (the
 * caller the first, helper {@code i} the {@code i + 1}-th), and claims its own chunks first, from
 * the front, in order; then it takes what is left of the others' ranges from their backs, so
 * that a late or slow thread delays no one and the owner's part stays in one piece. The same thread thus meets the same part
 * of an operand call after call, as with OpenMP's static schedule, and can find there what its
 * core's caches kept from the last call. (With one counter shared by all, which gave each chunk to
 * whichever thread came first, a repeated two-thread 64 MiB sum ran about 1.6 times slower than
 * with fixed halves in some JVMs on this project's host and level in others: see
 * docs/PERFORMANCE.md.) The helpers are ndpack's own daemon threads
 * ({@code ndpack-parallel-N}, started on first use, never keeping the JVM alive, ending after a
 * minute without work so that what kernels keep per thread goes with them): after a call
 * they spin for {@link #SPIN_NANOS} waiting for the next one, then park, so that a run of short
 * parallel calls (a 256 by 256 matrix product takes about 0.2 ms) does not pay a parked thread's
 * wake-up each time (tens of microseconds on a virtual machine, where waking an idle virtual CPU
 * goes through the host); the caller likewise spins that long for the helpers' last chunks
 * before it parks, and does not wait for a helper that has not started (it takes the job back,
 * as a {@code ForkJoinTask} join runs a task still queued). No thread spins longer than that once
 * the library is idle. While one call
 * holds the helpers, another one (from another thread, or a chunk that splits its own work) runs
 * on the common {@link ForkJoinPool} instead, where all threads take the chunks in order from
 * one range, as every call did before the home ranges. Work below
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

    /** Work on one chunk: the elements {@code [from, to)}. */
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
        forChunks(Team.TEAM, n, chunkSize, body);
    }

    /** {@link #forChunks(long, long, ChunkBody)} with the given helpers (tests make their own). */
    static void forChunks(Team team, long n, long chunkSize, ChunkBody body) {
        int chunks = chunks(n, chunkSize);
        int helpers = Math.min(THREADS, chunks) - 1;
        if (helpers <= 0 || n < THRESHOLD) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
            }
            return;
        }
        // one home range per thread of the team (allocated before the team is taken, so that
        // nothing between taking it and the try below can fail)
        int teamHelpers = Math.min(chunks - 1, team.helpers.length);
        Job job = new Job(n, chunkSize, chunks, body, teamHelpers + 1);
        if (team.busy.compareAndSet(false, true)) {
            int given = 0;
            helpers = teamHelpers;
            try {
                job.expect(helpers);
                for (; given < helpers; given++) {
                    team.helpers[given].give(job);
                }
                job.run(0); // never throws: failures are recorded
            } finally {
                // a helper that has not taken the job yet (not scheduled, or still waking) is
                // not waited for: the caller has run every chunk by now; one that has taken it
                // is waited for whatever happened, so no chunk outlives the call
                for (int i = 0; i < helpers; i++) {
                    if (i >= given || team.helpers[i].revoke(job)) {
                        job.helperDone();
                    }
                }
                job.awaitHelpers();
                team.busy.set(false);
            }
        } else {
            job = new Job(n, chunkSize, chunks, body, 1); // pool workers: one range, claimed by all
            ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
            try {
                for (int i = 0; i < helpers; i++) {
                    tasks[i] = ForkJoinPool.commonPool().submit((Runnable) job);
                }
                job.run();
            } finally {
                for (ForkJoinTask<?> t : tasks) {
                    if (t != null) {
                        try {
                            t.join(); // Job.run records failures instead of throwing
                        } catch (RuntimeException | Error e) {
                            job.record(e);
                        }
                    }
                }
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
        if (failure != null) { // a checked exception thrown past the compiler's checks
            throw new UndeclaredThrowableException(failure, "a parallel chunk threw " + failure);
        }
    }

    /**
     * One call's chunks, cut into home ranges, one per thread (the caller's and its helpers'), or
     * one range that every thread claims from (the common pool's workers).
     */
    private static final class Job implements Runnable {
        /** Longs from one range's state to the next: 128 bytes, so that no two share a cache line. */
        private static final int PAD = 16;
        private final long n;
        private final long chunkSize;
        private final int chunks;
        private final ChunkBody body;
        /** Home ranges: range {@code r} is chunks {@code [r * chunks / ranges, (r + 1) * chunks / ranges)}. */
        private final int ranges;
        /**
         * What is left of range {@code r}, at index {@link #slot}{@code (r)} (none on the line of the
         * array's header, which every access reads): its offsets {@code [front,
         * back)}, {@code front} in the high 32 bits and {@code back} in the low 32; the owner takes
         * from the front, the others from the back; empty when {@code front >= back}.
         */
        private final AtomicLongArray left;
        final AtomicReference<Throwable> first = new AtomicReference<>();
        /** Helpers of the team that have not finished this job yet. */
        private final AtomicInteger pending = new AtomicInteger();
        /** The caller once it parks waiting for {@link #pending}, else null. */
        private volatile Thread waiter;

        Job(long n, long chunkSize, int chunks, ChunkBody body, int ranges) {
            this.n = n;
            this.chunkSize = chunkSize;
            this.chunks = chunks;
            this.body = body;
            this.ranges = ranges;
            this.left = new AtomicLongArray((ranges + 1) * PAD);
            for (int r = 0; r < ranges; r++) {
                left.set(slot(r), start(r + 1) - start(r)); // front 0, back the range's length
            }
        }

        /** {@return the index of range {@code r}'s state in {@link #left}} */
        private static int slot(int r) {
            return (r + 1) * PAD;
        }

        /** {@return the first chunk of range {@code r}, or {@link #chunks} for {@code r == ranges}} */
        private int start(int r) {
            return (int) ((long) r * chunks / ranges);
        }

        /** Sets the number of helpers of the team given this job. */
        void expect(int helpers) {
            pending.set(helpers);
        }

        /** {@link #run(int)} from the first range (a pool worker's way in: there is one range). */
        @Override
        public void run() {
            run(0);
        }

        /**
         * Claims and runs the chunks of range {@code home} from its front, in order, then what is
         * left of the other ranges from their backs, until none are left; records a failure
         * instead of throwing it.
         */
        void run(int home) {
            for (int k = 0; k < ranges; k++) {
                int r = (home + k) % ranges;
                for (int c; (c = claim(r, k == 0)) >= 0; ) {
                    try {
                        body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
                    } catch (Throwable e) {
                        stop();
                        record(e);
                        return;
                    }
                }
            }
        }

        /** {@return the next chunk of range {@code r}, from its front or its back, or -1 if none is left} */
        private int claim(int r, boolean front) {
            for (;;) {
                int at = slot(r);
                long s = left.get(at);
                int f = (int) (s >>> 32);
                int b = (int) s;
                if (f >= b) {
                    return -1;
                }
                if (front ? left.compareAndSet(at, s, s + (1L << 32)) : left.compareAndSet(at, s, s - 1)) {
                    return start(r) + (front ? f : b - 1);
                }
            }
        }

        /** Hands out no more chunks: the others stop after the chunks they are running. */
        private void stop() {
            for (int r = 0; r < ranges; r++) {
                left.set(slot(r), 0);
            }
        }

        /**
         * Records a chunk's failure: the first one is rethrown by the caller, later ones are added
         * to it as suppressed, except the same object again (the JVM reuses some exception objects,
         * and a throwable cannot suppress itself).
         */
        void record(Throwable e) {
            Throwable f = first.compareAndExchange(null, e);
            if (f != null && f != e) {
                try {
                    f.addSuppressed(e);
                } catch (RuntimeException ignored) { // e.g. a cycle through other suppressed ones
                }
            }
        }

        /** Called when a helper of the team has run out of chunks, or was never started on them. */
        void helperDone() {
            if (pending.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        /**
         * Waits until every helper is done: spins for {@link #SPIN_NANOS}, then parks; an
         * interrupt does not end the wait (the helpers are working on the caller's memory) and is
         * kept for the caller.
         */
        void awaitHelpers() {
            long start = System.nanoTime();
            boolean interrupted = false;
            while (pending.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    while (pending.get() > 0) {
                        LockSupport.park(this);
                        interrupted |= Thread.interrupted(); // else park would return at once from now on
                    }
                    waiter = null;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The helpers. Each one's thread is started when it is first given work, and ends after
     * {@link #KEEP_ALIVE_NANOS} without any, as the common pool's workers do, so that what the
     * kernels keep per thread (packing buffers, scratch arrays) goes with it and an idle library
     * holds no threads; the next call starts a new one.
     */
    static final class Team {
        /** How long a helper's thread waits for work before it ends: 60 seconds. */
        static final long KEEP_ALIVE_NANOS = 60_000_000_000L;
        static final Team TEAM = new Team(THREADS - 1, KEEP_ALIVE_NANOS);
        /** Whether a call holds the helpers. */
        final AtomicBoolean busy = new AtomicBoolean();
        final Helper[] helpers;

        Team(int size, long keepAliveNanos) {
            boolean spin = THREADS <= Runtime.getRuntime().availableProcessors();
            helpers = new Helper[size];
            for (int i = 0; i < size; i++) {
                helpers[i] = new Helper("ndpack-parallel-" + (i + 1), spin, keepAliveNanos, i + 1);
            }
        }
    }

    /** A helper's loop: run the job it is given, spin a while for the next, park, end when idle long. */
    static final class Helper implements Runnable {
        private final String name;
        private final boolean spin;
        private final long keepAliveNanos;
        /** The job handed to this helper and not yet taken (by the helper) or revoked (by the caller). */
        private final AtomicReference<Job> job = new AtomicReference<>();
        /** This helper's home range in a job: its place in the team, plus one (the caller's is 0). */
        private final int home;
        /** Whether a thread serves this helper (started, and not ending for want of work). */
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile boolean parked;
        /** The thread serving this helper, or the last one. */
        volatile Thread thread;

        Helper(String name, boolean spin, long keepAliveNanos, int home) {
            this.name = name;
            this.spin = spin;
            this.keepAliveNanos = keepAliveNanos;
            this.home = home;
        }

        /**
         * Hands this (idle) helper a job, starting its thread if none serves it, else waking it if
         * it parked. If no thread can be started, the job stays here until the caller revokes it.
         */
        void give(Job j) {
            job.set(j);
            if (!running.get() && running.compareAndSet(false, true)) {
                try {
                    Thread t = Thread.ofPlatform().daemon().name(name).inheritInheritableThreadLocals(false)
                            .unstarted(this);
                    t.setContextClassLoader(null);
                    thread = t;
                    t.start();
                } catch (RuntimeException | OutOfMemoryError e) { // e.g. no native thread to be had
                    running.set(false);
                }
            } else if (parked) {
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
                        j.run(home);
                    } catch (Throwable e) { // Job.run records chunk failures; this keeps the helper alive regardless
                        j.record(e);
                    } finally {
                        j.helperDone();
                    }
                    j = null;
                    Thread.interrupted(); // a chunk's interrupt must not reach the next call's chunks
                    idleSince = System.nanoTime();
                } else if (spin && System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (System.nanoTime() - idleSince >= keepAliveNanos) {
                    // end, unless a job came meanwhile (give sees running false only after this
                    // write, and then starts a thread of its own)
                    running.set(false);
                    if (job.get() == null || !running.compareAndSet(false, true)) {
                        return;
                    }
                } else {
                    j = null;
                    parked = true;
                    if (job.get() == null) {
                        Thread.interrupted(); // an interrupt (no one should send one) must not turn park into a spin
                        LockSupport.parkNanos(this, keepAliveNanos);
                    }
                    parked = false;
                }
            }
        }
    }
}
