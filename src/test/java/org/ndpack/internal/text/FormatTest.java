package org.ndpack.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Pinned examples of {@code NDArray.toString()}, each the text NumPy 1.24's {@code repr} prints
 * for the same array (so they also run where NumPy is absent; {@link FormatGoldenTest} compares
 * with NumPy itself on many more arrays).
 */
class FormatTest {

    private static String repr(NDArray a) {
        try (a) {
            return a.toString();
        }
    }

    @Test
    void floatColumnsShareOneFormat() {
        assertEquals("array([1. , 2.5])", repr(NDArray.of(new double[] {1, 2.5})));
        assertEquals("array([[1., 2.],\n       [3., 4.]], dtype=float32)", repr(NDArray.of(new float[] {1, 2, 3, 4}, 2, 2)));
        assertEquals("array([0.1       , 0.33333333])", repr(NDArray.of(new double[] {0.1, 1.0 / 3})));
        assertEquals("array([1.0000000e-05, 1.2345678e+10])", repr(NDArray.of(new double[] {1e-5, 1.2345678e10})));
        assertEquals("array([9.9999997e-06, 1.2345678e+10], dtype=float32)",
                repr(NDArray.of(new float[] {1e-5f, 1.2345678e10f})));
        assertEquals("array([ nan, -inf,   1.])", repr(NDArray.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 1})));
        assertEquals("array([-0.,  0.])", repr(NDArray.of(new double[] {-0.0, 0.0})));
        assertEquals("array(5.e-324)", repr(NDArray.scalar(DType.FLOAT64, 5e-324)));
        assertEquals("array([65504.], dtype=float16)", repr(NDArray.of(DType.FLOAT16, new double[] {65504})));
        assertEquals("array([0.1, 0.2], dtype=float16)", repr(NDArray.of(DType.FLOAT16, new double[] {0.1, 0.2})));
    }

    @Test
    void integersBoolsComplexAndBfloat16() {
        assertEquals("array([  1, -20,   3], dtype=int8)", repr(NDArray.of(new byte[] {1, -20, 3})));
        assertEquals("array([18446744073709551615,                    0], dtype=uint64)",
                repr(NDArray.of(DType.UINT64, new long[] {-1, 0})));
        assertEquals("array([ True, False])", repr(NDArray.of(new boolean[] {true, false})));
        assertEquals("array(True)", repr(NDArray.scalar(DType.BOOL, 1)));
        try (NDArray c = NDArray.zeros(DType.COMPLEX128, 2)) {
            c.setComplex(1, 2, 0);
            c.setComplex(Double.NaN, Double.POSITIVE_INFINITY, 1);
            assertEquals("array([ 1. +2.j, nan+infj])", c.toString());
        }
        assertEquals("array([1.5     , 3.140625], dtype=bfloat16)",
                repr(NDArray.of(DType.BFLOAT16, new double[] {1.5, 3.14159})));
    }

    @Test
    void emptyArraysShowTheirShape() {
        assertEquals("array([], dtype=float64)", repr(NDArray.zeros(DType.FLOAT64, 0)));
        assertEquals("array([], shape=(0, 3), dtype=float32)", repr(NDArray.zeros(DType.FLOAT32, 0, 3)));
        assertEquals("array([], shape=(2, 0), dtype=int64)", repr(NDArray.zeros(DType.INT64, 2, 0)));
    }

    @Test
    void longRowsWrapAndBigArraysAreSummarised() {
        assertEquals("""
                array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,
                       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])""", repr(NDArray.arange(30)));
        assertEquals("array([   0,    1,    2, ..., 1998, 1999, 2000])", repr(NDArray.arange(2001)));
        String s;
        try (NDArray base = NDArray.arange(2000)) {
            s = base.reshape(2, 10, 100).toString();
        }
        assertTrue(s.startsWith("array([[[   0,    1,    2, ...,   97,   98,   99],\n"), s);
        assertTrue(s.contains("        ...,\n"), s);
        assertTrue(s.contains("]],\n\n       [[1000, "), "a blank line between 2-d blocks: " + s);
    }

    @Test
    void dtypeMovesToItsOwnLineWhenItWouldPassColumn75() {
        assertEquals("""
                array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10.],
                      dtype=float32)""", repr(NDArray.arange(DType.FLOAT32, 0, 11, 1)));
        assertEquals("""
                array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,
                       13.], dtype=float32)""", repr(NDArray.arange(DType.FLOAT32, 0, 14, 1)));
    }

    @Test
    void viewsTooBigToShowEvenSummarisedPrintTheirShape() {
        long[] shape = new long[40];
        java.util.Arrays.fill(shape, 2);
        try (NDArray one = NDArray.zeros(DType.FLOAT64)) {
            String s = one.broadcastTo(shape).toString();
            assertEquals("array(..., shape=(" + "2, ".repeat(39) + "2), dtype=float64)", s);
        }
    }
}
