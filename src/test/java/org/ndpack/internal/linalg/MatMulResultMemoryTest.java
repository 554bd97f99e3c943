package org.ndpack.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * A float32 or float64 product's result is allocated without zeroing (every element is written
 * by the product), so it must not show what its memory held before: each case first closes an
 * array of the result's size full of NaN, whose block the allocator hands to the product's
 * result (checked by address), then demands the exact product, computed here as one fused
 * multiply-add chain per element over k in order (ndpack's order for k up to a panel's depth).
 */
class MatMulResultMemoryTest {
    private static final Random RND = new Random(11);

    @Test
    void float32ProductsOverwriteRecycledMemory() {
        check(DType.FLOAT32, 256, 256, 256); // the blocked path, split into tasks
        check(DType.FLOAT32, 130, 130, 1); // the small unpacked path
        check(DType.FLOAT32, 97, 181, 37); // edge tiles on every side
    }

    @Test
    void float64ProductsOverwriteRecycledMemory() {
        check(DType.FLOAT64, 200, 90, 37);
        check(DType.FLOAT64, 129, 127, 256);
    }

    private static double[] random(DType t, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = t == DType.FLOAT32 ? (float) RND.nextGaussian() : RND.nextGaussian();
        }
        return v;
    }

    /** Element (i, j) of the product as one fma chain over k in order, in t's precision. */
    private static double chain(DType t, double[] a, double[] b, int i, int j, int m, int k) {
        if (t == DType.FLOAT32) {
            float s = 0;
            for (int p = 0; p < k; p++) {
                s = Math.fma((float) a[i * k + p], (float) b[p * m + j], s);
            }
            return s;
        }
        double s = 0;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[i * k + p], b[p * m + j], s);
        }
        return s;
    }

    private static void check(DType t, int n, int m, int k) {
        double[] a = random(t, n * k);
        double[] b = random(t, k * m);
        try (NDArray a64 = NDArray.of(a, n, k); NDArray b64 = NDArray.of(b, k, m);
                NDArray x = a64.astype(t); NDArray y = b64.astype(t)) {
            String what = t + " " + n + "x" + m + "x" + k;
            // a block above the start-up size ends the allocator's start-up blocks (never kept), if
            // any are left: the Maven build turns them off, a JVM started otherwise may have them
            try (NDArray big = NDArray.zeros(DType.INT8, 17 << 20)) {
                assertEquals(17 << 20, big.nbytes());
            }
            // another thread may free a block of the same size between the close and the product
            // (the cleaner of an earlier test's collected array; the most recently freed block is
            // reused first): then the product gets that block, and the case is tried again
            for (int attempt = 1; ; attempt++) {
                long garbage;
                try (NDArray nan = NDArray.full(t, Double.NaN, n, m)) {
                    garbage = impl(nan).memory.segment.address();
                }
                try (NDArray c = x.matmul(y)) {
                    if (garbage != impl(c).memory.segment.address()) {
                        assertTrue(attempt < 10, what + ": in 10 tries the result never got the recycled block, "
                                + "so this case tests nothing");
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m; j++) {
                            assertEquals(chain(t, a, b, i, j, m, k), c.getDouble(i, j), 0.0,
                                    what + " at (" + i + ", " + j + ")");
                        }
                    }
                    return;
                }
            }
        }
    }
}
