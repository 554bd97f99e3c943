package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

import org.ndpack.internal.dtype.Elements;

/**
 * Template of the portable two-operand loop of a real function whose operands and result are
 * all float32 (a {@link Elem.Double2} over float32 codecs). Never used as is: {@link Specializer}
 * defines a hidden-class copy of it per function, as for {@link Loop2}. Long contiguous runs
 * (the second operand contiguous or broadcast) go through heap arrays ({@link HeapRuns}), where
 * C2 vectorises the loop, with the same bits as the element loop (add, subtract, multiply and
 * divide directly on the float32 elements, not through the function's {@code double} form; see
 * {@link HeapRuns.Spec2}); every other run goes to {@link Loop2} specialised on the same function.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.
 */
final class Loop2F32 implements Kernel2 {
    private static final HeapRuns.Spec2 S = (HeapRuns.Spec2) Specializer.data(MethodHandles.lookup());
    private static final Elem.Double2 F = S.f();
    /** The real function. */
    private static final Fn.D2 R = F.f();
    /** The arithmetic operation that {@code R} is, computed in the element type itself; null for another function. */
    private static final VOp OP = S.op();
    /** The element loop of the same function, for strided and short runs. */
    private static final Kernel2 ELEMENTS = Specializer.elements2(F);
    private static final long W = Float.BYTES;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        if (n < HeapRuns.MIN || as != W || os != W || (bs != W && bs != 0)) {
            ELEMENTS.run(n, a, ao, as, b, bo, bs, o, oo, os);
            return;
        }
        HeapRuns h = HeapRuns.get();
        float[] x = h.floatX();
        float[] y = h.floatY();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.F32, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * W;
            HeapRuns.load(a, ao + at, x, len);
            if (bs != 0) {
                HeapRuns.load(b, bo + at, y, len);
            }
            apply(x, y, len);
            HeapRuns.store(x, len, o, oo + at);
        }
    }

    /**
     * {@code x[j] = f(x[j], y[j])} for {@code j < len}: in the element type itself for the four
     * arithmetic operations (for float32, the same bits as through {@code double}, see
     * {@link HeapRuns.Spec2}), else through the function's {@code double} form.
     * {@code OP} is a constant of this specialised class, so only one loop is compiled.
     */
    private static void apply(float[] x, float[] y, int len) {
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
                x[j] = (float) R.apply(x[j], y[j]);
            }
        }
    }
}
