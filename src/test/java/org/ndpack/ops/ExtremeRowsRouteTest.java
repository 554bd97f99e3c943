package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code min}/{@code max} along the outer axis of a C-contiguous float32 or float64 array read its
 * groups of rows straight from memory ({@code ReduceVector.groupExtremeF32/F64}); a view whose
 * rows are strided takes the general route. Minima and maxima do not depend on the order of
 * combination but for which NaN comes out where several meet, so the two must give the same bits
 * for every column, NaN for NaN (as {@code ExtremeLeafTest}), on NaNs of several payloads and both
 * signs, signed zeros and infinities, and on row counts that end in a partial group or leaf.
 */
@Tag("kernels")
class ExtremeRowsRouteTest {
    private static double[] values(int n, Random r) {
        double[] special = {Double.NaN, Double.longBitsToDouble(0xFFF8_0000_0000_0001L),
            Double.longBitsToDouble(0x7FF8_1234_0000_0000L), 0.0, -0.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1.0, -1.0};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(40) == 0 ? special[r.nextInt(special.length)] : r.nextGaussian();
        }
        return v;
    }

    @Test
    void contiguousRowsEqualTheBufferedRoute() {
        Random r = new Random(77);
        int[][] shapes = {{1000, 37}, {64, 1000}, {3, 21}, {19, 16}, {1030, 9}, {257, 130}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] sh : shapes) {
                int rows = sh[0];
                int cols = sh[1];
                try (NDArray wide = NDArray.of(values(rows * 2 * cols, r), rows, 2L * cols);
                        NDArray typed = wide.astype(t);
                        NDArray strided = typed.slice(":, ::2");
                        NDArray contiguous = strided.copy()) {
                    for (boolean max : new boolean[] {false, true}) {
                        try (NDArray fast = max ? contiguous.max(0) : contiguous.min(0);
                                NDArray slow = max ? strided.max(0) : strided.min(0)) {
                            for (int j = 0; j < cols; j++) {
                                long want = bits(slow, j, t);
                                long got = bits(fast, j, t);
                                boolean bothNaN = Double.isNaN(slow.getDouble(j)) && Double.isNaN(fast.getDouble(j));
                                if (want != got && !bothNaN) {
                                    assertEquals(Long.toHexString(want), Long.toHexString(got), t + " " + rows + "x" + cols
                                            + (max ? " max" : " min") + " column " + j);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Along the last axis each row is a run: its whole leaves and, from 16 values up, its short
     * last leaf are read straight from memory; a strided row takes the buffered leaves.
     */
    @Test
    void contiguousRunsEqualTheBufferedRoute() {
        Random r = new Random(78);
        int[] lengths = {16, 17, 31, 255, 256, 257, 300, 1000, 15, 3};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int cols : lengths) {
                int rows = 40;
                try (NDArray wide = NDArray.of(values(rows * 2 * cols, r), rows, 2L * cols);
                        NDArray typed = wide.astype(t);
                        NDArray strided = typed.slice(":, ::2");
                        NDArray contiguous = strided.copy()) {
                    for (boolean max : new boolean[] {false, true}) {
                        try (NDArray fast = max ? contiguous.max(1) : contiguous.min(1);
                                NDArray slow = max ? strided.max(1) : strided.min(1)) {
                            for (int i = 0; i < rows; i++) {
                                long want = bits(slow, i, t);
                                long got = bits(fast, i, t);
                                boolean bothNaN = Double.isNaN(slow.getDouble(i)) && Double.isNaN(fast.getDouble(i));
                                if (want != got && !bothNaN) {
                                    assertEquals(Long.toHexString(want), Long.toHexString(got), t + " rows of " + cols
                                            + (max ? " max" : " min") + " row " + i);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Rows whose extreme is their last value, which a short last leaf holds in its tail. */
    @Test
    void theLastValueOfARowCounts() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int cols : new int[] {16, 17, 31, 33, 255, 257, 300, 1000}) {
                double[] up = new double[2 * cols];
                for (int j = 0; j < cols; j++) {
                    up[j] = j; // row 0 rises to its last value
                    up[cols + j] = -j; // row 1 falls to its last value
                }
                try (NDArray a = NDArray.of(up, 2, cols); NDArray x = a.astype(t);
                        NDArray mx = x.max(1); NDArray mn = x.min(1)) {
                    assertEquals(cols - 1, mx.getDouble(0), t + " max of a row of " + cols);
                    assertEquals(-(cols - 1), mn.getDouble(1), t + " min of a row of " + cols);
                }
            }
        }
    }

    private static long bits(NDArray x, long i, DType t) {
        double v = x.getDouble(i);
        return t == DType.FLOAT32 ? Float.floatToRawIntBits((float) v) : Double.doubleToRawLongBits(v);
    }
}
