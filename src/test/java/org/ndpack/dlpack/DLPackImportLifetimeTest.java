package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.memory.Memory;

/**
 * When an imported tensor's deleter runs: exactly once, on every path (explicit close, the owner
 * among several views, the Cleaner after GC, after an in-flight operation, refusal), never while
 * the memory is in use; and the "already consumed" rule, including its race and pointer reuse.
 */
class DLPackImportLifetimeTest extends LiveTensorCheck {

    private static MemorySegment tensor() {
        return new CPeer.Spec().dtype(DType.FLOAT64).shape(3, 4).make();
    }

    @Test
    void closingTheArrayCallsTheDeleterOnceAndSecondCloseDoesNothing() {
        MemorySegment p = tensor();
        NDArray a = DLPack.fromDLPack(p);
        assertEquals(1, DLPack.liveImports());
        a.close();
        assertEquals(1, CPeer.deleterCalls(p, true));
        assertEquals(0, DLPack.liveImports());
        a.close(); // closing twice does nothing
        assertThrows(IllegalStateException.class, () -> a.getDouble(0, 0));
        assertEquals(1, CPeer.deleterCalls(p, true), "still once");
        assertEquals(0, CPeer.doubleDeletes());
    }

    @Test
    void closingViewsDoesNotCallTheDeleterClosingTheOwnerDoes() {
        MemorySegment p = tensor();
        NDArray a = DLPack.fromDLPack(p);
        NDArray v1 = a.slice("1:, ::2");
        NDArray v2 = a.transpose();
        NDArray v3 = v2.slice("::-1");
        v1.close();
        v2.close();
        assertEquals(0, CPeer.deleterCalls(p, true), "closing views releases nothing");
        assertEquals(11.0, v3.getDouble(0, 2), "other views still work");
        a.close();
        assertEquals(1, CPeer.deleterCalls(p, true), "closing the owner releases the memory");
        assertThrows(IllegalStateException.class, () -> v3.getDouble(0, 0), "views of a closed owner are unusable");
        assertThrows(IllegalStateException.class, v3::copy);
    }

    /** Imports and returns only a view; the owner is dropped unclosed. */
    private static NDArray viewOfDroppedImport(MemorySegment p) {
        NDArray a = DLPack.fromDLPack(p);
        return a.slice("2, 1:3");
    }

