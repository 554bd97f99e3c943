package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Whole-array {@code sum}, {@code prod}, {@code min}, {@code max} of contiguous int32, int64 and
 * uint64 arrays, and {@code any}/{@code all} of contiguous bool arrays, take {@code ReduceLong}'s
 * bulk-copy route (bools eight bytes at a time, stopping early). Checked against plain Java
 * arithmetic (wrapping sums and products, unsigned order for uint64) at lengths around its
 * blocks (1024 values, 8192 bools) and long enough to be split over threads, and for
 * {@code any}/{@code all} with the deciding element at every kind of place.
 */
class IntegerReductionRouteTest {
    private static final int[] SIZES = {1, 7, 1023, 1024, 1025, 8191, 8192, 8193, 20_000, 700_001};

    @Test
    void integerSequencesReduceExactly() {
        Random rnd = new Random(41);
        for (int n : SIZES) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextInt(5) == 0 ? rnd.nextLong() : rnd.nextInt(2001) - 1000;
            }
            try (NDArray l = NDArray.of(v, n)) {
                for (DType t : new DType[] {DType.INT64, DType.UINT64, DType.INT32}) {
                    try (NDArray x = l.astype(t)) {
                        long[] w = x.toLongArray(); // the stored values (int32 keeps the low bits)
                        long sum = 0;
                        long prod = 1;
                        long min = w[0];
                        long max = w[0];
                        boolean unsigned = t == DType.UINT64;
                        for (long y : w) {
                            sum += y;
                            prod *= y;
                            min = (unsigned ? Long.compareUnsigned(y, min) : Long.compare(y, min)) < 0 ? y : min;
                            max = (unsigned ? Long.compareUnsigned(y, max) : Long.compare(y, max)) > 0 ? y : max;
                        }
                        String at = t + " n=" + n;
                        assertEquals(sum, x.sum().getLong(), at + " sum");
                        assertEquals(prod, x.prod().getLong(), at + " prod");
                        assertEquals(min, x.min().getLong(), at + " min");
                        assertEquals(max, x.max().getLong(), at + " max");
                    }
                }
            }
        }
        long[] edges = {5, Long.MIN_VALUE, -1, Long.MAX_VALUE, 0};
        try (NDArray x = NDArray.of(edges, 5); NDArray u = x.astype(DType.UINT64)) {
            assertEquals(Long.MIN_VALUE, x.min().getLong());
            assertEquals(Long.MAX_VALUE, x.max().getLong());
            assertEquals(0, u.min().getLong());
            assertEquals(-1, u.max().getLong()); // 2^64 - 1
        }
    }

    /**
     * A view whose rows are contiguous but not each other's neighbours reaches the route once per
     * row, the running value carried from row to row (and for any/all already decided).
     */
    @Test
    void rowsOfAViewCarryTheRunningValue() {
        Random rnd = new Random(42);
        long[] v = new long[300 * 700];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(2_000_001) - 1_000_000;
        }
        v[299 * 700 + 10] = 5_000_000; // the maximum and minimum in late rows
        v[150 * 700 + 3] = -5_000_000;
        boolean[] flags = new boolean[300 * 700];
        flags[200 * 700 + 499] = true; // inside the view's last columns
        flags[250 * 700 + 600] = true; // outside the view
        try (NDArray l = NDArray.of(v, 300, 700); NDArray b = NDArray.of(flags, 300, 700)) {
            for (DType t : new DType[] {DType.INT64, DType.INT32}) {
                try (NDArray x = l.astype(t); NDArray view = x.slice(":, :500")) {
                    long[] w = view.copy().toLongArray();
                    long sum = 0;
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (long y : w) {
                        sum += y;
                        min = Math.min(min, y);
                        max = Math.max(max, y);
                    }
                    try (NDArray s = view.sum(); NDArray lo = view.min(); NDArray hi = view.max()) {
                        assertEquals(sum, s.getLong(), t + " sum");
                        assertEquals(-5_000_000, min);
                        assertEquals(min, lo.getLong(), t + " min");
                        assertEquals(5_000_000, max);
                        assertEquals(max, hi.getLong(), t + " max");
                    }
                }
            }
            try (NDArray view = b.slice(":, :500"); NDArray none = b.slice(":200, :499");
                    NDArray notB = org.ndpack.Ufunc.LOGICAL_NOT.apply(b); NDArray allView = notB.slice(":, :500");
                    NDArray allNone = notB.slice(":200, :499")) {
                assertEquals(true, view.any().getBoolean());
                assertEquals(false, none.any().getBoolean());
                assertEquals(false, allView.all().getBoolean());
                assertEquals(true, allNone.all().getBoolean());
            }
        }
    }

    /** An answer found in the first block (before the work is split) keeps the result's shape. */
    @Test
    void anEarlyAnswerHasTheReductionsShape() {
        boolean[] v = new boolean[6000];
        v[1] = true;
        try (NDArray a = NDArray.of(v, 2, 3000); NDArray any = a.any(null, true); NDArray any0 = a.any();
                NDArray all = a.all(null, true); NDArray anyAxis = a.any(new int[] {1}, false)) {
            assertEquals(java.util.List.of(1L, 1L), java.util.Arrays.stream(any.shape()).boxed().toList());
            assertEquals(true, any.getBoolean(0, 0));
            assertEquals(0, any0.ndim());
            assertEquals(true, any0.getBoolean());
            assertEquals(false, all.getBoolean(0, 0));
            assertEquals(true, anyAxis.getBoolean(0));
            assertEquals(false, anyAxis.getBoolean(1));
        }
        // no axis reduced: the array's own shape, element by element (a size-1 array too)
        try (NDArray one = NDArray.of(new boolean[] {true}); NDArray none = one.all(new int[0], false);
                NDArray two = NDArray.of(new boolean[] {true, false}); NDArray none2 = two.any(new int[0], false)) {
            assertEquals(1, none.ndim());
            assertEquals(true, none.getBoolean(0));
            assertEquals(java.util.List.of(2L), java.util.Arrays.stream(none2.shape()).boxed().toList());
            assertEquals(false, none2.getBoolean(1));
        }
    }

    @Test
    void anyAndAllOfBoolsStopAtTheRightElement() {
        for (int n : SIZES) {
            for (int at : new int[] {0, n / 2, n - 1, Math.min(n - 1, 8191), Math.min(n - 1, 8192), Math.min(n - 1, 3)}) {
                boolean[] mostlyFalse = new boolean[n];
                mostlyFalse[at] = true;
                boolean[] mostlyTrue = new boolean[n];
                java.util.Arrays.fill(mostlyTrue, true);
                mostlyTrue[at] = false;
                try (NDArray f = NDArray.of(mostlyFalse, n); NDArray t = NDArray.of(mostlyTrue, n)) {
                    String where = "n=" + n + " at " + at;
                    assertEquals(true, f.any().getBoolean(), where);
                    assertEquals(n == 1, f.all().getBoolean(), where);
                    assertEquals(n > 1, t.any().getBoolean(), where);
                    assertEquals(false, t.all().getBoolean(), where);
                    // the same with the deciding element cut away
                    try (NDArray fNone = at == 0 ? f.slice("1:") : f.slice(":" + at);
                            NDArray tAll = at == 0 ? t.slice("1:") : t.slice(":" + at)) {
                        assertEquals(false, fNone.any().getBoolean(), where + " cut");
                        assertEquals(true, tAll.all().getBoolean(), where + " cut");
                    }
                }
            }
        }
    }
}
