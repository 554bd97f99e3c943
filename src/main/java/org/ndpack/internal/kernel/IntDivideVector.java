package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link IntDivide} for int32: eight values at a time are widened to int64
 * lanes, where the quotient by a divisor {@code d = ±e} is {@code floor(n / e) = (n * m) >> s} for
 * {@code 0 <= n < 2^31} with {@code c = ceil(log2 e)}, {@code s = 31 + c} and
 * {@code m = ceil(2^s / e)} (Granlund and Montgomery; {@code m * e - 2^s < e <= 2^c} is their
 * condition, and {@code n * m < 2^63} keeps the product exact). It holds for every
 * {@code e >= 1}, powers of two included. A negative value {@code x} is folded onto {@code ~x},
 * and a negative divisor gives {@code -ceil(x / e)}; the remainder is {@code x - q * d}. Narrowing
 * keeps the low 32 bits, so every element equals the portable loop's ({@link Math#floorDiv(long,
 * long)} of the widened values, narrowed). Needs 512-bit vectors ({@link #USABLE}): 64-bit lane
 * products are one instruction only with AVX-512.
 *
 * <p>Loaded only when the Vector API is enabled. Stateless and thread-safe.
 */
final class IntDivideVector {
    private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final Class<LongVector> L_T = ReduceVector.vectorClass(L);
    private static final Class<IntVector> I_T = ReduceVector.vectorClass(I);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Whether this machine's preferred vectors are 512 bits wide. */
    static final boolean USABLE = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    private IntDivideVector() {
    }

    /**
     * Runs the first {@code n - n % 8} of {@code n} contiguous int32 values at byte offset
     * {@code ao} of {@code a} into {@code o} at {@code oo}: their floor quotients by {@code d}, or
     * the remainders.
     *
     * @param d the divisor, a non-zero int32 value
     * @return the number of elements done
     */
    static long run(long n, MemorySegment a, long ao, MemorySegment o, long oo, long d, boolean rem) {
        long e = Math.abs(d);
        int c = 64 - Long.numberOfLeadingZeros(e - 1);
        int s = 31 + c;
        long m = ((1L << s) + e - 1) / e;
        long bound = n - n % 8;
        boolean neg = d < 0;
        // The casts give C2 the vectors' exact class whatever the profiles (see ReduceVector).
        for (long i = 0; i < bound; i += 8) {
            LongVector x = L_T.cast(I_T.cast(IntVector.fromMemorySegment(I, a, ao + 4 * i, LE))
                    .convertShape(VectorOperators.I2L, L, 0));
            LongVector sg = x.lanewise(VectorOperators.ASHR, 63);
            LongVector q = x.lanewise(VectorOperators.XOR, sg).mul(m)
                    .lanewise(VectorOperators.ASHR, s).lanewise(VectorOperators.XOR, sg);
            if (neg) {
                LongVector r = x.sub(q.mul(e));
                q = q.neg().sub(r.or(r.neg()).lanewise(VectorOperators.LSHR, 63));
            }
            if (rem) {
                q = x.sub(L_T.cast(q).mul(d));
            }
            I_T.cast(L_T.cast(q).convertShape(VectorOperators.L2I, I, 0)).intoMemorySegment(o, oo + 4 * i, LE);
        }
        return bound;
    }
}
