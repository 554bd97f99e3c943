package org.ndpack;

/**
 * The element types an {@link NDArray} can hold.
 *
 * <p>Each constant knows its size in bytes, its DLPack type (code and bits, lanes always 1) and its
 * NumPy type descriptor as written in {@code .npy} headers ({@code '<f4'}, {@code '|b1'}, ...).
 * The names follow NumPy's: {@code float32} is {@link #FLOAT32}, {@code complex64} (two
 * {@code float32}s) is {@link #COMPLEX64}.
 *
 * <p>{@link #FLOAT16} is IEEE 754 binary16; {@link #BFLOAT16} is the upper half of a
 * {@code float32}. Both are read as {@code float} and written from {@code float} or {@code double}
 * with round-to-nearest-even (from {@code double} the rounding is direct, not through
 * {@code float}, so no value is rounded twice).
 *
 * <p>{@link #FLOAT8_E4M3FN} and {@link #FLOAT8_E5M2} are the 8-bit floats of PyTorch and
 * ml_dtypes (DLPack codes 10 and 12, 8 bits). They are read as {@code float} (exactly) and written
 * with one round-to-nearest-even of the exact value, from every type. {@code float8_e4m3fn} (bias 7,
 * 3 fraction bits) has no infinity; its largest finite value is 448 and its NaN is
 * {@code S.1111.111}; a value that rounds beyond 448 (any magnitude above 464, and infinities)
 * becomes NaN, not 448: the non-saturating rule of PyTorch's {@code .to()}. {@code float8_e5m2}
 * (bias 15, 2 fraction bits) is IEEE-like: largest finite 57344, magnitudes from 61440 round to
 * infinity, NaN stays NaN. Element-wise arithmetic reads each element exactly, computes in
 * {@code double} and rounds the result once to the float8 type, the path {@code float16} takes.
 * Promotion: with bool a float8 type stays itself; with an integer type it behaves as
 * {@code float16} does ({@code int8} gives {@code float16}, {@code int16} {@code float32}); with a
 * wider float the wider float wins; the two float8 types together give {@code float16}, the
 * smallest type holding both exactly (PyTorch refuses to promote them). {@code repr} prints them
 * as {@code float16} values. NumPy has no float8 type: {@code .npy} refuses them. Reductions and
 * matrix products take float8 operands as {@code float16} ones do: the elements are read as
 * {@code float32}, accumulated as for {@code float16}, and the result is rounded once to the
 * float8 type.
 *
 * <h2>Guarantees</h2>
 * An enum: immutable and safe to share between threads.
 */
public enum DType {
    /** NumPy {@code bool_}: one byte, 0 or 1. DLPack code 6 (bool), 8 bits. */
    BOOL(1, 6, "|b1", "bool"),
    /** Signed 8-bit integer. */
    INT8(1, 0, "|i1", "int8"),
    /** Signed 16-bit integer. */
    INT16(2, 0, "<i2", "int16"),
    /** Signed 32-bit integer. */
    INT32(4, 0, "<i4", "int32"),
    /** Signed 64-bit integer. */
    INT64(8, 0, "<i8", "int64"),
    /** Unsigned 8-bit integer. */
    UINT8(1, 1, "|u1", "uint8"),
    /** Unsigned 16-bit integer. */
    UINT16(2, 1, "<u2", "uint16"),
    /** Unsigned 32-bit integer. */
    UINT32(4, 1, "<u4", "uint32"),
    /** Unsigned 64-bit integer; read through {@code long} as its two's-complement bits. */
    UINT64(8, 1, "<u8", "uint64"),
    /** IEEE 754 half precision. */
    FLOAT16(2, 2, "<f2", "float16"),
    /** Brain floating point: sign, 8 exponent bits, 7 fraction bits (the upper half of a
     * {@code float32}). NumPy has no such type: {@link #numpyDescr()} is {@code null}. */
    BFLOAT16(2, 4, null, "bfloat16"),
    /** IEEE 754 single precision. */
    FLOAT32(4, 2, "<f4", "float32"),
    /** IEEE 754 double precision. */
    FLOAT64(8, 2, "<f8", "float64"),
    /** Complex number of two {@code float32}: real part first. DLPack code 5, 64 bits. */
    COMPLEX64(8, 5, "<c8", "complex64"),
    /** Complex number of two {@code float64}: real part first. DLPack code 5, 128 bits. */
    COMPLEX128(16, 5, "<c16", "complex128"),
    /** 8-bit float, sign, 4 exponent bits (bias 7), 3 fraction bits, no infinity, largest finite
     * 448, NaN {@code S.1111.111} (PyTorch's {@code float8_e4m3fn}). DLPack code 10, 8 bits.
     * NumPy has no such type: {@link #numpyDescr()} is {@code null}. */
    FLOAT8_E4M3FN(1, 10, null, "float8_e4m3fn"),
    /** 8-bit float, sign, 5 exponent bits (bias 15), 2 fraction bits, with infinities and NaN as
     * IEEE 754 (the upper byte of a {@code float16}; PyTorch's {@code float8_e5m2}). DLPack code 12,
     * 8 bits. NumPy has no such type: {@link #numpyDescr()} is {@code null}. */
    FLOAT8_E5M2(1, 12, null, "float8_e5m2");

