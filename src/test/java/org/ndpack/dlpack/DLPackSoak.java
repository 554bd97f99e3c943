package org.ndpack.dlpack;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.NativeMemory;

/**
 * The DLPack soak (run by {@code SoakTest} in a child JVM): several threads exchange tensors with
 * the C peer for a fixed time. Imports: the peer makes a tensor, ndpack imports it, checks a sum,
 * and closes the array or drops it. Exports: ndpack exports an array, the peer checks its sum and
 * calls the deleter on the calling thread, on a joined pthread or on a detached one after a delay,
 * and the array is closed or dropped. At the end every counter must come back: no live import or
 * export, no foreign bytes reported ({@link NativeMemory#foreignBytes()}), one deleter call per
 * import made, no double delete, no stray deleter call. Prints
 * {@code ok} and the figures, or {@code FAILED} and exits with 1.
 *
 * <p>Arguments: seconds to run, threads.
 */
public final class DLPackSoak {
    private DLPackSoak() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        CPeer.require();
        long callsBefore = CPeer.totalDeleterCalls();
        AtomicLong imports = new AtomicLong();
        AtomicLong exports = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int seed = i;
            Thread t = new Thread(() -> {
                try {
                    exchange(seed, end, imports, exports);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "dlpack-soak-" + i);
            t.start();
            ts.add(t);
        }
        long maxLiveImports = 0;
        long maxLiveExports = 0;
        long maxForeign = 0;
        while (ts.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(50);
            maxForeign = Math.max(maxForeign, NativeMemory.foreignBytes());
            maxLiveImports = Math.max(maxLiveImports, DLPack.liveImports());
            maxLiveExports = Math.max(maxLiveExports, DLPack.liveExports());
        }
        if (failure.get() != null) {
            System.out.println("FAILED: " + failure.get());
            failure.get().printStackTrace(System.out);
            System.exit(1);
        }
        long waitStart = System.nanoTime();
        for (int i = 0; i < 500 && (DLPack.liveImports() != 0 || DLPack.liveExports() != 0
                || NativeMemory.foreignBytes() != 0 || CPeer.totalDeleterCalls() - callsBefore != imports.get()); i++) {
            System.gc();
            Thread.sleep(20);
        }
        long waited = (System.nanoTime() - waitStart) / 1_000_000;
        DLPack.Statistics s = DLPack.statistics();
        long calls = CPeer.totalDeleterCalls() - callsBefore;
        if (s.liveImports() != 0 || s.liveExports() != 0 || calls != imports.get() || CPeer.doubleDeletes() != 0
                || s.strayDeleterCalls() != 0 || NativeMemory.foreignBytes() != 0) {
            System.out.println("FAILED: counters did not return: " + s + ", peer deleter calls " + calls + " for "
                    + imports.get() + " imports, double deletes " + CPeer.doubleDeletes() + ", foreign bytes "
                    + NativeMemory.foreignBytes());
            System.exit(1);
        }
        System.out.printf("ok dlpack soak: %d s, %d threads, %d imports, %d exports, max live %d imports and %d"
                + " exports, max foreign %d bytes, counters back to 0 %d ms after the last exchange%n", seconds,
                threads, imports.get(), exports.get(), maxLiveImports, maxLiveExports, maxForeign, waited);
    }

    private static void exchange(int seed, long end, AtomicLong imports, AtomicLong exports) {
        SplittableRandom r = new SplittableRandom(seed);
        while (System.nanoTime() < end) {
            // import from the peer
            long rows = 1 + r.nextInt(200);
            boolean versioned = r.nextBoolean();
            CPeer.Spec spec = new CPeer.Spec().dtype(DType.FLOAT64).shape(rows, 3);
            if (!versioned) {
                spec.legacy();
            }
            MemorySegment p = spec.make();
            NDArray a = versioned ? DLPack.fromDLPack(p) : DLPack.fromLegacyDLPack(p);
            imports.incrementAndGet();
            double expected = 0;
            for (long i = 0; i < rows * 3; i++) {
                expected += CPeer.value(i);
            }
            double got = a.sum().item();
            if (got != expected) {
                throw new AssertionError("import sum " + got + " != " + expected);
            }
            if (r.nextInt(3) != 0) {
                a.close();
            }
            // export to the peer
            long n = 1 + r.nextInt(5000);
            NDArray b = NDArray.arange(DType.FLOAT64, 0, n, 1);
            boolean v2 = r.nextBoolean();
            MemorySegment q = v2 ? DLPack.toDLPack(b) : DLPack.toLegacyDLPack(b);
            exports.incrementAndGet();
            double peerSum = CPeer.sum(q, v2);
            if (peerSum != n * (n - 1) / 2.0) {
                throw new AssertionError("export sum " + peerSum + " for n " + n);
            }
            switch (r.nextInt(3)) {
                case 0 -> CPeer.callDeleter(q, v2);
                case 1 -> CPeer.callDeleterOnThread(q, v2, true, 0);
                default -> CPeer.callDeleterOnThread(q, v2, false, r.nextInt(200));
            }
            if (r.nextBoolean()) {
                b.close();
            }
        }
    }
}
