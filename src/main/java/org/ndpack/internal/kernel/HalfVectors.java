package org.ndpack.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector conversions between bfloat16 bits and float32, with exactly the results of
 * {@link org.ndpack.internal.dtype.Casts#bfloat16ToFloat} and
 * {@link org.ndpack.internal.dtype.Casts#floatToBfloat16}. Integer lane arithmetic and lane
 * reinterpretation, so they vectorise on any hardware the Vector API supports. Callers load the
 * 16-bit elements as int lanes (two per lane) and split them with a mask and a shift, which
 * avoids shape-changing conversions (not intrinsified on every CPU).
 *
 * <p>A cost outside this class: until C2 compiles a caller, each reinterpretation runs the Vector
 * API's fallback through a heap segment, after which C2 compiles the float and int vector loads
 * and stores of every kernel in the JVM less well (measured: float32 negation and multiplication
 * twice as slow). float16 no longer comes here for that reason ({@link Loop2F16}); bfloat16 has no
 * hardware conversion that C2 vectorises in a plain loop, and its element loop is ten times
 * slower, so it stays, and only programs doing bfloat16 arithmetic pay.
 */
final class HalfVectors {
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private HalfVectors() {
    }

    /** bfloat16 bits (zero-extended) to float32. */
    static FloatVector bfloat16ToFloat(IntVector h) {
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** float32 to bfloat16 bits, rounding to nearest even; NaN stays a quiet NaN. */
    static IntVector floatToBfloat16(FloatVector f) {
        IntVector b = f.reinterpretAsInts();
        IntVector rounded = b.add(b.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7fff)
                .lanewise(VectorOperators.LSHR, 16);
        IntVector nan = b.lanewise(VectorOperators.LSHR, 16).or(0x0040);
        return rounded.blend(nan, b.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000));
    }
}
