package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

import org.ndpack.internal.dtype.Elements;

/**
 * Template of the portable two-operand loop of an integer function whose operands and result are
 * all int64 (a {@link Elem.Long2} over int64 codecs), specialised by {@link Specializer} per
 * function. Long contiguous runs (the second operand contiguous or broadcast) are copied a chunk
 * at a time into heap {@code long[]} arrays and computed there by a plain loop over the arrays,
 * which C2 compiles with its range checks hoisted (and vectorises where the function allows);
 * every other run goes to the element loop of the same function. The function is the same, so
 * the results are the same. Meant for the functions without a Vector API form (remainder, floor
 * division and power of two arrays, among others): over a segment, element at a time, a 64-bit
 * remainder ran at a third of NumPy's speed, over arrays at its speed. Stateless apart from the
 * calling thread's scratch arrays; thread-safe.
 */
final class Loop2I64 implements Kernel2 {
    private static final Elem.Long2 F = (Elem.Long2) Specializer.data(MethodHandles.lookup());
    private static final Fn.L2 R = F.f();
    /** The element loop of the same function, for strided and short runs. */
    private static final Kernel2 ELEMENTS = Specializer.elements2(F);
    private static final long W = Long.BYTES;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        if (n < HeapRuns.MIN || as != W || os != W || (bs != W && bs != 0)) {
            ELEMENTS.run(n, a, ao, as, b, bo, bs, o, oo, os);
            return;
        }
        HeapRuns h = HeapRuns.get();
        long[] x = h.longX();
        long[] y = h.longY();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.I64, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * W;
            MemorySegment.copy(a, Elements.I64, ao + at, x, 0, len);
            if (bs != 0) {
                MemorySegment.copy(b, Elements.I64, bo + at, y, 0, len);
            }
            for (int j = 0; j < len; j++) {
                x[j] = R.apply(x[j], y[j]);
            }
            MemorySegment.copy(x, 0, o, Elements.I64, oo + at, len);
        }
    }
}
