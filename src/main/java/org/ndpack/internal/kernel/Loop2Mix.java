package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * Template of the portable two-operand loop of a real function computed in float64 from operands
 * of other dtypes (int32, int64, float32, float64, not both float64) into a float64 result: NumPy's
 * {@code int32 + float32}, {@code float32 * float64}, {@code int32 / int32} and the like. Specialised
 * by {@link Specializer} per function and operand dtypes (a {@link HeapRuns.Spec2}). Long contiguous
 * runs (the second operand contiguous or broadcast) are copied a chunk at a time into heap arrays of
 * their own type, converted to {@code double[]} there and computed, each step a plain loop C2
 * vectorises, all within the L1 cache; every other run goes to the element loop of the same
 * function. The conversions are the element loop's (Java's casts: exact for int32 and float32,
 * rounded to nearest for int64) and the operation is the same, so the bits are the same.
 * Stateless apart from the calling thread's scratch arrays; thread-safe.
 */
final class Loop2Mix implements Kernel2 {
    private static final HeapRuns.Spec2 S = (HeapRuns.Spec2) Specializer.data(MethodHandles.lookup());
    private static final Elem.Double2 F = S.f();
    private static final Fn.D2 R = F.f();
    /** The arithmetic operation that {@code R} is, or null for another function. */
    private static final VOp OP = S.op();
    private static final Kernel2 ELEMENTS = Specializer.elements2(F);
    /** The operands' dtypes and widths: constants, so each load below compiles one arm. */
    private static final DType TA = HeapRuns.mixedType(F.a());
    private static final DType TB = HeapRuns.mixedType(F.b());
    private static final long WA = TA.byteSize();
    private static final long WB = TB.byteSize();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        if (n < HeapRuns.MIN || as != WA || os != Double.BYTES || (bs != WB && bs != 0)) {
            ELEMENTS.run(n, a, ao, as, b, bo, bs, o, oo, os);
            return;
        }
        HeapRuns h = HeapRuns.get();
        double[] x = h.doubleX();
        double[] y = h.doubleY();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), F.b().getDouble(b, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            load(TA, a, ao + i * WA, x, len, h);
            if (bs != 0) {
                load(TB, b, bo + i * WB, y, len, h);
            }
            apply(x, y, len);
            HeapRuns.store(x, len, o, oo + i * Double.BYTES);
        }
    }

    /** Reads {@code len} elements of dtype {@code t} at byte offset {@code at} into {@code d} as doubles. */
    private static void load(DType t, MemorySegment s, long at, double[] d, int len, HeapRuns h) {
        if (t == DType.FLOAT64) {
            HeapRuns.load(s, at, d, len);
        } else if (t == DType.FLOAT32) {
            float[] f = h.floatLoad();
            HeapRuns.load(s, at, f, len);
            for (int j = 0; j < len; j++) {
                d[j] = f[j];
            }
        } else if (t == DType.INT32) {
            int[] v = h.intX();
            MemorySegment.copy(s, Elements.I32, at, v, 0, len);
            for (int j = 0; j < len; j++) {
                d[j] = v[j];
            }
        } else {
            long[] v = h.longX();
            MemorySegment.copy(s, Elements.I64, at, v, 0, len);
            for (int j = 0; j < len; j++) {
                d[j] = v[j];
            }
        }
    }

    /** {@code x[j] = f(x[j], y[j])} for {@code j < len}; {@code OP} is a constant, one loop compiles. */
    private static void apply(double[] x, double[] y, int len) {
        if (OP == VOp.ADD) {
            for (int j = 0; j < len; j++) {
                x[j] = x[j] + y[j];
            }
        } else if (OP == VOp.SUB) {
            for (int j = 0; j < len; j++) {
                x[j] = x[j] - y[j];
            }
        } else if (OP == VOp.MUL) {
            for (int j = 0; j < len; j++) {
                x[j] = x[j] * y[j];
            }
        } else if (OP == VOp.DIV) {
            for (int j = 0; j < len; j++) {
                x[j] = x[j] / y[j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                x[j] = R.apply(x[j], y[j]);
            }
        }
    }
}
