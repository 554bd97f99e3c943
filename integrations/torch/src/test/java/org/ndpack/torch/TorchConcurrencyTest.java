package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * Eight threads exchanging both ways and running ops on both sides for a bounded time
 * ({@code ndpack.torch.stressSeconds}, 3 by default, 10 in the setting): no crash, no wrong
 * value, deleters balanced, resident memory bounded.
 */
class TorchConcurrencyTest {
    private static final int THREADS = 8;
    private static final int N = 256;

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static void check(boolean ok, String what, ConcurrentLinkedQueue<String> errors) {
        if (!ok) {
            errors.add(what);
        }
    }

    @Test
    void eightThreadsBothWays() throws Exception {
        TorchTestSupport.assumeLibtorch();
        TorchTestSupport.awaitBalanced(0, 0);
        double seconds = Double.parseDouble(System.getProperty("ndpack.torch.stressSeconds", "3"));
        long stray = DLPack.statistics().strayDeleterCalls();
        double sumN = N * (N - 1) / 2.0;
        // shared by all threads: exported and imported concurrently, never written
        NDArray shared = NDArray.arange(DType.FLOAT64, 0, N, 1);
        Tensor sharedT = TorchTestSupport.arange(ScalarType.Double, N);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong rounds = new AtomicLong();
        // warm-up, then the baseline resident size
        for (int i = 0; i < 200; i++) {
            try (NDArray a = Torch.toNDArray(sharedT); Tensor t = Torch.toTensor(shared)) {
                check(a.size() == t.numel(), "warm-up", errors);
            }
        }
        System.gc();
        long rssBefore = rssKiB();
        long heapBefore = Runtime.getRuntime().totalMemory() / 1024;
        long nativeBefore = NDArray.liveNativeBytes();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            final int id = k;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        // torch -> ndpack, write on each side, close in either order
                        Tensor t = TorchTestSupport.arange(ScalarType.Float, N);
                        NDArray a = Torch.toNDArray(t);
                        a.setDouble(id, 1);
                        check(TorchTestSupport.torchGet(t, 1) == id, "torch saw ndpack's write", errors);
                        t.mul_(new Scalar(2.0));
                        check(a.getDouble(N - 1) == 2.0 * (N - 1), "ndpack saw torch's mul_", errors);
                        if (rnd.nextBoolean()) {
                            t.close();
                            check(a.sum().getDouble() == 2 * sumN - 2 + 2.0 * id, "sum after tensor closed", errors);
                            a.close();
                        } else {
                            a.close();
                            t.close();
                        }
                        // ndpack -> torch, ops on both sides, sometimes left to the GC
                        NDArray b = NDArray.arange(DType.FLOAT32, 0, N, 1).reshape(16, 16);
                        Tensor u = Torch.toTensor(rnd.nextBoolean() ? b : b.transpose());
                        u.add_(new Scalar(1.0));
                        check(b.getDouble(15, 15) == N, "ndpack saw torch's add_", errors);
                        try (Tensor m = u.matmul(u); NDArray mm = Torch.toNDArray(m)) {
                            check(mm.size() == N, "matmul result shape", errors);
                        }
                        if (rnd.nextInt(4) == 0) {
                            b = null; // both left to the GC and JavaCPP's deallocator
                            u = null;
                        } else if (rnd.nextBoolean()) {
                            b.close();
                            try (Tensor s = u.sum()) {
                                check(s.item_double() == sumN + N, "torch sum after array closed", errors);
                            }
                            u.close();
                        } else {
                            u.close();
                            b.close();
                        }
                        // the shared pair, from all threads at once
                        try (Tensor st = Torch.toTensor(shared); Tensor s = st.sum()) {
                            check(s.item_double() == sumN, "shared export sum", errors);
                        }
                        try (NDArray sa = Torch.toNDArray(sharedT)) {
                            check(sa.sum().getDouble() == sumN, "shared import sum", errors);
                        }
                        rounds.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e.toString());
                }
            }, "torch-stress-" + k);
            threads.add(th);
            th.start();
        }
        go.countDown();
        // resident size once a quarter second, printed: a leak grows it all the way, churn (malloc
        // arenas of 8 threads, JIT code, libtorch's thread pools) levels off (observed: +50 to +60 MiB;
        // the heap is pre-touched by the pom's argLine, so this is native memory)
        List<Long> samples = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            samples.add(rssKiB() / 1024);
        }
        for (Thread th : threads) {
            th.join();
        }
        shared.close();
        sharedT.close();
        TorchTestSupport.awaitBalanced(0, 0);
        long rssAfter = rssKiB();
        long heapGrowth = Runtime.getRuntime().totalMemory() / 1024 - heapBefore;
        System.out.printf("torch stress: %d rounds in %.0f s on %d threads; RSS %d -> %d MiB (Java heap committed %+d MiB), "
                + "samples %s%n", rounds.get(), seconds, THREADS, rssBefore / 1024, rssAfter / 1024, heapGrowth / 1024,
                samples);
        assertTrue(errors.isEmpty(), errors.size() + " errors, first: " + errors.peek());
        assertTrue(rounds.get() > THREADS, "every thread ran");
        assertEquals(stray, DLPack.statistics().strayDeleterCalls(), "a deleter ran twice");
        // the unclosed temporaries (sums, GC-released pairs) go with their Cleaners
        // (a few small blocks may stay with the allocator's per-thread state: a bounded slack; a
        // leak per round would be megabytes after thousands of rounds)
        for (int i = 0; i < 100 && NDArray.liveNativeBytes() - nativeBefore >= 64 * 1024; i++) {
            System.gc();
            Thread.sleep(10);
        }
        long nativeLeft = NDArray.liveNativeBytes() - nativeBefore;
        assertTrue(nativeLeft < 64 * 1024, "ndpack's native memory grew by " + nativeLeft + " bytes");
        long nativeGrowth = rssAfter - rssBefore - Math.max(0, heapGrowth);
        assertTrue(nativeGrowth < 128 * 1024, "RSS outside the Java heap grew by " + nativeGrowth / 1024 + " MiB");
    }
}
