package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code clip} of float32 and float64 arrays, bit for bit against NumPy 2's rule written out
 * ({@code r = x < lo ? lo : x; r > hi ? hi : r}; checked against NumPy 2.4.6 when written:
 * {@code clip(-0.0, 0.0, 1.0)} is {@code -0.0}, a NaN element stays itself, {@code lo > hi}
 * gives {@code hi}), on contiguous runs long enough for the vector loop and its tail, strided
 * views and two-dimensional arrays; NaN bounds give NaN everywhere. Tagged {@code kernels}: the
 * portable run repeats it on the scalar loop.
 */
@Tag("kernels")
class ClipTest {
    private static final double[][] BOUNDS = {{0.0, 1.0}, {-0.0, 1.0}, {-1.0, 0.0}, {-1.0, -0.0}, {-1.5, 2.0},
        {3.0, 1.0}, {Double.NEGATIVE_INFINITY, 0.25}, {-0.25, Double.POSITIVE_INFINITY}, {0.1, 0.1}};

    private static double[] values(int n, long seed) {
        Random r = new Random(seed);
        double[] special = {-0.0, 0.0, Double.NaN, Double.longBitsToDouble(0x7FF0_0000_0000_0123L), 0.5, 2.0, -1.0,
            1.0, -1.5, 3.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, -0.25, Double.MIN_VALUE};
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 5 == 0 ? special[(i / 5) % special.length] : r.nextGaussian() * 2;
        }
        return x;
    }

    private static double ref(double x, double lo, double hi) {
        double r = x < lo ? lo : x;
        return r > hi ? hi : r;
    }

    private static float ref(float x, float lo, float hi) {
        float r = x < lo ? lo : x;
        return r > hi ? hi : r;
    }

    @Test
    void float64MatchesNumPysRuleBitForBit() {
        double[] x = values(1003, 1);
        for (double[] b : BOUNDS) {
            try (NDArray a = NDArray.of(x); NDArray c = a.clip(b[0], b[1])) {
                assertEquals(DType.FLOAT64, c.dtype());
                double[] got = c.toDoubleArray();
                for (int i = 0; i < x.length; i++) {
                    int k = i;
                    assertEquals(Double.doubleToRawLongBits(ref(x[i], b[0], b[1])), Double.doubleToRawLongBits(got[i]),
                            () -> "clip(" + x[k] + ") " + b[0] + ".." + b[1]);
                }
            }
        }
    }

    @Test
    void float32MatchesNumPysRuleBitForBit() {
        double[] xd = values(1003, 2);
        float[] x = new float[xd.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) xd[i];
        }
        for (double[] b : BOUNDS) {
            float lo = (float) b[0];
            float hi = (float) b[1];
            try (NDArray a = NDArray.of(x); NDArray c = a.clip(b[0], b[1]); NDArray cl = a.clip(-2L, 1L);
                    NDArray v = a.slice("::3"); NDArray cs = v.clip(b[0], b[1])) {
                float[] gotS = cs.toFloatArray();
                for (int i = 0; i < gotS.length; i++) {
                    assertEquals(Float.floatToRawIntBits(ref(x[3 * i], lo, hi)), Float.floatToRawIntBits(gotS[i]),
                            "strided");
                }
                assertEquals(DType.FLOAT32, c.dtype());
                float[] got = c.toFloatArray();
                float[] gotL = cl.toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    int k = i;
                    assertEquals(Float.floatToRawIntBits(ref(x[i], lo, hi)), Float.floatToRawIntBits(got[i]),
                            () -> "clip(" + x[k] + ") " + lo + ".." + hi);
                    assertEquals(Float.floatToRawIntBits(ref(x[i], -2f, 1f)), Float.floatToRawIntBits(gotL[i]));
                }
            }
        }
    }

    @Test
    void stridedAndTwoDimensional() {
        double[] x = values(4 * 301, 3);
        try (NDArray a = NDArray.of(x, 4, 301); NDArray v = a.slice("::-1, ::2"); NDArray c = v.clip(-0.0, 0.5);
                NDArray c2 = a.clip(-1.0, -0.0)) {
            double[] got = c.toDoubleArray();
            int k = 0;
            for (int r = 3; r >= 0; r--) {
                for (int j = 0; j < 301; j += 2) {
                    assertEquals(Double.doubleToRawLongBits(ref(x[r * 301 + j], -0.0, 0.5)),
                            Double.doubleToRawLongBits(got[k++]));
                }
            }
            double[] got2 = c2.toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(ref(x[i], -1.0, -0.0)), Double.doubleToRawLongBits(got2[i]));
            }
        }
    }

    @Test
    void aNaNBoundGivesNaNEverywhere() {
        double[] x = values(301, 4);
        try (NDArray a = NDArray.of(x); NDArray c = a.clip(Double.NaN, 1.0); NDArray d = a.clip(0.0, Double.NaN)) {
            for (double v : c.toDoubleArray()) {
                assertEquals(true, Double.isNaN(v));
            }
            for (double v : d.toDoubleArray()) {
                assertEquals(true, Double.isNaN(v));
            }
        }
    }
}
