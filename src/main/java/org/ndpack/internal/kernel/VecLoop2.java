package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of the vector two-operand loop over one species (see {@link Specializer}): contiguous
 * operands, or a contiguous first operand and a broadcast (stride 0) second one, run a vector at a
 * time; the remainder, and every other layout, runs the portable tail kernel, which computes the
 * same bits.
 */
final class VecLoop2 implements Kernel2 {
    private static final VectorKernels.Binary D = (VectorKernels.Binary) Specializer.data(MethodHandles.lookup());
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Object> SP = (VectorSpecies<Object>) D.species();
    private static final VectorOperators.Binary OP = D.op();
    private static final Kernel2 TAIL = D.tail();
    private static final long W = SP.elementSize() / 8;
    private static final long L = SP.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == W && os == W) {
            long bound = n - n % L;
            if (bs == W) {
                for (; i < bound; i += L) {
                    Vector<Object> x = SP.fromMemorySegment(a, ao + i * W, NATIVE);
                    Vector<Object> y = SP.fromMemorySegment(b, bo + i * W, NATIVE);
                    x.lanewise(OP, y).intoMemorySegment(o, oo + i * W, NATIVE);
                }
            } else if (bs == 0 && bound > 0) {
                Vector<Object> y = SP.fromMemorySegment(replicate(b, bo), 0, NATIVE);
                for (; i < bound; i += L) {
                    Vector<Object> x = SP.fromMemorySegment(a, ao + i * W, NATIVE);
                    x.lanewise(OP, y).intoMemorySegment(o, oo + i * W, NATIVE);
                }
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i * os, os);
        }
    }

    /** {@return a vector's worth of copies of the element at {@code off}} */
    private static MemorySegment replicate(MemorySegment s, long off) {
        MemorySegment r = MemorySegment.ofArray(new byte[(int) (L * W)]);
        for (long k = 0; k < L; k++) {
            MemorySegment.copy(s, off, r, k * W, W);
        }
        return r;
    }
}
