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
    private static final long VB = SP.vectorByteSize();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == W && os == W) {
            long bound = n - n % L;
            if (bs == W) {
                // four vectors per iteration: fewer loop and bounds-check instructions per byte,
                // which matters when the operands are in cache
                long bound4 = n - n % (4 * L);
                for (; i < bound4; i += 4 * L) {
                    long p = i * W;
                    Vector<Object> x0 = SP.fromMemorySegment(a, ao + p, NATIVE);
                    Vector<Object> x1 = SP.fromMemorySegment(a, ao + p + VB, NATIVE);
                    Vector<Object> x2 = SP.fromMemorySegment(a, ao + p + 2 * VB, NATIVE);
                    Vector<Object> x3 = SP.fromMemorySegment(a, ao + p + 3 * VB, NATIVE);
                    Vector<Object> y0 = SP.fromMemorySegment(b, bo + p, NATIVE);
                    Vector<Object> y1 = SP.fromMemorySegment(b, bo + p + VB, NATIVE);
                    Vector<Object> y2 = SP.fromMemorySegment(b, bo + p + 2 * VB, NATIVE);
                    Vector<Object> y3 = SP.fromMemorySegment(b, bo + p + 3 * VB, NATIVE);
                    x0.lanewise(OP, y0).intoMemorySegment(o, oo + p, NATIVE);
                    x1.lanewise(OP, y1).intoMemorySegment(o, oo + p + VB, NATIVE);
                    x2.lanewise(OP, y2).intoMemorySegment(o, oo + p + 2 * VB, NATIVE);
                    x3.lanewise(OP, y3).intoMemorySegment(o, oo + p + 3 * VB, NATIVE);
                }
                for (; i < bound; i += L) {
                    Vector<Object> x = SP.fromMemorySegment(a, ao + i * W, NATIVE);
                    Vector<Object> y = SP.fromMemorySegment(b, bo + i * W, NATIVE);
                    x.lanewise(OP, y).intoMemorySegment(o, oo + i * W, NATIVE);
                }
            } else if (bs == 0 && bound > 0) {
                Vector<Object> y = broadcastAt(b, bo);
                long bound4 = n - n % (4 * L);
                for (; i < bound4; i += 4 * L) {
                    long p = i * W;
                    SP.fromMemorySegment(a, ao + p, NATIVE).lanewise(OP, y).intoMemorySegment(o, oo + p, NATIVE);
                    SP.fromMemorySegment(a, ao + p + VB, NATIVE).lanewise(OP, y).intoMemorySegment(o, oo + p + VB, NATIVE);
                    SP.fromMemorySegment(a, ao + p + 2 * VB, NATIVE).lanewise(OP, y)
                            .intoMemorySegment(o, oo + p + 2 * VB, NATIVE);
                    SP.fromMemorySegment(a, ao + p + 3 * VB, NATIVE).lanewise(OP, y)
                            .intoMemorySegment(o, oo + p + 3 * VB, NATIVE);
                }
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
