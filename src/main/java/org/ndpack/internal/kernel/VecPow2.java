package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of the vector {@code power} loop over float32 or float64 lanes (see
 * {@link Specializer}; class data {@link VectorKernels.Binary} with {@code VectorOperators.POW}):
 * C's {@code pow(x, y)}, as the portable loop's {@code Scalar.pow}, for contiguous operands or a
 * contiguous base and a broadcast (stride 0) exponent; the remainder, and every other layout, runs
 * the portable tail kernel.
 *
 * <p>The lanes' pow (on x86 with AVX-512, the JDK's SVML stub) is applied to {@code |x|}: the SVML
 * stub computes negative bases lane by lane out of line, 50 to 80 times slower (with half the
 * bases negative, {@code x ** 3.0} ran at 60 ns an element against 1 on positive ones). The sign
 * and the domain follow from the exponent as in C: {@code pow(x, y) = -pow(|x|, y)} for negative
 * x (-0.0 and -inf included) and an odd integer y, NaN for a finite negative x and a non-integer
 * finite y, {@code pow(|x|, y)} otherwise. Then C's two cases that Java's pow does not share:
 * {@code pow(1, y) = 1} (y NaN included) and {@code pow(-1, ±inf) = 1}. Special values thus give
 * exactly {@code Scalar.pow}'s result; the others may differ from it in the last place
 * ({@code TranscendentalUlpTest} bounds the error). A vector whose bases are all positive and
 * not 1 needs none of these fixes (each is a no-op on such lanes) and skips them: one comparison
 * pair and a branch instead of some thirty lane operations, which were as costly as the pow
 * itself. The branch stores in each arm: a vector merged at a join compiles boxed where C2 has
 * no type profiles.
 *
 * <p>Stateless, so thread-safe. Loaded only when the Vector API is enabled, the JDK has a native
 * vector pow ({@link VectorKernels#NATIVE_POW}), and a float32 or float64 {@code power} kernel
 * switches to its vector form ({@link Kernels#warms}).
 */
final class VecPow2 implements Kernel2 {
    private static final VectorKernels.Binary D = (VectorKernels.Binary) Specializer.data(MethodHandles.lookup());
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Object> SP = (VectorSpecies<Object>) D.species();
    private static final VectorOperators.Binary OP = D.op();
    private static final Kernel2 TAIL = D.tail();
    private static final long W = SP.elementSize() / 8;
    private static final long L = SP.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /**
     * 2^(p-1) for p significand bits: every value at or above it is an even integer or (below
     * twice it) an integer, and {@code (a + BIG) - BIG} rounds {@code 0 <= a < BIG} to an integer.
     */
    private static final long BIG = W == 4 ? 1L << 23 : 1L << 52;

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == W && os == W && (bs == W || bs == 0)) {
            long bound = n - n % L;
            Vector<Object> nan = constant(Double.NaN);
            if (bs == W) {
                for (; i < bound; i += L) {
                    Vector<Object> x = SP.fromMemorySegment(a, ao + i * W, NATIVE);
                    Vector<Object> y = SP.fromMemorySegment(b, bo + i * W, NATIVE);
                    // each branch stores its own result: no vector merges at a join, which C2
                    // compiles boxed where it has no type profiles (UnprofiledVectorTest)
                    if (simple(x)) {
                        x.lanewise(OP, y).intoMemorySegment(o, oo + i * W, NATIVE);
                    } else {
                        pow(x, y, nan).intoMemorySegment(o, oo + i * W, NATIVE);
                    }
                }
            } else if (bound > 0) {
                // the exponent read as a scalar and broadcast: no heap segment, no reinterpretation
                Vector<Object> y = constant(W == 4 ? b.get(ValueLayout.JAVA_FLOAT_UNALIGNED, bo)
                        : b.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, bo));
                for (; i < bound; i += L) {
                    Vector<Object> x = SP.fromMemorySegment(a, ao + i * W, NATIVE);
                    if (simple(x)) {
                        x.lanewise(OP, y).intoMemorySegment(o, oo + i * W, NATIVE);
                    } else {
                        pow(x, y, nan).intoMemorySegment(o, oo + i * W, NATIVE);
                    }
                }
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i * os, os);
        }
    }

    /**
     * {@return whether every lane of {@code x} is positive and not 1 (so not NaN)} None of
     * {@link #pow}'s fixes applies to such a lane (each is a no-op there), so the lanes' pow alone
     * is the whole answer, bit for bit the same.
     */
    private static boolean simple(Vector<Object> x) {
        return x.compare(VectorOperators.GT, 0).and(x.compare(VectorOperators.NE, 1)).allTrue();
    }

    /** {@return C's pow of each lane}; see the class comment. */
    private static Vector<Object> pow(Vector<Object> x, Vector<Object> y, Vector<Object> nan) {
        Vector<Object> r = x.lanewise(VectorOperators.ABS).lanewise(OP, y);
        Vector<Object> ay = y.lanewise(VectorOperators.ABS);
        VectorMask<Object> integer = isInteger(ay);
        // |y| * 0.5 is exact where it matters (an odd integer is at least 1), and is no division
        VectorMask<Object> odd = integer.andNot(isInteger(ay.lanewise(VectorOperators.MUL, constant(0.5))));
        // the sign bit through comparisons (a floating vector's test(IS_NEGATIVE) views the lanes
        // as integers, see VectorApiUseTest): below zero, or -0.0, whose reciprocal is -inf
        VectorMask<Object> below = x.compare(VectorOperators.LT, 0);
        VectorMask<Object> negative = below.or(x.compare(VectorOperators.EQ, 0)
                .and(x.broadcast(1).lanewise(VectorOperators.DIV, x).compare(VectorOperators.LT, 0)));
        r = r.blend(r.lanewise(VectorOperators.NEG), negative.and(odd));
        // a NaN exponent too: pow(|x|, NaN) may be 1 where |x| is 1, and pow(-1, NaN) is NaN;
        // x - x is 0 exactly for finite x
        VectorMask<Object> finite = x.lanewise(VectorOperators.SUB, x).compare(VectorOperators.EQ, 0);
        VectorMask<Object> domain = below.and(finite).andNot(integer);
        r = r.blend(nan, domain);
        VectorMask<Object> one = x.compare(VectorOperators.EQ, 1).or(x.compare(VectorOperators.EQ, -1)
                .and(ay.compare(VectorOperators.EQ, constant(Double.POSITIVE_INFINITY))));
        return r.blend(1, one);
    }

    /** {@return which lanes of {@code a} (not negative, or NaN) hold an integer or infinity} */
    private static VectorMask<Object> isInteger(Vector<Object> a) {
        return a.compare(VectorOperators.GE, BIG)
                .or(a.lanewise(VectorOperators.ADD, BIG).lanewise(VectorOperators.SUB, BIG).compare(VectorOperators.EQ, a));
    }

    /** {@return a vector of copies of {@code v}} in SP's own type ({@code v} exact in it), without a reinterpretation */
    @SuppressWarnings("unchecked")
    private static Vector<Object> constant(double v) {
        if (W == 4) {
            return (Vector<Object>) (Vector<?>) FloatVector.broadcast((VectorSpecies<Float>) (VectorSpecies<?>) SP, (float) v);
        }
        return (Vector<Object>) (Vector<?>) DoubleVector.broadcast((VectorSpecies<Double>) (VectorSpecies<?>) SP, v);
    }
}
