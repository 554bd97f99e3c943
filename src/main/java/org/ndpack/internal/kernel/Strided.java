package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

import org.ndpack.internal.kernel.Parallel;

/**
 * The N-d walk around the kernels: calls a {@link Kernel2} (or {@link Kernel1}) once per
 * innermost run of a layout shared by up to three operands (two inputs, one output; strides in
 * bytes, already broadcast to the common shape, 0 on stretched axes).
 *
 * <ul>
 *   <li>Axes of extent 1 are dropped and axes contiguous for every operand are merged, so a
 *       C-contiguous operation is one run.</li>
 *   <li>When one operand walks the last two axes in the opposite order to the others (a
 *       transposed operand), those two axes are visited in tiles of {@link #TILE_ROWS} by
 *       {@link #TILE_COLS} elements, so each cache line of the strided operand is loaded once and
 *       used for all the rows of the tile while it is in cache.</li>
 *   <li>Work of at least {@link Parallel#THRESHOLD} elements is cut into fixed chunks (of
 *       {@link #RUN_CHUNK} elements for one run, {@link #HEAVY_CHUNK} for a costly operation,
 *       about {@link #CHUNK} for a walk over more axes) and run by {@link Parallel#forChunks};
 *       element-wise results do not depend on the split.</li>
 * </ul>
 * Stateless and thread-safe; callers hold the operands' leases and guarantee that the output
 * does not overlap an input except element for element.
 */
public final class Strided {
    /** Elements per parallel chunk of a walk over two or more axes. */
    public static final long CHUNK = 1 << 16;
    /**
     * Elements per parallel chunk of a one-run layout (operands that merge into one contiguous or
     * evenly strided run) of a cheap operation: half of {@link Parallel#THRESHOLD}, so that a run
     * of 64K elements, the smallest that is split at all, is shared by both threads instead of
     * forming one chunk that the calling thread runs alone. The 64K float32 addition with its
     * result allocated took 4.2-5.9 instead of 7.6-7.8 us with the Vector API and 7.3-9.1 instead
     * of 13-14 us without it (one JVM each, this project's two-vCPU host; see docs/PERFORMANCE.md).
     * A multiple of every vector length, so where a vector loop's tail falls does not move.
     */
    public static final long RUN_CHUNK = 1 << 15;
    /**
     * Elements per parallel chunk of a costly operation (transcendental functions, powers,
     * integer division of arrays: 0.5-2 ns an element where an addition takes 0.05), so that work
     * from {@link Parallel#THRESHOLD} elements up is shared by both threads; a multiple of every
     * vector length, so where a vector loop's tail falls does not move. Only layouts that merge
     * into one run take it; a walk over two or more axes keeps units of about {@link #CHUNK}.
     */
    public static final long HEAVY_CHUNK = 1 << 13;
    /** Rows of a cache tile (along the axis the transposed operand walks contiguously). */
    static final int TILE_ROWS = Integer.getInteger("ndpack.tileRows", 16);
    /** Columns of a cache tile: the length of each inner run. */
    static final int TILE_COLS = Integer.getInteger("ndpack.tileCols", 256);

    private Strided() {
    }

    /**
     * Receives one innermost run: {@code n} elements starting at the given offsets of up to three
     * operands and stepping by the given strides (in the units the caller gave them: bytes for the
     * kernels, elements for {@link #forEach}).
     */
    @FunctionalInterface
    public interface Run {
        /** Processes one run. */
        void run(long n, long o0, long s0, long o1, long s1, long o2, long s2);
    }

    /**
     * Runs a two-operand kernel over {@code shape}.
     *
     * @param k the kernel
     * @param shape the common shape
     * @param a first input segment, {@code ao} its byte offset, {@code as} its byte strides
     * @param b second input
     * @param o output
     */
    public static void run2(Kernel2 k, long[] shape, MemorySegment a, long ao, long[] as,
            MemorySegment b, long bo, long[] bs, MemorySegment o, long oo, long[] os) {
        run2(k, shape, a, ao, as, b, bo, bs, o, oo, os, RUN_CHUNK);
    }

    /** {@link #run2} with {@code chunk} elements per parallel chunk of a one-run layout ({@link #HEAVY_CHUNK}). */
    public static void run2(Kernel2 k, long[] shape, MemorySegment a, long ao, long[] as,
            MemorySegment b, long bo, long[] bs, MemorySegment o, long oo, long[] os, long chunk) {
        walk(shape, ao, as, bo, bs, oo, os,
                (n, xo, xs, yo, ys, zo, zs) -> k.run(n, a, xo, xs, b, yo, ys, o, zo, zs), chunk);
    }

