package org.ndpack.internal.kernel;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link ReduceArg}'s search for the first position of a block's extreme,
 * a vector of keys at a time (the scalar search stops at the first hit, which C2 does not
 * vectorise, and an extreme lies half a block in on average). The keys are {@code ReduceArg}'s:
 * the magnitude of a float's bits with the sign applied, or the integer itself. The same first
 * position as the scalar search.
 *
 * <p>Loaded only when the Vector API is enabled. Stateless and thread-safe.
 */
final class ArgVector {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final Class<IntVector> I_T = ReduceVector.vectorClass(I);
    private static final Class<LongVector> L_T = ReduceVector.vectorClass(L);
    @SuppressWarnings("unchecked")
    private static final Class<VectorMask<Integer>> IM_T = (Class<VectorMask<Integer>>) I.maskType();
    @SuppressWarnings("unchecked")
    private static final Class<VectorMask<Long>> LM_T = (Class<VectorMask<Long>>) L.maskType();

    private ArgVector() {
    }

    /** {@return the first {@code i < m} whose float32 bits {@code b[i]} have key {@code key}, or -1} */
    static int firstF32(int[] b, int m, int key) {
        int i = 0;
        for (int step = I.length(), end = m - step + 1; i < end; i += step) {
            IntVector x = I_T.cast(IntVector.fromArray(I, b, i));
            IntVector sign = I_T.cast(x.lanewise(VectorOperators.ASHR, 31));
            VectorMask<Integer> hit = IM_T.cast(I_T.cast(I_T.cast(x.and(0x7fffffff)).lanewise(VectorOperators.XOR, sign))
                    .sub(sign).compare(VectorOperators.EQ, key));
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < m; i++) {
            int a = b[i] & 0x7fffffff;
            int sign = b[i] >> 31;
            if ((a ^ sign) - sign == key) {
                return i;
            }
        }
        return -1;
    }

    /** {@return the first {@code i < m} whose float64 bits {@code b[i]} have key {@code key}, or -1} */
    static int firstF64(long[] b, int m, long key) {
        int i = 0;
        for (int step = L.length(), end = m - step + 1; i < end; i += step) {
            LongVector x = L_T.cast(LongVector.fromArray(L, b, i));
            LongVector sign = L_T.cast(x.lanewise(VectorOperators.ASHR, 63));
            VectorMask<Long> hit = LM_T.cast(L_T.cast(L_T.cast(x.and(Long.MAX_VALUE)).lanewise(VectorOperators.XOR, sign))
                    .sub(sign).compare(VectorOperators.EQ, key));
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < m; i++) {
            long a = b[i] & Long.MAX_VALUE;
            long sign = b[i] >> 63;
            if ((a ^ sign) - sign == key) {
                return i;
            }
        }
        return -1;
    }

    /** {@return the first {@code i < m} with {@code b[i] == key}, or -1} */
    static int firstLong(long[] b, int m, long key) {
        int i = 0;
        for (int step = L.length(), end = m - step + 1; i < end; i += step) {
            VectorMask<Long> hit = LM_T.cast(L_T.cast(LongVector.fromArray(L, b, i)).compare(VectorOperators.EQ, key));
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < m; i++) {
            if (b[i] == key) {
                return i;
            }
        }
        return -1;
    }
}
