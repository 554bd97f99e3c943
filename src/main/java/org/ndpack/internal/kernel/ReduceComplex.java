package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;

/**
 * Complex product, minimum and maximum, element after element in sequence order (complex sums
 * go through {@link ReduceDouble}). The product multiplies the running value by each element,
 * {@code (a + bi)(c + di) = (ac - bd) + (ad + bc)i}, as NumPy does. Minimum and maximum order
 * complex numbers lexicographically (real part first), as NumPy does; the first element with a
 * NaN part is the result once met. Confined to one task.
 */
public final class ReduceComplex extends Reducer {
    private static final int BUF = 1024;

    private final DType dtype;
    private final int op;
    private final double[] buf = new double[2 * BUF];
    private final double[] acc = new double[2];
    private double[] tile = new double[0];
    private int tileN;

    /**
     * @param dtype the complex dtype, both input and output
     * @param op {@link ReduceKernels#PROD}, {@code MIN} or {@code MAX}
     */
    public ReduceComplex(DType dtype, int op) {
        this.dtype = dtype;
        this.op = op;
    }

    private void identity(double[] a, int p) {
        switch (op) {
            case ReduceKernels.PROD -> { a[p] = 1; a[p + 1] = 0; }
            case ReduceKernels.MIN -> { a[p] = Double.POSITIVE_INFINITY; a[p + 1] = Double.POSITIVE_INFINITY; }
            default -> { a[p] = Double.NEGATIVE_INFINITY; a[p + 1] = Double.NEGATIVE_INFINITY; }
        }
    }

    private static boolean isNaN(double re, double im) {
        return re != re || im != im;
    }

    /** a[p..p+1] = a[p..p+1] op (xr, xi). */
    private void step(double[] a, int p, double xr, double xi) {
        double re = a[p];
        double im = a[p + 1];
        if (op == ReduceKernels.PROD) {
            a[p] = re * xr - im * xi;
            a[p + 1] = re * xi + im * xr;
            return;
        }
        if (isNaN(re, im)) {
            return;
        }
        boolean take = isNaN(xr, xi)
                || (op == ReduceKernels.MIN ? xr < re || (xr == re && xi < im) : xr > re || (xr == re && xi > im));
        if (take) {
            a[p] = xr;
            a[p + 1] = xi;
        }
    }

    @Override
    public void begin(long start) {
        identity(acc, 0);
    }

    @Override
    public void run(MemorySegment s, long off, long st, long n) {
        while (n > 0) {
            int m = (int) Math.min(n, BUF);
            ReduceBuffers.loadD(s, dtype, off, st, m, buf, 0, 1);
            for (int i = 0; i < 2 * m; i += 2) {
                step(acc, 0, buf[i], buf[i + 1]);
            }
            off += m * st;
            n -= m;
        }
    }

    @Override
    public void end(MemorySegment o, long outOff) {
        ReduceBuffers.storeD(acc, 0, 1, o, dtype, outOff, 1);
    }

    @Override
    public Object takePartial() {
        return acc.clone();
    }

    @Override
    public void endChunks(Object[] partials, MemorySegment o, long outOff) {
        identity(acc, 0);
        for (Object p : partials) {
            double[] x = (double[]) p;
            step(acc, 0, x[0], x[1]);
        }
        end(o, outOff);
    }

    @Override
    public int maxTile() {
        return BUF;
    }

    @Override
    public void beginTile(int n) {
        if (tile.length < 2 * n) {
            tile = new double[2 * n];
        }
        for (int j = 0; j < n; j++) {
            identity(tile, 2 * j);
        }
        tileN = n;
    }

    @Override
    public void row(MemorySegment s, long off, long st, int n, long index) {
        ReduceBuffers.loadD(s, dtype, off, st, n, buf, 0, 1);
        for (int j = 0; j < 2 * n; j += 2) {
            step(tile, j, buf[j], buf[j + 1]);
        }
    }

    @Override
    public void endTile(MemorySegment o, long outOff, long outStride) {
        ReduceBuffers.storeD(tile, 0, tileN, o, dtype, outOff, outStride);
    }

    @Override
    public Object takeTilePartial() {
        return Arrays.copyOf(tile, 2 * tileN);
    }

    @Override
    public void endTileChunks(Object[] partials, MemorySegment o, long outOff, long outStride) {
        beginTile(((double[]) partials[0]).length / 2);
        for (Object p : partials) {
            double[] x = (double[]) p;
            for (int j = 0; j < 2 * tileN; j += 2) {
                step(tile, j, x[j], x[j + 1]);
            }
        }
        endTile(o, outOff, outStride);
    }
}
