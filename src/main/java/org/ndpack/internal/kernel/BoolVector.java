package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link BoolOps}: a vector of bool bytes at a time, each normalised to
 * 0 or 1 ({@code x != 0}), combined by the truth table with constant operations only:
 * {@code ((x & y & tAnd) ^ ((x | y) & tOr)) ^ tNot}, where each {@code t} is 0 or 1 for the table
 * (any symmetric table of two inputs has this form). The same bytes as the portable loops. Loaded only when the
 * Vector API is enabled. Stateless and thread-safe.
 */
final class BoolVector {
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED;
    private static final Class<ByteVector> B_T = ReduceVector.vectorClass(B);
    @SuppressWarnings("unchecked")
    private static final Class<VectorMask<Byte>> M_T = (Class<VectorMask<Byte>>) B.maskType();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private BoolVector() {
    }

    /**
     * Runs the first {@code n - n % lanes} elements of a two-input operation; {@return how many}
     *
     * @param table the truth table ({@code BoolOps.AND}, ...)
     * @param broadcast whether {@code b} is one element for all
     */
    static long binary(int table, long n, MemorySegment a, long ao, MemorySegment b, long bo, boolean broadcast,
            MemorySegment o, long oo) {
        // the table's outputs for (1,1), (1,0) = (0,1), (0,0): tAnd, tOr and tNot reproduce it
        int t11 = (table >> 3) & 1;
        int t10 = (table >> 1) & 1;
        int t00 = table & 1;
        byte tNot = (byte) t00;
        // after ^ tNot: f(1,1) = t11 ^ t00, f(1,0) = t10 ^ t00, f(0,0) = 0
        byte tOr = (byte) (t10 ^ t00);
        byte tAnd = (byte) ((t11 ^ t00) ^ tOr);
        ByteVector zero = B_T.cast(ByteVector.zero(B));
        ByteVector one = B_T.cast(ByteVector.broadcast(B, (byte) 1));
        ByteVector yb = B_T.cast(ByteVector.broadcast(B, (byte) (broadcast && b.get(ValueLayout.JAVA_BYTE, bo) != 0 ? 1 : 0)));
        long step = B.length();
        long bound = n - n % step;
        for (long i = 0; i < bound; i += step) {
            ByteVector x = B_T.cast(zero.blend(one, M_T.cast(B_T.cast(ByteVector.fromMemorySegment(B, a, ao + i, LE))
                    .compare(VectorOperators.NE, (byte) 0))));
            ByteVector y = broadcast ? yb : B_T.cast(zero.blend(one, M_T.cast(B_T.cast(
                    ByteVector.fromMemorySegment(B, b, bo + i, LE)).compare(VectorOperators.NE, (byte) 0))));
            ByteVector both = B_T.cast(x.and(y)).and(tAnd);
            ByteVector any = B_T.cast(x.or(y)).and(tOr);
            B_T.cast(B_T.cast(both.lanewise(VectorOperators.XOR, any)).lanewise(VectorOperators.XOR, tNot)).intoMemorySegment(o, oo + i, LE);
        }
        return bound;
    }

    /** Runs {@code logical_not} on the first {@code n - n % lanes} elements; {@return how many} */
    static long not(long n, MemorySegment a, long ao, MemorySegment o, long oo) {
        ByteVector zero = B_T.cast(ByteVector.zero(B));
        ByteVector one = B_T.cast(ByteVector.broadcast(B, (byte) 1));
        long step = B.length();
        long bound = n - n % step;
        for (long i = 0; i < bound; i += step) {
            zero.blend(one, M_T.cast(B_T.cast(ByteVector.fromMemorySegment(B, a, ao + i, LE))
                    .compare(VectorOperators.EQ, (byte) 0))).intoMemorySegment(o, oo + i, LE);
        }
        return bound;
    }
}
