package org.ndpack;

import java.util.List;

import org.ndpack.internal.ufunc.BinaryOp;
import org.ndpack.internal.ufunc.Elementwise;
import org.ndpack.internal.ufunc.UfuncMethods;
import org.ndpack.internal.ufunc.UnaryOp;

/**
 * NumPy's universal functions as objects: every element-wise operation of ndpack, with NumPy's
 * calling forms. A binary ufunc ({@link Binary}) applies to two arrays or an array and a scalar,
 * optionally into an {@code out} array, and has NumPy's methods {@link Binary#reduce reduce},
 * {@link Binary#accumulate accumulate} and {@link Binary#outer outer}; a unary ufunc
 * ({@link Unary}) applies to one array.
 *
 * {@snippet :
 * NDArray runningMax = Ufunc.MAXIMUM.accumulate(a, 0);     // np.maximum.accumulate(a, axis=0)
 * NDArray bits = Ufunc.BITWISE_OR.reduce(flags, null, false); // np.bitwise_or.reduce(flags, axis=None)
 * NDArray table = Ufunc.MULTIPLY.outer(x, y);              // np.multiply.outer(x, y)
 * Ufunc.ADD.apply(a, b, out);                              // np.add(a, b, out=out)
 * }
 *
 * <h2>Rules, written once here</h2>
 * <ul>
 *   <li><b>Broadcasting</b>: the operands' shapes are aligned at their last axes; an axis of
 *       extent 1 (or a missing one) stretches to the other's extent. A new result has the
 *       broadcast shape, is C-contiguous, and owns new memory; shapes that do not broadcast throw
 *       {@link IllegalArgumentException} naming both.</li>
 *   <li><b>Promotion</b>: two arrays promote by NumPy 2's table ({@code np.result_type}: int16
 *       with uint8 gives int16, int64 with float32 gives float64, uint64 with int64 gives
 *       float64); a Java scalar is <em>weak</em>, as a Python scalar (NEP 50): the array's dtype
 *       decides ({@code int8 + 300L} is refused because 300 does
 *       not fit {@code int8}; {@code int8 + 0.5} computes in {@code float64}). Each ufunc then
 *       computes in its loop dtype (true division of integers in {@code float64}, ...).</li>
 *   <li><b>Integer overflow wraps around</b> (two's complement), as NumPy's. Floating functions
 *       of bool and integers ({@code sqrt}, {@code exp}, ...) compute in the smallest float
 *       holding them: int8 gives float16, int16 float32, wider integers float64.</li>
 *   <li><b>float16 and bfloat16</b> compute in float32 (or double) and round once to the
 *       result type. bfloat16, which NumPy lacks, promotes like float16; the two together give
 *       float32.</li>
 *   <li><b>Results</b> are the same with and without the Vector API, bit for bit, for
 *       {@code + - * /}, sqrt, comparisons, min and max. {@code exp}, {@code log}, {@code sin}
 *       and {@code tanh} of contiguous float32 and float64 operands run, where the Vector API is
 *       on, in the CPU's vector math library, and otherwise in {@link Math}: both are within one
 *       ulp of the exact result, but they may differ from each other in the last place, and as
 *       the Vector API computes with {@code Math} until the JIT has compiled its loop, the first
 *       calls in a fresh JVM may give {@code Math}'s bits and later calls the library's. Other
 *       functions of float32 and 16-bit floats compute in double and round once, so they may
 *       differ from NumPy's in the last place.</li>
 *   <li><b>{@code out}</b>: its shape must be the broadcast shape of the operands (operands may
 *       broadcast to it, not it to them); the result is cast to its dtype under NumPy's
 *       {@code same_kind} rule; it may overlap the operands (they are read before it is written);
 *       a read-only {@code out} throws {@link ReadOnlyArrayException}. The methods return
 *       {@code out} itself.</li>
 * </ul>
 *
 * <p>{@link NDArray} has short forms of the common ufuncs: {@code a.add(b)} is
 * {@code ADD.apply(a, b)}, {@code a.addi(b)} is {@code ADD.apply(a, b, a)}, {@code a.sqrt()} is
 * {@code SQRT.apply(a)}. The others, as in NumPy ({@code np.sinh(a)}), are called here only.
 *
 * <p>Ufuncs are immutable and thread-safe; the arrays they produce are new arrays that the caller
 * owns and closes. An application reads its operands as they are while it runs (it is not atomic
 * with respect to concurrent writers) and leases their memory, so closing an operand concurrently
 * cannot free memory under it. Every method throws {@link IllegalStateException} if an operand is
 * closed, and {@link NullPointerException} if one is null.
 */
