package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link Clip}: the same two compare-and-select steps per lane as its
 * scalar loop, so the same bits. Loaded only when the Vector API is enabled. Stateless and
 * thread-safe.
 */
final class ClipVector {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final Class<FloatVector> F_T = ReduceVector.vectorClass(F);
    private static final Class<DoubleVector> D_T = ReduceVector.vectorClass(D);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private ClipVector() {
    }

    /** Clips the first {@code n - n % lanes} float32 values; {@return how many} */
    static long f32(long n, MemorySegment a, long ao, MemorySegment o, long oo, float lo, float hi) {
        FloatVector l = F_T.cast(FloatVector.broadcast(F, lo));
        FloatVector h = F_T.cast(FloatVector.broadcast(F, hi));
        long step = F.length();
        long bound = n - n % step;
        for (long i = 0; i < bound; i += step) {
            FloatVector x = F_T.cast(FloatVector.fromMemorySegment(F, a, ao + 4 * i, LE));
            x = F_T.cast(x.blend(l, x.compare(VectorOperators.LT, l)));
            x.blend(h, x.compare(VectorOperators.GT, h)).intoMemorySegment(o, oo + 4 * i, LE);
        }
        return bound;
    }

    /** Clips the first {@code n - n % lanes} float64 values; {@return how many} */
    static long f64(long n, MemorySegment a, long ao, MemorySegment o, long oo, double lo, double hi) {
        DoubleVector l = D_T.cast(DoubleVector.broadcast(D, lo));
        DoubleVector h = D_T.cast(DoubleVector.broadcast(D, hi));
        long step = D.length();
        long bound = n - n % step;
        for (long i = 0; i < bound; i += step) {
            DoubleVector x = D_T.cast(DoubleVector.fromMemorySegment(D, a, ao + 8 * i, LE));
            x = D_T.cast(x.blend(l, x.compare(VectorOperators.LT, l)));
            x.blend(h, x.compare(VectorOperators.GT, h)).intoMemorySegment(o, oo + 8 * i, LE);
        }
        return bound;
    }
}
