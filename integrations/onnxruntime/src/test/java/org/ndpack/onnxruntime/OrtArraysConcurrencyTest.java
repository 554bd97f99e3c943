package org.ndpack.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * One {@link OrtSession}, 4 threads, each running the MLP on its own inputs and outputs for a
 * bounded time through all three paths (returned outputs, caller outputs, leased tensors): no
 * wrong result, ndpack's native memory back to where it started, no lease held, no leased
 * tensor left open.
 *
 * <p>Runs {@code ndpack.ort.stressSeconds} seconds (3 in the unit suite; the figure is
 * 10: {@code -Dndpack.ort.stressSeconds=10}).
 */
class OrtArraysConcurrencyTest {
    private static final int THREADS = 4;

    @Test
    void fourThreadsShareOneSession() throws Exception {
        double seconds = Double.parseDouble(System.getProperty("ndpack.ort.stressSeconds", "3"));
        try (Models.Mlp mlp = Models.Mlp.create(16, 32, 8, 11); OrtSession session = Models.session(mlp.model("N", "N"))) {
            long bytesBefore = NDArray.liveNativeBytes();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<OnnxTensor> leasedTensors = new ConcurrentLinkedQueue<>();
            AtomicLong runs = new AtomicLong();
            long[] perThread = new long[THREADS];
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().name("ort-" + t).start(() -> {
                    Generator g = Generator.seeded(100 + id);
                    try {
                        start.await();
                        for (long i = 0; System.nanoTime() < deadline; i++) {
                            long n = 1 + (i * 7 + id) % 16;
                            try (NDArray x = g.uniform(DType.FLOAT32, -2, 2, n, 16); NDArray expected = mlp.expected(x)) {
                                check(session, mlp, x, expected, (int) (i % 3), leasedTensors);
                            }
                            perThread[id]++;
                            runs.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread th : threads) {
                th.join();
            }
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError(failures.size() + " thread(s) failed");
                failures.forEach(e::addSuppressed);
                throw e;
            }
            for (int t = 0; t < THREADS; t++) {
                assertTrue(perThread[t] > 0, "thread " + t + " ran");
            }
            System.out.printf("OrtArraysConcurrencyTest: %d runs in %.1f s on %d threads%n", runs.get(), seconds, THREADS);
            assertEquals(0, DLPack.liveExports(), "leases still held");
            assertEquals(bytesBefore, NDArray.liveNativeBytes(), "ndpack native bytes");
            for (OnnxTensor t : leasedTensors) {
                assertTrue(t.isClosed(), "a leased tensor left open");
            }
        }
    }

    private static void check(OrtSession session, Models.Mlp mlp, NDArray x, NDArray expected, int path,
            ConcurrentLinkedQueue<OnnxTensor> leasedTensors) throws Exception {
        switch (path) {
            case 0 -> {
                try (NDArray y = OrtArrays.run(session, Map.of("x", x)).get("y")) {
                    assertTrue(y.allClose(expected, 1e-5, 1e-5), "returned output");
                }
            }
            case 1 -> {
                try (NDArray y = NDArray.zeros(DType.FLOAT32, x.shape(0), mlp.out())) {
                    OrtArrays.run(session, Map.of("x", x), Map.of("y", y));
                    assertTrue(y.allClose(expected, 1e-5, 1e-5), "caller output");
                }
            }
            default -> {
                try (NDArray y = NDArray.zeros(DType.FLOAT32, x.shape(0), mlp.out());
                        OnnxTensorLease tx = OrtArrays.toOnnxTensor(Models.env(), x);
                        OnnxTensorLease ty = OrtArrays.toOnnxTensor(Models.env(), y)) {
                    leasedTensors.add(tx.tensor());
                    leasedTensors.add(ty.tensor());
                    session.run(Map.of("x", tx.tensor()), Map.of("y", ty.tensor())).close();
                    assertTrue(y.allClose(expected, 1e-5, 1e-5), "leased tensors");
                }
            }
        }
    }
}
