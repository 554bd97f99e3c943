package org.ndpack.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

/**
 * Freed large blocks are kept for reuse without changing what an allocation promises: a reused
 * block reads as zeros, the live count and the budget's reservations cover only blocks handed out
 * (a kept block is reserved again when reused), and the budget's first step under pressure frees
 * the kept blocks.
 */
class BlockCacheTest {
    private static final long SIZE = (1 << 20) * 4L + 12; // an odd size no other test uses

    @Test
    void aReusedBlockIsZeroedAndCountedAsNew() {
        SlabAllocator.retireAll();
        long live0 = NativeAllocator.liveBytes();
        NativeAllocator.Block a = NativeAllocator.allocate(SIZE);
        a.segment().fill((byte) 0x5a);
        long raw = a.raw();
        long reserved = NativeBudget.reserved();
        a.free();
        assertEquals(live0, NativeAllocator.liveBytes(), "a kept block is not live");
        assertEquals(reserved - SIZE - NativeAllocator.ALIGNMENT, NativeBudget.reserved(),
                "a kept block is not reserved");
        assertTrue(NativeAllocator.cachedBytes() >= SIZE + NativeAllocator.ALIGNMENT, "the block was kept");
        NativeAllocator.Block b = NativeAllocator.allocate(SIZE);
        try {
            assertEquals(raw, b.raw(), "the kept block of the same size was reused");
            assertEquals(live0 + SIZE, NativeAllocator.liveBytes());
            assertEquals(reserved, NativeBudget.reserved(), "a reused block is reserved again");
            for (long i = 0; i < SIZE; i += 4093) {
                assertEquals(0, b.segment().get(ValueLayout.JAVA_BYTE, i), "byte " + i + " of a reused block");
            }
            assertEquals(0, b.segment().get(ValueLayout.JAVA_BYTE, SIZE - 1));
        } finally {
            b.free();
        }
    }

    @Test
    void anUninitializedAllocationReusesAKeptBlockWithoutZeroing() {
        SlabAllocator.retireAll();
        long live0 = NativeAllocator.liveBytes();
        NativeAllocator.Block a = NativeAllocator.allocate(SIZE);
        a.segment().fill((byte) 0x5a);
        long raw = a.raw();
        long reserved = NativeBudget.reserved();
        a.free();
        NativeAllocator.Block b = NativeAllocator.allocateUninitialized(SIZE);
        try {
            assertEquals(raw, b.raw(), "the kept block of the same size was reused");
            assertEquals(live0 + SIZE, NativeAllocator.liveBytes());
            assertEquals(reserved, NativeBudget.reserved(), "a reused block is reserved again");
            assertEquals(0x5a, b.segment().get(ValueLayout.JAVA_BYTE, SIZE / 2), "not zeroed again");
            b.segment().fill((byte) 0x33);
        } finally {
            b.free();
        }
        NativeAllocator.Block c = NativeAllocator.allocate(SIZE);
        try {
            assertEquals(raw, c.raw(), "reused once more");
            for (long i = 0; i < SIZE; i += 4093) {
                assertEquals(0, c.segment().get(ValueLayout.JAVA_BYTE, i), "byte " + i + " of a zeroed allocation");
            }
        } finally {
            c.free();
        }
        assertEquals(live0, NativeAllocator.liveBytes());
    }

    @Test
    void uninitializedBlocksOutsideTheCacheAreFreedAndCounted() {
        SlabAllocator.retireAll();
        long live0 = NativeAllocator.liveBytes();
        long reserved0 = NativeBudget.reserved();
        NativeAllocator.Block small = NativeAllocator.allocateUninitialized(1000);
        NativeAllocator.Block huge = NativeAllocator.allocateUninitialized(140L << 20);
        assertEquals(0, small.segment().address() % NativeAllocator.ALIGNMENT, "aligned");
        assertEquals(0, huge.segment().address() % NativeAllocator.ALIGNMENT, "aligned");
        assertEquals(live0 + 1000 + (140L << 20), NativeAllocator.liveBytes());
        assertEquals(reserved0 + 1000 + (140L << 20) + 2 * NativeAllocator.ALIGNMENT, NativeBudget.reserved());
        small.free();
        huge.free();
        assertEquals(live0, NativeAllocator.liveBytes());
        assertEquals(reserved0, NativeBudget.reserved());
    }

    @Test
    void underPressureTheKeptBlocksAreFreed() {
        NativeAllocator.Block a = NativeAllocator.allocate(SIZE);
        a.free();
        long kept = NativeAllocator.cachedBytes();
        assertTrue(kept > 0, "the block was kept");
        SlabAllocator.retireAll(); // what NativeBudget's slow path does first
        assertEquals(0, NativeAllocator.cachedBytes(), "the kept blocks were freed");
    }

    @Test
    void theMostRecentlyFreedBlockOfASizeIsReusedFirst() {
        SlabAllocator.retireAll();
        long size = (1 << 20) * 4L + 20; // another odd size
        NativeAllocator.Block a = NativeAllocator.allocate(size);
        NativeAllocator.Block b = NativeAllocator.allocate(size);
        long older = a.raw();
        long newer = b.raw();
        a.free();
        b.free();
        NativeAllocator.Block c = NativeAllocator.allocate(size);
        NativeAllocator.Block d = NativeAllocator.allocate(size);
        try {
            assertEquals(newer, c.raw(), "the block freed last comes back first");
            assertEquals(older, d.raw(), "then the one freed before it");
        } finally {
            c.free();
            d.free();
        }
    }

