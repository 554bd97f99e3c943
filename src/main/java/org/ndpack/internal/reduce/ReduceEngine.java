package org.ndpack.internal.reduce;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.ndpack.internal.kernel.Parallel;
import org.ndpack.internal.kernel.Reducer;

/**
 * Drives a {@link Reducer} over a {@link ReduceLayout}: the inner walk (one sequence per output,
 * fed as runs), the outer walk (tiles of outputs fed row by row), and the split into parallel
 * tasks. Task boundaries depend only on the layout, never on the thread count, and partial
 * results are combined in task order (pairwise by the tasks themselves where the reducer can,
 * see {@code ChunkTree}, always left before right), so the result has the same bits however
 * many threads run the tasks and in whatever order they finish. Stateless and thread-safe.
 */
public final class ReduceEngine {
    /** Elements of work per task. */
    static final long TASK_WORK = 1 << 16;

    /** Runs {@code tasks} independent tasks, each exactly once, and returns when all are done. */
    @FunctionalInterface
    public interface Runner {
        /** Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)}. */
        void run(int tasks, IntConsumer body);
    }

    /** The default runner: the tasks over {@link Parallel}'s fixed chunks (the calling thread
     * alone when parallelism is off). */
    public static final Runner PARALLEL = (tasks, body) -> {
        if (tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
        } else {
            long unit = Parallel.THRESHOLD;
            Parallel.forChunks(tasks * unit, unit, (c, from, to) -> body.accept(c));
        }
    };

    private ReduceEngine() {
    }

    /**
     * Reduces the input described by {@code lay} over {@code in} into the C-contiguous output
     * {@code out} (element offset 0), with one reducer per task from {@code make}.
     */
    static void reduce(ReduceLayout lay, MemorySegment in, MemorySegment out, Supplier<Reducer> make, Runner runner) {
        if (lay.nOut == 0) {
            return;
        }
        if (lay.nRed == 0) {
            Reducer r = make.get();
            for (long o = 0; o < lay.nOut; o++) {
                r.begin(0);
                r.end(out, o);
            }
            return;
        }
        if (lay.tile >= 0) {
            outer(lay, in, out, make, runner);
        } else if (lay.nOut == 1 && lay.nRed >= 2 * Reducer.CHUNK) {
            chunked(lay, in, out, make, runner);
        } else {
            inner(lay, in, out, make, runner);
        }
    }

    private static void inner(ReduceLayout lay, MemorySegment in, MemorySegment out, Supplier<Reducer> make,
            Runner runner) {
        long per = Math.max(1, TASK_WORK / lay.nRed);
        int tasks = tasks(lay.nOut, per);
        long step = ceilDiv(lay.nOut, tasks);
        runner.run(tasks, t -> {
            Reducer r = make.get();
            long o0 = t * step;
            long o1 = Math.min(lay.nOut, o0 + step);
            Cursor outs = new Cursor(lay.keptShape, lay.keptIn, lay.offset, o0);
            for (long o = o0; o < o1; o++) {
                r.begin(0);
                feed(r, lay, in, outs.offset, 0, lay.nRed);
                r.end(out, o);
                outs.advance(1);
            }
        });
    }

    private static void chunked(ReduceLayout lay, MemorySegment in, MemorySegment out, Supplier<Reducer> make,
            Runner runner) {
        int chunks = (int) ceilDiv(lay.nRed, Reducer.CHUNK);
        Object[] partials = new Object[chunks];
        Reducer last = make.get();
        ChunkTree tree = last.mergesPartials() ? new ChunkTree(1, chunks, (int) (lay.nRed / Reducer.CHUNK)) : null;
        runner.run(chunks, c -> {
            Reducer r = make.get();
            long from = c * Reducer.CHUNK;
            r.begin(from);
            feed(r, lay, in, lay.offset, from, Math.min(lay.nRed, from + Reducer.CHUNK));
            partials[c] = r.takePartial();
            if (tree != null) {
                tree.arrive(r, partials, 0, c);
            }
        });
        last.endChunks(tree != null ? tree.left(partials) : partials, out, 0);
    }

    /** Feeds elements {@code [from, to)} of the sequence based at {@code base} as runs. */
    private static void feed(Reducer r, ReduceLayout lay, MemorySegment in, long base, long from, long to) {
        if (lay.redShape.length == 0) {
            r.run(in, base, 1, 1);
            return;
        }
        int d = lay.redShape.length - 1;
        Cursor c = new Cursor(lay.redShape, lay.redIn, base, from);
        for (long p = from; p < to; ) {
            long n = Math.min(lay.redShape[d] - c.idx[d], to - p);
            r.run(in, c.offset, lay.redIn[d], n);
            p += n;
            c.advance(n);
        }
    }

