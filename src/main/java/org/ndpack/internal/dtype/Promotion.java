package org.ndpack.internal.dtype;

import org.ndpack.DType;

/**
 * NumPy 2's type promotion (NEP 50) for ndpack's dtypes: {@link #result(DType, DType)} is
 * {@code np.result_type} for two arrays; the {@code weak...} methods give the result of an array
 * and a Java scalar, which, like a Python scalar, does not widen the array's type
 * ({@code int16 + 1} stays {@code int16}; {@code int16 + 1.5} is {@code float64};
 * {@code float32 + 1.5} stays {@code float32}).
 *
 * <p>{@code bfloat16}, which NumPy lacks, promotes like {@code float16} with integers and bool;
 * {@code bfloat16} with {@code float16} gives {@code float32} (the smallest type holding both).
 * The float8 types, which NumPy lacks too, promote like {@code float16} with integers (int8 gives
 * {@code float16}) and stay themselves with bool; with any wider float the wider one wins; the
 * two float8 types together give {@code float16}, the smallest type holding both exactly (PyTorch
 * refuses that promotion; ndpack follows NumPy's "smallest safe type" rule instead).
 * Stateless and thread-safe.
 */
public final class Promotion {
    private Promotion() {
    }

    private static int kind(DType t) {
        if (t.isBool()) {
            return 0;
        }
        if (t.isInteger()) {
            return 1;
        }
        return t.isComplex() ? 3 : 2;
    }

    /** {@return NumPy's result type of an operation between arrays of types {@code a} and {@code b}} */
    public static DType result(DType a, DType b) {
        if (a == b) {
            return a;
        }
        int ka = kind(a);
        int kb = kind(b);
        if (ka > kb || (ka == kb && ka >= 2 && precision(a) < precision(b))) {
            DType t = a;
            a = b;
            b = t;
            int k = ka;
            ka = kb;
            kb = k;
        }
        // now kind(a) <= kind(b)
        switch (kb) {
            case 0:
                return DType.BOOL;
            case 1:
                return ka == 0 ? b : integers(a, b);
            case 2:
                if (ka == 2) {
                    return floats(a, b);
                }
                return floatFor(intBits(a), b);
            default:
                if (ka == 3) {
                    return a.byteSize() > b.byteSize() ? a : b;
                }
                DType f = ka == 2 ? a : floatFor(intBits(a), DType.FLOAT16);
                DType re = floats(f, b == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64);
                return re == DType.FLOAT64 ? DType.COMPLEX128 : DType.COMPLEX64;
        }
    }

    /** Bits of the smallest float that holds every value of a bool or integer type "safely". */
    private static int intBits(DType t) {
        if (t.isBool()) {
            return 0;
        }
        return switch (t.byteSize()) {
            case 1 -> 16;
            case 2 -> 32;
            default -> 64;
        };
    }

    private static int precision(DType f) {
        return switch (f) {
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> 8;
            case FLOAT16, BFLOAT16 -> 16;
            case FLOAT32, COMPLEX64 -> 32;
            default -> 64;
        };
    }

    private static DType floatFor(int bits, DType f) {
        if (bits == 0 && f.isFloat8()) {
            return f; // bool with float8
        }
        if (bits <= 16 && (f == DType.FLOAT16 || f == DType.BFLOAT16)) {
            return f;
        }
        if (bits <= 16 && f.isFloat8()) {
            return DType.FLOAT16; // as int8 with float16
        }
        int p = Math.max(bits, precision(f));
        return p <= 32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    private static DType floats(DType a, DType b) {
        if (a == b) {
            return a;
        }
        int pa = precision(a);
        int pb = precision(b);
        if (pa == 16 && pb == 16) {
            return DType.FLOAT32; // float16 with bfloat16
        }
        if (pa == 8 && pb == 8) {
            return DType.FLOAT16; // float8_e4m3fn with float8_e5m2: float16 holds both exactly
        }
        return pa >= pb ? a : b;
    }

    private static DType integers(DType a, DType b) {
        if (a.isUnsigned() == b.isUnsigned()) {
            return a.byteSize() >= b.byteSize() ? a : b;
        }
        DType u = a.isUnsigned() ? a : b;
        DType s = a.isUnsigned() ? b : a;
        if (s.byteSize() > u.byteSize()) {
            return s;
        }
        return switch (u.byteSize()) {
            case 1 -> DType.INT16;
            case 2 -> DType.INT32;
            case 4 -> DType.INT64;
            default -> DType.FLOAT64; // uint64 with a signed type
        };
    }

    /**
     * {@return the result type of an array of type {@code a} and a Java integer scalar}: the
     * array's type, except that a bool array gives {@code int64}
     */
    public static DType weakInteger(DType a) {
        return a.isBool() ? DType.INT64 : a;
    }

    /**
     * {@return the result type of an array of type {@code a} and a Java floating-point scalar}: the
     * array's type if it is floating or complex, else {@code float64}
     */
    public static DType weakFloat(DType a) {
        return a.isFloating() || a.isComplex() ? a : DType.FLOAT64;
    }

    /**
     * Checks that a Java integer scalar fits the integer type it is weakly combined with, as NumPy
     * 2 does ({@code OverflowError: Python integer 300 out of bounds for int8}).
     *
     * @param value the scalar
     * @param t the array's type
     * @throws IllegalArgumentException if {@code t} is an integer type that cannot hold {@code value}
     */
    public static void checkWeakInteger(long value, DType t) {
        if (!t.isInteger()) {
            return;
        }
        boolean ok = switch (t) {
            case INT8 -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
            case INT16 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
            case INT32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
            case UINT8 -> value >= 0 && value <= 0xff;
            case UINT16 -> value >= 0 && value <= 0xffff;
            case UINT32 -> value >= 0 && value <= 0xffffffffL;
            case UINT64 -> value >= 0;
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("Java integer " + value + " out of bounds for " + t);
        }
    }
}
