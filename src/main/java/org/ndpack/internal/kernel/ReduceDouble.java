package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.MAX;
import static org.ndpack.internal.kernel.ReduceKernels.MIN;
import static org.ndpack.internal.kernel.ReduceKernels.ROW_GROUP;
import static org.ndpack.internal.kernel.ReduceKernels.ROW_LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.SUM;
import static org.ndpack.internal.kernel.ReduceKernels.W;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * Floating reductions (sum, product, min, max, and the sums behind mean, var, std) in the order
 * that {@link ReduceKernels} defines: sums of float32, float16, bfloat16 and complex64 values in
 * float32 within a leaf (<em>narrow</em> lanes) and in double across leaves; everything else in
 * double throughout. Complex inputs are summed as (real, imaginary) value pairs. The result is
 * divided by {@code divisor} (mean, var) when that is not 1, optionally square-rooted (std),
 * then rounded once to the output dtype.
 *
 * <p>With the Vector API (once it has taken over from the portable loops, see
 * {@link ReduceKernels#WARMUP}), sums of contiguous float32, float64, complex64 and complex128
 * runs, and minima and maxima of contiguous float32 and float64 runs, read the memory directly;
 * everything else is loaded through {@link ReduceBuffers}. Both give the same bits. Confined to
 * one task, except {@link #mergePartials}, which any task may call on partials handed over to it.
 */
public final class ReduceDouble extends Reducer {
    private static final int TILE_VALUES = 4096;
    /** Load buffer: several leaves, or one row of a tile. */
    private static final int BUF = Math.max(4 * LEAF, TILE_VALUES);

    private final DType in;
    private final DType out;
    private final int op;
    private final double divisor;
    private final boolean sqrt;
    /** Values per element: 2 for complex. */
    private final int v;
    /** Lanes accumulate in float32 within a leaf. */
    private final boolean narrow;
    /** Contiguous runs are read directly with the Vector API, once it has taken over
     * ({@link ReduceKernels#vector(long)}). */
    private final boolean direct;
    /** Whether minima or maxima of contiguous runs read their leaves straight from memory (Vector API). */
    private final boolean directExtremes;
    private final int realBytes;
    /** Load buffers, allocated on first use (the direct Vector API path needs none). */
    private double[] buf;
    private float[] fbuf;
    /**
     * Scratch of the portable leaf loops, as long as the load buffer (see {@link LeafF32}): one
     * per thread, not per reducer (a 16M-value sum makes 256 reducers), which is safe because
     * its content never outlives one call of the leaf loops and they call nothing else.
     */
    private static final ThreadLocal<float[]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[BUF]);
    private static final ThreadLocal<double[]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[BUF]);
    /**
     * A thread's counter for tiles ({@link #tileStack}), reused by the tasks it runs one after
     * another: a row-chunk task of a 4096-wide tile needs four nodes of 32 KB, which were
     * allocated (and zeroed) anew for every task, 16 times per 4096 x 4096 column sum. Safe
     * because a counter is in use only between a task's {@link #beginTile} and its
     * {@link #endTile} or {@link #takeTilePartial} (which hands over a compact copy), and a
     * thread runs its tasks one at a time.
     */
    private static final ThreadLocal<ReduceKernels.Stack[]> TILE_STACK =
            ThreadLocal.withInitial(() -> new ReduceKernels.Stack[1]);
    private double[] scratch;
    private float[] fscratch;
    private double[] lanes = new double[W];
    private int fill;
    /** Values of the current sequence already pushed as leaves (a multiple of LEAF). */
    private long done;
    private ReduceKernels.Stack stack = new ReduceKernels.Stack(W);
    private ReduceKernels.Stack tile;
    private float[] fleaf;
    private float[] fgroup;
    private double[] dleaf;
    private double[] dgroup;
    private int rowsInLeaf;
    private int rowsInGroup;
    private int groupsInLeaf;

    /**
     * @param in the input dtype (any real or complex dtype; complex only with {@code SUM})
     * @param out the output dtype (floating, or complex for a complex input)
     * @param op one of {@link ReduceKernels#SUM}, {@code PROD}, {@code MIN}, {@code MAX}
     * @param divisor what the result is divided by (1 for none)
     * @param sqrt whether the square root of the (divided) result is written
     */
    public ReduceDouble(DType in, DType out, int op, double divisor, boolean sqrt) {
        this(in, out, op, divisor, sqrt, false);
    }

    /**
     * @param in the input dtype (any real or complex dtype; complex only with {@code SUM})
     * @param out the output dtype (floating, or complex for a complex input)
     * @param op one of {@link ReduceKernels#SUM}, {@code PROD}, {@code MIN}, {@code MAX}
     * @param divisor what the result is divided by (1 for none)
     * @param sqrt whether the square root of the (divided) result is written
     * @param wide whether to add in double even where the lanes would be float32 (for the mean
     *        that var subtracts: an inexact mean would make the variance of equal values non-zero)
     */
    public ReduceDouble(DType in, DType out, int op, double divisor, boolean sqrt, boolean wide) {
        this.in = in;
        this.out = out;
        this.op = op;
        this.divisor = divisor;
        this.sqrt = sqrt;
        this.v = in.isComplex() ? 2 : 1;
        this.realBytes = in.byteSize() / v;
        this.narrow = !wide && op == SUM && (in == DType.FLOAT32 || in == DType.FLOAT16 || in == DType.BFLOAT16
                || in == DType.COMPLEX64);
        // the direct kernels read float32 into float32 lanes and float64 into double lanes
        this.direct = ReduceKernels.VECTOR && op == SUM && (narrow
                ? in == DType.FLOAT32 || in == DType.COMPLEX64
                : in == DType.FLOAT64 || in == DType.COMPLEX128);
        this.directExtremes = ReduceKernels.VECTOR && (op == MIN || op == MAX)
                && (in == DType.FLOAT32 || in == DType.FLOAT64);
    }

    @Override
    public void begin(long start) {
        fill = 0;
        done = 0;
        stack.clear();
    }

    @Override
    public void run(MemorySegment s, long off, long st, long n) {
        // sums, minima and maxima count towards the Vector API's warm-up (products never use it)
        boolean contiguous = op == SUM && ReduceKernels.vector(n * v) && direct && st == 1;
        // minima and maxima of contiguous float32 or float64 take their leaves straight from
        // memory too (the same values per lane as the buffered leaves: a minimum is exact)
        boolean extremes = directExtremes && st == 1 && ReduceKernels.vector(n);
        // the portable loops read four leaves at a multiple of four straight from memory too
        boolean quads = !contiguous && op == SUM && st == 1 && (narrow
                ? in == DType.FLOAT32 || in == DType.COMPLEX64 : in == DType.FLOAT64 || in == DType.COMPLEX128);
        while (n > 0) {
            if (quads && fill == 0 && (done & (4 * LEAF - 1)) == 0 && n * v >= 4 * LEAF) {
                long q = n * v / (4 * LEAF);
                if (narrow) {
                    LeafF32.quads(s, off * in.byteSize(), q, HeapRuns.get().floatLeaves(), stack, op);
                } else {
                    LeafF64.quads(s, off * in.byteSize(), q, HeapRuns.get().doubleLeaves(), stack, op);
                }
                done += q * 4 * LEAF;
                off += q * 4 * LEAF / v;
                n -= q * 4 * LEAF / v;
                continue;
            }
            if (contiguous && fill == 0 && n * v >= LEAF) {
                long leaves = n * v / LEAF;
                directLeaves(s, off * in.byteSize(), leaves);
                long used = leaves * LEAF / v;
                off += used;
                n -= used;
                continue;
            }
            if (extremes && fill == 0 && n >= LEAF) {
                long leaves = n / LEAF;
                extremeLeaves(s, off * realBytes, leaves);
                off += leaves * LEAF;
                n -= leaves * LEAF;
                continue;
            }
            if (extremes && fill == 0 && n >= W) {
                // the rest of the run, under a leaf: a node of its own. A minimum or maximum
                // does not depend on how its values are grouped (but for which NaN comes out
                // where several meet), so a short leaf here gives the value a full one would.
                tailLeaf(s, off, (int) n);
                off += n;
                n = 0;
                continue;
            }
            int room = contiguous || extremes ? LEAF - fill : BUF - fill;
            int m = (int) Math.min(n, room / v);
            buffers();
            if (narrow) {
                ReduceBuffers.loadF(s, in, off, st, m, fbuf, fill, 1);
            } else {
                ReduceBuffers.loadD(s, in, off, st, m, buf, fill, 1);
            }
            fill += m * v;
            off += m * st;
            n -= m;
            flushLeaves();
        }
    }

    private void buffers() {
        if (narrow && fbuf == null) {
            fbuf = new float[BUF];
        } else if (!narrow && buf == null) {
            buf = new double[BUF];
        }
    }

    /** Takes this thread's scratch for the portable leaf loops (rows never need it). */
    private void scratch() {
        if (narrow) {
            fscratch = FLOAT_SCRATCH.get();
        } else {
            scratch = DOUBLE_SCRATCH.get();
        }
    }

    /** Pushes {@code leaves} full leaves read straight from memory at byte offset {@code at}. */
    private void directLeaves(MemorySegment s, long at, long leaves) {
        for (long l = 0; l < leaves; ) {
            int slot = stack.slot();
            if (realBytes == 4 && (done & (4 * LEAF - 1)) == 0 && leaves - l >= 4) {
                // four leaves at a multiple of four: the counter would merge them into one
                // level-2 node with nothing below it, so build that node directly
                ReduceVector.quadF32(s, at, stack.nodes(), slot);
                stack.push(2, op);
                l += 4;
                at += 4L * LEAF * realBytes;
                done += 4 * LEAF;
                continue;
            }
            if (realBytes == 4) {
                ReduceVector.leafF32(s, at, stack.nodes(), slot);
            } else {
                ReduceVector.leafF64(s, at, stack.nodes(), slot);
            }
            stack.push(0, op);
            l++;
            at += (long) LEAF * realBytes;
            done += LEAF;
        }
    }

    /**
     * Pushes one leaf node of the minima or maxima of the {@code n} ({@code W <= n < LEAF})
     * contiguous values from element {@code off}: lane {@code j} of elements {@code j},
     * {@code j + W}, ..., the whole vectors read straight from memory and the last
     * {@code n % W} values folded into their lanes after.
     */
    private void tailLeaf(MemorySegment s, long off, int n) {
        boolean min = op == MIN;
        int slot = stack.slot();
        double[] nodes = stack.nodes();
        int whole = n - n % W;
        long at = off * realBytes;
        if (realBytes == 4) {
            ReduceVector.extremeF32(s, at, whole, min, nodes, slot);
        } else {
            ReduceVector.extremeF64(s, at, whole, min, nodes, slot);
        }
        for (int i = whole; i < n; i++) {
            double x = realBytes == 4 ? s.get(Elements.F32, at + 4L * i) : s.get(Elements.F64, at + 8L * i);
            int lane = slot + i % W;
            nodes[lane] = min ? Math.min(nodes[lane], x) : Math.max(nodes[lane], x);
        }
        stack.push(0, op);
        done += n;
    }

    /**
     * Pushes {@code leaves} full leaves of minima or maxima read straight from memory at byte
     * offset {@code at} (float32 or float64).
     */
    private void extremeLeaves(MemorySegment s, long at, long leaves) {
        boolean min = op == MIN;
        for (long l = 0; l < leaves; l++) {
            int slot = stack.slot();
            if (realBytes == 4) {
                ReduceVector.extremeF32(s, at, min, stack.nodes(), slot);
            } else {
                ReduceVector.extremeF64(s, at, min, stack.nodes(), slot);
            }
            stack.push(0, op);
            at += (long) LEAF * realBytes;
            done += LEAF;
        }
    }

    /** Pushes the full leaves of the buffer and moves the rest to its front. */
    private void flushLeaves() {
        scratch();
        int k = 0;
        while (fill - k >= LEAF) {
            if (op == SUM && fill - k >= 4 * LEAF && (done & (4 * LEAF - 1)) == 0 && !ReduceKernels.vector()) {
                // four leaves at a multiple of four: the counter would merge them into one
                // level-2 node with nothing below it, so build that node directly
                int slot = stack.slot();
                if (narrow) {
                    LeafF32.quad(fbuf, k, fscratch, stack.nodes(), slot);
                } else {
                    LeafF64.quad(buf, k, scratch, stack.nodes(), slot);
                }
                stack.push(2, op);
                k += 4 * LEAF;
                done += 4 * LEAF;
                continue;
            }
            leaf(k, LEAF);
            k += LEAF;
            done += LEAF;
        }
        if (k > 0) {
            if (narrow) {
                System.arraycopy(fbuf, k, fbuf, 0, fill - k);
            } else {
                System.arraycopy(buf, k, buf, 0, fill - k);
            }
            fill -= k;
        }
    }

    /** Pushes the leaf of {@code n} buffered values from {@code k}. */
    private void leaf(int k, int n) {
        int slot = stack.slot();
        double[] nodes = stack.nodes();
        boolean vector = n == LEAF && ReduceKernels.vector();
        if (narrow) {
            if (vector) {
                ReduceVector.leafFloats(fbuf, k, nodes, slot);
            } else {
                ReduceKernels.leafNarrow(fbuf, k, n, fscratch, nodes, slot);
            }
        } else if (vector && op == SUM) {
            ReduceVector.leafArray(buf, k, nodes, slot);
        } else {
            ReduceKernels.leaf(buf, k, n, op, scratch, nodes, slot);
        }
        stack.push(0, op);
    }

    private void flushPartialLeaf() {
        if (fill > 0) {
            scratch();
            leaf(0, fill);
            fill = 0;
        }
    }

    @Override
    public void end(MemorySegment o, long outOff) {
        flushPartialLeaf();
        stack.finish(op, lanes, 0);
        write(o, outOff);
    }

    private void write(MemorySegment o, long outOff) {
        ReduceKernels.fold(lanes, 0, op, v);
        finishValues(lanes, v);
        ReduceBuffers.storeD(lanes, 0, 1, o, out, outOff, 1);
    }

    private void finishValues(double[] x, int n) {
        if (divisor != 1) {
            for (int i = 0; i < n; i++) {
                x[i] /= divisor;
            }
        }
        if (sqrt) {
            for (int i = 0; i < n; i++) {
                x[i] = Math.sqrt(x[i]);
            }
        }
    }

    @Override
    public Object takePartial() {
        flushPartialLeaf();
        ReduceKernels.Stack p = stack.compact();
        stack.clear();
        return p;
    }

    @Override
    public void endChunks(Object[] partials, MemorySegment o, long outOff) {
        if (partials.length == 1) { // one block left (its tasks merged the rest): it is ours now
            ((ReduceKernels.Stack) partials[0]).finish(op, lanes, 0);
            write(o, outOff);
            return;
        }
        ReduceKernels.Stack all = new ReduceKernels.Stack(W);
        for (Object p : partials) {
            all.pushAll((ReduceKernels.Stack) p, op);
        }
        all.finish(op, lanes, 0);
        write(o, outOff);
    }

    @Override
    public int maxTile() {
        return TILE_VALUES / v;
    }

    @Override
    public void beginTile(int n) {
        int width = n * v;
        if (tile == null || tile.width() != width) {
            tile = tileStack(width);
        }
        if (fleaf != null && fleaf.length != width || dleaf != null && dleaf.length != width) {
            fleaf = null;
            fgroup = null;
            dleaf = null;
            dgroup = null;
        }
        tile.clear();
        rowsInLeaf = 0;
        rowsInGroup = 0;
        groupsInLeaf = 0;
    }

    /** {@return this thread's counter for tiles of {@code width} lanes, emptied} (see {@link #TILE_STACK}) */
    private static ReduceKernels.Stack tileStack(int width) {
        ReduceKernels.Stack[] held = TILE_STACK.get();
        ReduceKernels.Stack t = held[0];
        if (t == null || t.width() != width) {
            t = new ReduceKernels.Stack(width);
            held[0] = t;
        }
        t.clear();
        return t;
    }

    @Override
    public void row(MemorySegment s, long off, long st, int n, long index) {
        int width = n * v;
        buffers();
        leafBuffers();
        if (narrow) {
            ReduceBuffers.loadF(s, in, off, st, n, fbuf, 0, 1);
            if (rowsInGroup == 0) {
                System.arraycopy(fbuf, 0, fgroup, 0, width);
            } else {
                ReduceKernels.addFloats(fgroup, 0, fbuf, 0, width);
            }
        } else {
            ReduceBuffers.loadD(s, in, off, st, n, buf, 0, 1);
            if (rowsInGroup == 0) {
                System.arraycopy(buf, 0, dgroup, 0, width);
            } else {
                ReduceKernels.combine(dgroup, 0, buf, 0, width, op);
            }
        }
        rowsInLeaf++;
        if (++rowsInGroup == ROW_GROUP || rowsInLeaf == ROW_LEAF) {
            flushGroup();
        }
        if (rowsInLeaf == ROW_LEAF) {
            endRowLeaf();
        }
    }

    @Override
    public void rows(MemorySegment s, long off, long rowStride, long count, long st, int n, long index) {
        int width = n * v;
        long bytes = in.byteSize();
        boolean fromMemory = op == SUM && ReduceKernels.vector(count * width) && direct && st == 1;
        // minima and maxima of float32 or float64 rows: groups straight from memory, the same
        // operations in the same order as row() four times
        boolean extremesFromMemory = directExtremes && st == 1 && ReduceKernels.vector(count * width);
        while (count > 0) {
            if (fromMemory && narrow && rowsInLeaf == 0 && count >= ROW_LEAF) {
                // a whole row leaf straight from memory into the counter: the same additions as
                // the groups below, each block of columns held in a register across the leaf
                int pending = tile.pendingLeaf();
                if (pending >= 0) { // merges at once: add it into that node instead of beside it
                    ReduceVector.leafRowsF32(s, off * bytes, rowStride * bytes, width, tile.nodes(), pending, true);
                    tile.mergedLeaf(op);
                } else {
                    int slot = tile.slot();
                    ReduceVector.leafRowsF32(s, off * bytes, rowStride * bytes, width, tile.nodes(), slot, false);
                    tile.push(0, op);
                }
                off += ROW_LEAF * rowStride;
                count -= ROW_LEAF;
                index += ROW_LEAF;
            } else if (fromMemory && rowsInGroup == 0 && count >= ROW_GROUP) {
                // a whole group straight from memory: the same additions as row() four times
                startLeaf();
                if (narrow) {
                    ReduceVector.groupF32(s, off * bytes, rowStride * bytes, width, fleaf);
                } else {
                    ReduceVector.groupF64(s, off * bytes, rowStride * bytes, width, dleaf);
                }
                groupsInLeaf++;
                rowsInLeaf += ROW_GROUP;
                if (rowsInLeaf == ROW_LEAF) {
                    endRowLeaf();
                }
                off += ROW_GROUP * rowStride;
                count -= ROW_GROUP;
                index += ROW_GROUP;
            } else if (extremesFromMemory && rowsInGroup == 0 && count >= ROW_GROUP) {
                startLeaf();
                if (in == DType.FLOAT32) {
                    ReduceVector.groupExtremeF32(s, off * bytes, rowStride * bytes, width, dleaf, op == MIN);
                } else {
                    ReduceVector.groupExtremeF64(s, off * bytes, rowStride * bytes, width, dleaf, op == MIN);
                }
                groupsInLeaf++;
                rowsInLeaf += ROW_GROUP;
                if (rowsInLeaf == ROW_LEAF) {
                    endRowLeaf();
                }
                off += ROW_GROUP * rowStride;
                count -= ROW_GROUP;
                index += ROW_GROUP;
            } else {
                row(s, off, st, n, index);
                off += rowStride;
                count--;
                index++;
            }
        }
    }

    /** Allocates the running values of a row leaf and of a group on first use: a tile fed whole
     * row leaves straight from memory never needs them. */
    private void leafBuffers() {
        int width = tile.width();
        if (narrow && fleaf == null) {
            fleaf = new float[width];
            fgroup = new float[width];
        } else if (!narrow && dleaf == null) {
            dleaf = new double[width];
            dgroup = new double[width];
        }
    }

    /** Sets the leaf's running values to the identity when the leaf has no group yet. */
    private void startLeaf() {
        leafBuffers();
        if (groupsInLeaf == 0) {
            if (narrow) {
                Arrays.fill(fleaf, 0f);
            } else {
                Arrays.fill(dleaf, ReduceKernels.identity(op));
            }
        }
    }

    /** Adds the group of rows being accumulated to the leaf's running values. */
    private void flushGroup() {
        if (rowsInGroup == 0) {
            return;
        }
        startLeaf();
        if (narrow) {
            ReduceKernels.addFloats(fleaf, 0, fgroup, 0, fleaf.length);
        } else {
            ReduceKernels.combine(dleaf, 0, dgroup, 0, dleaf.length, op);
        }
        groupsInLeaf++;
        rowsInGroup = 0;
    }

    /** Pushes the row leaf (widened from float32 when narrow) onto the tile's counter. */
    private void endRowLeaf() {
        flushGroup();
        int slot = tile.slot();
        double[] nodes = tile.nodes();
        if (narrow) {
            for (int j = 0; j < fleaf.length; j++) {
                nodes[slot + j] = fleaf[j];
            }
        } else {
            System.arraycopy(dleaf, 0, nodes, slot, dleaf.length);
        }
        tile.push(0, op);
        rowsInLeaf = 0;
        groupsInLeaf = 0;
    }

    @Override
    public void endTile(MemorySegment o, long outOff, long outStride) {
        if (rowsInLeaf > 0) {
            endRowLeaf();
        }
        writeTile(tile, o, outOff, outStride);
    }

    private void writeTile(ReduceKernels.Stack t, MemorySegment o, long outOff, long outStride) {
        int width = t.width();
        if (lanes.length < width) {
            lanes = new double[width];
        }
        t.finish(op, lanes, 0);
        finishValues(lanes, width);
        ReduceBuffers.storeD(lanes, 0, width / v, o, out, outOff, outStride);
    }

    @Override
    public Object takeTilePartial() {
        if (rowsInLeaf > 0) {
            endRowLeaf();
        }
        // a copy of just the nodes in use (one for a chunk of ROW_CHUNK rows), so that the
        // thread's counter is free for its next task
        ReduceKernels.Stack p = tile.compact();
        tile.clear();
        tile = null;
        return p;
    }

    @Override
    public boolean mergesPartials() {
        return true;
    }

    @Override
    public Object mergePartials(Object left, Object right) {
        ReduceKernels.Stack l = (ReduceKernels.Stack) left;
        l.merge((ReduceKernels.Stack) right, op);
        return l;
    }

    @Override
    public void endTileChunks(Object[] partials, MemorySegment o, long outOff, long outStride) {
        if (partials.length == 1) { // one block left (its tasks merged the rest): it is ours now
            writeTile((ReduceKernels.Stack) partials[0], o, outOff, outStride);
            return;
        }
        // the chunks' nodes pushed in order into this thread's counter (all tasks are done, so
        // no reducer of this thread holds it)
        ReduceKernels.Stack all = tileStack(((ReduceKernels.Stack) partials[0]).width());
        for (Object p : partials) {
            all.pushAll((ReduceKernels.Stack) p, op);
        }
        writeTile(all, o, outOff, outStride);
    }
}
