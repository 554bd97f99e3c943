package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.ndpack.internal.memory.Memory;
import org.ndpack.testing.Leaks;

/**
 * The lifetime rules: explicit close frees at once; use after close throws; the Cleaner reclaims
 * forgotten arrays; closing from another thread never frees memory under a running operation.
 */
class LifetimeTest {
    
    @Test
    void closingTheOwnerFreesAtOnce() throws InterruptedException {
        long before = Leaks.settledLiveBytes();
        NDArray a = NDArray.zeros(DType.FLOAT64, 1000);
        Memory m = impl(a).memory;
        assertEquals(before + 8000, NDArray.liveNativeBytes());
        a.close();
        assertTrue(m.isReleased());
        assertEquals(before, NDArray.liveNativeBytes());
    }

    @Test
    void smallArraysAreCountedAndFreedToo() throws InterruptedException {
        long before = Leaks.settledLiveBytes();
        List<NDArray> arrays = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            arrays.add(NDArray.zeros(DType.FLOAT32, 16));
        }
        assertEquals(before + 1000 * 64, NDArray.liveNativeBytes());
        for (NDArray a : arrays) {
            a.close();
        }
        assertEquals(before, NDArray.liveNativeBytes());
    }

    @Test
    void useAfterCloseThrowsForTheOwnerAndItsViews() {
        NDArray a = NDArray.ones(DType.FLOAT32, 4, 4);
        NDArray v = a.slice("1:, ::2");
        a.close();
        assertTrue(a.isClosed());
        assertTrue(v.isClosed());
        assertThrows(IllegalStateException.class, () -> a.getDouble(0, 0));
        assertThrows(IllegalStateException.class, () -> v.getDouble(0, 0));
        assertThrows(IllegalStateException.class, () -> v.setDouble(1, 0, 0));
        assertThrows(IllegalStateException.class, () -> a.slice("0"));
        assertThrows(IllegalStateException.class, a::copy);
        assertThrows(IllegalStateException.class, v::toFloatArray);
        assertEquals("array(<closed>, dtype=float32)", a.toString());
    }

    @Test
    void closingTwiceDoesNothingAndUseStillThrows() {
        NDArray a = NDArray.zeros(DType.INT8, 3);
        NDArray v = a.slice("1:");
        v.close();
        v.close();
        assertThrows(IllegalStateException.class, () -> v.getLong(0));
        assertEquals(0, a.getLong(1), "the owner is untouched by its view's closes");
        a.close();
        a.close();
        assertThrows(IllegalStateException.class, () -> a.getLong(0));
    }

    @Test
    void closingAViewLeavesTheOwnerAndOtherViewsUsable() {
        try (NDArray a = NDArray.full(DType.INT32, 5, 3, 3)) {
            NDArray v1 = a.slice("0");
            NDArray v2 = a.slice("1");
            v1.close();
            assertThrows(IllegalStateException.class, () -> v1.getLong(0));
            assertEquals(5, v2.getLong(0));
            assertEquals(5, a.getLong(2, 2));
            assertFalse(impl(a).memory.isClosed());
        }
    }

    @Test
    void theCleanerReclaimsForgottenArrays() throws InterruptedException {
        long before = Leaks.settledLiveBytes();
        for (int i = 0; i < 64; i++) {
            NDArray a = NDArray.zeros(DType.FLOAT32, 256, 1024); // 1 MiB each, never closed
            a.slice("::2").setDouble(1, 0, 0); // a view, also dropped
        }
        assertTrue(Leaks.settledLiveBytes() <= before, "after GC the counter returns to its start: " + NDArray.liveNativeBytes()
                + " vs " + before);
    }

    @Test
    void forgottenSmallArraysAreReclaimedWithTheirSlabs() throws InterruptedException {
        long before = Leaks.settledLiveBytes();
        for (int i = 0; i < 200_000; i++) {
            NDArray.zeros(DType.FLOAT32, 16); // 64 B each: 12.8 MB in all, in 32 KiB slabs
        }
        long after = Leaks.settledLiveBytes();
        // Only the slabs still being filled may keep forgotten blocks counted (a few per core).
        assertTrue(after - before < 64 * 32 * 1024, "reclaimed all but the current slabs: " + (after - before));
    }

    @Test
    void viewsKeepTheMemoryAliveAfterTheOwnerIsDropped() throws InterruptedException {
        NDArray view = NDArray.arange(1000).slice("10:20");
        Memory m = impl(view).memory;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertFalse(m.isReleased(), "a reachable view keeps its memory");
        assertEquals(15, view.getLong(5));
        m.close(); // leave no garbage for the Cleaner to free during other tests' exact counts
    }

    @Test
    void closeFromAnotherThreadWaitsForTheRunningOperation() throws Exception {
        NDArray a = NDArray.full(DType.FLOAT64, 2.5, 100);
        Memory m = impl(a).memory;
        impl(a).acquire(); // an operation in flight on this thread
        Thread closer = new Thread(a::close);
        closer.start();
        closer.join();
        assertTrue(m.isClosed());
        assertFalse(m.isReleased(), "not released under the running operation");
        assertEquals(2.5, m.segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 7));
        m.release(); // the operation ends
        assertTrue(m.isReleased());
        assertThrows(IllegalStateException.class, () -> a.getDouble(0));
    }

    @Test
    void readersRacingCloseSeeTheValueOrIllegalState() throws Exception {
        for (int round = 0; round < 200; round++) {
            NDArray a = NDArray.full(DType.INT64, 42L, 4096);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> bad = new AtomicReference<>();
            AtomicBoolean sawClosed = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; ; i = (i + 1) & 4095) {
                        long v = a.getLong(i);
                        if (v != 42) {
                            bad.set(new AssertionError("read " + v));
                            return;
                        }
                    }
                } catch (IllegalStateException e) {
                    sawClosed.set(true);
                } catch (Throwable t) {
                    bad.set(t);
                }
            });
            reader.start();
            go.countDown();
            Thread.onSpinWait();
            a.close();
            reader.join();
            if (bad.get() != null) {
                throw new AssertionError("round " + round, bad.get());
            }
            assertTrue(sawClosed.get());
        }
    }
}
