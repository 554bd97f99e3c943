package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@link IntDivide} (and {@link IntDivideVector}, where the Vector API runs): floor quotients and
 * remainders by a broadcast divisor against {@link Math#floorDiv(long, long)} and
 * {@link Math#floorMod(long, long)} of every element (narrowed for int32), over divisors of every
 * kind (small and large, powers of two, negative, ±1, the extremes) and dividends with the edge
 * values; through the public API and through the kernel with its scalar and vector forms forced.
 * Tagged {@code kernels}: the portable run repeats it without the Vector API.
 */
@Tag("kernels")
class IntDivideTest {
    private static final long[] DIVISORS_64 = {1, 2, 3, 5, 7, 10, 16, 1000, 641, 1L << 32, (1L << 32) + 1,
        0x7FFF_FFFF_FFFF_FFFFL, 0x4000_0000_0000_0000L, 0x5555_5555_5555_5555L, 6_700_417,
        -1, -2, -3, -7, -10, -1024, -0x7FFF_FFFF_FFFF_FFFFL, -(1L << 62), Long.MIN_VALUE, 0};
    private static final long[] DIVISORS_32 = {1, 2, 3, 5, 7, 10, 16, 1000, 641, 65537, Integer.MAX_VALUE,
        1 << 30, 0x5555_5555, -1, -2, -3, -7, -10, -1024, -Integer.MAX_VALUE, Integer.MIN_VALUE, 0};

    private static long[] dividends(boolean int32, int n, long seed) {
        Random r = new Random(seed);
        long min = int32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = int32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long[] edges = {0, 1, -1, 2, -2, 6, -6, 7, -7, 8, -8, min, min + 1, max, max - 1, max / 2, min / 2};
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            if (i < edges.length) {
                x[i] = edges[i];
            } else {
                long v = switch (i % 3) {
                    case 0 -> r.nextInt(20001) - 10000;
                    case 1 -> r.nextLong() >> r.nextInt(64);
                    default -> r.nextLong();
                };
                x[i] = int32 ? (int) v : v;
            }
        }
        return x;
    }

    private static long expected(long x, long d, boolean rem, boolean int32) {
        long q = d == 0 ? 0 : rem ? Math.floorMod(x, d) : Math.floorDiv(x, d);
        return int32 ? (int) q : q;
    }

    @Test
    void divisorMatchesMathFloorDiv() {
        for (long d : DIVISORS_64) {
            IntDivide.Divisor v = IntDivide.Divisor.of(d);
            if (d == 0 || d == Long.MIN_VALUE) {
                assertEquals(null, v, "no constants for " + d);
                continue;
            }
            for (long x : dividends(false, 3000, d)) {
                assertEquals(Math.floorDiv(x, d), v.floorDiv(x), x + " // " + d);
            }
        }
    }

    @Test
    void ceilingOfPowerOfTwoOverDivisor() {
        // ceil(2^s / e) against BigInteger
        Random r = new Random(5);
        for (int k = 0; k < 2000; k++) {
            long e = (r.nextLong() >>> (1 + r.nextInt(62))) | 3;
            if ((e & (e - 1)) == 0) {
                continue;
            }
            int c = 64 - Long.numberOfLeadingZeros(e);
            java.math.BigInteger[] qr = java.math.BigInteger.ONE.shiftLeft(63 + c)
                    .divideAndRemainder(java.math.BigInteger.valueOf(e));
            java.math.BigInteger want = qr[1].signum() == 0 ? qr[0] : qr[0].add(java.math.BigInteger.ONE);
            assertEquals(want.longValue(), IntDivide.Divisor.ceilPow2Over(63 + c, e), "e=" + e);
            assertEquals(64, want.bitLength(), "the multiplier uses all 64 bits for e=" + e);
        }
    }

    @Test
    void publicApiFloorDivideAndRemainder() {
        for (boolean int32 : new boolean[] {true, false}) {
            long[] x = dividends(int32, 70_001, 11);
            for (long d : int32 ? DIVISORS_32 : DIVISORS_64) {
                try (NDArray a = int32 ? NDArray.of(toInt(x), x.length) : NDArray.of(x, x.length);
                        NDArray q = a.floorDiv(d);
                        NDArray m = a.mod(d)) {
                    assertSame(int32 ? DType.INT32 : DType.INT64, q.dtype());
                    long[] qs = q.toLongArray();
                    long[] ms = m.toLongArray();
                    for (int i = 0; i < x.length; i++) {
                        if (qs[i] != expected(x[i], d, false, int32) || ms[i] != expected(x[i], d, true, int32)) {
                            assertEquals(expected(x[i], d, false, int32), qs[i], x[i] + " // " + d + " at " + i);
                            assertEquals(expected(x[i], d, true, int32), ms[i], x[i] + " % " + d + " at " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void stridedAndTwoDimensionalRuns() {
        long[] x = dividends(true, 3 * 1000, 12);
        try (NDArray a = NDArray.of(toInt(x), 3, 1000);
                NDArray cols = a.slice(":, ::3");
                NDArray q = cols.floorDiv(-7);
                NDArray m = a.mod(10)) {
            long[] qs = q.toLongArray();
            int k = 0;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 1000; c += 3) {
                    assertEquals(expected(x[r * 1000 + c], -7, false, true), qs[k++]);
                }
            }
            long[] ms = m.toLongArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(expected(x[i], 10, true, true), ms[i]);
            }
        }
    }

    /** The kernel itself, scalar form and (where usable) vector form, on odd lengths. */
    @Test
    void kernelScalarAndVectorForms() {
        AtomicInteger portableRuns = new AtomicInteger();
        Kernel2 portable = (n, a, ao, as, b, bo, bs, o, oo, os) -> {
            portableRuns.incrementAndGet();
            for (long i = 0; i < n; i++) {
                o.set(ValueLayout.JAVA_LONG_UNALIGNED, oo + i * os, 0L);
            }
        };
        try (Arena arena = Arena.ofConfined()) {
            for (boolean int32 : new boolean[] {true, false}) {
                int w = int32 ? 4 : 8;
                long[] x = dividends(int32, 1003, 13);
                MemorySegment a = arena.allocate((long) w * x.length);
                MemorySegment o = arena.allocate((long) w * x.length);
                MemorySegment b = arena.allocate(8);
                for (int i = 0; i < x.length; i++) {
                    set(a, i, w, x[i]);
                }
                for (long vectorAfter : new long[] {Long.MAX_VALUE, 0}) {
                    for (boolean rem : new boolean[] {false, true}) {
                        IntDivide k = new IntDivide(portable, rem, int32 ? DType.INT32 : DType.INT64, vectorAfter);
                        for (long d : int32 ? DIVISORS_32 : DIVISORS_64) {
                            if (d == 0 || d == Long.MIN_VALUE) {
                                continue;
                            }
                            set(b, 0, w, d);
                            k.run(x.length, a, 0, w, b, 0, 0, o, 0, w);
                            for (int i = 0; i < x.length; i++) {
                                long got = int32 ? o.getAtIndex(ValueLayout.JAVA_INT, i)
                                        : o.getAtIndex(ValueLayout.JAVA_LONG, i);
                                if (got != expected(x[i], d, rem, int32)) {
                                    assertEquals(expected(x[i], d, rem, int32), got, "vectorAfter " + vectorAfter
                                            + (rem ? ": " + x[i] + " % " + d : ": " + x[i] + " // " + d));
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(0, portableRuns.get(), "every broadcast run above takes the multiplier");
    }

    @Test
    void onlyInt32AndInt64() {
        Kernel2 none = (n, a, ao, as, b, bo, bs, o, oo, os) -> { };
        assertThrows(IllegalArgumentException.class, () -> new IntDivide(none, false, DType.INT16));
        assertSame(none, Kernels.intDivide(none, false, DType.UINT64));
    }

    private static void set(MemorySegment s, int i, int w, long v) {
        if (w == 4) {
            s.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
        } else {
            s.setAtIndex(ValueLayout.JAVA_LONG, i, v);
        }
    }

    private static int[] toInt(long[] x) {
        int[] r = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (int) x[i];
        }
        return r;
    }
}
