package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;
import static org.ndpack.testing.Internals.wrap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.memory.Memory;
import org.ndpack.testing.NumPy;

/**
 * The atomic view: values and wrap-around against NumPy, atomicity under two threads (no lost
 * update, neighbours of 1- and 2-byte elements untouched), and every refusal with its exception.
 */
class AtomicViewTest {
    
    private static final DType[] INTEGERS = {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32,
        DType.UINT32, DType.INT64, DType.UINT64};
    private static final DType[] FLOATS = {DType.FLOAT16, DType.FLOAT32, DType.FLOAT64};

    /** Random values of every integer dtype, including the extremes. */
    private static NDArray randomIntegers(DType t, int n, Random rnd) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 5) {
                case 0 -> -1;
                case 1 -> Long.MAX_VALUE;
                case 2 -> Long.MIN_VALUE;
                default -> rnd.nextLong();
            };
        }
        return NDArray.of(t, v); // keeps the low bits: extremes of every width occur
    }

    /**
     * Adds {@code deltas[i]} to element i of a copy of {@code start} with {@code add} (which checks
     * the previous value it gets back), and compares the result with NumPy's {@code start + deltas} in the
     * dtype of {@code start} (the deltas cast to it first, as NumPy treats a Python scalar).
     */
    private static void compareAddsWithNumPy(List<NDArray> starts, List<NDArray> deltas, AddFn add) {
        NumPy.require();
        java.util.Map<String, NDArray> inputs = new java.util.LinkedHashMap<>();
        List<String> exprs = new ArrayList<>();
        List<NDArray> got = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            NDArray a = starts.get(k);
            NDArray x = a.copy();
            AtomicView at = x.atomic();
            for (int i = 0; i < a.size(); i++) {
                add.apply(at, a, deltas.get(k), i);
            }
            inputs.put("a" + k, a);
            inputs.put("d" + k, deltas.get(k));
            exprs.add("a" + k + " + d" + k + ".astype(a" + k + ".dtype)");
            got.add(x);
        }
        List<NumPy.Result> res = NumPy.eval(inputs, "", exprs);
        for (int k = 0; k < got.size(); k++) {
            assertEquals(res.get(k).get(), got.get(k), starts.get(k).dtype() + ": " + exprs.get(k));
        }
    }

    /** One atomic add of element {@code i}'s delta, checking the previous value against {@code start}. */
    @FunctionalInterface
    private interface AddFn {
        void apply(AtomicView at, NDArray start, NDArray deltas, int i);
    }

    @Test
    void getAndAddLongWrapsLikeNumPyIntegerArrays() {
        Random rnd = new Random(5);
        List<NDArray> starts = new ArrayList<>();
        List<NDArray> deltas = new ArrayList<>();
        for (DType t : INTEGERS) {
            int n = 64;
            long[] d = new long[n];
            for (int i = 0; i < n; i++) {
                d[i] = i % 3 == 0 ? rnd.nextInt(7) - 3 : rnd.nextLong();
            }
            starts.add(randomIntegers(t, n, rnd));
            deltas.add(NDArray.of(DType.INT64, d));
        }
        compareAddsWithNumPy(starts, deltas,
                (at, a, d, i) -> assertEquals(a.getLong(i), at.getAndAddLong(d.getLong(i), i), "previous value"));
    }

    @Test
    void getAndAddDoubleRoundsLikeNumPy() {
        Random rnd = new Random(7);
        List<NDArray> starts = new ArrayList<>();
        List<NDArray> deltas = new ArrayList<>();
        for (DType t : FLOATS) {
            int n = 200;
            double[] start = new double[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                start[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 2);
                d[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 2);
            }
            start[0] = Double.POSITIVE_INFINITY;
            d[1] = Double.NaN;
            start[2] = 60000; // float16 overflows to inf
            d[2] = 10000;
            starts.add(NDArray.of(t, start));
            deltas.add(NDArray.of(DType.FLOAT64, d));
        }
        compareAddsWithNumPy(starts, deltas,
                (at, a, d, i) -> assertEquals(a.getDouble(i), at.getAndAddDouble(d.getDouble(i), i), "previous value"));
    }

    /** bfloat16 has no NumPy: an independent model (float32 sum, then round to nearest even). */
    @Test
    void bfloat16AddsInFloat32AndRoundsToNearestEven() {
        Random rnd = new Random(9);
        NDArray x = NDArray.zeros(DType.BFLOAT16, 100);
        AtomicView at = x.atomic();
        for (int i = 0; i < 100; i++) {
            float start = bf16((float) rnd.nextGaussian() * 100);
            at.setDoubleVolatile(start, i);
            double delta = rnd.nextGaussian() * 3;
            double old = at.getAndAddDouble(delta, i);
            assertEquals(start, old);
            float want = bf16(start + bf16((float) delta));
            assertEquals(want, (float) x.getDouble(i), "bfloat16 " + start + " + " + delta);
        }
    }

    private static float bf16(float f) {
        int b = Float.floatToRawIntBits(f);
        int lsb = (b >>> 16) & 1;
        return Float.intBitsToFloat((b + 0x7fff + lsb) & 0xffff0000);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"INT8", "UINT8", "INT16", "UINT16", "INT32", "UINT32", "INT64", "UINT64"})
    void integerAccessorsReadAndWriteExactValues(DType t) {
        NDArray a = NDArray.zeros(t, 4);
        AtomicView at = a.atomic();
        long max = t.isUnsigned() ? (t.byteSize() == 8 ? -1L : (1L << (8 * t.byteSize())) - 1)
                : (t.byteSize() == 8 ? Long.MAX_VALUE : (1L << (8 * t.byteSize() - 1)) - 1);
        at.setLongVolatile(max, 1);
        assertEquals(max, at.getLongVolatile(1));
        assertEquals(max, a.getLong(1), "the atomic view writes the array's memory");
        at.setLongRelease(7, 2);
        assertEquals(7, at.getLongAcquire(2));
        assertEquals(7, at.getAndSetLong(max, 2));
        assertEquals(max, at.getLongVolatile(2));
        assertTrue(at.compareAndSetLong(0, 5, 3));
        assertFalse(at.compareAndSetLong(0, 6, 3), "the element is 5 now");
        assertEquals(5, a.getLong(3));
        if (t.byteSize() < 8) {
            // a value outside the dtype's range never equals an element, even one with the same low bits
            long alias = 5 + (1L << (8 * t.byteSize()));
            assertFalse(at.compareAndSetLong(alias, 9, 3));
            assertEquals(5, a.getLong(3));
        }
        assertEquals(50, at.accumulateAndGetLong(10, (v, x) -> v * x, 3));
        assertEquals(0, a.getLong(0), "neighbours untouched");
    }

    @Test
    void accumulateAndGetLongReturnsTheStoredWrappedValue() {
        NDArray a = NDArray.full(DType.INT8, 100L, 1);
        assertEquals(-56, a.atomic().accumulateAndGetLong(100, Long::sum, 0)); // 200 wraps to -56
        assertEquals(-56, a.getLong(0));
        NDArray u = NDArray.zeros(DType.UINT16, 1);
        assertEquals(65535, u.atomic().getAndAddLong(-1, 0) + 65535);
        assertEquals(65535, u.getLong(0), "0 - 1 wraps to 65535 in uint16");
    }

    @Test
    void compareAndSetDoubleUsesDoubleEquals() {
        for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64}) {
            NDArray a = NDArray.full(t, Double.NaN, 2);
            AtomicView at = a.atomic();
            assertTrue(at.compareAndSetDouble(Double.NaN, -0.0, 0), t + ": NaN equals NaN");
            assertFalse(at.compareAndSetDouble(0.0, 1.0, 0), t + ": -0.0 is not 0.0");
            assertTrue(at.compareAndSetDouble(-0.0, 1.5, 0), t.toString());
            assertEquals(1.5, at.getDoubleVolatile(0), t.toString());
            assertEquals(1.5, at.getAndSetDouble(2.25, 0), t.toString());
            assertEquals(2.25, a.getDouble(0), t.toString());
            at.setDoubleRelease(3.5, 1);
            assertEquals(3.5, at.getDoubleAcquire(1), t.toString());
            assertEquals(7.0, at.accumulateAndGetDouble(2, (v, x) -> v * x, 1), t.toString());
        }
        NDArray h = NDArray.zeros(DType.FLOAT16, 1);
        assertEquals(2048.0, h.atomic().accumulateAndGetDouble(2049.0, Double::sum, 0),
                "rounded once to float16: 2049 is a tie, to even");
    }

    @Test
    void boolAccessorsAreExactlyOnce() {
        NDArray b = NDArray.zeros(DType.BOOL, 3);
        AtomicView at = b.atomic();
        assertTrue(at.compareAndSetBoolean(false, true, 1));
        assertFalse(at.compareAndSetBoolean(false, true, 1));
        assertTrue(at.getBooleanVolatile(1));
        assertTrue(at.getAndSetBoolean(false, 1));
        assertFalse(at.getBooleanAcquire(1));
        at.setBooleanRelease(true, 2);
        at.setBooleanVolatile(true, 0);
        assertEquals(List.of(true, false, true), List.of(b.getBoolean(0), b.getBoolean(1), b.getBoolean(2)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BOOL", "INT8", "UINT8", "INT16", "UINT16", "FLOAT16", "BFLOAT16"})
    void subWordUpdatesLeaveEveryNeighbourAlone(DType t) {
        int n = 16;
        NDArray a = NDArray.zeros(t, n);
        for (int i = 0; i < n; i++) {
            a.setLong(t == DType.BOOL ? i % 2 : i + 1, i);
        }
        NDArray before = a.copy();
        for (int pos = 0; pos < 8; pos++) {
            NDArray expect = a.copy();
            AtomicView at = a.atomic();
            switch (t) {
                case BOOL -> {
                    at.getAndSetBoolean(!a.getBoolean(pos), pos);
                    expect.setBoolean(!expect.getBoolean(pos), pos);
                }
                case FLOAT16, BFLOAT16 -> {
                    at.getAndAddDouble(1, pos);
                    expect.setDouble(expect.getDouble(pos) + 1, pos);
                }
                default -> {
                    at.getAndAddLong(1, pos);
                    expect.setLong(expect.getLong(pos) + 1, pos);
                }
            }
            assertEquals(expect, a, t + ": only element " + pos + " changed");
        }
        assertFalse(before.equals(a));
    }

    @Test
    void viewsWithStridesAndOffsetsUpdateTheRightElements() {
        NDArray base = NDArray.zeros(DType.INT16, 4, 6);
        NDArray v = base.slice("1:, ::-2").transpose(); // shape (3, 3), negative strides, offset
        AtomicView at = v.atomic();
        for (long i = 0; i < 3; i++) {
            for (long j = 0; j < 3; j++) {
                at.getAndAddLong(10 * i + j + 1, i, j);
            }
        }
        for (long i = 0; i < 3; i++) {
            for (long j = 0; j < 3; j++) {
                assertEquals(10 * i + j + 1, v.getLong(i, j));
            }
        }
        assertEquals(9, countNonZero(base), "nothing outside the view changed");
    }

    private static long countNonZero(NDArray a) {
        long n = 0;
        for (long x : a.toLongArray()) {
            n += x != 0 ? 1 : 0;
        }
        return n;
    }

    /** Two threads, many updates of one element and of its neighbours: nothing is lost. */
    @Test
    void noUpdateIsLostBetweenTwoThreads() throws Exception {
        for (DType t : new DType[] {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.INT64,
            DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64}) {
            int rounds = t == DType.BFLOAT16 ? 100 : 1000; // sums stay exact integers in every dtype
            NDArray a = NDArray.zeros(t, 8);
            AtomicView at = a.atomic();
            runTwo(() -> {
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < 8; i++) {
                        if (t.isInteger()) {
                            at.getAndAddLong(1, i);
                        } else {
                            at.getAndAddDouble(1, i);
                        }
                    }
                }
            });
            NDArray want = NDArray.full(t, 2L * rounds, 8);
            assertEquals(want, a, t + ": 2 x " + rounds + " increments of every element");
        }
    }

    /** Two threads claim tickets 0..N-1 by compare-and-set on one int16: each ticket exactly once. */
    @Test
    void compareAndSetHasExactlyOneWinnerPerTicket() throws Exception {
        int n = 20_000;
        NDArray a = NDArray.zeros(DType.INT16, 3);
        AtomicView at = a.atomic();
        boolean[][] claimed = new boolean[2][n];
        int[] who = {0};
        runTwo(() -> {
            int me;
            synchronized (who) {
                me = who[0]++;
            }
            while (true) {
                long v = at.getLongVolatile(1);
                if (v >= n) {
                    return;
                }
                if (at.compareAndSetLong(v, v + 1, 1)) {
                    claimed[me][(int) v] = true;
                }
            }
        });
        for (int k = 0; k < n; k++) {
            assertTrue(claimed[0][k] ^ claimed[1][k], "ticket " + k + " claimed exactly once");
        }
        assertEquals(0, a.getLong(0));
        assertEquals(0, a.getLong(2));
    }

    @Test
    void refusesWhatItCannotDo() {
        NDArray i16 = NDArray.zeros(DType.INT16, 3);
        UnsupportedOperationException wrongFamily = assertThrows(UnsupportedOperationException.class,
                () -> i16.atomic().getAndAddDouble(1.5, 0));
        assertTrue(wrongFamily.getMessage().contains("int16") && wrongFamily.getMessage().contains("...Long"),
                wrongFamily.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> NDArray.zeros(DType.FLOAT32, 1).atomic().getLongVolatile(0));
        assertThrows(UnsupportedOperationException.class, () -> NDArray.zeros(DType.BOOL, 1).atomic().getAndAddLong(1, 0));
        UnsupportedOperationException complex = assertThrows(UnsupportedOperationException.class,
                () -> NDArray.zeros(DType.COMPLEX64, 1).atomic());
        assertTrue(complex.getMessage().contains("complex64"), complex.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> i16.atomic().getAndAddLong(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> i16.atomic().getAndAddLong(1, 0, 0));
        assertThrows(NullPointerException.class, () -> i16.atomic().accumulateAndGetLong(1, null, 0));

        NDArray ro = NDArray.full(DType.INT32, 4L, 2).asReadOnly();
        AtomicView rat = ro.atomic();
        assertEquals(4, rat.getLongVolatile(1), "reads through a read-only array are allowed");
        assertThrows(ReadOnlyArrayException.class, () -> rat.getAndAddLong(1, 0));
        assertThrows(ReadOnlyArrayException.class, () -> rat.setLongRelease(1, 0));
        assertThrows(ReadOnlyArrayException.class, () -> rat.compareAndSetLong(4, 1, 0));
        assertEquals(4, ro.getLong(0), "nothing written");

        NDArray owner = NDArray.zeros(DType.INT64, 2);
        AtomicView at = owner.atomic();
        owner.close();
        assertThrows(IllegalStateException.class, () -> at.getLongVolatile(0));
        assertThrows(IllegalStateException.class, () -> at.getAndAddLong(1, 0));
        assertThrows(IllegalStateException.class, owner::atomic);
    }

    /** An array over foreign memory that starts {@code misalign} bytes past a 64-byte boundary. */
    private static NDArray foreign(DType t, long elements, int misalign, long bytes) {
        MemorySegment raw = Arena.ofAuto().allocate(bytes + 128, 64);
        MemorySegment seg = raw.asSlice(64 + misalign, bytes);
        Memory m = Memory.wrap(seg, () -> { });
        return wrap(new ArrayImpl(m, t, new long[] {elements}, new long[] {1}, 0, ArrayImpl.OWNER));
    }

    @Test
    void refusesUnalignedForeignMemoryAndSaysWhy() {
        NDArray bad = foreign(DType.INT32, 4, 2, 16);
        assertFalse(bad.isAligned());
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::atomic);
        assertTrue(e.getMessage().contains("not a multiple of 4") && e.getMessage().contains("aligned"), e.getMessage());
        assertTrue(bad.copy().atomic() != null, "a copy is aligned");

        NDArray good = foreign(DType.INT32, 4, 4, 16);
        assertTrue(good.isAligned());
        good.atomic().getAndAddLong(3, 3);
        assertEquals(3, good.getLong(3));
    }

    @Test
    void refusesSubWordElementsWhoseWordLeavesForeignMemory() {
        // 3 int8 elements at a 4-byte boundary: the word of the last one reaches one byte past the end
        NDArray tail = foreign(DType.INT8, 3, 0, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, tail::atomic);
        assertTrue(e.getMessage().contains("4-byte word"), e.getMessage());
        // starting one byte past the boundary: the first element's word starts before the memory
        assertThrows(IllegalStateException.class, () -> foreign(DType.INT8, 3, 1, 3).atomic());
        // exactly one word: fine
        NDArray word = foreign(DType.INT8, 4, 0, 4);
        word.atomic().getAndAddLong(-1, 3);
        assertEquals(-1, word.getLong(3));
        // ndpack's own memory, from a slab (3 bytes) or from calloc (1001 bytes): the padding is ours
        for (int n : new int[] {3, 1001}) {
            NDArray own = NDArray.zeros(DType.INT8, n);
            own.atomic().getAndAddLong(5, n - 1);
            assertEquals(5, own.getLong(n - 1));
            assertEquals(0, own.getLong(n - 2));
        }
    }

    @Test
    void closingRacingAtomicUpdatesNeverFreesUnderThem() throws Exception {
        for (int round = 0; round < 100; round++) {
            NDArray a = NDArray.zeros(DType.INT32, 1024);
            AtomicView at = a.atomic();
            AtomicReference<Throwable> bad = new AtomicReference<>();
            long[] done = new long[1];
            CountDownLatch started = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; ; i = (i + 1) & 1023) {
                        at.getAndAddLong(1, i);
                        done[0]++;
                        started.countDown();
                    }
                } catch (IllegalStateException expected) {
                    // closed: the only acceptable failure
                } catch (Throwable x) {
                    bad.set(x);
                }
            });
            t.start();
            started.await();
            a.close();
            t.join();
            if (bad.get() != null) {
                throw new AssertionError("round " + round, bad.get());
            }
            assertTrue(done[0] > 0);
            assertTrue(impl(a).memory.isReleased(), "released once the updater saw the close");
        }
    }

    private static void runTwo(Runnable body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread[] ts = new Thread[2];
        for (int k = 0; k < 2; k++) {
            ts[k] = new Thread(() -> {
                try {
                    go.await();
                    body.run();
                } catch (Throwable e) {
                    err.set(e);
                }
            });
            ts[k].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        if (err.get() != null) {
            throw new AssertionError(err.get());
        }
    }
}