    /** Runs a one-operand kernel over {@code shape}; see {@link #run2}. */
    public static void run1(Kernel1 k, long[] shape, MemorySegment a, long ao, long[] as,
            MemorySegment o, long oo, long[] os) {
        run1(k, shape, a, ao, as, o, oo, os, RUN_CHUNK);
    }

    /** {@link #run1} with {@code chunk} elements per parallel chunk of a one-run layout ({@link #HEAVY_CHUNK}). */
    public static void run1(Kernel1 k, long[] shape, MemorySegment a, long ao, long[] as,
            MemorySegment o, long oo, long[] os, long chunk) {
        long[] zero = new long[shape.length];
        walk(shape, ao, as, 0, zero, oo, os, (n, xo, xs, yo, ys, zo, zs) -> k.run(n, a, xo, xs, o, zo, zs), chunk);
    }

    /**
     * Runs a contiguous two-operand kernel call over {@code n} elements, in parallel chunks when
     * large: the fast path of same-shape contiguous operands.
     */
    public static void contiguous2(Kernel2 k, long n, MemorySegment a, long ao, long aw,
            MemorySegment b, long bo, long bw, MemorySegment o, long oo, long ow) {
        contiguous2(k, n, a, ao, aw, b, bo, bw, o, oo, ow, RUN_CHUNK);
    }

    /** {@link #contiguous2} with {@code chunk} elements per parallel chunk ({@link #HEAVY_CHUNK}). */
    public static void contiguous2(Kernel2 k, long n, MemorySegment a, long ao, long aw,
            MemorySegment b, long bo, long bw, MemorySegment o, long oo, long ow, long chunk) {
        if (n < Parallel.THRESHOLD) {
            k.run(n, a, ao, aw, b, bo, bw, o, oo, ow);
            return;
        }
        Parallel.forChunks(n, chunk, (c, from, to) ->
                k.run(to - from, a, ao + from * aw, aw, b, bo + from * bw, bw, o, oo + from * ow, ow));
    }

    private static void walk(long[] shape, long ao, long[] as, long bo, long[] bs, long oo, long[] os, Run body,
            long chunkOfOneRun) {
        int nd0 = shape.length;
        long total = 1;
        for (long e : shape) {
            total *= e;
        }
        if (total == 0) {
            return;
        }
        long[] sh = new long[nd0];
        long[][] ss = new long[3][nd0];
        int nd = merge(shape, as, bs, os, sh, ss);
        long[] sa = ss[0];
        long[] sb = ss[1];
        long[] so = ss[2];
        if (nd == 0) {
            body.run(1, ao, 0, bo, 0, oo, 0);
            return;
        }
        if (nd == 1) {
            long n = sh[0];
            long xs = sa[0];
            long ys = sb[0];
            long zs = so[0];
            if (n < Parallel.THRESHOLD) {
                body.run(n, ao, xs, bo, ys, oo, zs);
            } else {
                Parallel.forChunks(n, chunkOfOneRun, (c, from, to) ->
                        body.run(to - from, ao + from * xs, xs, bo + from * ys, ys, oo + from * zs, zs));
            }
            return;
        }
        int m = nd - 2;
        int d = nd - 1;
        boolean tiled = transposed(sa, m, d) || transposed(sb, m, d) || transposed(so, m, d);
        long rowsPerUnit = tiled ? TILE_ROWS : Math.max(1, Math.min(sh[m], CHUNK / sh[d]));
        long unitsPerOuter = (sh[m] + rowsPerUnit - 1) / rowsPerUnit;
        long outer = 1;
        for (int i = 0; i < m; i++) {
            outer *= sh[i];
        }
        long units = outer * unitsPerOuter;
        Parallel.ChunkBody chunk = (c, from, to) -> {
            for (long u = from; u < to; u++) {
                long q = u / unitsPerOuter;
                long r0 = (u % unitsPerOuter) * rowsPerUnit;
                long r1 = Math.min(sh[m], r0 + rowsPerUnit);
                long xo = ao;
                long yo = bo;
                long zo = oo;
                for (int i = m - 1; i >= 0; i--) {
                    long idx = q % sh[i];
                    q /= sh[i];
                    xo += idx * sa[i];
                    yo += idx * sb[i];
                    zo += idx * so[i];
                }
                if (tiled) {
                    for (long j0 = 0; j0 < sh[d]; j0 += TILE_COLS) {
                        long len = Math.min(TILE_COLS, sh[d] - j0);
                        for (long r = r0; r < r1; r++) {
                            body.run(len, xo + r * sa[m] + j0 * sa[d], sa[d], yo + r * sb[m] + j0 * sb[d], sb[d],
                                    zo + r * so[m] + j0 * so[d], so[d]);
                        }
                    }
                } else {
                    for (long r = r0; r < r1; r++) {
                        body.run(sh[d], xo + r * sa[m], sa[d], yo + r * sb[m], sb[d], zo + r * so[m], so[d]);
                    }
                }
            }
        };
        if (total < Parallel.THRESHOLD) {
            chunk.run(0, 0, units);
        } else {
            // Parallel counts elements (its threshold is in elements): chunks are whole units
            long unitElems = rowsPerUnit * sh[d];
            long perChunk = Math.max(1, CHUNK / unitElems) * unitElems;
            Parallel.forChunks(units * unitElems, perChunk,
                    (c, from, to) -> chunk.run(c, from / unitElems, to / unitElems));
        }
    }