    @Test
    void largeKeptBlocksStayWithoutAdviceUpToTheWarmLimit() {
        SlabAllocator.retireAll();
        long total = SIZE + NativeAllocator.ALIGNMENT;
        NativeAllocator.allocate(SIZE).free();
        assertEquals(total, NativeAllocator.warmBytes(), "a 4 MiB block is kept as it is");
        long big = NativeAllocator.WARM_BYTES; // with its padding, over the warm limit alone
        NativeAllocator.Block b = NativeAllocator.allocate(big);
        b.segment().fill((byte) 7);
        b.free();
        assertEquals(total + big + NativeAllocator.ALIGNMENT, NativeAllocator.cachedBytes(), "both kept");
        assertEquals(total, NativeAllocator.warmBytes(), "the large one was advised, not counted as warm");
        NativeAllocator.Block c = NativeAllocator.allocate(SIZE);
        try {
            assertEquals(0, NativeAllocator.warmBytes(), "reusing the warm block uncounts it");
        } finally {
            c.free();
        }
        NativeAllocator.Block d = NativeAllocator.allocate(big);
        try {
            assertZeroEveryMiB(d, big);
        } finally {
            d.free();
        }
        SlabAllocator.retireAll();
        assertEquals(0, NativeAllocator.warmBytes(), "freed for real under pressure");
    }

    @Test
    void theBlockFreedLastStaysWarmAndTheWarmBlocksKeptLongestAreAdvised() {
        SlabAllocator.retireAll();
        long pad = NativeAllocator.ALIGNMENT;
        long[] sizes = {(10L << 20) + 1, (10L << 20) + 2, (10L << 20) + 3}; // 30 MiB of the 32 warm
        NativeAllocator.Block[] held = new NativeAllocator.Block[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            held[i] = NativeAllocator.allocate(sizes[i]);
        }
        for (NativeAllocator.Block b : held) {
            b.free();
        }
        long warm = sizes[0] + sizes[1] + sizes[2] + 3 * pad;
        assertEquals(warm, NativeAllocator.warmBytes(), "three blocks kept warm");
        long other = (6L << 20) + 4; // does not fit beside them
        for (int round = 0; round < 3; round++) {
            NativeAllocator.Block d = NativeAllocator.allocate(other);
            d.segment().fill((byte) 1);
            d.free();
            assertEquals(sizes[1] + sizes[2] + other + 3 * pad, NativeAllocator.warmBytes(),
                    "round " + round + ": the block freed last is warm, the one kept longest was advised");
            assertEquals(warm + other + pad, NativeAllocator.cachedBytes(), "round " + round + ": all four kept");
        }
        NativeAllocator.Block e = NativeAllocator.allocate(sizes[0]);
        try {
            assertZeroEveryMiB(e, sizes[0]);
        } finally {
            e.free();
        }
        assertEquals(sizes[0] + sizes[2] + other + 3 * pad, NativeAllocator.warmBytes(),
                "freed again, the advised block is warm, and the warm one kept longest was advised");
        SlabAllocator.retireAll();
        assertEquals(0, NativeAllocator.cachedBytes(), "freed for real under pressure");
    }

    @Test
    void whenTheSlotsRunOutTheBlockKeptLongestMakesRoomForTheOneFreedLast() {
        SlabAllocator.retireAll();
        long pad = NativeAllocator.ALIGNMENT;
        int slots = 8;
        NativeAllocator.Block[] held = new NativeAllocator.Block[slots + 1];
        long[] sizes = new long[slots + 1];
        for (int i = 0; i <= slots; i++) {
            sizes[i] = (100L << 10) + 8 * i; // nine sizes no other test uses, 100 KiB each
            held[i] = NativeAllocator.allocate(sizes[i]);
        }
        long kept = 0;
        for (int i = 0; i < slots; i++) {
            held[i].free();
            kept += sizes[i] + pad;
        }
        assertEquals(kept, NativeAllocator.cachedBytes(), "eight blocks kept");
        long last = held[slots].raw();
        held[slots].free();
        assertEquals(kept - sizes[0] - pad + sizes[slots] + pad, NativeAllocator.cachedBytes(),
                "the block freed last is kept in place of the one kept longest");
        NativeAllocator.Block again = NativeAllocator.allocate(sizes[slots]);
        try {
            assertEquals(last, again.raw(), "the block freed last is reused");
        } finally {
            again.free();
        }
        SlabAllocator.retireAll();
        assertEquals(0, NativeAllocator.cachedBytes(), "freed for real under pressure");
    }

    @Test
    void blocksOutsideTheCachedRangeAreFreedAtOnce() {
        SlabAllocator.retireAll();
        NativeAllocator.allocate(1000).free();
        NativeAllocator.allocate(140L << 20).free();
        assertEquals(0, NativeAllocator.cachedBytes(), "small and huge blocks are not kept");
    }

    /** Asserts that a reused advised block reads as zeros, one byte in every MiB. */
    private static void assertZeroEveryMiB(NativeAllocator.Block b, long size) {
        for (long i = 0; i < size; i += 1 << 20) {
            assertEquals(0, b.segment().get(ValueLayout.JAVA_BYTE, i), "byte " + i + " of a reused advised block");
        }
    }
}
