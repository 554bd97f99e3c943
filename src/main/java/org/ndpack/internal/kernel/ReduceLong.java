package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;

/**
 * Integer and boolean reductions accumulated in {@code long}: sum and product wrap around modulo
 * 2^64 (NumPy's int64/uint64 results), min and max compare signed values, or unsigned ones for
 * {@code uint64} (loaded with the sign bit flipped, {@link ReduceBuffers#ORDERED}), and
 * {@code all}/{@code any} are min/max over 0/1 values ({@link ReduceBuffers#NONZERO}). Every
 * operation is exact and associative, so the order of combination does not matter.
 * Confined to one task.
 */
public final class ReduceLong extends Reducer {
    private static final int BUF = 1024;

    private final DType in;
    private final DType out;
    private final int op;
    private final int mode;
    private final long identity;
    private final long flip;
    private final long[] buf = new long[BUF];
    private long acc;
    private long[] tileAcc = new long[0];
    private int tileN;

    /**
     * @param in the input dtype
     * @param out the output dtype (an integer type or bool)
     * @param op {@link ReduceKernels#SUM}, {@code PROD}, {@code MIN} or {@code MAX}
     * @param mode the load mode ({@link ReduceBuffers#VALUES}, {@code ORDERED}, {@code NONZERO})
     * @param identity the start value (what an empty reduction gives)
     */
    public ReduceLong(DType in, DType out, int op, int mode, long identity) {
        this.in = in;
        this.out = out;
        this.op = op;
        this.mode = mode;
        this.identity = identity;
        this.flip = mode == ReduceBuffers.ORDERED && in == DType.UINT64 ? Long.MIN_VALUE : 0;
    }

    /** {@return the identity of {@code op} for signed or ordered values} */
    public static long identity(int op) {
        return switch (op) {
            case ReduceKernels.SUM -> 0;
            case ReduceKernels.PROD -> 1;
            case ReduceKernels.MIN -> Long.MAX_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    private static long apply(int op, long a, long b) {
        return switch (op) {
            case ReduceKernels.SUM -> a + b;
            case ReduceKernels.PROD -> a * b;
            case ReduceKernels.MIN -> Math.min(a, b);
            default -> Math.max(a, b);
        };
    }

    private long reduce(long a, int n) {
        long[] b = buf;
        switch (op) {
            case ReduceKernels.SUM -> { for (int i = 0; i < n; i++) a += b[i]; }
            case ReduceKernels.PROD -> { for (int i = 0; i < n; i++) a *= b[i]; }
            case ReduceKernels.MIN -> { for (int i = 0; i < n; i++) a = Math.min(a, b[i]); }
            default -> { for (int i = 0; i < n; i++) a = Math.max(a, b[i]); }
        }
        return a;
    }

    @Override
    public void begin(long start) {
        acc = identity;
    }

    @Override
    public void run(MemorySegment s, long off, long st, long n) {
        while (n > 0) {
            int m = (int) Math.min(n, BUF);
            ReduceBuffers.loadL(s, in, off, st, m, buf, 0, 1, mode);
            acc = reduce(acc, m);
            off += m * st;
            n -= m;
        }
    }

    private void write(long value, MemorySegment o, long outOff) {
        buf[0] = value ^ flip;
        ReduceBuffers.storeL(buf, 0, 1, o, out, outOff, 1);
    }

    @Override
    public void end(MemorySegment o, long outOff) {
        write(acc, o, outOff);
    }

    @Override
    public Object takePartial() {
        return acc;
    }

    @Override
    public void endChunks(Object[] partials, MemorySegment o, long outOff) {
        long a = identity;
        for (Object p : partials) {
            a = apply(op, a, (Long) p);
        }
        write(a, o, outOff);
    }

    @Override
    public int maxTile() {
        return BUF;
    }

    @Override
    public void beginTile(int n) {
        if (tileAcc.length < n) {
            tileAcc = new long[n];
        }
        Arrays.fill(tileAcc, 0, n, identity);
        tileN = n;
    }

    @Override
    public void row(MemorySegment s, long off, long st, int n, long index) {
        ReduceBuffers.loadL(s, in, off, st, n, buf, 0, 1, mode);
        long[] a = tileAcc;
        long[] b = buf;
        switch (op) {
            case ReduceKernels.SUM -> { for (int j = 0; j < n; j++) a[j] += b[j]; }
            case ReduceKernels.PROD -> { for (int j = 0; j < n; j++) a[j] *= b[j]; }
            case ReduceKernels.MIN -> { for (int j = 0; j < n; j++) a[j] = Math.min(a[j], b[j]); }
            default -> { for (int j = 0; j < n; j++) a[j] = Math.max(a[j], b[j]); }
        }
    }

    @Override
    public void endTile(MemorySegment o, long outOff, long outStride) {
        if (flip != 0) {
            for (int j = 0; j < tileN; j++) {
                tileAcc[j] ^= flip;
            }
        }
        ReduceBuffers.storeL(tileAcc, 0, tileN, o, out, outOff, outStride);
    }

    @Override
    public Object takeTilePartial() {
        return Arrays.copyOf(tileAcc, tileN);
    }

    @Override
    public void endTileChunks(Object[] partials, MemorySegment o, long outOff, long outStride) {
        long[] first = (long[]) partials[0];
        beginTile(first.length);
        for (Object p : partials) {
            long[] x = (long[]) p;
            for (int j = 0; j < tileN; j++) {
                tileAcc[j] = apply(op, tileAcc[j], x[j]);
            }
        }
        endTile(o, outOff, outStride);
    }
}
