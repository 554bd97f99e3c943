package org.ndpack.internal.ufunc;

import org.ndpack.DType;

/**
 * How an operation picks the dtype it computes in (its "loop" dtype, as NumPy's ufunc loops) from
 * the promoted dtype of its operands, and which dtypes it refuses. Mirrors NumPy's loop tables:
 * e.g. true division of integers computes in {@code float64}, {@code sqrt} of {@code int8} in
 * {@code float16}, floor division of bools in {@code int8}.
 */
enum Rule {
    /** Every dtype computes in itself. */
    ANY,
    /** As {@link #ANY}, but bool is refused (NumPy's bool subtract and negative). */
    NO_BOOL,
    /** Integers and bool compute in float64; floats and complex in themselves. */
    TRUE_DIV,
    /** Bool computes in int8; integers and floats in themselves; complex refused. */
    REAL_NUMBER,
    /** Bool computes in int8; integers, floats and complex in themselves. */
    NUMBER,
    /** Floats only: bool and integers compute in the smallest float holding them; complex refused. */
    FLOAT,
    /** As {@link #FLOAT}, with complex allowed. */
    FLOAT_OR_COMPLEX,
    /** Bool and integers compute in themselves (the identity), floats in themselves, complex refused:
     * NumPy 2's floor, ceil and trunc (NumPy 1.x gave floats for integers). */
    REAL,
    /** Bool and integers only. */
    BITWISE,
    /** Integers only; bool computes in int8. */
    SHIFT;

    /**
     * {@return the loop dtype for operands promoting to {@code t}}
     *
     * @throws IllegalArgumentException if the operation does not support {@code t}; the message
     *         names the operation and the operand dtypes
     */
    DType loop(String op, DType t, DType a, DType b) {
        DType r = switch (this) {
            case ANY -> t;
            case NO_BOOL -> t.isBool() ? null : t;
            case TRUE_DIV -> t.isBool() || t.isInteger() ? DType.FLOAT64 : t;
            case REAL_NUMBER -> t.isComplex() ? null : t.isBool() ? DType.INT8 : t;
            case NUMBER -> t.isBool() ? DType.INT8 : t;
            case FLOAT -> t.isComplex() ? null : floatFor(t);
            case FLOAT_OR_COMPLEX -> t.isComplex() ? t : floatFor(t);
            case REAL -> t.isComplex() ? null : t;
            case BITWISE -> t.isBool() || t.isInteger() ? t : null;
            case SHIFT -> t.isInteger() ? t : t.isBool() ? DType.INT8 : null;
        };
        if (r == null) {
            // the operands are named here, not by the caller: a string concatenation on the
            // common path would link StringConcatFactory in a fresh JVM (milliseconds)
            throw new IllegalArgumentException("ufunc '" + op + "' is not supported for dtype " + a
                    + (b == null ? "" : " and " + b) + " (" + describe() + ")");
        }
        return r;
    }

    private String describe() {
        return switch (this) {
            case ANY, TRUE_DIV, NUMBER -> "all dtypes";
            case NO_BOOL -> "not defined for bool; use xor or logicalNot";
            case REAL_NUMBER -> "bool, integer and real floating dtypes only";
            case FLOAT, REAL -> "real dtypes only";
            case FLOAT_OR_COMPLEX -> "no complex form of this function";
            case BITWISE -> "bool and integer dtypes only";
            case SHIFT -> "integer dtypes only";
        };
    }

    /** The smallest floating type that holds every value of {@code t} (t itself if floating). */
    static DType floatFor(DType t) {
        if (t.isFloating()) {
            return t;
        }
        if (t.isBool()) {
            return DType.FLOAT16;
        }
        return switch (t.byteSize()) {
            case 1 -> DType.FLOAT16;
            case 2 -> DType.FLOAT32;
            default -> DType.FLOAT64;
        };
    }
}
