package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of the vector comparison over one species: contiguous operands, or a contiguous first
 * operand and a broadcast (stride 0) second one, compare a vector at a time, and the lane mask is
 * spread to one bool byte per lane ({@link Long#expand}); other layouts and the remainder run the
 * portable tail.
 */
final class VecCompare2 implements Kernel2 {
    private static final VectorKernels.Compare D = (VectorKernels.Compare) Specializer.data(MethodHandles.lookup());
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Object> SP = (VectorSpecies<Object>) D.species();
    private static final VectorOperators.Comparison OP = D.op();
    private static final Kernel2 TAIL = D.tail();
    private static final long W = SP.elementSize() / 8;
    private static final int L = SP.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final long ONES = 0x0101010101010101L;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == W && bs == 0 && os == 1 && L >= 4 && n >= L) {
            // a broadcast second operand (a comparison with a scalar): one vector of copies
            Vector<Object> y = broadcastAt(b, bo);
            long bound = n - n % L;
            for (; i < bound; i += L) {
                store(o, oo + i, SP.fromMemorySegment(a, ao + i * W, NATIVE).compare(OP, y).toLong());
            }
        }
        if (as == W && bs == W && os == 1 && L >= 4) {
            long bound = n - n % L;
            for (; i < bound; i += L) {
                long bits = SP.fromMemorySegment(a, ao + i * W, NATIVE)
                        .compare(OP, SP.fromMemorySegment(b, bo + i * W, NATIVE)).toLong();
                store(o, oo + i, bits);
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i * os, os);
        }
    }

    /** Writes the lane mask {@code bits} of one vector as one bool byte per lane at {@code at}. */
    private static void store(MemorySegment o, long at, long bits) {
        if (L == 4) {
            o.set(ValueLayout.JAVA_INT_UNALIGNED, at, (int) Long.expand(bits, ONES));
        } else {
            for (int k = 0; k < L; k += 8) {
                o.set(ValueLayout.JAVA_LONG_UNALIGNED, at + k, Long.expand(bits >>> k, ONES));
            }
        }
    }

    /**
     * {@return a vector of copies of the element at byte offset {@code off}}: read as a scalar
     * and broadcast in SP's own type (SP is a constant, so one arm of the test remains). Neither
     * a vector load from a heap segment nor a lane reinterpretation: until C2 compiles its caller
     * the latter runs the Vector API's fallback through a heap segment, and either puts a heap
     * segment's type into the profile of every vector load and store of those lane types in the
     * JVM, which C2 then compiles less well (1.5-3x slower loops, once 140x).
     */
    @SuppressWarnings("unchecked")
    private static Vector<Object> broadcastAt(MemorySegment s, long off) {
        Class<?> e = SP.elementType();
        if (e == float.class) {
            return (Vector<Object>) (Vector<?>) FloatVector.broadcast((VectorSpecies<Float>) (VectorSpecies<?>) SP,
                    s.get(ValueLayout.JAVA_FLOAT_UNALIGNED, off));
        }
        if (e == double.class) {
            return (Vector<Object>) (Vector<?>) DoubleVector.broadcast((VectorSpecies<Double>) (VectorSpecies<?>) SP,
                    s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off));
        }
        // integer lanes: the signed value of the element's bits fits the lane type
        long bits = switch ((int) W) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, off);
            case 2 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED, off);
            case 4 -> s.get(ValueLayout.JAVA_INT_UNALIGNED, off);
            default -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
        };
        return SP.broadcast(bits);
    }
}
