package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.ndpack.testing.NumPy;

/**
 * The ufunc objects' methods against NumPy's: {@code reduce}, {@code accumulate} and
 * {@code outer} of every binary ufunc on integer, float and bool inputs (value, dtype and shape),
 * and the apply forms with {@code out}.
 */
class UfuncGoldenTest {

    private static final Set<String> REORDERABLE = Set.of("add", "multiply", "maximum",
            "minimum", "bitwise_and", "bitwise_or", "bitwise_xor", "logical_and", "logical_or", "logical_xor");

    private record Case(String expr, Supplier<NDArray> ours) {
    }

    @Test
    void methodsMatchNumPy() {
        try (NDArray i = NDArray.of(new long[] {5, 3, 12, 6, 9, 10}, 2, 3).astype(DType.INT32);
                NDArray f = NDArray.of(new double[] {0.5, -2, 3.25, 7, -1.5, 4}, 2, 3);
                NDArray b = NDArray.of(new boolean[] {true, false, true, true, true, false}, 2, 3);
                NDArray v = NDArray.of(new double[] {1, 2, 3});
                NDArray w = NDArray.of(new double[] {4, 5});
                NDArray empty = NDArray.zeros(DType.INT16, 2, 0)) {
            List<Case> cases = new ArrayList<>();
            for (Ufunc u : Ufunc.values()) {
                if (!(u instanceof Ufunc.Binary bu)) {
                    continue;
                }
                String n = "np." + u.name();
                boolean intOnly = u.name().startsWith("bitwise") || u.name().endsWith("shift");
                // NumPy's reduce of a non-reorderable ufunc through its generic float loops gives
                // a[0] op a[-1] over 3+ elements (1.24 and 2.4 alike: np.power.reduce([.5, -2, 3.25])
                // is .5 ** 3.25), not the fold its own accumulate computes; those compare with
                // accumulate's last entry along the axis, the others with reduce itself
                boolean fold = !REORDERABLE.contains(u.name());
                cases.add(new Case(fold ? n + ".accumulate(i, axis=0)[-1]" : n + ".reduce(i, axis=0)",
                        () -> bu.reduce(i, new int[] {0}, false)));
                cases.add(new Case(fold ? n + ".accumulate(i, axis=-1)[:, -1:]" : n + ".reduce(i, axis=-1, keepdims=True)",
                        () -> bu.reduce(i, new int[] {-1}, true)));
                cases.add(new Case(n + ".accumulate(i, axis=1)", () -> bu.accumulate(i, 1)));
                cases.add(new Case(n + ".accumulate(i, axis=0)", () -> bu.accumulate(i, 0)));
                if (!intOnly) {
                    cases.add(new Case(fold ? n + ".accumulate(f, axis=1)[:, -1]" : n + ".reduce(f, axis=1)",
                            () -> bu.reduce(f, new int[] {1}, false)));
                    cases.add(new Case(n + ".accumulate(f, axis=0)", () -> bu.accumulate(f, 0)));
                    cases.add(new Case(n + ".outer(v, w)", () -> bu.outer(v, w)));
                }
                cases.add(new Case(n + ".outer(i[0], i[1])", () -> bu.outer(i.slice("0"), i.slice("1"))));
                if (u.name().startsWith("bitwise") || u.name().startsWith("logical")) {
                    cases.add(new Case(n + ".reduce(b, axis=None)", () -> bu.reduce(b, null, false)));
                    cases.add(new Case(n + ".reduce(empty, axis=1)", () -> bu.reduce(empty, new int[] {1}, false)));
                    cases.add(new Case(n + ".reduce(i, axis=(0, 1))", () -> bu.reduce(i, new int[] {0, 1}, false)));
                }
            }
            List<String> exprs = cases.stream().map(Case::expr).toList();
            List<NumPy.Result> want = NumPy.eval(NumPy.inputs("i", i, "f", f, "b", b, "v", v, "w", w, "empty", empty),
                    "", exprs);
            int compared = 0;
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get(k);
                NumPy.Result r = want.get(k);
                if (r.error() != null) {
                    // NumPy refuses it (a dtype its loop lacks): ndpack must refuse it too
                    assertThrows(IllegalArgumentException.class, () -> c.ours().get().close(),
                            c.expr() + ": NumPy raised " + r.error());
                    continue;
                }
                try (NDArray ours = c.ours().get(); NDArray np = r.get()) {
                    assertEquals(np.dtype(), ours.dtype(), c.expr() + " dtype");
                    assertArrayEquals(np.shape(), ours.shape(), c.expr() + " shape");
                    assertTrue(sameValues(ours, np), c.expr() + ": " + ours + " vs NumPy " + np);
                    compared++;
                }
            }
            assertTrue(compared > 100, "most cases are values, not refusals: " + compared);
        }
    }

    /** Equal values, NaN where NumPy has NaN, floats to a relative 1e-12. */
    private static boolean sameValues(NDArray ours, NDArray np) {
        try (NDArray x = ours.astype(DType.FLOAT64); NDArray y = np.astype(DType.FLOAT64)) {
            double[] a = x.toDoubleArray();
            double[] b = y.toDoubleArray();
            for (int k = 0; k < a.length; k++) {
                boolean ok = Double.isNaN(b[k]) ? Double.isNaN(a[k]) : a[k] == b[k] || Math.abs(a[k] - b[k]) <= 1e-12 * Math.abs(b[k]);
                if (!ok) {
                    return false;
                }
            }
            return a.length == b.length;
        }
    }

    @Test
    void maximumAccumulateAndMultiplyOuterAsInNumPysDocs() {
        try (NDArray a = NDArray.of(new double[] {2, 1, 5, 3, 7});
                NDArray run = Ufunc.MAXIMUM.accumulate(a, 0);
                NDArray x = NDArray.of(new long[] {1, 2, 3});
                NDArray table = Ufunc.MULTIPLY.outer(x, x)) {
            assertArrayEquals(new double[] {2, 2, 5, 5, 7}, run.toDoubleArray());
            assertArrayEquals(new long[] {3, 3}, table.shape());
            assertArrayEquals(new long[] {1, 2, 3, 2, 4, 6, 3, 6, 9}, table.toLongArray());
        }
    }

    @Test
    void reduceRulesNameTheProblem() {
        try (NDArray a = NDArray.of(new long[] {10, 2, 3, 4}, 2, 2); NDArray e = NDArray.zeros(DType.FLOAT64, 3, 0)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> Ufunc.SUBTRACT.reduce(a, new int[] {0, 1}, false));
            assertTrue(x.getMessage().contains("'subtract' is not reorderable"), x.getMessage());
            x = assertThrows(IllegalArgumentException.class, () -> Ufunc.ARCTAN2.reduce(e, new int[] {1}, false));
            assertTrue(x.getMessage().contains("arctan2 which has no identity"), x.getMessage());
            try (NDArray s = NDArray.scalar(DType.INT64, 1)) {
                x = assertThrows(IllegalArgumentException.class, () -> Ufunc.MAXIMUM.accumulate(s, 0));
                assertTrue(x.getMessage().contains("0-d"), x.getMessage());
            }
            try (NDArray r = Ufunc.SUBTRACT.reduce(a, new int[] {0}, false)) {
                assertArrayEquals(new long[] {7, -2}, r.toLongArray());
            }
        }
    }

    @Test
    void applyWithOutReturnsOutAndFollowsSameKind() {
        try (NDArray a = NDArray.of(new float[] {1, 4, 9});
                NDArray out = NDArray.zeros(DType.FLOAT64, 3);
                NDArray ints = NDArray.zeros(DType.INT32, 3)) {
            assertSame(out, Ufunc.SQRT.apply(a, out));
            assertArrayEquals(new double[] {1, 2, 3}, out.toDoubleArray());
            assertSame(out, Ufunc.ADD.apply(a, 1.5, out));
            assertArrayEquals(new double[] {2.5, 5.5, 10.5}, out.toDoubleArray());
            assertSame(a, Ufunc.MULTIPLY.apply(a, 2L, a));
            assertArrayEquals(new float[] {2, 8, 18}, a.toFloatArray());
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Ufunc.SQRT.apply(a, ints));
            assertNotNull(x.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Ufunc.NEGATIVE.apply(a, NDArray.zeros(DType.FLOAT32, 2)));
            assertEquals("<ufunc 'add'>", Ufunc.ADD.toString());
            assertEquals(2, Ufunc.LOGICAL_XOR.nin());
            assertEquals(1, Ufunc.ISNAN.nin());
        }
    }
}
