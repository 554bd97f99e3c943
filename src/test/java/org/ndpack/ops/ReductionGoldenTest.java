package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.reduce.Reductions;
import org.ndpack.testing.NumPy;

/**
 * Every reduction over every dtype against NumPy: many shapes (0-d, empty, leaf and tile
 * boundaries, a sequence long enough to be split into parallel chunks), axis sets (all, none,
 * single, negative, several), keepDims, and non-contiguous inputs (transposed, negative strides,
 * stepped slices, broadcast views).
 *
 * <p>Values are compared with NumPy evaluated in float64 (complex128) and rounded to the result
 * dtype: ndpack accumulates in double, so its result must be within one unit in the last place of
 * that (for float64 results, within a relative 2e-13 that covers a different association order).
 * Integer, bool, min/max, all/any and argmin/argmax results must be exactly NumPy's. The result
 * dtype and shape must be NumPy's own (not the float64 reference's); bfloat16, which NumPy lacks,
 * travels as float32 and is checked against the documented rule.
 */
@Tag("kernels") // run again on the portable kernels (pom.xml)
class ReductionGoldenTest {

    @FunctionalInterface
    interface Op {
        NDArray apply(NDArray x, int[] axes, boolean keep);
    }

    record Case(String name, NDArray x, int[][] axes) {
    }

    private record Check(String what, int index, NDArray actual, DType dtype, double ulps, double atol, boolean typeOnly,
            int scaleIndex) {
    }

    /** Float32-lane sums: up to 16 float32 roundings per term (see ReduceKernels). */
    private static final double NARROW = 17 * 0x1p-24;

    private static boolean narrow(DType t) {
        return t == DType.FLOAT32 || t == DType.FLOAT16 || t == DType.BFLOAT16 || t == DType.COMPLEX64;
    }

    static Stream<DType> dtypes() {
        return Arrays.stream(ReduceGolden.ALL);
    }

    private static int[][] sets(int[]... s) {
        return s;
    }

    static List<Case> cases(DType t, Random rnd, boolean smallInts) {
        List<Case> c = new ArrayList<>();
        java.util.function.Function<long[], NDArray> gen = shape ->
                smallInts && (t.isInteger() || t.isBool()) ? ReduceGolden.small(t, rnd, shape) : ReduceGolden.random(t, rnd, 1.0, shape);
        int[][] one = sets(null, new int[0], new int[] {0}, new int[] {-1});
        int[][] none = sets(null, new int[0]);
        int[][] two = sets(null, new int[] {0}, new int[] {1}, new int[] {-1}, new int[] {0, 1}, new int[0]);
        c.add(new Case("0-d", gen.apply(new long[0]), none));
        c.add(new Case("empty (0)", gen.apply(new long[] {0}), sets(null, new int[] {0})));
        c.add(new Case("empty (2,0,3)", gen.apply(new long[] {2, 0, 3}),
                sets(null, new int[] {0}, new int[] {1}, new int[] {2}, new int[] {0, 2})));
        c.add(new Case("(1)", gen.apply(new long[] {1}), one));
        c.add(new Case("(7)", gen.apply(new long[] {7}), one));
        c.add(new Case("(300)", gen.apply(new long[] {300}), one));
        c.add(new Case("(4,5)", gen.apply(new long[] {4, 5}), two));
        c.add(new Case("(3,1,6)", gen.apply(new long[] {3, 1, 6}),
                sets(null, new int[] {1}, new int[] {2}, new int[] {0, 2}, new int[] {-3, -2})));
        c.add(new Case("(2,3,4,5)", gen.apply(new long[] {2, 3, 4, 5}),
                sets(null, new int[] {0}, new int[] {2}, new int[] {0, 2}, new int[] {1, 3}, new int[] {-1, -3},
                        new int[] {0, 1, 2}, new int[] {3, 2, 1, 0})));
        c.add(new Case("transposed (9,6)", gen.apply(new long[] {6, 9}).transpose(), two));
        c.add(new Case("flipped (5,40)", gen.apply(new long[] {5, 40}).flip(0).flip(1), two));
        c.add(new Case("stepped slice", gen.apply(new long[] {10, 12}).slice("1::2, ::-3"), two));
        c.add(new Case("broadcast (3,5,4)", gen.apply(new long[] {3, 1, 4}).broadcastTo(3, 5, 4),
                sets(null, new int[] {1}, new int[] {0, 1}, new int[] {2}, new int[] {0, 2})));
        c.add(new Case("tall (1000,3)", gen.apply(new long[] {1000, 3}), sets(null, new int[] {0}, new int[] {1})));
        c.add(new Case("wide (3,4200)", gen.apply(new long[] {3, 4200}), sets(new int[] {0}, new int[] {1})));
        c.add(new Case("(70,530)", gen.apply(new long[] {70, 530}), sets(null, new int[] {0}, new int[] {1})));
        c.add(new Case("transposed (530,70)", gen.apply(new long[] {70, 530}).transpose(),
                sets(new int[] {0}, new int[] {1})));
        return c;
    }