    @Test
    void aReachableViewKeepsTheMemoryTheCleanerCallsTheDeleterWhenTheLastIsGone() throws Exception {
        MemorySegment p = tensor();
        NDArray view = viewOfDroppedImport(p);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, CPeer.deleterCalls(p, true), "the owner was dropped, but a view still refers to the memory");
        assertEquals(9.0, view.getDouble(0), "the view still reads the producer's memory");
        Reference.reachabilityFence(view);
        view = null;
        awaitGc("the Cleaner to call the deleter", () -> CPeer.deleterCalls(p, true) == 1);
        assertEquals(1, CPeer.deleterCalls(p, true));
        assertEquals(0, CPeer.doubleDeletes());
    }

    @Test
    void theCleanerCallsTheDeleterOfADroppedImport() throws Exception {
        List<MemorySegment> ps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            MemorySegment p = tensor();
            ps.add(p);
            DLPack.fromDLPack(p).slice("0"); // dropped without close
        }
        awaitGc("the Cleaner to call every deleter", () -> ps.stream().allMatch(p -> CPeer.deleterCalls(p, true) == 1));
        assertEquals(0, DLPack.liveImports());
    }

    @Test
    void theDeleterWaitsForAnOperationInFlight() throws Exception {
        MemorySegment p = tensor();
        NDArray a = DLPack.fromDLPack(p);
        Memory m = impl(a).memory;
        impl(a).acquire(); // what every operation does while it runs
        a.close();
        assertEquals(0, CPeer.deleterCalls(p, true), "closed while an operation runs: not released yet");
        assertEquals(7.0, m.segment.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 7 * 8), "memory still valid");
        m.release(); // the operation ends
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void closeRacingReadersNeverFreesMemoryUnderARead() throws Exception {
        // Readers see a value or IllegalStateException, never the peer's poison (the deleter fills
        // the buffer with 0xA5 bytes before freeing it).
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 200; round++) {
                MemorySegment p = new CPeer.Spec().dtype(DType.INT64).shape(64).make();
                NDArray a = DLPack.fromDLPack(p);
                CyclicBarrier start = new CyclicBarrier(3);
                AtomicLong bad = new AtomicLong();
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        start.await();
                        try {
                            for (int k = 0; ; k = (k + 1) % 64) {
                                long v = a.getLong(k);
                                if (v != k) {
                                    bad.set(v);
                                }
                            }
                        } catch (IllegalStateException closed) {
                            return null;
                        }
                    }));
                }
                start.await();
                a.close();
                for (Future<?> f : readers) {
                    f.get();
                }
                assertEquals(0, bad.get(), "a reader saw freed memory");
                assertEquals(1, CPeer.deleterCalls(p, true));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nullDeleterIsNeverCalled() {
        MemorySegment p = new CPeer.Spec().options(CPeer.NULL_DELETER).make();
        long calls = CPeer.totalDeleterCalls();
        try (NDArray a = DLPack.fromDLPack(p)) {
            assertEquals(1, DLPack.liveImports());
            assertEquals(2.0, a.getDouble(0, 2));
        }
        assertEquals(calls, CPeer.totalDeleterCalls());
        assertEquals(0, DLPack.liveImports(), "released even without a deleter");
    }

    @Test
    void emptyTensorsStillGetTheirDeleterCalled() {
        MemorySegment p = new CPeer.Spec().shape(0, 4).options(CPeer.NULL_DATA).make();
        DLPack.fromDLPack(p).close();
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void importingALiveImportAgainIsRefusedWithoutTouchingIt() {
        MemorySegment p = tensor();
        try (NDArray a = DLPack.fromDLPack(p)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DLPack.fromDLPack(p));
            assertTrue(e.getMessage().contains("already consumed"), e.getMessage());
            assertTrue(e.getMessage().contains(Long.toHexString(p.address())), e.getMessage());
            assertEquals(0, CPeer.deleterCalls(p, true), "the deleter belongs to the live import");
            assertThrows(IllegalStateException.class, () -> DLPack.discard(new DLPackTensor(p, true)));
            assertEquals(0, CPeer.deleterCalls(p, true));
            assertEquals(1, DLPack.liveImports());
            assertEquals(8.0, a.getDouble(2, 0), "the first import is unaffected");
        }
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void aReleasedPointerReusedByTheProducerImportsAgain() {
        MemorySegment p = tensor();
        DLPack.fromDLPack(p).close();
        assertEquals(1, CPeer.deleterCalls(p, true));
        // The producer's allocator hands out the same address for a new tensor.
        MemorySegment q = new CPeer.Spec().dtype(DType.INT16).shape(5).makeAt(p);
        assertEquals(p.address(), q.address());
        try (NDArray b = DLPack.fromDLPack(q)) {
            assertEquals(DType.INT16, b.dtype());
            assertEquals(4, b.getLong(4));
        }
        assertEquals(1, CPeer.deleterCalls(q, true), "the new tensor's own deleter, once");
    }

    @Test
    void twoThreadsImportingOnePointerExactlyOneSucceeds() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 300; round++) {
                MemorySegment p = tensor();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<NDArray>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> {
                        go.await();
                        try {
                            return DLPack.fromDLPack(p);
                        } catch (IllegalStateException e) {
                            assertTrue(e.getMessage().contains("already consumed"));
                            return null;
                        }
                    }));
                }
                go.countDown();
                List<NDArray> winners = new ArrayList<>();
                for (Future<NDArray> f : fs) {
                    NDArray a = f.get();
                    if (a != null) {
                        winners.add(a);
                    }
                }
                assertEquals(1, winners.size(), "round " + round);
                assertEquals(0, CPeer.deleterCalls(p, true));
                winners.get(0).close();
                assertEquals(1, CPeer.deleterCalls(p, true));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void discardCallsTheDeleterWithoutImporting() {
        MemorySegment p = tensor();
        DLPack.discard(new DLPackTensor(p, true));
        assertEquals(1, CPeer.deleterCalls(p, true));
        MemorySegment q = new CPeer.Spec().legacy().make();
        DLPack.discard(new DLPackTensor(q, false));
        assertEquals(1, CPeer.deleterCalls(q, false));
        assertEquals(0, DLPack.liveImports());
    }

    @Test
    void liveImportsCountsWhatIsOwned() {
        MemorySegment p1 = tensor();
        MemorySegment p2 = new CPeer.Spec().legacy().make();
        long before = DLPack.statistics().imports();
        NDArray a = DLPack.fromDLPack(p1);
        NDArray b = DLPack.fromLegacyDLPack(p2);
        assertEquals(2, DLPack.liveImports());
        assertEquals(before + 2, DLPack.statistics().imports());
        a.close();
        assertEquals(1, DLPack.liveImports());
        b.close();
        assertEquals(0, DLPack.liveImports());
    }

    @Test
    void manyThreadsImportingAndClosingKeepTheCountsExact() throws Exception {
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean failed = new AtomicBoolean();
        long before = DLPack.statistics().imports();
        try {
            List<MemorySegment> all = new ArrayList<>();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<MemorySegment> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(new CPeer.Spec().shape(3).make());
                }
                all.addAll(mine);
                fs.add(pool.submit(() -> {
                    for (MemorySegment p : mine) {
                        try (NDArray a = DLPack.fromDLPack(p)) {
                            if (a.getDouble(2) != 2.0) {
                                failed.set(true);
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            assertFalse(failed.get());
            assertEquals(before + (long) threads * perThread, DLPack.statistics().imports(), "no update lost");
            for (MemorySegment p : all) {
                assertEquals(1, CPeer.deleterCalls(p, true));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
