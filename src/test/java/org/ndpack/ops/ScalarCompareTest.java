package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Comparisons of an array with a scalar ({@code a > 0.5}), which the vector comparison now runs
 * with the scalar broadcast into a vector, and binary operations with a scalar (four vectors per
 * step): element for element against Java's operators on the same values, NaNs and signed zeros
 * among them, at lengths with and without a tail. Tagged {@code kernels} (portable run too).
 */
@Tag("kernels")
class ScalarCompareTest {
    /** {@code isnan} of float32/float64 runs not_equal's comparison with the element twice. */
    @Test
    void isnanMatchesJava() {
        Random r = new Random(9);
        int n = 1003;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 7) {
                case 0 -> Double.NaN;
                case 1 -> Double.longBitsToDouble(0xFFF0_0000_0000_0001L);
                case 2 -> Double.POSITIVE_INFINITY;
                case 3 -> -0.0;
                default -> r.nextGaussian();
            };
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (NDArray d = NDArray.of(v); NDArray a = d.astype(t); NDArray nan = org.ndpack.Ufunc.ISNAN.apply(a);
                    NDArray st = a.slice("::2"); NDArray nanS = org.ndpack.Ufunc.ISNAN.apply(st)) {
                assertEquals(DType.BOOL, nan.dtype());
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.isNaN(v[i]), nan.getBoolean(i), t + " at " + i);
                    if (i % 2 == 0) {
                        assertEquals(Double.isNaN(v[i]), nanS.getBoolean(i / 2), t + " strided at " + i);
                    }
                }
            }
        }
    }

    /** The scalar's exact bits reach every lane: signed zero, a subnormal, narrow integer lanes. */
    @Test
    void scalarOperandsKeepTheirBits() {
        int n = 1001;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : i * 0.25;
        }
        for (double sc : new double[] {-0.0, Double.MIN_VALUE, 1e-45, -3.5}) {
            try (NDArray d = NDArray.of(v); NDArray f = d.astype(DType.FLOAT32); NDArray sd = d.add(sc);
                    NDArray sf = f.add(sc); NDArray md = d.maximum(sc)) {
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(v[i] + sc), Double.doubleToRawLongBits(sd.getDouble(i)),
                            "f64 " + v[i] + " + " + sc);
                    float x = (float) v[i];
                    assertEquals(Float.floatToRawIntBits(x + (float) sc), Float.floatToRawIntBits((float) sf.getDouble(i)),
                            "f32 " + x + " + " + sc);
                    assertEquals(Double.doubleToRawLongBits(Math.max(v[i], sc)), Double.doubleToRawLongBits(md.getDouble(i)),
                            "max " + v[i] + ", " + sc);
                }
            }
        }
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = (i * 37) % 251 - 125;
        }
        for (DType t : new DType[] {DType.INT8, DType.INT16, DType.UINT8}) {
            try (NDArray a = NDArray.of(w).astype(t); NDArray p = a.add(t == DType.UINT8 ? 3L : -3L);
                    NDArray g = a.gt(7L)) {
                long[] x = a.toLongArray();
                long add = t == DType.UINT8 ? 3 : -3;
                for (int i = 0; i < n; i++) {
                    long want = t == DType.INT8 ? (byte) (x[i] + add) : t == DType.INT16 ? (short) (x[i] + add)
                            : (x[i] + add) & 0xFF;
                    assertEquals(want, p.getLong(i), t + " " + x[i] + " + " + add);
                    assertEquals(x[i] > 7, g.getBoolean(i), t + " " + x[i] + " > 7");
                }
            }
        }
    }

    @Test
    void comparisonsWithAScalarMatchJava() {
        Random r = new Random(8);
        for (int n : new int[] {3, 64, 1001, 70_003}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = i % 11 == 0 ? Double.NaN : i % 13 == 0 ? -0.0 : i % 17 == 0 ? 0.5 : r.nextDouble();
            }
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (double s : new double[] {0.5, 0.0, Double.NaN}) {
                    try (NDArray d = NDArray.of(v); NDArray a = d.astype(t); NDArray gt = a.gt(s); NDArray lt = a.lt(s);
                            NDArray eq = a.eq(s); NDArray ne = a.ne(s); NDArray ge = a.ge(s); NDArray le = a.le(s)) {
                        double[] x = a.toDoubleArray();
                        for (int i = 0; i < n; i++) {
                            String at = t + " " + x[i] + " vs " + s + " at " + i + " of " + n;
                            assertEquals(x[i] > s, gt.getBoolean(i), at + " >");
                            assertEquals(x[i] < s, lt.getBoolean(i), at + " <");
                            assertEquals(x[i] == s, eq.getBoolean(i), at + " ==");
                            assertEquals(x[i] != s, ne.getBoolean(i), at + " !=");
                            assertEquals(x[i] >= s, ge.getBoolean(i), at + " >=");
                            assertEquals(x[i] <= s, le.getBoolean(i), at + " <=");
                        }
                    }
                }
            }
            long[] w = new long[n];
            for (int i = 0; i < n; i++) {
                w[i] = r.nextInt(7) - 3;
            }
            for (DType t : new DType[] {DType.INT32, DType.INT64}) {
                try (NDArray a = NDArray.of(w).astype(t); NDArray gt = a.gt(1L); NDArray eq = a.eq(-2L);
                        NDArray sum = a.add(5L); NDArray prod = a.mul(-3L)) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(w[i] > 1, gt.getBoolean(i), t + " > 1 at " + i);
                        assertEquals(w[i] == -2, eq.getBoolean(i), t + " == -2 at " + i);
                        assertEquals(w[i] + 5, sum.getLong(i), t + " + 5 at " + i);
                        assertEquals(w[i] * -3, prod.getLong(i), t + " * -3 at " + i);
                    }
                }
            }
        }
    }
}
