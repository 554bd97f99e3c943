package org.ndpack.internal.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ndpack.testing.Internals.impl;

import org.junit.jupiter.api.Test;
import org.ndpack.ConcurrentAccessException;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.RegionLock;
import org.ndpack.internal.memory.Guarding;
import org.ndpack.internal.memory.Memory;

/**
 * Guards leave nothing behind: every way out of an operation (normal end, exception inside it, a
 * refusal half-way through taking its locks or registrations) releases every lock and
 * registration it took, in every memory.
 */
class GuardsTest {
    
    private static void assertClean(NDArray... arrays) {
        for (NDArray a : arrays) {
            Memory m = impl(a).memory;
            assertEquals(0, Guarding.lockRequests(m), "no lock request left in memory #" + m.id);
            assertEquals(0, Guarding.registrations(m), "no registration left in memory #" + m.id);
        }
    }

    @Test
    void anExceptionInsideAnOperationReleasesEverything() {
        NDArray a = NDArray.zeros(DType.INT32, 8).locked().checked();
        NDArray b = NDArray.zeros(DType.INT32, 8).checked();
        assertThrows(ArithmeticException.class, () -> {
            try (OpScope s = OpScope.enter("op", impl(a), impl(b), impl(a.slice("2:")), impl(b))) {
                assertEquals(1, Guarding.lockRequests(impl(a).memory), "one request per memory");
                assertEquals(1, Guarding.lockRequests(impl(b).memory));
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
                    () -> OpScope.enter("op", impl(second.locked()), impl(first.locked())).close());
            assertEquals(1, Guarding.lockRequests(impl(second).memory), "only the explicit shared lock");
            assertEquals(0, Guarding.lockRequests(impl(first).memory), "first was unlocked again");
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
            try (OpScope s = OpScope.enter("holder", impl(b.checked()), null)) {
                in.countDown();
                out.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        in.await();
        assertThrows(ConcurrentAccessException.class,
                () -> OpScope.enter("racer", impl(b.checked().locked()), impl(a.locked())).close());
        assertEquals(0, Guarding.lockRequests(impl(a).memory));
        assertEquals(0, Guarding.registrations(impl(a).memory), "a's registration was undone");
        assertEquals(1, Guarding.registrations(impl(b).memory), "only the holder's");
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
            try (OpScope s = OpScope.enter("fillColumn", impl(col), null)) {
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
        assertThrows(ConcurrentAccessException.class, () -> m.setLong(1, 0, 2)); // first byte
        assertThrows(ConcurrentAccessException.class, () -> m.setLong(1, 3, 2)); // last element
        assertThrows(ConcurrentAccessException.class, () -> m.setLong(1, 1, 0)); // skipped, inside
        out.countDown();
        t.join();
        assertClean(m);
    }
}
