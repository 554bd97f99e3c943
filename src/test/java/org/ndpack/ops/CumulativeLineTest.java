package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code cumsum}/{@code cumprod} of float32, float64, int32 and int64 lines against the documented
 * rule written out: one running value, accumulated in double (or in 64-bit integers, wrapping),
 * each output rounded once to the result dtype; on lengths around the 64-value bulk threshold and
 * the 1024-value block, contiguous and strided, bit for bit.
 */
@Tag("kernels")
class CumulativeLineTest {
    @Test
    void floatLinesMatchTheRule() {
        Random r = new Random(3);
        for (int n : new int[] {1, 63, 64, 65, 1023, 1024, 1025, 3000}) {
            double[] x = new double[2 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 97 == 5 ? -0.0 : 1 + r.nextGaussian() * 0.01;
            }
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                try (NDArray base = NDArray.of(x).astype(t); NDArray strided = base.slice("::2");
                        NDArray line = strided.copy()) {
                    double[] v = line.toDoubleArray();
                    for (boolean product : new boolean[] {false, true}) {
                        try (NDArray a = product ? line.cumprod() : line.cumsum();
                                NDArray b = product ? strided.cumprod() : strided.cumsum()) {
                            double acc = product ? 1 : 0;
                            for (int i = 0; i < n; i++) {
                                acc = product ? acc * v[i] : acc + v[i];
                                double want = t == DType.FLOAT32 ? (float) acc : acc;
                                String what = t + (product ? " cumprod" : " cumsum") + " of " + n + " at " + i;
                                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(a.getDouble(i)), what);
                                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(b.getDouble(i)), what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void integerLinesWrapIn64Bits() {
        Random r = new Random(4);
        for (int n : new int[] {63, 1025, 3000}) {
            long[] x = new long[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextLong() >> r.nextInt(64);
            }
            for (DType t : new DType[] {DType.INT32, DType.INT64}) {
                try (NDArray line = NDArray.of(x).astype(t); NDArray s = line.cumsum(); NDArray p = line.cumprod()) {
                    long[] v = line.toLongArray();
                    long sum = 0;
                    long prod = 1;
                    for (int i = 0; i < n; i++) {
                        sum += v[i];
                        prod *= v[i];
                        assertEquals(sum, s.getLong(i), t + " cumsum at " + i);
                        assertEquals(prod, p.getLong(i), t + " cumprod at " + i);
                    }
                }
            }
        }
    }
}
