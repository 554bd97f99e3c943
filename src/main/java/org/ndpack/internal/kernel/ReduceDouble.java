package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.ROW_LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.SUM;
import static org.ndpack.internal.kernel.ReduceKernels.W;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;

/**
 * Floating reductions (sum, product, min, max, and sum-based mean, var, std) accumulated in
 * {@code double} in the order that {@link ReduceKernels} defines; complex inputs are summed as
 * (real, imaginary) value pairs. The result is divided by {@code divisor} (mean, var) when it is
 * not 1, optionally square-rooted (std), then rounded once to the output dtype.
 *
 * <p>Sums of contiguous float32, float64, complex64 and complex128 runs read the memory directly
 * with the Vector API when it is enabled; everything else goes through {@link ReduceBuffers}.
 * Confined to one task.
 */
public final class ReduceDouble extends Reducer {
    private static final int BUF = 4 * LEAF;
    private static final int TILE_VALUES = 512;

    private final DType in;
    private final DType out;
    private final int op;
    private final double divisor;
    private final boolean sqrt;
    private final int v;
    private final boolean direct;
    private final int realBytes;
    private final double[] buf = new double[BUF];
    private final double[] lanes = new double[TILE_VALUES];
    private int fill;
    private ReduceKernels.Stack stack = new ReduceKernels.Stack(W);
    private ReduceKernels.Stack tile;
    private int tileSlot;
    private int rowsInLeaf;

    /**
     * @param in the input dtype (any real or complex dtype; complex only with {@code SUM})
     * @param out the output dtype (floating, or complex for a complex input)
     * @param op one of {@link ReduceKernels#SUM}, {@code PROD}, {@code MIN}, {@code MAX}
     * @param divisor what the result is divided by (1 for none)
     * @param sqrt whether the square root of the (divided) result is written
     */
    public ReduceDouble(DType in, DType out, int op, double divisor, boolean sqrt) {
        this.in = in;
        this.out = out;
        this.op = op;
        this.divisor = divisor;
        this.sqrt = sqrt;
        this.v = in.isComplex() ? 2 : 1;
        this.realBytes = in.byteSize() / v;
        this.direct = ReduceKernels.VECTOR && op == SUM
                && (in == DType.FLOAT32 || in == DType.FLOAT64 || in.isComplex());
    }

    @Override
    public void begin(long start) {
        fill = 0;
        stack.clear();
    }

    @Override
    public void run(MemorySegment s, long off, long st, long n) {
        boolean contiguous = direct && st == 1;
        while (n > 0) {
            if (contiguous && fill == 0 && n * v >= LEAF) {
                long leaves = n * v / LEAF;
                long at = off * in.byteSize();
                for (long l = 0; l < leaves; l++, at += (long) LEAF * realBytes) {
                    int slot = stack.slot();
                    if (realBytes == 4) {
                        ReduceVector.leafF32(s, at, stack.nodes(), slot);
                    } else {
                        ReduceVector.leafF64(s, at, stack.nodes(), slot);
                    }
                    stack.push(0, op);
                }
                long used = leaves * LEAF / v;
                off += used;
                n -= used;
                continue;
            }
            int room = contiguous ? LEAF - fill : BUF - fill;
            int m = (int) Math.min(n, room / v);
            ReduceBuffers.loadD(s, in, off, st, m, buf, fill, 1);
            fill += m * v;
            off += m * st;
            n -= m;
            flushLeaves();
        }
    }

    private void flushLeaves() {
        int k = 0;
        for (; fill - k >= LEAF; k += LEAF) {
            int slot = stack.slot();
            if (ReduceKernels.VECTOR && op == SUM) {
                ReduceVector.leafArray(buf, k, stack.nodes(), slot);
            } else {
                ReduceKernels.leaf(buf, k, LEAF, op, stack.nodes(), slot);
            }
            stack.push(0, op);
        }
        if (k > 0) {
            System.arraycopy(buf, k, buf, 0, fill - k);
            fill -= k;
        }
    }

    private void flushPartialLeaf() {
        if (fill > 0) {
            int slot = stack.slot();
            ReduceKernels.leaf(buf, 0, fill, op, stack.nodes(), slot);
            stack.push(0, op);
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
        ReduceKernels.Stack p = stack;
        stack = new ReduceKernels.Stack(W);
        return p;
    }

    @Override
    public void endChunks(Object[] partials, MemorySegment o, long outOff) {
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
            tile = new ReduceKernels.Stack(width);
        }
        tile.clear();
        rowsInLeaf = 0;
    }

    @Override
    public void row(MemorySegment s, long off, long st, int n, long index) {
        int width = n * v;
        if (rowsInLeaf == 0) {
            tileSlot = tile.slot();
            Arrays.fill(tile.nodes(), tileSlot, tileSlot + width, ReduceKernels.identity(op));
        }
        double[] acc = tile.nodes();
        if (direct && st == 1) {
            if (realBytes == 4) {
                ReduceVector.rowF32(s, off * in.byteSize(), width, acc, tileSlot);
            } else {
                ReduceVector.rowF64(s, off * in.byteSize(), width, acc, tileSlot);
            }
        } else {
            ReduceBuffers.loadD(s, in, off, st, n, buf, 0, 1);
            ReduceKernels.combine(acc, tileSlot, buf, 0, width, op);
        }
        if (++rowsInLeaf == ROW_LEAF) {
            tile.push(0, op);
            rowsInLeaf = 0;
        }
    }

    @Override
    public void endTile(MemorySegment o, long outOff, long outStride) {
        if (rowsInLeaf > 0) {
            tile.push(0, op);
            rowsInLeaf = 0;
        }
        int width = tile.width();
        tile.finish(op, lanes, 0);
        finishValues(lanes, width);
        ReduceBuffers.storeD(lanes, 0, width / v, o, out, outOff, outStride);
    }
}