public abstract sealed class Ufunc permits Ufunc.Binary, Ufunc.Unary {
    /** NumPy's {@code add}, {@code a + b} (bool: logical or). */
    public static final Binary ADD = new Binary(BinaryOp.ADD);
    /** NumPy's {@code subtract}, {@code a - b} (refused for bool, as NumPy). */
    public static final Binary SUBTRACT = new Binary(BinaryOp.SUB);
    /** NumPy's {@code multiply}, {@code a * b} (bool: logical and). */
    public static final Binary MULTIPLY = new Binary(BinaryOp.MUL);
    /**
     * NumPy's {@code divide}, the true quotient {@code a / b}: bool and integers compute in float64 (an
     * integer division by zero gives {@code inf} or {@code nan}, as NumPy).
     */
    public static final Binary DIVIDE = new Binary(BinaryOp.DIV);
    /**
     * NumPy's {@code floor_divide}, Python's {@code a // b}: the floor of the quotient; an integer division by
     * zero gives <b>0</b> (NumPy's result, which NumPy also warns about); bool computes in int8;
     * refused for complex.
     */
    public static final Binary FLOOR_DIVIDE = new Binary(BinaryOp.FLOOR_DIV);
    /**
     * NumPy's {@code remainder}, Python's {@code a % b}: the remainder with the sign of the divisor; an
     * integer remainder by zero gives <b>0</b> (NumPy's result), a floating one NaN; refused for complex.
     */
    public static final Binary REMAINDER = new Binary(BinaryOp.MOD);
    /**
     * NumPy's {@code power}, {@code a ** b}: integer powers wrap around; bool computes in int8; refused for
     * complex. A negative exponent with a signed integer result throws {@link IllegalArgumentException}
     * before anything is written, as NumPy's ValueError. Floats follow C's {@code pow}
     * ({@code pow(1, y)} and {@code pow(-1, ±inf)} are 1); as in NumPy, a float32 or float64
     * exponent that is one element everywhere (a scalar, a 0-d or one-element array broadcast)
     * and equal to 2, 0.5, -1, 1 or 0 gives {@code x * x},
     * {@code sqrt(x)} ({@code -0.0 ** 0.5} is -0.0, {@code -inf ** 0.5} NaN), {@code 1 / x},
     * {@code x} or 1. With the Vector API on AVX-512, float32 and float64 powers may differ from
     * {@link Math#pow} in the last place (within an ulp of the exact value; special values as C's).
     */
    public static final Binary POWER = new Binary(BinaryOp.POW);
    /**
     * NumPy's {@code maximum}: the larger element; a NaN operand gives NaN; complex compares
     * lexicographically. Of {@code -0.0} and {@code 0.0} the result is {@code 0.0} in either order
     * ({@link Math#max}; NumPy returns the first operand, a difference only in the sign of zero).
     */
    public static final Binary MAXIMUM = new Binary(BinaryOp.MAXIMUM);
    /**
     * NumPy's {@code minimum}: the smaller element; a NaN operand gives NaN; complex compares
     * lexicographically; of {@code -0.0} and {@code 0.0} the result is {@code -0.0} in either order.
     */
    public static final Binary MINIMUM = new Binary(BinaryOp.MINIMUM);
    /**
     * NumPy's {@code arctan2}: the arc tangent of {@code a / b} using both signs; bool and integers compute in
     * the smallest float holding them; refused for complex.
     */
    public static final Binary ARCTAN2 = new Binary(BinaryOp.ATAN2);
    /**
     * NumPy's {@code hypot}: {@code sqrt(a² + b²)} without undue overflow; dtypes as {@link #ARCTAN2}.
     */
    public static final Binary HYPOT = new Binary(BinaryOp.HYPOT);
    /** NumPy's {@code bitwise_and}, {@code a & b}; bool and integer dtypes only. */
    public static final Binary BITWISE_AND = new Binary(BinaryOp.AND);
    /** NumPy's {@code bitwise_or}, {@code a | b}; bool and integer dtypes only. */
    public static final Binary BITWISE_OR = new Binary(BinaryOp.OR);
    /** NumPy's {@code bitwise_xor}, {@code a ^ b}; bool and integer dtypes only. */
    public static final Binary BITWISE_XOR = new Binary(BinaryOp.XOR);
    /**
     * NumPy's {@code left_shift}, {@code a << b}; a count that is negative or at least the width gives 0;
     * integer dtypes only (bool computes in int8).
     */
    public static final Binary LEFT_SHIFT = new Binary(BinaryOp.SHL);
    /**
     * NumPy's {@code right_shift}, the arithmetic {@code a >> b}; a count that is negative or at least the
     * width gives 0, or -1 for a negative signed value; integer dtypes only (bool computes in int8).
     */
    public static final Binary RIGHT_SHIFT = new Binary(BinaryOp.SHR);
    /** NumPy's {@code equal}, {@code a == b}, a bool array (NaN equals nothing). */
    public static final Binary EQUAL = new Binary(BinaryOp.EQ);
    /** NumPy's {@code not_equal}, {@code a != b}, a bool array (NaN differs from everything). */
    public static final Binary NOT_EQUAL = new Binary(BinaryOp.NE);
    /** NumPy's {@code less}, {@code a < b}, a bool array (complex: lexicographic, as NumPy). */
    public static final Binary LESS = new Binary(BinaryOp.LT);
    /** NumPy's {@code less_equal}, {@code a <= b}, a bool array (complex: lexicographic). */
    public static final Binary LESS_EQUAL = new Binary(BinaryOp.LE);
    /** NumPy's {@code greater}, {@code a > b}, a bool array (complex: lexicographic). */
    public static final Binary GREATER = new Binary(BinaryOp.GT);
    /** NumPy's {@code greater_equal}, {@code a >= b}, a bool array (complex: lexicographic). */
    public static final Binary GREATER_EQUAL = new Binary(BinaryOp.GE);
    /** NumPy's {@code logical_and}: both operands true (non-zero, NaN too), a bool array. */
    public static final Binary LOGICAL_AND = new Binary(BinaryOp.LOGICAL_AND);
    /** NumPy's {@code logical_or}: either operand true, a bool array. */
    public static final Binary LOGICAL_OR = new Binary(BinaryOp.LOGICAL_OR);
    /** NumPy's {@code logical_xor}: exactly one operand true, a bool array. */
    public static final Binary LOGICAL_XOR = new Binary(BinaryOp.LOGICAL_XOR);

