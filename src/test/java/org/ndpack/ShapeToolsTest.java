package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ndpack.testing.Leaks;

/**
 * concatenate, stack, split, tile, repeat and pad against NumPy, over every dtype, with
 * non-contiguous inputs (transposed, reversed, stepped), size-0 and 0-d arrays and negative axes;
 * plus the errors (NumPy must raise too) and the ownership rules (split gives views, the others
 * new memory).
 */
class ShapeToolsTest {

    private static NDArray transposedRandom(Generator g, DType t, long rows, long cols) {
        return ShapeTestData.random(g, t, false, cols, rows).transpose(); // rows x cols, F-ordered
    }

    @Test
    void concatenateMatchesNumPyForEveryDtypeAndLayout() {
        Generator g = Generator.seeded(1);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            NDArray a = ShapeTestData.random(g, t, false, 2, 3);
            NDArray b = transposedRandom(g, t, 4, 3);
            NDArray e = ShapeTestData.random(g, t, false, 2, 6).flip(1).slice(":, ::2"); // 2x3, negative strides
            String na = c.in(a);
            String nb = c.in(b);
            String ne = c.in(e);
            c.expect("np.concatenate([" + na + ", " + nb + "], axis=0)", NDArray.concatenate(0, a, b));
            c.expect("np.concatenate([" + na + ", " + ne + ", " + na + "], axis=-1)", NDArray.concatenate(-1, a, e, a));
            c.expect("np.concatenate([" + nb + ", " + na + "])", NDArray.concatenate(b, a));
            NDArray empty = NDArray.zeros(t, 0, 3);
            String nz = c.in(empty);
            c.expect("np.concatenate([" + nz + ", " + na + ", " + nz + "], axis=-2)", NDArray.concatenate(-2, empty, a, empty));
            NDArray v = ShapeTestData.random(g, t, false, 5);
            String nv = c.in(v);
            c.expect("np.concatenate([" + nv + "[::-1], " + nv + "])", NDArray.concatenate(0, v.flip(0), v));
        }
        c.check();
    }

    @Test
    void concatenatePromotesMixedDtypesLikeNumPy() {
        Generator g = Generator.seeded(2);
        GoldenBatch c = new GoldenBatch();
        DType[][] mixes = {
            {DType.INT8, DType.UINT8}, {DType.INT64, DType.UINT64}, {DType.BOOL, DType.FLOAT16},
            {DType.INT32, DType.FLOAT32}, {DType.FLOAT32, DType.COMPLEX64}, {DType.UINT16, DType.INT8, DType.BOOL},
            {DType.INT16, DType.FLOAT16}, {DType.UINT32, DType.INT32}, {DType.FLOAT64, DType.COMPLEX64},
            {DType.BOOL, DType.UINT8, DType.INT64},
        };
        for (DType[] mix : mixes) {
            NDArray[] arrays = new NDArray[mix.length];
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < mix.length; i++) {
                arrays[i] = ShapeTestData.random(g, mix[i], true, 2, i + 1);
                names.append(i == 0 ? "" : ", ").append(c.in(arrays[i]));
            }
            c.expect("np.concatenate([" + names + "], axis=1)", NDArray.concatenate(1, arrays));
        }
        c.check();
    }

    @Test
    void stackMatchesNumPyOnEveryAxis() {
        Generator g = Generator.seeded(3);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            NDArray a = ShapeTestData.random(g, t, false, 2, 3);
            NDArray b = transposedRandom(g, t, 2, 3);
            String na = c.in(a);
            String nb = c.in(b);
            for (int axis = -3; axis <= 2; axis++) {
                c.expect("np.stack([" + na + ", " + nb + ", " + na + "], axis=" + axis + ")",
                        NDArray.stack(axis, a, b, a));
            }
            NDArray s0 = ShapeTestData.random(g, t, false);
            NDArray s1 = ShapeTestData.random(g, t, false);
            c.expect("np.stack([" + c.in(s0) + ", " + c.in(s1) + "])", NDArray.stack(s0, s1));
        }
        NDArray i8 = ShapeTestData.random(g, DType.INT8, false, 4);
        NDArray f16 = ShapeTestData.random(g, DType.FLOAT16, false, 4);
        c.expect("np.stack([" + c.in(i8) + ", " + c.in(f16) + "], axis=1)", NDArray.stack(1, i8, f16));
        c.check();
    }

    @Test
    void splitGivesNumPysPiecesAsViews() {
        Generator g = Generator.seeded(4);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            NDArray a = transposedRandom(g, t, 6, 4);
            String na = c.in(a);
            List<NDArray> rows = a.split(3, 0);
            for (int k = 0; k < 3; k++) {
                c.expect("np.split(" + na + ", 3, axis=0)[" + k + "]", rows.get(k));
            }
            List<NDArray> cols = a.split(2, -1);
            for (int k = 0; k < 2; k++) {
                c.expect("np.split(" + na + ", 2, axis=-1)[" + k + "]", cols.get(k));
            }
            long[] idx = {2, -2, 9, 1};
            List<NDArray> parts = a.split(idx, 0);
            assertEquals(5, parts.size());
            for (int k = 0; k < parts.size(); k++) {
                c.expect("np.split(" + na + ", [2, -2, 9, 1], axis=0)[" + k + "]", parts.get(k));
            }
            for (NDArray p : parts) {
                assertTrue(p.sharesMemory(a), "split returns views");
                assertFalse(p.isOwner(), "split returns views");
            }
        }
        NDArray empty = NDArray.zeros(DType.FLOAT32, 0, 3);
        String ne = c.in(empty);
        List<NDArray> halves = empty.split(2, 0);
        c.expect("np.split(" + ne + ", 2)[0]", halves.get(0));
        c.expect("np.split(" + ne + ", 2)[1]", halves.get(1));
        c.check();
    }

    @Test
    void splitViewsWriteThroughToTheSource() {
        try (NDArray a = NDArray.arange(DType.INT32, 0, 6, 1)) {
            List<NDArray> parts = a.split(3, 0);
            parts.get(1).setLong(100, 0);
            assertEquals(100, a.getLong(2));
            assertThrows(UnsupportedOperationException.class, () -> parts.add(a));
        }
    }

    @Test
    void tileMatchesNumPy() {
        Generator g = Generator.seeded(5);
        GoldenBatch c = new GoldenBatch();
        long[][] reps = {{2}, {2, 3}, {1, 1}, {3, 1, 2}, {0, 2}, {}, {2, 1, 1, 1}};
        for (DType t : ShapeTestData.ALL) {
            NDArray a = transposedRandom(g, t, 2, 3);
            String na = c.in(a);
            for (long[] r : reps) {
                c.expect("np.tile(" + na + ", " + tuple(r) + ")", a.tile(r));
            }
            NDArray s = ShapeTestData.random(g, t, false);
            c.expect("np.tile(" + c.in(s) + ", (2, 3))", s.tile(2, 3));
            NDArray v = ShapeTestData.random(g, t, false, 4).flip(0);
            c.expect("np.tile(" + c.in(v) + ", 3)", v.tile(3));
        }
        c.check();
    }

    @Test
    void repeatMatchesNumPy() {
        Generator g = Generator.seeded(6);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            NDArray a = transposedRandom(g, t, 3, 4);
            String na = c.in(a);
            c.expect("np.repeat(" + na + ", 2)", a.repeat(2));
            c.expect("np.repeat(" + na + ", 3, axis=0)", a.repeat(3, 0));
            c.expect("np.repeat(" + na + ", 2, axis=-1)", a.repeat(2, -1));
            c.expect("np.repeat(" + na + ", 0, axis=1)", a.repeat(0, 1));
            c.expect("np.repeat(" + na + ", [1, 0, 3], axis=0)", a.repeat(new long[] {1, 0, 3}, 0));
            c.expect("np.repeat(" + na + ", [2, 1, 0, 1], axis=-1)", a.repeat(new long[] {2, 1, 0, 1}, -1));
            c.expect("np.repeat(" + na + ", [2], axis=1)", a.repeat(new long[] {2}, 1));
            NDArray s = ShapeTestData.random(g, t, false);
            String ns = c.in(s);
            c.expect("np.repeat(" + ns + ", 3)", s.repeat(3));
            c.expect("np.repeat(" + ns + ", 2, axis=0)", s.repeat(2, 0));
            NDArray cube = ShapeTestData.random(g, t, false, 2, 3, 2).flip(1);
            c.expect("np.repeat(" + c.in(cube) + ", [3, 0, 1], axis=1)", cube.repeat(new long[] {3, 0, 1}, 1));
        }
        NDArray empty = NDArray.zeros(DType.INT16, 2, 0);
        String ne = c.in(empty);
        c.expect("np.repeat(" + ne + ", 3, axis=1)", empty.repeat(3, 1));
        c.expect("np.repeat(" + ne + ", [1, 2], axis=0)", empty.repeat(new long[] {1, 2}, 0));
        c.check();
    }

    @Test
    void padMatchesNumPy() {
        Generator g = Generator.seeded(7);
        GoldenBatch c = new GoldenBatch();
        for (DType t : ShapeTestData.ALL) {
            NDArray a = transposedRandom(g, t, 2, 3);
            String na = c.in(a);
            c.expect("np.pad(" + na + ", ((1, 2), (0, 3)))", a.pad(new long[][] {{1, 2}, {0, 3}}, 0));
            c.expect("np.pad(" + na + ", 2, constant_values=1.5)", a.pad(2, 1.5));
            c.expect("np.pad(" + na + ", ((1, 0),), constant_values=-1)", a.pad(new long[][] {{1, 0}}, -1));
            c.expect("np.pad(" + na + ", ((1,), (2,)), constant_values=7)", a.pad(new long[][] {{1}, {2}}, 7));
            NDArray s = ShapeTestData.random(g, t, false);
            c.expect("np.pad(" + c.in(s) + ", 1, constant_values=3)", s.pad(1, 3));
            NDArray e = NDArray.zeros(t, 0, 2);
            c.expect("np.pad(" + c.in(e) + ", 1, constant_values=2)", e.pad(1, 2));
        }
        NDArray u8 = NDArray.arange(DType.UINT8, 0, 3, 1);
        c.expect("np.pad(" + c.in(u8) + ", 1, constant_values=300)", u8.pad(1, 300)); // wraps to 44, as NumPy
        NDArray b = NDArray.of(new boolean[] {true, false});
        c.expect("np.pad(" + c.in(b) + ", 1, constant_values=0.5)", b.pad(1, 0.5));
        c.check();
    }

    @Test
    void errorsMatchNumPyAndNameTheValues() {
        GoldenBatch c = new GoldenBatch();
        NDArray a = NDArray.zeros(DType.FLOAT64, 2, 3);
        NDArray b = NDArray.zeros(DType.FLOAT64, 2, 4);
        NDArray v = NDArray.zeros(DType.FLOAT64, 7);
        NDArray s = NDArray.scalar(DType.FLOAT64, 1);
        String na = c.in(a);
        String nb = c.in(b);
        String nv = c.in(v);
        String ns = c.in(s);
        String m = c.expectError("np.concatenate([" + na + ", " + nb + "])", IllegalArgumentException.class,
                () -> NDArray.concatenate(0, a, b)).getMessage();
        assertTrue(m.contains("axis 0") && m.contains("dimension 1") && m.contains("[2, 3]") && m.contains("[2, 4]"), m);
        m = c.expectError("np.concatenate([" + na + ", " + na + "], axis=2)", IllegalArgumentException.class,
                () -> NDArray.concatenate(2, a, a)).getMessage();
        assertTrue(m.contains("axis 2"), m);
        m = c.expectError("np.concatenate([" + na + ", " + nv + "])", IllegalArgumentException.class,
                () -> NDArray.concatenate(0, a, v)).getMessage();
        assertTrue(m.contains("2 dimension(s)") && m.contains("1 dimension(s)"), m);
        m = c.expectError("np.concatenate([" + ns + ", " + ns + "])", IllegalArgumentException.class,
                () -> NDArray.concatenate(0, s, s)).getMessage();
        assertTrue(m.contains("zero-dimensional"), m);
        m = c.expectError("np.concatenate([])", IllegalArgumentException.class, NDArray::concatenate).getMessage();
        assertTrue(m.contains("at least one"), m);
        m = c.expectError("np.stack([" + na + ", " + nb + "])", IllegalArgumentException.class,
                () -> NDArray.stack(0, a, b)).getMessage();
        assertTrue(m.contains("[2, 3]") && m.contains("[2, 4]"), m);
        m = c.expectError("np.stack([" + na + "], axis=3)", IllegalArgumentException.class,
                () -> NDArray.stack(3, a)).getMessage();
        assertTrue(m.contains("axis 3"), m);
        m = c.expectError("np.split(" + nv + ", 3)", IllegalArgumentException.class, () -> v.split(3, 0)).getMessage();
        assertTrue(m.contains("equal division") && m.contains("7") && m.contains("3"), m);
        m = c.expectError("np.split(" + nv + ", 0)", IllegalArgumentException.class, () -> v.split(0, 0)).getMessage();
        assertTrue(m.contains("0 sections"), m);
        m = c.expectError("np.split(" + na + ", 2, axis=2)", IllegalArgumentException.class,
                () -> a.split(2, 2)).getMessage();
        assertTrue(m.contains("axis 2"), m);
        m = c.expectError("np.tile(" + na + ", (2, -1))", IllegalArgumentException.class,
                () -> a.tile(2, -1)).getMessage();
        assertTrue(m.contains("-1") && m.contains(">= 0"), m);
        m = c.expectError("np.repeat(" + na + ", -1)", IllegalArgumentException.class, () -> a.repeat(-1)).getMessage();
        assertTrue(m.contains("-1") && m.contains("negative"), m);
        m = c.expectError("np.repeat(" + na + ", [1, -2], axis=0)", IllegalArgumentException.class,
                () -> a.repeat(new long[] {1, -2}, 0)).getMessage();
        assertTrue(m.contains("[1] = -2"), m);
        m = c.expectError("np.repeat(" + na + ", [1, 2], axis=1)", IllegalArgumentException.class,
                () -> a.repeat(new long[] {1, 2}, 1)).getMessage();
        assertTrue(m.contains("length 2") && m.contains("extent 3"), m);
        m = c.expectError("np.repeat(" + na + ", 2, axis=-3)", IllegalArgumentException.class,
                () -> a.repeat(2, -3)).getMessage();
        assertTrue(m.contains("axis -3"), m);
        m = c.expectError("np.pad(" + na + ", ((1, -1), (0, 0)))", IllegalArgumentException.class,
                () -> a.pad(new long[][] {{1, -1}, {0, 0}}, 0)).getMessage();
        assertTrue(m.contains("[1, -1]") && m.contains("negative"), m);
        NDArray i32 = NDArray.zeros(DType.INT32, 3);
        m = c.expectError("np.pad(" + c.in(i32) + ", 1, constant_values=np.nan)", IllegalArgumentException.class,
                () -> i32.pad(1, Double.NaN)).getMessage();
        assertTrue(m.contains("NaN") && m.contains("int32"), m);
        m = c.expectError("np.pad(" + na + ", ((1, 1), (1, 1), (1, 1)))", IllegalArgumentException.class,
                () -> a.pad(new long[][] {{1, 1}, {1, 1}, {1, 1}}, 0)).getMessage();
        assertTrue(m.contains("3 rows"), m);
        c.check();
    }

    @Test
    void resultsOwnNewMemoryAndClosedInputsAreRejected() throws InterruptedException {
        NDArray a = NDArray.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3);
        NDArray closed = NDArray.zeros(DType.FLOAT32, 2, 3);
        closed.close();
        long before = Leaks.settledLiveBytes(); // garbage of earlier tests released first
        NDArray[] results = {NDArray.concatenate(0, a, a), NDArray.stack(a, a), a.tile(2), a.repeat(2),
            a.repeat(new long[] {1, 2}, 0), a.pad(1, 0)};
        for (NDArray r : results) {
            assertTrue(r.isOwner());
            assertFalse(r.sharesMemory(a));
            assertTrue(r.isCContiguous());
            r.close();
        }
        assertEquals(before, NDArray.liveNativeBytes(), "every result released its memory on close");
        assertThrows(IllegalStateException.class, () -> NDArray.concatenate(0, a, closed));
        assertThrows(IllegalStateException.class, () -> closed.tile(2));
        assertThrows(IllegalStateException.class, () -> closed.repeat(new long[] {1, 2}, 0));
        assertThrows(IllegalStateException.class, () -> closed.pad(1, 0));
        assertThrows(IllegalStateException.class, () -> closed.split(3, 1));
        assertEquals(before, NDArray.liveNativeBytes(), "failed operations leak nothing");
        assertThrows(NullPointerException.class, () -> NDArray.concatenate(0, a, null));
    }

    private static String tuple(long[] r) {
        StringBuilder sb = new StringBuilder("(");
        for (long x : r) {
            sb.append(x).append(", ");
        }
        return sb.append(")").toString();
    }
}
