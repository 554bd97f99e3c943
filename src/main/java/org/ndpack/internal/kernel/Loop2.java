package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

import org.ndpack.internal.dtype.Elements;

/**
 * Template of the portable two-operand loop. Never used as is: {@link Specializer} defines a
 * hidden-class copy of it per element function, whose {@code F} is that function as a constant,
 * so each copy compiles to its own loop with the function inlined.
 *
 * <p>A real function whose operands and result are all float32 or all float64 runs long
 * contiguous runs (the second operand contiguous or broadcast) through heap arrays
 * ({@link HeapRuns}), where C2 vectorises the loop; same bits as the element loop.
 */
final class Loop2 implements Kernel2 {
    private static final Elem.E2 F = (Elem.E2) Specializer.data(MethodHandles.lookup());
    /** The real function of the heap runs, or null when F has none. */
    private static final Fn.D2 R = F instanceof Elem.Double2 d ? d.f() : null;
    /** Element width of the heap runs (4 or 8), or 0 when F has none. */
    private static final long W = F instanceof Elem.Double2 d ? HeapRuns.width(d.a(), d.b(), d.o()) : 0;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        if (W != 0 && n >= HeapRuns.MIN && as == W && os == W && (bs == W || bs == 0)) {
            if (W == Double.BYTES) {
                runF64(n, a, ao, b, bo, bs, o, oo);
            } else {
                runF32(n, a, ao, b, bo, bs, o, oo);
            }
            return;
        }
        for (long i = 0; i < n; i++) {
            F.apply(a, ao + i * as, b, bo + i * bs, o, oo + i * os);
        }
    }

    private static void runF64(long n, MemorySegment a, long ao, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo) {
        HeapRuns h = HeapRuns.get();
        double[] x = h.dx();
        double[] y = h.dy();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.F64, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * Double.BYTES;
            HeapRuns.load(a, ao + at, x, len);
            if (bs != 0) {
                HeapRuns.load(b, bo + at, y, len);
            }
            for (int j = 0; j < len; j++) {
                x[j] = R.apply(x[j], y[j]);
            }
            HeapRuns.store(x, len, o, oo + at);
        }
    }

    private static void runF32(long n, MemorySegment a, long ao, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo) {
        HeapRuns h = HeapRuns.get();
        float[] x = h.fx();
        float[] y = h.fy();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.F32, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * Float.BYTES;
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
