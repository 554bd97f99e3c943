package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code argmax} and {@code argmin} of whole arrays of float32, float64 and integers, which take
 * the block-wise route of {@code ReduceArg} (each block's extreme first, then its first position),
 * give NumPy's answer: the first NaN if there is one, else the first position of the extreme,
 * with -0.0 and 0.0 equal (the earlier wins). Checked against a plain scan of the values in that
 * rule, on data built to put the deciding element at block edges (blocks of 1024), in later
 * blocks than an equal one, behind NaNs of either sign bit, and in strided views and arrays long
 * enough to be split over threads. Tagged {@code kernels}: the main run searches blocks with the
 * Vector API ({@code ArgVector}), the portable run with the scalar loop.
 */
@Tag("kernels")
class ArgExtremeTest {
    /** NumPy's rule, by a plain scan. */
    private static long expected(double[] v, boolean max) {
        long at = -1;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (Double.isNaN(x)) {
                return i;
            }
            if (at < 0 || (max ? x > v[(int) at] : x < v[(int) at])) {
                at = i;
            }
        }
        return at;
    }

    private static long expectedLong(long[] v, boolean max, boolean unsigned) {
        long at = -1;
        for (int i = 0; i < v.length; i++) {
            int c = at < 0 ? 1 : unsigned ? Long.compareUnsigned(v[i], v[(int) at]) : Long.compare(v[i], v[(int) at]);
            if (at < 0 || (max ? c > 0 : c < 0)) {
                at = i;
            }
        }
        return at;
    }

    /** Data sets over values {@code v}: each a different placement of ties, zeros, NaNs and infinities. */
    private static double[][] cases(Random rnd) {
        int[] sizes = {1, 5, 1023, 1024, 1025, 3000, 5000};
        double[][] out = new double[sizes.length * 8 + 1][];
        int c = 0;
        for (int n : sizes) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = Math.round(rnd.nextGaussian() * 8) / 4.0; // many ties
            }
            out[c++] = a.clone();
            double[] zeros = new double[n]; // -0.0 first, then 0.0: the -0.0 wins either way
            for (int i = 0; i < n; i++) {
                zeros[i] = i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : -1.0 - i;
            }
            out[c++] = zeros;
            double[] late = a.clone(); // the extreme, tied, in the last block and once earlier
            late[n - 1] = 1e9;
            late[n / 2] = 1e9;
            late[0] = -1e9;
            out[c++] = late;
            double[] nan = a.clone();
            nan[n - 1] = Double.NaN;
            if (n > 2) {
                nan[n / 3] = Double.longBitsToDouble(0xfff8000000000001L); // a NaN with the sign bit set
            }
            out[c++] = nan;
            double[] inf = a.clone();
            inf[n / 2] = Double.POSITIVE_INFINITY;
            inf[n - 1] = Double.NEGATIVE_INFINITY;
            out[c++] = inf;
            double[] same = new double[n];
            java.util.Arrays.fill(same, 2.5);
            out[c++] = same;
            double[] edge = a.clone(); // the extreme at the first element of the second block
            if (n > 1024) {
                edge[1024] = 1e9;
                edge[1023] = -1e9;
            }
            out[c++] = edge;
            double[] rising = new double[n];
            for (int i = 0; i < n; i++) {
                rising[i] = i % 1024 - i / 1024; // each block holds the same extremes, lower: the first block wins
            }
            out[c++] = rising;
        }
        double[] big = new double[600_000]; // long enough for the parallel split
        for (int i = 0; i < big.length; i++) {
            big[i] = rnd.nextInt(1000);
        }
        big[599_000] = 5000;
        big[300_000] = 5000;
        big[123] = -5000;
        big[450_001] = -5000;
        out[c++] = big;
        return out;
    }

    @Test
    void floatArgExtremesFollowNumPysRule() {
        Random rnd = new Random(21);
        int checked = 0;
        for (double[] v : cases(rnd)) {
            try (NDArray d = NDArray.of(v, v.length)) {
                for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    try (NDArray x = d.astype(t)) {
                        double[] back = x.toDoubleArray(); // the values as stored (float32 rounds)
                        for (boolean max : new boolean[] {true, false}) {
                            long want = expected(back, max);
                            try (NDArray r = max ? x.argmax() : x.argmin()) {
                                assertEquals(want, r.getLong(), t + " n=" + v.length + (max ? " argmax" : " argmin"));
                            }
                            checked++;
                        }
                        if (v.length >= 6) {
                            // every other element, from the back: a strided, negative-stride view
                            try (NDArray view = x.flip(0).slice("::2")) {
                                double[] w = view.toDoubleArray();
                                for (boolean max : new boolean[] {true, false}) {
                                    try (NDArray r = max ? view.argmax() : view.argmin()) {
                                        assertEquals(expected(w, max), r.getLong(), t + " strided n=" + v.length);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(cases(new Random(21)).length * 4, checked);
    }

    @Test
    void integerArgExtremesFollowNumPysRule() {
        Random rnd = new Random(22);
        for (int n : new int[] {7, 1024, 1025, 4000, 600_000}) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextInt(2000) - 1000;
            }
            v[n - 1] = 1000;
            v[n / 2] = 1000;
            try (NDArray l = NDArray.of(v, n)) {
                for (DType t : new DType[] {DType.INT64, DType.INT32, DType.INT16, DType.UINT64}) {
                    try (NDArray x = l.astype(t)) {
                        long[] back = x.toLongArray();
                        boolean unsigned = t == DType.UINT64;
                        for (boolean max : new boolean[] {true, false}) {
                            try (NDArray r = max ? x.argmax() : x.argmin()) {
                                assertEquals(expectedLong(back, max, unsigned), r.getLong(),
                                        t + " n=" + n + (max ? " argmax" : " argmin"));
                            }
                        }
                    }
                }
            }
        }
        // the extremes of int64 and uint64 themselves
        long[] edges = {0, Long.MIN_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        try (NDArray x = NDArray.of(edges, edges.length); NDArray u = x.astype(DType.UINT64);
                NDArray xMax = x.argmax(); NDArray xMin = x.argmin(); NDArray uMax = u.argmax(); NDArray uMin = u.argmin()) {
            assertEquals(2, xMax.getLong());
            assertEquals(1, xMin.getLong());
            assertEquals(3, uMax.getLong()); // -1 is the largest uint64
            assertEquals(0, uMin.getLong());
        }
    }
}
