package org.ndpack.internal.ufunc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.MathContext;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;

/**
 * The accuracy of {@code power} on float32 and float64 arrays (exponent arrays: the general
 * route), whichever path runs it (the Vector API's {@code VecPow2} after the warm-up, or
 * {@link Scalar#pow}), in ulps of the exact result, as {@link TranscendentalUlpTest} does for the
 * one-operand functions. Where an operand is special (a zero, an infinity, NaN, ±1 as the base,
 * 0 as the exponent) or the result is NaN, the result must be {@link Scalar#pow}'s bits;
 * overflow, underflow and results that round to 1 are measured like the others (there a
 * correctly rounded pow and {@link Math#pow} may differ).
 *
 * <p>Inputs, per kind (from a SplitMix64 stream, which a Python twin can draw as well):
 * ordinary ({@code x = (1 + u) 2^k}, k in [-16, 16),
 * {@code y} in (-40, 40)), wide ({@code x} in (0, 4), {@code y} in (-600, 600): overflow and
 * underflow), negative bases with integer exponents in [-60, 60], bases within 2^-10 of 1 with
 * exponents up to 1e5, and random bit patterns. References: float32, {@link StrictMath#pow} in
 * float64 (within 2^-28 float32 ulps of the exact value); float64, {@code exp(y log |x|)} to 60
 * digits with {@link BigDecimal}.
 */
@Tag("kernels")
class PowUlpTest {
    static final int N32 = 1 << 18;
    static final int N64 = 4_000;
    /** Largest error allowed, in ulps of the exact result. */
    private static final double BOUND = 1.0;
    private static final MathContext MC = new MathContext(70);

    enum Kind {
        ORDINARY, WIDE, NEGATIVE, NEAR_ONE, BITS
    }

    /** {@return the inputs of one kind: x in [0, n), y in [n, 2n)} */
    static double[] inputs(Kind k, boolean f32, int n) {
        TranscendentalUlpTest.Mix m = new TranscendentalUlpTest.Mix(100 + k.ordinal() * 2 + (f32 ? 1 : 0));
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double x;
            double y;
            switch (k) {
                case ORDINARY -> {
                    x = Math.scalb(1 + m.uniform(), (int) Math.floor(32 * m.uniform()) - 16);
                    y = 80 * m.uniform() - 40;
                }
                case WIDE -> {
                    x = 4 * m.uniform();
                    y = 1200 * m.uniform() - 600;
                }
                case NEGATIVE -> {
                    x = -Math.scalb(1 + m.uniform(), (int) Math.floor(32 * m.uniform()) - 16);
                    y = Math.floor(121 * m.uniform()) - 60;
                }
                case NEAR_ONE -> {
                    x = 1 + (2 * m.uniform() - 1) * 0x1p-10;
                    y = (2 * m.uniform() - 1) * 1e5;
                }
                default -> {
                    long a = m.next();
                    long b = m.next();
                    x = f32 ? Float.intBitsToFloat((int) (a >>> 32)) : Double.longBitsToDouble(a);
                    y = f32 ? Float.intBitsToFloat((int) (b >>> 32)) : Double.longBitsToDouble(b);
                }
            }
            v[i] = f32 ? (float) x : x;
            v[n + i] = f32 ? (float) y : y;
        }
        return v;
    }

    private static ArrayImpl array(DType t, double[] v, int from, int n) {
        ArrayImpl a = ArrayImpl.zeros(t, n);
        MemorySegment s = a.memory.segment;
        for (int i = 0; i < n; i++) {
            if (t == DType.FLOAT32) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v[from + i]);
            } else {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v[from + i]);
            }
        }
        return a;
    }

    /** {@return x ** y computed by ndpack with exponent arrays, after a warm-up} (see TranscendentalUlpTest#run) */
    static double[] run(DType t, double[] v, int n) {
        try (ArrayImpl w = ArrayImpl.zeros(t, 1 << 14); ArrayImpl e = ArrayImpl.zeros(t, 1 << 14)) {
            Elementwise.fill(w, 0.75);
            Elementwise.fill(e, -2.5);
            for (int i = 0; i < 400; i++) {
                Elementwise.binary(BinaryOp.POW, w, e).close();
            }
        }
        try (ArrayImpl a = array(t, v, 0, n); ArrayImpl b = array(t, v, n, n);
                ArrayImpl r = Elementwise.binary(BinaryOp.POW, a, b)) {
            double[] y = new double[n];
            MemorySegment o = r.memory.segment;
            for (int i = 0; i < n; i++) {
                y[i] = t == DType.FLOAT32 ? o.getAtIndex(ValueLayout.JAVA_FLOAT, i) : o.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            }
            return y;
        }
    }

    /** {@return whether C's pow has an exact answer here: a special operand, or NaN} */
    static boolean special(double x, double y, double want) {
        return Double.isNaN(want) || x == 0 || Double.isNaN(x)
                || Double.isInfinite(x) || Math.abs(x) == 1 || y == 0 || Double.isNaN(y) || Double.isInfinite(y);
    }

    /** {@return |x| ** y to 70 digits, negated for a negative x and an odd integer y; x finite, nonzero} */
    static BigDecimal exact(double x, double y) {
        BigDecimal l = TranscendentalUlpTest.Exact.log(Math.abs(x));
        BigDecimal r = TranscendentalUlpTest.Exact.exp(new BigDecimal(y).multiply(l, MC));
        boolean odd = Math.abs(y) < 0x1p53 && y == Math.rint(y) && Math.abs(y % 2) == 1;
        return x < 0 && odd ? r.negate() : r;
    }

    private static void measure(Kind k, DType t, int n) {
        boolean f32 = t == DType.FLOAT32;
        double[] v = inputs(k, f32, n);
        double[] got = run(t, v, n);
        double worst = 0;
        String at = "";
        int measured = 0;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            double y = v[n + i];
            double c = f32 ? (float) Scalar.pow(x, y) : Scalar.pow(x, y);
            if (special(x, y, c)) {
                assertEquals(Double.doubleToLongBits(c), Double.doubleToLongBits(got[i]),
                        t + " " + x + " ** " + y + " must be " + c + ", was " + got[i]);
                continue;
            }
            if (x < 0 && y != Math.rint(y)) {
                continue; // NaN, checked above
            }
            double e;
            if (f32) {
                double ref = StrictMath.pow(x, y);
                e = Double.isInfinite(ref) ? (got[i] == ref ? 0 : Double.POSITIVE_INFINITY)
                        : TranscendentalUlpTest.ulps(got[i], new BigDecimal(ref), true);
            } else {
                e = TranscendentalUlpTest.ulps(got[i], exact(x, y), false);
            }
            measured++;
            if (e > worst) {
                worst = e;
                at = x + " ** " + y;
            }
        }
        String what = "pow " + k + " " + t + ": max " + String.format("%.3f", worst) + " ulps of the exact value at " + at
                + " (" + measured + " of " + n + " inputs measured, the others special)";
        System.out.println("ulp " + what);
        assertTrue(worst <= BOUND, what + ", bound " + BOUND);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void float32WithinOneUlp(Kind k) {
        measure(k, DType.FLOAT32, N32);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void float64WithinOneUlp(Kind k) {
        measure(k, DType.FLOAT64, N64);
    }
}