    /** NumPy's {@code negative}, {@code -a}: unsigned integers wrap; refused for bool. */
    public static final Unary NEGATIVE = new Unary(UnaryOp.NEG);
    /**
     * NumPy's {@code absolute}: the most negative integer stays itself (wraps); complex gives the modulus
     * as float32 or float64.
     */
    public static final Unary ABSOLUTE = new Unary(UnaryOp.ABS);
    /**
     * NumPy's {@code sign}: -1, 0 or 1 (0 for both zeros, NaN stays NaN); complex gives {@code z / |z|}
     * (NumPy 2's definition; 0 for 0); refused for bool.
     */
    public static final Unary SIGN = new Unary(UnaryOp.SIGN);
    /** NumPy's {@code sqrt}: the square root; NaN for negative values. */
    public static final Unary SQRT = new Unary(UnaryOp.SQRT);
    /** NumPy's {@code square}, {@code a * a}: integers wrap; bool computes in int8. */
    public static final Unary SQUARE = new Unary(UnaryOp.SQUARE);
    /** NumPy's {@code exp}, {@code e^a}; complex supported. */
    public static final Unary EXP = new Unary(UnaryOp.EXP);
    /** NumPy's {@code expm1}, {@code e^a - 1}, accurate near 0. */
    public static final Unary EXPM1 = new Unary(UnaryOp.EXPM1);
    /** NumPy's {@code log}, the natural logarithm: NaN for negative values, {@code -inf} for 0. */
    public static final Unary LOG = new Unary(UnaryOp.LOG);
    /** NumPy's {@code log1p}, {@code log(1 + a)}, accurate near 0. */
    public static final Unary LOG1P = new Unary(UnaryOp.LOG1P);
    /** NumPy's {@code log2}, the base-2 logarithm (exact for powers of two). */
    public static final Unary LOG2 = new Unary(UnaryOp.LOG2);
    /** NumPy's {@code log10}, the base-10 logarithm. */
    public static final Unary LOG10 = new Unary(UnaryOp.LOG10);
    /** NumPy's {@code sin}, the sine (radians). */
    public static final Unary SIN = new Unary(UnaryOp.SIN);
    /** NumPy's {@code cos}, the cosine (radians). */
    public static final Unary COS = new Unary(UnaryOp.COS);
    /** NumPy's {@code tan}, the tangent (radians). */
    public static final Unary TAN = new Unary(UnaryOp.TAN);
    /** NumPy's {@code arcsin}, the arc sine. */
    public static final Unary ARCSIN = new Unary(UnaryOp.ASIN);
    /** NumPy's {@code arccos}, the arc cosine. */
    public static final Unary ARCCOS = new Unary(UnaryOp.ACOS);
    /** NumPy's {@code arctan}, the arc tangent. */
    public static final Unary ARCTAN = new Unary(UnaryOp.ATAN);
    /** NumPy's {@code sinh}, the hyperbolic sine. */
    public static final Unary SINH = new Unary(UnaryOp.SINH);
    /** NumPy's {@code cosh}, the hyperbolic cosine. */
    public static final Unary COSH = new Unary(UnaryOp.COSH);
    /** NumPy's {@code tanh}, the hyperbolic tangent. */
    public static final Unary TANH = new Unary(UnaryOp.TANH);
    /**
     * NumPy's {@code floor}: the largest integer not above the element; bool and integer arrays keep
     * their dtype and values (NumPy 2.3+; older NumPy gave floats).
     */
    public static final Unary FLOOR = new Unary(UnaryOp.FLOOR);
    /**
     * NumPy's {@code ceil}: the smallest integer not below the element; bool and integers keep their
     * dtype, as {@link #FLOOR}.
     */
    public static final Unary CEIL = new Unary(UnaryOp.CEIL);
    /** NumPy's {@code rint}: the nearest integer, ties to even. */
    public static final Unary RINT = new Unary(UnaryOp.RINT);
    /**
     * NumPy's {@code trunc}: the integer part, rounding toward zero (keeps the sign of zero); bool and
     * integers keep their dtype, as {@link #FLOOR}.
     */
    public static final Unary TRUNC = new Unary(UnaryOp.TRUNC);
    /** NumPy's {@code isnan}, a bool array (integers: all false; complex: either part NaN). */
    public static final Unary ISNAN = new Unary(UnaryOp.IS_NAN);
    /** NumPy's {@code isinf}, a bool array (complex: either part infinite). */
    public static final Unary ISINF = new Unary(UnaryOp.IS_INF);
    /** NumPy's {@code isfinite}, a bool array (integers: all true; complex: both parts finite). */
    public static final Unary ISFINITE = new Unary(UnaryOp.IS_FINITE);
    /** NumPy's {@code logical_not}, a bool array (zero is false, NaN is true). */
    public static final Unary LOGICAL_NOT = new Unary(UnaryOp.LOGICAL_NOT);
    /**
     * NumPy's {@code conjugate}: the complex conjugate; real dtypes give a copy (bool an int8 copy).
     */
    public static final Unary CONJUGATE = new Unary(UnaryOp.CONJ);

