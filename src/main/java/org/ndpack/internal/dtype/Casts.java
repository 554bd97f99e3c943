package org.ndpack.internal.dtype;

/**
 * Scalar conversions between ndpack's element types, with NumPy's results where NumPy defines
 * them and ndpack's documented choice where NumPy's depend on the C compiler.
 *
 * <ul>
 *   <li>float to integer: truncation toward zero; NaN gives 0; values outside the {@code int64}
 *       range saturate to {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} before narrowing (NumPy
 *       gives {@code INT64_MIN} on x86 and other values elsewhere); narrowing to a smaller integer
 *       type keeps the low bits, as NumPy does on x86 for values inside {@code int64};</li>
 *   <li>float to {@code uint64}: values in [2^63, 2^64) convert exactly; negative values wrap
 *       through {@code int64} like NumPy;</li>
 *   <li>{@code float64} to {@code float16} or {@code bfloat16}: one rounding, to nearest even
 *       (through a round-to-odd {@code float32}, which cannot round twice);</li>
 *   <li>{@code uint64} to float: the unsigned value, correctly rounded.</li>
 *   <li>any real type to {@code float8_e4m3fn} or {@code float8_e5m2}: one rounding of the exact
 *       value, to nearest even (see {@link Float8}); {@code float8_e4m3fn} has no infinity and
 *       does not saturate: what rounds beyond 448 (every magnitude above 464, and infinities)
 *       becomes NaN, as PyTorch's {@code .to()} does; {@code float8_e5m2} overflows to infinity
 *       like IEEE formats (magnitudes from 61440 on).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Casts {
    private static final double TWO_63 = 0x1p63;

    private Casts() {
    }

    /** {@return {@code d} truncated toward zero; NaN gives 0; out of range saturates} */
    public static long doubleToLong(double d) {
        return (long) d; // Java's rule is exactly the documented one
    }

    /** {@return the {@code uint64} bits of {@code d}: exact in [2^63, 2^64), else as int64} */
    public static long doubleToUnsignedLong(double d) {
        if (d >= TWO_63) {
            return d >= 0x1p64 ? -1L : (long) (d - TWO_63) ^ Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** {@return the unsigned value of {@code bits} as a double, correctly rounded} */
    public static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // halve with the lost bit kept as a sticky bit, convert, double: one correct rounding
        return (double) ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    /** {@return the unsigned value of {@code bits} as a float, correctly rounded} */
    public static float unsignedToFloat(long bits) {
        if (bits >= 0) {
            return bits;
        }
        return (float) ((bits >>> 1) | (bits & 1)) * 2.0f;
    }

    /**
     * {@return {@code d} rounded to float by round-to-odd}: truncated toward zero, with the last
     * bit set when the truncation lost anything. Rounding that result once more to a format with
     * at least two fewer significand bits gives the correctly rounded value of {@code d}.
     */
    public static float toFloatRoundToOdd(double d) {
        float f = (float) d;
        if ((double) f == d || d != d) {
            return f;
        }
        if (Math.abs((double) f) > Math.abs(d)) {
            f = d > 0 ? Math.nextDown(f) : Math.nextUp(f);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(f) | 1);
    }

    /** {@return the float16 bits nearest to {@code d} (ties to even)} */
    public static short doubleToHalf(double d) {
        return Float.floatToFloat16(toFloatRoundToOdd(d));
    }

    /** {@return the float16 bits nearest to {@code f} (ties to even)} */
    public static short floatToHalf(float f) {
        return Float.floatToFloat16(f);
    }

    /** {@return the value of float16 bits} */
    public static float halfToFloat(short h) {
        return Float.float16ToFloat(h);
    }

    /** {@return the bfloat16 bits nearest to {@code f} (ties to even); NaN stays a quiet NaN} */
    public static short floatToBfloat16(float f) {
        int b = Float.floatToRawIntBits(f);
        if ((b & 0x7fffffff) > 0x7f800000) {
            return (short) ((b >>> 16) | 0x0040);
        }
        b += 0x7fff + ((b >>> 16) & 1);
        return (short) (b >>> 16);
    }

    /** {@return the bfloat16 bits nearest to {@code d} (ties to even)} */
    public static short doubleToBfloat16(double d) {
        return floatToBfloat16(toFloatRoundToOdd(d));
    }

    /** {@return the value of bfloat16 bits} */
    public static float bfloat16ToFloat(short h) {
        return Float.intBitsToFloat(h << 16);
    }

    /** {@return {@code v} as float16 bits: correctly rounded, through round-to-odd when large} */
    public static short longToHalf(long v) {
        return doubleToHalf(v);
    }

    /** {@return {@code v} as bfloat16 bits (rounded once for |v| < 2^53)} */
    public static short longToBfloat16(long v) {
        return doubleToBfloat16(v);
    }

    /** {@return the float8 bits (of format {@code f}) nearest to {@code d}; see {@link Float8}} */
    public static byte doubleToFloat8(Float8 f, double d) {
        return f.encode(d);
    }

    /** {@return the value of float8 bits of format {@code f}} */
    public static float float8ToFloat(Float8 f, byte b) {
        return f.decode(b);
    }
}
