package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.NumPy;

/**
 * matmul, dot, outer and tensordot against NumPy: shapes (1-d promotion, batches that
 * broadcast, sizes past the packing blocks), every dtype, mixed dtypes, transposed and reversed
 * operands. Integer and bool results must equal NumPy's exactly (wrap-around included).
 * Floating results are compared with NumPy's product in float64 (complex128): the error must be
 * within the classical bound for a chain of {@code k} multiply-adds in the accumulation precision,
 * {@code (k + 2) u sum|a||b|}, plus one rounding to the result dtype.
 */
class MatMulGoldenTest {

    private record Check(String what, int index, NDArray actual, DType dtype, long k) {
    }

    private final Map<String, NDArray> inputs = new LinkedHashMap<>();
    private final List<String> exprs = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final Random rnd = new Random(99);

    private String input(NDArray x) {
        String name = "v" + inputs.size();
        inputs.put(name, x);
        return name;
    }

    /** Records {@code ours} against the NumPy expression {@code f(A, B)} applied to two inputs. */
    private void add(String what, String pyCall, NDArray a, NDArray b, long k, Supplier<NDArray> ours) {
        String an = input(a);
        String bn = input(b);
        NDArray r = ours.get();
        DType t = r.dtype();
        String call = pyCall.replace("A", an).replace("B", bn);
        if (t.isInteger() || t.isBool()) {
            checks.add(new Check(what, exprs.size(), r, t, -1));
            exprs.add(call);
            return;
        }
        String wide = t.isComplex() ? "np.complex128" : "np.float64";
        String wa = an + ".astype(" + wide + ")";
        String wb = bn + ".astype(" + wide + ")";
        checks.add(new Check(what, exprs.size(), r, t, k));
        exprs.add(pyCall.replace("A", wa).replace("B", wb));
        exprs.add(pyCall.replace("A", "np.abs(" + wa + ")").replace("B", "np.abs(" + wb + ")"));
        // NumPy's own result dtype and shape
        exprs.add(call);
    }

    private static double unit(DType t) {
        return switch (t) {
            case FLOAT16 -> 0x1p-11;
            case BFLOAT16 -> 0x1p-8;
            case FLOAT32, COMPLEX64 -> 0x1p-24;
            default -> 0x1p-53;
        };
    }

