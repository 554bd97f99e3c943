package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Template of the vector bfloat16 two-operand loop: widens a vector of bfloat16 values to float32
 * ({@link HalfVectors}), applies the operator in float32 and rounds once back. For
 * {@code + - * /}, min and max this is the correctly rounded result, the same bits as the
 * portable loop (which computes in double and rounds once). float16 takes {@link Loop2F16}
 * instead (see {@link HalfVectors} why).
 */
final class VecHalf2 implements Kernel2 {
    private static final VectorKernels.Half D = (VectorKernels.Half) Specializer.data(MethodHandles.lookup());
    private static final VectorOperators.Binary OP = D.op();
    private static final Kernel2 TAIL = D.tail();
    private static final long L = HalfVectors.I.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements per block of the two passes (2 KiB per operand). */
    private static final long BLOCK = 1024;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == 2 && bs == 2 && os == 2) {
            long bound = n - n % (2 * L);
            // Each int lane holds two halves: element 2k in the low 16 bits, 2k+1 in the high. The
            // two sets run as two passes over blocks small enough to stay in L1, each pass its own
            // method, so that each compiles within the JIT's inlining budget (one pass over both
            // sets exceeds it and the vectors would be boxed).
            while (i < bound) {
                long len = Math.min(BLOCK, bound - i);
                low(len, a, ao + 2 * i, b, bo + 2 * i, o, oo + 2 * i);
                high(len, a, ao + 2 * i, b, bo + 2 * i, o, oo + 2 * i);
                i += len;
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i * os, os);
        }
    }

    /** Writes the results of the even elements (low halves of each int lane), high halves zero. */
    private static void low(long len, MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo) {
        for (long k = 0; k < 2 * len; k += 4 * L) {
            IntVector x = IntVector.fromMemorySegment(HalfVectors.I, a, ao + k, NATIVE).and(0xffff);
            IntVector y = IntVector.fromMemorySegment(HalfVectors.I, b, bo + k, NATIVE).and(0xffff);
            narrow(widen(x).lanewise(OP, widen(y))).and(0xffff).intoMemorySegment(o, oo + k, NATIVE);
        }
    }

    /** Adds the results of the odd elements (high halves) to what {@link #low} wrote. */
    private static void high(long len, MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo) {
        for (long k = 0; k < 2 * len; k += 4 * L) {
            IntVector x = IntVector.fromMemorySegment(HalfVectors.I, a, ao + k, NATIVE).lanewise(VectorOperators.LSHR, 16);
            IntVector y = IntVector.fromMemorySegment(HalfVectors.I, b, bo + k, NATIVE).lanewise(VectorOperators.LSHR, 16);
            IntVector hi = narrow(widen(x).lanewise(OP, widen(y))).lanewise(VectorOperators.LSHL, 16);
            IntVector.fromMemorySegment(HalfVectors.I, o, oo + k, NATIVE).or(hi).intoMemorySegment(o, oo + k, NATIVE);
        }
    }

    private static FloatVector widen(IntVector h) {
        return HalfVectors.bfloat16ToFloat(h);
    }

    private static IntVector narrow(FloatVector f) {
        return HalfVectors.floatToBfloat16(f);
    }
}
