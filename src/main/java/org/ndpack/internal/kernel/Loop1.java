package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * Template of the portable one-operand loop; see {@link Loop2}, also for the heap runs of
 * float32 and float64 functions.
 */
final class Loop1 implements Kernel1 {
    private static final Elem.E1 F = (Elem.E1) Specializer.data(MethodHandles.lookup());
    /** The real function of the heap runs, or null when F has none. */
    private static final Fn.D1 R = F instanceof Elem.Double1 d ? d.f() : null;
    /** Element width of the heap runs (4 or 8), or 0 when F has none. */
    private static final long W = F instanceof Elem.Double1 d ? HeapRuns.width(d.a(), d.o()) : 0;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os) {
        if (W != 0 && n >= HeapRuns.MIN && as == W && os == W) {
            if (W == Double.BYTES) {
                runF64(n, a, ao, o, oo);
            } else {
                runF32(n, a, ao, o, oo);
            }
            return;
        }
        for (long i = 0; i < n; i++) {
            F.apply(a, ao + i * as, o, oo + i * os);
        }
    }

    private static void runF64(long n, MemorySegment a, long ao, MemorySegment o, long oo) {
        double[] x = HeapRuns.get().dx();
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * Double.BYTES;
            HeapRuns.load(a, ao + at, x, len);
            for (int j = 0; j < len; j++) {
                x[j] = R.apply(x[j]);
            }
            HeapRuns.store(x, len, o, oo + at);
        }
    }

    private static void runF32(long n, MemorySegment a, long ao, MemorySegment o, long oo) {
        float[] x = HeapRuns.get().fx();
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * Float.BYTES;
            HeapRuns.load(a, ao + at, x, len);
            for (int j = 0; j < len; j++) {
                x[j] = (float) R.apply(x[j]);
            }
            HeapRuns.store(x, len, o, oo + at);
        }
    }
}
