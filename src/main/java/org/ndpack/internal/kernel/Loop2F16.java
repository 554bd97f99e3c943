package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

import org.ndpack.internal.dtype.Elements;

/**
 * Template of the portable float16 add, subtract, multiply and divide (a {@link Elem.Double2}
 * over float16 codecs and one of the four {@link HeapRuns#arithmetic} operations), specialised by
 * {@link Specializer} per operation. Long contiguous runs (the second operand contiguous or
 * broadcast) are copied a chunk at a time into heap {@code short[]} arrays and computed there as
 * {@code floatToFloat16(float16ToFloat(x) op float16ToFloat(y))}, a loop C2 vectorises with the
 * hardware's half-precision conversions where it has them (F16C on x86); every other run goes to
 * the element loop of the same function.
 *
 * <p>The same bits as the element loop, which computes in float64 and rounds once to float16:
 * float32 carries more than twice float16's 11 significand bits, plus two, and its exponent range
 * holds every float16 operand and result exactly, so the float32 operation's rounding followed by
 * the rounding to float16 is the single correct rounding (as for float32 through float64, see
 * {@link HeapRuns.Spec2}). NaN payloads pass through both conversions as in the element loop.
 *
 * <p>This is also the vector form of these operations: no Vector API loop is used for float16,
 * because converting half bits with the Vector API takes lane reinterpretations, whose fallback
 * until C2 compiles them (a heap segment) makes C2 compile every float and int vector load and
 * store in the JVM less well (see {@code VecRound1}). Stateless apart from the calling thread's
 * scratch arrays; thread-safe.
 */
final class Loop2F16 implements Kernel2 {
    private static final HeapRuns.Spec2 S = (HeapRuns.Spec2) Specializer.data(MethodHandles.lookup());
    private static final VOp OP = S.op();
    /** The element loop of the same function, for strided and short runs. */
    private static final Kernel2 ELEMENTS = Specializer.elements2(S.f());
    private static final long W = Short.BYTES;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        if (n < HeapRuns.MIN || as != W || os != W || (bs != W && bs != 0)) {
            ELEMENTS.run(n, a, ao, as, b, bo, bs, o, oo, os);
            return;
        }
        HeapRuns h = HeapRuns.get();
        short[] x = h.halfX();
        short[] y = h.halfY();
        if (bs == 0) {
            Arrays.fill(y, 0, (int) Math.min(HeapRuns.CHUNK, n), b.get(Elements.I16, bo));
        }
        for (long i = 0; i < n; i += HeapRuns.CHUNK) {
            int len = (int) Math.min(HeapRuns.CHUNK, n - i);
            long at = i * W;
            MemorySegment.copy(a, Elements.I16, ao + at, x, 0, len);
            if (bs != 0) {
                MemorySegment.copy(b, Elements.I16, bo + at, y, 0, len);
            }
            apply(x, y, len);
            MemorySegment.copy(x, 0, o, Elements.I16, oo + at, len);
        }
    }

    /** {@code x[j] = x[j] op y[j]} in float32 for {@code j < len}; {@code OP} is a constant, one loop compiles. */
    private static void apply(short[] x, short[] y, int len) {
        if (OP == VOp.ADD) {
            for (int j = 0; j < len; j++) {
                x[j] = Float.floatToFloat16(Float.float16ToFloat(x[j]) + Float.float16ToFloat(y[j]));
            }
        } else if (OP == VOp.SUB) {
            for (int j = 0; j < len; j++) {
                x[j] = Float.floatToFloat16(Float.float16ToFloat(x[j]) - Float.float16ToFloat(y[j]));
            }
        } else if (OP == VOp.MUL) {
            for (int j = 0; j < len; j++) {
                x[j] = Float.floatToFloat16(Float.float16ToFloat(x[j]) * Float.float16ToFloat(y[j]));
            }
        } else {
            for (int j = 0; j < len; j++) {
                x[j] = Float.floatToFloat16(Float.float16ToFloat(x[j]) / Float.float16ToFloat(y[j]));
            }
        }
    }
}
