package org.ndpack.internal.dtype;

import org.ndpack.DType;

/** NumPy's {@code same_kind} casting rule, used for {@code out} operands and in-place operations. */
public final class Casting {
    private Casting() {
    }

    private static int kind(DType t) {
        if (t.isBool()) {
            return 0;
        }
        if (t.isUnsigned()) {
            return 1;
        }
        if (t.isInteger()) {
            return 2;
        }
        return t.isComplex() ? 4 : 3;
    }

    /**
     * {@return true if NumPy casts {@code from} to {@code to} under {@code casting='same_kind'}}:
     * bool to anything, unsigned to any integer or inexact type, signed to signed or inexact, float
     * to float or complex, complex to complex (any size within a kind)
     */
    static boolean sameKind(DType from, DType to) {
        return kind(from) <= kind(to);
    }

    /**
     * Checks that an operation's result of dtype {@code from} may be written to an output of dtype
     * {@code to}.
     *
     * @throws IllegalArgumentException if not; the message names the operation and both dtypes
     */
    public static void checkOutput(String op, DType from, DType to) {
        if (!sameKind(from, to)) {
            throw new IllegalArgumentException("Cannot cast ufunc '" + op + "' output from " + from + " to " + to
                    + " with casting rule 'same_kind'");
        }
    }
}