    private static final DType[] VALUES = values();

    private final int byteSize;
    private final int dlpackCode;
    private final String numpyDescr;
    private final String numpyName;

    DType(int byteSize, int dlpackCode, String numpyDescr, String numpyName) {
        this.byteSize = byteSize;
        this.dlpackCode = dlpackCode;
        this.numpyDescr = numpyDescr;
        this.numpyName = numpyName;
    }

    /** {@return the size of one element in bytes} */
    public int byteSize() {
        return byteSize;
    }

    /**
     * {@return the alignment in bytes an element needs for single-copy atomic access}: the element
     * size, except for complex types, whose two halves are aligned separately.
     */
    public int alignment() {
        return isComplex() ? byteSize / 2 : byteSize;
    }

    /** {@return the DLPack {@code DLDataTypeCode} of this type} */
    public int dlpackCode() {
        return dlpackCode;
    }

    /** {@return the DLPack {@code bits} of this type (the whole element for complex types)} */
    public int dlpackBits() {
        return byteSize * 8;
    }

    /**
     * {@return the little-endian NumPy type descriptor of this type, as {@code .npy} headers write
     * it} NumPy has no {@code bfloat16} and no float8 types; for {@link #BFLOAT16},
     * {@link #FLOAT8_E4M3FN} and {@link #FLOAT8_E5M2} this returns {@code null} and {@code .npy}
     * writers reject the type.
     */
    public String numpyDescr() {
        return numpyDescr;
    }

    /** {@return NumPy's name for this type, as {@code repr} prints it: {@code "float32"}} */
    public String numpyName() {
        return numpyName;
    }

    /** {@return true for {@link #BOOL}} */
    public boolean isBool() {
        return this == BOOL;
    }

    /** {@return true for the signed and unsigned integer types (not {@link #BOOL})} */
    public boolean isInteger() {
        return dlpackCode == 0 || dlpackCode == 1;
    }

    /** {@return true for the unsigned integer types} */
    public boolean isUnsigned() {
        return dlpackCode == 1;
    }

    /** {@return true for the real floating-point types, float16, bfloat16 and the float8 types included} */
    public boolean isFloating() {
        return dlpackCode == 2 || dlpackCode == 4 || isFloat8();
    }

    /** {@return true for {@link #FLOAT8_E4M3FN} and {@link #FLOAT8_E5M2}} */
    public boolean isFloat8() {
        return this == FLOAT8_E4M3FN || this == FLOAT8_E5M2;
    }

    /** {@return true for {@link #COMPLEX64} and {@link #COMPLEX128}} */
    public boolean isComplex() {
        return dlpackCode == 5;
    }

    /**
     * Finds the type of a DLPack {@code (code, bits)} pair with one lane.
     *
     * @param code the DLPack type code
     * @param bits the DLPack bits
     * @return the type
     * @throws IllegalArgumentException if no type of ndpack has that code and width; the message
     *         names both
     */
    public static DType fromDLPack(int code, int bits) {
        for (DType t : VALUES) {
            if (t.dlpackCode == code && t.dlpackBits() == bits) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "DLPack dtype (code=" + code + ", bits=" + bits + "): no ndpack dtype has this code and width");
    }

    /**
     * Finds the type of a NumPy name such as {@code "float32"} or {@code "bool"}.
     *
     * @param name NumPy's name of the type
     * @return the type
     * @throws IllegalArgumentException if no type has that name
     */
    public static DType fromNumpyName(String name) {
        for (DType t : VALUES) {
            if (t.numpyName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype name '" + (name.length() <= 60 ? name + "'"
                : name.substring(0, 60) + "...' (" + name.length() + " characters)") + ": not one of ndpack's dtypes");
    }

    /** {@return NumPy's name of this type} */
    @Override
    public String toString() {
        return numpyName;
    }
}
