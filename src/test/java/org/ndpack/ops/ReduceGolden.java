package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Helpers for golden tests of the reductions and of matmul: random arrays of every dtype, and
 * comparison of a result with NumPy's, exact for integers and within a stated number of units
 * in the last place of the result dtype for floating types.
 */
final class ReduceGolden {
    private ReduceGolden() {
    }

    /** Every dtype ndpack has. */
    /** Every dtype the reductions and matrix products take (not the float8 types yet: see DType). */
    static final DType[] ALL = java.util.Arrays.stream(DType.values()).filter(t -> !t.isFloat8()).toArray(DType[]::new);

    /**
     * {@return a C-contiguous array of random values of {@code t}}: integers over their whole
     * range (so sums and products wrap), floats from a normal distribution scaled by
     * {@code scale}, complex numbers with both parts so
     */
    static NDArray random(DType t, Random rnd, double scale, long... shape) {
        NDArray a = NDArray.zeros(t, shape);
        NDArray flat = a.reshape(a.size());
        for (long i = 0; i < a.size(); i++) {
            if (t.isBool()) {
                flat.setLong(rnd.nextInt(2), i);
            } else if (t.isInteger()) {
                flat.setLong(rnd.nextLong(), i);
            } else if (t.isComplex()) {
                flat.setComplex(rnd.nextGaussian() * scale, rnd.nextGaussian() * scale, i);
            } else {
                flat.setDouble(rnd.nextGaussian() * scale, i);
            }
        }
        return a;
    }

    /** {@return a C-contiguous array of small random values of {@code t} (integers in [-3, 3], unsigned in [0, 3])} */
    static NDArray small(DType t, Random rnd, long... shape) {
        NDArray a = NDArray.zeros(t, shape);
        NDArray flat = a.reshape(a.size());
        for (long i = 0; i < a.size(); i++) {
            int k = t.isBool() ? rnd.nextInt(2) : t.isUnsigned() ? rnd.nextInt(4) : rnd.nextInt(7) - 3;
            if (t.isComplex()) {
                flat.setComplex(k, rnd.nextInt(7) - 3, i);
            } else {
                flat.setLong(k, i);
            }
        }
        return a;
    }

    /** {@return the elements of {@code a} in C order: real parts, then (for complex) imaginary parts} */
    static double[][] parts(NDArray a) {
        long n = a.size();
        double[] re = new double[(int) n];
        double[] im = new double[(int) n];
        try (NDArray c = a.copy()) {
            NDArray f = c.reshape(n);
            for (int i = 0; i < n; i++) {
                re[i] = f.getDouble(i);
                im[i] = f.getImag(i);
            }
        }
        return new double[][] {re, im};
    }

    /** {@return one unit in the last place of {@code x} in the precision of {@code t}} */
    static double ulp(DType t, double x) {
        double ax = Math.abs(x);
        return switch (t) {
            case FLOAT16 -> Math.max(Math.ulp((float) ax) * 8192.0, 0x1p-24);
            case BFLOAT16 -> Math.max(Math.ulp((float) ax) * 65536.0, 0x1p-133);
            case FLOAT32, COMPLEX64 -> Math.ulp((float) ax);
            default -> Math.ulp(ax);
        };
    }

    /**
     * Asserts that {@code actual} has the given dtype, {@code expected}'s shape and values within
     * {@code ulps} units in the last place of that dtype plus {@code atol} (exactly, for integer
     * and bool dtypes); NaN must meet NaN and infinities the same infinity.
     */
    static void assertClose(String what, NDArray expected, NDArray actual, DType dtype, double ulps, double atol) {
        assertClose(what, expected, actual, dtype, ulps, atol, null, 0);
    }

    /**
     * Like {@link #assertClose(String, NDArray, NDArray, DType, double, double)}, with an extra
     * allowance of {@code factor * scale[i]} for element {@code i} (for sums, {@code scale} is the
     * sum of the magnitudes of the terms, which bounds their rounding errors).
     */
    static void assertClose(String what, NDArray expected, NDArray actual, DType dtype, double ulps, double atol,
            NDArray scale, double factor) {
        assertEquals(dtype, actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        if (dtype.isInteger() || dtype.isBool()) {
            try (NDArray e = expected.astype(DType.INT64); NDArray a = actual.astype(DType.INT64)) {
                assertArrayEquals(e.toLongArray(), a.toLongArray(), what + ": values");
            }
            return;
        }
        double[][] e = parts(expected);
        double[][] a = parts(actual);
        double[] sc = scale == null ? null : parts(scale)[0];
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < e[p].length; i++) {
                double x = e[p][i];
                double y = a[p][i];
                boolean ok;
                if (Double.isNaN(x) || Double.isNaN(y)) {
                    ok = Double.isNaN(x) && Double.isNaN(y);
                } else if (Double.isInfinite(x) || Double.isInfinite(y)) {
                    ok = x == y;
                } else {
                    double extra = sc == null || Double.isNaN(sc[i]) ? 0 : factor * sc[i];
                    ok = Math.abs(x - y) <= ulps * ulp(dtype, x) + atol + extra;
                }
                if (!ok) {
                    fail(what + ": element " + i + (p == 1 ? " (imaginary part)" : "") + " is " + y + ", expected "
                            + x + " (within " + ulps + " ulp of " + dtype + " + " + atol + ")");
                }
            }
        }
    }
}
