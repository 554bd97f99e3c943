package org.ndpack.internal.kernel;

import static org.ndpack.internal.dtype.Elements.F32;
import static org.ndpack.internal.dtype.Elements.F64;
import static org.ndpack.internal.dtype.Elements.I16;
import static org.ndpack.internal.dtype.Elements.I32;
import static org.ndpack.internal.dtype.Elements.I64;
import static org.ndpack.internal.dtype.Elements.I8;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Casts;
import org.ndpack.internal.dtype.Float8;

/**
 * Moves one strided run of elements of any {@link DType} between native memory and a primitive
 * heap buffer, converting on the way: the table of per-dtype loops that the reduction and matmul
 * kernels share, so that each kernel is written once per accumulator type ({@code double},
 * {@code float}, {@code long}) instead of once per dtype.
 *
 * <p>Offsets and strides are counted in elements of the run's dtype; a complex element loads as
 * two buffer values (real, imaginary). A load writes {@code dst[p]}, {@code dst[p + step]}, ...
 * Each dtype has its own loop, because one loop that switches on the dtype per element runs an
 * order of magnitude slower; integer types have theirs in {@link #loadL} only, and reach double
 * and float buffers through it. Stateless and thread-safe; callers hold the operands' leases.
 */
public final class ReduceBuffers {
    /** {@link #loadL} mode: integers as their values ({@code uint64} as its bits), bool as 0/1. */
    public static final int VALUES = 0;
    /** {@link #loadL} mode: like {@link #VALUES}, but {@code uint64} with its sign bit flipped, so
     * that signed comparison of the loaded longs orders the unsigned values. */
    public static final int ORDERED = 1;
    /** {@link #loadL} mode: 1 for each non-zero element (NaN counts as non-zero), else 0; any dtype. */
    public static final int NONZERO = 2;
    /** Integers converted to double or float go through a long buffer of this many elements. */
    private static final int TMP = 256;

    private ReduceBuffers() {
    }

    /**
     * Loads {@code n} elements as doubles (exactly, except {@code uint64} and {@code int64} beyond
     * 2^53, which round as NumPy's cast to float64 does). Complex elements load as (re, im) pairs
     * into {@code dst[p + 2i]}, {@code dst[p + 2i + 1]}; {@code step} must then be 1.
     */
    public static void loadD(MemorySegment s, DType t, long off, long st, int n, double[] dst, int p, int step) {
        int w = t.byteSize();
        long o = off * w;
        long b = st * w;
        int e = p + n * step;
        switch (t) {
            case UINT64 -> { for (; p < e; p += step, o += b) dst[p] = Casts.unsignedToDouble(s.get(I64, o)); }
            case FLOAT16 -> { for (; p < e; p += step, o += b) dst[p] = Float.float16ToFloat(s.get(I16, o)); }
            case BFLOAT16 -> { for (; p < e; p += step, o += b) dst[p] = Casts.bfloat16ToFloat(s.get(I16, o)); }
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> {
                Float8 f = Float8.of(t);
                for (; p < e; p += step, o += b) dst[p] = f.decode(s.get(I8, o));
            }
            case FLOAT32 -> {
                if (st == 1 && step == 1 && n >= HeapRuns.MIN) {
                    widenFloats(s, o, n, dst, p);
                } else {
                    for (; p < e; p += step, o += b) dst[p] = s.get(F32, o);
                }
            }
            case FLOAT64 -> {
                if (st == 1 && step == 1) {
                    MemorySegment.copy(s, F64, o, dst, p, n);
                } else {
                    for (; p < e; p += step, o += b) dst[p] = s.get(F64, o);
                }
            }
            case COMPLEX64 -> { for (e = p + 2 * n; p < e; p += 2, o += b) { dst[p] = s.get(F32, o); dst[p + 1] = s.get(F32, o + 4); } }
            case COMPLEX128 -> { for (e = p + 2 * n; p < e; p += 2, o += b) { dst[p] = s.get(F64, o); dst[p + 1] = s.get(F64, o + 8); } }
            default -> {
                long[] tmp = new long[Math.min(n, TMP)];
                for (int i = 0; i < n; i += tmp.length, off += tmp.length * st) {
                    int m = Math.min(tmp.length, n - i);
                    loadL(s, t, off, st, m, tmp, 0, 1, VALUES);
                    for (int k = 0; k < m; k++, p += step) {
                        dst[p] = tmp[k];
                    }
                }
            }
        }
    }

