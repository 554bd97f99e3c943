package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.ndpack.Racing.Task;

/**
 * The memory lock: it belongs to the memory (views share it), covers spans (disjoint ones run
 * together, overlapping ones exclude unless both read), is reentrant, refuses upgrades, grants in
 * arrival order, and never deadlocks for acquisitions of several arrays at once.
 */
class MemoryLockTest {

    @Test
    void disjointRegionsOfOneBufferAreHeldAtOnce() throws Exception {
        NDArray a = NDArray.zeros(DType.FLOAT64, 1000);
        try (RegionLock l = a.slice(":500").lock()) {
            Task other = Racing.start("other-half", () -> {
                try (RegionLock m = a.slice("500:").lock()) {
                    a.slice("500:").locked().setDouble(1, 0);
                }
            });
            other.join(); // would time out if the halves excluded each other
            assertEquals(1, a.getDouble(500));
        }
    }

    @Test
    void overlappingRegionsExcludeEachOtherAcrossViews() throws Exception {
        NDArray a = NDArray.zeros(DType.INT32, 100);
        NDArray viewA = a.slice("10:60");
        NDArray viewB = a.reshape(10, 10).slice("5:, :"); // other views of the same memory, overlapping
        Task t;
        try (RegionLock l = viewA.lock()) {
            t = Racing.start("overlapping", () -> {
                try (RegionLock m = viewB.lock()) {
                    viewB.setLong(7, 0, 0);
                }
            });
            Racing.assertBlocked(t);
            assertEquals(0, a.getLong(50), "the blocked thread has written nothing");
        }
        t.join();
        assertEquals(7, a.getLong(50));
    }

    @Test
    void lockedOperationsWaitForTheLockAndTakeItForTheirElement() throws Exception {
        NDArray a = NDArray.zeros(DType.FLOAT32, 8);
        NDArray locked = a.locked();
        Task t;
        try (RegionLock l = a.slice("4:").lock()) {
            locked.setDouble(1, 0); // element 0 is outside the held span: no wait
            t = Racing.start("locked-writer", () -> locked.setDouble(2, 5));
            Racing.assertBlocked(t);
            assertEquals(0, a.getDouble(5));
        }
        t.join();
        assertEquals(2, a.getDouble(5));
        assertEquals(1, a.getDouble(0));
    }

    @Test
    void readersShareWritersExclude() throws Exception {
        NDArray a = NDArray.zeros(DType.INT64, 10);
        RegionLock r = a.lockShared();
        Task reader = Racing.start("reader", () -> {
            try (RegionLock r2 = a.slice("2:5").lockShared()) {
                a.locked().getLong(3); // a locked read inside a shared region: proceeds
            }
        });
        reader.join();
        Task writer = Racing.start("writer", () -> a.locked().setLong(1, 3));
        Racing.assertBlocked(writer);
        r.close();
        writer.join();
        assertEquals(1, a.getLong(3));
    }

    @Test
    void differentMemoriesNeverWaitForEachOther() throws Exception {
        NDArray a = NDArray.zeros(DType.INT8, 16);
        NDArray b = NDArray.zeros(DType.INT8, 16);
        try (RegionLock l = a.lock()) {
            Task t = Racing.start("b", () -> {
                try (RegionLock m = b.lock()) {
                    b.locked().setLong(1, 0);
                }
            });
            t.join();
        }
        assertEquals(1, b.getLong(0));
    }

    @Test
    void interleavedStridedViewsShareASpanAndExclude() throws Exception {
        NDArray m = NDArray.zeros(DType.FLOAT64, 4, 4);
        NDArray col0 = m.slice(":, 0");
        NDArray col1 = m.slice(":, 1");
        Task t;
        try (RegionLock l = col0.lock()) {
            t = Racing.start("column-1", () -> {
                try (RegionLock l2 = col1.lock()) {
                    col1.setDouble(1, 0);
                }
            });
            Racing.assertBlocked(t); // documented: spans of interleaved views overlap
        }
        t.join();
    }

    @Test
    void theLockIsReentrantForTheThreadThatHoldsIt() {
        NDArray a = NDArray.zeros(DType.INT16, 10);
        try (RegionLock outer = a.lock(); RegionLock inner = a.slice("2:4").lock();
                RegionLock read = a.lockShared()) {
            a.locked().setLong(3, 2);
            assertEquals(3, a.locked().getLong(2));
            a.locked().atomic().getAndAddLong(1, 2);
        }
        assertEquals(4, a.getLong(2));
    }

    @Test
    void upgradingASharedLockIsRefusedNotDeadlocked() {
        NDArray a = NDArray.zeros(DType.INT16, 10);
        try (RegionLock r = a.slice("0:5").lockShared()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.lock());
            assertTrue(e.getMessage().contains("upgraded"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> a.locked().setLong(1, 2));
            a.slice("5:").lock().close(); // no overlap with the shared part: fine
            a.locked().getLong(2); // reading is fine
        }
        try (RegionLock w = a.lock(); RegionLock r = a.lockShared(); RegionLock w2 = a.slice("1:3").lock()) {
            // exclusive first, then shared, then exclusive again inside the first: covered, no upgrade
            a.locked().setLong(5, 1);
        }
        assertEquals(5, a.getLong(1));
    }

