package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ndpack.internal.dtype.Elements;

/**
 * The Vector API leaves of minima and maxima read straight from memory
 * ({@link ReduceVector#extremeF32}, {@link ReduceVector#extremeF64}) against the portable leaf
 * ({@link ReduceKernels#leaf}) of the same values widened to double: the same bits per lane, NaN
 * for NaN, with NaNs, signed zeros and infinities among the values, after C2 has compiled both.
 */
class ExtremeLeafTest {
    private static final int W = ReduceKernels.W;
    private static final int LEAF = ReduceKernels.LEAF;

    @Test
    void vectorLeavesMatchThePortableLeaf() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "skipped: the Vector API kernels are off: " + VectorSupport.REASON);
        Random rnd = new Random(5);
        double[] special = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Float.MAX_VALUE};
        MemorySegment f = Arena.ofAuto().allocate(LEAF * 4L + 8, 64);
        MemorySegment d = Arena.ofAuto().allocate(LEAF * 8L + 8, 64);
        double[] buf = new double[LEAF];
        double[] scratch = new double[LEAF];
        double[] want = new double[W];
        double[] got = new double[W];
        for (int round = 0; round < 4000; round++) {
            boolean single = round % 2 == 0;
            int nans = round % 5 == 0 ? 0 : 2; // leaves without any NaN too
            for (int i = 0; i < LEAF; i++) {
                int kind = rnd.nextInt(128);
                double x = kind < special.length && (kind != 0 || nans > 0) ? special[kind] : rnd.nextGaussian();
                buf[i] = single ? (double) (float) x : x;
                if (single) {
                    f.setAtIndex(Elements.F32, i + 1, (float) x); // 4 bytes past a 64-byte boundary
                } else {
                    d.setAtIndex(Elements.F64, i + 1, x);
                }
            }
            for (boolean min : new boolean[] {true, false}) {
                ReduceKernels.leaf(buf, 0, LEAF, min ? ReduceKernels.MIN : ReduceKernels.MAX, scratch, want, 0);
                if (single) {
                    ReduceVector.extremeF32(f, 4, min, got, 0);
                } else {
                    ReduceVector.extremeF64(d, 8, min, got, 0);
                }
                for (int j = 0; j < W; j++) {
                    String what = (single ? "float32 " : "float64 ") + (min ? "min" : "max") + " lane " + j
                            + " round " + round + ": " + want[j] + " vs " + got[j];
                    if (Double.isNaN(want[j])) {
                        assertTrue(Double.isNaN(got[j]), what);
                    } else {
                        assertEquals(Double.doubleToRawLongBits(want[j]), Double.doubleToRawLongBits(got[j]), what);
                    }
                }
            }
        }
    }
}
