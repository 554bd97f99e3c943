package org.ndpack.internal.dtype;

import org.ndpack.DType;

/**
 * The two 8-bit floating-point formats of ndpack, described by their fields, with one encoder and
 * one decoder written once for both (no per-format copies).
 *
 * <ul>
 *   <li>{@link #E4M3FN}: sign, 4 exponent bits (bias 7), 3 fraction bits; subnormals; no
 *       infinity; NaN is {@code S.1111.111} (0x7f, 0xff); largest finite 448; smallest subnormal
 *       2^-9.</li>
 *   <li>{@link #E5M2}: sign, 5 exponent bits (bias 15), 2 fraction bits, laid out as IEEE 754
 *       (the upper byte of a {@code float16}): infinities {@code S.11111.00}, NaN
 *       {@code S.11111.xx} with {@code xx != 0}; largest finite 57344; smallest subnormal 2^-16.</li>
 * </ul>
 *
 * <p>Encoding rounds the exact value of a {@code double} once, to nearest with ties to even (a
 * {@code float}, {@code float16} or {@code bfloat16} widens to {@code double} exactly first, so
 * every source type gets a single correct rounding). A result beyond the largest finite value
 * becomes infinity for {@code E5M2} and NaN for {@code E4M3FN}: this is PyTorch's non-saturating
 * conversion ({@code tensor.to(torch.float8_e4m3fn)}), under which 464 (the midpoint of 448 and
 * the NaN pattern) still rounds to 448, every larger magnitude gives NaN, and infinities give NaN.
 * NaN encodes as {@code 0x7f} with the input's sign. Decoding is exact (every float8 value is a
 * {@code float}); both NaN patterns of E4M3FN and the three of E5M2 decode to NaN.
 *
 * <p>Immutable and thread-safe.
 */
public enum Float8 {
    /** {@code float8_e4m3fn}: finite and NaN only. */
    E4M3FN(4, 3, false),
    /** {@code float8_e5m2}: IEEE-like, with infinities. */
    E5M2(5, 2, true);

    private final int mant;
    private final int bias;
    private final boolean hasInf;
    private final double minNormal;
    private final int maxFiniteCode;
    private final int overflowCode;
    private final float[] values = new float[256];

    Float8(int exp, int mant, boolean hasInf) {
        this.mant = mant;
        this.bias = (1 << (exp - 1)) - 1;
        this.hasInf = hasInf;
        this.minNormal = Math.scalb(1.0, 1 - bias);
        int all = (1 << exp) - 1;
        // E4M3FN keeps the top exponent for finite values except its last pattern (NaN)
        this.maxFiniteCode = hasInf ? (all << mant) - 1 : (all << mant) + (1 << mant) - 2;
        this.overflowCode = hasInf ? all << mant : 0x7f;
        for (int b = 0; b < 256; b++) {
            int e = (b >>> mant) & all;
            int m = b & ((1 << mant) - 1);
            float v;
            if ((b & 0x7f) > maxFiniteCode) {
                v = hasInf && m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
            } else if (e == 0) {
                v = Math.scalb((float) m, 1 - bias - mant);
            } else {
                v = Math.scalb((float) ((1 << mant) + m), e - bias - mant);
            }
            values[b] = (b & 0x80) != 0 ? -v : v;
        }
    }

    /** {@return the format of {@code t}, or null if {@code t} is no float8 type} */
    public static Float8 of(DType t) {
        return switch (t) {
            case FLOAT8_E4M3FN -> E4M3FN;
            case FLOAT8_E5M2 -> E5M2;
            default -> null;
        };
    }

    /** {@return the value of the bits {@code b}} */
    public float decode(byte b) {
        return values[b & 0xff];
    }

    /** {@return the largest finite value} */
    public float maxFinite() {
        return values[maxFiniteCode];
    }

    /** {@return the bits nearest to {@code d}, by the rules in the class comment} */
    public byte encode(double d) {
        int sign = (int) (Double.doubleToRawLongBits(d) >>> 63) << 7;
        double a = Math.abs(d);
        int code;
        if (a != a) {
            code = 0x7f;
        } else if (a == Double.POSITIVE_INFINITY) {
            code = overflowCode;
        } else if (a < minNormal) {
            // subnormal (or zero): count in units of the smallest subnormal; the scaling is exact
            code = (int) Math.rint(Math.scalb(a, bias - 1 + mant));
        } else {
            int e = Math.getExponent(a);
            long r = (long) Math.rint(Math.scalb(a, mant - e)); // in [2^mant, 2^(mant+1)]
            long c = ((long) (e + bias) << mant) + (r - (1L << mant)); // a carry moves into the exponent
            code = c > maxFiniteCode ? overflowCode : (int) c;
        }
        return (byte) (sign | code);
    }
}
