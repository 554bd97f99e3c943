package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link FastCasts}: eight elements at a time, read from the source memory
 * and written to the destination in one pass (the heap-block route copies each block out and back
 * in bulk, which costs more than the conversion). The Vector API's conversions are Java's casts,
 * and float to int32 goes through int64 as {@code FastCasts} documents, so every element gets the
 * same bits. Needs 512-bit vectors ({@link #USABLE}): eight int64 or float64 lanes in one vector.
 * One loop per pair: the Vector API compiles only a constant conversion.
 *
 * <p>Loaded only when the Vector API is enabled. Stateless and thread-safe.
 */
final class CastVector {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
    private static final Class<FloatVector> F_T = ReduceVector.vectorClass(F);
    private static final Class<IntVector> I_T = ReduceVector.vectorClass(I);
    private static final Class<DoubleVector> D_T = ReduceVector.vectorClass(D);
    private static final Class<LongVector> L_T = ReduceVector.vectorClass(L);
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final Class<ByteVector> B_T = ReduceVector.vectorClass(B);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Whether this machine's preferred vectors are 512 bits wide. */
    static final boolean USABLE = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    private CastVector() {
    }

    /**
     * Converts the first {@code n - n % 8} elements; {@return how many}
     *
     * @param pair {@code FastCasts}' pair number: source kind * 4 + destination kind
     */
    static long run(MemorySegment s, long so, MemorySegment d, long dOff, long n, int pair) {
        long m = n - n % 8;
        switch (pair) {
            case FastCasts.F32 * 4 + FastCasts.F64 -> f2d(s, so, d, dOff, m);
            case FastCasts.F32 * 4 + FastCasts.I32 -> f2i(s, so, d, dOff, m);
            case FastCasts.F32 * 4 + FastCasts.I64 -> f2l(s, so, d, dOff, m);
            case FastCasts.F64 * 4 + FastCasts.F32 -> d2f(s, so, d, dOff, m);
            case FastCasts.F64 * 4 + FastCasts.I32 -> d2i(s, so, d, dOff, m);
            case FastCasts.F64 * 4 + FastCasts.I64 -> d2l(s, so, d, dOff, m);
            case FastCasts.I32 * 4 + FastCasts.F32 -> i2f(s, so, d, dOff, m);
            case FastCasts.I32 * 4 + FastCasts.F64 -> i2d(s, so, d, dOff, m);
            case FastCasts.I32 * 4 + FastCasts.I64 -> i2l(s, so, d, dOff, m);
            case FastCasts.I64 * 4 + FastCasts.F32 -> l2f(s, so, d, dOff, m);
            case FastCasts.I64 * 4 + FastCasts.F64 -> l2d(s, so, d, dOff, m);
            case FastCasts.I64 * 4 + FastCasts.I32 -> l2i(s, so, d, dOff, m);
            case FastCasts.BOOL * 4 + FastCasts.F32, FastCasts.BOOL * 4 + FastCasts.F64,
                    FastCasts.BOOL * 4 + FastCasts.I32, FastCasts.BOOL * 4 + FastCasts.I64 ->
                    fromBool(s, so, d, dOff, m, pair % 4);
            default -> throw new AssertionError(pair);
        }
        return m;
    }

    // The casts give C2 the vectors' exact class whatever the profiles (see ReduceVector).

    private static void f2d(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            D_T.cast(F_T.cast(FloatVector.fromMemorySegment(F, s, so + 4 * i, LE))
                    .convertShape(VectorOperators.F2D, D, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
        }
    }

    private static void f2i(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            LongVector x = L_T.cast(F_T.cast(FloatVector.fromMemorySegment(F, s, so + 4 * i, LE))
                    .convertShape(VectorOperators.F2L, L, 0));
            I_T.cast(x.convertShape(VectorOperators.L2I, I, 0)).intoMemorySegment(d, dOff + 4 * i, LE);
        }
    }

    private static void f2l(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            L_T.cast(F_T.cast(FloatVector.fromMemorySegment(F, s, so + 4 * i, LE))
                    .convertShape(VectorOperators.F2L, L, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
        }
    }

    private static void d2f(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            F_T.cast(D_T.cast(DoubleVector.fromMemorySegment(D, s, so + 8 * i, LE))
                    .convertShape(VectorOperators.D2F, F, 0)).intoMemorySegment(d, dOff + 4 * i, LE);
        }
    }

    private static void d2i(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            LongVector x = L_T.cast(D_T.cast(DoubleVector.fromMemorySegment(D, s, so + 8 * i, LE))
                    .convertShape(VectorOperators.D2L, L, 0));
            I_T.cast(x.convertShape(VectorOperators.L2I, I, 0)).intoMemorySegment(d, dOff + 4 * i, LE);
        }
    }

    private static void d2l(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            L_T.cast(D_T.cast(DoubleVector.fromMemorySegment(D, s, so + 8 * i, LE))
                    .convertShape(VectorOperators.D2L, L, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
        }
    }

    private static void i2f(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            F_T.cast(I_T.cast(IntVector.fromMemorySegment(I, s, so + 4 * i, LE))
                    .convertShape(VectorOperators.I2F, F, 0)).intoMemorySegment(d, dOff + 4 * i, LE);
        }
    }

    private static void i2d(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            D_T.cast(I_T.cast(IntVector.fromMemorySegment(I, s, so + 4 * i, LE))
                    .convertShape(VectorOperators.I2D, D, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
        }
    }

    private static void i2l(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            L_T.cast(I_T.cast(IntVector.fromMemorySegment(I, s, so + 4 * i, LE))
                    .convertShape(VectorOperators.I2L, L, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
        }
    }

    private static void l2f(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            F_T.cast(L_T.cast(LongVector.fromMemorySegment(L, s, so + 8 * i, LE))
                    .convertShape(VectorOperators.L2F, F, 0)).intoMemorySegment(d, dOff + 4 * i, LE);
        }
    }

    private static void l2d(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            D_T.cast(L_T.cast(LongVector.fromMemorySegment(L, s, so + 8 * i, LE))
                    .convertShape(VectorOperators.L2D, D, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
        }
    }

    private static void l2i(MemorySegment s, long so, MemorySegment d, long dOff, long m) {
        for (long i = 0; i < m; i += 8) {
            I_T.cast(L_T.cast(LongVector.fromMemorySegment(L, s, so + 8 * i, LE))
                    .convertShape(VectorOperators.L2I, I, 0)).intoMemorySegment(d, dOff + 4 * i, LE);
        }
    }

    /** bool bytes, 1 for non-zero (the general casts' reading), to float32/float64/int32/int64. */
    private static void fromBool(MemorySegment s, long so, MemorySegment d, long dOff, long m, int to) {
        for (long i = 0; i < m; i += 8) {
            // a non-zero byte is true: 1, as the general casts read a bool
            IntVector x = I_T.cast(I_T.cast(B_T.cast(ByteVector.fromMemorySegment(B, s, so + i, LE))
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)).min(1));
            switch (to) {
                case FastCasts.F32 -> F_T.cast(x.convertShape(VectorOperators.I2F, F, 0))
                        .intoMemorySegment(d, dOff + 4 * i, LE);
                case FastCasts.F64 -> D_T.cast(x.convertShape(VectorOperators.I2D, D, 0))
                        .intoMemorySegment(d, dOff + 8 * i, LE);
                case FastCasts.I32 -> x.intoMemorySegment(d, dOff + 4 * i, LE);
                default -> L_T.cast(x.convertShape(VectorOperators.I2L, L, 0)).intoMemorySegment(d, dOff + 8 * i, LE);
            }
        }
    }
}
