package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.ndpack.testing.NumPy;

/**
 * Every element-wise operation on random inputs of every dtype NumPy has, compared with NumPy's
 * result (dtype, shape, values) or NumPy's refusal. Runs on both kernel paths (tag "kernels").
 */
@Tag("kernels")
class ElementwiseGoldenTest {

    record Bin(String numpy, BinaryOperator<NDArray> f, boolean exact) {
    }

    record Un(String numpy, UnaryOperator<NDArray> f, boolean exact) {
    }

    static final List<Bin> BINARY = List.of(
            new Bin("add", NDArray::add, true),
            new Bin("subtract", NDArray::sub, true),
            new Bin("multiply", NDArray::mul, true),
            new Bin("true_divide", NDArray::div, true),
            new Bin("floor_divide", NDArray::floorDiv, true),
            new Bin("remainder", NDArray::mod, true),
            new Bin("power", NDArray::pow, false),
            new Bin("maximum", NDArray::maximum, true),
            new Bin("minimum", NDArray::minimum, true),
            new Bin("arctan2", Ufunc.ARCTAN2::apply, false),
            new Bin("hypot", Ufunc.HYPOT::apply, false),
            new Bin("bitwise_and", NDArray::and, true),
            new Bin("bitwise_or", NDArray::or, true),
            new Bin("bitwise_xor", NDArray::xor, true),
            new Bin("left_shift", Ufunc.LEFT_SHIFT::apply, true),
            new Bin("right_shift", Ufunc.RIGHT_SHIFT::apply, true),
            new Bin("equal", NDArray::eq, true),
            new Bin("not_equal", NDArray::ne, true),
            new Bin("less", NDArray::lt, true),
            new Bin("less_equal", NDArray::le, true),
            new Bin("greater", NDArray::gt, true),
            new Bin("greater_equal", NDArray::ge, true),
            new Bin("logical_and", Ufunc.LOGICAL_AND::apply, true),
            new Bin("logical_or", Ufunc.LOGICAL_OR::apply, true),
            new Bin("logical_xor", Ufunc.LOGICAL_XOR::apply, true));

    static final List<Un> UNARY = List.of(
            new Un("negative", NDArray::neg, true),
            new Un("absolute", NDArray::abs, false),
            new Un("sign", Ufunc.SIGN::apply, false),
            new Un("sqrt", NDArray::sqrt, true),
            new Un("square", NDArray::square, false),
            new Un("exp", NDArray::exp, false),
            new Un("expm1", Ufunc.EXPM1::apply, false),
            new Un("log", NDArray::log, false),
            new Un("log1p", Ufunc.LOG1P::apply, false),
            new Un("log2", Ufunc.LOG2::apply, false),
            new Un("log10", Ufunc.LOG10::apply, false),
            new Un("sin", NDArray::sin, false),
            new Un("cos", NDArray::cos, false),
            new Un("tan", Ufunc.TAN::apply, false),
            new Un("arcsin", Ufunc.ARCSIN::apply, false),
            new Un("arccos", Ufunc.ARCCOS::apply, false),
            new Un("arctan", Ufunc.ARCTAN::apply, false),
            new Un("sinh", Ufunc.SINH::apply, false),
            new Un("cosh", Ufunc.COSH::apply, false),
            new Un("tanh", NDArray::tanh, false),
            new Un("floor", Ufunc.FLOOR::apply, true),
            new Un("ceil", Ufunc.CEIL::apply, true),
            new Un("rint", Ufunc.RINT::apply, true),
            new Un("trunc", Ufunc.TRUNC::apply, true),
            new Un("isnan", Ufunc.ISNAN::apply, true),
            new Un("isinf", Ufunc.ISINF::apply, true),
            new Un("isfinite", Ufunc.ISFINITE::apply, true),
            new Un("logical_not", Ufunc.LOGICAL_NOT::apply, true),
            new Un("conjugate", NDArray::conj, true));

