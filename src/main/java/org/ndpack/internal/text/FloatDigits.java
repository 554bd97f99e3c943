package org.ndpack.internal.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Decimal text of binary floating-point values with the results of NumPy's
 * {@code format_float_positional} and {@code format_float_scientific} (its Dragon4 printer) in
 * "unique" digit mode: the shortest digits that read back as the same value of the value's own
 * type ({@code float16}, {@code float32} or {@code float64}), optionally cut off after a number
 * of digits and extended to a minimum number of digits (extra digits are the exact value's,
 * rounded half to even).
 *
 * <p>The arithmetic is exact ({@link BigInteger}), following Steele &amp; White / Burger &amp;
 * Dybvig: the value and half the gaps to its neighbours are scaled to integers, digits are
 * extracted one by one, and generation stops when the remainder is within a gap (inclusive when
 * the significand is even, as IEEE round-half-even reading would accept it). This differs from
 * {@link Double#toString(double)}, which never prints fewer than two significant digits
 * ({@code 4.9E-324} where NumPy prints {@code 5e-324}), and has no {@code float16} form. For speed,
 * the JDK's shortest digits, and {@link BigDecimal} rounding at a cut-off, are used where they
 * provably give the same digits (see {@code shortcut}); {@code FloatDigitsTest} checks that on
 * random values.
 *
 * <p>Non-finite values are not handled here (the array printer spells them). Stateless and
 * thread-safe.
 */
public final class FloatDigits {

    /** How trailing zeros and the decimal point are trimmed (NumPy's {@code trim} argument). */
    public enum Trim {
        /** {@code 'k'}: keep trailing zeros and the decimal point; pad zeros up to the minimum. */
        KEEP,
        /** {@code '.'}: trim trailing zeros, keep the decimal point. */
        ZEROS,
        /** {@code '0'}: trim trailing zeros but leave one zero after the decimal point. */
        LEAVE_ONE_ZERO,
        /** {@code '-'}: trim trailing zeros and the decimal point. */
        DPT_ZEROS
    }

    /** The binary formats, by significand width. */
    public enum Kind {
        /** IEEE binary16: 10 fraction bits, 5 exponent bits. */
        HALF(10, 5),
        /** IEEE binary32. */
        SINGLE(23, 8),
        /** IEEE binary64. */
        DOUBLE(52, 11);

        final int fractionBits;
        final int exponentBits;

        Kind(int fractionBits, int exponentBits) {
            this.fractionBits = fractionBits;
            this.exponentBits = exponentBits;
        }

        /** {@return the raw bits of {@code v}, which must be exactly representable in this kind} */
        long bits(double v) {
            return switch (this) {
                case HALF -> Float.floatToFloat16((float) v) & 0xffffL;
                case SINGLE -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
                case DOUBLE -> Double.doubleToRawLongBits(v);
            };
        }
    }

    private static final double LOG10_2 = 0.30102999566398119521373889472449;
    private static final BigInteger TEN = BigInteger.TEN;

    private FloatDigits() {
    }

    /** Digits {@code d[0..n)} of a value {@code 0.d0 d1 ... x 10^(exponent+1)}, i.e. {@code d0} has
     * decimal exponent {@code exponent}. */
    private record Digits(char[] d, int n, int exponent) {
    }

    /**
     * Generates the digits of {@code mantissa * 2^exponent}.
     *
     * @param fraction whether the cut-offs count digits after the decimal point (else in total)
     * @param cutoffMax the most digits to produce, or -1 for no limit
     * @param cutoffMin the fewest digits to produce, or -1 for no minimum
     */
    private static Digits generate(long mantissa, int exponent, int mantissaBit, boolean unequalMargins,
                                   boolean fraction, int cutoffMax, int cutoffMin) {
        if (mantissa == 0) {
            return new Digits(new char[] {'0'}, 1, 0);
        }
        boolean even = (mantissa & 1) == 0;
        BigInteger m = BigInteger.valueOf(mantissa);
        BigInteger value;
        BigInteger scale;
        BigInteger marginLow;
        BigInteger marginHigh;
        // value/scale is the number, margins are half the distances to the neighbours, all
        // multiplied by 2 (or 4 with unequal margins) so that they are integers.
        int shift = unequalMargins ? 2 : 1;
        if (exponent > 0) {
            value = m.shiftLeft(exponent + shift);
            scale = BigInteger.ONE.shiftLeft(shift);
            marginLow = BigInteger.ONE.shiftLeft(exponent);
        } else {
            value = m.shiftLeft(shift);
            scale = BigInteger.ONE.shiftLeft(-exponent + shift);
            marginLow = BigInteger.ONE;
        }
        // first estimate of the decimal exponent of the number: correct or one too small
        int digitExponent = (int) Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
        if (cutoffMax >= 0 && fraction && digitExponent <= -cutoffMax) {
            digitExponent = -cutoffMax + 1;
        }
        if (digitExponent > 0) {
            scale = scale.multiply(TEN.pow(digitExponent));
        } else if (digitExponent < 0) {
            BigInteger p = TEN.pow(-digitExponent);
            value = value.multiply(p);
            marginLow = marginLow.multiply(p);
        }
        if (value.compareTo(scale) >= 0) {
            digitExponent++;
        } else {
            value = value.multiply(TEN);
            marginLow = marginLow.multiply(TEN);
        }
        marginHigh = unequalMargins ? marginLow.shiftLeft(1) : marginLow;

        int cutoffExponent = Integer.MIN_VALUE;
        if (cutoffMax >= 0) {
            cutoffExponent = fraction ? -cutoffMax : digitExponent - cutoffMax;
        }
        int minExponent = digitExponent;
        if (cutoffMin >= 0) {
            minExponent = Math.min(minExponent, fraction ? -cutoffMin : digitExponent - cutoffMin);
        }
        int firstExponent = digitExponent - 1;

        char[] out = new char[Math.max(32, cutoffMin + 8)];
        int n = 0;
        int digit;
        boolean low;
        boolean high;
        while (true) {
            digitExponent--;
            BigInteger[] qr = value.divideAndRemainder(scale);
            digit = qr[0].intValue();
            value = qr[1];
            int cl = value.compareTo(marginLow);
            int ch = value.add(marginHigh).compareTo(scale);
            low = even ? cl <= 0 : cl < 0;
            high = even ? ch >= 0 : ch > 0;
            if (((low || high) && digitExponent <= minExponent) || digitExponent == cutoffExponent) {
                break;
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = (char) ('0' + digit);
            value = value.multiply(TEN);
            marginLow = marginLow.multiply(TEN);
            marginHigh = unequalMargins ? marginLow.shiftLeft(1) : marginLow;
        }
        boolean roundDown = low;
        if (low == high) {
            int c = value.shiftLeft(1).compareTo(scale);
            roundDown = c < 0 || (c == 0 && (digit & 1) == 0);
        }
        if (n == out.length) {
            out = java.util.Arrays.copyOf(out, n + 1);
        }
        if (roundDown) {
            out[n++] = (char) ('0' + digit);
        } else if (digit < 9) {
            out[n++] = (char) ('0' + digit + 1);
        } else {
            // carry: drop trailing nines, increment the first other digit or start over at "1"
            while (true) {
                if (n == 0) {
                    out[n++] = '1';
                    firstExponent++;
                    break;
                }
                n--;
                if (out[n] != '9') {
                    out[n]++;
                    n++;
                    break;
                }
            }
        }
        return new Digits(out, n, firstExponent);
    }

    private static Digits digits(Kind kind, long bits, boolean fraction, int cutoffMax, int cutoffMin) {
        Digits d = kind == Kind.HALF ? null : shortcut(kind, bits, fraction, cutoffMax, cutoffMin);
        return d != null ? d : exactDigits(kind, bits, fraction, cutoffMax, cutoffMin);
    }

    /**
     * The JDK's shortest decimal ({@link Double#toString}, {@link Float#toString}: the shortest
     * decimal that reads back as the value under round-half-even, the closest one among several)
     * is exactly what {@link #generate} produces in unique mode, when no cut-off or minimum
     * applies, except that the JDK never gives fewer than two digits and that a rounding carry
     * changes the leading exponent. This returns the JDK's digits when they provably equal
     * {@link #generate}'s (at least two significant digits and no one-digit decimal reads back
     * as the value; not a carry; last digit inside the cut-off, at or past the minimum), and null
     * otherwise.
     */
    private static Digits shortcut(Kind kind, long bits, boolean fraction, int cutoffMax, int cutoffMin) {
        double v = kind == Kind.DOUBLE ? Math.abs(Double.longBitsToDouble(bits))
                : Math.abs(Float.intBitsToFloat((int) bits));
        if (v == 0) {
            return null;
        }
        String s = kind == Kind.DOUBLE ? Double.toString(v) : Float.toString((float) v);
        char[] d = new char[s.length()];
        int n = 0;
        int point = -1;
        int e = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                point = n;
            } else if (c == 'E') {
                e = Integer.parseInt(s, i + 1, s.length(), 10);
                break;
            } else if (c != '0' || n > 0) {
                d[n++] = c;
            } else if (point >= 0) {
                e--; // a leading zero after the point: 0.00123
            }
        }
        if (point < 0) {
            point = n;
        }
        // digits d[0..n) with the point after position 'point' (counted over kept digits), times 10^e
        int first = point - 1 + e; // decimal exponent of d[0]
        while (n > 1 && d[n - 1] == '0') {
            n--;
        }
        if (n == 1 && d[0] == '1') {
            return null; // possibly a rounding carry past a power of ten
        }
        if (n <= 2 && oneDigitReadsBack(kind, v, d[0], first)) {
            return null; // the JDK's two-digit minimum may hide a shorter decimal
        }
        int last = first - n + 1; // decimal exponent of the last digit
        if (cutoffMax >= 0) {
            int cutoff = fraction ? -cutoffMax : first + 1 - cutoffMax;
            if (last < cutoff) {
                return first < cutoff ? null : roundedAt(v, cutoff);
            }
        }
        if (cutoffMin >= 0 && last > Math.min(first + 1, fraction ? -cutoffMin : first + 1 - cutoffMin)) {
            return null;
        }
        return new Digits(d, n, first);
    }

    /**
     * The digits when the cut-off comes before the shortest digits end: then no shorter decimal
     * reads back, so at the cut-off digit neither gap test holds and {@link #generate} rounds the
     * exact value to the nearest digit, ties to even, dropping the digits a carry leaves as zeros.
     */
    private static Digits roundedAt(double v, int cutoff) {
        BigDecimal exact = new BigDecimal(v);
        BigDecimal r = exact.setScale(-cutoff, RoundingMode.HALF_EVEN);
        String digits = r.unscaledValue().toString();
        int first = digits.length() - 1 - r.scale();
        int n = digits.length();
        if (r.compareTo(exact) > 0) {
            while (n > 1 && digits.charAt(n - 1) == '0') {
                n--;
            }
        }
        if (digits.equals("0")) {
            return null;
        }
        return new Digits(digits.toCharArray(), n, first);
    }

    private static boolean oneDigitReadsBack(Kind kind, double v, char lead, int exp) {
        for (int digit = lead - '0'; digit <= lead - '0' + 1; digit++) {
            String c = digit + "E" + exp;
            double back = kind == Kind.DOUBLE ? Double.parseDouble(c) : Float.parseFloat(c);
            if (back == v) {
                return true;
            }
        }
        return false;
    }

    /** The digits by the exact algorithm alone (no JDK shortcut); for tests. */
    static String exactDigitsText(Kind kind, double v, boolean fraction, int cutoffMax, int cutoffMin) {
        Digits d = exactDigits(kind, kind.bits(v), fraction, cutoffMax, cutoffMin);
        return new String(d.d, 0, d.n) + "e" + d.exponent;
    }

    /** The digits as {@link #positional} and {@link #scientific} compute them; for tests. */
    static String digitsText(Kind kind, double v, boolean fraction, int cutoffMax, int cutoffMin) {
        Digits d = digits(kind, kind.bits(v), fraction, cutoffMax, cutoffMin);
        return new String(d.d, 0, d.n) + "e" + d.exponent;
    }

    private static Digits exactDigits(Kind kind, long bits, boolean fraction, int cutoffMax, int cutoffMin) {
        int fb = kind.fractionBits;
        long fracMask = (1L << fb) - 1;
        int biased = (int) ((bits >>> fb) & ((1L << kind.exponentBits) - 1));
        int bias = (1 << (kind.exponentBits - 1)) - 1;
        long frac = bits & fracMask;
        long mantissa;
        int exponent;
        int mantissaBit;
        boolean unequal;
        if (biased != 0) {
            mantissa = frac | (1L << fb);
            exponent = biased - bias - fb;
            mantissaBit = fb;
            unequal = biased != 1 && frac == 0;
        } else {
            mantissa = frac;
            exponent = 1 - bias - fb;
            mantissaBit = 63 - Long.numberOfLeadingZeros(Math.max(frac, 1));
            unequal = false;
        }
        return generate(mantissa, exponent, mantissaBit, unequal, fraction, cutoffMax, cutoffMin);
    }

    /** {@return a builder holding the sign: {@code -} if the sign bit is set (also for -0.0),
     * else {@code +} if {@code plus}, else nothing} */
    private static StringBuilder signed(Kind kind, long bits, boolean plus) {
        StringBuilder sb = new StringBuilder(32);
        int signBit = kind.fractionBits + kind.exponentBits;
        if (((bits >>> signBit) & 1) != 0) {
            sb.append('-');
        } else if (plus) {
            sb.append('+');
        }
        return sb;
    }

    /**
     * Formats a finite value in positional notation, like NumPy's
     * {@code format_float_positional(x, precision, unique=True, fractional=True, trim, sign,
     * pad_left, pad_right, min_digits)}.
     *
     * @param kind the binary format of the value
     * @param v the value (exactly representable in {@code kind})
     * @param precision the most digits after the decimal point, or -1 for no limit
     * @param minDigits the fewest digits after the decimal point, or -1
     * @param trim the trimming mode
     * @param sign whether to print {@code +} before non-negative values
     * @param padLeft pad with spaces to this many characters before the decimal point, or -1
     * @param padRight pad with spaces to this many characters after the decimal point, or -1
     * @return the text
     */
    public static String positional(Kind kind, double v, int precision, int minDigits, Trim trim, boolean sign,
                                    int padLeft, int padRight) {
        long bits = kind.bits(v);
        Digits dg = digits(kind, bits, true, precision, minDigits);
        StringBuilder sb = signed(kind, bits, sign);
        int hasSign = sb.length();
        char[] d = dg.d;
        int n = dg.n;
        int p = dg.exponent;
        int whole;
        int frac;
        if (p >= 0) {
            whole = p + 1;
            if (n <= whole) {
                sb.append(d, 0, n);
                sb.repeat('0', whole - n);
                frac = 0;
            } else {
                sb.append(d, 0, whole).append('.').append(d, whole, n - whole);
                frac = n - whole;
            }
        } else {
            whole = 1;
            int zeros = -(p + 1);
            sb.append("0.");
            sb.repeat('0', zeros);
            sb.append(d, 0, n);
            frac = n + zeros;
        }
        frac = finishFraction(sb, precision, minDigits, trim, frac, true);
        if (padRight >= frac) {
            if (trim == Trim.DPT_ZEROS && frac == 0) {
                sb.append(' ');
            }
            sb.repeat(' ', padRight - frac);
        }
        if (padLeft > whole + hasSign) {
            sb.insert(0, " ".repeat(padLeft - whole - hasSign));
        }
        return sb.toString();
    }

    /**
     * Ends the digits after the point by NumPy's trim rules: adds the point if no digit follows it
     * (except in {@code '-'} mode), pads zeros up to {@code minDigits} ({@code 'k'}) or one zero
     * ({@code '0'}), and removes trailing zeros that rounding left (and maybe the point). NumPy's
     * scientific form keeps the point in {@code '-'} mode when rounding left only zeros after it
     * ({@code dropPoint} false).
     *
     * @return the number of digits after the point
     */
    private static int finishFraction(StringBuilder sb, int precision, int minDigits, Trim trim, int frac,
                                      boolean dropPoint) {
        if (trim != Trim.DPT_ZEROS && frac == 0) {
            sb.append('.');
        }
        if (trim == Trim.LEAVE_ONE_ZERO) {
            if (frac == 0) {
                sb.append('0');
                frac++;
            }
        } else if (trim == Trim.KEEP && minDigits > frac) {
            sb.repeat('0', minDigits - frac);
            frac = minDigits;
        }
        if (precision >= 0 && trim != Trim.KEEP && frac > 0) {
            while (sb.charAt(sb.length() - 1) == '0') {
                sb.setLength(sb.length() - 1);
                frac--;
            }
            if (sb.charAt(sb.length() - 1) == '.') {
                if (trim == Trim.LEAVE_ONE_ZERO) {
                    sb.append('0');
                    frac++;
                } else if (trim == Trim.DPT_ZEROS && dropPoint) {
                    sb.setLength(sb.length() - 1);
                }
            }
        }
        return frac;
    }

    /**
     * Formats a finite value in scientific notation, like NumPy's
     * {@code format_float_scientific(x, precision, unique=True, trim, sign, pad_left,
     * exp_digits, min_digits)}.
     *
     * @param kind the binary format of the value
     * @param v the value (exactly representable in {@code kind})
     * @param precision the most digits after the decimal point, or -1 for no limit
     * @param minDigits the fewest digits after the decimal point, or -1
     * @param trim the trimming mode
     * @param sign whether to print {@code +} before non-negative values
     * @param padLeft pad with spaces to this many characters before the decimal point, or -1
     * @param expDigits the fewest exponent digits, or -1 for at least two
     * @return the text
     */
    public static String scientific(Kind kind, double v, int precision, int minDigits, Trim trim, boolean sign,
                                    int padLeft, int expDigits) {
        long bits = kind.bits(v);
        Digits dg = digits(kind, bits, false, precision < 0 ? -1 : precision + 1,
                minDigits < 0 ? -1 : minDigits + 1);
        StringBuilder sb = signed(kind, bits, sign);
        int hasSign = sb.length();
        char[] d = dg.d;
        int n = dg.n;
        sb.append(d[0]);
        int frac = n - 1;
        if (frac > 0) {
            sb.append('.').append(d, 1, frac);
        }
        finishFraction(sb, precision, minDigits, trim, frac, false);
        int e = dg.exponent;
        sb.append('e').append(e < 0 ? '-' : '+');
        String es = Integer.toString(Math.abs(e));
        int width = Math.max(expDigits < 0 ? 2 : expDigits, es.length());
        sb.repeat('0', width - es.length()).append(es);
        if (padLeft > 1 + hasSign) {
            sb.insert(0, " ".repeat(padLeft - 1 - hasSign));
        }
        return sb.toString();
    }
}
