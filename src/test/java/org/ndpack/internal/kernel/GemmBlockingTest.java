package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The blocking of the packed matrix multiply (several column blocks of B per product, several row
 * groups of A, several depth panels, the 12 x 32 / 12 x 16 micro-tiles and their edges) changes no
 * bit of the result: every element is the documented fused chain over {@code p}, restarted every
 * {@link Gemm#KC} terms, serial or split over threads, on the portable path and (where it is
 * enabled) the Vector API path; and the Vector API micro-kernels give the portable kernel's bits
 * tile for tile.
 */
@Tag("kernels")
class GemmBlockingTest {
    private static Gemm.Mat mat(NDArray x) {
        long[] st = impl(x).strides;
        return new Gemm.Mat(impl(x).memory.segment, x.dtype(), impl(x).offset, st[0], st[1]);
    }

    /** The documented order, in float64 or (rounding every step to float32) in float32. */
    private static double[] documented(double[] a, double[] b, int m, int n, int k, boolean f32) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    double acc = 0;
                    for (int p = p0; p < Math.min(k, p0 + Gemm.KC); p++) {
                        acc = f32 ? Math.fma((float) a[i * k + p], (float) b[p * n + j], (float) acc)
                                : Math.fma(a[i * k + p], b[p * n + j], acc);
                    }
                    sum = p0 == 0 ? acc : f32 ? (float) sum + (float) acc : sum + acc;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    /** {@return the kernels to check: the portable one, and the Vector API one where it is enabled} */
    static boolean[] paths() {
        return VectorSupport.ENABLED ? new boolean[] {false, true} : new boolean[] {false};
    }

    private static void check(DType t, int m, int n, int k) {
        Random rnd = new Random(m * 31L + n);
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = t == DType.FLOAT32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = t == DType.FLOAT32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
        }
        boolean f32 = t == DType.FLOAT32;
        double[] expected = documented(a, b, m, n, k, f32);
        try (NDArray x0 = NDArray.of(a, m, k); NDArray y0 = NDArray.of(b, k, n); NDArray x = x0.astype(t);
                NDArray y = y0.astype(t); NDArray xc = x.transpose().copy(); NDArray yc = y.transpose().copy()) {
            // C-ordered operands, and column-major ones (the other packing loops)
            NDArray[][] layouts = {{x, y}, {xc.transpose(), yc.transpose()}};
            for (NDArray[] ops : layouts) {
                boolean columnMajor = ops[0] != x;
                for (boolean vector : paths()) {
                    for (boolean parallel : new boolean[] {false, true}) {
                        try (NDArray c = NDArray.zeros(t, m, n)) {
                            if (f32) {
                                GemmF32.gemm(m, n, k, mat(ops[0]), mat(ops[1]), impl(c).memory.segment, 0, n, 1, false,
                                        false, parallel, vector);
                            } else {
                                GemmF64.gemm(m, n, k, mat(ops[0]), mat(ops[1]), impl(c).memory.segment, 0, n, 1, false,
                                        false, parallel, vector);
                            }
                            double[] got = c.toDoubleArray();
                            for (int i = 0; i < got.length; i++) {
                                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]),
                                        () -> t + " " + m + "x" + n + "x" + k + " parallel " + parallel
                                                + " column-major " + columnMajor + " vector " + vector);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void float32AcrossColumnBlocksRowGroupsAndPanels() {
        assertTrue(GemmF32.Tiles.NC < 1100 && GemmF32.PORTABLE_NC < 1100, "the product spans more than one column block");
        check(DType.FLOAT32, 200, 1100, 300);
    }

    @Test
    void float64AcrossColumnBlocksRowGroupsAndPanels() {
        assertTrue(GemmF64.Tiles.NC < 600 && GemmF64.PORTABLE_NC < 600, "the product spans more than one column block");
        check(DType.FLOAT64, 203, 600, 520);
    }

    @Test
    void buffersKeptFromALargerProductLeaveNoTrace() {
        // the packing buffers a thread keeps between products still hold the larger product's
        // panels when the smaller one, with edge slivers and a short last panel, runs
        check(DType.FLOAT32, 250, 700, 600);
        check(DType.FLOAT32, 13, 45, 300);
        check(DType.FLOAT64, 250, 400, 600);
        check(DType.FLOAT64, 5, 23, 130);
    }

    @Test
    void fewRowsSplitTheColumnBlocksOverThreads() {
        // one sliver of rows: the parallel split goes over the column blocks instead
        check(DType.FLOAT32, 10, 2100, 300);
        check(DType.FLOAT64, 7, 1100, 290);
    }

    @Test
    void rowsBeyondOnePackedChunkOfA() {
        // serially, more rows than one packed chunk of A holds: several chunks, B packed for each
        assertTrue(GemmF64.MA < 2100, "the product spans more than one chunk of A");
        check(DType.FLOAT64, 2100, 20, 300);
    }

    @Test
    void vectorMicroKernelsGiveThePortableKernelsBits() {
        Assumptions.assumeTrue(VectorSupport.ENABLED,
                "skipped: the Vector API is not enabled in this JVM (--add-modules jdk.incubator.vector)");
        Random rnd = new Random(9);
        int kc = Gemm.KC;
        float[] ap = new float[Gemm.MR * kc];
        float[] bp = new float[GemmF32.Tiles.NR * kc];
        double[] apd = new double[Gemm.MR * kc];
        double[] bpd = new double[GemmF64.Tiles.NR * kc];
        for (int i = 0; i < ap.length; i++) {
            ap[i] = (float) rnd.nextGaussian();
            apd[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < bp.length; i++) {
            bp[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < bpd.length; i++) {
            bpd[i] = rnd.nextGaussian();
        }
        float[] want = new float[Gemm.MR * GemmF32.Tiles.NR];
        float[] got = new float[want.length];
        GemmF32.kernel(kc, ap, 0, bp, 0, want);
        GemmVectorF32.kernel(kc, ap, 0, bp, 0, got);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "float32 tile " + i);
        }
        double[] wantd = new double[Gemm.MR * GemmF64.Tiles.NR];
        double[] gotd = new double[wantd.length];
        GemmF64.kernel(kc, apd, 0, bpd, 0, wantd);
        GemmVectorF64.kernel(kc, apd, 0, bpd, 0, gotd);
        for (int i = 0; i < wantd.length; i++) {
            assertEquals(Double.doubleToRawLongBits(wantd[i]), Double.doubleToRawLongBits(gotd[i]), "float64 tile " + i);
        }
    }
}
