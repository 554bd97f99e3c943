package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of the vector rounding loop ({@code floor}, {@code ceil}, {@code rint}, {@code trunc})
 * over a float32 or float64 species, specialised by {@link Specializer} on a
 * {@link VectorKernels.Round}. The Vector API has no lane operation that rounds to an integer, so
 * each lane is rounded with the add-and-subtract of {@code 2^(p-1)} ({@code 2^52}, {@code 2^23}),
 * which under Java's round-to-nearest-even gives {@code rint(|x|)} exactly for {@code |x| <
 * 2^(p-1)}; the other rounding modes adjust that by one where it lies on the wrong side, and a
 * negative lane is negated back, so a zero result keeps the sign it is due ({@code ceil(-0.5)} is
 * {@code -0.0}). Zeros, lanes at or past {@code 2^(p-1)} (integers already), infinities and NaNs
 * come out as {@code x - 0}, which is {@code x} for numbers and the quiet form of a NaN, as the
 * scalar loop's rounding instructions give. So every lane has the bits of compiled
 * {@link Math#floor}, {@link Math#ceil}, {@link Math#rint} and the scalar truncation (an
 * interpreted {@code Math.rint} returns a negative NaN positive: until C2 compiles the portable
 * loop, the sign of a NaN from {@code rint} may differ between the two). Contiguous runs
 * only; the remainder and every other layout run the portable tail kernel. Stateless and
 * thread-safe; loaded only when the Vector API is enabled.
 */
final class VecRound1 implements Kernel1 {
    private static final VectorKernels.Round D = (VectorKernels.Round) Specializer.data(MethodHandles.lookup());
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Object> SP = (VectorSpecies<Object>) D.species();
    private static final VOp MODE = D.mode();
    private static final Kernel1 TAIL = D.tail();
    private static final long W = SP.elementSize() / 8;
    private static final long L = SP.length();
    /** 2^(p-1): the least magnitude from which every value of the type is an integer. */
    private static final long BIG = W == 8 ? 1L << 52 : 1L << 23;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == W && os == W) {
            long bound = n - n % L;
            for (; i < bound; i += L) {
                round(SP.fromMemorySegment(a, ao + i * W, NATIVE)).intoMemorySegment(o, oo + i * W, NATIVE);
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, o, oo + i * os, os);
        }
    }

    /**
     * {@return the lanes of {@code x} rounded in {@link #MODE}} (a constant: its branches fold).
     * Signs go through masks, not bits: reinterpreting a vector's lanes runs, until C2 compiles
     * the caller, the Vector API's fallback through a heap segment, whose type then shows in the
     * profile of every vector load and store of those lane types in the JVM, and C2 compiles them
     * all less well.
     */
    private static Vector<Object> round(Vector<Object> x) {
        // ceil(x) is -floor(-x); the other modes round x itself
        Vector<Object> y = MODE == VOp.CEIL ? x.lanewise(VectorOperators.NEG) : x;
        Vector<Object> mag = x.lanewise(VectorOperators.ABS);
        // the lanes rounded here: not zero (which keeps its sign as it is), below 2^(p-1), not NaN
        VectorMask<Object> rounded = mag.compare(VectorOperators.LT, BIG).and(mag.compare(VectorOperators.GT, 0));
        VectorMask<Object> negative = y.compare(VectorOperators.LT, 0);
        Vector<Object> r = mag.lanewise(VectorOperators.ADD, BIG).lanewise(VectorOperators.SUB, BIG); // rint(|x|)
        if (MODE == VOp.TRUNC) {
            r = r.lanewise(VectorOperators.SUB, 1, r.compare(VectorOperators.GT, mag)); // floor(|x|)
        }
        Vector<Object> t = r.lanewise(VectorOperators.NEG, negative); // rint(y), or trunc(y); -0.0 where due
        if (MODE == VOp.FLOOR || MODE == VOp.CEIL) {
            t = t.lanewise(VectorOperators.SUB, 1, t.compare(VectorOperators.GT, y)); // floor(y)
        }
        if (MODE == VOp.CEIL) {
            t = t.lanewise(VectorOperators.NEG);
        }
        // x - 0 is x for zeros, large values and infinities, and the quiet form of a NaN
        return x.lanewise(VectorOperators.SUB, 0).blend(t, rounded);
    }
}
