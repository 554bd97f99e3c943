package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Template of the vector float16/bfloat16 two-operand loop: widens a vector of halves to float32
 * ({@link HalfVectors}), applies the operator in float32 and rounds once back. For
 * {@code + - * /}, min and max this is the correctly rounded result, the same bits as the
 * portable loop (which computes in double and rounds once).
 */
final class VecHalf2 implements Kernel2 {
    private static final VectorKernels.Half D = (VectorKernels.Half) Specializer.data(MethodHandles.lookup());
    private static final VectorOperators.Binary OP = D.op();
    private static final boolean BF16 = D.bfloat16();
    private static final Kernel2 TAIL = D.tail();
    private static final long L = HalfVectors.F.length();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == 2 && bs == 2 && os == 2) {
            long bound = n - n % L;
            for (; i < bound; i += L) {
                FloatVector x = widen(HalfVectors.load(a, ao + 2 * i));
                FloatVector y = widen(HalfVectors.load(b, bo + 2 * i));
                HalfVectors.store(narrow(x.lanewise(OP, y)), o, oo + 2 * i);
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i * os, os);
        }
    }

    private static FloatVector widen(IntVector h) {
        return BF16 ? HalfVectors.bfloat16ToFloat(h) : HalfVectors.halfToFloat(h);
    }

    private static IntVector narrow(FloatVector f) {
        return BF16 ? HalfVectors.floatToBfloat16(f) : HalfVectors.floatToHalf(f);
    }
}