    private final String name;

    private Ufunc(String name) {
        this.name = name;
    }

    /** {@return NumPy's name of this ufunc, such as {@code "add"}} */
    public String name() {
        return name;
    }

    /** {@return the number of inputs: 1 or 2} */
    public abstract int nin();

    /** {@return every ufunc ndpack has: the binary ones, then the unary ones} */
    public static List<Ufunc> values() {
        return VALUES;
    }

    @Override
    public String toString() {
        return "<ufunc '" + name + "'>";
    }

    /**
     * A ufunc of two inputs, such as {@link #ADD}. Immutable and thread-safe.
     */
    public static final class Binary extends Ufunc {
        private final BinaryOp op;

        private Binary(BinaryOp op) {
            super(op.numpyName.equals("true_divide") ? "divide" : op.numpyName);
            this.op = op;
        }

        @Override
        public int nin() {
            return 2;
        }

        /**
         * {@return this ufunc of {@code a} and {@code b}, in a new array of their broadcast shape}
         *
         * @param a the first operand
         * @param b the second operand
         * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are refused
         */
        public NDArray apply(NDArray a, NDArray b) {
            return NDArray.wrap(Elementwise.binary(op, a.impl, b.impl));
        }

        /**
         * Writes this ufunc of {@code a} and {@code b} into {@code out} (see the class
         * documentation for the {@code out} rules).
         *
         * @param a the first operand
         * @param b the second operand
         * @param out the output
         * @return {@code out}
         * @throws IllegalArgumentException if shapes or dtypes do not fit {@code out}
         * @throws ReadOnlyArrayException if {@code out} is read-only
         */
        public NDArray apply(NDArray a, NDArray b, NDArray out) {
            Elementwise.binary(op, a.impl, b.impl, out.impl);
            return out;
        }

