package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.ndpack.DType;
import org.ndpack.NDArray;

/** Random inputs of every dtype and comparison of ndpack's results with NumPy's. */
final class Golden {
    /** The dtypes NumPy has (all but bfloat16). */
    static final DType[] NUMPY_DTYPES = {
        DType.BOOL, DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.UINT8, DType.UINT16,
        DType.UINT32, DType.UINT64, DType.FLOAT16, DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64,
        DType.COMPLEX128,
    };

    private static int major = -1;

    private Golden() {
    }

    /** {@return the major version of the NumPy used as the oracle} */
    static synchronized int numpyMajor() {
        if (major < 0) {
            major = Integer.parseInt(org.ndpack.testing.NumPy.run("import numpy; print(numpy.__version__.split('.')[0])").trim());
        }
        return major;
    }

    /**
     * {@return a random array}: integers mix small values (so division, shifts and powers are
     * interesting) with full-range bit patterns (so overflow wraps); floats mix ordinary values with
     * NaN, infinities and signed zeros when {@code specials}
     */
    static NDArray random(DType t, Random r, boolean specials, long... shape) {
        NDArray a = NDArray.zeros(t, shape);
        long n = a.size();
        NDArray flat = a.reshape(n);
        for (long i = 0; i < n; i++) {
            if (t.isBool()) {
                flat.setLong(r.nextInt(2), i);
            } else if (t.isInteger()) {
                long v = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(21) - 10;
                if (t.isUnsigned() && v < 0 && r.nextBoolean()) {
                    v = -v;
                }
                flat.setLong(v, i);
            } else {
                double re = value(r, specials);
                double im = value(r, specials);
                if (t.isComplex()) {
                    flat.setComplex(re, im, i);
                } else {
                    flat.setDouble(re, i);
                }
            }
        }
        return a;
    }

    private static double value(Random r, boolean specials) {
        if (specials) {
            switch (r.nextInt(14)) {
                case 0:
                    return Double.NaN;
                case 1:
                    return Double.POSITIVE_INFINITY;
                case 2:
                    return Double.NEGATIVE_INFINITY;
                case 3:
                    return -0.0;
                case 4:
                    return 0.0;
                default:
                    break;
            }
        }
        double v = (r.nextDouble() - 0.5) * 20;
        return r.nextInt(4) == 0 ? Math.rint(v) : v;
    }

    /**
     * Asserts that {@code actual} equals NumPy's {@code expected}: dtype, shape, and values
     * (integers exactly; floats with the same NaNs and infinities and within {@code rtol}, exact
     * when {@code rtol == 0}; -0.0 equals 0.0).
     */
    static void assertMatches(String what, NDArray expected, NDArray actual, double rtol) {
        assertMatches(what, expected, actual, rtol, 0);
    }

    /** As {@link #assertMatches(String, NDArray, NDArray, double)}, with an absolute tolerance too. */
    static void assertMatches(String what, NDArray expected, NDArray actual, double rtol, double atol) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        DType t = expected.dtype();
        if (t.isInteger() || t.isBool()) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what + ": values\nexpected "
                    + expected + "\nactual   " + actual);
            return;
        }
        if (t.isComplex()) {
            assertClose(what + " (real)", expected.real().toDoubleArray(), actual.real().toDoubleArray(), rtol, atol, t);
            assertClose(what + " (imag)", expected.imag().toDoubleArray(), actual.imag().toDoubleArray(), rtol, atol, t);
            return;
        }
        assertClose(what, expected.toDoubleArray(), actual.toDoubleArray(), rtol, atol, t);
    }

    private static void assertClose(String what, double[] e, double[] a, double rtol, double atol, DType t) {
        double tiny = t == DType.FLOAT16 ? 6e-8 : t == DType.FLOAT32 || t == DType.COMPLEX64 ? 1e-37 : 1e-300;
        for (int i = 0; i < e.length; i++) {
            double x = e[i];
            double y = a[i];
            boolean ok;
            if (Double.isNaN(x) || Double.isNaN(y)) {
                ok = Double.isNaN(x) && Double.isNaN(y);
            } else if (Double.isInfinite(x) || Double.isInfinite(y) || (rtol == 0 && atol == 0)) {
                ok = x == y;
            } else {
                ok = Math.abs(x - y) <= rtol * Math.abs(x) + atol + tiny;
            }
            if (!ok) {
                fail(what + ": element " + i + " expected " + x + " but was " + y + " (rtol " + rtol + ")");
            }
        }
    }

    /** {@return a relative tolerance of a few units in the last place of {@code t}} */
    static double ulps(DType t, int n) {
        return switch (t) {
            case FLOAT16 -> n * 0x1p-10;
            case FLOAT32, COMPLEX64 -> n * 0x1p-23;
            default -> n * 0x1p-52;
        };
    }
}
