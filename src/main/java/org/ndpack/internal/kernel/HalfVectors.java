package org.ndpack.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector conversions between float16/bfloat16 bits and float32, with exactly the results of
 * {@link Float#float16ToFloat}, {@link Float#floatToFloat16} (round to nearest even; a NaN result
 * is the canonical quiet NaN) and {@link org.ndpack.internal.dtype.Casts#floatToBfloat16}. Integer lane
 * arithmetic only, so they vectorise on any hardware the Vector API supports. Callers load the
 * 16-bit elements as int lanes (two per lane) and split them with a mask and a shift, which
 * avoids shape-changing conversions (not intrinsified on every CPU).
 */
final class HalfVectors {
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private HalfVectors() {
    }

    /** float16 bits (zero-extended) to float32. */
    static FloatVector halfToFloat(IntVector h) {
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector em = h.and(0x7fff);
        IntVector shifted = em.lanewise(VectorOperators.LSHL, 13);
        // exponent and fraction moved into float position, then scaled by 2^112: exact for
        // normal and subnormal halves alike
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> special = em.compare(VectorOperators.GE, 0x7c00);
        IntVector r = finite.blend(shifted.or(0x7f800000), special);
        return r.or(sign).reinterpretAsFloats();
    }

    /**
     * float32 to float16 bits (in the low 16 bits of each lane), rounding to nearest even. A NaN
     * becomes the quiet NaN {@code 0x7e00} with its sign (the portable loop keeps payload bits as
     * {@link Float#floatToFloat16} does: NaN payloads are the one difference between the paths).
     */
    static IntVector floatToHalf(FloatVector f) {
        IntVector bits = f.reinterpretAsInts();
        IntVector x = bits.and(0x7fffffff);
        // normal range: rebias the exponent and round the 13 dropped bits to nearest even
        IntVector normal = x.add(((15 - 127) << 23) + 0xfff).add(x.lanewise(VectorOperators.LSHR, 13).and(1))
                .lanewise(VectorOperators.LSHR, 13);
        // below the smallest normal half: let a float addition of 0.5f do the rounding
        IntVector sub = x.reinterpretAsFloats().add(0.5f).reinterpretAsInts().sub(0x3f000000);
        IntVector r = normal.blend(sub, x.compare(VectorOperators.LT, 0x38800000));
        r = r.blend(0x7c00, x.compare(VectorOperators.GE, 0x47800000));
        r = r.blend(0x7e00, x.compare(VectorOperators.GT, 0x7f800000));
        return r.or(bits.lanewise(VectorOperators.LSHR, 16).and(0x8000));
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
