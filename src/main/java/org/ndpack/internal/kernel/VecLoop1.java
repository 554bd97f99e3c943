package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Template of the vector one-operand loop over one species; see {@link VecLoop2}. */
final class VecLoop1 implements Kernel1 {
    private static final VectorKernels.Unary D = (VectorKernels.Unary) Specializer.data(MethodHandles.lookup());
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Object> SP = (VectorSpecies<Object>) D.species();
    private static final VectorOperators.Unary OP = D.op();
    private static final Kernel1 TAIL = D.tail();
    private static final long W = SP.elementSize() / 8;
    private static final long L = SP.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == W && os == W) {
            long bound = n - n % L;
            for (; i < bound; i += L) {
                SP.fromMemorySegment(a, ao + i * W, NATIVE).lanewise(OP).intoMemorySegment(o, oo + i * W, NATIVE);
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, o, oo + i * os, os);
        }
    }
}
