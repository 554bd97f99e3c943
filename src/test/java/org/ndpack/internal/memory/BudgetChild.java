package org.ndpack.internal.memory;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.NativeMemory;

/**
 * Child-JVM scenarios for {@link NativeBudgetTest}, run with a small
 * {@code -Dndpack.maxNativeMemory}. Prints {@code ok ...} with its figures, or a failure and exit
 * code 1.
 */
public final class BudgetChild {
    private BudgetChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "drop" -> drop(Long.parseLong(args[1]));
            case "over" -> over();
            case "held" -> held();
            case "slabs" -> slabs();
            case "badprop" -> badProperty();
            case "beyondheap" -> beyondHeap();
            case "contend" -> contend(Long.parseLong(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void fail(String what) {
        System.out.println("FAILED: " + what);
        System.exit(1);
    }

    /**
     * Without the property: an array larger than the heap, within the default limit (half the
     * physical memory), is allocated although the budget starts from the heap alone.
     */
    static void beyondHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        long elems = 3 * heap / 8; // 3 x the heap in bytes
        if (3 * heap > NativeBudget.defaultLimit()) {
            System.out.println("ok beyondheap: skipped, the default limit is the heap here");
            return;
        }
        try (NDArray a = NDArray.zeros(DType.FLOAT64, elems)) {
            a.setDouble(1.0, elems - 1);
            System.out.println("ok beyondheap: allocated " + a.nbytes() + " bytes over a heap of " + heap
                    + ", limit " + NativeMemory.limit() + " (default " + NativeBudget.defaultLimit() + ")");
        }
    }

    /**
     * Two threads reserve and give back a block each, in a loop, beside a standing reservation that
     * leaves room for one block but not two, while this thread reads the bytes reserved as fast as
     * it can. The count must never read above the limit, not even for the moment between an
     * optimistic add and its undo.
     */
    static void contend(long millis) throws InterruptedException {
        long limit = NativeMemory.limit();
        long block = limit / 4;
        long standing = limit - block - block / 2;
        NativeBudget.reserve(standing);
        long end = System.nanoTime() + millis * 1_000_000;
        AtomicLong rounds = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        NativeBudget.reserve(block);
                        NativeBudget.unreserve(block);
                        rounds.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads[t].start();
        }
        long max = 0;
        long reads = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1024; i++) {
                max = Math.max(max, NativeBudget.reserved());
            }
            reads += 1024;
        }
        for (Thread t : threads) {
            t.join();
        }
        NativeBudget.unreserve(standing);
        if (failure.get() != null) {
            fail("a reservation that fits failed: " + failure.get());
        }
        if (max > limit) {
            fail("reserved read " + max + " > limit " + limit + " (" + rounds.get() + " rounds, " + reads + " reads)");
        }
        if (NativeBudget.reserved() != 0) {
            fail("left reserved: " + NativeBudget.reserved());
        }
        System.out.println("ok contend: " + rounds.get() + " rounds, " + reads + " reads, max reserved " + max
                + " of " + limit);
    }

    /** Allocates arrays of mixed sizes and drops most without closing them. */
    static void drop(long bytesToAllocate) {
        long limit = NativeMemory.limit();
        SplittableRandom r = new SplittableRandom(15);
        NDArray[] kept = new NDArray[16];
        long total = 0;
        long maxReserved = 0;
        long maxLive = 0;
        int n = 0;
        while (total < bytesToAllocate) {
            int kind = r.nextInt(10);
            long elems = kind < 6 ? 1 + r.nextInt(64) : kind < 9 ? 1024 + r.nextInt(8192) : 128 * 1024;
            NDArray a = NDArray.zeros(DType.FLOAT64, elems);
            a.setDouble(1.0, elems - 1);
            total += elems * 8;
            n++;
            if (r.nextInt(8) == 0) {
                kept[r.nextInt(kept.length)] = a; // a small live set; the rest is garbage at once
            }
            maxReserved = Math.max(maxReserved, NativeMemory.reservedBytes());
            maxLive = Math.max(maxLive, NativeMemory.liveBytes());
        }
        if (maxReserved > limit) {
            fail("reserved " + maxReserved + " > limit " + limit);
        }
        System.out.println("ok drop: " + n + " arrays, " + total + " bytes allocated, limit " + limit
                + ", max reserved " + maxReserved + ", max live " + maxLive);
    }

    /** One request larger than the limit: refused at once, nothing changes. */
    static void over() {
        long limit = NativeMemory.limit();
        long reserved = NativeMemory.reservedBytes();
        long live = NativeMemory.liveBytes();
        long t0 = System.nanoTime();
        try {
            NDArray.zeros(DType.INT8, limit + 1);
            fail("allocated more than the limit");
        } catch (OutOfMemoryError e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("message: " + e.getMessage());
            if (NativeMemory.reservedBytes() != reserved || NativeMemory.liveBytes() != live) {
                fail("the refused request left memory behind");
            }
            System.out.println("ok over in " + ms + " ms");
        }
    }

    /** A malformed property: every allocation says so, the JVM goes on. */
    static void badProperty() {
        for (int i = 0; i < 2; i++) {
            try {
                NDArray.zeros(DType.INT8, 10 + i * 1000).close();
                fail("allocated with a malformed limit");
            } catch (IllegalArgumentException e) {
                System.out.println("message: " + e.getMessage());
            }
        }
        System.out.println("ok badprop");
    }

    /** Small arrays made on several threads leave partly used slabs behind, idle; a request
     * needing the whole budget retires them and succeeds. */
    static void slabs() throws InterruptedException {
        long limit = NativeMemory.limit();
        Thread[] ts = new Thread[8];
        for (int i = 0; i < ts.length; i++) {
            boolean close = i % 2 == 0;
            ts[i] = new Thread(() -> {
                NDArray a = NDArray.zeros(DType.INT8, 100);
                if (close) {
                    a.close();
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long pinned = NativeMemory.reservedBytes();
        System.out.println("idle slabs hold " + pinned + " bytes");
        if (pinned == 0) {
            fail("no slab was left behind; the scenario tests nothing");
        }
        try (NDArray big = NDArray.zeros(DType.INT8, limit - NativeAllocator.ALIGNMENT)) {
            System.out.println("ok slabs: allocated " + big.nbytes() + " of a limit of " + limit);
        }
    }

    /** Reachable arrays fill the budget: the next request waits, collects, then gives up; after
     * closing them, it succeeds. */
    static void held() {
        long limit = NativeMemory.limit();
        long chunk = limit / 4;
        NDArray[] held = new NDArray[3];
        for (int i = 0; i < held.length; i++) {
            held[i] = NDArray.zeros(DType.INT8, chunk);
        }
        long reserved = NativeMemory.reservedBytes();
        long t0 = System.nanoTime();
        try {
            NDArray.zeros(DType.INT8, chunk + chunk / 2);
            fail("allocated past the limit");
        } catch (OutOfMemoryError e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("message: " + e.getMessage());
            if (NativeMemory.reservedBytes() != reserved) {
                fail("the refused request left a reservation behind");
            }
            System.out.println("refused after " + ms + " ms");
        }
        for (NDArray a : held) {
            a.close();
        }
        try (NDArray b = NDArray.zeros(DType.INT8, chunk + chunk / 2)) {
            System.out.println("ok held: allocated " + b.nbytes() + " after closing");
        }
    }
}