    /** ndpack computes these functions in double where NumPy 1.24 has other complex forms. */
    static final Set<String> COMPLEX_NOT_IMPLEMENTED = Set.of("sqrt", "expm1", "log", "log1p", "log2", "log10",
            "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "rint", "power");

    /** NumPy 1.24's complex sign is the sign of the real part; ndpack follows NumPy 2 (z/|z|). */
    static final String NUMPY2_SIGN = "sign";

    /** NumPy 2.3+ keeps bool and integer dtypes in floor, ceil and trunc; 1.x gave floats. */
    static final Set<String> NUMPY2_ROUNDING = Set.of("floor", "ceil", "trunc");

    /** {@return true if the oracle is NumPy 1.x (the Debian 1.24 of CI), whose results differ from NumPy 2's in places} */
    static boolean oracleIsNumPy1() {
        return Golden.numpyMajor() < 2;
    }

    private static String var(String p, DType t) {
        return p + "_" + t.numpyName();
    }

    private static void check(String what, NumPy.Result expected, java.util.function.Supplier<NDArray> actual,
            boolean exact, DType t) {
        if (expected.error() != null) {
            try {
                NDArray r = actual.get();
                fail(what + ": NumPy raised " + expected.error() + " but ndpack returned " + r);
            } catch (IllegalArgumentException e) {
                return; // both refuse
            }
        }
        NDArray r;
        try {
            r = actual.get();
        } catch (IllegalArgumentException e) {
            throw new AssertionError(what + ": ndpack refused but NumPy gave " + expected.value(), e);
        }
        DType rt = expected.value().dtype();
        double rtol = exact ? 0 : rt == DType.FLOAT16 ? 2e-3 : Golden.ulps(rt, 4);
        // complex64 products and quotients: NumPy rounds partial results to float32, ndpack keeps
        // them in double, so cancellation can differ by float32 rounding of the inputs' magnitude
        double atol = !exact && t != null && t == DType.COMPLEX64 ? 1e-4 : 0;
        Golden.assertMatches(what, expected.value(), r, rtol, atol);
    }

    @Test
    void everyBinaryOpMatchesNumPyOnEveryDtype() {
        NumPy.require();
        Random rnd = new Random(1);
        Map<String, NDArray> in = new LinkedHashMap<>();
        for (DType t : Golden.NUMPY_DTYPES) {
            // 37 elements: whole vectors and a tail on every species
            in.put(var("a", t), Golden.random(t, rnd, true, 37));
            in.put(var("b", t), Golden.random(t, rnd, true, 37));
            in.put(var("e", t), t.isInteger() ? Golden.random(t, rnd, false, 37).abs().mod(8L) : Golden.random(t, rnd, true, 37));
        }
        List<String> exprs = new ArrayList<>();
        for (Bin op : BINARY) {
            for (DType t : Golden.NUMPY_DTYPES) {
                String b = op.numpy().equals("power") ? var("e", t) : var("b", t);
                exprs.add("np." + op.numpy() + "(" + var("a", t) + ", " + b + ")");
            }
        }
        List<NumPy.Result> res = NumPy.eval(in, "", exprs);
        int k = 0;
        for (Bin op : BINARY) {
            for (DType t : Golden.NUMPY_DTYPES) {
                NDArray a = in.get(var("a", t));
                NDArray b = in.get(op.numpy().equals("power") ? var("e", t) : var("b", t));
                if (t.isComplex() && COMPLEX_NOT_IMPLEMENTED.contains(op.numpy())) {
                    assertThrows(IllegalArgumentException.class, () -> op.f().apply(a, b), op.numpy() + " " + t);
                    k++;
                    continue;
                }
                boolean exact = op.exact() && !(t.isComplex() && op.numpy().equals("true_divide"));
                if (t.isComplex() && op.numpy().equals("multiply")) {
                    exact = false; // NumPy's complex64 product rounds each partial product to float32
                }
                check(op.numpy() + "(" + t + ", " + t + ")", res.get(k++), () -> op.f().apply(a, b), exact, t);
            }
        }
    }

    @Test
    void everyUnaryOpMatchesNumPyOnEveryDtype() {
        NumPy.require();
        Random rnd = new Random(2);
        Map<String, NDArray> in = new LinkedHashMap<>();
        for (DType t : Golden.NUMPY_DTYPES) {
            in.put(var("a", t), Golden.random(t, rnd, true, 37));
        }
        List<String> exprs = new ArrayList<>();
        for (Un op : UNARY) {
            for (DType t : Golden.NUMPY_DTYPES) {
                exprs.add("np." + op.numpy() + "(" + var("a", t) + ")");
            }
        }
        List<NumPy.Result> res = NumPy.eval(in, "", exprs);
        int k = 0;
        for (Un op : UNARY) {
            for (DType t : Golden.NUMPY_DTYPES) {
                NDArray a = in.get(var("a", t));
                NumPy.Result e = res.get(k++);
                if (oracleIsNumPy1() && (t.isComplex() && op.numpy().equals(NUMPY2_SIGN)
                        || (t.isInteger() || t.isBool()) && NUMPY2_ROUNDING.contains(op.numpy()))) {
                    continue; // NumPy 1.x differs from NumPy 2 here: pinned in NumPy2SemanticsTest
                }
                if (t.isComplex() && COMPLEX_NOT_IMPLEMENTED.contains(op.numpy())) {
                    assertThrows(IllegalArgumentException.class, () -> op.f().apply(a), op.numpy() + " " + t);
                    continue;
                }
                check(op.numpy() + "(" + t + ")", e, () -> op.f().apply(a), op.exact(), t);
            }
        }
    }

    @Test
    void largeArraysTakeTheParallelAndVectorPathsWithTheSameResults() {
        NumPy.require();
        Random rnd = new Random(3);
        Map<String, NDArray> in = new LinkedHashMap<>();
        DType[] types = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.FLOAT16, DType.INT8};
        for (DType t : types) {
            in.put(var("a", t), Golden.random(t, rnd, false, 200_003));
            in.put(var("b", t), Golden.random(t, rnd, false, 200_003));
        }
        List<String> exprs = new ArrayList<>();
        for (DType t : types) {
            exprs.add("np.add(" + var("a", t) + ", " + var("b", t) + ")");
            exprs.add("np.multiply(" + var("a", t) + ", " + var("b", t) + ")");
            exprs.add("np.less(" + var("a", t) + ", " + var("b", t) + ")");
            exprs.add("np.add(" + var("a", t) + ".reshape(401, 499).T, " + var("b", t) + ".reshape(401, 499).T.copy())");
        }
        List<NumPy.Result> res = NumPy.eval(in, "", exprs);
        int k = 0;
        for (DType t : types) {
            NDArray a = in.get(var("a", t));
            NDArray b = in.get(var("b", t));
            check("add " + t, res.get(k++), () -> a.add(b), true, t);
            check("mul " + t, res.get(k++), () -> a.mul(b), true, t);
            check("lt " + t, res.get(k++), () -> a.lt(b), true, t);
            check("transposed add " + t, res.get(k++),
                    () -> a.reshape(401, 499).transpose().add(b.reshape(401, 499).transpose().copy()), true, t);
        }
    }