        /**
         * {@return this ufunc of {@code a} and the weak floating scalar {@code b}, in a new array}
         * The result keeps {@code a}'s dtype if it is floating or complex, else it is float64
         * (NEP 50).
         *
         * @param a the array
         * @param b the scalar
         * @throws IllegalArgumentException if the operation does not support the dtypes
         */
        public NDArray apply(NDArray a, double b) {
            return NDArray.wrap(Elementwise.binary(op, a.impl, b, null));
        }

        /**
         * {@return this ufunc of {@code a} and the weak integer scalar {@code b}, in a new array}
         * The result keeps {@code a}'s dtype (a bool array gives int64), as NumPy 2 treats a Python
         * int.
         *
         * @param a the array
         * @param b the scalar
         * @throws IllegalArgumentException if {@code b} is out of range for {@code a}'s integer
         *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant
         *         answer, as NumPy 2), or the operation does not support the dtypes
         */
        public NDArray apply(NDArray a, long b) {
            return NDArray.wrap(Elementwise.binary(op, a.impl, b, null));
        }

        /**
         * Writes this ufunc of {@code a} and the weak scalar {@code b} into {@code out};
         * {@code out} may be {@code a} (the in-place form, NumPy's {@code a += b}).
         *
         * @param a the first operand
         * @param b the scalar
         * @param out the output
         * @return {@code out}
         * @throws IllegalArgumentException if shapes or dtypes do not fit {@code out}
         * @throws ReadOnlyArrayException if {@code out} is read-only
         */
        public NDArray apply(NDArray a, double b, NDArray out) {
            Elementwise.binary(op, a.impl, b, out.impl);
            return out;
        }

        /**
         * Writes this ufunc of {@code a} and the weak integer scalar {@code b} into {@code out};
         * {@code out} may be {@code a}.
         *
         * @param a the first operand
         * @param b the scalar
         * @param out the output
         * @return {@code out}
         * @throws IllegalArgumentException if {@code b} does not fit, or shapes or dtypes do not
         *         fit {@code out}
         * @throws ReadOnlyArrayException if {@code out} is read-only
         */
        public NDArray apply(NDArray a, long b, NDArray out) {
            Elementwise.binary(op, a.impl, b, out.impl);
            return out;
        }

