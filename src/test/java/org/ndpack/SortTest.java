package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.testing.Leaks;

/**
 * sort and argsort against NumPy's stable sort ({@code kind='stable'}), bit for bit: every dtype
 * (bool, unsigned, float16, bfloat16, complex), NaN and both zeros and infinities, many
 * duplicates (stability), every axis including negative ones, transposed and reversed inputs,
 * size-0 arrays, and NumPy's 0-d rules.
 */
class SortTest {

    @Test
    void sortAndArgsortMatchNumPysStableSortForEveryDtype() {
        Generator g = Generator.seeded(11);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            for (boolean dense : new boolean[] {false, true}) {
                NDArray v = ShapeTestData.random(g, t, dense, 64);
                String nv = c.in(v);
                c.expect("np.sort(" + nv + ", kind='stable')", v.sort());
                c.expect("np.argsort(" + nv + ", kind='stable')", v.argsort());
                NDArray m = ShapeTestData.random(g, t, dense, 5, 9, 4);
                bothOnAxes(c, m, -3, -2, -1, 0, 1, 2);
            }
        }
        c.check();
    }

    /** Queues sort and argsort of {@code a} along each axis. */
    private static void bothOnAxes(GoldenBatch c, NDArray a, int... axes) {
        String name = c.in(a);
        for (int axis : axes) {
            c.expect("np.sort(" + name + ", axis=" + axis + ", kind='stable')", a.sort(axis));
            c.expect("np.argsort(" + name + ", axis=" + axis + ", kind='stable')", a.argsort(axis));
        }
    }

    @Test
    void nonContiguousInputsSortLikeTheirValues() {
        Generator g = Generator.seeded(12);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            NDArray tr = ShapeTestData.random(g, t, true, 12, 7).transpose(); // 7 x 12, F order
            NDArray rev = ShapeTestData.random(g, t, true, 6, 20).flip(1).slice("::-2, ::3"); // negative strides
            bothOnAxes(c, tr, 0, 1, -1);
            bothOnAxes(c, rev, 0, 1, -1);
        }
        c.check();
    }

    @Test
    void longRowsAndManyRowsMatchNumPy() {
        Generator g = Generator.seeded(13);
        GoldenBatch c = new GoldenBatch();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.UINT64, DType.FLOAT16, DType.COMPLEX64,
            DType.INT16}) {
            // long rows: radix key sorts, and above the parallel-sort row length
            NDArray big = ShapeTestData.random(g, t, t == DType.INT16, 150_000);
            String nb = c.in(big);
            c.expect("np.sort(" + nb + ", kind='stable')", big.sort());
            c.expect("np.argsort(" + nb + ", kind='stable')", big.argsort());
            NDArray many = ShapeTestData.random(g, t, true, 3000, 40); // many rows: chunked over cores
            String nm = c.in(many);
            c.expect("np.sort(" + nm + ", axis=0, kind='stable')", many.sort(0));
            c.expect("np.argsort(" + nm + ", axis=1, kind='stable')", many.argsort(1));
        }
        c.check();
    }

    @Test
    void specialFloatsFollowNumPysOrder() {
        double[] x = {0.0, -0.0, Double.NaN, 3, -0.0, Double.NEGATIVE_INFINITY, 0.0, Double.NaN, -1,
            Double.POSITIVE_INFINITY, -0.0};
        GoldenBatch c = new GoldenBatch();
        for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64}) {
            NDArray a = NDArray.of(t, x);
            String na = c.in(a);
            NDArray sorted = a.sort();
            c.expect("np.sort(" + na + ", kind='stable')", sorted);
            c.expect("np.argsort(" + na + ", kind='stable')", a.argsort());
            // NaNs last, zeros in their original sign order: 0, -0, -0, 0, -0 -> positions 3..7
            assertTrue(Double.isNaN(sorted.getDouble(9)) && Double.isNaN(sorted.getDouble(10)), sorted.toString());
            double[] zeros = {0.0, -0.0, -0.0, 0.0, -0.0};
            for (int i = 0; i < zeros.length; i++) {
                assertEquals(Double.doubleToRawLongBits(zeros[i]), Double.doubleToRawLongBits(sorted.getDouble(2 + i)),
                        t + " zero " + i + " of " + sorted);
            }
        }
        c.check();
    }

    @Test
    void complexSortsLexicographicallyWithNumPysNaNRules() {
        double nan = Double.NaN;
        double[][] z = {{1, nan}, {nan, 0}, {nan, nan}, {2, 1}, {1, 2}, {nan, -1}, {0, nan}, {1, 2}, {-0.0, 5},
            {0.0, -0.0}, {0.0, 0.0}, {1, -1}};
        GoldenBatch c = new GoldenBatch();
        for (DType t : new DType[] {DType.COMPLEX64, DType.COMPLEX128}) {
            NDArray a = NDArray.zeros(t, z.length);
            for (int i = 0; i < z.length; i++) {
                a.setComplex(z[i][0], z[i][1], i);
            }
            String na = c.in(a);
            c.expect("np.sort(" + na + ", kind='stable')", a.sort());
            c.expect("np.argsort(" + na + ", kind='stable')", a.argsort());
        }
        c.check();
    }

    @Test
    void unsignedAndBoolSortInTheirOwnOrder() {
        try (NDArray u = NDArray.of(DType.UINT64, new long[] {-1L, 5, Long.MIN_VALUE, 0, Long.MAX_VALUE});
                NDArray s = u.sort();
                NDArray b = NDArray.of(new boolean[] {true, false, true, false});
                NDArray bi = b.argsort()) {
            assertArrayEquals(new long[] {0, 5, Long.MAX_VALUE, Long.MIN_VALUE, -1L}, s.toLongArray());
            assertArrayEquals(new long[] {1, 3, 0, 2}, bi.toLongArray());
            assertEquals(DType.INT64, bi.dtype());
        }
    }

    @Test
    void sizeZeroAndZeroDimensionalFollowNumPy() {
        GoldenBatch c = new GoldenBatch();
        NDArray e1 = NDArray.zeros(DType.FLOAT32, 0, 5);
        NDArray e2 = NDArray.zeros(DType.INT16, 5, 0);
        String n1 = c.in(e1);
        String n2 = c.in(e2);
        for (int axis : new int[] {0, 1}) {
            c.expect("np.sort(" + n1 + ", axis=" + axis + ", kind='stable')", e1.sort(axis));
            c.expect("np.argsort(" + n2 + ", axis=" + axis + ", kind='stable')", e2.argsort(axis));
        }
        NDArray s = NDArray.scalar(DType.FLOAT64, 4);
        String ns = c.in(s);
        // NumPy quirk kept on purpose: argsort of a 0-d array is the 1-d array [0]; sort raises
        c.expect("np.argsort(" + ns + ")", s.argsort());
        c.expect("np.argsort(" + ns + ", axis=0)", s.argsort(0));
        String m = c.expectError("np.sort(" + ns + ")", IllegalArgumentException.class, s::sort).getMessage();
        assertTrue(m.contains("axis -1") && m.contains("dimension 0"), m);
        NDArray v = NDArray.zeros(DType.FLOAT64, 3, 4);
        String nv = c.in(v);
        m = c.expectError("np.sort(" + nv + ", axis=2)", IllegalArgumentException.class, () -> v.sort(2)).getMessage();
        assertTrue(m.contains("axis 2"), m);
        m = c.expectError("np.argsort(" + nv + ", axis=-3)", IllegalArgumentException.class,
                () -> v.argsort(-3)).getMessage();
        assertTrue(m.contains("axis -3"), m);
        c.check();
    }

    @Test
    void sortLeavesTheInputAloneAndReturnsAnOwner() throws InterruptedException {
        try (NDArray a = NDArray.of(new float[] {3, 1, 2}); NDArray s = a.sort(); NDArray i = a.argsort()) {
            assertArrayEquals(new float[] {3, 1, 2}, a.toFloatArray());
            assertArrayEquals(new float[] {1, 2, 3}, s.toFloatArray());
            assertArrayEquals(new long[] {1, 2, 0}, i.toLongArray());
            assertTrue(s.isOwner() && i.isOwner());
            assertFalse(s.sharesMemory(a));
        }
        NDArray closed = NDArray.zeros(DType.FLOAT32, 4);
        closed.close();
        long before = Leaks.settledLiveBytes(); // garbage of earlier tests released first
        assertThrows(IllegalStateException.class, closed::sort);
        assertThrows(IllegalStateException.class, closed::argsort);
        assertEquals(before, NDArray.liveNativeBytes(), "a failed sort releases its result");
    }
}