    /**
     * {@code dst[p + i] = (double) f32 at o + 4i} for {@code i < n}: bulk copies into a heap block
     * and a widening loop C2 vectorises (read one by one from the segment, the floats stay scalar).
     */
    private static void widenFloats(MemorySegment s, long o, int n, double[] dst, int p) {
        float[] f = HeapRuns.get().floatLoad();
        for (int i = 0; i < n; i += f.length) {
            int m = Math.min(f.length, n - i);
            MemorySegment.copy(s, F32, o + 4L * i, f, 0, m);
            for (int k = 0; k < m; k++) {
                dst[p + i + k] = f[k];
            }
        }
    }

    /** {@code (float) src[p + i]} to float32 at byte offset {@code o} for {@code i < n}: see {@link #widenFloats}. */
    private static void narrowToFloats(double[] src, int p, int n, MemorySegment s, long o) {
        float[] f = HeapRuns.get().floatStore();
        for (int i = 0; i < n; i += f.length) {
            int m = Math.min(f.length, n - i);
            for (int k = 0; k < m; k++) {
                f[k] = (float) src[p + i + k];
            }
            MemorySegment.copy(f, 0, s, F32, o + 4L * i, m);
        }
    }

    /**
     * Loads {@code n} elements as floats, for the float32 kernels: float16, bfloat16, float32,
     * bool and the integer types of at most 16 bits (all exact in float32), and complex64 as
     * (re, im) pairs into {@code dst[p + 2i * step]}, {@code dst[p + 2i * step + 1]}.
     *
     * @throws IllegalArgumentException for any other dtype
     */
    public static void loadF(MemorySegment s, DType t, long off, long st, int n, float[] dst, int p, int step) {
        switch (t) {
            case FLOAT32 -> {
                long o = off * 4;
                if (st == 1 && step == 1) {
                    MemorySegment.copy(s, F32, o, dst, p, n);
                } else {
                    for (int i = 0; i < n; i++, p += step, o += st * 4) {
                        dst[p] = s.get(F32, o);
                    }
                }
            }
            case FLOAT16, BFLOAT16, FLOAT8_E4M3FN, FLOAT8_E5M2, BOOL, INT8, UINT8, INT16, UINT16 -> {
                double[] wide = new double[Math.min(n, TMP)];
                for (int i = 0; i < n; i += wide.length) {
                    int m = Math.min(wide.length, n - i);
                    loadD(s, t, off + i * st, st, m, wide, 0, 1);
                    for (int k = 0; k < m; k++, p += step) {
                        dst[p] = (float) wide[k];
                    }
                }
            }
            case COMPLEX64 -> {
                // (re, im) pairs: the two float32 parts, each strided by two
                loadF(s, DType.FLOAT32, 2 * off, 2 * st, n, dst, p, 2 * step);
                loadF(s, DType.FLOAT32, 2 * off + 1, 2 * st, n, dst, p + 1, 2 * step);
            }
            default -> throw new IllegalArgumentException("dtype " + t + " is not loaded as float32");
        }
    }