    private void verify() {
        List<NumPy.Result> res = NumPy.eval(inputs, "", exprs);
        for (Check c : checks) {
            NDArray expected = res.get(c.index()).get();
            if (c.k() < 0) {
                ReduceGolden.assertClose(c.what(), expected, c.actual(), expected.dtype(), 0, 0);
                continue;
            }
            NDArray magnitude = res.get(c.index() + 1).get();
            NDArray numpys = res.get(c.index() + 2).get();
            if (c.dtype() != DType.BFLOAT16) {
                assertEquals(numpys.dtype(), c.actual().dtype(), c.what() + ": NumPy's dtype");
            }
            assertArrayEquals(numpys.shape(), c.actual().shape(), c.what() + ": shape");
            // accumulation in float32 for 16-bit results, then one rounding
            DType acc = c.dtype() == DType.FLOAT16 || c.dtype() == DType.BFLOAT16 ? DType.FLOAT32 : c.dtype();
            double chain = (c.k() + 2) * unit(acc) * (c.dtype().isComplex() ? 2 : 1);
            double[][] e = ReduceGolden.parts(expected);
            double[][] m = ReduceGolden.parts(magnitude);
            double[][] o = ReduceGolden.parts(c.actual());
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < e[p].length; i++) {
                    double tol = chain * m[0][i] + 2 * unit(c.dtype()) * Math.abs(e[p][i]) + Double.MIN_NORMAL;
                    if (!(Math.abs(o[p][i] - e[p][i]) <= tol)) {
                        fail(c.what() + ": element " + i + (p == 1 ? " (imag)" : "") + " is " + o[p][i] + ", expected "
                                + e[p][i] + " within " + tol);
                    }
                }
            }
        }
    }

    private NDArray r(DType t, long... shape) {
        return ReduceGolden.random(t, rnd, 1.0, shape);
    }

    @Test
    void matmulShapesAndEveryDtypeMatchNumPy() {
        NumPy.require();
        for (DType t : ReduceGolden.ALL) {
            String n = t + " ";
            NDArray a = r(t, 2, 3);
            NDArray b = r(t, 3, 4);
            add(n + "(2,3)@(3,4)", "np.matmul(A, B)", a, b, 3, () -> a.matmul(b));
            NDArray v = r(t, 3);
            add(n + "(3)@(3,4)", "np.matmul(A, B)", v, b, 3, () -> v.matmul(b));
            add(n + "(2,3)@(3)", "np.matmul(A, B)", a, v, 3, () -> a.matmul(v));
            NDArray w = r(t, 3);
            add(n + "(3)@(3)", "np.matmul(A, B)", v, w, 3, () -> v.matmul(w));
            NDArray ba = r(t, 2, 1, 3, 4);
            NDArray bb = r(t, 5, 4, 6);
            add(n + "batch broadcast", "np.matmul(A, B)", ba, bb, 4, () -> ba.matmul(bb));
            NDArray m2 = r(t, 4, 5);
            NDArray b3 = r(t, 2, 5, 3);
            add(n + "2-d @ batch", "np.matmul(A, B)", m2, b3, 5, () -> m2.matmul(b3));
            NDArray big = r(t, 37, 300);
            NDArray bigB = r(t, 300, 41).transpose().flip(0).transpose();
            add(n + "packed, two panels, reversed columns", "np.matmul(A, B)", big, bigB, 300, () -> big.matmul(bigB));
            NDArray at = r(t, 29, 53).transpose();
            NDArray bt = r(t, 70, 29).transpose();
            add(n + "both transposed", "np.matmul(A, B)", at, bt, 29, () -> at.matmul(bt));
            NDArray z = r(t, 3, 0);
            NDArray zb = r(t, 0, 2);
            add(n + "k = 0", "np.matmul(A, B)", z, zb, 0, () -> z.matmul(zb));
        }
        verify();
    }

    @Test
    void mixedDtypesPromoteAsNumPy() {
        NumPy.require();
        DType[][] pairs = {
            {DType.INT8, DType.UINT8}, {DType.INT32, DType.FLOAT32}, {DType.FLOAT16, DType.FLOAT32},
            {DType.BOOL, DType.INT16}, {DType.COMPLEX64, DType.FLOAT64}, {DType.UINT64, DType.INT64},
            {DType.FLOAT32, DType.COMPLEX64}, {DType.INT16, DType.COMPLEX64}, {DType.UINT8, DType.FLOAT16},
            {DType.BOOL, DType.BOOL}, {DType.INT64, DType.COMPLEX128},
        };
        for (DType[] p : pairs) {
            NDArray a = r(p[0], 7, 40);
            NDArray b = r(p[1], 40, 9);
            add(p[0] + " @ " + p[1], "np.matmul(A, B)", a, b, 40, () -> a.matmul(b));
        }
        verify();
    }

    @Test
    void dotOuterAndTensordotMatchNumPy() {
        NumPy.require();
        for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.COMPLEX128}) {
            String n = t + " ";
            NDArray v = r(t, 5);
            NDArray w = r(t, 5);
            add(n + "dot 1-d", "np.dot(A, B)", v, w, 5, () -> v.dot(w));
            NDArray a = r(t, 4, 5);
            NDArray b = r(t, 5, 3);
            add(n + "dot 2-d", "np.dot(A, B)", a, b, 5, () -> a.dot(b));
            NDArray a3 = r(t, 2, 3, 5);
            add(n + "dot N-d . 1-d", "np.dot(A, B)", a3, w, 5, () -> a3.dot(w));
            NDArray b3 = r(t, 4, 5, 6);
            add(n + "dot N-d . M-d", "np.dot(A, B)", a3, b3, 5, () -> a3.dot(b3));
            add(n + "dot 1-d . M-d", "np.dot(A, B)", v, b3, 5, () -> v.dot(b3));
            NDArray s = r(t);
            add(n + "dot 0-d", "np.dot(A, B)", s, a3, 1, () -> s.dot(a3));
            add(n + "outer", "np.outer(A, B)", a, b3, 1, () -> a.outer(b3));
            NDArray x = r(t, 3, 4, 5);
            NDArray y = r(t, 4, 3, 2);
            add(n + "tensordot lists", "np.tensordot(A, B, axes=([1, 0], [0, 1]))", x, y, 12,
                    () -> x.tensordot(y, new int[] {1, 0}, new int[] {0, 1}));
            NDArray y2 = r(t, 4, 5, 2);
            add(n + "tensordot 2", "np.tensordot(A, B, axes=2)", x, y2, 20, () -> x.tensordot(y2, 2));
            add(n + "tensordot 0", "np.tensordot(A, B, axes=0)", v, w, 1, () -> v.tensordot(w, 0));
            add(n + "tensordot negative axes", "np.tensordot(A, B, axes=([-1], [-2]))", x, y2, 5,
                    () -> x.tensordot(y2, new int[] {-1}, new int[] {-2}));
        }
        verify();
    }

    @Test
    void mismatchesAreRejectedWithMessagesNamingTheShapes() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 2, 3); NDArray b = NDArray.zeros(DType.FLOAT32, 4, 2);
                NDArray s = NDArray.scalar(DType.FLOAT32, 1); NDArray c = NDArray.zeros(DType.FLOAT32, 3, 3, 2);
                NDArray d = NDArray.zeros(DType.FLOAT32, 2, 2, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
            assertTrue(e.getMessage().startsWith("matmul: input operand 1 has a mismatch in its core dimension 0"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("(size 4 is different from 3)") && e.getMessage().contains("[2, 3]")
                    && e.getMessage().contains("[4, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.matmul(a));
            assertTrue(e.getMessage().contains("input operand 0 does not have enough dimensions"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> d.matmul(c));
            assertTrue(e.getMessage().contains("[2, 2, 3]") && e.getMessage().contains("[3, 3, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.dot(b));
            assertEquals("shapes (2,3) and (4,2) not aligned: 3 (dim 1) != 4 (dim 0)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.tensordot(b, new int[] {1}, new int[] {0}));
            assertTrue(e.getMessage().contains("shape-mismatch for sum"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.tensordot(b, new int[] {1}, new int[] {0, 1}));
            assertThrows(IllegalArgumentException.class, () -> a.tensordot(b, new int[] {2}, new int[] {0}));
            assertThrows(IllegalArgumentException.class, () -> a.tensordot(b, 3));
        }
    }

    @Test
    void resultsOwnTheirMemoryAndTemporariesAreReleased() {
        try (NDArray x = NDArray.ones(DType.FLOAT64, 100, 100, 100); NDArray y = NDArray.ones(DType.FLOAT64, 100, 5)) {
            long before = NDArray.liveNativeBytes();
            // summing the middle axis needs an 8 MB reordered copy of x inside; it must be freed
            // (other arrays may be freed by the Cleaner meanwhile, so only growth counts)
            NDArray t = x.tensordot(y, new int[] {1}, new int[] {0});
            assertTrue(t.isOwner());
            assertArrayEquals(new long[] {100, 100, 5}, t.shape());
            assertEquals(100.0, t.getDouble(3, 4, 2));
            t.close();
            NDArray o = x.slice("::-1, 0, :").outer(y.slice(":, 0"));
            assertArrayEquals(new long[] {10000, 100}, o.shape());
            o.close();
            assertTrue(NDArray.liveNativeBytes() - before < 4 << 20, "temporaries leaked: "
                    + (NDArray.liveNativeBytes() - before) + " bytes");
        }
    }
}
