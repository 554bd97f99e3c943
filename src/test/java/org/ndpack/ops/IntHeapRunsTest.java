package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.LongBinaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * int64 and int32 operations without a vector form (remainder, floor division, power, shifts by
 * per-element counts) run contiguous operands through heap arrays: the same values as NumPy's
 * rules written out in Java, on contiguous, broadcast (stride 0) and strided operands, with zero
 * divisors (0, as NumPy gives with a warning), the minimum divided by -1 (wraps), negative
 * operands (floor semantics) and runs of every length around the chunk size. Tagged
 * {@code kernels}.
 */
@Tag("kernels")
class IntHeapRunsTest {
    private static final LongBinaryOperator MOD = (x, y) -> y == 0 ? 0 : Math.floorMod(x, y);
    private static final LongBinaryOperator FLOOR_DIV = (x, y) -> y == 0 ? 0 : Math.floorDiv(x, y);
    private static final LongBinaryOperator SHL = (x, y) -> y >= 0 && y < 64 ? x << y : 0;

    private static long[] values(int n, long seed, boolean small) {
        Random r = new Random(seed);
        long[] special = {0, 1, -1, 7, -7, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, -(1L << 40), 3, 63, 64, -2};
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 7 == 0 ? special[(i / 7) % special.length] : small ? r.nextInt(130) - 65 : r.nextLong() >> r.nextInt(64);
        }
        return v;
    }

    private static void check(String what, NDArray got, long[] x, long[] y, int xs, int ys, LongBinaryOperator f) {
        long[] g = got.toLongArray();
        for (int i = 0; i < g.length; i++) {
            long a = x[i * xs];
            long b = y[i * ys];
            assertEquals(f.applyAsLong(a, b), g[i], what + " of " + a + " and " + b + " at " + i);
        }
    }

    @Test
    void remainderFloorDivisionAndShiftsMatchTheRules() {
        for (int n : new int[] {63, 64, 1023, 1024, 1025, 5000}) {
            long[] x = values(2 * n, n, false);
            long[] y = values(2 * n, n + 1, false);
            long[] c = values(2 * n, n + 2, true);
            try (NDArray a = NDArray.of(x).slice(":" + n); NDArray b = NDArray.of(y).slice(":" + n);
                    NDArray counts = NDArray.of(c).slice(":" + n); NDArray as = NDArray.of(x).slice("::2");
                    NDArray bs = NDArray.of(y).slice("::2"); NDArray seven = NDArray.of(new long[] {-7}).broadcastTo(n)) {
                assertEquals(DType.INT64, a.dtype());
                check("mod", a.mod(b), x, y, 1, 1, MOD);
                check("floor_divide", a.floorDiv(b), x, y, 1, 1, FLOOR_DIV);
                check("mod strided", as.mod(bs), x, y, 2, 2, MOD);
                check("floor_divide strided", as.floorDiv(bs), x, y, 2, 2, FLOOR_DIV);
                check("left_shift", Ufunc.LEFT_SHIFT.apply(a, counts), x, c, 1, 1, SHL);
                long[] m7 = new long[n];
                java.util.Arrays.fill(m7, -7);
                check("mod by a broadcast -7", a.mod(seven), x, m7, 1, 1, MOD);
                long[] three = new long[n];
                java.util.Arrays.fill(three, 3);
                try (NDArray t = NDArray.of(new long[] {3}).broadcastTo(n)) {
                    check("power by a broadcast 3", a.pow(t), x, three, 1, 1, (p, q) -> p * p * p);
                }
            }
        }
    }

    @Test
    void int32RemainderFloorDivisionAndShiftsNarrowLikeNumPy() {
        for (int n : new int[] {63, 1025, 3000}) {
            long[] x = values(2 * n, n, false);
            long[] y = values(2 * n, n + 1, false);
            long[] c = values(2 * n, n + 2, true);
            for (int i = 0; i < 2 * n; i++) {
                x[i] = (int) x[i];
                y[i] = (int) y[i];
            }
            x[3] = Integer.MIN_VALUE;
            y[3] = -1;
            try (NDArray a = NDArray.of(x).slice(":" + n).astype(DType.INT32);
                    NDArray b = NDArray.of(y).slice(":" + n).astype(DType.INT32);
                    NDArray counts = NDArray.of(c).slice(":" + n).astype(DType.INT32);
                    NDArray as = NDArray.of(x).astype(DType.INT32).slice("::2");
                    NDArray bs = NDArray.of(y).astype(DType.INT32).slice("::2")) {
                NDArray m = a.mod(b);
                assertEquals(DType.INT32, m.dtype());
                check("int32 mod", m, x, y, 1, 1, MOD);
                check("int32 floor_divide", a.floorDiv(b), x, y, 1, 1, (p, q) -> (int) FLOOR_DIV.applyAsLong(p, q));
                check("int32 mod strided", as.mod(bs), x, y, 2, 2, MOD);
                check("int32 left_shift", Ufunc.LEFT_SHIFT.apply(a, counts), x, c, 1, 1,
                        (p, q) -> q >= 0 && q < 32 ? (int) (p << q) : 0);
                try (NDArray t = NDArray.of(new long[] {3}).astype(DType.INT32).broadcastTo(n)) {
                    long[] three = new long[n];
                    java.util.Arrays.fill(three, 3);
                    check("int32 power by a broadcast 3", a.pow(t), x, three, 1, 1, (p, q) -> (int) (p * p * p));
                }
            }
        }
    }

    @Test
    void integerPowerWrapsLikeTheCLoop() {
        int n = 2000;
        long[] x = values(n, 3, true);
        long[] e = new long[n];
        Random r = new Random(4);
        for (int i = 0; i < n; i++) {
            e[i] = r.nextInt(70);
        }
        LongBinaryOperator pow = (a, b) -> {
            long p = 1;
            for (long k = 0; k < b; k++) {
                p *= a;
            }
            return p;
        };
        try (NDArray a = NDArray.of(x); NDArray b = NDArray.of(e)) {
            check("power", a.pow(b), x, e, 1, 1, pow);
        }
    }
}
