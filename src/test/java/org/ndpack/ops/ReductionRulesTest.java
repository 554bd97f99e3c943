package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.NumPy;

/**
 * Reduction rules that are not a value comparison: error messages, ownership of results, and
 * the places where ndpack differs from NumPy on purpose (each pinned here and documented on
 * NDArray).
 */
class ReductionRulesTest {

    @Test
    void badAxesAreRejectedWithMessagesNamingThem() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 2, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.sum(2));
            assertEquals("axis 2 is out of bounds for array of dimension 2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.mean(new int[] {-3}, false));
            assertTrue(e.getMessage().contains("axis -3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.max(new int[] {0, -2}, true));
            assertTrue(e.getMessage().contains("duplicate value in 'axis'") && e.getMessage().contains("[0, -2]"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.argmax(5));
            assertThrows(IllegalArgumentException.class, () -> a.cumsum(-3));
        }
    }

    @Test
    void zeroDimensionalArraysHaveNoAxis() {
        // NumPy accepts axis 0 in np.sum(x, axis=0) for a 0-d x, but not axis=(0,) nor
        // np.mean(x, axis=0); ndpack rejects every explicit axis of a 0-d array
        try (NDArray a = NDArray.scalar(DType.FLOAT64, 5)) {
            assertThrows(IllegalArgumentException.class, () -> a.sum(0));
            assertThrows(IllegalArgumentException.class, () -> a.argmin(-1));
            assertThrows(IllegalArgumentException.class, () -> a.cumsum(0));
            assertEquals(5.0, a.sum().item());
            assertEquals(5.0, a.sum(new int[0], false).item());
            assertEquals(0, a.argmax().itemLong());
            assertArrayEquals(new long[] {1}, a.cumsum().shape());
        }
    }

    @Test
    void emptyReductionsFollowNumPy() {
        try (NDArray e = NDArray.zeros(DType.FLOAT64, 0); NDArray m = NDArray.zeros(DType.INT32, 3, 0)) {
            assertEquals(0.0, e.sum().item());
            assertEquals(1.0, e.prod().item());
            assertTrue(Double.isNaN(e.mean().item()));
            assertTrue(Double.isNaN(e.var().item()));
            assertTrue(e.all().getBoolean());
            assertFalse(e.any().getBoolean());
            assertEquals(DType.INT64, m.sum(1).dtype());
            assertArrayEquals(new long[] {0, 0, 0}, m.sum(1).toLongArray());
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> m.max(1));
            assertTrue(x.getMessage().startsWith("zero-size array to reduction operation maximum which has no identity"),
                    x.getMessage());
            x = assertThrows(IllegalArgumentException.class, e::argmin);
            assertTrue(x.getMessage().startsWith("attempt to get argmin of an empty sequence"), x.getMessage());
            // reducing the non-empty axis of an empty array is fine: the result is empty
            assertArrayEquals(new long[] {0}, m.min(0).shape(), "min over axis 0 of (3, 0) has shape (0,)");
        }
    }

    @Test
    void float16RunningSumsAccumulateInDoubleUnlikeNumPy() {
        // NumPy's cumsum of 5000 float16 ones stops at 2048 (it adds in float16); ndpack adds in
        // double and rounds each result once
        try (NDArray ones = NDArray.ones(DType.FLOAT16, 5000)) {
            NDArray c = ones.cumsum();
            assertEquals(DType.FLOAT16, c.dtype());
            assertEquals(5000.0, c.getDouble(4999));
            assertEquals(4096.0, c.getDouble(4095));
            assertEquals(5000.0, ones.sum().item());
        }
    }

    @Test
    void minOfSignedZerosIsNegativeZeroUnlikeNumPy() {
        // NumPy returns whichever zero comes later; ndpack follows Math.min / Math.max
        try (NDArray a = NDArray.of(new double[] {0.0, -0.0}); NDArray b = NDArray.of(new double[] {-0.0, 0.0})) {
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(a.min().item()));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(b.min().item()));
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(a.max().item()));
        }
    }

    @Test
    void float32ProductsDoNotOverflowInTheMiddleUnlikeNumPy() {
        // NumPy multiplies float32 in float32: 1e30 * 1e30 is inf before * 1e-30 can help
        try (NDArray a = NDArray.of(new float[] {1e30f, 1e30f, 1e-30f})) {
            assertEquals(1e30f, (float) a.prod().item());
        }
    }

    @Test
    void nanPropagatesAndArgReductionsFindTheFirstNaN() {
        NumPy.require();
        double nan = Double.NaN;
        try (NDArray a = NDArray.of(new double[] {3, nan, 1, nan, 7, Double.NEGATIVE_INFINITY}, 2, 3);
                NDArray c = NDArray.zeros(DType.COMPLEX64, 4)) {
            c.setComplex(1, 2, 0);
            c.setComplex(1, nan, 1);
            c.setComplex(0, 5, 2);
            c.setComplex(nan, 0, 3);
            List<String> ex = List.of("np.min(a)", "np.max(a, axis=0)", "np.argmin(a)", "np.argmax(a, axis=1)",
                    "np.sum(a, axis=1)", "np.argmin(c)", "np.max(c)", "np.argmax(a.T, axis=0)", "np.min(c[[0, 2]])");
            List<NumPy.Result> r = NumPy.eval(NumPy.inputs("a", a, "c", c), "", ex);
            List<NDArray> ours = List.of(a.min(), a.max(0), a.argmin(), a.argmax(1), a.sum(1), c.argmin(), c.max(),
                    a.transpose().argmax(0), c.slice("0:3:2").min());
            for (int i = 0; i < ex.size(); i++) {
                NDArray e = r.get(i).get();
                NDArray o = ours.get(i);
                ReduceGolden.assertClose(ex.get(i), e, o, o.dtype(), 0, 0);
                assertEquals(e.dtype(), o.dtype(), ex.get(i));
            }
        }
    }

    @Test
    void resultsOwnTheirMemoryAndLeaveTheInputOpen() {
        NDArray a = NDArray.arange(DType.FLOAT32, 0, 100, 1).reshape(10, 10);
        NDArray s = a.sum(0);
        assertTrue(s.isOwner());
        assertFalse(s.sharesMemory(a));
        a.close();
        assertEquals(450.0, s.getDouble(0));
        assertThrows(IllegalStateException.class, a::sum);
        assertThrows(IllegalStateException.class, () -> a.argmax(0));
        s.close();
    }

    @Test
    void closingAViewBlocksItsReductions() {
        try (NDArray a = NDArray.ones(DType.INT16, 8)) {
            NDArray v = a.slice("::2");
            v.close();
            assertThrows(IllegalStateException.class, v::sum);
            assertEquals(8, a.sum().itemLong());
        }
    }
}
