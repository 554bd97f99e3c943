package org.ndpack.internal.dtype;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.ndpack.DType;

/**
 * Reads and writes one element of any {@link DType} at a byte offset of a segment, converting
 * with the rules of {@link Casts}. Used for element access and by the generic (slow) loops; the
 * kernels have their own typed loops.
 *
 * <p>All accesses use unaligned layouts, because imported memory need not be aligned; on the
 * platforms the JDK supports an aligned address read through an unaligned layout is the same
 * single instruction. Stateless and thread-safe.
 */
public final class Elements {
    public static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    public static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private Elements() {
    }

    /** {@return the element as a double (the real part of a complex element)} */
    public static double getDouble(MemorySegment s, DType t, long off) {
        return switch (t) {
            case BOOL, UINT8 -> s.get(I8, off) & 0xff;
            case INT8 -> s.get(I8, off);
            case INT16 -> s.get(I16, off);
            case UINT16 -> s.get(I16, off) & 0xffff;
            case INT32 -> s.get(I32, off);
            case UINT32 -> s.get(I32, off) & 0xffffffffL;
            case INT64 -> s.get(I64, off);
            case UINT64 -> Casts.unsignedToDouble(s.get(I64, off));
            case FLOAT16 -> Casts.halfToFloat(s.get(I16, off));
            case BFLOAT16 -> Casts.bfloat16ToFloat(s.get(I16, off));
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> Float8.of(t).decode(s.get(I8, off));
            case FLOAT32, COMPLEX64 -> s.get(F32, off);
            case FLOAT64, COMPLEX128 -> s.get(F64, off);
        };
    }

    /** {@return the imaginary part of a complex element, 0 for other types} */
    public static double getImag(MemorySegment s, DType t, long off) {
        return switch (t) {
            case COMPLEX64 -> s.get(F32, off + 4);
            case COMPLEX128 -> s.get(F64, off + 8);
            default -> 0.0;
        };
    }

    /**
     * {@return the element as a long}: integers exactly ({@code uint64} as its bits), floats
     * truncated by {@link Casts#doubleToLong}, complex by its real part, bool as 0 or 1
     */
    public static long getLong(MemorySegment s, DType t, long off) {
        return switch (t) {
            case BOOL, UINT8 -> s.get(I8, off) & 0xff;
            case INT8 -> s.get(I8, off);
            case INT16 -> s.get(I16, off);
            case UINT16 -> s.get(I16, off) & 0xffff;
            case INT32 -> s.get(I32, off);
            case UINT32 -> s.get(I32, off) & 0xffffffffL;
            case INT64, UINT64 -> s.get(I64, off);
            default -> Casts.doubleToLong(getDouble(s, t, off));
        };
    }

    /** {@return true if the element is non-zero (NaN is true, as in NumPy)} */
    public static boolean getBoolean(MemorySegment s, DType t, long off) {
        return switch (t) {
            case BOOL, INT8, UINT8 -> s.get(I8, off) != 0;
            case INT16, UINT16 -> s.get(I16, off) != 0;
            case INT32, UINT32 -> s.get(I32, off) != 0;
            case INT64, UINT64 -> s.get(I64, off) != 0;
            case COMPLEX64, COMPLEX128 -> getDouble(s, t, off) != 0 || getImag(s, t, off) != 0;
            default -> getDouble(s, t, off) != 0;
        };
    }

