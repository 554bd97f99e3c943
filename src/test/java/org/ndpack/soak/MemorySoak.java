package org.ndpack.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.NativeMemory;

/**
 * The memory soak (run by {@link SoakTest} in a child JVM with a small heap and native budget):
 * two threads allocate arrays of mixed sizes, compute with them, take views, and drop nearly all
 * without closing them, for a fixed time. A sampler checks the native bytes reserved against the
 * budget and the process's resident set ({@code VmRSS} of {@code /proc/self/status}) against an
 * absolute bound and against its level early in the run (no steady growth). Any
 * {@link OutOfMemoryError} or broken bound prints {@code FAILED} and exits with 1; success prints
 * {@code ok} and the figures.
 *
 * <p>Arguments: seconds to run, RSS bound in MiB, allowed RSS growth in MiB.
 */
public final class MemorySoak {
    private MemorySoak() {
    }

    /** {@return the resident set size in bytes, or -1 where /proc is missing} */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        long rssBound = Long.parseLong(args[1]) << 20;
        long growthBound = Long.parseLong(args[2]) << 20;
        long limit = NativeMemory.limit();
        AtomicLong allocated = new AtomicLong();
        AtomicLong arrays = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            Thread t = new Thread(() -> {
                try {
                    work(seed, end, allocated, arrays);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "soak-" + w);
            t.start();
            workers.add(t);
        }
        long start = System.nanoTime();
        long early = 0;
        long late = 0;
        long maxRss = 0;
        long maxReserved = 0;
        long maxForeign = 0;
        while (System.nanoTime() < end && failure.get() == null) {
            Thread.sleep(100);
            double t = (System.nanoTime() - start) / 1e9;
            long r = rss();
            long reserved = NativeMemory.reservedBytes();
            maxReserved = Math.max(maxReserved, reserved);
            maxRss = Math.max(maxRss, r);
            maxForeign = Math.max(maxForeign, NativeMemory.foreignBytes());
            if (t > 3 && t < seconds / 3.0) {
                early = Math.max(early, r);
            } else if (t > seconds * 2 / 3.0) {
                late = Math.max(late, r);
            }
            if (reserved > limit) {
                failure.compareAndSet(null, new AssertionError("reserved " + reserved + " > limit " + limit));
            }
            if (r > rssBound) {
                failure.compareAndSet(null, new AssertionError("RSS " + r + " > bound " + rssBound));
            }
        }
        for (Thread w : workers) {
            w.join();
        }
        Throwable f = failure.get();
        if (f != null) {
            System.out.println("FAILED: " + f);
            f.printStackTrace(System.out);
            System.exit(1);
        }
        if (early > 0 && late > early + growthBound) {
            System.out.println("FAILED: RSS grew from " + early + " early in the run to " + late + " at its end");
            System.exit(1);
        }
        System.out.printf("ok memory soak: %d s, %d arrays, %d MiB allocated, limit %d MiB, max reserved %.1f MiB,"
                + " RSS early %.1f MiB, late %.1f MiB, max %.1f MiB, heap max %d MiB%n", seconds, arrays.get(),
                allocated.get() >> 20, limit >> 20, maxReserved / 1048576.0, early / 1048576.0, late / 1048576.0,
                maxRss / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Allocates, computes and drops until {@code end}. */
    private static void work(int seed, long end, AtomicLong allocated, AtomicLong arrays) {
        SplittableRandom r = new SplittableRandom(seed);
        NDArray[] kept = new NDArray[32];
        while (System.nanoTime() < end) {
            int kind = r.nextInt(20);
            long n = kind < 12 ? 1 + r.nextInt(64) : kind < 18 ? 1000 + r.nextInt(20_000) : 100_000 + r.nextInt(400_000);
            DType t = r.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32;
            NDArray a = NDArray.arange(t, 0, n, 1);
            NDArray b = a.add(a); // a temporary, dropped
            NDArray v = b.slice("::2"); // a view keeps b's memory alive while it lives
            allocated.addAndGet(2 * n * t.byteSize());
            arrays.addAndGet(2);
            if (v.size() > 0 && v.getDouble(0) != 0) {
                throw new AssertionError("wrong value: " + v.getDouble(0));
            }
            if (r.nextInt(10) == 0) {
                kept[r.nextInt(kept.length)] = r.nextBoolean() ? v : a;
            }
            if (r.nextInt(50) == 0) {
                b.close(); // now and then an explicit close, which the view must survive as an error
                try {
                    v.getDouble(0);
                    throw new AssertionError("a view of closed memory was readable");
                } catch (IllegalStateException expected) {
                    // the view refuses
                }
            }
        }
    }
}
