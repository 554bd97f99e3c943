package org.ndpack.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up blocks (see {@link NativeAllocator}): before the first downcall, small blocks come
 * from shared arenas, and they keep every promise a C-library block makes: zeroed, aligned,
 * counted in the live bytes and the budget, freed at once by {@link NativeAllocator.Block#free()}
 * from any thread; no more of them than allowed, even when many threads race for the last ones.
 * The suite turns them off ({@code ndpack.startupBlocks=0}, so that the block-cache tests see C
 * blocks); each test here hands out a few again.
 */
class StartupBlockTest {
    /** Makes the C library's downcall handles now: the first of them ends the start-up blocks
     * (the linker's set-up is paid then), which must not happen in the middle of a test. */
    @BeforeEach
    void link() {
        NativeAllocator.endStartup();
        for (long size : new long[] {4096, 1 << 20, 8 << 20}) {
            NativeAllocator.allocate(size).free();
            NativeAllocator.allocateUninitialized(size).free();
        }
    }

    @AfterEach
    void end() {
        NativeAllocator.endStartup();
    }

    @Test
    void aStartupBlockIsZeroedAlignedCountedAndFreedAtOnce() {
        SlabAllocator.retireAll();
        long live0 = NativeAllocator.liveBytes();
        long reserved0 = NativeBudget.reserved();
        NativeAllocator.restartStartup(3, 4 << 20);
        NativeAllocator.Block a = NativeAllocator.allocate(1000);
        NativeAllocator.Block b = NativeAllocator.allocateUninitialized(70_000);
        long large = NativeAllocator.ZERO_SOURCE_BYTES + 8; // zeroed by the JDK, not copied
        NativeAllocator.Block c = NativeAllocator.allocate(large);
        assertNotNull(a.arena(), "a small block before any downcall comes from an arena");
        assertNotNull(b.arena(), "so does an uninitialised one");
        assertNotNull(c.arena(), "and a larger one");
        for (NativeAllocator.Block x : List.of(a, b, c)) {
            assertEquals(x == a ? 1000 : x == b ? 70_000 : large, x.segment().byteSize());
            assertEquals(0, x.segment().address() % NativeAllocator.ALIGNMENT, "aligned");
            for (long i = 0; i < x.segment().byteSize(); i++) {
                if (x.segment().get(ValueLayout.JAVA_BYTE, i) != 0) {
                    throw new AssertionError("byte " + i + " of a start-up block is not zero");
                }
            }
            x.segment().fill((byte) 7);
        }
        assertEquals(live0 + 71_000 + large, NativeAllocator.liveBytes());
        assertEquals(reserved0 + 71_000 + large + 3 * NativeAllocator.ALIGNMENT, NativeBudget.reserved());
        long cached0 = NativeAllocator.cachedBytes();
        a.free();
        b.free();
        c.free();
        assertFalse(a.arena().scope().isAlive(), "freed at once");
        assertFalse(b.arena().scope().isAlive(), "freed at once, not kept for reuse");
        assertFalse(c.arena().scope().isAlive(), "freed at once, not kept for reuse");
        assertEquals(cached0, NativeAllocator.cachedBytes(), "a start-up block is never kept");
        assertEquals(live0, NativeAllocator.liveBytes());
        assertEquals(reserved0, NativeBudget.reserved());
        assertThrows(IllegalStateException.class, a::free, "a second free is refused, not a double free");
        NativeAllocator.count(1000); // the refused free uncounted first; put it back
    }

    @Test
    void theCountTheBytesAndTheSizeBoundTheStartupBlocks() {
        NativeAllocator.restartStartup(3, 1 << 20);
        List<NativeAllocator.Block> blocks = new ArrayList<>();
        try {
            NativeAllocator.Block big = NativeAllocator.allocate(NativeAllocator.STARTUP_MAX_BLOCK);
            blocks.add(big);
            assertNull(big.arena(), "a block above the start-up size comes from the C library");
            NativeAllocator.Block tooMuch = NativeAllocator.allocate(2 << 20);
            blocks.add(tooMuch);
            assertNull(tooMuch.arena(), "a block past the start-up bytes comes from the C library");
            int arenas = 0;
            for (int i = 0; i < 5; i++) {
                NativeAllocator.Block x = NativeAllocator.allocate(4096);
                blocks.add(x);
                arenas += x.arena() != null ? 1 : 0;
            }
            assertEquals(3, arenas, "three start-up blocks were allowed");
            assertFalse(NativeAllocator.inStartup());
        } finally {
            blocks.forEach(NativeAllocator.Block::free);
        }
    }

    @Test
    void racingThreadsGetExactlyTheAllowedStartupBlocksAndOthersFreeThem() throws Exception {
        SlabAllocator.retireAll();
        long live0 = NativeAllocator.liveBytes();
        long reserved0 = NativeBudget.reserved();
        int threads = 8;
        int each = 20;
        int allowed = 50;
        NativeAllocator.restartStartup(allowed, 64L << 20);
        ConcurrentLinkedQueue<NativeAllocator.Block> made = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    made.add(NativeAllocator.allocate(1024 + i));
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(threads * each, made.size());
        long arenas = made.stream().filter(b -> b.arena() != null).count();
        assertEquals(allowed, arenas, "exactly the allowed number of start-up blocks");
        assertFalse(NativeAllocator.inStartup());
        // freed by threads other than those that allocated them
        Thread freer = new Thread(() -> made.forEach(NativeAllocator.Block::free));
        freer.start();
        freer.join();
        assertTrue(made.stream().filter(b -> b.arena() != null).noneMatch(b -> b.arena().scope().isAlive()));
        assertEquals(live0, NativeAllocator.liveBytes());
        assertEquals(reserved0, NativeBudget.reserved(), "every reservation given back");
    }
    @Test
    void arraysOnStartupBlocksAreFreedByCloseAndByTheirScope() {
        SlabAllocator.retireAll();
        long live0 = NativeAllocator.liveBytes();
        NativeAllocator.restartStartup(2, 8 << 20);
        org.ndpack.NDArray a = org.ndpack.NDArray.zeros(org.ndpack.DType.FLOAT32, 100_000);
        assertEquals(live0 + 400_000, NativeAllocator.liveBytes());
        try (org.ndpack.NDScope scope = org.ndpack.NDScope.open()) {
            org.ndpack.NDArray b = a.add(1.5);
            assertFalse(NativeAllocator.inStartup(), "both arrays took start-up blocks");
            assertEquals(live0 + 800_000, NativeAllocator.liveBytes());
            float[] v = b.toFloatArray();
            assertEquals(100_000, v.length);
            for (float x : v) {
                assertEquals(1.5f, x);
            }
        }
        assertEquals(live0 + 400_000, NativeAllocator.liveBytes(), "the scope freed its array's start-up block");
        a.close();
        assertEquals(live0, NativeAllocator.liveBytes(), "close freed the array's start-up block");
    }
}
