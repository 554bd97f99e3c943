package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ndpack.testing.NumPy;

/** Factories, Java arrays in and out, element access, equality: against NumPy where it has an answer. */
class CreationAndAccessTest {

    @Test
    void factoriesMatchNumPy() {
        NumPy.require();
        List<String> exprs = new ArrayList<>();
        List<NDArray> ours = new ArrayList<>();
        exprs.add("np.arange(7)");
        ours.add(NDArray.arange(7));
        exprs.add("np.arange(0)");
        ours.add(NDArray.arange(0));
        double[][] ranges = {{0, 1, 0.1}, {-3, 5, 0.7}, {5, -3, -0.7}, {1, 1, 1}, {0, 10, 3}, {2.5, 9.1, 1.3},
            {4, 5, 1}, {4, 4.5, 2}};
        DType[] types = {DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT8, DType.FLOAT16, DType.UINT16};
        for (double[] r : ranges) {
            for (DType t : types) {
                if (t.isUnsigned() && Math.min(r[0], r[1]) < 0) {
                    continue; // NumPy refuses negative values for unsigned ranges
                }
                exprs.add("np.arange(" + r[0] + ", " + r[1] + ", " + r[2] + ", dtype=np." + t.numpyName() + ")");
                ours.add(NDArray.arange(t, r[0], r[1], r[2]));
            }
        }
        double[][] spaces = {{0, 1, 5}, {-2, 7.5, 13}, {3, 3, 4}, {0, 1, 1}, {0, 1, 0}, {1e-3, 1e3, 50}};
        for (double[] s : spaces) {
            for (boolean end : new boolean[] {true, false}) {
                exprs.add("np.linspace(" + s[0] + ", " + s[1] + ", " + (long) s[2] + ", endpoint=" + (end ? "True" : "False") + ")");
                ours.add(NDArray.linspace(DType.FLOAT64, s[0], s[1], (long) s[2], end));
                exprs.add("np.linspace(" + s[0] + ", " + s[1] + ", " + (long) s[2] + ", endpoint=" + (end ? "True" : "False")
                        + ", dtype=np.float32)");
                ours.add(NDArray.linspace(DType.FLOAT32, s[0], s[1], (long) s[2], end));
            }
        }
        long[][] eyes = {{3, 3, 0}, {3, 5, 1}, {5, 3, -2}, {4, 4, 7}, {0, 2, 0}, {4, 2, -1}};
        for (long[] e : eyes) {
            exprs.add("np.eye(" + e[0] + ", " + e[1] + ", " + e[2] + ", dtype=np.int16)");
            ours.add(NDArray.eye(DType.INT16, e[0], e[1], e[2]));
        }
        exprs.add("np.full((2, 3), -1.5, dtype=np.float16)");
        ours.add(NDArray.full(DType.FLOAT16, -1.5, 2, 3));
        exprs.add("np.ones((2, 2), dtype=np.complex64)");
        ours.add(NDArray.ones(DType.COMPLEX64, 2, 2));
        exprs.add("np.full((3,), 300.7, dtype=np.float64).astype(np.uint8)");
        ours.add(NDArray.full(DType.UINT8, 300.7, 3));
        List<NumPy.Result> res = NumPy.eval(NumPy.inputs(), "", exprs);
        for (int i = 0; i < exprs.size(); i++) {
            NDArray expect = res.get(i).get();
            NDArray got = ours.get(i);
            assertEquals(expect.dtype(), got.dtype(), exprs.get(i) + ": dtype");
            assertEquals(expect, got, exprs.get(i) + ": got " + got + " expected " + expect);
        }
    }

