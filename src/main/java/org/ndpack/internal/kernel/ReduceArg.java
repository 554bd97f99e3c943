package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * {@code argmin} and {@code argmax}: the position of the first smallest (largest) element of a
 * sequence, written as an {@code int64}. As in NumPy, the first NaN wins over every number (for
 * complex, an element with a NaN part), ties keep the earlier position, complex numbers compare
 * lexicographically, and {@code uint64} compares unsigned. Real values are compared as doubles
 * (float types widen exactly), integers as longs. Confined to one task.
 */
public final class ReduceArg extends Reducer {
    private static final int BUF = 1024;
    private static final int REAL = 0;
    private static final int INTEGER = 1;
    private static final int COMPLEX = 2;

    private final DType in;
    private final boolean max;
    private final int kind;
    private final double[] dbuf;
    private final long[] lbuf;
    // one state per tile column (a sequence uses column 0): best value(s), its position, NaN seen
    private double[] bestRe = new double[1];
    private double[] bestIm = new double[1];
    private long[] bestL = new long[1];
    private long[] bestAt = new long[1];
    private boolean[] nan = new boolean[1];
    private long pos;
    private int tileN;

    /**
     * @param in the input dtype
     * @param max true for argmax, false for argmin
     */
    public ReduceArg(DType in, boolean max) {
        this.in = in;
        this.max = max;
        this.kind = in.isComplex() ? COMPLEX : in.isInteger() || in.isBool() ? INTEGER : REAL;
        this.dbuf = kind == INTEGER ? null : new double[2 * BUF];
        this.lbuf = kind == INTEGER ? new long[BUF] : null;
    }

    private void ensure(int n) {
        if (bestAt.length < n) {
            bestRe = new double[n];
            bestIm = new double[n];
            bestL = new long[n];
            bestAt = new long[n];
            nan = new boolean[n];
        }
    }

    private void reset(int j) {
        bestAt[j] = -1;
        nan[j] = false;
    }

    /** Offers value {@code i} of the loaded buffer at position {@code at} to column {@code j}. */
    private void offer(int j, int i, long at) {
        if (nan[j]) {
            return;
        }
        boolean take;
        switch (kind) {
            case INTEGER -> {
                long x = lbuf[i];
                take = bestAt[j] < 0 || (max ? x > bestL[j] : x < bestL[j]);
                if (take) {
                    bestL[j] = x;
                }
            }
            case REAL -> {
                double x = dbuf[i];
                if (x != x) {
                    nan[j] = true;
                    take = true;
                } else {
                    take = bestAt[j] < 0 || (max ? x > bestRe[j] : x < bestRe[j]);
                }
                if (take) {
                    bestRe[j] = x;
                }
            }
            default -> {
                double xr = dbuf[2 * i];
                double xi = dbuf[2 * i + 1];
                if (xr != xr || xi != xi) {
                    nan[j] = true;
                    take = true;
                } else {
                    double r = bestRe[j];
                    double m = bestIm[j];
                    take = bestAt[j] < 0 || (max ? xr > r || (xr == r && xi > m) : xr < r || (xr == r && xi < m));
                }
                if (take) {
                    bestRe[j] = xr;
                    bestIm[j] = xi;
                }
            }
        }
        if (take) {
            bestAt[j] = at;
        }
    }

    private void load(MemorySegment s, long off, long st, int n) {
        if (kind == INTEGER) {
            ReduceBuffers.loadL(s, in, off, st, n, lbuf, 0, 1, ReduceBuffers.ORDERED);
        } else {
            ReduceBuffers.loadD(s, in, off, st, n, dbuf, 0, 1);
        }
    }

    @Override
    public void begin(long start) {
        reset(0);
        pos = start;
    }

    @Override
    public void run(MemorySegment s, long off, long st, long n) {
        while (n > 0) {
            int m = (int) Math.min(n, BUF);
            load(s, off, st, m);
            for (int i = 0; i < m && !nan[0]; i++) {
                offer(0, i, pos + i);
            }
            pos += m;
            off += m * st;
            n -= m;
        }
    }

    @Override
    public void end(MemorySegment o, long outOff) {
        o.set(Elements.I64, outOff * 8, bestAt[0]);
    }

    /** A chunk's result: its best position and value. */
    private record Partial(long at, boolean nan, double re, double im, long l) {
    }

    @Override
    public Object takePartial() {
        return new Partial(bestAt[0], nan[0], bestRe[0], bestIm[0], bestL[0]);
    }

    @Override
    public void endChunks(Object[] partials, MemorySegment o, long outOff) {
        reset(0);
        for (Object x : partials) {
            Partial p = (Partial) x;
            if (p.at() < 0) {
                continue;
            }
            if (kind == INTEGER) {
                lbuf[0] = p.l();
            } else {
                dbuf[0] = p.re();
                dbuf[1] = p.im();
            }
            offer(0, 0, p.at());
        }
        end(o, outOff);
    }

    @Override
    public int maxTile() {
        return BUF;
    }

    @Override
    public void beginTile(int n) {
        ensure(n);
        for (int j = 0; j < n; j++) {
            reset(j);
        }
        tileN = n;
    }

    @Override
    public void row(MemorySegment s, long off, long st, int n, long index) {
        load(s, off, st, n);
        for (int j = 0; j < n; j++) {
            offer(j, j, index);
        }
    }

    @Override
    public void endTile(MemorySegment o, long outOff, long outStride) {
        for (int j = 0; j < tileN; j++) {
            o.set(Elements.I64, (outOff + j * outStride) * 8, bestAt[j]);
        }
    }

    /** A row chunk's results: per column, the best position and value. */
    private record TilePartial(long[] at, boolean[] nan, double[] re, double[] im, long[] l) {
    }

    @Override
    public Object takeTilePartial() {
        return new TilePartial(Arrays.copyOf(bestAt, tileN), Arrays.copyOf(nan, tileN), Arrays.copyOf(bestRe, tileN),
                Arrays.copyOf(bestIm, tileN), Arrays.copyOf(bestL, tileN));
    }

    @Override
    public void endTileChunks(Object[] partials, MemorySegment o, long outOff, long outStride) {
        beginTile(((TilePartial) partials[0]).at().length);
        for (Object x : partials) {
            TilePartial p = (TilePartial) x;
            for (int j = 0; j < tileN; j++) {
                if (p.at()[j] < 0) {
                    continue;
                }
                if (kind == INTEGER) {
                    lbuf[j] = p.l()[j];
                } else if (kind == REAL) {
                    dbuf[j] = p.re()[j];
                } else {
                    dbuf[2 * j] = p.re()[j];
                    dbuf[2 * j + 1] = p.im()[j];
                }
                offer(j, j, p.at()[j]);
            }
        }
        endTile(o, outOff, outStride);
    }
}