    @Test
    void aWaitingWriterIsNotOvertakenByLaterReaders() throws Exception {
        NDArray a = NDArray.zeros(DType.INT32, 10);
        AtomicInteger order = new AtomicInteger();
        int[] seen = new int[2];
        RegionLock first = a.lockShared();
        Task writer = Racing.start("writer", () -> {
            try (RegionLock w = a.lock()) {
                seen[0] = order.incrementAndGet();
            }
        });
        Racing.assertBlocked(writer);
        Task reader = Racing.start("late-reader", () -> {
            try (RegionLock r = a.lockShared()) {
                seen[1] = order.incrementAndGet();
            }
        });
        Racing.assertBlocked(reader); // queued behind the writer, although readers share
        first.close();
        writer.join();
        reader.join();
        assertEquals(1, seen[0], "the writer went first");
        assertEquals(2, seen[1]);
    }

    @Test
    void misuseOfTheHandleIsAnError() throws Exception {
        NDArray a = NDArray.zeros(DType.INT32, 4);
        RegionLock l = a.lock();
        Task other = Racing.start("stranger", () -> assertThrows(IllegalStateException.class, l::close));
        other.join();
        assertTrue(l.isHeld(), "still held after the refused close");
        l.close();
        assertFalse(l.isHeld());
        assertThrows(IllegalStateException.class, l::close);
        a.close();
        assertThrows(IllegalStateException.class, a::lock);
        assertThrows(IllegalStateException.class, a::locked);
        assertThrows(NullPointerException.class, () -> RegionLock.lock(java.util.Arrays.asList((NDArray) null), List.of()));
    }

    @Test
    void flagsAreInheritedByViewsAndTheFormsAreViews() {
        NDArray a = NDArray.arange(12);
        NDArray l = a.locked();
        assertTrue(l.isLocked() && !a.isLocked() && !l.isOwner());
        assertTrue(l.reshape(3, 4).slice("1:, ::2").transpose().isLocked(), "views of a locked array are locked");
        assertTrue(l.asReadOnly().isLocked() && l.asReadOnly().isReadOnly());
        NDArray c = a.checked();
        assertTrue(c.isChecked() && !c.isLocked() && c.slice("3:").isChecked());
        assertTrue(l.checked().isLocked() && l.checked().isChecked());
        assertTrue(l.sharesMemory(a));
        assertFalse(l.copy().isLocked(), "a copy is a new, plain array");
        l.close();
        assertEquals(5, a.getLong(5), "closing the locked view leaves the owner open");
    }

    /** Many threads lock random pairs of arrays in random order, and run locked operations: no deadlock. */
    @Test
    void acquisitionsOfSeveralArraysNeverDeadlock() throws Exception {
        NDArray[] arrays = new NDArray[4];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = NDArray.zeros(DType.INT64, 64);
        }
        int rounds = 3000;
        Racing.runAll(4, k -> {
            Random rnd = new Random(k);
            for (int r = 0; r < rounds; r++) {
                NDArray x = arrays[rnd.nextInt(arrays.length)].slice(rnd.nextInt(32) + ":" + (32 + rnd.nextInt(32)));
                NDArray y = arrays[rnd.nextInt(arrays.length)].slice(rnd.nextInt(64) + ":");
                if (rnd.nextBoolean()) {
                    try (RegionLock l = RegionLock.lock(List.of(x), List.of(y))) {
                        x.setLong(x.getLong(0) + 1, 0);
                    }
                } else {
                    try (RegionLock l = RegionLock.exclusive(y, x)) {
                        y.setLong(y.getLong(0) + 1, 0);
                    }
                }
            }
        });
    }

    /** Increments under the lock from four threads: none is lost (the racy version loses some). */
    @Test
    void readModifyWriteUnderTheLockLosesNothing() throws Exception {
        NDArray a = NDArray.zeros(DType.INT64, 4);
        int rounds = 20_000;
        Racing.runAll(4, k -> {
            NDArray v = a.slice("1:3");
            for (int r = 0; r < rounds; r++) {
                try (RegionLock l = v.lock()) {
                    v.setLong(v.getLong(0) + 1, 0);
                }
            }
        });
        assertEquals(4L * rounds, a.getLong(1));
    }

    @Test
    void zeroSizeArraysLockNothing() throws Exception {
        NDArray a = NDArray.zeros(DType.INT64, 4);
        try (RegionLock l = a.lock()) {
            Task t = Racing.start("empty", () -> {
                try (RegionLock e = a.slice("2:2").lock()) {
                    assertEquals(0, a.slice("2:2").size());
                }
            });
            t.join();
        }
    }
}
