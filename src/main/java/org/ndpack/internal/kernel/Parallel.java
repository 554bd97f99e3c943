package org.ndpack.internal.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.ndpack.internal.dtype.Elements;

/**
 * Splits large work over cores in fixed-size chunks. The chunk boundaries depend only on the
 * amount of work and the chunk size, never on the number of threads, so a computation that
 * combines per-chunk results in chunk order gives the same bits on one thread or many.
 *
 * <p>The calling thread works too: it and up to {@code THREADS - 1} tasks of the common
 * {@link ForkJoinPool} claim chunks from a shared counter until none are left. (The common pool's
 * own parallelism is one less than the number of cores, because it expects callers to help; on a
 * 2-core machine it has one worker.) Work below {@link #THRESHOLD} elements runs on the calling
 * thread only. The system property {@code ndpack.threads} sets the number of threads;
 * {@code ndpack.threads=1} turns parallelism off. Thread-safe.
 */
public final class Parallel {
    /** Elements below which work is not split. */
    public static final long THRESHOLD = 1 << 16;
    /** Threads to use, the caller included: the number of cores, or the {@code ndpack.threads} property. */
    public static final int THREADS = Math.max(1, Integer.getInteger("ndpack.threads",
            Runtime.getRuntime().availableProcessors()));

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
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> first = new AtomicReference<>();
        Runnable worker = () -> {
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
        };
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int i = 0; i < helpers; i++) {
            tasks[i] = ForkJoinPool.commonPool().submit(worker);
        }
        worker.run();
        for (ForkJoinTask<?> t : tasks) {
            t.join(); // workers record failures instead of throwing, so join returns normally
        }
        // rethrow the chunk's own exception (ForkJoinTask.join would wrap a copy of it)
        Throwable failure = first.get();
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
    }
}