    private static String axesPy(int[] axes) {
        if (axes == null) {
            return "None";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int a : axes) {
            sb.append(a).append(", ");
        }
        return sb.append(")").toString();
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** NumPy's name of the dtype ndpack's result has (float32 for bfloat16, which NumPy lacks). */
    private static String npName(DType t) {
        return t == DType.BFLOAT16 ? "float32" : t.numpyName();
    }

    /** Complex products of many factors: NumPy itself gives different last digits for a column
     * reduced alone and inside a matrix (it reorders the multiplications), so allow 2e-11. */
    private static double prodUlps(String f, DType result) {
        return f.equals("prod") && result == DType.COMPLEX128 ? 1e5 : ulps(result);
    }

    private static double ulps(DType result) {
        return result == DType.FLOAT64 || result == DType.COMPLEX128 ? 1000 : 1;
    }

    @ParameterizedTest
    @MethodSource("dtypes")
    void reductionsMatchNumPy(DType t) {
        NumPy.require();
        Random rnd = new Random(1234 + t.ordinal());
        boolean exactType = t.isInteger() || t.isBool();
        String wide = t.isComplex() ? "np.complex128" : "np.float64";
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        List<String> exprs = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        List<Case> all = new ArrayList<>(cases(t, rnd, false));
        List<Case> smallCases = cases(t, rnd, true);
        Op sum = (x, a, k) -> x.sum(a, k);
        Op prod = (x, a, k) -> x.prod(a, k);
        for (int ci = 0; ci < all.size(); ci++) {
            Case cs = all.get(ci);
            Case sm = smallCases.get(ci);
            String xn = "x" + ci;
            String sn = "s" + ci;
            inputs.put(xn, cs.x());
            inputs.put(sn, sm.x());
            for (int ai = 0; ai < cs.axes().length; ai++) {
                int[] axes = cs.axes()[ai];
                // keepDims both ways for every axis for the small cases, alternating for the others
                boolean[] keeps = cs.x().size() <= 120 || axes == null ? new boolean[] {false, true}
                        : new boolean[] {ai % 2 == 1};
                for (boolean keep : keeps) {
                    String ax = axesPy(axes);
                    String kw = ", axis=" + ax + ", keepdims=" + py(keep) + ")";
                    String label = cs.name() + " axes " + ax + " keepDims " + keep;
                    DType st = Reductions.sumType(t);
                    DType mt = Reductions.meanType(t);
                    DType vt = Reductions.varType(t);
                    String abs = "np.abs(" + xn + ".astype(" + wide + "))";
                    String sabs = "np.abs(" + sn + ".astype(" + wide + "))";
                    for (Object[] o : new Object[][] {{"sum", sum}, {"prod", prod}}) {
                        String f = (String) o[0];
                        NDArray r = ((Op) o[1]).apply(cs.x(), axes, keep);
                        String expr = exactType ? "np." + f + "(" + xn + kw
                                : "np." + f + "(" + xn + ".astype(" + wide + ")" + kw + ".astype('" + npName(st) + "')";
                        if (f.equals("sum") && narrow(t)) {
                            addSum(exprs, checks, label + " " + f, expr, "np.sum(" + abs + kw, r, st, 1, 1e-9);
                        } else {
                            add(exprs, checks, label + " " + f, expr, r, st, prodUlps(f, st), 1e-9);
                        }
                    }
                    String meanExpr = "np.mean(" + sn + ".astype(" + wide + ")" + kw + ".astype('" + npName(mt) + "')";
                    if (narrow(t)) {
                        addSum(exprs, checks, label + " mean", meanExpr, "np.mean(" + sabs + kw, sm.x().mean(axes, keep),
                                mt, 1, 1e-9);
                    } else {
                        add(exprs, checks, label + " mean", meanExpr, sm.x().mean(axes, keep), mt, ulps(mt), 1e-9);
                    }
                    for (int ddof : keep ? new int[] {1} : new int[] {0, 2}) {
                        String dkw = ", axis=" + ax + ", keepdims=" + py(keep) + ", ddof=" + ddof + ")";
                        add(exprs, checks, label + " var ddof " + ddof, "np.var(" + sn + ".astype(" + wide + ")" + dkw
                                + ".astype('" + npName(vt) + "')", sm.x().var(axes, keep, ddof), vt, ulps(vt), 1e-9);
                    }
                    add(exprs, checks, label + " std", "np.std(" + sn + ".astype(" + wide + ")" + kw
                            + ".astype('" + npName(vt) + "')", sm.x().std(axes, keep), vt, ulps(vt), 1e-9);
                    long reduced = reducedCount(cs.x(), axes);
                    if (reduced > 0) {
                        add(exprs, checks, label + " min", "np.min(" + xn + kw, cs.x().min(axes, keep), t, 0, 0);
                        add(exprs, checks, label + " max", "np.max(" + xn + kw, cs.x().max(axes, keep), t, 0, 0);
                    } else {
                        String msg = assertThrows(IllegalArgumentException.class, () -> cs.x().min(axes, keep)).getMessage();
                        assertTrue(msg.contains("zero-size array to reduction operation minimum which has no identity"), msg);
                        assertThrows(IllegalArgumentException.class, () -> cs.x().max(axes, keep));
                    }
                    add(exprs, checks, label + " all", "np.all(" + xn + kw, cs.x().all(axes, keep), DType.BOOL, 0, 0);
                    add(exprs, checks, label + " any", "np.any(" + xn + kw, cs.x().any(axes, keep), DType.BOOL, 0, 0);
                    if (axes == null && !keep && t != DType.BFLOAT16) {
                        // NumPy's own result dtypes (not those of the float64 reference)
                        for (String f : new String[] {"sum", "prod", "mean", "var", "std", "min", "max", "cumsum"}) {
                            if (reduced == 0 && (f.equals("min") || f.equals("max"))) {
                                continue;
                            }
                            NDArray r = switch (f) {
                                case "sum" -> cs.x().sum();
                                case "prod" -> cs.x().prod();
                                case "mean" -> cs.x().mean();
                                case "var" -> cs.x().var();
                                case "std" -> cs.x().std();
                                case "min" -> cs.x().min();
                                case "max" -> cs.x().max();
                                default -> cs.x().cumsum();
                            };
                            addType(exprs, checks, label + " NumPy's dtype of " + f, "np." + f + "(" + xn + ")", r);
                        }
                    }
                }
                if (axes == null || axes.length == 1) {
                    Integer axis = axes == null ? null : axes[0];
                    String ax = axis == null ? "None" : axis.toString();
                    long reduced = reducedCount(cs.x(), axes);
                    for (boolean keep : keeps(cs, ai)) {
                        for (String f : new String[] {"argmin", "argmax"}) {
                            String label = cs.name() + " " + f + " axis " + ax + " keepDims " + keep;
                            boolean max = f.equals("argmax");
                            if (axis == null && keep) {
                                continue; // no flat argmin with keepDims in the API
                            }
                            if (reduced == 0) {
                                String msg = assertThrows(IllegalArgumentException.class,
                                        () -> arg(cs.x(), axis, keep, max)).getMessage();
                                assertTrue(msg.contains("attempt to get " + f + " of an empty sequence"), msg);
                                continue;
                            }
                            add(exprs, checks, label, "np." + f + "(" + xn + ", axis=" + ax + ", keepdims=" + py(keep) + ")",
                                    arg(cs.x(), axis, keep, max), DType.INT64, 0, 0);
                        }
                    }
                    DType st = Reductions.sumType(t);
                    // cumulative results are exact (one rounding of the running double) except that
                    // complex products may associate their terms differently from NumPy's
                    double cumUlps = t == DType.BFLOAT16 ? 1 : t.isComplex() ? ulps(st) : 0;
                    for (String f : axis == null && cs.x().size() > 5000 ? new String[0] : new String[] {"cumsum", "cumprod"}) {
                        boolean p = f.equals("cumprod");
                        NDArray r = axis == null ? (p ? cs.x().cumprod() : cs.x().cumsum())
                                : (p ? cs.x().cumprod(axis) : cs.x().cumsum(axis));
                        String src = exactType ? xn : xn + ".astype(" + wide + ")";
                        String tail = exactType ? ")" : ").astype('" + npName(st) + "')";
                        String expr = "np." + f + "(" + src + ", axis=" + ax + tail;
                        String label = cs.name() + " " + f + " axis " + ax;
                        if (p && t.isComplex()) {
                            // A complex running product's rounding error is relative to its modulus,
                            // not to each part, and grows with the number of factors n: NumPy 1.24's
                            // AVX-512 complex multiply and ndpack's round differently, so one part
                            // may differ by far more ulps of itself. Allow 64 n ulp of the modulus.
                            long[] xs = cs.x().shape();
                            long n = axis == null ? cs.x().size() : xs[axis < 0 ? axis + xs.length : axis];
                            double k = n * 64 * 0x1p-53 / NARROW;
                            addSum(exprs, checks, label, expr, "np.abs(" + expr + ") * " + k, r, st, cumUlps, 0);
                        } else {
                            add(exprs, checks, label, expr, r, st, cumUlps, 0);
                        }
                    }
                }
            }
        }
        List<NumPy.Result> results = NumPy.eval(inputs, "", exprs);
        for (Check c : checks) {
            NumPy.Result res = results.get(c.index());
            NDArray expected = res.get();
            if (c.typeOnly()) {
                assertEquals(expected.dtype(), c.actual().dtype(), c.what());
                assertEquals(Arrays.toString(expected.shape()), Arrays.toString(c.actual().shape()), c.what());
            } else {
                NDArray scale = c.scaleIndex() < 0 ? null : results.get(c.scaleIndex()).get();
                ReduceGolden.assertClose(t + " " + c.what(), expected, c.actual(), c.dtype(), c.ulps(), c.atol(), scale, NARROW);
            }
        }
    }

    private static boolean[] keeps(Case cs, int ai) {
        return cs.x().size() <= 120 ? new boolean[] {false, true} : new boolean[] {ai % 2 == 0};
    }

    private static NDArray arg(NDArray x, Integer axis, boolean keep, boolean max) {
        if (axis == null) {
            return keep ? null : max ? x.argmax() : x.argmin();
        }
        return max ? x.argmax(axis, keep) : x.argmin(axis, keep);
    }

    private static long reducedCount(NDArray x, int[] axes) {
        if (axes == null) {
            return x.size();
        }
        long n = 1;
        for (int a : axes) {
            if (x.ndim() > 0) {
                n *= x.shape(a);
            }
        }
        return n;
    }

    private static void add(List<String> exprs, List<Check> checks, String what, String expr, NDArray actual,
            DType dtype, double ulps, double atol) {
        if (actual == null) {
            return;
        }
        checks.add(new Check(what + "  [" + expr + "]", exprs.size(), actual, dtype, ulps, atol, false, -1));
        exprs.add(expr);
    }

    /** As add, allowing the float32-lane rounding of a sum whose terms' magnitudes NumPy sums in {@code scaleExpr}. */
    private static void addSum(List<String> exprs, List<Check> checks, String what, String expr, String scaleExpr,
            NDArray actual, DType dtype, double ulps, double atol) {
        checks.add(new Check(what + "  [" + expr + "]", exprs.size(), actual, dtype, ulps, atol, false, exprs.size() + 1));
        exprs.add(expr);
        exprs.add(scaleExpr);
    }

    private static void addType(List<String> exprs, List<Check> checks, String what, String expr, NDArray actual) {
        assertNotNull(actual);
        checks.add(new Check(what + "  [" + expr + "]", exprs.size(), actual, actual.dtype(), 0, 0, true, -1));
        exprs.add(expr);
    }
}
