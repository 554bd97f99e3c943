package org.ndpack.internal.ufunc;

import org.ndpack.DType;
import org.ndpack.internal.kernel.BoolOps;
import org.ndpack.internal.kernel.Elem;
import org.ndpack.internal.kernel.ElementCodec;
import org.ndpack.internal.kernel.Fn;
import org.ndpack.internal.kernel.Kernel1;
import org.ndpack.internal.kernel.Kernel2;
import org.ndpack.internal.kernel.Kernels;
import org.ndpack.internal.kernel.VOp;

/**
 * The one-operand element-wise operations: NumPy's name, loop-type rule, result kind and the
 * scalar function of each domain ({@code null} where refused); see {@link BinaryOp}. Functions of
 * the real floating domain compute in double and round once to the loop dtype, so for float32 and
 * the 16-bit floats they are at least as accurate as NumPy's (which computes in the loop dtype)
 * and may differ from NumPy's in the last place.
 */
public enum UnaryOp {
    NEG("negative", Rule.NO_BOOL, VOp.NEG, (Fn.L1) x -> -x, (Fn.D1) x -> -x, c(r -> -r, i -> -i)),
    ABS("absolute", Rule.ANY, VOp.ABS, null, (Fn.D1) Math::abs, null) {
        @Override
        Object intFn(DType t) {
            return t.isUnsigned() || t.isBool() ? (Fn.L1) x -> x : (Fn.L1) Math::abs;
        }
    },
    SIGN("sign", Rule.NO_BOOL, null, null, (Fn.D1) Scalar::sign, null) {
        @Override
        Object intFn(DType t) {
            return t.isUnsigned() ? (Fn.L1) x -> x != 0 ? 1 : 0 : (Fn.L1) Long::signum;
        }

        @Override
        Object complexFn() {
            return new Fn.C1() {
                public double re(double r, double i) {
                    return Scalar.csignRe(r, i);
                }

                public double im(double r, double i) {
                    return Scalar.csignIm(r, i);
                }
            };
        }
    },
    SQUARE("square", Rule.NUMBER, null, (Fn.L1) x -> x * x, (Fn.D1) x -> x * x, null) {
        @Override
        Object complexFn() {
            return new Fn.C1() {
                public double re(double r, double i) {
                    return r * r - i * i;
                }

                public double im(double r, double i) {
                    return r * i + i * r;
                }
            };
        }
    },
    SQRT("sqrt", Rule.FLOAT, VOp.SQRT, null, (Fn.D1) Math::sqrt, null),
    EXP("exp", Rule.FLOAT_OR_COMPLEX, VOp.EXP, null, (Fn.D1) Math::exp, null) {
        @Override
        Object complexFn() {
            return new Fn.C1() {
                public double re(double r, double i) {
                    return Scalar.cexpRe(r, i);
                }

                public double im(double r, double i) {
                    return Scalar.cexpIm(r, i);
                }
            };
        }
    },
    EXPM1("expm1", Rule.FLOAT, null, null, (Fn.D1) Math::expm1, null),
    LOG("log", Rule.FLOAT, VOp.LOG, null, (Fn.D1) Math::log, null),
    LOG1P("log1p", Rule.FLOAT, null, null, (Fn.D1) Math::log1p, null),
    LOG2("log2", Rule.FLOAT, null, null, (Fn.D1) Scalar::log2, null),
    LOG10("log10", Rule.FLOAT, null, null, (Fn.D1) Math::log10, null),
    SIN("sin", Rule.FLOAT, VOp.SIN, null, (Fn.D1) Math::sin, null),
    COS("cos", Rule.FLOAT, null, null, (Fn.D1) Math::cos, null),
    TAN("tan", Rule.FLOAT, null, null, (Fn.D1) Math::tan, null),
    ASIN("arcsin", Rule.FLOAT, null, null, (Fn.D1) Math::asin, null),
    ACOS("arccos", Rule.FLOAT, null, null, (Fn.D1) Math::acos, null),
    ATAN("arctan", Rule.FLOAT, null, null, (Fn.D1) Math::atan, null),
    SINH("sinh", Rule.FLOAT, null, null, (Fn.D1) Math::sinh, null),
    COSH("cosh", Rule.FLOAT, null, null, (Fn.D1) Math::cosh, null),
    TANH("tanh", Rule.FLOAT, VOp.TANH, null, (Fn.D1) Math::tanh, null),
    FLOOR("floor", Rule.REAL, VOp.FLOOR, (Fn.L1) x -> x, (Fn.D1) Math::floor, null),
    CEIL("ceil", Rule.REAL, VOp.CEIL, (Fn.L1) x -> x, (Fn.D1) Math::ceil, null),
    RINT("rint", Rule.FLOAT, VOp.RINT, null, (Fn.D1) Math::rint, null),
    TRUNC("trunc", Rule.REAL, VOp.TRUNC, (Fn.L1) x -> x, (Fn.D1) Scalar::trunc, null),
    IS_NAN("isnan", Rule.ANY, null, (Fn.L1) x -> 0, (Fn.DP1) x -> x != x, (Fn.CP1) Scalar::cnan),
    IS_INF("isinf", Rule.ANY, null, (Fn.L1) x -> 0, (Fn.DP1) Double::isInfinite,
            (Fn.CP1) (r, i) -> Double.isInfinite(r) || Double.isInfinite(i)),
    IS_FINITE("isfinite", Rule.ANY, null, (Fn.L1) x -> 1, (Fn.DP1) Double::isFinite,
            (Fn.CP1) (r, i) -> Double.isFinite(r) && Double.isFinite(i)),
    LOGICAL_NOT("logical_not", Rule.ANY, null, (Fn.L1) x -> x == 0 ? 1 : 0, (Fn.DP1) x -> x == 0,
            (Fn.CP1) (r, i) -> r == 0 && i == 0),
    CONJ("conjugate", Rule.NUMBER, null, (Fn.L1) x -> x, (Fn.D1) x -> x, c(r -> r, i -> -i));

