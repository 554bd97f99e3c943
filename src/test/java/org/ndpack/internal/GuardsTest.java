package org.ndpack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.RegionLock;

/**
 * Guards leave nothing behind: every way out of an operation (normal end, exception inside it, a
 * refusal half-way through taking its locks or registrations) releases every lock and
 * registration it took, in every memory.
 */
class GuardsTest {
    private static final ArrayAccess A = ArrayAccess.get();

    private static void assertClean(NDArray... arrays) {
        for (NDArray a : arrays) {
            Memory m = A.memory(a);
            assertEquals(0, m.rangeLock().requests(), "no lock request left in memory #" + m.id);
            assertEquals(0, m.detector().inFlight(), "no registration left in memory #" + m.id);
        }
    }

    @Test
    void anExceptionInsideAnOperationReleasesEverything() {
        NDArray a = NDArray.zeros(DType.INT32, 8).locked().checked();
        NDArray b = NDArray.zeros(DType.INT32, 8).checked();
        assertThrows(ArithmeticException.class, () -> {
            try (OpScope s = OpScope.enter("op", a, b, a.slice("2:"), b)) {
                assertEquals(1, A.memory(a).rangeLock().requests(), "one request per memory");
                assertEquals(1, A.memory(b).rangeLock().requests());
                throw new ArithmeticException("inside");
            }
        });
        assertClean(a, b);
    }

    @Test
    void aRefusalHalfWayReleasesWhatWasTaken() {
        NDArray first = NDArray.zeros(DType.INT64, 8);
        NDArray second = NDArray.zeros(DType.INT64, 8); // larger memory id: locked after first
        try (RegionLock shared = second.lockShared()) {
            // locking first succeeds, then writing second would upgrade the shared lock: refused
            assertThrows(IllegalStateException.class,
                    () -> OpScope.enter("op", second.locked(), first.locked()).close());
            assertEquals(1, A.memory(second).rangeLock().requests(), "only the explicit shared lock");
            assertEquals(0, A.memory(first).rangeLock().requests(), "first was unlocked again");
        }
        assertClean(first, second);
    }

    @Test
    void aDetectedRaceHalfWayReleasesLocksAndRegistrations() throws Exception {
        NDArray a = NDArray.zeros(DType.INT64, 8);
        NDArray b = NDArray.zeros(DType.INT64, 8);
        java.util.concurrent.CountDownLatch in = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch out = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (OpScope s = OpScope.enter("holder", b.checked(), null)) {
                in.countDown();
                out.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        in.await();
        assertThrows(org.ndpack.ConcurrentAccessException.class,
                () -> OpScope.enter("racer", b.checked().locked(), a.locked()).close());
        assertEquals(0, A.memory(a).rangeLock().requests());
        assertEquals(0, A.memory(a).detector().inFlight(), "a's registration was undone");
        assertEquals(1, A.memory(b).detector().inFlight(), "only the holder's");
        out.countDown();
        t.join();
        assertClean(a, b);
    }

    /** A column of a C-ordered matrix guards its span: first to last element, skipped ones included. */
    @Test
    void spansCoverFromTheLowestToTheHighestElement() throws Exception {
        NDArray m = NDArray.zeros(DType.INT16, 4, 5).checked();
        NDArray col = m.slice("::-1, 2"); // elements 17, 12, 7, 2: bytes [4, 36)
        java.util.concurrent.CountDownLatch in = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch out = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (OpScope s = OpScope.enter("fillColumn", col, null)) {
                in.countDown();
                out.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        in.await();
        m.setLong(1, 0, 1); // bytes [2, 4): before the span
        m.setLong(1, 3, 3); // bytes [36, 38): after it
        assertThrows(org.ndpack.ConcurrentAccessException.class, () -> m.setLong(1, 0, 2)); // first byte
        assertThrows(org.ndpack.ConcurrentAccessException.class, () -> m.setLong(1, 3, 2)); // last element
        assertThrows(org.ndpack.ConcurrentAccessException.class, () -> m.setLong(1, 1, 0)); // skipped, inside
        out.countDown();
        t.join();
        assertClean(m);
    }
}
