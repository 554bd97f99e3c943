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
 * C2 vectorises the loop, with the same bits as the element loop; every other run goes to
 * {@link Loop2} specialised on the same function.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.
 */
final class Loop2F32 implements Kernel2 {
    private static final Elem.Double2 F = (Elem.Double2) Specializer.data(MethodHandles.lookup());
    /** The real function. */
    private static final Fn.D2 R = F.f();
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
            for (int j = 0; j < len; j++) {
                x[j] = (float) R.apply(x[j], y[j]);
            }
            HeapRuns.store(x, len, o, oo + at);
        }
    }
}