    private static final Fn.D2 HYPOT = Math::hypot;

    /** NumPy's name of the ufunc, used in messages. */
    public final String numpyName;
    private final Rule rule;
    private final VOp vop;
    private final Object longFn;
    private final Object doubleFn;
    private final Object cplxFn;
    private final Resolved[] cache = new Resolved[DType.values().length];

    UnaryOp(String numpyName, Rule rule, VOp vop, Object longFn, Object doubleFn, Object complexFn) {
        this.numpyName = numpyName;
        this.rule = rule;
        this.vop = vop;
        this.longFn = longFn;
        this.doubleFn = doubleFn;
        this.cplxFn = complexFn;
    }

    private static Fn.C1 c(Fn.D1 re, Fn.D1 im) {
        return new Parts(re, im);
    }

    /** A complex function acting on each part separately (a record: its fields are constants). */
    private record Parts(Fn.D1 onRe, Fn.D1 onIm) implements Fn.C1 {
        @Override
        public double re(double r, double i) {
            return onRe.apply(r);
        }

        @Override
        public double im(double r, double i) {
            return onIm.apply(i);
        }
    }

    /**
     * {@return whether this operation costs far more per element than a negation} (the
     * exponential, logarithmic, trigonometric and hyperbolic functions): its work is split into
     * smaller parallel chunks ({@code Strided.HEAVY_CHUNK})
     */
    public boolean costly() {
        return ordinal() >= EXP.ordinal() && ordinal() <= TANH.ordinal();
    }

    /** A resolved loop: the kernel for one input dtype, and the result dtype. */
    public record Resolved(Kernel1 kernel, DType loop, DType out) {
    }

    Object intFn(DType t) {
        return longFn;
    }

    Object complexFn() {
        return cplxFn;
    }

    /**
     * {@return the loop for an operand of dtype {@code a}}
     *
     * @throws IllegalArgumentException if the operation does not support {@code a}
     */
    public Resolved resolve(DType a) {
        Resolved r = cache[a.ordinal()];
        if (r == null) {
            r = make(a);
            cache[a.ordinal()] = r; // racy publication of an immutable record
        }
        return r;
    }

    private Resolved make(DType a) {
        DType loop = rule.loop(numpyName, a, a, null);
        Object f = loop.isComplex() ? complexFn() : loop.isFloating() ? doubleFn : intFn(loop);
        if (this == ABS && loop.isComplex()) {
            f = HYPOT;
        }
        if (f == null) {
            throw new IllegalArgumentException("ufunc '" + numpyName + "' is not supported for dtype " + a
                    + " (no " + (loop.isComplex() ? "complex" : "integer") + " form)");
        }
        // instanceof tests, not pattern switches: a pattern switch's first run spins a class
        // (SwitchBootstraps), milliseconds in a fresh JVM
        DType out = f instanceof Fn.DP1 || f instanceof Fn.CP1 ? DType.BOOL
                : f instanceof Fn.D2 ? (loop == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64) // complex modulus
                : loop;
        if (this == IS_NAN || this == IS_INF || this == IS_FINITE || this == LOGICAL_NOT) {
            out = DType.BOOL;
        }
        ElementCodec ia = ElementCodec.of(a);
        ElementCodec io = ElementCodec.of(out);
        Elem.E1 e;
        if (this == ABS && loop.isComplex()) {
            e = new Elem.ComplexReal1(ia, io, HYPOT);
        } else {
            if (f instanceof Fn.L1 g) {
                e = new Elem.Long1(ia, io, g);
            } else if (f instanceof Fn.D1 g) {
                e = new Elem.Double1(ia, io, g);
            } else if (f instanceof Fn.DP1 g) {
                e = new Elem.DoubleTest1(ia, io, g);
            } else if (f instanceof Fn.C1 g) {
                e = new Elem.Complex1(ia, io, g);
            } else if (f instanceof Fn.CP1 g) {
                e = new Elem.ComplexTest1(ia, io, g);
            } else {
                throw new AssertionError(f);
            }
        }
        Kernel1 k = Kernels.unary(e, vop, loop, a);
        if (this == LOGICAL_NOT && a == DType.BOOL) {
            k = BoolOps.not(k);
        }
        if (this == IS_NAN && a == loop && (loop == DType.FLOAT32 || loop == DType.FLOAT64)) {
            // x != x is true exactly for NaN: not_equal's kernel (a vector comparison) with the
            // element twice
            Kernel2 ne = BinaryOp.NE.resolve(loop, loop).kernel();
            k = (n, x, xo, xs, o, oo, os) -> ne.run(n, x, xo, xs, x, xo, xs, o, oo, os);
        }
        if (this == SQUARE && a == loop && !loop.isComplex() && !loop.isBool()) {
            // x * x is multiply's own product of an element with itself: its kernel, vector form
            // included, with the same operand twice (the same bits as the element function)
            Kernel2 mul = BinaryOp.MUL.resolve(loop, loop).kernel();
            k = (n, x, xo, xs, o, oo, os) -> mul.run(n, x, xo, xs, x, xo, xs, o, oo, os);
        }
        return new Resolved(k, loop, out);
    }
}
