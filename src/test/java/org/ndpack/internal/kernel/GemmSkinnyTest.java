package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Products with one row or one column of C (matrix times vector, vector times matrix, inner
 * products) take their own loops ({@code GemmF32.skinny} and its float64 twin) instead of the
 * micro-tiles, and must give their documented bits. Per panel of {@link Gemm#KC} terms, where
 * the long operand is read along the depth (A's rows times a column, B's columns times a row,
 * an inner product), {@link GemmF32#LANES} lanes of fused multiply-add chains from zero (term
 * {@code p} in lane {@code p % 16}), combined pairwise; elsewhere (A's columns scaled, B's rows
 * scaled) one fused chain from zero, as the blocked kernels; the panels added to C in order.
 * Checked bit for bit against a plain implementation of those orders, for every arrangement the
 * loops tell apart (rows of A along the depth or across it, B's rows or columns contiguous, a
 * few rows or many, depths past one stretch of {@code DEPTH}, widths past one column block),
 * with C written at a stride, adding to C and with A negated (as complex products call it),
 * serial and parallel, on both paths; and through the public API, with converted dtypes.
 */
@Tag("kernels")
class GemmSkinnyTest {
    /** The documented order for {@code C (+)= (-)A B}, float32, A {@code m x k} and B {@code k x n} row-major. */
    private static float[] documentedF32(float[] a, float[] b, float[] c0, int m, int n, int k, boolean negate,
            boolean lanes) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    float acc = 0;
                    float[] lane = new float[16];
                    for (int p = p0; p < Math.min(k, p0 + Gemm.KC); p++) {
                        float x = a[i * k + p];
                        if (lanes) {
                            lane[(p - p0) % 16] = Math.fma(negate ? -x : x, b[p * n + j], lane[(p - p0) % 16]);
                        } else {
                            acc = Math.fma(negate ? -x : x, b[p * n + j], acc);
                        }
                    }
                    if (lanes) {
                        // neighbours pairwise, then the pairs, and so on
                        for (int w = 1; w < 16; w *= 2) {
                            for (int l = 0; l < 16; l += 2 * w) {
                                lane[l] = lane[l] + lane[l + w];
                            }
                        }
                        acc = lane[0];
                    }
                    sum = p0 > 0 ? sum + acc : c0 != null ? c0[i * n + j] + acc : acc;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    private static double[] documentedF64(double[] a, double[] b, double[] c0, int m, int n, int k, boolean negate,
            boolean lanes) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
                    double acc = 0;
                    double[] lane = new double[16];
                    for (int p = p0; p < Math.min(k, p0 + Gemm.KC); p++) {
                        double x = a[i * k + p];
                        if (lanes) {
                            lane[(p - p0) % 16] = Math.fma(negate ? -x : x, b[p * n + j], lane[(p - p0) % 16]);
                        } else {
                            acc = Math.fma(negate ? -x : x, b[p * n + j], acc);
                        }
                    }
                    if (lanes) {
                        // neighbours pairwise, then the pairs, and so on
                        for (int w = 1; w < 16; w *= 2) {
                            for (int l = 0; l < 16; l += 2 * w) {
                                lane[l] = lane[l] + lane[l + w];
                            }
                        }
                        acc = lane[0];
                    }
                    sum = p0 > 0 ? sum + acc : c0 != null ? c0[i * n + j] + acc : acc;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    /** Gaussian values with a few exact zeros and repeats, so that signed zeros and ties occur. */
    private static float[] values(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = rnd.nextInt(20);
            v[i] = pick == 0 ? 0f : pick == 1 ? -0f : (float) rnd.nextGaussian();
        }
        return v;
    }

    /**
     * Shapes {m, n, k}: an inner product (one stretch of panels and many), few rows, eight and
     * more (with a partial group), long depths (past one stretch), and one row by few and many
     * columns (past one column block).
     */
    private static final int[][] SHAPES = {
        {1, 1, 300}, {1, 1, 2048}, {1, 1, 20_000}, {1, 1, 2048 * 3 + 7},
        {3, 1, 1000}, {7, 1, 5000}, {8, 1, 257}, {9, 1, 700}, {37, 1, 4096 + 300}, {100, 1, 513},
        {1, 2, 600}, {1, 33, 1000}, {1, 1500, 300}, {1, 70, 4100},
        {1, 1, 1 << 19}, {4, 1, 70_000}, // the panels of a few rows split over threads
        // small products (m * n * k <= Gemm.SMALL, k <= KC) take the same order as large ones
        {128, 1, 256}, {1, 1, 100}, {3, 1, 5}, {1, 40, 200}, {1, 1, 1},
    };

    /** Every shape on every arrangement, float32. */
    @Test
    void float32FollowsTheDocumentedOrder() {
        Random rnd = new Random(11);
        int checked = 0;
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            assertTrue(GemmF32.isSkinny(m, n, k), () -> m + "x" + n + "x" + k + " should take the skinny loops");
            float[] a = values(rnd, m * k);
            float[] b = values(rnd, k * n);
            float[] c0 = values(rnd, m * n);
            try (Arena arena = Arena.ofShared()) { // shared: the parallel runs read it from helper threads
                for (boolean aTransposed : new boolean[] {false, true}) {
                    for (boolean bTransposed : new boolean[] {false, true}) {
                        // A row-major, or stored transposed (its columns contiguous); B likewise; both
                        // inside larger memory at an offset
                        MemorySegment as = arena.allocate((a.length + 5L) * Float.BYTES);
                        MemorySegment bs = arena.allocate((b.length + 3L) * Float.BYTES);
                        for (int i = 0; i < m; i++) {
                            for (int p = 0; p < k; p++) {
                                long at = aTransposed ? (long) p * m + i : (long) i * k + p;
                                as.setAtIndex(ValueLayout.JAVA_FLOAT, 5 + at, a[i * k + p]);
                            }
                        }
                        for (int p = 0; p < k; p++) {
                            for (int j = 0; j < n; j++) {
                                long at = bTransposed ? (long) j * k + p : (long) p * n + j;
                                bs.setAtIndex(ValueLayout.JAVA_FLOAT, 3 + at, b[p * n + j]);
                            }
                        }
                        Gemm.Mat am = aTransposed ? new Gemm.Mat(as, DType.FLOAT32, 5, 1, m)
                                : new Gemm.Mat(as, DType.FLOAT32, 5, k, 1);
                        Gemm.Mat bm = bTransposed ? new Gemm.Mat(bs, DType.FLOAT32, 3, 1, k)
                                : new Gemm.Mat(bs, DType.FLOAT32, 3, n, 1);
                        // the loops that read the long operand along the depth sum in lanes
                        boolean lanes = n == 1 && (m == 1 || !aTransposed) || m == 1 && n > 1 && bTransposed;
                        for (boolean accumulate : new boolean[] {false, true}) {
                            boolean negate = accumulate; // as the complex products call them
                            float[] expected = documentedF32(a, b, accumulate ? c0 : null, m, n, k, negate, lanes);
                            for (boolean vector : GemmBlockingTest.paths()) {
                                for (boolean parallel : new boolean[] {false, true}) {
                                    // C at a stride of 2 elements (every other element of a larger block)
                                    MemorySegment cs = arena.allocate(2L * m * n * Float.BYTES + 8);
                                    for (int i = 0; i < m * n; i++) {
                                        cs.setAtIndex(ValueLayout.JAVA_FLOAT, 1 + 2L * i, c0[i]);
                                    }
                                    GemmF32.gemm(m, n, k, am, bm, cs, 1, 2L * n, 2, accumulate, negate, parallel, vector);
                                    for (int i = 0; i < m * n; i++) {
                                        float got = cs.getAtIndex(ValueLayout.JAVA_FLOAT, 1 + 2L * i);
                                        int e = i;
                                        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got),
                                                () -> m + "x" + n + "x" + k + " element " + e + " A transposed "
                                                        + aTransposed + " B transposed " + bTransposed + " accumulate "
                                                        + accumulate + " vector " + vector + " parallel " + parallel);
                                        if (i < m * n - 1) {
                                            // the elements between C's are left alone
                                            assertEquals(0, Float.floatToRawIntBits(
                                                    cs.getAtIndex(ValueLayout.JAVA_FLOAT, 2 + 2L * i)));
                                        }
                                    }
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked >= SHAPES.length * 16, "checked " + checked);
    }

    /** Float64, fewer arrangements (the same generated loops). */
    @Test
    void float64FollowsTheDocumentedOrder() {
        Random rnd = new Random(12);
        // {20, 1, 1000}: rows in place with a last panel of whole steps and a tail (232 = 14 * 16 + 8)
        for (int[] s : new int[][] {{1, 1, 20_000}, {5, 1, 3000}, {50, 1, 4096 * 2 + 9}, {1, 1100, 700},
                {20, 1, 1000}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            double[] a = new double[m * k];
            double[] b = new double[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextInt(10) == 0 ? 0 : rnd.nextGaussian();
            }
            try (NDArray x = NDArray.of(a, m, k); NDArray y = NDArray.of(b, k, n)) {
                // negated, A goes through heap copies (the other vector kernel) instead of in place
                for (boolean negate : new boolean[] {false, true}) {
                    double[] expected = documentedF64(a, b, null, m, n, k, negate, n == 1); // A row-major: lanes when n == 1
                    for (boolean vector : GemmBlockingTest.paths()) {
                        for (boolean parallel : new boolean[] {false, true}) {
                            try (NDArray c = NDArray.zeros(DType.FLOAT64, m, n)) {
                                GemmF64.gemm(m, n, k, mat(x), mat(y), impl(c).memory.segment, 0, n, 1, false, negate,
                                        parallel, vector);
                                double[] got = c.toDoubleArray();
                                for (int i = 0; i < got.length; i++) {
                                    assertEquals(Double.doubleToRawLongBits(expected[i]),
                                            Double.doubleToRawLongBits(got[i]), m + "x" + n + "x" + k + " element " + i
                                                    + " negate " + negate + " vector " + vector + " parallel " + parallel);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Rows read in place whose depth ends in a partial step: the step loads past the row's last
     * term (masked), where here the wider matrix keeps infinities and NaNs, and the last row ends
     * the memory. The lanes past the depth must take nothing from there: the bits are the
     * documented ones of the rows alone, float32 and float64, 8 rows or more (the groups' loop)
     * and fewer (one row's panels side by side), serial and parallel.
     */
    @Test
    void aPartialLastStepReadsNothingPastTheRow() {
        Random rnd = new Random(15);
        int pad = 24;
        // {300, 1000}: above the parallel threshold
        for (int[] s : new int[][] {{20, 1000}, {9, 263}, {8, 1001}, {3, 1000}, {1, 999}, {100, 40}, {300, 1000}}) {
            int m = s[0];
            int k = s[1];
            int rs = k + pad;
            float[] a = values(rnd, m * k);
            float[] b = values(rnd, k);
            double[] ad = new double[m * k];
            double[] bd = new double[k];
            for (int i = 0; i < a.length; i++) {
                ad[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < k; i++) {
                bd[i] = rnd.nextGaussian();
            }
            try (Arena arena = Arena.ofShared()) {
                // the last row's padding is not there: its row ends the memory
                long elements = (long) (m - 1) * rs + k;
                MemorySegment as = arena.allocate(elements * Float.BYTES);
                MemorySegment ads = arena.allocate(elements * Double.BYTES);
                for (long e = 0; e < elements; e++) {
                    int i = (int) (e / rs);
                    int p = (int) (e % rs);
                    float odd = p % 3 == 0 ? Float.NaN : p % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    as.setAtIndex(ValueLayout.JAVA_FLOAT, e, p < k ? a[i * k + p] : odd);
                    ads.setAtIndex(ValueLayout.JAVA_DOUBLE, e, p < k ? ad[i * k + p] : odd);
                }
                MemorySegment bs = arena.allocate((long) k * Float.BYTES);
                MemorySegment bds = arena.allocate((long) k * Double.BYTES);
                for (int p = 0; p < k; p++) {
                    bs.setAtIndex(ValueLayout.JAVA_FLOAT, p, b[p]);
                    bds.setAtIndex(ValueLayout.JAVA_DOUBLE, p, bd[p]);
                }
                float[] expected = documentedF32(a, b, null, m, 1, k, false, true);
                double[] expectedD = documentedF64(ad, bd, null, m, 1, k, false, true);
                for (boolean vector : GemmBlockingTest.paths()) {
                    for (boolean parallel : new boolean[] {false, true}) {
                        MemorySegment cs = arena.allocate((long) m * Float.BYTES);
                        MemorySegment cds = arena.allocate((long) m * Double.BYTES);
                        GemmF32.gemm(m, 1, k, new Gemm.Mat(as, DType.FLOAT32, 0, rs, 1),
                                new Gemm.Mat(bs, DType.FLOAT32, 0, 1, 1), cs, 0, 1, 1, false, false, parallel, vector);
                        GemmF64.gemm(m, 1, k, new Gemm.Mat(ads, DType.FLOAT64, 0, rs, 1),
                                new Gemm.Mat(bds, DType.FLOAT64, 0, 1, 1), cds, 0, 1, 1, false, false, parallel, vector);
                        for (int i = 0; i < m; i++) {
                            int row = i;
                            String where = m + "x" + k + " row " + i + " vector " + vector + " parallel " + parallel;
                            assertEquals(Float.floatToRawIntBits(expected[i]),
                                    Float.floatToRawIntBits(cs.getAtIndex(ValueLayout.JAVA_FLOAT, row)), "float32 " + where);
                            assertEquals(Double.doubleToRawLongBits(expectedD[i]),
                                    Double.doubleToRawLongBits(cds.getAtIndex(ValueLayout.JAVA_DOUBLE, row)),
                                    "float64 " + where);
                        }
                    }
                }
            }
        }
    }

    /**
     * A chain can hold -0: a negative product too small for the format rounds to -0 and
     * {@code fma(-tiny, tiny, +0)} is -0. A partial last step must leave such lanes as they are
     * (adding a zero product would make them +0), so rows whose every product underflows keep
     * the documented -0, float32 and float64, many times over so that compiled code runs too.
     */
    @Test
    void anUnderflowedNegativeZeroSurvivesThePartialLastStep() {
        // {8, 281}: float64 tails past one vector (9 terms); {3, 300}: fewer rows than a group (dotPanels)
        for (int[] s : new int[][] {{16, 17}, {9, 1000}, {8, 263}, {8, 281}, {3, 300}}) {
            int m = s[0];
            int k = s[1];
            float[] a = new float[m * k];
            float[] b = new float[k];
            double[] ad = new double[m * k];
            double[] bd = new double[k];
            Arrays.fill(a, -1e-30f);
            Arrays.fill(b, 1e-30f);
            Arrays.fill(ad, -1e-200);
            Arrays.fill(bd, 1e-200);
            float[] expected = documentedF32(a, b, null, m, 1, k, false, true);
            double[] expectedD = documentedF64(ad, bd, null, m, 1, k, false, true);
            if (k % Gemm.KC >= GemmF32.LANES) {
                // every lane of the last panel holds -0 (with fewer terms than lanes, the untouched
                // lanes stay +0 and the row's sum is +0: {8, 263} checks that case)
                assertEquals(0x80000000, Float.floatToRawIntBits(expected[0]), "the documented order gives -0");
                assertEquals(0x8000000000000000L, Double.doubleToRawLongBits(expectedD[0]),
                        "the documented order gives -0");
            }
            try (NDArray x = NDArray.of(a, m, k); NDArray y = NDArray.of(b, k, 1); NDArray xd = NDArray.of(ad, m, k);
                    NDArray yd = NDArray.of(bd, k, 1); NDArray c = NDArray.zeros(DType.FLOAT32, m);
                    NDArray cd = NDArray.zeros(DType.FLOAT64, m)) {
                for (boolean vector : GemmBlockingTest.paths()) {
                    for (int rep = 0; rep < (vector ? (k < 100 ? 4000 : 50) : 1); rep++) {
                        GemmF32.gemm(m, 1, k, mat(x), mat(y), impl(c).memory.segment, 0, 1, 1, false, false, false,
                                vector);
                        GemmF64.gemm(m, 1, k, mat(xd), mat(yd), impl(cd).memory.segment, 0, 1, 1, false, false, false,
                                vector);
                    }
                    for (int i = 0; i < m; i++) {
                        String where = m + "x" + k + " row " + i + " vector " + vector;
                        assertEquals(Float.floatToRawIntBits(expected[i]),
                                Float.floatToRawIntBits((float) c.getDouble(i)), "float32 " + where);
                        assertEquals(Double.doubleToRawLongBits(expectedD[i]),
                                Double.doubleToRawLongBits(cd.getDouble(i)), "float64 " + where);
                    }
                }
            }
        }
    }

    /**
     * Through the public API: a matrix times a vector, a vector times a transposed matrix and an
     * inner product of float32 or float64 give the lanes' bits (the first two the same bits, as
     * they read the same rows); a matrix stored by columns times a vector gives the blocked
     * kernels' column (one chain per panel, as before); float16 operands give the float32
     * product of their values, rounded; int32 the blocked kernels' exact values.
     */
    @Test
    void vectorProductsFollowTheirOrderThroughThePublicApi() {
        Random rnd = new Random(13);
        int m = 300;
        int k = 1100;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.INT32}) {
            double[] av = new double[m * k];
            double[] xv = new double[k];
            for (int i = 0; i < av.length; i++) {
                av[i] = Math.round(rnd.nextGaussian() * 100) / 10.0;
            }
            for (int i = 0; i < k; i++) {
                xv[i] = Math.round(rnd.nextGaussian() * 100) / 10.0;
            }
            try (NDArray a64 = NDArray.of(av, m, k); NDArray x64 = NDArray.of(xv, k);
                    NDArray a = a64.astype(t); NDArray x = x64.astype(t);
                    NDArray x2 = NDArray.stack(0, x, x).transpose().copy(); // k x 2, both columns x
                    NDArray mv = a.matmul(x); NDArray blocked = a.matmul(x2);
                    NDArray vm = x.matmul(a.transpose()); NDArray d = x.dot(x);
                    NDArray byColumns = a.transpose().copy().transpose(); NDArray cv = byColumns.matmul(x)) {
                assertEquals(1, mv.ndim());
                assertArrayEquals(blocked.slice(":, 0").copy().toDoubleArray(), cv.toDoubleArray(),
                        t + ": A stored by columns @ x against (A @ [x x])[:, 0]");
                assertArrayEquals(mv.toDoubleArray(), vm.toDoubleArray(), t + ": A @ x against x @ A.T");
                if (t == DType.FLOAT32) {
                    float[] af = new float[m * k];
                    float[] xf = new float[k];
                    for (int i = 0; i < af.length; i++) {
                        af[i] = (float) av[i];
                    }
                    for (int i = 0; i < k; i++) {
                        xf[i] = (float) xv[i];
                    }
                    float[] want = documentedF32(af, xf, null, m, 1, k, false, true);
                    float[] got = mv.toFloatArray();
                    for (int i = 0; i < m; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "A @ x row " + i);
                    }
                    float dot = documentedF32(xf, xf, null, 1, 1, k, false, true)[0];
                    assertEquals(Float.floatToRawIntBits(dot), Float.floatToRawIntBits((float) d.getDouble()), "x . x");
                    // the lanes' bits differ from the blocked kernels' (here at least one row): the
                    // check above could not pass by the skinny loops running the old order
                    assertTrue(!Arrays.equals(blocked.slice(":, 0").copy().toFloatArray(), got),
                            "some row of A @ x differs from the blocked kernels' column");
                } else if (t == DType.FLOAT64) {
                    double[] want = documentedF64(av, xv, null, m, 1, k, false, true);
                    double[] got = mv.toDoubleArray();
                    for (int i = 0; i < m; i++) {
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), "A @ x row " + i);
                    }
                    assertEquals(documentedF64(xv, xv, null, 1, 1, k, false, true)[0], d.getDouble(), "x . x");
                } else if (t == DType.FLOAT16) {
                    try (NDArray a32 = a.astype(DType.FLOAT32); NDArray x32 = x.astype(DType.FLOAT32);
                            NDArray p32 = a32.matmul(x32); NDArray p16 = p32.astype(DType.FLOAT16)) {
                        assertArrayEquals(p16.toDoubleArray(), mv.toDoubleArray(), "float16: the float32 product, rounded");
                    }
                } else {
                    assertArrayEquals(blocked.slice(":, 0").copy().toDoubleArray(), mv.toDoubleArray(),
                            t + ": A @ x against (A @ [x x])[:, 0]");
                    try (NDArray xx = x2.transpose().matmul(x2)) {
                        assertEquals(xx.getDouble(0, 0), d.getDouble(), t + ": x . x");
                    }
                }
            }
        }
    }

    /**
     * A depth of 0 (empty operands): the product of one row or column is zeros, never an
     * exception, for every dtype the skinny loops serve; adding a product of depth 0 leaves C.
     */
    @Test
    void anEmptyDepthGivesZeros() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128, DType.FLOAT16}) {
            try (NDArray e = NDArray.zeros(t, 0); NDArray a = NDArray.zeros(t, 3, 0); NDArray b = NDArray.zeros(t, 0, 4);
                    NDArray d = e.dot(e); NDArray av = a.matmul(e); NDArray vb = e.matmul(b)) {
                assertEquals(0.0, d.getDouble(), t + ": dot of empty vectors");
                assertArrayEquals(new long[] {3}, av.shape(), t + ": (3, 0) @ (0,)");
                assertArrayEquals(new double[3], av.real().toDoubleArray(), t + ": (3, 0) @ (0,)");
                assertArrayEquals(new double[4], vb.real().toDoubleArray(), t + ": (0,) @ (0, 4)");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(3L * Float.BYTES);
            cs.setAtIndex(ValueLayout.JAVA_FLOAT, 1, 2.5f);
            Gemm.Mat a = new Gemm.Mat(cs, DType.FLOAT32, 0, 0, 1);
            for (boolean vector : GemmBlockingTest.paths()) {
                GemmF32.gemm(3, 1, 0, a, a, cs, 0, 1, 1, true, false, false, vector);
                assertEquals(2.5f, cs.getAtIndex(ValueLayout.JAVA_FLOAT, 1), "C += A B of depth 0 leaves C");
            }
        }
    }

    /**
     * A NaN's sign survives as the blocked kernels leave it: A negated (as complex products ask)
     * flips the sign of a NaN of A, never one of B. Each row of A holds one NaN (of either sign)
     * among finite values and B is finite, so each element's chain meets one NaN and its sign is
     * the only thing to get right; checked bit for bit on every arrangement of the loops.
     */
    @Test
    void aNegatedNaNOfAChangesSignAsInTheBlockedKernels() {
        Random rnd = new Random(14);
        float[] nans = {Float.intBitsToFloat(0x7fc00000), Float.intBitsToFloat(0xffc00000)};
        for (int[] s : new int[][] {{3, 1, 700}, {20, 1, 700}, {1, 40, 700}, {1, 1, 3000}}) {
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
            for (int i = 0; i < m; i++) {
                a[i * k + rnd.nextInt(k)] = nans[i % 2];
            }
            try (Arena arena = Arena.ofShared()) {
                for (boolean aTransposed : new boolean[] {false, true}) {
                    for (boolean bTransposed : new boolean[] {false, true}) {
                        MemorySegment as = arena.allocate((long) a.length * Float.BYTES);
                        MemorySegment bs = arena.allocate((long) b.length * Float.BYTES);
                        for (int i = 0; i < m; i++) {
                            for (int p = 0; p < k; p++) {
                                as.setAtIndex(ValueLayout.JAVA_FLOAT, aTransposed ? (long) p * m + i : (long) i * k + p,
                                        a[i * k + p]);
                            }
                        }
                        for (int p = 0; p < k; p++) {
                            for (int j = 0; j < n; j++) {
                                bs.setAtIndex(ValueLayout.JAVA_FLOAT, bTransposed ? (long) j * k + p : (long) p * n + j,
                                        b[p * n + j]);
                            }
                        }
                        Gemm.Mat am = aTransposed ? new Gemm.Mat(as, DType.FLOAT32, 0, 1, m)
                                : new Gemm.Mat(as, DType.FLOAT32, 0, k, 1);
                        Gemm.Mat bm = bTransposed ? new Gemm.Mat(bs, DType.FLOAT32, 0, 1, k)
                                : new Gemm.Mat(bs, DType.FLOAT32, 0, n, 1);
                        for (boolean negate : new boolean[] {false, true}) {
                            boolean lanes = n == 1 && (m == 1 || !aTransposed) || m == 1 && n > 1 && bTransposed;
                            float[] expected = documentedF32(a, b, null, m, n, k, negate, lanes);
                            for (boolean vector : GemmBlockingTest.paths()) {
                            MemorySegment cs = arena.allocate((long) m * n * Float.BYTES);
                            GemmF32.gemm(m, n, k, am, bm, cs, 0, n, 1, false, negate, false, vector);
                            for (int i = 0; i < m * n; i++) {
                                int e = i;
                                assertTrue(Float.isNaN(expected[i]));
                                assertEquals(Float.floatToRawIntBits(expected[i]),
                                        Float.floatToRawIntBits(cs.getAtIndex(ValueLayout.JAVA_FLOAT, i)),
                                        () -> m + "x" + n + "x" + k + " element " + e + " negate " + negate
                                                + " A transposed " + aTransposed + " B transposed " + bTransposed
                                                + " vector " + vector);
                            }
                            }
                        }
                    }
                }
            }
        }
    }

    private static Gemm.Mat mat(NDArray x) {
        long[] st = impl(x).strides;
        return new Gemm.Mat(impl(x).memory.segment, x.dtype(), impl(x).offset, st[0], st[1]);
    }
}
