package org.ndpack.internal.ufunc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;

/**
 * The accuracy of {@code exp}, {@code log}, {@code sin} and {@code tanh} on float64 and float32,
 * whichever path runs them (the Vector API's short-vector math library, or {@link Math}), in
 * units in the last place (ulp) of the exact result.
 *
 * <p>Inputs, per function and dtype: special values (signed zeros, subnormals, the largest and
 * smallest normals, infinities, NaN, the overflow and underflow thresholds), random bit patterns
 * (every binade, subnormals, NaNs and infinities included) and uniform values over the function's
 * useful domain, from a SplitMix64 stream so that another program can draw the same inputs.
 *
 * <p>References:
 * <ul>
 *   <li>float32: {@link StrictMath} evaluated in float64, whose error (at most 2.5 float64 ulps,
 *       the documented bound of {@code tanh}; 1 ulp for the others) is below 2^-27 float32 ulps:
 *       the correctly rounded value for this purpose. {@value #N32} inputs of each kind.</li>
 *   <li>float64: the exact value to 50 significant digits, computed with {@link BigDecimal}
 *       (series after an exact argument reduction; {@code sin} reduces with 400 digits of pi),
 *       over {@value #N64_EXACT} inputs of each kind; and {@link StrictMath} (fdlibm, documented
 *       within 1 ulp for exp, log and sin) over {@value #N64_STRICT} inputs of each kind, where
 *       the distance to StrictMath is bounded instead.</li>
 * </ul>
 * Special values must be exactly the IEEE/C99 results (NaN, infinities, signed zeros).
 */