    /**
     * Loads {@code n} elements as longs, in one of the modes {@link #VALUES}, {@link #ORDERED},
     * {@link #NONZERO}. Only {@code NONZERO} accepts floating and complex dtypes.
     *
     * @throws IllegalArgumentException for a floating or complex dtype outside {@code NONZERO}
     */
    public static void loadL(MemorySegment s, DType t, long off, long st, int n, long[] dst, int p, int step, int mode) {
        int w = t.byteSize();
        long o = off * w;
        long b = st * w;
        int e = p + n * step;
        switch (t) {
            case BOOL -> { for (; p < e; p += step, o += b) dst[p] = s.get(I8, o) != 0 ? 1 : 0; }
            case INT8 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I8, o); }
            case UINT8 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I8, o) & 0xff; }
            case INT16 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I16, o); }
            case UINT16 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I16, o) & 0xffff; }
            case INT32 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I32, o); }
            case UINT32 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I32, o) & 0xffffffffL; }
            case INT64 -> { for (; p < e; p += step, o += b) dst[p] = s.get(I64, o); }
            case UINT64 -> {
                long flip = mode == ORDERED ? Long.MIN_VALUE : 0;
                for (; p < e; p += step, o += b) dst[p] = s.get(I64, o) ^ flip;
            }
            default -> {
                if (mode != NONZERO) {
                    throw new IllegalArgumentException("dtype " + t + " is not loaded as int64");
                }
                for (; p < e; p += step, o += b) dst[p] = nonZero(s, t, o) ? 1 : 0;
            }
        }
        if (mode == NONZERO && t.isInteger()) {
            for (int i = e - n * step; i < e; i += step) {
                dst[i] = dst[i] != 0 ? 1 : 0;
            }
        }
    }

    private static boolean nonZero(MemorySegment s, DType t, long o) {
        return switch (t) {
            case FLOAT16 -> (s.get(I16, o) & 0x7fff) != 0;
            case BFLOAT16 -> (s.get(I16, o) & 0x7fff) != 0;
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> (s.get(I8, o) & 0x7f) != 0; // +0 and -0 only
            case FLOAT32 -> s.get(F32, o) != 0;
            case FLOAT64 -> s.get(F64, o) != 0;
            case COMPLEX64 -> s.get(F32, o) != 0 || s.get(F32, o + 4) != 0;
            case COMPLEX128 -> s.get(F64, o) != 0 || s.get(F64, o + 8) != 0;
            default -> throw new AssertionError(t);
        };
    }

    /**
     * Stores {@code n} doubles as elements of a real floating dtype (one rounding each) or, for a
     * complex dtype, {@code n} (re, im) pairs read from {@code src[p + 2i]}, {@code src[p + 2i + 1]}.
     *
     * @throws IllegalArgumentException for an integer or bool dtype
     */
    public static void storeD(double[] src, int p, int n, MemorySegment s, DType t, long off, long st) {
        int w = t.byteSize();
        long o = off * w;
        long b = st * w;
        int e = p + n;
        switch (t) {
            case FLOAT16 -> { for (; p < e; p++, o += b) s.set(I16, o, Casts.doubleToHalf(src[p])); }
            case BFLOAT16 -> { for (; p < e; p++, o += b) s.set(I16, o, Casts.doubleToBfloat16(src[p])); }
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> {
                Float8 f = Float8.of(t);
                for (; p < e; p++, o += b) s.set(I8, o, f.encode(src[p]));
            }
            case FLOAT32 -> {
                if (st == 1 && n >= HeapRuns.MIN) {
                    narrowToFloats(src, p, n, s, o);
                } else {
                    for (; p < e; p++, o += b) s.set(F32, o, (float) src[p]);
                }
            }
            case FLOAT64 -> {
                if (st == 1) {
                    MemorySegment.copy(src, p, s, F64, o, n);
                } else {
                    for (; p < e; p++, o += b) s.set(F64, o, src[p]);
                }
            }
            case COMPLEX64 -> { for (e = p + 2 * n; p < e; p += 2, o += b) { s.set(F32, o, (float) src[p]); s.set(F32, o + 4, (float) src[p + 1]); } }
            case COMPLEX128 -> { for (e = p + 2 * n; p < e; p += 2, o += b) { s.set(F64, o, src[p]); s.set(F64, o + 8, src[p + 1]); } }
            default -> throw new IllegalArgumentException("dtype " + t + " is not stored from float64");
        }
    }

    /**
     * Stores {@code n} longs as elements of an integer or bool dtype: integers keep their low bits
     * (NumPy's wrap-around), bool stores {@code v != 0}.
     *
     * @throws IllegalArgumentException for a floating or complex dtype
     */
    public static void storeL(long[] src, int p, int n, MemorySegment s, DType t, long off, long st) {
        int w = t.byteSize();
        long o = off * w;
        long b = st * w;
        int e = p + n;
        switch (t) {
            case BOOL -> { for (; p < e; p++, o += b) s.set(I8, o, (byte) (src[p] != 0 ? 1 : 0)); }
            case INT8, UINT8 -> { for (; p < e; p++, o += b) s.set(I8, o, (byte) src[p]); }
            case INT16, UINT16 -> { for (; p < e; p++, o += b) s.set(I16, o, (short) src[p]); }
            case INT32, UINT32 -> { for (; p < e; p++, o += b) s.set(I32, o, (int) src[p]); }
            case INT64, UINT64 -> { for (; p < e; p++, o += b) s.set(I64, o, src[p]); }
            default -> throw new IllegalArgumentException("dtype " + t + " is not stored from int64");
        }
    }
}
