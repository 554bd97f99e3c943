package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.NumPy;

/**
 * NumPy's float32 and float64 {@code power} with a broadcast exponent of 2, 0.5, -1, 1 or 0
 * computes {@code x * x}, {@code sqrt(x)}, {@code 1.0 / x}, {@code x} or {@code 1} (its loops'
 * fast path, taken when the exponent's stride is 0), and so does ndpack: the same bits, on
 * NaNs, signed zeros, infinities, subnormals, overflow and ordinary values, contiguous and
 * strided, for a weak Java scalar, a 0-d array and a broadcast one-element array. An exponent
 * array holding those values element by element computes {@code pow}, as NumPy's loop does
 * (so {@code -0.0 ** 0.5} is +0.0 there and -0.0 with a broadcast exponent), and so does an
 * exponent broadcast along some axes only ({@code (2, 3) ** (2, 1)}), which NumPy's iterator
 * hands its loop with a stride. Tagged {@code kernels}; the NumPy comparison skips, saying
 * so, without NumPy.
 */
@Tag("kernels")
class PowerRouteTest {
    private static final double[] EXPONENTS = {2, 0.5, -1, 1, 0};

    /** Specials, then values of every size, negatives included. */
    private static double[] inputs() {
        double[] special = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, -1,
            Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, 1e-40, -1e-40, 1e-300, 3e38, -3e38, 1e200, -1e200,
            Double.MAX_VALUE, 4, 2.5, -0.1};
        Random r = new Random(7);
        double[] v = new double[1003];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < special.length ? special[i] : r.nextGaussian() * Math.pow(10, r.nextInt(13) - 6);
        }
        return v;
    }

    /** {@return NumPy's fast-path value of {@code x ** e}, in dtype t} */
    private static double want(double x, double e, DType t) {
        boolean f32 = t == DType.FLOAT32;
        if (e == 2) {
            return f32 ? (float) (x * x) : x * x; // float32: the exact product rounded once
        } else if (e == 0.5) {
            return f32 ? (float) Math.sqrt(x) : Math.sqrt(x);
        } else if (e == -1) {
            return f32 ? (float) (1.0 / x) : 1.0 / x;
        } else if (e == 1) {
            return x;
        }
        return 1;
    }

    private static void assertBits(double want, double got, String what) {
        // every NaN alike (the sign and payload of a NaN differ between libraries); -0.0 is not 0.0
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": want " + want + ", got " + got);
    }

    @Test
    void aBroadcastExponentTakesNumPysRoutes() {
        double[] v = inputs();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (NDArray d = NDArray.of(v); NDArray a = d.astype(t); NDArray st = a.slice("::3")) {
                for (double e : EXPONENTS) {
                    try (NDArray zeroD = NDArray.scalar(t, e); NDArray one = NDArray.full(t, e, 1);
                            NDArray weak = a.pow(e); NDArray p0 = a.pow(zeroD); NDArray p1 = a.pow(one);
                            NDArray ps = st.pow(e)) {
                        for (int i = 0; i < v.length; i++) {
                            double x = a.getDouble(i);
                            double w = want(x, e, t);
                            String what = t + " " + x + " ** " + e;
                            assertBits(w, weak.getDouble(i), what + " (weak scalar)");
                            assertBits(w, p0.getDouble(i), what + " (0-d exponent)");
                            assertBits(w, p1.getDouble(i), what + " (broadcast one-element exponent)");
                            if (i % 3 == 0) {
                                assertBits(w, ps.getDouble(i / 3), what + " (strided base)");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theBitsThatDifferFromPow() {
        // pinned: before these routes ndpack gave pow's +0.0 and +inf (docs CHANGELOG)
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (NDArray a = NDArray.of(new double[] {-0.0, Double.NEGATIVE_INFINITY}).astype(t);
                    NDArray r = a.pow(0.5)) {
                assertBits(-0.0, r.getDouble(0), t + " -0.0 ** 0.5");
                assertBits(Double.NaN, r.getDouble(1), t + " -inf ** 0.5");
            }
            try (NDArray a = NDArray.of(new double[] {Double.NaN}).astype(t); NDArray r = a.pow(0.0)) {
                assertBits(1, r.getDouble(0), t + " nan ** 0");
            }
        }
    }

    @Test
    void mixedDtypesTakeTheRoutesToo() {
        // NumPy 2.4.6: np.power(float32 [-0.0, -inf, 4], np.float64(0.5)) is [-0.0, nan, 2.0]: both
        // operands are cast to the loop's dtype and the loop sees the same stride-0 exponent
        try (NDArray a = NDArray.of(new float[] {-0.0f, Float.NEGATIVE_INFINITY, 4f}); NDArray h = NDArray.full(DType.FLOAT64, 0.5);
                NDArray r = a.pow(h); NDArray d = NDArray.of(new double[] {-0.0, Double.NEGATIVE_INFINITY});
                NDArray hf = NDArray.full(DType.FLOAT32, 0.5); NDArray rd = d.pow(hf)) {
            assertEquals(DType.FLOAT64, r.dtype());
            assertBits(-0.0, r.getDouble(0), "float32 ** float64 0.5 at -0.0");
            assertBits(Double.NaN, r.getDouble(1), "float32 ** float64 0.5 at -inf");
            assertBits(2.0, r.getDouble(2), "float32 ** float64 0.5 at 4");
            assertBits(-0.0, rd.getDouble(0), "float64 ** float32 0.5 at -0.0");
            assertBits(Double.NaN, rd.getDouble(1), "float64 ** float32 0.5 at -inf");
        }
        // int64 ** -1.0 is 1.0 / x of the converted value (Math.pow(x, -1) misses it in the last
        // place for some x, e.g. 6190552378934), and a float64 ** int64 -1 likewise
        long[] w = {6190552378934L, 3, -7, 1L << 40, 0};
        try (NDArray i = NDArray.of(w); NDArray r = i.pow(-1.0); NDArray f = i.astype(DType.FLOAT64);
                NDArray m1 = NDArray.full(DType.INT64, -1L); NDArray rf = f.pow(m1); NDArray sq = i.pow(2.0);
                NDArray one = i.pow(0.0); NDArray same = f.astype(DType.FLOAT32).pow(NDArray.full(DType.FLOAT64, 1.0))) {
            for (int k = 0; k < w.length; k++) {
                assertBits(1.0 / w[k], r.getDouble(k), "int64 " + w[k] + " ** -1.0");
                assertBits(1.0 / w[k], rf.getDouble(k), "float64 " + w[k] + " ** int64 -1");
                assertBits((double) w[k] * (double) w[k], sq.getDouble(k), "int64 " + w[k] + " ** 2.0");
                assertBits(1.0, one.getDouble(k), "int64 " + w[k] + " ** 0.0");
                assertBits((float) w[k], same.getDouble(k), "float32 " + w[k] + " ** float64 1.0");
            }
        }
    }

    @Test
    void zeroAndInfiniteBasesFollowCsOddIntegerRule() {
        // -(2^52 - 0.5) is not an integer: C and NumPy give +inf and +0.0; HotSpot's Math.pow gave
        // -inf and -0.0. 1001 elements: the vector loop and its tail (portable) alike
        double y = -4503599627370495.5;
        for (DType t : new DType[] {DType.FLOAT64}) {
            try (NDArray z = NDArray.full(t, -0.0, 1001); NDArray e = NDArray.full(t, y, 1001); NDArray r = z.pow(e);
                    NDArray i = NDArray.full(t, Double.NEGATIVE_INFINITY, 1001); NDArray ri = i.pow(e)) {
                for (int k : new int[] {0, 7, 999, 1000}) {
                    assertBits(Double.POSITIVE_INFINITY, r.getDouble(k), "-0.0 ** " + y + " at " + k);
                    assertBits(0.0, ri.getDouble(k), "-inf ** " + y + " at " + k);
                }
            }
        }
    }

    @Test
    void anExponentArrayComputesPow() {
        // NumPy: np.power(a, np.full_like(a, 0.5)) at -0.0 is 0.0, at -inf inf (pow, not sqrt)
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (NDArray a = NDArray.of(new double[] {-0.0, Double.NEGATIVE_INFINITY, -0.0, -0.0}).astype(t);
                    NDArray y = NDArray.full(t, 0.5, 4); NDArray r = a.pow(y)) {
                assertBits(0.0, r.getDouble(0), t + " -0.0 ** [0.5]");
                assertBits(Double.POSITIVE_INFINITY, r.getDouble(1), t + " -inf ** [0.5]");
            }
        }
    }

    /** {@return {@code -0.0 ** 0.5} for these shapes of base and exponent: -0.0 by sqrt, +0.0 by pow} */
    private static double negativeZeroToTheHalf(DType t, long[] base, long[] exponent, boolean viewOfScalar) {
        try (NDArray a = NDArray.full(t, -0.0, base); NDArray e0 = NDArray.full(t, 0.5, viewOfScalar ? new long[0] : exponent);
                NDArray e = viewOfScalar ? e0.broadcastTo(exponent) : e0; NDArray r = a.pow(e)) {
            double first = r.reshape(r.size()).getDouble(0);
            for (long i = 0; i < r.size(); i++) {
                assertBits(first, r.reshape(r.size()).getDouble(i), "every element alike");
            }
            return first;
        }
    }

    @Test
    void onlyAnExponentThatIsOneElementEverywhereTakesTheRoutes() {
        // NumPy 2.4.6, np.power(np.full(base, -0.0), np.full(exponent, 0.5)): its loop sees a
        // stride-0 exponent only when the exponent is one element everywhere
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            assertBits(0.0, negativeZeroToTheHalf(t, new long[] {2, 3}, new long[] {2, 1}, false), t + " (2,3) ** (2,1)");
            assertBits(0.0, negativeZeroToTheHalf(t, new long[] {2, 3}, new long[] {1, 3}, false), t + " (2,3) ** (1,3)");
            assertBits(0.0, negativeZeroToTheHalf(t, new long[] {300, 40}, new long[] {300, 1}, false),
                    t + " (300,40) ** (300,1)");
            assertBits(-0.0, negativeZeroToTheHalf(t, new long[] {2, 3}, new long[] {1, 1}, false), t + " (2,3) ** (1,1)");
            assertBits(-0.0, negativeZeroToTheHalf(t, new long[] {2, 3}, new long[] {1}, false), t + " (2,3) ** (1,)");
            assertBits(-0.0, negativeZeroToTheHalf(t, new long[0], new long[0], false), t + " () ** ()");
            assertBits(-0.0, negativeZeroToTheHalf(t, new long[] {1}, new long[0], false), t + " (1,) ** ()");
            assertBits(0.0, negativeZeroToTheHalf(t, new long[] {1}, new long[] {1}, false), t + " (1,) ** (1,)");
            assertBits(0.0, negativeZeroToTheHalf(t, new long[] {1, 1}, new long[] {1, 1}, false), t + " (1,1) ** (1,1)");
            assertBits(-0.0, negativeZeroToTheHalf(t, new long[] {2, 3}, new long[] {2, 3}, true),
                    t + " (2,3) ** broadcast_to(0.5, (2,3))");
        }
    }

    @Test
    void matchesNumPyBitForBit() {
        NumPy.require(); // skips, saying so, where no Python with NumPy is found
        double[] v = inputs();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (NDArray d = NDArray.of(v); NDArray a = d.astype(t)) {
                List<String> exprs = new ArrayList<>();
                List<NDArray> mine = new ArrayList<>();
                for (double e : EXPONENTS) {
                    String lit = e == 0.5 ? "0.5" : Long.toString((long) e) + ".0";
                    // the operator with a Python float, NumPy's own form of a weak scalar exponent:
                    // NumPy 1.x takes the cheap routes there (fast_scalar_power) but not in
                    // np.power(a, 2.0), which 2.x routes as well
                    exprs.add("a ** " + lit);
                    mine.add(a.pow(e));
                    exprs.add("np.power(a, np.full_like(a, " + lit + "))");
                    try (NDArray y = NDArray.full(t, e, v.length)) {
                        mine.add(a.pow(y));
                    }
                }
                List<NumPy.Result> want = NumPy.eval(NumPy.inputs("a", a), "", exprs);
                for (int k = 0; k < exprs.size(); k++) {
                    try (NDArray got = mine.get(k); NDArray w = want.get(k).get()) {
                        assertEquals(w.dtype(), got.dtype(), exprs.get(k));
                        for (int i = 0; i < v.length; i++) {
                            double x = a.getDouble(i);
                            double wi = w.getDouble(i);
                            // pow itself (exponent arrays) may differ from the C library's in the last
                            // place on ordinary values, even for an exponent of 1 (NumPy 1.24's vector
                            // pow gives x minus an ulp for some x): compared where the value is special
                            boolean exact = k % 2 == 0 || Double.isNaN(x) || Double.isInfinite(x) || x == 0
                                    || Math.abs(x) == 1 || Double.isNaN(wi) || Double.isInfinite(wi) || wi == 0 || wi == 1;
                            if (exact) {
                                assertBits(wi, got.getDouble(i), t + " " + exprs.get(k) + " at a=" + x);
                            }
                        }
                    }
                }
            }
        }
    }
}