    /** Writes {@code v} converted to {@code t} by NumPy's cast from float64 (see {@link Casts}). */
    public static void setDouble(MemorySegment s, DType t, long off, double v) {
        switch (t) {
            case BOOL -> s.set(I8, off, (byte) (v != 0 ? 1 : 0));
            case INT8, UINT8 -> s.set(I8, off, (byte) Casts.doubleToLong(v));
            case INT16, UINT16 -> s.set(I16, off, (short) Casts.doubleToLong(v));
            case INT32, UINT32 -> s.set(I32, off, (int) Casts.doubleToLong(v));
            case INT64 -> s.set(I64, off, Casts.doubleToLong(v));
            case UINT64 -> s.set(I64, off, Casts.doubleToUnsignedLong(v));
            case FLOAT16 -> s.set(I16, off, Casts.doubleToHalf(v));
            case BFLOAT16 -> s.set(I16, off, Casts.doubleToBfloat16(v));
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> s.set(I8, off, Float8.of(t).encode(v));
            case FLOAT32 -> s.set(F32, off, (float) v);
            case FLOAT64 -> s.set(F64, off, v);
            case COMPLEX64 -> {
                s.set(F32, off, (float) v);
                s.set(F32, off + 4, 0f);
            }
            case COMPLEX128 -> {
                s.set(F64, off, v);
                s.set(F64, off + 8, 0.0);
            }
        }
    }

    /** Writes {@code v} converted to {@code t} by NumPy's cast from int64 (integers wrap). */
    public static void setLong(MemorySegment s, DType t, long off, long v) {
        switch (t) {
            case BOOL -> s.set(I8, off, (byte) (v != 0 ? 1 : 0));
            case INT8, UINT8 -> s.set(I8, off, (byte) v);
            case INT16, UINT16 -> s.set(I16, off, (short) v);
            case INT32, UINT32 -> s.set(I32, off, (int) v);
            case INT64, UINT64 -> s.set(I64, off, v);
            case FLOAT16 -> s.set(I16, off, Casts.longToHalf(v));
            case BFLOAT16 -> s.set(I16, off, Casts.longToBfloat16(v));
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> s.set(I8, off, Float8.of(t).encode(v)); // exact below 2^53; beyond, overflow anyway
            case FLOAT32 -> s.set(F32, off, (float) v);
            case FLOAT64 -> s.set(F64, off, (double) v);
            case COMPLEX64 -> {
                s.set(F32, off, (float) v);
                s.set(F32, off + 4, 0f);
            }
            case COMPLEX128 -> {
                s.set(F64, off, (double) v);
                s.set(F64, off + 8, 0.0);
            }
        }
    }

    /** Writes the unsigned 64-bit value {@code bits} converted to {@code t}. */
    public static void setUnsignedLong(MemorySegment s, DType t, long off, long bits) {
        if (bits >= 0 || t.isInteger() || t.isBool()) {
            setLong(s, t, off, bits);
        } else if (t == DType.FLOAT32 || t == DType.COMPLEX64) {
            setComplex(s, t, off, Casts.unsignedToFloat(bits), 0);
        } else {
            setDouble(s, t, off, Casts.unsignedToDouble(bits));
        }
    }

    /** Writes a complex value; for non-complex types the imaginary part is dropped (as NumPy). */
    public static void setComplex(MemorySegment s, DType t, long off, double re, double im) {
        switch (t) {
            case COMPLEX64 -> {
                s.set(F32, off, (float) re);
                s.set(F32, off + 4, (float) im);
            }
            case COMPLEX128 -> {
                s.set(F64, off, re);
                s.set(F64, off + 8, im);
            }
            case BOOL -> s.set(I8, off, (byte) (re != 0 || im != 0 ? 1 : 0));
            default -> setDouble(s, t, off, re);
        }
    }

    /**
     * Copies one element from {@code (src, st, so)} to {@code (dst, dt, doff)} with NumPy's cast:
     * integers through long (no precision loss), unsigned 64-bit through its unsigned value, floats
     * through double, complex through both parts.
     */
    public static void convert(MemorySegment src, DType st, long so, MemorySegment dst, DType dt, long doff) {
        if (st.isComplex()) {
            setComplex(dst, dt, doff, getDouble(src, st, so), getImag(src, st, so));
        } else if (st == DType.UINT64) {
            setUnsignedLong(dst, dt, doff, src.get(I64, so));
        } else if (st.isInteger() || st.isBool()) {
            setLong(dst, dt, doff, getLong(src, st, so));
        } else {
            setDouble(dst, dt, doff, getDouble(src, st, so));
        }
    }
}
