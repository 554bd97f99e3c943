package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Contiguous sums whose four-leaf groups are read straight from memory ({@link LeafF32#quads} and
 * its float64 twin on the portable path, the Vector API's direct leaves on the other) give the
 * bits of the same values read through the load buffer: every sum here is compared with the sum
 * of the same sequence held at every second element of a larger array, which only the buffered
 * loops read. Rows of a column slice are runs of the sequence that start with the buffer partly
 * filled and the counter at any leaf count, so the direct groups and the buffered leaves
 * alternate within one sequence. (That the buffered loops follow the documented order is
 * {@code ReduceOrderTest}'s part.)
 */
@Tag("kernels")
class LeafQuadsTest {
    private static double[] values(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 5) {
                case 0 -> 1e7 * r.nextGaussian();
                case 1 -> -0.0;
                case 2 -> -1e7 * r.nextGaussian();
                default -> r.nextGaussian() * Math.scalb(1.0, r.nextInt(30) - 15);
            };
        }
        return v;
    }

    /** {@code v} at the even elements of an array twice as long (garbage between), as {@code dtype}. */
    private static NDArray spread(double[] v, DType dtype) {
        double[] w = new double[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            w[2 * i] = v[i];
            w[2 * i + 1] = 1e30;
        }
        try (NDArray d = NDArray.of(w)) {
            return d.astype(dtype);
        }
    }

    private static long bits(NDArray s, DType dtype) {
        return dtype == DType.FLOAT32 ? Float.floatToRawIntBits((float) s.item()) : Double.doubleToRawLongBits(s.item());
    }

    @Test
    void contiguousSumsHaveTheBitsOfTheBufferedLoops() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1023, 1024, 1025, 4096 + 300, 5 * 1024 + 256 + 17, 65536 + 1000}) {
                double[] v = values(n, n);
                try (NDArray d = NDArray.of(v); NDArray a = d.astype(dtype); NDArray s = a.sum();
                        NDArray w = spread(v, dtype); NDArray ref = w.slice("::2").sum()) {
                    assertEquals(bits(ref, dtype), bits(s, dtype), dtype + " sum of " + n);
                }
            }
        }
    }

    @Test
    void rowRunsOfAColumnSliceHaveTheBitsOfTheBufferedLoops() {
        int rows = 9;
        int width = 3000;
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int cols : new int[] {1024, 1500, 2048 + 17, 2900}) {
                double[] v = values(rows * width, cols);
                double[] seq = new double[rows * cols];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(v, r * width, seq, r * cols, cols);
                }
                try (NDArray d = NDArray.of(v, rows, width); NDArray a = d.astype(dtype);
                        NDArray part = a.slice(":, :" + cols); NDArray s = part.sum();
                        NDArray w = spread(seq, dtype); NDArray ref = w.slice("::2").sum()) {
                    assertEquals(bits(ref, dtype), bits(s, dtype), dtype + " sum of " + rows + " rows of " + cols);
                }
            }
        }
    }

    @Test
    void complexSumsHaveTheBitsOfTheBufferedLoops() {
        int n = 3 * 1024 + 100;
        double[] v = values(2 * n, 5);
        for (DType dtype : new DType[] {DType.COMPLEX64, DType.COMPLEX128}) {
            try (NDArray z = NDArray.zeros(DType.COMPLEX128, n); NDArray zz = NDArray.zeros(DType.COMPLEX128, 2 * n)) {
                for (int i = 0; i < n; i++) {
                    z.setComplex(v[2 * i], v[2 * i + 1], i);
                    zz.setComplex(v[2 * i], v[2 * i + 1], 2 * i);
                    zz.setComplex(1e30, 1e30, 2 * i + 1);
                }
                try (NDArray a = z.astype(dtype); NDArray b = zz.astype(dtype); NDArray s = a.sum();
                        NDArray r = b.slice("::2").sum()) {
                    assertEquals(Double.doubleToRawLongBits(r.item()), Double.doubleToRawLongBits(s.item()), dtype + " real");
                    assertEquals(Double.doubleToRawLongBits(r.getImag()), Double.doubleToRawLongBits(s.getImag()), dtype + " imaginary");
                }
            }
        }
    }
}
