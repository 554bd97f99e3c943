package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * {@code argmin} and {@code argmax}: the position of the first smallest (largest) element of a
 * sequence, written as an {@code int64}. As in NumPy, the first NaN wins over every number (for
 * complex, an element with a NaN part), ties keep the earlier position, complex numbers compare
 * lexicographically, and {@code uint64} compares unsigned. Real values are compared as doubles
 * (float types widen exactly), integers as longs. Confined to one task.
 *
 * <p>A sequence of float32, float64 or integers (the common case: {@code argmax()} of an array)
 * takes a faster route per block of {@value #BUF} elements: the block's extreme is found first,
 * in a loop that C2 vectorises (float32 and float64 through their bits, mapped to integers
 * that order as the values do, -0.0 and 0.0 alike; a NaN found by its magnitude), and the block is
 * searched for its first position only when that extreme beats the best so far (or holds a NaN),
 * with the Vector API once its loops have taken over ({@link ArgVector}; the blocks count
 * towards the warm-up of {@link ReduceKernels#vector(long)}). The same first
 * position results as from offering every element in turn.
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
    /** float32 bits of a block on the fast route, else null. */
    private final int[] ibuf;
    /** Whether a sequence takes the fast route (see the class comment). */
    private final boolean fast;
    /** The fast route's best key: the float bits' ordered integer, or the integer itself. */
    private long bestKey;
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
        this.lbuf = kind == INTEGER || in == DType.FLOAT64 ? new long[BUF] : null;
        this.ibuf = in == DType.FLOAT32 ? new int[BUF] : null;
        this.fast = kind == INTEGER || in == DType.FLOAT32 || in == DType.FLOAT64;
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
        if (fast) {
            for (; n > 0 && !nan[0]; ) {
                int m = (int) Math.min(n, BUF);
                if (in == DType.FLOAT32) {
                    blockF32(s, off, st, m);
                } else if (in == DType.FLOAT64) {
                    blockF64(s, off, st, m);
                } else {
                    ReduceBuffers.loadL(s, in, off, st, m, lbuf, 0, 1, ReduceBuffers.ORDERED);
                    blockLong(m);
                }
                pos += m;
                off += m * st;
                n -= m;
            }
            pos += n; // after a NaN nothing more is looked at
            return;
        }
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

    /**
     * The fast route on a block of {@code m} float32 values: key {@code k} of bits {@code x} is
     * the magnitude {@code x & 0x7fffffff} with the sign applied, so keys order as the values do
     * and both zeros have key 0; a magnitude above infinity's is a NaN.
     */
    private void blockF32(MemorySegment s, long off, long st, int m) {
        int[] b = ibuf;
        if (st == 1) {
            MemorySegment.copy(s, ValueLayout.JAVA_INT_UNALIGNED, off * Float.BYTES, b, 0, m);
        } else {
            for (int i = 0; i < m; i++) {
                b[i] = s.get(ValueLayout.JAVA_INT_UNALIGNED, (off + i * st) * Float.BYTES);
            }
        }
        int mag = 0;
        int best;
        if (max) {
            best = Integer.MIN_VALUE;
            for (int i = 0; i < m; i++) {
                int x = b[i];
                int a = x & 0x7fffffff;
                int sign = x >> 31;
                best = Math.max(best, (a ^ sign) - sign);
                mag = Math.max(mag, a);
            }
        } else {
            best = Integer.MAX_VALUE;
            for (int i = 0; i < m; i++) {
                int x = b[i];
                int a = x & 0x7fffffff;
                int sign = x >> 31;
                best = Math.min(best, (a ^ sign) - sign);
                mag = Math.max(mag, a);
            }
        }
        if (mag > 0x7f800000) {
            for (int i = 0; i < m; i++) {
                if ((b[i] & 0x7fffffff) > 0x7f800000) {
                    nan[0] = true;
                    bestAt[0] = pos + i;
                    bestRe[0] = Double.NaN;
                    return;
                }
            }
        }
        if (bestAt[0] >= 0 && !(max ? best > bestKey : best < bestKey)) {
            return;
        }
        if (ReduceKernels.vector(m)) {
            int i = ArgVector.firstF32(b, m, best);
            bestAt[0] = pos + i;
            bestKey = best;
            bestRe[0] = Float.intBitsToFloat(b[i]);
            return;
        }
        for (int i = 0; i < m; i++) {
            int x = b[i];
            int a = x & 0x7fffffff;
            int sign = x >> 31;
            if ((a ^ sign) - sign == best) {
                bestAt[0] = pos + i;
                bestKey = best;
                bestRe[0] = Float.intBitsToFloat(x);
                return;
            }
        }
    }

    /** {@link #blockF32} for float64, through the values' bits as longs. */
    private void blockF64(MemorySegment s, long off, long st, int m) {
        long[] b = lbuf;
        if (st == 1) {
            MemorySegment.copy(s, ValueLayout.JAVA_LONG_UNALIGNED, off * Double.BYTES, b, 0, m);
        } else {
            for (int i = 0; i < m; i++) {
                b[i] = s.get(ValueLayout.JAVA_LONG_UNALIGNED, (off + i * st) * Double.BYTES);
            }
        }
        long mag = 0;
        long best;
        if (max) {
            best = Long.MIN_VALUE;
            for (int i = 0; i < m; i++) {
                long x = b[i];
                long a = x & Long.MAX_VALUE;
                long sign = x >> 63;
                best = Math.max(best, (a ^ sign) - sign);
                mag = Math.max(mag, a);
            }
        } else {
            best = Long.MAX_VALUE;
            for (int i = 0; i < m; i++) {
                long x = b[i];
                long a = x & Long.MAX_VALUE;
                long sign = x >> 63;
                best = Math.min(best, (a ^ sign) - sign);
                mag = Math.max(mag, a);
            }
        }
        if (mag > 0x7ff0000000000000L) {
            for (int i = 0; i < m; i++) {
                if ((b[i] & Long.MAX_VALUE) > 0x7ff0000000000000L) {
                    nan[0] = true;
                    bestAt[0] = pos + i;
                    bestRe[0] = Double.NaN;
                    return;
                }
            }
        }
        if (bestAt[0] >= 0 && !(max ? best > bestKey : best < bestKey)) {
            return;
        }
        if (ReduceKernels.vector(m)) {
            int i = ArgVector.firstF64(b, m, best);
            bestAt[0] = pos + i;
            bestKey = best;
            bestRe[0] = Double.longBitsToDouble(b[i]);
            return;
        }
        for (int i = 0; i < m; i++) {
            long x = b[i];
            long a = x & Long.MAX_VALUE;
            long sign = x >> 63;
            if ((a ^ sign) - sign == best) {
                bestAt[0] = pos + i;
                bestKey = best;
                bestRe[0] = Double.longBitsToDouble(x);
                return;
            }
        }
    }

    /** The fast route on {@code m} integers loaded into {@link #lbuf} (ordered longs). */
    private void blockLong(int m) {
        long[] b = lbuf;
        long best;
        if (max) {
            best = Long.MIN_VALUE;
            for (int i = 0; i < m; i++) {
                best = Math.max(best, b[i]);
            }
        } else {
            best = Long.MAX_VALUE;
            for (int i = 0; i < m; i++) {
                best = Math.min(best, b[i]);
            }
        }
        if (bestAt[0] >= 0 && !(max ? best > bestL[0] : best < bestL[0])) {
            return;
        }
        if (ReduceKernels.vector(m)) {
            bestAt[0] = pos + ArgVector.firstLong(b, m, best);
            bestL[0] = best;
            return;
        }
        for (int i = 0; i < m; i++) {
            if (b[i] == best) {
                bestAt[0] = pos + i;
                bestL[0] = best;
                return;
            }
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
