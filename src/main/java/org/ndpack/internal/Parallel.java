package org.ndpack.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits large work over cores in fixed-size chunks. The chunk boundaries depend only on the
 * amount of work and the chunk size, never on the number of threads, so a computation that
 * combines per-chunk results in chunk order gives the same bits on one thread or many.
 *
 * <p>Work below {@link #THRESHOLD} elements runs on the calling thread. The pool is the common
 * {@link ForkJoinPool}; the system property {@code ndpack.threads=1} turns parallelism off.
 * Thread-safe.
 */
public final class Parallel {
    /** Elements below which work is not split. */
    public static final long THRESHOLD = 1 << 16;
    /** Threads to use: the common pool's parallelism, or the {@code ndpack.threads} property. */
    public static final int THREADS = Integer.getInteger("ndpack.threads",
            Math.max(1, ForkJoinPool.getCommonPoolParallelism()));

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
     * parallel, and returns when all are done. Exceptions from a chunk are rethrown.
     *
     * @param n the number of elements
     * @param chunkSize the chunk size, {@code > 0}
     * @param body the work
     */
    public static void forChunks(long n, long chunkSize, ChunkBody body) {
        int chunks = chunks(n, chunkSize);
        if (chunks == 1 || THREADS == 1 || n < THRESHOLD) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
            }
            return;
        }
        ForkJoinPool.commonPool().invoke(new Task(0, chunks, n, chunkSize, body));
    }

    private static final class Task extends RecursiveAction {
        private final int lo;
        private final int hi;
        private final long n;
        private final long chunkSize;
        private final ChunkBody body;

        Task(int lo, int hi, long n, long chunkSize, ChunkBody body) {
            this.lo = lo;
            this.hi = hi;
            this.n = n;
            this.chunkSize = chunkSize;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run(lo, lo * chunkSize, Math.min(n, (lo + 1) * chunkSize));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Task(lo, mid, n, chunkSize, body), new Task(mid, hi, n, chunkSize, body));
        }
    }
}
