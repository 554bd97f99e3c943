package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import org.ndpack.DType;

/**
 * Integer and boolean reductions accumulated in {@code long}: sum and product wrap around modulo
 * 2^64 (NumPy's int64/uint64 results), min and max compare signed values, or unsigned ones for
 * {@code uint64} (loaded with the sign bit flipped, {@link ReduceBuffers#ORDERED}), and
 * {@code all}/{@code any} are min/max over 0/1 values ({@link ReduceBuffers#NONZERO}). Every
 * operation is exact and associative, so the order of combination does not matter.
 * Confined to one task.
 *
 * <p>A contiguous sequence of int32, int64 or uint64 values is copied into a heap array in bulk
 * and reduced there in loops that C2 vectorises (each element passes through an exclusive or with
 * {@link #flip}, which is also what makes C2 vectorise a loop that is otherwise a bare min or max);
 * {@code any} and {@code all} of a contiguous bool sequence test eight bytes at a time and stop
 * at the first block that decides them, as NumPy's do.
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
    /** int32 values of a block on the fast route, made on first use. */
    private int[] ibuf;
    /** Whether contiguous sequences take the bulk-copy route, and which. */
    private final int route;
    private static final int GENERAL = 0;
    private static final int LONGS = 1;
    private static final int INTS = 2;
    private static final int BOOLS = 3;
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
        boolean values = mode == ReduceBuffers.VALUES || mode == ReduceBuffers.ORDERED;
        this.route = values && (in == DType.INT64 || in == DType.UINT64) ? LONGS
                : values && in == DType.INT32 ? INTS
                : mode == ReduceBuffers.NONZERO && in == DType.BOOL
                        && (op == ReduceKernels.MIN || op == ReduceKernels.MAX) ? BOOLS
                : GENERAL;
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

    @Override
    public void begin(long start) {
        acc = identity;
    }

    @Override
    public void run(MemorySegment s, long off, long st, long n) {
        if (st == 1 && route != GENERAL) {
            runContiguous(s, off, n);
            return;
        }
        while (n > 0) {
            int m = (int) Math.min(n, BUF);
            ReduceBuffers.loadL(s, in, off, st, m, buf, 0, 1, mode);
            acc = reduceLongs(acc, m, 0); // already loaded in order: nothing to flip
            off += m * st;
            n -= m;
        }
    }

    /** {@link #run} over {@code n} contiguous elements from element {@code off}, on {@link #route}. */
    private void runContiguous(MemorySegment s, long off, long n) {
        if (route == BOOLS) {
            acc = op == ReduceKernels.MAX ? any(s, off, n, acc) : all(s, off, n, acc);
            return;
        }
        for (long i = 0; i < n; i += BUF) {
            int m = (int) Math.min(BUF, n - i);
            if (route == LONGS) {
                MemorySegment.copy(s, ValueLayout.JAVA_LONG_UNALIGNED, (off + i) * Long.BYTES, buf, 0, m);
                acc = reduceLongs(acc, m, flip);
            } else {
                if (ibuf == null) {
                    ibuf = new int[BUF];
                }
                MemorySegment.copy(s, ValueLayout.JAVA_INT_UNALIGNED, (off + i) * Integer.BYTES, ibuf, 0, m);
                acc = reduceInts(acc, m, (int) flip);
            }
        }
    }

    /**
     * Reduces {@code buf[0, n)} into {@code a}, each value taken as {@code buf[i] ^ x} ({@code x}:
     * {@link #flip} for raw uint64 bits, else 0). The exclusive or keeps C2 vectorising the loops
     * even where it is 0 (a loop that is only a min or max reduction it leaves scalar).
     */
    private long reduceLongs(long a, int n, long x) {
        long[] b = buf;
        switch (op) {
            case ReduceKernels.SUM -> { for (int i = 0; i < n; i++) a += b[i] ^ x; }
            case ReduceKernels.PROD -> { for (int i = 0; i < n; i++) a *= b[i] ^ x; }
            case ReduceKernels.MIN -> { for (int i = 0; i < n; i++) a = Math.min(a, b[i] ^ x); }
            default -> { for (int i = 0; i < n; i++) a = Math.max(a, b[i] ^ x); }
        }
        return a;
    }

    /** {@link #reduceLongs} of int32 values in {@link #ibuf}, each widened to long ({@code x} is 0). */
    private long reduceInts(long a, int n, int x) {
        int[] b = ibuf;
        switch (op) {
            case ReduceKernels.SUM -> { for (int i = 0; i < n; i++) a += b[i]; }
            case ReduceKernels.PROD -> { for (int i = 0; i < n; i++) a *= b[i]; }
            case ReduceKernels.MIN -> {
                int v = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, a));
                for (int i = 0; i < n; i++) v = Math.min(v, b[i] ^ x);
                a = Math.min(a, v);
            }
            default -> {
                int v = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, a));
                for (int i = 0; i < n; i++) v = Math.max(v, b[i] ^ x);
                a = Math.max(a, v);
            }
        }
        return a;
    }

    /**
     * {@code any} of {@code n} contiguous bools from element {@code off}: 1 when {@code a} is 1
     * already or some byte is non-zero, read eight at a time; stops at the first block with one.
     */
    private long any(MemorySegment s, long off, long n, long a) {
        long i = 0;
        for (; a == 0 && i + 8L * BUF <= n; i += 8L * BUF) {
            MemorySegment.copy(s, ValueLayout.JAVA_LONG_UNALIGNED, off + i, buf, 0, BUF);
            long[] b = buf;
            long or = 0;
            long x = flip; // 0: see reduceLongs
            for (int j = 0; j < BUF; j++) {
                or |= b[j] ^ x;
            }
            a = or != 0 ? 1 : 0;
        }
        for (; a == 0 && i < n; i++) {
            a = s.get(ValueLayout.JAVA_BYTE, off + i) != 0 ? 1 : 0;
        }
        return a;
    }

    /**
     * {@code all} of {@code n} contiguous bools: 0 when {@code a} is 0 already or some byte is
     * zero (a long has a zero byte when {@code (v - 0x01..01) & ~v & 0x80..80} is not 0); stops at
     * the first block with one.
     */
    private long all(MemorySegment s, long off, long n, long a) {
        long i = 0;
        for (; a == 1 && i + 8L * BUF <= n; i += 8L * BUF) {
            MemorySegment.copy(s, ValueLayout.JAVA_LONG_UNALIGNED, off + i, buf, 0, BUF);
            long[] b = buf;
            long zeros = 0;
            for (int j = 0; j < BUF; j++) {
                long v = b[j];
                zeros |= (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
            }
            a = zeros != 0 ? 0 : 1;
        }
        for (; a == 1 && i < n; i++) {
            a = s.get(ValueLayout.JAVA_BYTE, off + i) != 0 ? 1 : 0;
        }
        return a;
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