    @Test
    void broadcastingStridesAndEmptyShapesMatchNumPy() {
        NumPy.require();
        Random rnd = new Random(4);
        NDArray x = Golden.random(DType.FLOAT64, rnd, true, 3, 1, 4);
        NDArray y = Golden.random(DType.FLOAT64, rnd, true, 5, 4);
        NDArray s = NDArray.scalar(DType.FLOAT64, 2.5);
        NDArray m = Golden.random(DType.INT32, rnd, false, 6, 7);
        NDArray z = NDArray.zeros(DType.FLOAT32, 0, 3);
        NDArray r = Golden.random(DType.FLOAT32, rnd, false, 1, 3);
        Map<String, NDArray> in = NumPy.inputs("x", x, "y", y, "s", s, "m", m, "z", z, "r", r);
        List<String> exprs = List.of(
                "x + y", "y + x", "x * s", "s - s", "m[::-1, ::2] * m[1::1, ::2][::-1][:6]",
                "m.T - m.T[::-1]", "m[:, 3:4] // (m[2] + 100)", "z + r", "z < r", "np.maximum(x[:, :, ::-1], y[::-2])",
                "m[::2, ::-3] ^ 5");
        List<NumPy.Result> res = NumPy.eval(in, "", exprs);
        List<java.util.function.Supplier<NDArray>> ours = List.of(
                () -> x.add(y), () -> y.add(x), () -> x.mul(s), () -> s.sub(s),
                () -> m.slice("::-1, ::2").mul(m.slice("1::1, ::2").slice("::-1").slice(":6")),
                () -> m.transpose().sub(m.transpose().slice("::-1")),
                () -> m.slice(":, 3:4").floorDiv(m.slice("2").add(100)),
                () -> z.add(r), () -> z.lt(r),
                () -> x.slice(":, :, ::-1").maximum(y.slice("::-2")),
                () -> m.slice("::2, ::-3").xor(5));
        for (int i = 0; i < exprs.size(); i++) {
            check(exprs.get(i), res.get(i), ours.get(i), true, null);
        }
        // 0-d with 0-d gives 0-d
        assertTrue(s.add(s).ndim() == 0);
    }

    @Test
    void nonBroadcastingShapesAreRefusedNamingBothShapes() {
        NDArray a = NDArray.zeros(DType.FLOAT32, 2, 3);
        NDArray b = NDArray.zeros(DType.FLOAT32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        NDArray out = NDArray.zeros(DType.FLOAT32, 3);
        e = assertThrows(IllegalArgumentException.class, () -> Ufunc.ADD.apply(a, a, out));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void unsupportedDtypesAreRefusedNamingOpAndDtypes() {
        NDArray f = NDArray.zeros(DType.FLOAT32, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.and(f));
        assertTrue(e.getMessage().contains("bitwise_and") && e.getMessage().contains("float32"), e.getMessage());
        NDArray b = NDArray.zeros(DType.BOOL, 3);
        e = assertThrows(IllegalArgumentException.class, () -> b.sub(b));
        assertTrue(e.getMessage().contains("subtract") && e.getMessage().contains("bool"), e.getMessage());
        NDArray c = NDArray.zeros(DType.COMPLEX64, 3);
        e = assertThrows(IllegalArgumentException.class, () -> c.floorDiv(c));
        assertTrue(e.getMessage().contains("floor_divide") && e.getMessage().contains("complex64"), e.getMessage());
    }
}