    private static void outer(ReduceLayout lay, MemorySegment in, MemorySegment out, Supplier<Reducer> make,
            Runner runner) {
        int t = lay.tile;
        long width = lay.keptShape[t];
        long sin = lay.keptIn[t];
        long sout = lay.keptOut[t];
        int nb = lay.keptShape.length - 1;
        long[] bShape = new long[nb];
        long[] bIn = new long[nb];
        long[] bOut = new long[nb];
        for (int i = 0, j = 0; i <= nb; i++) {
            if (i != t) {
                bShape[j] = lay.keptShape[i];
                bIn[j] = lay.keptIn[i];
                bOut[j++] = lay.keptOut[i];
            }
        }
        Reducer probe = make.get();
        long tileMax = probe.maxTile();
        long tilesPerBatch = ceilDiv(width, tileMax);
        long units = lay.nOut / width * tilesPerBatch;
        long rowChunk = rowChunk(lay.nRed);
        if (rowChunk > 0 && units < 1 << 10) {
            // few tiles of many rows: split the rows too, so that every thread streams whole rows
            int chunks = (int) ceilDiv(lay.nRed, rowChunk);
            ChunkTree tree = probe.mergesPartials() ? new ChunkTree((int) units, chunks, (int) (lay.nRed / rowChunk))
                    : null;
            Object[][] partials = new Object[(int) units][chunks];
            runner.run((int) units * chunks, k -> {
                int u = k / chunks;
                int c = k % chunks;
                Reducer r = make.get();
                Tile tl = tile(lay, bShape, bIn, bOut, sin, sout, width, tileMax, tilesPerBatch, u);
                r.beginTile(tl.n);
                long from = c * rowChunk;
                feedRows(r, lay, in, tl, from, Math.min(lay.nRed, from + rowChunk));
                partials[u][c] = r.takeTilePartial();
                if (tree != null) {
                    tree.arrive(r, partials[u], u, c);
                }
            });
            for (int u = 0; u < units; u++) {
                Tile tl = tile(lay, bShape, bIn, bOut, sin, sout, width, tileMax, tilesPerBatch, u);
                make.get().endTileChunks(tree != null ? tree.left(partials[u]) : partials[u], out, tl.outBase, sout);
            }
            return;
        }
        long per = Math.max(1, TASK_WORK / (Math.min(width, tileMax) * lay.nRed));
        int tasks = tasks(units, per);
        long step = ceilDiv(units, tasks);
        runner.run(tasks, k -> {
            Reducer r = make.get();
            for (long u = k * step, end = Math.min(units, u + step); u < end; u++) {
                Tile tl = tile(lay, bShape, bIn, bOut, sin, sout, width, tileMax, tilesPerBatch, u);
                r.beginTile(tl.n);
                feedRows(r, lay, in, tl, 0, lay.nRed);
                r.endTile(out, tl.outBase, sout);
            }
        });
    }

    /**
     * Merges the partials of full chunks (of a sequence, or of a tile's rows) pairwise in the
     * tasks themselves, as they finish, instead of all in the calling thread after the parallel
     * part (cache misses on partials another core wrote, for a 16M-value sum 20-45 us; merges of
     * 32 KB nodes for a 4096-wide column sum, 60-90 us): the blocks of chunks
     * {@code [a, a + 2^j)} with {@code a} a multiple of {@code 2^j} and {@code a + 2^j} at most
     * the number of full chunks are exactly the nodes that pushing the chunks' partials in order
     * into the binary counter forms, and each is merged (left before right, as the counter does)
     * by whichever of its two halves' tasks finishes second. What is left for the caller is the
     * counter's final state: the largest blocks, one per bit of the full chunk count, and the last
     * chunk if it is short. Shared by the tasks of one reduction; thread-safe.
     */
    private static final class ChunkTree {
        private final int chunks;
        private final int full;
        /** Arrivals per merge: a block's merge is keyed by the last chunk of its left half. */
        private final AtomicIntegerArray arrivals;

        ChunkTree(int units, int chunks, int full) {
            this.chunks = chunks;
            this.full = full;
            this.arrivals = new AtomicIntegerArray(units * chunks);
        }

