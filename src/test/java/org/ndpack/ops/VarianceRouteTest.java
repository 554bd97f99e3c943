package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code var} and {@code std} of a whole contiguous float32 or float64 array compute their
 * squared deviations in bulk runs over threads; any other layout takes the general loop. The
 * two must give the same bits: checked on the same values in both layouts (a strided view
 * holds them for the general loop), with ddof 0 and 1, at lengths around the blocks and the
 * parallel split, with an infinity and a NaN. Along the last axis of a matrix each contiguous
 * row with its own mean takes the same bulk loop (rows of 64 values or more).
 */
@Tag("kernels")
class VarianceRouteTest {
    @Test
    void contiguousAndStridedGiveTheSameBits() {
        Random rnd = new Random(51);
        for (int n : new int[] {1, 2, 1023, 1025, 70_001, 300_000}) {
            for (int special = 0; special < 3; special++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    // a small spread about a large mean: the float32 result still shows a change in the last bits of a deviation
                    v[i] = 1e3 + rnd.nextGaussian() * 0.01 * (1 + i % 7);
                }
                if (special == 1) {
                    v[n / 2] = Double.POSITIVE_INFINITY;
                } else if (special == 2) {
                    v[n - 1] = Double.NaN;
                }
                try (NDArray d = NDArray.of(v, n)) {
                    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                        try (NDArray x = d.astype(t); NDArray pair = NDArray.stack(1, x, x);
                                NDArray strided = pair.slice(":, 1")) {
                            for (int ddof : new int[] {0, 1}) {
                                try (NDArray a = x.var(new int[] {0}, false, ddof);
                                        NDArray b = strided.var(new int[] {0}, false, ddof);
                                        NDArray sa = x.std(new int[] {0}, false, ddof);
                                        NDArray sb = strided.std(new int[] {0}, false, ddof)) {
                                    String at = t + " n=" + n + " special " + special + " ddof " + ddof;
                                    assertEquals(Double.doubleToRawLongBits(b.getDouble()),
                                            Double.doubleToRawLongBits(a.getDouble()), at + " var");
                                    assertEquals(Double.doubleToRawLongBits(sb.getDouble()),
                                            Double.doubleToRawLongBits(sa.getDouble()), at + " std");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowsAlongTheLastAxisGiveTheSameBits() {
        Random rnd = new Random(52);
        for (int cols : new int[] {63, 64, 1000, 1025}) {
            int rows = 37;
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = 1e3 * (i / cols) + rnd.nextGaussian() * 0.01 * (1 + i % 7);
            }
            v[5 * cols + 3] = Double.NaN;
            v[9 * cols] = Double.NEGATIVE_INFINITY;
            for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                try (NDArray d = NDArray.of(v, rows, cols); NDArray x = d.astype(t);
                        NDArray pair = NDArray.stack(2, x, x); NDArray strided = pair.slice(":, :, 1")) {
                    for (int ddof : new int[] {0, 1}) {
                        try (NDArray a = x.var(new int[] {1}, false, ddof);
                                NDArray b = strided.var(new int[] {1}, false, ddof)) {
                            for (int r = 0; r < rows; r++) {
                                assertEquals(Double.doubleToRawLongBits(b.getDouble(r)),
                                        Double.doubleToRawLongBits(a.getDouble(r)),
                                        t + " rows of " + cols + " ddof " + ddof + " row " + r);
                            }
                        }
                    }
                }
            }
        }
    }
}
