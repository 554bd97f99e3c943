package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * Template of the portable two-operand loop of an integer function whose operands and result are
 * all int64, or all int32 (a {@link Elem.Long2} over one of those codecs), specialised by
 * {@link Specializer} per function. Long contiguous runs (the second operand contiguous or
 * broadcast) are copied a chunk at a time into heap {@code long[]} or {@code int[]} arrays and
 * computed there by a plain loop, which C2 compiles with its range checks hoisted (and
 * vectorises where the function allows); every other run goes to the element loop of the same
 * function. The function is the same, and an int32 result is narrowed as the int32 codec narrows
 * it, so the values are the same. Meant for the functions without a Vector API form (remainder,
 * floor division and power of two arrays, shifts by per-element counts): over a segment, element
 * at a time, a 1M int64 remainder took 1.2 ms in one JVM and 3.4-6.7 ms in another that also ran
 * an int32 floor division; over arrays 1.5 ms in both. Stateless apart from the calling thread's
 * scratch arrays; thread-safe.
 */
final class Loop2Int implements Kernel2 {
    private static final Elem.Long2 F = (Elem.Long2) Specializer.data(MethodHandles.lookup());
    private static final Fn.L2 R = F.f();
    /** The element loop of the same function, for strided and short runs. */
    private static final Kernel2 ELEMENTS = Specializer.elements2(F);
    /** The element width: 8 (int64) or 4 (int32); a constant, so one of the two loops compiles. */
    private static final long W = F.a() == ElementCodec.of(DType.INT64) ? Long.BYTES : Integer.BYTES;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        if (n < HeapRuns.MIN || as != W || os != W || (bs != W && bs != 0)) {
            ELEMENTS.run(n, a, ao, as, b, bo, bs, o, oo, os);
        } else if (W == Long.BYTES) {
            longs(n, a, ao, b, bo, bs, o, oo);
        } else {
            ints(n, a, ao, b, bo, bs, o, oo);
        }
    }

    private static void longs(long n, MemorySegment a, long ao, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo) {
        HeapRuns h = HeapRuns.get();
        long[] x = h.longX();
        long[] y = h.longY();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.I64, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * Long.BYTES;
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

    private static void ints(long n, MemorySegment a, long ao, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo) {
        HeapRuns h = HeapRuns.get();
        int[] x = h.intX();
        int[] y = h.intY();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.I32, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * Integer.BYTES;
            MemorySegment.copy(a, Elements.I32, ao + at, x, 0, len);
            if (bs != 0) {
                MemorySegment.copy(b, Elements.I32, bo + at, y, 0, len);
            }
            for (int j = 0; j < len; j++) {
                x[j] = (int) R.apply(x[j], y[j]);
            }
            MemorySegment.copy(x, 0, o, Elements.I32, oo + at, len);
        }
    }
}