        /**
         * Called by the task of chunk {@code c} of unit {@code u} once its partial is in
         * {@code partials[c]}: merges upwards while this task is the second to finish both halves
         * of a block; a merged block's partial replaces its left half's, its right half's slot
         * is cleared.
         */
        void arrive(Reducer r, Object[] partials, int u, int c) {
            if (c >= full) {
                return;
            }
            for (int j = 0; ; j++) {
                int half = 1 << j;
                int a = (c >> (j + 1)) << (j + 1); // the block of 2 * half chunks holding c
                if (a + 2 * half > full
                        || arrivals.getAndIncrement(u * chunks + a + half - 1) == 0) {
                    return; // no such block, or the other half is still running (its task merges)
                }
                partials[a] = r.mergePartials(partials[a], partials[a + half]);
                partials[a + half] = null;
            }
        }

        /** {@return what is left of a unit's partials once all its tasks are done, in order} */
        Object[] left(Object[] partials) {
            int n = 0;
            for (Object p : partials) {
                n += p != null ? 1 : 0;
            }
            Object[] left = new Object[n];
            for (int i = 0, k = 0; i < partials.length; i++) {
                if (partials[i] != null) {
                    left[k++] = partials[i];
                }
            }
            return left;
        }
    }

    /**
     * {@return the rows per chunk when the rows of a tile are split, or 0 for no split}: a
     * multiple of {@link Reducer#ROW_CHUNK} by a power of two, so that a split sum keeps its bits,
     * chosen from the row count alone (never from the thread count) for at most 64 chunks.
     */
    static long rowChunk(long rows) {
        long c = Reducer.ROW_CHUNK;
        if (rows < 2 * c) {
            return 0;
        }
        while (rows > 64 * c) {
            c *= 2;
        }
        return c;
    }

    /** One tile of an outer walk: its width, input base offset (at its first column) and output base. */
    private record Tile(int n, long inBase, long outBase) {
    }

    private static Tile tile(ReduceLayout lay, long[] bShape, long[] bIn, long[] bOut, long sin, long sout, long width,
            long tileMax, long tilesPerBatch, long u) {
        long b = u / tilesPerBatch;
        long c0 = (u % tilesPerBatch) * tileMax;
        int n = (int) Math.min(tileMax, width - c0);
        long inBase = new Cursor(bShape, bIn, lay.offset, b).offset + c0 * sin;
        long outBase = new Cursor(bShape, bOut, 0, b).offset + c0 * sout;
        return new Tile(n, inBase, outBase);
    }

    /** Feeds rows {@code [from, to)} of a tile, in runs along the last reduced axis. */
    private static void feedRows(Reducer r, ReduceLayout lay, MemorySegment in, Tile tl, long from, long to) {
        long sin = lay.keptIn[lay.tile];
        if (lay.redShape.length == 0) {
            r.row(in, tl.inBase, sin, tl.n, 0);
            return;
        }
        int d = lay.redShape.length - 1;
        Cursor rows = new Cursor(lay.redShape, lay.redIn, tl.inBase, from);
        for (long i = from; i < to; ) {
            long count = Math.min(lay.redShape[d] - rows.idx[d], to - i);
            r.rows(in, rows.offset, lay.redIn[d], count, sin, tl.n, i);
            i += count;
            rows.advance(count);
        }
    }

    private static int tasks(long units, long per) {
        return (int) Math.min(ceilDiv(units, per), 1 << 16);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** An odometer over a shape: the element offset of the current multi-index. */
    public static final class Cursor {
        final long[] shape;
        final long[] strides;
        final long[] idx;
        public long offset;

        /** Positions the cursor at linear (C-order) position {@code start}, with base offset {@code base}. */
        public Cursor(long[] shape, long[] strides, long base, long start) {
            this.shape = shape;
            this.strides = strides;
            this.idx = new long[shape.length];
            long off = base;
            for (int i = shape.length - 1; i >= 0; i--) {
                idx[i] = start % shape[i];
                start /= shape[i];
                off += idx[i] * strides[i];
            }
            this.offset = off;
        }

        /** Moves {@code n} positions forward along the last axis (at most to its end), carrying. */
        public void advance(long n) {
            int d = shape.length - 1;
            if (d < 0) {
                return;
            }
            idx[d] += n;
            offset += n * strides[d];
            while (d > 0 && idx[d] >= shape[d]) {
                offset -= idx[d] * strides[d];
                idx[d] = 0;
                d--;
                idx[d]++;
                offset += strides[d];
            }
        }
    }
}