        /**
         * NumPy's {@code ufunc.reduce(a, axis=axes, keepdims=keepDims)}: folds {@code a} along the
         * axes with this ufunc. {@code ADD.reduce} is {@code sum}, {@code MULTIPLY.reduce}
         * {@code prod}, {@code MAXIMUM}/{@code MINIMUM} {@code max}/{@code min},
         * {@code LOGICAL_AND}/{@code LOGICAL_OR} {@code all}/{@code any}; the others compute in
         * their own loop dtype, and over an empty axis give their identity (bitwise and/or/xor,
         * logical xor) or throw.
         *
         * @param a the array
         * @param axes the axes (negative count from the end), or null for all
         * @param keepDims keep the reduced axes with extent 1
         * @return a new array
         * @throws IllegalArgumentException if an axis is out of range or repeated, an empty
         *         reduction has no identity, or a ufunc that is not reorderable (such as
         *         {@code SUBTRACT}) gets more than one axis
         */
        public NDArray reduce(NDArray a, int[] axes, boolean keepDims) {
            return NDArray.wrap(UfuncMethods.reduce(op, a.impl, axes == null ? null : axes.clone(), keepDims));
        }

        /**
         * NumPy's {@code ufunc.accumulate(a, axis=axis)}: element {@code i} along the axis is this
         * ufunc of the previous result and {@code a[i]} ({@code ADD.accumulate} is {@code cumsum}).
         *
         * @param a the array, at least 1-d
         * @param axis the axis (negative counts from the end)
         * @return a new array of {@code a}'s shape
         * @throws IllegalArgumentException if {@code a} is 0-d or the axis is out of range
         */
        public NDArray accumulate(NDArray a, int axis) {
            return NDArray.wrap(UfuncMethods.accumulate(op, a.impl, axis));
        }

        /**
         * NumPy's {@code ufunc.outer(a, b)}: the result has shape {@code a.shape + b.shape}, its
         * element {@code [i..., j...]} being this ufunc of {@code a[i...]} and {@code b[j...]}.
         *
         * @param a the first operand
         * @param b the second operand
         * @return a new array
         * @throws IllegalArgumentException if the dtypes are refused
         */
        public NDArray outer(NDArray a, NDArray b) {
            return NDArray.wrap(UfuncMethods.outer(op, a.impl, b.impl));
        }
    }

    /**
     * A ufunc of one input, such as {@link #SQRT}. Immutable and thread-safe.
     */
    public static final class Unary extends Ufunc {
        private final UnaryOp op;

        private Unary(UnaryOp op) {
            super(op.numpyName);
            this.op = op;
        }

        @Override
        public int nin() {
            return 1;
        }

        /**
         * {@return this ufunc of {@code a}, in a new array}
         *
         * @param a the operand
         * @throws IllegalArgumentException if the dtype is refused
         */
        public NDArray apply(NDArray a) {
            return NDArray.wrap(Elementwise.unary(op, a.impl));
        }

        /**
         * Writes this ufunc of {@code a} into {@code out} ({@code a} broadcasts to its shape; see
         * the class documentation for the {@code out} rules); {@code out} may be {@code a}.
         *
         * @param a the operand
         * @param out the output
         * @return {@code out}
         * @throws IllegalArgumentException if shapes or dtypes do not fit {@code out}
         * @throws ReadOnlyArrayException if {@code out} is read-only
         */
        public NDArray apply(NDArray a, NDArray out) {
            Elementwise.unary(op, a.impl, out.impl);
            return out;
        }
    }

    private static final List<Ufunc> VALUES = List.of(ADD, SUBTRACT, MULTIPLY, DIVIDE, FLOOR_DIVIDE, REMAINDER, POWER, MAXIMUM, MINIMUM, ARCTAN2, HYPOT, BITWISE_AND, BITWISE_OR, BITWISE_XOR, LEFT_SHIFT, RIGHT_SHIFT, EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, NEGATIVE, ABSOLUTE, SIGN, SQRT, SQUARE, EXP, EXPM1, LOG, LOG1P, LOG2, LOG10, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH, FLOOR, CEIL, RINT, TRUNC, ISNAN, ISINF, ISFINITE, LOGICAL_NOT, CONJUGATE);
}
