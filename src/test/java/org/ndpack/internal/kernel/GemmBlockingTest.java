package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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

    /**
     * The documented order, in float64 or (rounding every step to float32) in float32: C's
     * element is {@code c0}'s plus each panel's chain when {@code c0} is given (accumulate), else
     * the first panel's chain plus the others'; with {@code negate}, the chains run over {@code -a}.
     */
    private static double[] documented(double[] a, double[] b, int m, int n, int k, boolean f32, double[] c0,
            boolean negate) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = c0 == null ? 0 : c0[i * n + j];
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    double acc = 0;
                    for (int p = p0; p < Math.min(k, p0 + Gemm.KC); p++) {
                        double x = negate ? -a[i * k + p] : a[i * k + p];
                        acc = f32 ? Math.fma((float) x, (float) b[p * n + j], (float) acc)
                                : Math.fma(x, b[p * n + j], acc);
                    }
                    sum = p0 == 0 && c0 == null ? acc : f32 ? (float) sum + (float) acc : sum + acc;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    /** {@return {@code v} (rows of {@code cols}) spread over every other column of a new {@code rows x 2 cols} array} */
    private static double[] spread(double[] v, int rows, int cols) {
        double[] w = new double[rows * 2 * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                w[i * 2 * cols + 2 * j] = v[i * cols + j];
                w[i * 2 * cols + 2 * j + 1] = Double.NaN; // never read: any read shows in the result
            }
        }
        return w;
    }

    /** {@return the kernels to check: the portable one, and the Vector API one where it is enabled} */
    static boolean[] paths() {
        return VectorSupport.ENABLED ? new boolean[] {false, true} : new boolean[] {false};
    }

    private static void check(DType t, int m, int n, int k) {
        check(t, m, n, k, false, false);
    }

    private static void check(DType t, int m, int n, int k, boolean accumulate, boolean negate) {
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
        double[] c0 = null;
        if (accumulate) {
            c0 = new double[m * n];
            for (int i = 0; i < c0.length; i++) {
                c0[i] = f32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
            }
        }
        double[] expected = documented(a, b, m, n, k, f32, c0, negate);
        try (NDArray x0 = NDArray.of(a, m, k); NDArray y0 = NDArray.of(b, k, n); NDArray x = x0.astype(t);
                NDArray y = y0.astype(t); NDArray xc = x.transpose().copy(); NDArray yc = y.transpose().copy();
                NDArray xw0 = NDArray.of(spread(a, m, k), m, 2 * k); NDArray yw0 = NDArray.of(spread(b, k, n), k, 2 * n);
                NDArray xw = xw0.astype(t); NDArray yw = yw0.astype(t);
                NDArray cInit = NDArray.of(c0 == null ? new double[m * n] : c0, m, n); NDArray cStart = cInit.astype(t)) {
            // C-ordered operands, column-major ones, and ones with every other column (the
            // other packing loops)
            NDArray[][] layouts = {{x, y}, {xc.transpose(), yc.transpose()}, {xw.slice(":, ::2"), yw.slice(":, ::2")}};
            String[] names = {"C-ordered", "column-major", "column stride 2"};
            for (int l = 0; l < layouts.length; l++) {
                NDArray[] ops = layouts[l];
                String layout = names[l];
                for (boolean vector : paths()) {
                    for (boolean parallel : new boolean[] {false, true}) {
                        try (NDArray c = cStart.copy()) {
                            if (f32) {
                                GemmF32.gemm(m, n, k, mat(ops[0]), mat(ops[1]), impl(c).memory.segment, 0, n, 1,
                                        accumulate, negate, parallel, vector);
                            } else {
                                GemmF64.gemm(m, n, k, mat(ops[0]), mat(ops[1]), impl(c).memory.segment, 0, n, 1,
                                        accumulate, negate, parallel, vector);
                            }
                            double[] got = c.toDoubleArray();
                            for (int i = 0; i < got.length; i++) {
                                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]),
                                        () -> t + " " + m + "x" + n + "x" + k + " parallel " + parallel + " " + layout
                                                + " vector " + vector + " accumulate " + accumulate + " negate " + negate);
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
    void onePanelOfBSplitFinelyOverTasks() {
        // k <= KC and one column block: the rows go to several tasks per thread, and a thread
        // packs B once for all of its tasks
        check(DType.FLOAT32, 256, 256, 256);
        check(DType.FLOAT64, 250, 300, 200, true, true);
    }

    @Test
    void aPanelOfBIsNeverTakenFromAnEarlierProduct() {
        // the same memory of B, with new contents, in the next product: a thread that kept the
        // packed panel of the first product must pack the second one again
        int m = 200;
        int n = 100;
        int k = 120;
        Random rnd = new Random(11);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            boolean f32 = t == DType.FLOAT32;
            double[] a = new double[m * k];
            double[][] bs = {new double[k * n], new double[k * n]};
            for (int i = 0; i < a.length; i++) {
                a[i] = f32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
            }
            for (double[] b : bs) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = f32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
                }
            }
            for (boolean vector : paths()) {
                try (NDArray x0 = NDArray.of(a, m, k); NDArray x = x0.astype(t); NDArray y0 = NDArray.of(bs[0], k, n);
                        NDArray y = y0.astype(t); NDArray z0 = NDArray.of(bs[1], k, n); NDArray z = z0.astype(t);
                        NDArray c0 = NDArray.of(new double[m * n], m, n); NDArray c = c0.astype(t)) {
                    for (double[] b : bs) {
                        if (b == bs[1]) {
                            long bytes = (long) k * n * t.byteSize();
                            MemorySegment.copy(impl(z).memory.segment, impl(z).offset * t.byteSize(),
                                    impl(y).memory.segment, impl(y).offset * t.byteSize(), bytes);
                        }
                        MemorySegment cs = impl(c).memory.segment;
                        if (f32) {
                            GemmF32.gemm(m, n, k, mat(x), mat(y), cs, 0, n, 1, false, false, true, vector);
                        } else {
                            GemmF64.gemm(m, n, k, mat(x), mat(y), cs, 0, n, 1, false, false, true, vector);
                        }
                        sameBits(documented(a, b, m, n, k, f32, null, false), c.toDoubleArray(),
                                t + " vector " + vector + (b == bs[0] ? " first" : " second") + " product");
                    }
                }
            }
        }
    }

    @Test
    void rowsBeyondOnePackedChunkOfA() {
        // serially, more rows than one packed chunk of A holds: several chunks, B packed for each
        assertTrue(GemmF64.MA < 2100, "the product spans more than one chunk of A");
        check(DType.FLOAT64, 2100, 20, 300);
    }

    @Test
    void accumulateAndNegateKeepTheOrder() {
        // C's old values first, then each panel's chain over -A; whole tiles and edges, serial
        // and split over threads (m n k above the parallel threshold)
        check(DType.FLOAT32, 130, 200, 520, true, true);
        check(DType.FLOAT32, 37, 70, 300, true, false);
        check(DType.FLOAT32, 40, 64, 256, false, true);
        check(DType.FLOAT64, 130, 100, 520, true, true);
        check(DType.FLOAT64, 29, 45, 270, false, true);
    }

    @Test
    void vectorPackingGivesThePortablePackingsLayout() {
        Assumptions.assumeTrue(VectorSupport.ENABLED,
                "skipped: the Vector API is not enabled in this JVM (--add-modules jdk.incubator.vector)");
        Random rnd = new Random(3);
        for (int kc : new int[] {Gemm.KC, 100, 17, 1}) {
            int cols = 3 * GemmF32.Tiles.NR + 5; // whole slivers and a partial one
            float[] src = new float[Gemm.MR * (kc + 3 + cols + 2)];
            double[] srcd = new double[src.length];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) rnd.nextGaussian();
                srcd[i] = rnd.nextGaussian();
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate((long) src.length * Float.BYTES, 64);
                MemorySegment segd = arena.allocate((long) srcd.length * Double.BYTES, 64);
                MemorySegment.copy(src, 0, seg, ValueLayout.JAVA_FLOAT, 0, src.length);
                MemorySegment.copy(srcd, 0, segd, ValueLayout.JAVA_DOUBLE, 0, srcd.length);
                // A: mr rows of kc (row stride kc + 3, offset 1), every mr up to MR, negated or not
                int rs = kc + 3;
                for (int mr = 1; mr <= Gemm.MR; mr++) {
                    for (boolean negate : new boolean[] {false, true}) {
                        String what = "A " + mr + "x" + kc + " negate " + negate;
                        float[] want = nans(Gemm.MR * kc + 7);
                        float[] got = nans(want.length);
                        GemmF32.packA(new Gemm.Mat(seg, DType.FLOAT32, 1, rs, 1), mr, kc, want, negate, new float[Gemm.MR * kc]);
                        GemmVectorF32.packA(seg, Float.BYTES, (long) rs * Float.BYTES, mr, kc, got, 0, negate,
                                new float[Gemm.MR * GemmVectorF32.L]);
                        sameBits(widen(want), widen(got), "float32 " + what);
                        double[] wantd = new double[Gemm.MR * kc + 7];
                        double[] gotd = new double[wantd.length];
                        Arrays.fill(wantd, Double.NaN);
                        Arrays.fill(gotd, Double.NaN);
                        GemmF64.packA(new Gemm.Mat(segd, DType.FLOAT64, 1, rs, 1), mr, kc, wantd, negate, new double[Gemm.MR * kc]);
                        GemmVectorF64.packA(segd, Double.BYTES, (long) rs * Double.BYTES, mr, kc, gotd, 0, negate,
                                new double[Gemm.MR * GemmVectorF64.L]);
                        sameBits(wantd, gotd, "float64 " + what);
                    }
                }
                // B: kc rows of nc columns (row stride nc + 2, offset 2), whole and partial slivers
                int kb = Math.min(kc, Gemm.MR);
                int rb = cols + 2;
                for (int nc : new int[] {GemmF32.Tiles.NR, cols, 5}) {
                    float[] want = new float[(nc + GemmF32.Tiles.NR - 1) / GemmF32.Tiles.NR * GemmF32.Tiles.NR * kb];
                    float[] got = nans(want.length);
                    GemmF32.packB(new Gemm.Mat(seg, DType.FLOAT32, 2, rb, 1), kb, nc, want, new float[Math.max(kb, nc)]);
                    GemmVectorF32.packB(seg, 2L * Float.BYTES, (long) rb * Float.BYTES, kb, nc, got);
                    sameBits(widen(want), widen(got), "float32 B " + kb + "x" + nc);
                    double[] wantd = new double[(nc + GemmF64.Tiles.NR - 1) / GemmF64.Tiles.NR * GemmF64.Tiles.NR * kb];
                    double[] gotd = widen(nans(wantd.length));
                    GemmF64.packB(new Gemm.Mat(segd, DType.FLOAT64, 2, rb, 1), kb, nc, wantd, new double[Math.max(kb, nc)]);
                    GemmVectorF64.packB(segd, 2L * Double.BYTES, (long) rb * Double.BYTES, kb, nc, gotd);
                    sameBits(wantd, gotd, "float64 B " + kb + "x" + nc);
                }
            }
        }
    }

    /** {@return {@code n} NaNs: a place that packing leaves alone stays NaN} */
    private static float[] nans(int n) {
        float[] x = new float[n];
        Arrays.fill(x, Float.NaN);
        return x;
    }

    /** {@return {@code x} widened to float64 (which keeps every float32 value apart, -0 and NaN included)} */
    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }

    private static void sameBits(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), what + " at " + i);
        }
    }

    @Test
    void vectorMicroKernelsGiveThePortableKernelsBits() {
        Assumptions.assumeTrue(VectorSupport.ENABLED,
                "skipped: the Vector API is not enabled in this JVM (--add-modules jdk.incubator.vector)");
        Random rnd = new Random(9);
        // even and odd depths: the vector kernel takes two steps per iteration, an odd last step apart
        for (int kc : new int[] {Gemm.KC, Gemm.KC - 1, 17, 2, 1}) {
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
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        "float32 tile " + i + " at depth " + kc);
            }
            double[] wantd = new double[Gemm.MR * GemmF64.Tiles.NR];
            double[] gotd = new double[wantd.length];
            GemmF64.kernel(kc, apd, 0, bpd, 0, wantd);
            GemmVectorF64.kernel(kc, apd, 0, bpd, 0, gotd);
            for (int i = 0; i < wantd.length; i++) {
                assertEquals(Double.doubleToRawLongBits(wantd[i]), Double.doubleToRawLongBits(gotd[i]),
                        "float64 tile " + i + " at depth " + kc);
            }
        }
    }
}
