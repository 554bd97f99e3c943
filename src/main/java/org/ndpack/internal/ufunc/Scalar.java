package org.ndpack.internal.ufunc;

/**
 * Scalar arithmetic with NumPy's results where Java's operators or {@link Math} differ: floor
 * division and remainder (Python's sign rules), power special cases, integer power with
 * wrap-around, shifts past the width, {@code sign}, {@code log2}, and the complex functions.
 * Stateless.
 */
final class Scalar {
    private static final double INV_LN2 = 1.4426950408889634;
    private static final double SQRT2 = 1.4142135623730951;

    private Scalar() {
    }

    /** NumPy's float floor division: {@code floor(a / b)} computed through fmod, exact for integers. */
    static double floorDiv(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div != 0) {
            double f = Math.floor(div);
            if (div - f > 0.5) {
                f += 1.0;
            }
            return f;
        }
        return Math.copySign(0.0, a / b);
    }

    /** NumPy's float remainder: the sign of the divisor; {@code b == 0} gives NaN. */
    static double mod(double a, double b) {
        if (b == 0) {
            return a % b;
        }
        double mod = a % b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
            return mod;
        }
        return Math.copySign(0.0, b);
    }

    /** C's {@code pow}: as {@link Math#pow}, except {@code pow(1, y) == 1} and {@code pow(-1, ±inf) == 1}. */
    static double pow(double a, double b) {
        if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) {
            return 1.0;
        }
        if (a == 0 || Double.isInfinite(a)) {
            // HotSpot's pow takes -(2^52 - 0.5) for an odd integer with these bases (-0.0 to that
            // power gave -inf, -inf gave -0.0); fdlibm's does not, nor does C
            return StrictMath.pow(a, b);
        }
        return Math.pow(a, b);
    }

    /** Integer power by squaring, wrapping like the C loop (the low bits of the product). */
    static long ipow(long a, long b) {
        long r = 1;
        while (b != 0) {
            if ((b & 1) != 0) {
                r *= a;
            }
            a *= a;
            b >>>= 1;
        }
        return r;
    }

    /** Left shift of a {@code bits}-wide integer: 0 when the count is negative or >= bits. */
    static long shl(long a, long b, int bits) {
        return Long.compareUnsigned(b, bits) < 0 ? a << b : 0;
    }

    /** Arithmetic right shift of a sign- or zero-extended integer: sign fill past the width. */
    static long shr(long a, long b, int bits) {
        return Long.compareUnsigned(b, bits) < 0 ? a >> b : (a < 0 ? -1 : 0);
    }

    /** NumPy's {@code sign}: -1, 0 (for both zeros) or 1; NaN stays NaN. */
    static double sign(double x) {
        return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
    }

    /** Base-2 logarithm, exact for powers of two. */
    static double log2(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            return Math.log(x) * INV_LN2; // NaN, -inf, inf, and NaN for negatives
        }
        int e = Math.getExponent(x);
        double m;
        if (e < Double.MIN_EXPONENT) { // subnormal
            x *= 0x1p54;
            e = Math.getExponent(x) - 54;
            m = Math.scalb(x, -Math.getExponent(x));
        } else {
            m = Math.scalb(x, -e);
        }
        if (m > SQRT2) {
            m *= 0.5;
            e++;
        }
        return m == 1.0 ? e : e + Math.log(m) * INV_LN2;
    }

    /** Truncation toward zero, keeping the sign of zero. */
    static double trunc(double x) {
        // the same values as x < 0 ? ceil(x) : floor(x), without the choice, so that C2 vectorises
        // the heap-run loop (abs, the rounding instruction, copySign)
        return Math.copySign(Math.floor(Math.abs(x)), x);
    }

    // ---- complex ------------------------------------------------------------------------------

    /** Real part of a complex quotient by Smith's method (NumPy's algorithm). */
    static double cdivRe(double ar, double ai, double br, double bi) {
        return cdiv(ar, ai, br, bi, false);
    }

    /** Imaginary part of a complex quotient by Smith's method. */
    static double cdivIm(double ar, double ai, double br, double bi) {
        return cdiv(ar, ai, br, bi, true);
    }

    private static double cdiv(double ar, double ai, double br, double bi, boolean imag) {
        double abr = Math.abs(br);
        double abi = Math.abs(bi);
        if (abr >= abi) {
            if (abr == 0 && abi == 0) {
                return imag ? ai / abi : ar / abr;
            }
            double rat = bi / br;
            double scl = 1.0 / (br + bi * rat);
            return imag ? (ai - ar * rat) * scl : (ar + ai * rat) * scl;
        }
        double rat = br / bi;
        double scl = 1.0 / (bi + br * rat);
        return imag ? (ai * rat - ar) * scl : (ar * rat + ai) * scl;
    }

    /** NumPy's complex less-than: lexicographic on (real, imaginary); false if any part is NaN. */
    static boolean clt(double ar, double ai, double br, double bi) {
        return (ar < br && ai == ai && bi == bi) || (ar == br && ai < bi);
    }

    /** NumPy's complex less-or-equal; false if any part is NaN. */
    static boolean cle(double ar, double ai, double br, double bi) {
        return (ar < br && ai == ai && bi == bi) || (ar == br && ai <= bi);
    }

    /** True if either part is NaN. */
    static boolean cnan(double r, double i) {
        return r != r || i != i;
    }

    /** NumPy's complex maximum: a NaN operand wins (the first if both), else the larger. */
    static boolean cmaxPicksA(double ar, double ai, double br, double bi) {
        return cnan(ar, ai) || (!cnan(br, bi) && cle(br, bi, ar, ai));
    }

    /** NumPy's complex minimum: a NaN operand wins (the first if both), else the smaller. */
    static boolean cminPicksA(double ar, double ai, double br, double bi) {
        return cnan(ar, ai) || (!cnan(br, bi) && cle(ar, ai, br, bi));
    }

    /** Real part of {@code exp(r + i*im)}, with C99's special cases for infinite and NaN parts. */
    static double cexpRe(double r, double i) {
        if (i == 0) {
            return Math.exp(r);
        }
        if (Double.isInfinite(r) && r < 0 && !Double.isFinite(i)) {
            return 0.0;
        }
        if (Double.isInfinite(r) && r > 0 && !Double.isFinite(i)) {
            return r; // +inf with a NaN imaginary part (sign unspecified)
        }
        return Math.exp(r) * Math.cos(i);
    }

    /** Imaginary part of {@code exp(r + i*im)}. */
    static double cexpIm(double r, double i) {
        if (i == 0) {
            return i;
        }
        if (Double.isInfinite(r) && r < 0 && !Double.isFinite(i)) {
            return 0.0;
        }
        if (Double.isInfinite(r) && r > 0 && !Double.isFinite(i)) {
            return Double.NaN;
        }
        return Math.exp(r) * Math.sin(i);
    }

    /**
     * Real part of NumPy 2's complex sign {@code z / |z|}: 0 for 0; with one infinite part the
     * unit number along it (even when the other part is NaN); with two infinite parts NaN.
     */
    static double csignRe(double r, double i) {
        if (Double.isInfinite(r) || Double.isInfinite(i)) {
            return Double.isInfinite(r) && Double.isInfinite(i) ? Double.NaN : Double.isInfinite(r) ? Math.signum(r) : 0.0;
        }
        double m = Math.hypot(r, i);
        return m == 0 ? 0.0 : r / m;
    }

    /** Imaginary part of NumPy 2's complex sign; see {@link #csignRe}. */
    static double csignIm(double r, double i) {
        if (Double.isInfinite(r) || Double.isInfinite(i)) {
            return Double.isInfinite(r) && Double.isInfinite(i) ? Double.NaN : Double.isInfinite(i) ? Math.signum(i) : 0.0;
        }
        double m = Math.hypot(r, i);
        return m == 0 ? 0.0 : i / m;
    }
}
