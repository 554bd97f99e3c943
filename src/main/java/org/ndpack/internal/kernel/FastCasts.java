package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * Conversions between float32, float64, int32 and int64 of contiguous runs, and from bool to
 * those four (a mask made numeric), the common {@code astype} calls: blocks of {@value #BLOCK} elements are copied out of the source memory
 * into a heap array in bulk, converted in a plain loop that C2 compiles to vector instructions
 * (over a {@code MemorySegment} it would not), and copied back in bulk. Each element gets the
 * same value as from the general cast kernels ({@link Kernels#cast}): Java's conversions are the
 * documented ones ({@code org.ndpack.internal.dtype.Casts}); float to int32 goes through int64
 * first, so values beyond int32 but inside int64 keep their low bits, as documented.
 *
 * <p>Where the Vector API runs with 512-bit vectors, contiguous runs take {@link CastVector}
 * instead once {@link Kernels#WARMUP} elements have been converted ({@link VectorSwitch}): one
 * pass from the source memory to the destination, the same bits.
 *
 * <p>Stateless and thread-safe; each call of the heap-block route allocates its two blocks per task.
 */
public final class FastCasts {
    /** Elements converted per block: 8 KiB of int64 or float64. */
    private static final int BLOCK = 1024;
    static final int F32 = 0;
    static final int F64 = 1;
    static final int I32 = 2;
    static final int I64 = 3;
    /** bool, as a source only: 1 for a non-zero byte, else 0, as the general casts read it. */
    static final int BOOL = 4;

    /** When contiguous conversions switch to {@code CastVector}. */
    private static final VectorSwitch VECTOR = new VectorSwitch(VectorSupport.ENABLED && CastVector.USABLE, Kernels.WARMUP);

    private FastCasts() {
    }

    /** {@return whether {@link #run} converts {@code from} to {@code to}} */
    public static boolean supports(DType from, DType to) {
        return from != to && (kind(from) >= 0 || from == DType.BOOL) && kind(to) >= 0;
    }

    private static int sourceKind(DType t) {
        return t == DType.BOOL ? BOOL : kind(t);
    }

    private static int kind(DType t) {
        return switch (t) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            case INT32 -> I32;
            case INT64 -> I64;
            default -> -1;
        };
    }

    /**
     * Converts {@code n} contiguous elements of type {@code from} at byte offset {@code so} of
     * {@code s} into {@code n} contiguous elements of type {@code to} at byte offset {@code dOff}
     * of {@code d}, over several threads when large. The two must not overlap.
     *
     * @throws IllegalArgumentException if {@link #supports} is false for the pair
     */
    public static void run(MemorySegment s, long so, MemorySegment d, long dOff, long n, DType from, DType to) {
        if (!supports(from, to)) {
            throw new IllegalArgumentException("no fast cast from " + from + " to " + to);
        }
        int pair = sourceKind(from) * 4 + kind(to);
        if (n < Parallel.THRESHOLD) {
            range(s, so, d, dOff, 0, n, pair);
        } else {
            Parallel.forChunks(n, Strided.CHUNK, (c, a, b) -> range(s, so, d, dOff, a, b, pair));
        }
    }

    private static Object block(int kind) {
        return switch (kind) {
            case F32 -> new float[BLOCK];
            case F64 -> new double[BLOCK];
            case I32 -> new int[BLOCK];
            case BOOL -> new byte[BLOCK];
            default -> new long[BLOCK];
        };
    }

    private static long width(int kind) {
        return kind == BOOL ? 1 : kind == F32 || kind == I32 ? 4 : 8;
    }

    private static ValueLayout layout(int kind) {
        return switch (kind) {
            case F32 -> Elements.F32;
            case F64 -> Elements.F64;
            case I32 -> Elements.I32;
            case BOOL -> Elements.I8;
            default -> Elements.I64;
        };
    }

    private static void range(MemorySegment s, long so, MemorySegment d, long dOff, long from, long to, int pair) {
        if (VECTOR.take(to - from)) {
            from += CastVector.run(s, so + from * width(pair / 4), d, dOff + from * width(pair % 4), to - from, pair);
            if (from == to) {
                return;
            }
        }
        int fk = pair / 4;
        int tk = pair % 4;
        Object src = block(fk);
        Object dst = block(tk);
        ValueLayout sl = layout(fk);
        ValueLayout dl = layout(tk);
        long sw = sl.byteSize();
        long dw = dl.byteSize();
        for (long i = from; i < to; i += BLOCK) {
            int m = (int) Math.min(BLOCK, to - i);
            MemorySegment.copy(s, sl, so + i * sw, src, 0, m);
            convert(pair, src, dst, m);
            MemorySegment.copy(dst, 0, d, dl, dOff + i * dw, m);
        }
    }

    private static void convert(int pair, Object a, Object b, int m) {
        switch (pair) {
            case F32 * 4 + F64 -> f2d((float[]) a, (double[]) b, m);
            case F32 * 4 + I32 -> f2i((float[]) a, (int[]) b, m);
            case F32 * 4 + I64 -> f2l((float[]) a, (long[]) b, m);
            case F64 * 4 + F32 -> d2f((double[]) a, (float[]) b, m);
            case F64 * 4 + I32 -> d2i((double[]) a, (int[]) b, m);
            case F64 * 4 + I64 -> d2l((double[]) a, (long[]) b, m);
            case I32 * 4 + F32 -> i2f((int[]) a, (float[]) b, m);
            case I32 * 4 + F64 -> i2d((int[]) a, (double[]) b, m);
            case I32 * 4 + I64 -> i2l((int[]) a, (long[]) b, m);
            case I64 * 4 + F32 -> l2f((long[]) a, (float[]) b, m);
            case I64 * 4 + F64 -> l2d((long[]) a, (double[]) b, m);
            case I64 * 4 + I32 -> l2i((long[]) a, (int[]) b, m);
            case BOOL * 4 + F32 -> b2f((byte[]) a, (float[]) b, m);
            case BOOL * 4 + F64 -> b2d((byte[]) a, (double[]) b, m);
            case BOOL * 4 + I32 -> b2i((byte[]) a, (int[]) b, m);
            case BOOL * 4 + I64 -> b2l((byte[]) a, (long[]) b, m);
            default -> throw new AssertionError(pair);
        }
    }

    // one loop per pair, each on its own so that C2 compiles (and vectorises) it alone

    private static void f2d(float[] a, double[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i];
        }
    }

    private static void f2i(float[] a, int[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = (int) (long) a[i];
        }
    }

    private static void f2l(float[] a, long[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = (long) a[i];
        }
    }

    private static void d2f(double[] a, float[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = (float) a[i];
        }
    }

    private static void d2i(double[] a, int[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = (int) (long) a[i];
        }
    }

    private static void d2l(double[] a, long[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = (long) a[i];
        }
    }

    private static void i2f(int[] a, float[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i];
        }
    }

    private static void i2d(int[] a, double[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i];
        }
    }

    private static void i2l(int[] a, long[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i];
        }
    }

    private static void l2f(long[] a, float[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i];
        }
    }

    private static void l2d(long[] a, double[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i];
        }
    }

    private static void l2i(long[] a, int[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = (int) a[i];
        }
    }

    private static void b2f(byte[] a, float[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i] != 0 ? 1 : 0;
        }
    }

    private static void b2d(byte[] a, double[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i] != 0 ? 1 : 0;
        }
    }

    private static void b2i(byte[] a, int[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i] != 0 ? 1 : 0;
        }
    }

    private static void b2l(byte[] a, long[] b, int m) {
        for (int i = 0; i < m; i++) {
            b[i] = a[i] != 0 ? 1 : 0;
        }
    }
}
