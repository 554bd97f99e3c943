package org.ndpack.internal.ufunc;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Promotion;
import org.ndpack.internal.kernel.BoolOps;
import org.ndpack.internal.kernel.Elem;
import org.ndpack.internal.kernel.ElementCodec;
import org.ndpack.internal.kernel.Fn;
import org.ndpack.internal.kernel.Kernel1;
import org.ndpack.internal.kernel.Kernel2;
import org.ndpack.internal.kernel.Kernels;
import org.ndpack.internal.kernel.Specializer;
import org.ndpack.internal.kernel.VOp;

/**
 * The two-operand element-wise operations: NumPy's name, loop-type rule, and the scalar function of
 * each domain (integer, real floating, complex; {@code null} where the domain is refused). Integer
 * functions receive values sign- or zero-extended to {@code long} and may depend on the loop dtype
 * (width, unsigned 64-bit); stores narrow them, so results wrap like NumPy's.
 *
 * <p>Resolved kernels are cached per pair of operand dtypes. Thread-safe.
 */
public enum BinaryOp {
    ADD("add", Rule.ANY, VOp.ADD) {
        @Override
        Object intFn(DType t) {
            return t.isBool() ? (Fn.L2) (x, y) -> x | y : (Fn.L2) (x, y) -> x + y;
        }

        @Override
        Object realFn() {
            return (Fn.D2) (x, y) -> x + y;
        }

        @Override
        Object complexFn() {
            return new PartWise((x, y) -> x + y);
        }
    },
    SUB("subtract", Rule.NO_BOOL, VOp.SUB) {
        @Override
        Object intFn(DType t) {
            return (Fn.L2) (x, y) -> x - y;
        }

        @Override
        Object realFn() {
            return (Fn.D2) (x, y) -> x - y;
        }

        @Override
        Object complexFn() {
            return new PartWise((x, y) -> x - y);
        }
    },
    MUL("multiply", Rule.ANY, VOp.MUL) {
        @Override
        Object intFn(DType t) {
            return t.isBool() ? (Fn.L2) (x, y) -> x & y : (Fn.L2) (x, y) -> x * y;
        }

        @Override
        Object realFn() {
            return (Fn.D2) (x, y) -> x * y;
        }

        @Override
        Object complexFn() {
            return new Fn.C2() {
                public double re(double ar, double ai, double br, double bi) {
                    return ar * br - ai * bi;
                }

                public double im(double ar, double ai, double br, double bi) {
                    return ar * bi + ai * br;
                }
            };
        }
    },
    DIV("true_divide", Rule.TRUE_DIV, VOp.DIV) {
        @Override
        Object realFn() {
            return (Fn.D2) (x, y) -> x / y;
        }

        @Override
        Object complexFn() {
            return new Fn.C2() {
                public double re(double ar, double ai, double br, double bi) {
                    return Scalar.cdivRe(ar, ai, br, bi);
                }

                public double im(double ar, double ai, double br, double bi) {
                    return Scalar.cdivIm(ar, ai, br, bi);
                }
            };
        }
    },
    FLOOR_DIV("floor_divide", Rule.REAL_NUMBER, null) {
        @Override
        Object intFn(DType t) {
            if (t == DType.UINT64) {
                return (Fn.L2) (x, y) -> y == 0 ? 0 : Long.divideUnsigned(x, y);
            }
            return (Fn.L2) (x, y) -> y == 0 ? 0 : Math.floorDiv(x, y);
        }

        @Override
        Object realFn() {
            return (Fn.D2) Scalar::floorDiv;
        }
    },
    MOD("remainder", Rule.REAL_NUMBER, null) {
        @Override
        Object intFn(DType t) {
            if (t == DType.UINT64) {
                return (Fn.L2) (x, y) -> y == 0 ? 0 : Long.remainderUnsigned(x, y);
            }
            return (Fn.L2) (x, y) -> y == 0 ? 0 : Math.floorMod(x, y);
        }

        @Override
        Object realFn() {
            return (Fn.D2) Scalar::mod;
        }
    },
    POW("power", Rule.REAL_NUMBER, VOp.POW) {
        @Override
        Object intFn(DType t) {
            return (Fn.L2) Scalar::ipow;
        }

        @Override
        Object realFn() {
            return (Fn.D2) Scalar::pow;
        }
    },
    MAXIMUM("maximum", Rule.ANY, VOp.MAX) {
        @Override
        Object intFn(DType t) {
            if (t == DType.UINT64) {
                return (Fn.L2) (x, y) -> Long.compareUnsigned(x, y) >= 0 ? x : y;
            }
            return (Fn.L2) Math::max;
        }

        @Override
        Object realFn() {
            return (Fn.D2) Math::max;
        }

        @Override
        Object complexFn() {
            return new Fn.C2() {
                public double re(double ar, double ai, double br, double bi) {
                    return Scalar.cmaxPicksA(ar, ai, br, bi) ? ar : br;
                }

                public double im(double ar, double ai, double br, double bi) {
                    return Scalar.cmaxPicksA(ar, ai, br, bi) ? ai : bi;
                }
            };
        }
    },
    MINIMUM("minimum", Rule.ANY, VOp.MIN) {
        @Override
        Object intFn(DType t) {
            if (t == DType.UINT64) {
                return (Fn.L2) (x, y) -> Long.compareUnsigned(x, y) <= 0 ? x : y;
            }
            return (Fn.L2) Math::min;
        }

        @Override
        Object realFn() {
            return (Fn.D2) Math::min;
        }

        @Override
        Object complexFn() {
            return new Fn.C2() {
                public double re(double ar, double ai, double br, double bi) {
                    return Scalar.cminPicksA(ar, ai, br, bi) ? ar : br;
                }

                public double im(double ar, double ai, double br, double bi) {
                    return Scalar.cminPicksA(ar, ai, br, bi) ? ai : bi;
                }
            };
        }
    },
    ATAN2("arctan2", Rule.FLOAT, null) {
        @Override
        Object realFn() {
            return (Fn.D2) Math::atan2;
        }
    },
    HYPOT("hypot", Rule.FLOAT, null) {
        @Override
        Object realFn() {
            return (Fn.D2) Math::hypot;
        }
    },
    AND("bitwise_and", Rule.BITWISE, VOp.AND) {
        @Override
        Object intFn(DType t) {
            return (Fn.L2) (x, y) -> x & y;
        }
    },
    OR("bitwise_or", Rule.BITWISE, VOp.OR) {
        @Override
        Object intFn(DType t) {
            return (Fn.L2) (x, y) -> x | y;
        }
    },
    XOR("bitwise_xor", Rule.BITWISE, VOp.XOR) {
        @Override
        Object intFn(DType t) {
            return (Fn.L2) (x, y) -> x ^ y;
        }
    },
    SHL("left_shift", Rule.SHIFT, null) {
        @Override
        Object intFn(DType t) {
            int bits = t.byteSize() * 8;
            return (Fn.L2) (x, y) -> Scalar.shl(x, y, bits);
        }
    },
    SHR("right_shift", Rule.SHIFT, null) {
        @Override
        Object intFn(DType t) {
            if (t == DType.UINT64) {
                return (Fn.L2) (x, y) -> Long.compareUnsigned(y, 64) < 0 ? x >>> y : 0;
            }
            int bits = t.byteSize() * 8;
            return (Fn.L2) (x, y) -> Scalar.shr(x, y, bits);
        }
    },
    EQ("equal", Rule.ANY, VOp.EQ) {
        @Override
        Object intFn(DType t) {
            return (Fn.LP2) (x, y) -> x == y;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x == y;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> ar == br && ai == bi;
        }
    },
    NE("not_equal", Rule.ANY, VOp.NE) {
        @Override
        Object intFn(DType t) {
            return (Fn.LP2) (x, y) -> x != y;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x != y;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> ar != br || ai != bi;
        }
    },
    LT("less", Rule.ANY, VOp.LT) {
        @Override
        Object intFn(DType t) {
            return t == DType.UINT64 ? (Fn.LP2) (x, y) -> Long.compareUnsigned(x, y) < 0 : (Fn.LP2) (x, y) -> x < y;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x < y;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) Scalar::clt;
        }
    },
    LE("less_equal", Rule.ANY, VOp.LE) {
        @Override
        Object intFn(DType t) {
            return t == DType.UINT64 ? (Fn.LP2) (x, y) -> Long.compareUnsigned(x, y) <= 0 : (Fn.LP2) (x, y) -> x <= y;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x <= y;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) Scalar::cle;
        }
    },
    GT("greater", Rule.ANY, VOp.GT) {
        @Override
        Object intFn(DType t) {
            return t == DType.UINT64 ? (Fn.LP2) (x, y) -> Long.compareUnsigned(x, y) > 0 : (Fn.LP2) (x, y) -> x > y;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x > y;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> Scalar.clt(br, bi, ar, ai);
        }
    },
    GE("greater_equal", Rule.ANY, VOp.GE) {
        @Override
        Object intFn(DType t) {
            return t == DType.UINT64 ? (Fn.LP2) (x, y) -> Long.compareUnsigned(x, y) >= 0 : (Fn.LP2) (x, y) -> x >= y;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x >= y;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> Scalar.cle(br, bi, ar, ai);
        }
    },
    LOGICAL_AND("logical_and", Rule.ANY, null) {
        @Override
        Object intFn(DType t) {
            return (Fn.LP2) (x, y) -> x != 0 && y != 0;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x != 0 && y != 0;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> (ar != 0 || ai != 0) && (br != 0 || bi != 0);
        }
    },
    LOGICAL_OR("logical_or", Rule.ANY, null) {
        @Override
        Object intFn(DType t) {
            return (Fn.LP2) (x, y) -> x != 0 || y != 0;
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> x != 0 || y != 0;
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> ar != 0 || ai != 0 || br != 0 || bi != 0;
        }
    },
    LOGICAL_XOR("logical_xor", Rule.ANY, null) {
        @Override
        Object intFn(DType t) {
            return (Fn.LP2) (x, y) -> (x != 0) != (y != 0);
        }

        @Override
        Object realFn() {
            return (Fn.DP2) (x, y) -> (x != 0) != (y != 0);
        }

        @Override
        Object complexFn() {
            return (Fn.CP2) (ar, ai, br, bi) -> (ar != 0 || ai != 0) != (br != 0 || bi != 0);
        }
    };

    private static final int N = DType.values().length;
    /** {@code 1 / x}, the reciprocal route of {@link #scalarExponent} (for float32 too: see there). */
    private static final Fn.D2 RECIPROCAL = (x, y) -> 1.0 / x;
    /** {@code 1}, the route of {@link #scalarExponent} for a zero exponent. */
    private static final Fn.D2 ONE = (x, y) -> 1.0;
    /** NumPy's name of the ufunc, used in messages. */
    public final String numpyName;
    private final Rule rule;
    private final VOp vop;
    private final Resolved[] cache = new Resolved[DType.values().length * DType.values().length];

    BinaryOp(String numpyName, Rule rule, VOp vop) {
        this.numpyName = numpyName;
        this.rule = rule;
        this.vop = vop;
    }

    /** A complex function applying one real function to the real parts and to the imaginary parts. */
    private record PartWise(Fn.D2 f) implements Fn.C2 {
        @Override
        public double re(double ar, double ai, double br, double bi) {
            return f.apply(ar, br);
        }

        @Override
        public double im(double ar, double ai, double br, double bi) {
            return f.apply(ai, bi);
        }
    }

    /**
     * {@return whether this operation costs far more per element than an addition} (a power, a
     * division or remainder of integers or floats, arctan2, hypot): its work is split into
     * smaller parallel chunks ({@code Strided.HEAVY_CHUNK})
     */
    public boolean costly() {
        return this == POW || this == FLOOR_DIV || this == MOD || this == ATAN2 || this == HYPOT;
    }

    /**
     * A resolved loop: the kernel for one pair of input dtypes, and the result dtype.
     *
     * @param kernel the kernel
     * @param loop the loop dtype
     * @param out the result dtype
     * @param scalarKernel the kernel for a second operand that is one element everywhere (see
     *     {@code Elementwise}): float32 and float64 {@code power}'s NumPy routes
     *     ({@link #scalarExponent}); {@code kernel} itself for every other loop
     */
    public record Resolved(Kernel2 kernel, DType loop, DType out, Kernel2 scalarKernel) {
        /** A loop whose kernel serves every layout. */
        public Resolved(Kernel2 kernel, DType loop, DType out) {
            this(kernel, loop, out, kernel);
        }
    }

    /** Integer-domain function ({@link Fn.L2} or {@link Fn.LP2}) for loop dtype {@code t}, or null. */
    Object intFn(DType t) {
        return null;
    }

    /** Real floating-domain function ({@link Fn.D2} or {@link Fn.DP2}), or null. */
    Object realFn() {
        return null;
    }

    /** Complex-domain function ({@link Fn.C2} or {@link Fn.CP2}), or null. */
    Object complexFn() {
        return null;
    }

    /** {@return true if the result is bool whatever the operands (comparisons, logical ops)} */
    public boolean isPredicate() {
        return vop != null && vop.isComparison() || this == LOGICAL_AND || this == LOGICAL_OR || this == LOGICAL_XOR;
    }

    /**
     * {@return the loop for operands of dtypes {@code a} and {@code b}}
     *
     * @throws IllegalArgumentException if the operation does not support these dtypes
     */
    public Resolved resolve(DType a, DType b) {
        int i = a.ordinal() * N + b.ordinal();
        Resolved r = cache[i];
        if (r == null) {
            r = make(a, b);
            cache[i] = r; // racy publication is fine: Resolved is immutable (final fields)
        }
        return r;
    }

    /** {@return the loop dtype for operands promoting to {@code t}} (for checks before running) */
    public DType loopType(DType a, DType b) {
        return rule.loop(numpyName, Promotion.result(a, b), a, b);
    }

    private Resolved make(DType a, DType b) {
        DType loop = loopType(a, b);
        DType out = isPredicate() ? DType.BOOL : loop;
        Object f = loop.isComplex() ? complexFn() : loop.isFloating() ? realFn() : intFn(loop);
        if (f == null) {
            throw new IllegalArgumentException("ufunc '" + numpyName + "' is not supported for dtype " + a
                    + " and " + b + " (no " + (loop.isComplex() ? "complex" : "integer") + " form)");
        }
        ElementCodec ia = ElementCodec.of(a);
        ElementCodec ib = ElementCodec.of(b);
        ElementCodec io = ElementCodec.of(out);
        // instanceof tests, not a pattern switch: its first run spins a class (SwitchBootstraps),
        // milliseconds in a fresh JVM
        Elem.E2 e;
        if (f instanceof Fn.L2 g) {
            e = new Elem.Long2(ia, ib, io, g);
        } else if (f instanceof Fn.LP2 g) {
            e = new Elem.LongTest2(ia, ib, io, g);
        } else if (f instanceof Fn.D2 g) {
            e = new Elem.Double2(ia, ib, io, g);
        } else if (f instanceof Fn.DP2 g) {
            e = new Elem.DoubleTest2(ia, ib, io, g);
        } else if (f instanceof Fn.C2 g) {
            e = new Elem.Complex2(ia, ib, io, g);
        } else if (f instanceof Fn.CP2 g) {
            e = new Elem.ComplexTest2(ia, ib, io, g);
        } else {
            throw new AssertionError(f);
        }
        Kernel2 k = Kernels.binary(e, vop, loop, a, b);
        if ((this == FLOOR_DIV || this == MOD) && a == loop && b == loop) {
            k = Kernels.intDivide(k, this == MOD, loop);
        }
        if ((this == SHL || this == SHR) && a == loop && b == loop) {
            k = Kernels.shift(k, this == SHL, loop);
        }
        Kernel2 scalar = k;
        if (this == POW && (loop == DType.FLOAT32 || loop == DType.FLOAT64)) {
            scalar = scalarExponent(k, loop, ia, ib, io);
        }
        if (a == DType.BOOL && b == DType.BOOL) {
            int table = switch (this) {
                case AND, MUL, MINIMUM, LOGICAL_AND -> BoolOps.AND;
                case OR, ADD, MAXIMUM, LOGICAL_OR -> BoolOps.OR;
                case XOR, NE, LOGICAL_XOR -> BoolOps.XOR;
                case EQ -> BoolOps.XNOR;
                default -> 0;
            };
            if (table != 0) {
                k = BoolOps.binary(k, table);
            }
        }
        return new Resolved(k, loop, out, scalar);
    }

    /**
     * {@return NumPy's float32 and float64 {@code power} kernel for an exponent that is one
     * element everywhere} (a scalar; the caller checks the layout and passes that element at
     * {@code bo}): where it is 2, 0.5, -1, 1 or 0, NumPy's loop computes {@code x * x},
     * {@code sqrt(x)}, {@code 1.0 / x}, {@code x} or {@code 1} instead of {@code pow}
     * (numpy/_core/src/umath, the power loops' fast path for an exponent of stride 0; NumPy's
     * iterator hands a loop that stride only for such an exponent: one that varies along an
     * axis, {@code (2, 3) ** (2, 1)}, arrives buffered or strided and computes {@code pow}),
     * and so does this kernel. NumPy casts base and exponent to the loop's dtype first, so the
     * routes hold for operands of other dtypes too. These are the bits of {@code pow} except where
     * the value differs: {@code 0.5} gives {@code sqrt}'s -0.0 for -0.0 and NaN for -inf (pow:
     * +0.0 and +inf); {@code 0} gives 1 for NaN as pow does; {@code 2} and {@code -1} round once,
     * where pow may differ in the last place. Other values take {@code general}.
     * For float32 {@code 1.0 / x} is computed in float64 and rounded to float32, as NumPy's C
     * does; that is float32's correctly rounded quotient (double rounding is harmless for a
     * quotient when the wider format has more than twice the precision plus two bits).
     * Each route's kernel is made the first time it runs ({@link ScalarRoutes}).
     */
    private static Kernel2 scalarExponent(Kernel2 general, DType loop, ElementCodec ca, ElementCodec cb,
            ElementCodec co) {
        ScalarRoutes routes = new ScalarRoutes(loop, ca, cb, co);
        return (n, x, xo, xs, y, yo, ys, o, oo, os) -> {
            Kernel2 k = n > 0 ? routes.of(cb.getDouble(y, yo)) : null;
            (k != null ? k : general).run(n, x, xo, xs, y, yo, ys, o, oo, os);
        };
    }

    /**
     * The five routes of {@link #scalarExponent} for one pair of operand dtypes, each made on
     * first use: making them all with the kernel took 20 ms of a fresh JVM's first {@code power}
     * (hidden classes for routes most programs never take). Operands of the loop's dtype take
     * multiply's kernel with the element twice, sqrt's kernel and a move (their vector forms
     * included); other dtypes, element functions over their codecs (the base cast as the general
     * kernel casts it). Racy publication of stateless kernels; thread-safe.
     */
    private static final class ScalarRoutes {
        private final DType loop;
        private final ElementCodec ca;
        private final ElementCodec cb;
        private final ElementCodec co;
        private final boolean same;
        private Kernel2 square;
        private Kernel2 sqrt;
        private Kernel2 reciprocal;
        private Kernel2 copy;
        private Kernel2 one;

        ScalarRoutes(DType loop, ElementCodec ca, ElementCodec cb, ElementCodec co) {
            this.loop = loop;
            this.ca = ca;
            this.cb = cb;
            this.co = co;
            same = ca == co && cb == co;
        }

        /** {@return the route of exponent {@code e}, or null for {@code pow}} */
        Kernel2 of(double e) {
            if (e == 2) {
                Kernel2 k = square;
                return k != null ? k : (square = same ? twice(MUL.resolve(loop, loop).kernel()) : loop((x, y) -> x * x));
            } else if (e == 0.5) {
                Kernel2 k = sqrt;
                return k != null ? k : (sqrt = same ? first(UnaryOp.SQRT.resolve(loop).kernel()) : loop((x, y) -> Math.sqrt(x)));
            } else if (e == -1) {
                Kernel2 k = reciprocal;
                return k != null ? k : (reciprocal = loop(RECIPROCAL));
            } else if (e == 1) {
                Kernel2 k = copy;
                return k != null ? k : (copy = same ? first(Kernels.move(loop)) : loop((x, y) -> x));
            } else if (e == 0) {
                Kernel2 k = one;
                return k != null ? k : (one = loop(ONE));
            }
            return null;
        }

        private Kernel2 loop(Fn.D2 f) {
            return Specializer.loop2(new Elem.Double2(ca, cb, co, f));
        }

        /** {@return {@code k} applied to the first operand twice} */
        private static Kernel2 twice(Kernel2 k) {
            return (n, x, xo, xs, y, yo, ys, o, oo, os) -> k.run(n, x, xo, xs, x, xo, xs, o, oo, os);
        }

        /** {@return {@code k} applied to the first operand} */
        private static Kernel2 first(Kernel1 k) {
            return (n, x, xo, xs, y, yo, ys, o, oo, os) -> k.run(n, x, xo, xs, o, oo, os);
        }
    }
}
