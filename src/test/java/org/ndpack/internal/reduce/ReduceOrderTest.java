package org.ndpack.internal.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;
import static org.ndpack.testing.Internals.wrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.kernel.VectorSupport;
import org.ndpack.testing.NumPy;

/**
 * The promises about the order of floating-point reductions: the bits follow the documented
 * association order (whether the Vector API path or the portable one runs, and however a long
 * sequence is split into chunks), do not depend on how many threads run the tasks or in which
 * order they finish, and are at least as accurate as NumPy's.
 */
@Tag("kernels") // run again on the portable kernels (pom.xml)
class ReduceOrderTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

    @AfterAll
    static void shutdown() {
        POOL.shutdownNow();
    }

    /** Tasks one after the other on the calling thread. */
    private static final ReduceEngine.Runner SEQUENTIAL = (tasks, body) -> {
        for (int t = 0; t < tasks; t++) {
            body.accept(t);
        }
    };

    /** Tasks in reverse order: a result that depended on completion order would change. */
    private static final ReduceEngine.Runner REVERSED = (tasks, body) -> {
        for (int t = tasks - 1; t >= 0; t--) {
            body.accept(t);
        }
    };

    /** Tasks shuffled over four real threads. */
    private static final ReduceEngine.Runner THREADS = (tasks, body) -> {
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            order.add(t);
        }
        Collections.shuffle(order, new Random(tasks));
        List<Future<?>> fs = new ArrayList<>();
        for (int t : order) {
            fs.add(POOL.submit(() -> body.accept(t)));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    };

    /** The documented order, written out plainly: leaves of 256 values in 16 lanes (in float32
     * when {@code narrow}), a binary counter over leaves in double, then the lanes folded by halves
     * down to {@code keep} values. */
    static double[] documentedSum(double[] v, int keep, boolean narrow) {
        List<double[]> nodes = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        for (int start = 0; start < v.length; start += 256) {
            double[] lanes = new double[16];
            float[] flanes = new float[16];
            for (int i = start; i < Math.min(v.length, start + 256); i++) {
                lanes[(i - start) % 16] += v[i];
                flanes[(i - start) % 16] += (float) v[i];
            }
            if (narrow) {
                for (int j = 0; j < 16; j++) {
                    lanes[j] = flanes[j];
                }
            }
            nodes.add(lanes);
            levels.add(0);
            while (nodes.size() >= 2 && levels.get(levels.size() - 1).equals(levels.get(levels.size() - 2))) {
                double[] right = nodes.remove(nodes.size() - 1);
                levels.remove(levels.size() - 1);
                double[] left = nodes.get(nodes.size() - 1);
                for (int j = 0; j < 16; j++) {
                    left[j] += right[j];
                }
                levels.set(levels.size() - 1, levels.get(levels.size() - 1) + 1);
            }
        }
        double[] acc = nodes.isEmpty() ? new double[16] : nodes.get(nodes.size() - 1);
        for (int k = nodes.size() - 2; k >= 0; k--) {
            double[] left = nodes.get(k);
            for (int j = 0; j < 16; j++) {
                acc[j] = left[j] + acc[j];
            }
        }
        for (int half = 8; half >= keep; half /= 2) {
            for (int j = 0; j < half; j++) {
                acc[j] = acc[j] + acc[j + half];
            }
        }
        return new double[] {acc[0], keep == 2 ? acc[1] : 0};
    }

    private static double[] adversarial(int n, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 4) {
                case 0 -> 1e8 * rnd.nextGaussian();
                case 1 -> rnd.nextGaussian();
                case 2 -> -1e8 * rnd.nextGaussian();
                default -> 1e-8 * rnd.nextGaussian();
            };
        }
        return v;
    }

    @Test
    void sumFollowsTheDocumentedOrderOnEitherKernelPath() {
        Random rnd = new Random(7);
        for (int n : new int[] {1, 15, 16, 17, 255, 256, 257, 4097, 65536, 131071, 300_001, 7 * 65536 + 3}) {
            double[] v = adversarial(n, rnd);
            try (NDArray a = NDArray.of(v)) {
                double expected = documentedSum(v, 1, false)[0];
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(a.sum().item()),
                        "float64 sum of " + n + " (vector path: " + VectorSupport.ENABLED + ")");
            }
            float[] f = new float[n];
            double[] widened = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) v[i];
                widened[i] = f[i];
            }
            try (NDArray a = NDArray.of(f)) {
                float expected = (float) documentedSum(widened, 1, true)[0];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits((float) a.sum().item()),
                        "float32 sum of " + n);
                // float16 data takes the buffered path (converted to float32 lanes)
                try (NDArray h = a.astype(DType.FLOAT16); NDArray hv = h.astype(DType.FLOAT64)) {
                    double[] hd = hv.toDoubleArray();
                    try (NDArray e = NDArray.scalar(DType.FLOAT16, documentedSum(hd, 1, true)[0])) {
                        assertEquals(e.item(), h.sum().item(), "float16 sum of " + n);
                    }
                }
            }
        }
    }

    @Test
    void complexSumFollowsTheDocumentedOrder() {
        Random rnd = new Random(8);
        int n = 150_001;
        double[] v = adversarial(2 * n, rnd);
        try (NDArray a = NDArray.zeros(DType.COMPLEX128, n)) {
            for (int i = 0; i < n; i++) {
                a.setComplex(v[2 * i], v[2 * i + 1], i);
            }
            double[] e = documentedSum(v, 2, false);
            NDArray s = a.sum();
            assertEquals(Double.doubleToRawLongBits(e[0]), Double.doubleToRawLongBits(s.item()));
            assertEquals(Double.doubleToRawLongBits(e[1]), Double.doubleToRawLongBits(s.getImag()));
            try (NDArray c = a.astype(DType.COMPLEX64)) {
                double[] w = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    w[2 * i] = (float) v[2 * i];
                    w[2 * i + 1] = (float) v[2 * i + 1];
                }
                double[] ef = documentedSum(w, 2, true);
                NDArray cs = c.sum();
                assertEquals(Float.floatToRawIntBits((float) ef[0]), Float.floatToRawIntBits((float) cs.item()));
                assertEquals(Float.floatToRawIntBits((float) ef[1]), Float.floatToRawIntBits((float) cs.getImag()));
                // a strided view takes the buffered path
                NDArray strided = c.slice("::2");
                double[] ws = new double[2 * ((n + 1) / 2)];
                for (int i = 0; i < ws.length / 2; i++) {
                    ws[2 * i] = w[4 * i];
                    ws[2 * i + 1] = w[4 * i + 1];
                }
                double[] es = documentedSum(ws, 2, true);
                assertEquals(Float.floatToRawIntBits((float) es[0]), Float.floatToRawIntBits((float) strided.sum().item()));
            }
        }
    }

    /** The documented order of an outer-axis (column) sum: leaves of 16 rows, each the sum (from
     * zero, in float32 when {@code narrow}) of its groups of 4 rows, each group added in row order;
     * a binary counter over leaves in double, folded from the newest node at the end. */
    static double documentedColumnSum(double[] column, boolean narrow) {
        List<double[]> nodes = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        for (int start = 0; start < column.length; start += 16) {
            double leaf = 0;
            float fleaf = 0;
            int end = Math.min(column.length, start + 16);
            for (int g = start; g < end; g += 4) {
                double q = column[g];
                float fq = (float) column[g];
                for (int r = g + 1; r < Math.min(end, g + 4); r++) {
                    q += column[r];
                    fq += (float) column[r];
                }
                leaf += q;
                fleaf += fq;
            }
            if (narrow) {
                leaf = fleaf;
            }
            nodes.add(new double[] {leaf});
            levels.add(0);
            while (nodes.size() >= 2 && levels.get(levels.size() - 1).equals(levels.get(levels.size() - 2))) {
                double right = nodes.remove(nodes.size() - 1)[0];
                levels.remove(levels.size() - 1);
                nodes.get(nodes.size() - 1)[0] += right;
                levels.set(levels.size() - 1, levels.get(levels.size() - 1) + 1);
            }
        }
        double acc = nodes.get(nodes.size() - 1)[0];
        for (int k = nodes.size() - 2; k >= 0; k--) {
            acc = nodes.get(k)[0] + acc;
        }
        return acc;
    }

    /** Every lane starts from +0, so negative zeros sum to +0, whichever loop sums the leaves
     * (the portable loops start their running rows from {@code 0 + x}, not from {@code x}). */
    @Test
    void negativeZerosSumToPositiveZeroOnEitherKernelPath() {
        for (int n : new int[] {1, 17, 256, 1024, 1280, 4096 + 300, 70_000}) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, -0.0);
            float[] f = new float[n];
            java.util.Arrays.fill(f, -0.0f);
            assertEquals(0L, Double.doubleToRawLongBits(documentedSum(v, 1, false)[0]), "the documented order itself");
            try (NDArray a = NDArray.of(v); NDArray b = NDArray.of(f); NDArray h = b.astype(DType.FLOAT16);
                    NDArray strided = NDArray.of(f, n, 1).broadcastTo(n, 2)) {
                assertEquals(0L, Double.doubleToRawLongBits(a.sum().item()), "float64 sum of " + n + " negative zeros");
                assertEquals(0, Float.floatToRawIntBits((float) b.sum().item()), "float32 sum of " + n + " negative zeros");
                assertEquals(0, Float.floatToRawIntBits((float) h.sum().item()),
                        "float16 sum of " + n + " negative zeros");
                try (NDArray s = strided.sum(0)) {
                    assertEquals(0, Float.floatToRawIntBits((float) s.getDouble(1)),
                            "float32 column sum of " + n + " negative zeros");
                }
            }
        }
    }

    @Test
    void columnSumsFollowTheDocumentedOrderOnEitherKernelPath() {
        Random rnd = new Random(11);
        int rows = 1003;
        int cols = 4200;
        double[] v = adversarial(rows * cols, rnd);
        try (NDArray m = NDArray.of(v, rows, cols); NDArray f = m.astype(DType.FLOAT32)) {
            double[] sums = m.sum(0).toDoubleArray();
            double[] fsums = f.sum(0).toDoubleArray();
            double[] fv = f.reshape(rows * cols).toDoubleArray();
            for (int j = 0; j < cols; j++) {
                double[] col = new double[rows];
                double[] fcol = new double[rows];
                for (int r = 0; r < rows; r++) {
                    col[r] = v[r * cols + j];
                    fcol[r] = fv[r * cols + j];
                }
                assertEquals(Double.doubleToRawLongBits(documentedColumnSum(col, false)), Double.doubleToRawLongBits(sums[j]),
                        "float64 column " + j + " (vector path: " + VectorSupport.ENABLED + ")");
                assertEquals(Float.floatToRawIntBits((float) documentedColumnSum(fcol, true)),
                        Float.floatToRawIntBits((float) fsums[j]), "float32 column " + j);
            }
        }
    }

    /**
     * Column sums of several shapes in turn on one thread, each split into row chunks and tiles
     * of different widths: a thread reuses one counter for its tile tasks (and for combining the
     * chunks), so a stale node or a width left from the previous sum would show here.
     */
    @Test
    void columnSumsOfDifferentShapesInTurnOnOneThreadFollowTheDocumentedOrder() {
        Random rnd = new Random(23);
        // 11 full row chunks of 256 and a short one, 16 full ones (their tasks merge them into
        // one block), then 12 after 16
        int[][] shapes = {{600, 4096 + 40}, {520, 300}, {17, 4096}, {600, 4096 + 40}, {1030, 4096},
            {11 * 256 + 37, 72}, {4096, 40}, {3072, 40}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            double[] v = adversarial(rows * cols, rnd);
            try (NDArray m = NDArray.of(v, rows, cols); NDArray f = m.astype(DType.FLOAT32);
                    NDArray s = wrap(Reductions.sumProd(impl(f), new int[] {0}, false, false, SEQUENTIAL))) {
                double[] fv = f.reshape(rows * cols).toDoubleArray();
                double[] sums = s.toDoubleArray();
                for (int j = 0; j < cols; j++) {
                    double[] col = new double[rows];
                    for (int r = 0; r < rows; r++) {
                        col[r] = fv[r * cols + j];
                    }
                    assertEquals(Float.floatToRawIntBits((float) documentedColumnSum(col, true)),
                            Float.floatToRawIntBits((float) sums[j]),
                            "float32 column " + j + " of " + rows + " x " + cols);
                }
            }
        }
    }

    private static long[] bits(NDArray a) {
        try (NDArray d = a.astype(DType.FLOAT64)) {
            double[] x = d.toDoubleArray();
            long[] b = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                b[i] = Double.doubleToRawLongBits(x[i]);
            }
            return b;
        }
    }

    private static void sameBits(String what, NDArray input, Function<ReduceEngine.Runner, NDArray> op) {
        long[] expected = bits(op.apply(SEQUENTIAL));
        for (ReduceEngine.Runner r : List.of(REVERSED, THREADS, ReduceEngine.PARALLEL)) {
            assertArrayEquals(expected, bits(op.apply(r)), what);
        }
    }

    @Test
    void resultsHaveTheSameBitsWhateverRunsTheTasks() {
        Random rnd = new Random(9);
        double[] v = adversarial(1 << 20, rnd);
        try (NDArray flat = NDArray.of(v); NDArray f32 = flat.astype(DType.FLOAT32)) {
            NDArray m = f32.reshape(1024, 1024);
            NDArray t3 = flat.reshape(64, 128, 128);
            int[] all = null;
            sameBits("sum of 1M", flat, r -> wrap(Reductions.sumProd(impl(flat), all, false, false, r)));
            sameBits("f32 sum of 1M", f32, r -> wrap(Reductions.sumProd(impl(f32), all, false, false, r)));
            sameBits("sum axis 0", m, r -> wrap(Reductions.sumProd(impl(m), new int[] {0}, false, false, r)));
            // row chunks merged pairwise by the tasks that finish second: 11 full chunks and a
            // short one (float32 and float64), then 16 full ones
            NDArray tall = f32.reshape(1 << 14, 64).slice(":" + (11 * 256 + 37));
            sameBits("f32 sum axis 0 of 11.1 row chunks", tall, r -> wrap(Reductions.sumProd(impl(tall), new int[] {0}, false, false, r)));
            NDArray tallD = flat.reshape(1 << 14, 64).slice(":" + (11 * 256 + 37));
            sameBits("sum axis 0 of 11.1 row chunks", tallD, r -> wrap(Reductions.sumProd(impl(tallD), new int[] {0}, false, false, r)));
            // a sequence of 5 full chunks of 64K values and a short one: blocks of 4 and 1 left
            NDArray five = f32.slice(":" + (5 * 65536 + 1000));
            sameBits("f32 sum of 5 chunks and a short one", five, r -> wrap(Reductions.sumProd(impl(five), all, false, false, r)));
            NDArray sixteen = f32.reshape(4096, 256);
            sameBits("f32 sum axis 0 of 16 row chunks", sixteen, r -> wrap(Reductions.sumProd(impl(sixteen), new int[] {0}, false, false, r)));
            sameBits("sum axis 1", m, r -> wrap(Reductions.sumProd(impl(m), new int[] {1}, false, false, r)));
            sameBits("sum axes 0,2", t3, r -> wrap(Reductions.sumProd(impl(t3), new int[] {0, 2}, true, false, r)));
            sameBits("sum of transposed", t3, r -> wrap(Reductions.sumProd(impl(t3.transpose()), new int[] {1}, false, false, r)));
            sameBits("prod", flat, r -> wrap(Reductions.sumProd(impl(flat), all, false, true, r)));
            sameBits("mean axis 0", m, r -> wrap(Reductions.mean(impl(m), new int[] {0}, false, r)));
            sameBits("var", flat, r -> wrap(Reductions.var(impl(flat), all, false, 1, false, r)));
            sameBits("std axes 1,2", t3, r -> wrap(Reductions.var(impl(t3), new int[] {1, 2}, false, 0, true, r)));
            sameBits("max", flat, r -> wrap(Reductions.minMax(impl(flat), all, false, true, r)));
            sameBits("argmin", flat, r -> wrap(Reductions.argMinMax(impl(flat), null, false, false, r)));
            sameBits("argmax axis 0", m, r -> wrap(Reductions.argMinMax(impl(m), 0, false, true, r)));
            sameBits("cumsum axis 0", m, r -> wrap(Cumulative.scan(impl(m), 0, false, r)));
        }
    }

    /** A sum of doubles with a running compensation (Neumaier): far more accurate than float32. */
    private static double compensated(float[] x) {
        double s = 0;
        double c = 0;
        for (float f : x) {
            double t = s + f;
            c += Math.abs(s) >= Math.abs(f) ? (s - t) + f : (f - t) + s;
            s = t;
        }
        return s + c;
    }

    @Test
    void float32SumIsAtLeastAsAccurateAsNumPys() {
        NumPy.require();
        int n = 1 << 24;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 16 == 0 ? 3e-5f : 1.0f;
        }
        double exact = compensated(x);
        String setup = "x = np.ones(1 << 24, np.float32)\nx[::16] = np.float32(3e-5)\n"
                + "m = np.ones((1 << 20, 16), np.float32)\nm[::3, :] = np.float32(1e-3)\n";
        List<NumPy.Result> r = NumPy.eval(java.util.Map.of(), setup, List.of("np.sum(x)", "np.sum(m, axis=0)"));
        double numpy = r.get(0).get().item();
        try (NDArray a = NDArray.of(x)) {
            double ours = a.sum().item();
            assertTrue(Math.abs(ours - exact) <= Math.ulp((float) exact), "ndpack's float32 sum " + ours
                    + " is within one unit in the last place of the exact " + exact);
            assertTrue(Math.abs(ours - exact) <= Math.abs(numpy - exact),
                    "ndpack's error " + Math.abs(ours - exact) + " vs NumPy's " + Math.abs(numpy - exact));
        }
        // the column sums of a tall matrix: NumPy adds the rows one after the other in float32
        float[] col = new float[1 << 20];
        for (int i = 0; i < col.length; i++) {
            col[i] = i % 3 == 0 ? 1e-3f : 1.0f;
        }
        double colExact = compensated(col);
        float[] mdata = new float[(1 << 20) * 16];
        for (int i = 0; i < mdata.length; i++) {
            mdata[i] = col[i / 16];
        }
        try (NDArray m = NDArray.of(mdata, 1 << 20, 16)) {
            double[] ours = m.sum(0).toDoubleArray();
            double[] theirs = r.get(1).get().toDoubleArray();
            for (int j = 0; j < 16; j++) {
                assertTrue(Math.abs(ours[j] - colExact) <= Math.ulp((float) colExact), "column " + j + ": " + ours[j]
                        + " vs exact " + colExact);
                assertTrue(Math.abs(ours[j] - colExact) <= Math.abs(theirs[j] - colExact));
            }
        }
    }
}