@Tag("kernels")
class TranscendentalUlpTest {
    static final int N32 = 1 << 20;
    static final int N64_EXACT = 20_000;
    static final int N64_STRICT = 1 << 20;
    /** Largest error allowed, in ulps of the exact result. */
    private static final double BOUND = 1.0;

    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);

    /** The functions, with their StrictMath forms, exact forms and useful domains. */
    enum Fun {
        EXP(UnaryOp.EXP, StrictMath::exp, -745.2, 709.8, -103.98, 88.73),
        LOG(UnaryOp.LOG, StrictMath::log, 0, 10, 0, 10),
        SIN(UnaryOp.SIN, StrictMath::sin, -1e4, 1e4, -1e4, 1e4),
        TANH(UnaryOp.TANH, StrictMath::tanh, -20, 20, -10, 10);

        final UnaryOp op;
        final DoubleUnaryOperator strict;
        final double lo64;
        final double hi64;
        final double lo32;
        final double hi32;

        Fun(UnaryOp op, DoubleUnaryOperator strict, double lo64, double hi64, double lo32, double hi32) {
            this.op = op;
            this.strict = strict;
            this.lo64 = lo64;
            this.hi64 = hi64;
            this.lo32 = lo32;
            this.hi32 = hi32;
        }

        /** {@return the exact value of the function at {@code x}, or null where it is not finite} */
        BigDecimal exact(double x) {
            return switch (this) {
                case EXP -> Exact.exp(new BigDecimal(x));
                case LOG -> Exact.log(x);
                case SIN -> Exact.sin(x);
                case TANH -> Exact.tanh(x);
            };
        }
    }

    private static final double[] SPECIAL = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        1.0, -1.0, 0.5, 2.0, Math.PI, -Math.PI, Math.PI / 2, 1e-300, 1e300, 709.782712893384, 709.79,
        -708.39, -745.1332191019411, -745.14, 88.72283, 88.73, -87.33655, -103.972, -103.98, 1e-8, -1e-8,
        Math.nextDown(1.0), Math.nextUp(1.0), 19.06, 22.0, 1e22, -1e22, 3.4e38, -3.4e38, 1.4e-45, 1.2e-38,
    };

    /** SplitMix64: the input stream (a Python twin draws the same inputs). */
    static final class Mix {
        private long s;

        Mix(long seed) {
            s = seed;
        }

        long next() {
            long z = s += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        double uniform() {
            return (next() >>> 11) * 0x1.0p-53;
        }
    }

    /** {@return special values, then n random bit patterns, then n uniform values in the domain} */
    static double[] inputs(Fun f, boolean f32, int n) {
        double[] x = new double[SPECIAL.length + 2 * n];
        int k = 0;
        for (double v : SPECIAL) {
            x[k++] = f32 ? (float) v : v;
        }
        Mix m = new Mix(f.ordinal() * 2 + (f32 ? 1 : 0));
        for (int i = 0; i < n; i++) {
            long b = m.next();
            x[k++] = f32 ? Float.intBitsToFloat((int) (b >>> 32)) : Double.longBitsToDouble(b);
        }
        double lo = f32 ? f.lo32 : f.lo64;
        double hi = f32 ? f.hi32 : f.hi64;
        for (int i = 0; i < n; i++) {
            double v = lo + (hi - lo) * m.uniform();
            x[k++] = f32 ? (float) v : v;
        }
        return x;
    }

    /**
     * {@return op applied by ndpack to x in dtype t, as doubles}, after a warm-up: the Vector
     * API's operations run as scalar {@link Math} calls until C2 compiles the loop, so an
     * unwarmed run would measure that fallback instead of the vector math library.
     */
    private static double[] run(UnaryOp op, DType t, double[] x) {
        try (ArrayImpl w = ArrayImpl.zeros(t, 1 << 14)) {
            Elementwise.fill(w, 0.75);
            for (int i = 0; i < 400; i++) {
                Elementwise.unary(op, w).close();
            }
        }
        int n = x.length;
        try (ArrayImpl a = ArrayImpl.zeros(t, n)) {
            MemorySegment s = a.memory.segment;
            for (int i = 0; i < n; i++) {
                if (t == DType.FLOAT32) {
                    s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) x[i]);
                } else {
                    s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, x[i]);
                }
            }
            try (ArrayImpl r = Elementwise.unary(op, a)) {
                double[] y = new double[n];
                MemorySegment o = r.memory.segment;
                for (int i = 0; i < n; i++) {
                    y[i] = t == DType.FLOAT32 ? o.getAtIndex(ValueLayout.JAVA_FLOAT, i)
                            : o.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                }
                return y;
            }
        }
    }

    /**
     * {@return the error of {@code got} in ulps of the exact value {@code exact}} (the ulp of the
     * binade the exact value lies in), for a finite or infinite result; 0 for equal specials.
     */
    static double ulps(double got, BigDecimal exact, boolean f32) {
        double near = exact.doubleValue();
        if (f32) {
            float f = (float) near;
            if (Float.isInfinite(f)) {
                return Double.isInfinite(got) && Math.signum(got) == Math.signum(f) ? 0
                        : Math.abs(got - Math.copySign(Float.MAX_VALUE, f)) / Math.ulp(Float.MAX_VALUE) + 1;
            }
            if (new BigDecimal(f).abs().compareTo(exact.abs()) > 0) {
                f = Math.nextDown(Math.abs(f)); // the binade of the exact value, not of its rounding
            }
            if (Double.isInfinite(got)) {
                return Double.POSITIVE_INFINITY;
            }
            return new BigDecimal(got).subtract(exact).abs()
                    .divide(new BigDecimal(Math.ulp(Math.abs(f))), MathContext.DECIMAL64).doubleValue();
        }
        if (Double.isInfinite(near)) {
            return Double.isInfinite(got) && Math.signum(got) == Math.signum(near) ? 0 : Double.POSITIVE_INFINITY;
        }
        double d = near;
        if (new BigDecimal(d).abs().compareTo(exact.abs()) > 0) {
            d = Math.nextDown(Math.abs(d));
        }
        if (Double.isInfinite(got)) {
            // only right if the exact value rounds to infinity, which was handled above
            return Double.POSITIVE_INFINITY;
        }
        return new BigDecimal(got).subtract(exact).abs()
                .divide(new BigDecimal(Math.ulp(Math.abs(d))), MathContext.DECIMAL64).doubleValue();
    }

    /** {@return the IEEE result where it is a special value (NaN, infinite, or an exact zero), else null} */
    static Double special(Fun f, double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double inf = Double.POSITIVE_INFINITY;
        switch (f) {
            case EXP:
                return x == inf ? Double.valueOf(inf) : x == -inf ? Double.valueOf(0.0) : null;
            case LOG:
                if (x < 0) {
                    return Double.NaN;
                }
                return x == 0 ? Double.valueOf(-inf) : x == inf ? Double.valueOf(inf) : x == 1 ? Double.valueOf(0.0) : null;
            case SIN:
                return Double.isInfinite(x) ? Double.valueOf(Double.NaN) : x == 0 ? Double.valueOf(x) : null;
            default:
                return Double.isInfinite(x) ? Double.valueOf(Math.signum(x)) : x == 0 ? Double.valueOf(x) : null;
        }
    }

    private static String hex(double x, boolean f32) {
        return f32 ? Float.toHexString((float) x) : Double.toHexString(x);
    }

    private static void checkSpecial(Fun f, boolean f32, double x, double got) {
        Double want = special(f, x);
        if (want != null) {
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got),
                    f + "(" + hex(x, f32) + ") must be " + want + ", was " + got);
        }
    }

    /** The error of one result: (input index, result) to ulps. */
    @FunctionalInterface
    private interface Error {
        double of(int i, double got);
    }

    /**
     * Runs f over the inputs in dtype t, checks the special values exactly, and asserts that the
     * largest error of the others is at most {@code bound}; prints it.
     */
    private static void measure(Fun f, DType t, int n, String against, double bound, Error error) {
        boolean f32 = t == DType.FLOAT32;
        double[] x = inputs(f, f32, n);
        double[] y = run(f.op, t, x);
        double worst = 0;
        double worstAt = 0;
        for (int i = 0; i < x.length; i++) {
            if (special(f, x[i]) != null) {
                checkSpecial(f, f32, x[i], y[i]);
                continue;
            }
            double e = error.of(i, y[i]);
            if (e > worst) {
                worst = e;
                worstAt = x[i];
            }
        }
        String what = f + " " + t + ": max " + String.format("%.3f", worst) + " ulps " + against + " at "
                + hex(worstAt, f32) + " (" + x.length + " inputs)";
        System.out.println("ulp " + what);
        assertTrue(worst <= bound, what + ", bound " + bound);
    }

    @ParameterizedTest
    @EnumSource(Fun.class)
    void float32WithinOneUlpOfTheCorrectlyRoundedResult(Fun f) {
        double[] x = inputs(f, true, N32);
        measure(f, DType.FLOAT32, N32, "of the exact value", BOUND, (i, got) -> {
            double ref = f.strict.applyAsDouble(x[i]); // within 2^-27 float32 ulps of the exact value
            return Double.isInfinite(ref) ? (got == ref ? 0 : Double.POSITIVE_INFINITY)
                    : ulps(got, new BigDecimal(ref), true);
        });
    }

    @ParameterizedTest
    @EnumSource(Fun.class)
    void float64WithinOneUlpOfTheExactResult(Fun f) {
        double[] x = inputs(f, false, N64_EXACT);
        measure(f, DType.FLOAT64, N64_EXACT, "of the exact value", BOUND, (i, got) -> ulps(got, f.exact(x[i]), false));
    }

    @ParameterizedTest
    @EnumSource(Fun.class)
    void float64CloseToStrictMathOnManyInputs(Fun f) {
        double[] x = inputs(f, false, N64_STRICT);
        // StrictMath's own error adds to ours: documented within 1 ulp, 2.5 for tanh
        measure(f, DType.FLOAT64, N64_STRICT, "from StrictMath", BOUND + (f == Fun.TANH ? 2.5 : 1), (i, got) -> {
            double ref = f.strict.applyAsDouble(x[i]);
            return ref == got ? 0 : Double.isInfinite(ref) || Double.isInfinite(got)
                    ? Double.POSITIVE_INFINITY : Math.abs(got - ref) / Math.ulp(ref);
        });
    }

    /** Exact values with BigDecimal, to {@link #MC}'s precision. */
    static final class Exact {
        private static final BigDecimal TWO = BigDecimal.valueOf(2);
        private static final BigDecimal LN2 = ln2(MC.getPrecision() + 20);
        private static final int PI_DIGITS = 420;
        private static final BigDecimal PI = pi(PI_DIGITS);

        private Exact() {
        }

        /** {@return 2 atanh(z) = log((1 + z) / (1 - z)), by its series; |z| small} */
        private static BigDecimal atanh2(BigDecimal z, MathContext mc) {
            BigDecimal z2 = z.multiply(z, mc);
            BigDecimal term = z;
            BigDecimal sum = z;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
            for (int k = 3; ; k += 2) {
                term = term.multiply(z2, mc);
                BigDecimal t = term.divide(BigDecimal.valueOf(k), mc);
                sum = sum.add(t, mc);
                if (t.abs().compareTo(eps.multiply(sum.abs())) < 0) {
                    return sum.multiply(TWO, mc);
                }
            }
        }

        private static BigDecimal ln2(int digits) {
            MathContext mc = new MathContext(digits);
            return atanh2(BigDecimal.ONE.divide(BigDecimal.valueOf(3), mc), mc); // log 2 = 2 atanh(1/3)
        }

        /** Machin: pi = 16 atan(1/5) - 4 atan(1/239). */
        private static BigDecimal pi(int digits) {
            MathContext mc = new MathContext(digits + 10);
            return atanInv(5, mc).multiply(BigDecimal.valueOf(16)).subtract(atanInv(239, mc).multiply(BigDecimal.valueOf(4)))
                    .round(new MathContext(digits));
        }

        private static BigDecimal atanInv(int n, MathContext mc) {
            BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc);
            BigDecimal x2 = x.multiply(x, mc);
            BigDecimal term = x;
            BigDecimal sum = x;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
            for (int k = 3, sign = -1; ; k += 2, sign = -sign) {
                term = term.multiply(x2, mc);
                BigDecimal t = term.divide(BigDecimal.valueOf(k), mc);
                if (t.compareTo(eps) < 0) {
                    return sum;
                }
                sum = sign < 0 ? sum.subtract(t, mc) : sum.add(t, mc);
            }
        }

        private static BigDecimal pow2(int k) {
            return k >= 0 ? TWO.pow(k) : BigDecimal.ONE.divide(TWO.pow(-k)); // exact either way
        }

        /** {@return e^x; x finite, of moderate size} */
        static BigDecimal exp(BigDecimal x) {
            if (x.compareTo(BigDecimal.valueOf(710)) > 0) {
                return BigDecimal.ONE.movePointRight(400); // rounds to infinity
            }
            if (x.compareTo(BigDecimal.valueOf(-746)) < 0) {
                return BigDecimal.ONE.movePointLeft(400); // rounds to zero
            }
            MathContext mc = new MathContext(MC.getPrecision() + 10);
            int k = x.divide(LN2, mc).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
            BigDecimal r = x.subtract(LN2.multiply(BigDecimal.valueOf(k)), mc); // |r| <= 0.35
            BigDecimal term = BigDecimal.ONE;
            BigDecimal sum = BigDecimal.ONE;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
            for (int i = 1; ; i++) {
                term = term.multiply(r, mc).divide(BigDecimal.valueOf(i), mc);
                sum = sum.add(term, mc);
                if (term.abs().compareTo(eps) < 0) {
                    break;
                }
            }
            return sum.multiply(pow2(k), MC);
        }

        /** {@return log x for finite x > 0} */
        static BigDecimal log(double x) {
            int e = Math.getExponent(x);
            double m;
            if (e < Double.MIN_EXPONENT) { // subnormal: scale into the normal range exactly
                double s = x * 0x1p54;
                e = Math.getExponent(s);
                m = Math.scalb(s, -e);
                e -= 54;
            } else {
                m = Math.scalb(x, -e);
            }
            if (m > Math.sqrt(2)) {
                m /= 2; // exact
                e += 1;
            }
            MathContext mc = new MathContext(MC.getPrecision() + 10);
            BigDecimal bm = new BigDecimal(m);
            BigDecimal z = bm.subtract(BigDecimal.ONE).divide(bm.add(BigDecimal.ONE), mc);
            BigDecimal lm = z.signum() == 0 ? BigDecimal.ZERO : atanh2(z, mc);
            return LN2.multiply(BigDecimal.valueOf(e), mc).add(lm, MC);
        }

        /** {@return sin x for finite x} */
        static BigDecimal sin(double x) {
            BigDecimal bx = new BigDecimal(x);
            int digits = Math.max(0, (int) Math.ceil(Math.log10(Math.abs(x) + 1))) + MC.getPrecision() + 30;
            if (digits > PI_DIGITS) {
                throw new AssertionError("pi has too few digits for " + x);
            }
            MathContext mc = new MathContext(digits);
            BigDecimal halfPi = PI.round(mc).divide(TWO, mc);
            BigInteger q = bx.divide(halfPi, mc).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
            BigDecimal r = bx.subtract(halfPi.multiply(new BigDecimal(q), mc), mc); // |r| <= pi/4
            int quadrant = q.mod(BigInteger.valueOf(4)).intValue();
            MathContext small = new MathContext(MC.getPrecision() + 10);
            BigDecimal v = switch (quadrant) {
                case 0 -> series(r, true, small);
                case 1 -> series(r, false, small);
                case 2 -> series(r, true, small).negate();
                default -> series(r, false, small).negate();
            };
            return v.round(MC);
        }

        /** {@return sin r (odd) or cos r (even) by Taylor series; |r| <= pi/4} */
        private static BigDecimal series(BigDecimal r, boolean sine, MathContext mc) {
            BigDecimal r2 = r.multiply(r, mc);
            BigDecimal term = sine ? r.round(mc) : BigDecimal.ONE;
            BigDecimal sum = term;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
            for (long p = sine ? 1 : 0; ; p += 2) { // p: the power of r in term
                term = term.multiply(r2, mc).divide(BigDecimal.valueOf((p + 1) * (p + 2)), mc).negate();
                sum = sum.add(term, mc);
                if (term.signum() == 0 || term.abs().compareTo(eps.multiply(sum.abs())) < 0) {
                    return sum;
                }
            }
        }

        /** {@return tanh x for finite x} */
        static BigDecimal tanh(double x) {
            double ax = Math.abs(x);
            MathContext mc = new MathContext(MC.getPrecision() + 20);
            BigDecimal v;
            if (ax < 1e-12) {
                BigDecimal b = new BigDecimal(ax);
                BigDecimal b3 = b.pow(3, mc);
                v = b.subtract(b3.divide(BigDecimal.valueOf(3), mc), mc).add(b3.multiply(b.pow(2, mc), mc)
                        .multiply(BigDecimal.valueOf(2), mc).divide(BigDecimal.valueOf(15), mc), mc);
            } else if (ax > 400) {
                v = BigDecimal.ONE.subtract(BigDecimal.ONE.movePointLeft(340)); // 1 - (far below an ulp)
            } else {
                BigDecimal e = exp(new BigDecimal(2 * ax)); // exact: 2 ax is a double
                v = e.subtract(BigDecimal.ONE, mc).divide(e.add(BigDecimal.ONE, mc), mc);
            }
            return (x < 0 ? v.negate() : v).round(MC);
        }
    }
}
