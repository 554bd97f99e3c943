package org.ndpack.internal;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * NumPy's {@code repr} of an array: {@code array([[1., 2.], [3., 4.]], dtype=float32)}.
 * A first version: element formatting and nesting follow NumPy; line wrapping and summarisation
 * are simplified. The caller holds a lease.
 */
public final class Format {
    private static final ArrayAccess A = ArrayAccess.get();

    private Format() {
    }

    /** {@return NumPy's repr of {@code a}} */
    public static String repr(NDArray a) {
        DType t = a.dtype();
        long[] shape = A.shape(a);
        StringBuilder sb = new StringBuilder("array(");
        if (a.size() == 0) {
            sb.append("[]");
            if (shape.length != 1) {
                sb.append(", shape=").append(tuple(shape));
            }
            return sb.append(", dtype=").append(t).append(')').toString();
        }
        elements(a, sb, 0, new long[shape.length], 7);
        if (!(t == DType.FLOAT64 || t == DType.INT64 || t == DType.BOOL || t == DType.COMPLEX128)) {
            sb.append(", dtype=").append(t);
        }
        return sb.append(')').toString();
    }

    private static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static void elements(NDArray a, StringBuilder sb, int axis, long[] idx, int indent) {
        long[] shape = A.shape(a);
        if (axis == shape.length) {
            sb.append(element(a, idx));
            return;
        }
        sb.append('[');
        boolean summarise = a.size() > 1000 && shape[axis] > 6;
        for (long i = 0; i < shape[axis]; i++) {
            if (summarise && i == 3) {
                sb.append(axis == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = shape[axis] - 3;
            }
            idx[axis] = i;
            elements(a, sb, axis + 1, idx, indent);
            if (i < shape[axis] - 1) {
                sb.append(axis == shape.length - 1 ? ", " : ",\n" + "\n".repeat(shape.length - axis - 2)
                        + " ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    private static String element(NDArray a, long[] idx) {
        DType t = a.dtype();
        MemorySegment s = A.memory(a).segment;
        long e = A.offset(a);
        long[] st = A.strides(a);
        for (int i = 0; i < idx.length; i++) {
            e += idx[i] * st[i];
        }
        long off = e * t.byteSize();
        if (t.isBool()) {
            return Elements.getBoolean(s, t, off) ? " True" : "False";
        }
        if (t == DType.UINT64) {
            return Long.toUnsignedString(Elements.getLong(s, t, off));
        }
        if (t.isInteger()) {
            return Long.toString(Elements.getLong(s, t, off));
        }
        if (t.isComplex()) {
            double im = Elements.getImag(s, t, off);
            return real(Elements.getDouble(s, t, off), t) + (im < 0 || (im == 0 && 1 / im < 0) ? "-" : "+")
                    + real(Math.abs(im), t) + "j";
        }
        return real(Elements.getDouble(s, t, off), t);
    }

    private static String real(double v, DType t) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String shortest = (t == DType.FLOAT32 || t == DType.COMPLEX64) ? Float.toString((float) v)
                : Double.toString(v);
        BigDecimal d = new BigDecimal(shortest).stripTrailingZeros();
        String p = d.scale() <= 0 ? d.toBigInteger().toString() + "." : d.toPlainString();
        return p;
    }
}
