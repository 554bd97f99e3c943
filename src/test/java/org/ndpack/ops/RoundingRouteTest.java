package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * {@code floor}, {@code ceil}, {@code rint} and {@code trunc} of float32 and float64 arrays, bit
 * for bit against {@link Math}'s functions (the element functions of the portable loop, whose
 * results NumPy gives too): on halves and the values next to them, on both sides of
 * {@code 2^(p-1)} where every value is an integer, on signed zeros (which keep their sign:
 * {@code ceil(-0.5)} is {@code -0.0}), infinities, subnormals and the extremes; a quiet NaN comes
 * out as itself, sign and payload, as NumPy gives, except that {@code rint} of a negative NaN may
 * come out positive from the portable loop while it runs interpreted ({@link Math#rint} does so
 * until C2 compiles it; compiled, and in the vector form, the sign is kept); contiguous runs long enough for the vector loop and its tail, and strided views.
 * Tagged {@code kernels}: the portable run repeats it on the scalar loop.
 */
@Tag("kernels")
class RoundingRouteTest {
    private static final Ufunc.Unary[] OPS = {Ufunc.FLOOR, Ufunc.CEIL, Ufunc.RINT, Ufunc.TRUNC};
    private static final DoubleUnaryOperator[] REF = {Math::floor, Math::ceil, Math::rint,
        x -> x < 0 ? Math.ceil(x) : Math.floor(x)};

    /** Values around every boundary the vector form treats specially, in float64. */
    private static double[] values(int n, double big, long seed) {
        double[] special = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
            1.0, -1.0, 3.0, -3.0, big, -big, big - 0.5, -(big - 0.5), big - 1.5, -(big - 1.5), big - 1, -(big - 1),
            2 * big, -2 * big, 2 * big + 2, big + 1, -(big + 1), Math.nextDown(big), -Math.nextDown(big),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0x7FF8_0000_0000_1234L), Double.longBitsToDouble(0xFFF8_0000_0000_0042L),
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, -1e-300, 0.7, -0.7,
            1e30, -1e30};
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                x[i] = special[(i / 3) % special.length];
            } else if (i % 3 == 1) {
                double k = Math.rint(r.nextGaussian() * 100); // an integer or a half, or one step from one
                double v = r.nextBoolean() ? k : k + 0.5;
                x[i] = switch (r.nextInt(3)) {
                    case 0 -> Math.nextUp(v);
                    case 1 -> Math.nextDown(v);
                    default -> v;
                };
            } else {
                x[i] = r.nextGaussian() * Math.scalb(1.0, r.nextInt(70) - 10);
            }
        }
        return x;
    }

    @Test
    void float64MatchesMathBitForBit() {
        double[] x = values(1003, 0x1p52, 5);
        try (NDArray a = NDArray.of(x); NDArray s = a.slice("1::3")) {
            for (int k = 0; k < OPS.length; k++) {
                try (NDArray c = OPS[k].apply(a); NDArray cs = OPS[k].apply(s)) {
                    assertEquals(DType.FLOAT64, c.dtype());
                    double[] got = c.toDoubleArray();
                    double[] gots = cs.toDoubleArray();
                    for (int i = 0; i < x.length; i++) {
                        double want = REF[k].applyAsDouble(x[i]);
                        String at = OPS[k] + "(" + x[i] + ")";
                        if (Double.isNaN(x[i])) {
                            // a quiet NaN comes out as itself, sign and payload, on every path; rint's
                            // sign not pinned (see the class comment)
                            if (OPS[k] == Ufunc.RINT) {
                                assertTrue(Double.isNaN(got[i]), at);
                            } else {
                                assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(got[i]), at);
                            }
                            continue;
                        }
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got[i]), at);
                        if (i % 3 == 1) {
                            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(gots[i / 3]),
                                    at + " strided");
                        }
                    }
                }
            }
        }
    }

    @Test
    void float32MatchesMathBitForBit() {
        double[] v = values(1003, 0x1p23, 6);
        float[] x = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = (float) v[i];
        }
        try (NDArray a = NDArray.of(x); NDArray s = a.slice("::2")) {
            for (int k = 0; k < OPS.length; k++) {
                try (NDArray c = OPS[k].apply(a); NDArray cs = OPS[k].apply(s)) {
                    assertEquals(DType.FLOAT32, c.dtype());
                    float[] got = c.toFloatArray();
                    float[] gots = cs.toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        float want = (float) REF[k].applyAsDouble(x[i]);
                        String at = OPS[k] + "(" + x[i] + ")";
                        if (Float.isNaN(x[i])) {
                            if (OPS[k] == Ufunc.RINT) {
                                assertTrue(Float.isNaN(got[i]), at);
                            } else {
                                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(got[i]), at);
                            }
                            continue;
                        }
                        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i]), at);
                        if (i % 2 == 0) {
                            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(gots[i / 2]), at + " strided");
                        }
                    }
                }
            }
        }
    }

    @Test
    void signallingNaNsStayNaN() {
        double[] x = new double[64];
        java.util.Arrays.fill(x, Double.longBitsToDouble(0x7FF0_0000_0000_0001L));
        float[] f = new float[64];
        java.util.Arrays.fill(f, Float.intBitsToFloat(0x7F80_0001));
        for (Ufunc.Unary op : OPS) {
            try (NDArray a = NDArray.of(x); NDArray c = op.apply(a); NDArray b = NDArray.of(f); NDArray d = op.apply(b)) {
                for (int i = 0; i < 64; i++) {
                    assertTrue(Double.isNaN(c.getDouble(i)), op + " at " + i);
                    assertTrue(Double.isNaN(d.getDouble(i)), op + " float32 at " + i);
                }
            }
        }
    }
}