    /**
     * Drops the axes of extent 1 and merges neighbouring axes that are contiguous for all three
     * operands, into {@code sh} and {@code ss} (one stride row per operand).
     *
     * @return the merged rank
     */
    private static int merge(long[] shape, long[] as, long[] bs, long[] os, long[] sh, long[][] ss) {
        int nd = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (nd > 0 && ss[0][nd - 1] == shape[i] * as[i] && ss[1][nd - 1] == shape[i] * bs[i]
                    && ss[2][nd - 1] == shape[i] * os[i]) {
                sh[nd - 1] *= shape[i];
                ss[0][nd - 1] = as[i];
                ss[1][nd - 1] = bs[i];
                ss[2][nd - 1] = os[i];
                continue;
            }
            sh[nd] = shape[i];
            ss[0][nd] = as[i];
            ss[1][nd] = bs[i];
            ss[2][nd] = os[i];
            nd++;
        }
        return nd;
    }

    /**
     * Calls {@code body} for every innermost run of up to three operands sharing {@code shape},
     * sequentially and in C order (as a stream writer needs): the generic, element-at-a-time
     * paths' walk. Axes contiguous for every operand are merged first, so a C-contiguous array is
     * one run.
     *
     * @param shape the common shape
     * @param st operand strides in elements (each {@code shape.length} long, or {@code null} for an
     *        absent operand)
     * @param off operand element offsets
     * @param body receives the runs, offsets and strides in elements
     */
    public static void forEach(long[] shape, long[][] st, long[] off, Run body) {
        int k = st.length;
        long[] zero = new long[shape.length];
        long[] as = k > 0 && st[0] != null ? st[0] : zero;
        long[] bs = k > 1 && st[1] != null ? st[1] : zero;
        long[] os = k > 2 && st[2] != null ? st[2] : zero;
        for (long e : shape) {
            if (e == 0) {
                return;
            }
        }
        long[] sh = new long[shape.length];
        long[][] ss = new long[3][shape.length];
        int m = merge(shape, as, bs, os, sh, ss);
        long o0 = k > 0 ? off[0] : 0;
        long o1 = k > 1 ? off[1] : 0;
        long o2 = k > 2 ? off[2] : 0;
        if (m == 0) {
            body.run(1, o0, 0, o1, 0, o2, 0);
            return;
        }
        int last = m - 1;
        long n = sh[last];
        long s0 = ss[0][last];
        long s1 = ss[1][last];
        long s2 = ss[2][last];
        long[] idx = new long[m];
        while (true) {
            body.run(n, o0, s0, o1, s1, o2, s2);
            int d = last - 1;
            while (d >= 0) {
                idx[d]++;
                o0 += ss[0][d];
                o1 += ss[1][d];
                o2 += ss[2][d];
                if (idx[d] < sh[d]) {
                    break;
                }
                o0 -= ss[0][d] * sh[d];
                o1 -= ss[1][d] * sh[d];
                o2 -= ss[2][d] * sh[d];
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** True if the operand steps through memory faster along axis m than along the inner axis d. */
    private static boolean transposed(long[] s, int m, int d) {
        long sm = Math.abs(s[m]);
        long sd = Math.abs(s[d]);
        return sm != 0 && sm < sd;
    }
}
