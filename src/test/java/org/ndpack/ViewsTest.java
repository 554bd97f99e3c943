package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.ndpack.testing.NumPy;

/**
 * Views checked element by element against independent index arithmetic (a plain Java model of
 * NumPy's basic indexing), over random shapes, and against NumPy itself.
 */
class ViewsTest {

    /** A base array whose element i (C order) holds the value i, so values identify positions. */
    private static NDArray iota(long... shape) {
        long n = 1;
        for (long e : shape) {
            n *= e;
        }
        return NDArray.arange(n).reshape(shape);
    }

    /** The model: for each element of the view (C order), the flat index into the base. */
    private record Model(long[] shape, long[] flat) {
    }

    /** NumPy's basic indexing, written out independently of NDArray. */
    private static Model model(long[] shape, List<Index> index) {
        int consumed = 0;
        for (Index ix : index) {
            if (ix instanceof Index.At || ix instanceof Index.Range) {
                consumed++;
            }
        }
        List<long[]> perAxis = new ArrayList<>(); // positions taken on each output axis, or null for new axes
        List<Integer> srcAxis = new ArrayList<>();
        long[] fixed = new long[shape.length];
        Arrays.fill(fixed, -1);
        int axis = 0;
        boolean ellipsis = false;
        for (Index ix : index) {
            if (ix instanceof Index.At at) {
                long i = at.index() < 0 ? at.index() + shape[axis] : at.index();
                fixed[axis++] = i;
            } else if (ix instanceof Index.Range r) {
                perAxis.add(positions(r, shape[axis]));
                srcAxis.add(axis++);
            } else if (ix instanceof Index.Ellipsis) {
                ellipsis = true;
                for (int k = 0; k < shape.length - consumed; k++) {
                    perAxis.add(positions((Index.Range) Index.all(), shape[axis]));
                    srcAxis.add(axis++);
                }
            } else {
                perAxis.add(new long[] {0});
                srcAxis.add(-1);
            }
        }
        if (!ellipsis) {
            while (axis < shape.length) {
                perAxis.add(positions((Index.Range) Index.all(), shape[axis]));
                srcAxis.add(axis++);
            }
        }
        long[] outShape = new long[perAxis.size()];
        long n = 1;
        for (int i = 0; i < outShape.length; i++) {
            outShape[i] = perAxis.get(i).length;
            n *= outShape[i];
        }
        long[] flat = new long[(int) n];
        long[] idx = new long[outShape.length];
        for (int e = 0; e < n; e++) {
            long[] src = fixed.clone();
            for (int i = 0; i < outShape.length; i++) {
                if (srcAxis.get(i) >= 0) {
                    src[srcAxis.get(i)] = perAxis.get(i)[(int) idx[i]];
                }
            }
            long f = 0;
            for (int d = 0; d < shape.length; d++) {
                f = f * shape[d] + src[d];
            }
            flat[e] = f;
            for (int i = outShape.length - 1; i >= 0; i--) {
                if (++idx[i] < outShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new Model(outShape, flat);
    }

    /** Positions selected by a range on an axis of extent n: Python's range(*slice.indices(n)). */
    private static long[] positions(Index.Range r, long n) {
        long step = r.step();
        long start;
        long stop;
        if (step > 0) {
            start = r.start().isPresent() ? r.start().getAsLong() : 0;
            stop = r.stop().isPresent() ? r.stop().getAsLong() : n;
            start = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
            stop = stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
        } else {
            start = r.start().isPresent() ? r.start().getAsLong() : n - 1;
            stop = r.stop().isPresent() ? r.stop().getAsLong() : -n - 1;
            start = start < 0 ? Math.max(-1, start + n) : Math.min(start, n - 1);
            stop = stop < 0 ? Math.max(-1, stop + n) : Math.min(stop, n - 1);
        }
        List<Long> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static void assertMatchesModel(NDArray view, Model m, String what) {
        assertArrayEquals(m.shape(), view.shape(), what + ": shape");
        assertArrayEquals(m.flat(), view.toLongArray(), what + ": elements");
        // element access agrees with the bulk path, element by element
        long[] idx = new long[m.shape().length];
        for (int e = 0; e < m.flat().length; e++) {
            assertEquals(m.flat()[e], view.getLong(idx), what + ": element " + Arrays.toString(idx));
            for (int i = idx.length - 1; i >= 0; i--) {
                if (++idx[i] < m.shape()[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
    }

    private static long[] randomShape(Random r) {
        long[] s = new long[1 + r.nextInt(4)];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5);
        }
        return s;
    }

    private static String randomIndex(Random r, int ndim) {
        List<String> parts = new ArrayList<>();
        int left = ndim;
        boolean ellipsis = false;
        int count = r.nextInt(ndim + 2);
        for (int k = 0; k < count; k++) {
            int kind = r.nextInt(10);
            if (kind == 0 && !ellipsis) {
                parts.add("...");
                ellipsis = true;
            } else if (kind == 1) {
                parts.add("None");
            } else if (left > 0) {
                left--;
                if (kind == 2) {
                    parts.add(Integer.toString(r.nextInt(3) - 1)); // may be out of range: filtered below
                } else {
                    String[] b = {"", "0", "1", "2", "-1", "-2", "7", "-7"};
                    String[] st = {"", "1", "2", "-1", "-2", "3", "-3"};
                    String s = b[r.nextInt(b.length)] + ":" + b[r.nextInt(b.length)];
                    String step = st[r.nextInt(st.length)];
                    parts.add(step.isEmpty() ? s : s + ":" + step);
                }
            }
        }
        return String.join(", ", parts);
    }

    private static boolean integersInRange(long[] shape, List<Index> index) {
        int consumed = 0;
        for (Index ix : index) {
            if (ix instanceof Index.At || ix instanceof Index.Range) {
                consumed++;
            }
        }
        int axis = 0;
        for (Index ix : index) {
            if (ix instanceof Index.Ellipsis) {
                axis += shape.length - consumed;
            } else if (ix instanceof Index.At at) {
                if (at.index() < -shape[axis] || at.index() >= shape[axis]) {
                    return false;
                }
                axis++;
            } else if (ix instanceof Index.Range) {
                axis++;
            }
        }
        return true;
    }

    @Test
    void randomSlicesOfRandomShapesMatchTheIndexModel() {
        Random r = new Random(12345);
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            long[] shape = randomShape(r);
            String text = randomIndex(r, shape.length);
            List<Index> index = Index.parse(text);
            try (NDArray base = iota(shape)) {
                if (!integersInRange(shape, index)) {
                    assertThrows(IndexOutOfBoundsException.class, () -> base.slice(text), text);
                    continue;
                }
                NDArray v = base.slice(text);
                assertMatchesModel(v, model(shape, index), Arrays.toString(shape) + "[" + text + "]");
                // slicing a slice: the composition still matches the model applied twice
                String text2 = randomIndex(r, v.ndim());
                List<Index> index2 = Index.parse(text2);
                if (integersInRange(v.shape(), index2)) {
                    Model m1 = model(shape, index);
                    Model m2 = model(m1.shape(), index2);
                    long[] flat = new long[m2.flat().length];
                    for (int i = 0; i < flat.length; i++) {
                        flat[i] = m1.flat()[(int) m2.flat()[i]];
                    }
                    assertMatchesModel(v.slice(text2), new Model(m2.shape(), flat),
                            Arrays.toString(shape) + "[" + text + "][" + text2 + "]");
                }
                checked++;
            }
        }
        assertTrue(checked > 250, "most random indices were in range: " + checked);
    }

    @Test
    void typedIndexEqualsTextIndex() {
        try (NDArray base = iota(4, 5, 6)) {
            NDArray a = base.slice("1:4:2, ..., ::-1, None");
            NDArray b = base.slice(Index.range(1, 4, 2), Index.ellipsis(), Index.reversed(), Index.newAxis());
            assertArrayEquals(a.shape(), b.shape());
            assertArrayEquals(a.toLongArray(), b.toLongArray());
            assertEquals(a, b);
        }
    }

    @Test
    void viewsWriteThroughToSharedMemory() {
        try (NDArray base = NDArray.zeros(DType.INT32, 3, 4)) {
            NDArray col = base.slice(":, -1");
            NDArray rev = base.slice("::-1, ::-1");
            col.setLong(7, 1);          // base[1, 3]
            rev.setLong(9, 0, 0);       // base[2, 3]
            assertEquals(7, base.getLong(1, 3));
            assertEquals(9, base.getLong(2, 3));
            assertEquals(9, col.getLong(2));
            assertTrue(col.sharesMemory(base));
        }
    }

    @Test
    void negativeAndZeroStridesAreRepresented() {
        try (NDArray base = iota(3, 4)) {
            NDArray flipped = base.flip(0);
            assertArrayEquals(new long[] {-4, 1}, flipped.strides());
            assertEquals(8, flipped.offset());
            assertEquals(8, flipped.getLong(0, 0));
            NDArray b = base.slice("1").broadcastTo(5, 4);
            assertArrayEquals(new long[] {0, 1}, b.strides());
            assertEquals(6, b.getLong(4, 2));
            assertTrue(b.isReadOnly(), "broadcast views are read-only, as NumPy's broadcast_to");
            assertThrows(ReadOnlyArrayException.class, () -> b.setLong(1, 0, 0));
        }
    }

    @Test
    void reshapeIsAViewWhenStridesAllowAndACopyOtherwise() {
        try (NDArray base = iota(2, 3, 4)) {
            NDArray v = base.reshape(6, -1);
            assertArrayEquals(new long[] {6, 4}, v.shape());
            assertTrue(v.sharesMemory(base));
            NDArray t = base.transpose(); // (4, 3, 2), not C-contiguous
            NDArray c = t.reshape(24);
            assertFalse(c.sharesMemory(base), "flattening a transpose needs a copy");
            assertArrayEquals(t.toLongArray(), c.toLongArray());
            // splitting an axis of a transposed view is still a view
            NDArray t2 = base.transpose(2, 0, 1).reshape(2, 2, 2, 3);
            assertTrue(t2.sharesMemory(base));
            assertArrayEquals(base.transpose(2, 0, 1).toLongArray(), t2.toLongArray());
            c.close();
        }
    }

    @Test
    void reshapeErrorsNameTheShapes() {
        try (NDArray a = iota(2, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
            assertTrue(e.getMessage().contains("size 6") && e.getMessage().contains("[4, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.reshape(-1, -1));
            assertTrue(e.getMessage().contains("one unknown dimension"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4, -1));
            assertTrue(e.getMessage().contains("[4, -1]"), e.getMessage());
        }
    }

    @Test
    void axisToolsCheckTheirArguments() {
        try (NDArray a = iota(2, 1, 3)) {
            assertArrayEquals(new long[] {2, 3}, a.squeeze().shape());
            assertArrayEquals(new long[] {2, 3}, a.squeeze(1).shape());
            assertArrayEquals(new long[] {2, 3}, a.squeeze(-2).shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.squeeze(0));
            assertTrue(e.getMessage().contains("axis 0") && e.getMessage().contains("extent 2"), e.getMessage());
            assertArrayEquals(new long[] {2, 1, 3, 1}, a.expandDims(3).shape());
            assertArrayEquals(new long[] {1, 2, 1, 3}, a.expandDims(-4).shape());
            e = assertThrows(IllegalArgumentException.class, () -> a.expandDims(5));
            assertTrue(e.getMessage().contains("axis 5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 0, 1));
            assertTrue(e.getMessage().contains("repeated axis"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 1));
            assertTrue(e.getMessage().contains("don't match"), e.getMessage());
            assertArrayEquals(new long[] {2, 2, 3}, a.broadcastTo(2, 2, 3).shape());
            e = assertThrows(IllegalArgumentException.class, () -> a.broadcastTo(3, 1, 3));
            assertTrue(e.getMessage().contains("[2, 1, 3]") && e.getMessage().contains("[3, 1, 3]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.flip(3));
        }
    }

    @Test
    void sliceSyntaxErrorsQuoteTheEntry() {
        try (NDArray a = iota(3, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.slice("1:x"));
            assertTrue(e.getMessage().contains("\"1:x\""), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.slice("::0"));
            assertTrue(e.getMessage().contains("step cannot be zero"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.slice("..., ..."));
            assertTrue(e.getMessage().contains("ellipsis"), e.getMessage());
            IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> a.slice("0, 0, 0"));
            assertTrue(o.getMessage().contains("too many indices"), o.getMessage());
            o = assertThrows(IndexOutOfBoundsException.class, () -> a.slice("3"));
            assertTrue(o.getMessage().contains("index 3 is out of bounds for axis 0 with size 3"), o.getMessage());
        }
    }

    @Test
    void viewsMatchNumPy() {
        NumPy.require();
        Random r = new Random(99);
        List<String> exprs = new ArrayList<>();
        List<NDArray> ours = new ArrayList<>();
        try (NDArray a = iota(3, 4, 5)) {
            for (int i = 0; i < 150; i++) {
                String text = randomIndex(r, 3);
                if (!integersInRange(a.shape(), Index.parse(text))) {
                    continue;
                }
                exprs.add("a[" + (text.isEmpty() ? "..." : text) + "]");
                ours.add(a.slice(text));
            }
            String[] more = {"a.reshape(12, 5)", "a.transpose(2, 0, 1)", "a.T", "a.reshape(-1)", "a[:, ::-2].reshape(-1)",
                "np.squeeze(a[:, :1])", "np.expand_dims(a, 1)", "np.broadcast_to(a[:, :1], (3, 4, 5))",
                "np.flip(a, 1)", "a[::-1].ravel()", "a.T.reshape(4, 15)"};
            NDArray[] mine = {a.reshape(12, 5), a.transpose(2, 0, 1), a.transpose(), a.reshape(-1),
                a.slice(":, ::-2").reshape(-1), a.slice(":, :1").squeeze(), a.expandDims(1),
                a.slice(":, :1").broadcastTo(3, 4, 5), a.flip(1), a.slice("::-1").ravel(), a.transpose().reshape(4, 15)};
            exprs.addAll(List.of(more));
            ours.addAll(List.of(mine));
            List<NumPy.Result> res = NumPy.eval(NumPy.inputs("a", a), "", exprs);
            for (int i = 0; i < exprs.size(); i++) {
                NDArray expect = res.get(i).get();
                assertArrayEquals(expect.shape(), ours.get(i).shape(), exprs.get(i) + ": shape");
                assertArrayEquals(expect.toLongArray(), ours.get(i).toLongArray(), exprs.get(i) + ": values");
            }
        }
    }

    @Test
    void reshapeSharesMemoryExactlyWhenNumPyDoes() {
        NumPy.require();
        String[][] cases = {
            {"a", "(4, 6)"}, {"a.T", "(24,)"}, {"a.T", "(2, 2, 6)"}, {"a[:, ::2]", "(16,)"},
            {"a[:, ::2]", "(4, 4)"}, {"a[::-1]", "(2, 12)"}, {"a.transpose(1, 0, 2)", "(3, 8)"},
            {"a[:, :1]", "(2, 4)"}, {"a[..., None]", "(2, 3, 2, 2)"}};
        List<String> exprs = new ArrayList<>();
        for (String[] c : cases) {
            exprs.add("np.shares_memory(" + c[0] + ", " + c[0] + ".reshape" + c[1] + ")");
        }
        try (NDArray a = iota(2, 3, 4)) {
            NDArray[] views = {a, a.transpose(), a.transpose(), a.slice(":, ::2"), a.slice(":, ::2"), a.slice("::-1"),
                a.transpose(1, 0, 2), a.slice(":, :1"), a.slice("..., None")};
            long[][] shapes = {{4, 6}, {24}, {2, 2, 6}, {16}, {4, 4}, {2, 12}, {3, 8}, {2, 4}, {2, 3, 2, 2}};
            List<NumPy.Result> res = NumPy.eval(NumPy.inputs("a", a), "", exprs);
            for (int i = 0; i < cases.length; i++) {
                NDArray r = views[i].reshape(shapes[i]);
                assertEquals(res.get(i).get().getBoolean(), r.sharesMemory(a), exprs.get(i));
                assertArrayEquals(views[i].toLongArray(), r.toLongArray(), exprs.get(i) + ": values");
            }
        }
    }
}
