package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * Template of the portable one-operand loop of a real function whose operand and result are
 * both float32; see {@link Loop2F32}.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.
 */
final class Loop1F32 implements Kernel1 {
    private static final Elem.Double1 F = (Elem.Double1) Specializer.data(MethodHandles.lookup());
    /** The real function. */
    private static final Fn.D1 R = F.f();
    /** The element loop of the same function, for strided and short runs. */
    private static final Kernel1 ELEMENTS = Specializer.elements1(F);
    private static final long W = Float.BYTES;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os) {
        if (n < HeapRuns.MIN || as != W || os != W) {
            ELEMENTS.run(n, a, ao, as, o, oo, os);
            return;
        }
        float[] x = HeapRuns.get().floatX();
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * W;
            HeapRuns.load(a, ao + at, x, len);
            for (int j = 0; j < len; j++) {
                x[j] = (float) R.apply(x[j]);
            }
            HeapRuns.store(x, len, o, oo + at);
        }
    }
}
