package org.ndpack.internal.kernel;

/**
 * The operations that have a Vector API form, named without referring to the Vector API (which
 * may be absent). {@code VectorKernels} maps them to {@code VectorOperators}; an operation without
 * a {@code VOp} always runs the portable loop.
 */
public enum VOp {
    ADD, SUB, MUL, DIV, MAX, MIN, AND, OR, XOR,
    /** C's {@code pow} on float32 and float64 (see {@code VecPow2}). */
    POW,
    /** Shifts by a count below the lane width only (see {@link Kernels#shift}). */
    SHL, SHR,
    EQ, NE, LT, LE, GT, GE,
    NEG, ABS, SQRT, EXP, LOG, SIN, TANH,
    /** Rounding to an integer value (float loops only; see {@code VecRound1}). */
    FLOOR, CEIL, RINT, TRUNC;

    /** {@return true for the comparisons (their result is bool)} */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal();
    }

    /** {@return true for the roundings to an integer value} */
    public boolean isRounding() {
        return ordinal() >= FLOOR.ordinal();
    }

    /** {@return true for the one-operand operations} */
    public boolean isUnary() {
        return ordinal() >= NEG.ordinal();
    }
}
