package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.ndpack.testing.NumPy;

/**
 * Random test inputs of every dtype, rich in the values that trip sorts and copies (NaN, both
 * zeros, infinities, duplicates, extremes of integer ranges), and a bit-exact comparison with
 * NumPy's results.
 */
final class ShapeTestData {
    /** Every dtype, bool to complex128. */
    static final List<DType> ALL = List.of(DType.values());

    private static final double[] SPECIALS = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.0, -1.0, 0.5, 2.0, -0.0, 0.0, Double.NaN};

    private ShapeTestData() {
    }

    /**
     * {@return a C-contiguous random array of {@code t}}: floats mix normal samples with about 40%
     * special values (many repeated); integers cover the whole range of the type, or {@code [0, 5)}
     * when {@code dense} (many duplicates); complex parts are drawn independently.
     */
    static NDArray random(Generator g, DType t, boolean dense, long... shape) {
        long n = 1;
        for (long e : shape) {
            n *= e;
        }
        if (t.isBool()) {
            return g.integers(DType.BOOL, 0, 2, shape);
        }
        if (t.isInteger()) {
            if (dense) {
                return g.integers(t, 0, 5, shape);
            }
            if (t == DType.UINT64) {
                try (NDArray s = g.integers(DType.INT64, Long.MIN_VALUE, Long.MAX_VALUE, shape)) {
                    return s.astype(DType.UINT64); // the bits of negative values: the top half of uint64
                }
            }
            DType signed = switch (t) {
                case UINT8 -> DType.INT16;
                case UINT16 -> DType.INT32;
                case UINT32 -> DType.INT64;
                default -> t;
            };
            long lo = switch (t) {
                case INT8 -> Byte.MIN_VALUE;
                case INT16 -> Short.MIN_VALUE;
                case INT32 -> Integer.MIN_VALUE;
                case INT64 -> Long.MIN_VALUE;
                default -> 0;
            };
            long hi = switch (t) {
                case INT8 -> Byte.MAX_VALUE;
                case INT16 -> Short.MAX_VALUE;
                case INT32 -> Integer.MAX_VALUE;
                case UINT8 -> 0xff;
                case UINT16 -> 0xffff;
                case UINT32 -> 0xffffffffL;
                default -> Long.MAX_VALUE;
            };
            try (NDArray s = g.integers(signed, lo, hi, shape)) {
                return s.astype(t);
            }
        }
        double[] re = values(g, n, dense);
        if (!t.isComplex()) {
            return NDArray.of(t, re, shape);
        }
        double[] im = values(g, n, dense);
        NDArray c = NDArray.zeros(t, shape);
        NDArray flat = c.reshape(n);
        for (int i = 0; i < n; i++) {
            flat.setComplex(re[i], im[i], i);
        }
        return c;
    }

    private static double[] values(Generator g, long n, boolean dense) {
        double[] v;
        long[] pick;
        try (NDArray z = g.normal(DType.FLOAT64, 0, 100, n); NDArray p = g.integers(DType.INT32, 0, 25, n)) {
            v = z.toDoubleArray();
            pick = p.toLongArray();
        }
        for (int i = 0; i < v.length; i++) {
            if (pick[i] < SPECIALS.length) {
                v[i] = SPECIALS[(int) pick[i]];
            } else if (dense) {
                v[i] = Math.rint(v[i] / 50);
            }
        }
        return v;
    }

    /**
     * Asserts that {@code actual} equals NumPy's {@code expected} bit for bit (zero signs and
     * NaN positions included), with the same shape and dtype; a {@code bfloat16} result is compared
     * with NumPy's {@code float32} (NumPy has no bfloat16; the values are exact in both).
     */
    static void assertSameBits(NDArray expected, NDArray actual, String what) {
        NDArray a = actual.dtype().numpyDescr() == null ? actual.astype(DType.FLOAT32) : actual;
        assertEquals(expected.dtype(), a.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), a.shape(), what + ": shape");
        byte[] e = NumPy.rawBytes(expected);
        byte[] g = NumPy.rawBytes(a);
        if (!java.util.Arrays.equals(e, g)) {
            throw new AssertionError(what + ": values differ\n expected " + expected + "\n   actual " + a);
        }
    }
}
