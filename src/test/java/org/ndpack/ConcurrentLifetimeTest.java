package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;
import static org.ndpack.testing.Internals.wrap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.ndpack.Racing.Task;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.memory.Memory;

/**
 * Closing memory while other threads run operations on it, through every access path (plain,
 * locked, checked, atomic, bulk): they finish with the right value or get IllegalStateException;
 * the memory is released exactly once, and never while an operation is in flight.
 */
class ConcurrentLifetimeTest {
        private static final long POISON = 0xDEADL;

    /** A 64-element int64 array of 42s over memory whose release overwrites it with POISON. */
    private static NDArray poisonedOnRelease(AtomicInteger releases) {
        MemorySegment seg = Arena.ofAuto().allocate(64 * 8, 64);
        for (int i = 0; i < 64; i++) {
            seg.setAtIndex(ValueLayout.JAVA_LONG, i, 42);
        }
        Memory m = Memory.wrap(seg, () -> {
            releases.incrementAndGet();
            seg.fill((byte) 0);
            for (int i = 0; i < 64; i++) {
                seg.setAtIndex(ValueLayout.JAVA_LONG, i, POISON);
            }
        });
        return wrap(new ArrayImpl(m, DType.INT64, new long[] {64}, new long[] {1}, 0, ArrayImpl.OWNER));
    }

    @Test
    void readersOnEveryPathSeeTheValueOrIllegalStateNeverReleasedMemory() throws Exception {
        for (int round = 0; round < 50; round++) {
            AtomicInteger releases = new AtomicInteger();
            NDArray a = poisonedOnRelease(releases);
            NDArray locked = a.locked();
            NDArray checked = a.checked();
            AtomicView at = a.atomic();
            AtomicLong reads = new AtomicLong();
            Racing.Task[] readers = new Racing.Task[4];
            for (int k = 0; k < readers.length; k++) {
                int path = k;
                readers[k] = Racing.start("reader-" + k, () -> {
                    try {
                        for (int i = 0; ; i = (i + 1) & 63) {
                            long v = switch (path) {
                                case 0 -> locked.getLong(i);
                                case 1 -> checked.getLong(i);
                                case 2 -> at.getLongVolatile(i);
                                default -> {
                                    try (NDArray c = a.slice(i + ":").copy()) {
                                        yield c.getLong(0);
                                    }
                                }
                            };
                            if (v != 42) {
                                throw new AssertionError("path " + path + " read " + v + " at " + i);
                            }
                            reads.incrementAndGet();
                        }
                    } catch (IllegalStateException closed) {
                        // the only acceptable failure
                    }
                });
            }
            while (reads.get() < 200) {
                Thread.onSpinWait();
            }
            a.close();
            for (Racing.Task t : readers) {
                t.join();
            }
            assertEquals(1, releases.get(), "released exactly once, round " + round);
        }
    }

    @Test
    void anOperationWaitingForTheLockKeepsTheMemoryAlive() throws Exception {
        NDArray a = NDArray.full(DType.FLOAT64, 2.5, 1000);
        Memory m = impl(a).memory;
        double[] got = new double[1];
        RegionLock l = a.slice("0:10").lock();
        Task waiter = Racing.start("waiter", () -> got[0] = a.locked().getDouble(3));
        Racing.assertBlocked(waiter); // it holds its lease while it waits
        a.close();
        assertTrue(m.isClosed());
        assertFalse(m.isReleased(), "not released under the waiting operation");
        l.close();
        waiter.join();
        assertEquals(2.5, got[0], "the operation finished on live memory");
        assertTrue(m.isReleased(), "released when it ended");
    }

    @Test
    void closingAViewUnderAnotherThreadOnlyStopsThatView() throws Exception {
        NDArray a = NDArray.full(DType.INT32, 7L, 100);
        for (int round = 0; round < 100; round++) {
            NDArray view = a.slice("10:20").locked();
            AtomicLong reads = new AtomicLong();
            Task t = Racing.start("view-reader", () -> {
                try {
                    while (true) {
                        assertEquals(7, view.getLong(3));
                        reads.incrementAndGet();
                    }
                } catch (IllegalStateException closed) {
                    // expected once the view is closed
                }
            });
            while (reads.get() < 10) {
                Thread.onSpinWait();
            }
            view.close();
            t.join();
        }
        assertEquals(7, a.getLong(15), "the owner is unaffected");
        assertFalse(impl(a).memory.isClosed());
    }
}
