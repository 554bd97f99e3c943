package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ndpack.testing.Internals.impl;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The matrix-multiply kernels compute every element of C in the documented order: a fused
 * multiply-add chain over {@code p} from zero, restarted every {@link Gemm#KC} terms, the panels
 * added to C one after the other. Checked bit for bit against a plain implementation of that
 * order, for sizes that exercise edge tiles, several panels and the unpacked small path, on
 * the portable micro-kernel and (where this JVM enables it) the Vector API one, and with and
 * without the parallel split.
 */
@Tag("kernels")
class GemmOrderTest {
    
    private static float[] documentedF32(float[] a, float[] b, int m, int n, int k) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    float acc = 0;
                    for (int p = p0; p < Math.min(k, p0 + Gemm.KC); p++) {
                        acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                    }
                    sum = p0 == 0 ? acc : sum + acc;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    private static double[] documentedF64(double[] a, double[] b, int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    double acc = 0;
                    for (int p = p0; p < Math.min(k, p0 + Gemm.KC); p++) {
                        acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                    }
                    sum = p0 == 0 ? acc : sum + acc;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    private static Gemm.Mat mat(NDArray x) {
        long[] st = impl(x).strides;
        return new Gemm.Mat(impl(x).memory.segment, x.dtype(), impl(x).offset, st[0], st[1]);
    }

    @Test
    void float32ProductsFollowTheDocumentedOrder() {
        Random rnd = new Random(3);
        for (int[] s : new int[][] {{10, 10, 100}, {50, 70, 600}, {97, 33, 256}, {6, 16, 257}, {130, 515, 40}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextGaussian();
            }
            float[] expected = documentedF32(a, b, m, n, k);
            try (NDArray x = NDArray.of(a, m, k); NDArray y = NDArray.of(b, k, n)) {
                for (boolean vector : GemmBlockingTest.paths()) {
                    for (boolean parallel : new boolean[] {false, true}) {
                        try (NDArray c = NDArray.zeros(DType.FLOAT32, m, n)) {
                            GemmF32.gemm(m, n, k, mat(x), mat(y), impl(c).memory.segment, 0, n, 1, false, false,
                                    parallel, vector);
                            float[] got = c.toFloatArray();
                            for (int i = 0; i < got.length; i++) {
                                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                                        m + "x" + n + "x" + k + " element " + i + " parallel " + parallel
                                                + " vector " + vector);
                            }
                        }
                    }
                }
                float[] viaApi = x.matmul(y).toFloatArray();
                for (int i = 0; i < viaApi.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(viaApi[i]));
                }
            }
        }
    }

    @Test
    void float64ProductsFollowTheDocumentedOrder() {
        Random rnd = new Random(4);
        int m = 45;
        int n = 37;
        int k = 530;
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextGaussian();
        }
        double[] expected = documentedF64(a, b, m, n, k);
        try (NDArray x = NDArray.of(a, m, k); NDArray y = NDArray.of(b, k, n)) {
            // a transposed copy exercises the other packing loops
            NDArray yt = y.transpose().copy().transpose();
            double[] got = x.matmul(yt).toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]), "element " + i);
            }
        }
    }
}