    @Test
    void javaArraysRoundTripForEveryPrimitive() {
        float[] f = {1.5f, -2f, Float.NaN, 3e38f, -0f, 7f};
        try (NDArray a = NDArray.of(f, 2, 3)) {
            assertEquals(DType.FLOAT32, a.dtype());
            assertArrayEquals(new long[] {2, 3}, a.shape());
            assertArrayEquals(f, a.toFloatArray());
            assertEquals(3e38f, (float) a.getDouble(1, 0));
        }
        double[] d = {1e300, -1e-300, Math.PI};
        try (NDArray a = NDArray.of(d)) {
            assertArrayEquals(new long[] {3}, a.shape());
            assertArrayEquals(d, a.toDoubleArray());
        }
        long[] l = {Long.MIN_VALUE, -1, Long.MAX_VALUE, 0};
        try (NDArray a = NDArray.of(l, 2, 2)) {
            assertArrayEquals(l, a.toLongArray());
            assertEquals(Long.MAX_VALUE, a.getLong(1, 0));
        }
        int[] i = {Integer.MIN_VALUE, 5};
        try (NDArray a = NDArray.of(i)) {
            assertArrayEquals(i, a.toIntArray());
        }
        short[] s = {-32768, 32767, 1};
        try (NDArray a = NDArray.of(s)) {
            assertEquals(DType.INT16, a.dtype());
            assertArrayEquals(s, a.toShortArray());
        }
        byte[] b = {-128, 127, 0};
        try (NDArray a = NDArray.of(b)) {
            assertArrayEquals(b, a.toByteArray());
        }
        char[] c = {0, 65535, 'x'};
        try (NDArray a = NDArray.of(c)) {
            assertEquals(DType.UINT16, a.dtype());
            assertEquals(65535, a.getLong(1));
            assertArrayEquals(c, a.toCharArray());
        }
        boolean[] z = {true, false, true, true};
        try (NDArray a = NDArray.of(z, 2, 2)) {
            assertEquals(DType.BOOL, a.dtype());
            assertArrayEquals(z, a.toBooleanArray());
            assertTrue(a.getBoolean(1, 1));
        }
        try (NDArray a = NDArray.of(DType.UINT64, new long[] {-1L, 5})) {
            assertEquals(-1L, a.getLong(0), "uint64 reads through long as its bits");
            assertEquals(0x1p64, a.getDouble(0));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 elements") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void transposedArraysCopyOutInCOrder() {
        try (NDArray a = NDArray.arange(6)) {
            NDArray t = a.reshape(2, 3).transpose();
            assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, t.toLongArray());
            assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, a.flip(0).toDoubleArray());
        }
    }

    @Test
    void badShapesAreRejectedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(DType.FLOAT32, 2, -3));
        assertEquals("shape [2, -3]: extents must be >= 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(DType.FLOAT64, 1L << 40, 1L << 40));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(DType.INT8, new long[65]));
        assertTrue(e.getMessage().contains("at most 64 dimensions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NDArray.arange(DType.FLOAT32, 0, 1, 0));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NDArray.linspace(0, 1, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void sizeZeroAndZeroDimensionalArrays() {
        try (NDArray z = NDArray.zeros(DType.FLOAT32, 0, 3); NDArray s = NDArray.full(DType.INT32, 9, new long[0])) {
            assertEquals(0, z.size());
            assertEquals(0, z.toFloatArray().length);
            assertEquals(0, z.slice("1:").size());
            assertArrayEquals(new long[] {0, 3}, z.reshape(-1, 3).shape());
            assertThrows(IllegalArgumentException.class, () -> z.reshape(0, -1), "ambiguous, as in NumPy");
            assertEquals(0, s.ndim());
            assertEquals(1, s.size());
            assertEquals(9.0, s.item());
            assertEquals(9, s.getLong());
            assertArrayEquals(new long[] {1, 1}, s.reshape(1, 1).shape());
            assertArrayEquals(new long[] {1}, s.slice("None").shape());
        }
    }

    @Test
    void elementAccessUsesNegativeIndicesAndNamesOutOfRangeOnes() {
        try (NDArray a = NDArray.arange(12).reshape(3, 4).copy()) {
            assertEquals(11, a.getLong(-1, -1));
            assertEquals(4, a.getLong(-2, 0));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.getLong(3, 0));
            assertEquals("index 3 is out of bounds for axis 0 with size 3", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> a.getDouble(0, -5));
            assertEquals("index -5 is out of bounds for axis 1 with size 4", e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class, () -> a.getDouble(0));
            assertTrue(e.getMessage().contains("2-dimensional"), e.getMessage());
            a.setLong(-7, -1, 0);
            assertEquals(-7, a.getLong(2, 0));
            assertThrows(IllegalArgumentException.class, a::item);
        }
    }

    @Test
    void readOnlyArraysRefuseWrites() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3)) {
            NDArray ro = a.asReadOnly();
            assertTrue(ro.isReadOnly());
            assertFalse(a.isReadOnly());
            ReadOnlyArrayException e = assertThrows(ReadOnlyArrayException.class, () -> ro.setDouble(1, 0));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertTrue(ro.slice("1:").isReadOnly(), "views inherit read-only");
            assertFalse(ro.copy().isReadOnly(), "copies are writable");
            a.setDouble(4, 0);
            assertEquals(4, ro.getDouble(0));
        }
    }

    @Test
    void sixteenBitFloatsRoundToNearestEven() {
        NumPy.require();
        double[] v = {0.1, 65504, 65520, 65519.99, 1e-8, 2.9802322387695312e-8, -3.0000001, 1 + 0x1p-11,
            1 + 0x1p-11 + 0x1p-40, 1 + 3 * 0x1p-11, 6.1e-5, Double.NaN, Double.NEGATIVE_INFINITY, -0.0};
        try (NDArray h = NDArray.of(DType.FLOAT16, v); NDArray src = NDArray.of(v)) {
            NDArray expect = NumPy.eval1(NumPy.inputs("x", src), "x.astype(np.float16)").get();
            assertEquals(expect, h, "float64 -> float16 is rounded once, as NumPy");
        }
        // bfloat16: the upper 16 bits of float32, rounded to nearest even
        try (NDArray b = NDArray.of(DType.BFLOAT16, new double[] {1 + 0x1p-8, 1 + 3 * 0x1p-8, 1 + 0x1p-8 + 0x1p-30,
            3.4e38, Double.NaN})) {
            assertEquals(1.0, b.getDouble(0), "tie rounds to even");
            assertEquals(1 + 4 * 0x1p-8, b.getDouble(1), "tie rounds to even (up)");
            assertEquals(1 + 2 * 0x1p-8, b.getDouble(2), "above the tie rounds up (no double rounding)");
            assertEquals(Double.POSITIVE_INFINITY, b.getDouble(3), "overflow to infinity");
            assertTrue(Double.isNaN(b.getDouble(4)));
        }
    }

    @Test
    void equalityAndAllClose() {
        try (NDArray a = NDArray.of(new double[] {1, Double.NaN, -0.0});
             NDArray b = NDArray.of(new double[] {1, Double.NaN, 0.0});
             NDArray c = NDArray.of(new float[] {1, Float.NaN, 0f})) {
            assertEquals(a, b, "NaN equals NaN and -0.0 equals 0.0 in equals()");
            assertEquals(a.hashCode(), b.hashCode());
            assertFalse(a.equals(c), "dtypes differ");
            assertFalse(a.allClose(b), "NaN is close to nothing, as NumPy");
        }
        try (NDArray x = NDArray.of(new double[] {1, 2, 3}); NDArray y = NDArray.of(new double[] {1 + 1e-9, 2, 3.0001})) {
            assertFalse(x.allClose(y));
            assertTrue(x.allClose(y, 1e-3, 0));
            try (NDArray row = NDArray.of(new double[] {1, 2, 3}, 1, 3)) {
                assertTrue(row.broadcastTo(4, 3).allClose(x), "broadcasts like NumPy");
            }
        }
    }
}
