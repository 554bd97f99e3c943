package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * Many Java threads exchanging arrays with NumPy at once, while a Python thread does the same on
 * its side: no deadlock (every task finishes within its time limit), no crash, correct values,
 * and every count back to zero at the end, including for arrays and Python objects that were
 * dropped unclosed and released by the Cleaners (which take the GIL on their own threads).
 */
class ConcurrencyTest {
    private static final long SECONDS = 3;

    @Test
    void eightThreadsExchangeArraysWithNumPy() throws Exception {
        Python py = TestPython.withNumPy();
        py.exec("""
                import numpy as np, threading, time
                def cc_sum(x):
                    return float(np.from_dlpack(x).sum())
                def cc_make(k):
                    return np.full((k,), float(k))
                cc_stop = False
                cc_rounds = 0
                def cc_python_side():
                    global cc_rounds
                    while not cc_stop:
                        a = np.arange(100.0)
                        b = np.from_dlpack(a)
                        assert b.sum() == 4950.0
                        cc_rounds += 1
                        time.sleep(0)
                cc_thread = threading.Thread(target=cc_python_side, daemon=True)
                cc_thread.start()
                """);
        AtomicLong exchanges = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        try (PyObject sum = py.get("cc_sum"); PyObject make = py.get("cc_make")) {
            for (int t = 0; t < 8; t++) {
                double value = t + 1;
                tasks.add(pool.submit(() -> {
                    go.await();
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
                    for (int i = 0; System.nanoTime() < end; i++) {
                        int n = 1 + rnd.nextInt(64);
                        boolean drop = i % 8 == 0; // leave some to the Cleaners
                        // Java -> NumPy
                        NDArray a = NDArray.full(DType.FLOAT64, value, n);
                        PyObject x = py.toPython(a);
                        PyObject s = sum.call(x);
                        assertEquals(value * n, s.toDouble());
                        if (!drop) {
                            s.close();
                            x.close();
                            a.close();
                        }
                        // NumPy -> Java
                        PyObject z = make.call(n);
                        NDArray b = py.fromPython(z);
                        assertEquals(n, b.getDouble(n - 1));
                        assertEquals(n, b.size());
                        if (!drop) {
                            b.close();
                            z.close();
                        }
                        exchanges.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : tasks) {
                f.get(SECONDS + 60, TimeUnit.SECONDS); // a deadlock fails here
            }
        } finally {
            pool.shutdownNow();
            py.exec("cc_stop = True\ncc_thread.join()");
        }
        assertTrue(exchanges.get() > 8, "each thread exchanged arrays: " + exchanges.get());
        try (PyObject r = py.eval("cc_rounds")) {
            assertTrue(r.toLong() > 0, "the Python thread ran meanwhile");
        }
        Exchange.awaitZero("imports not yet released", DLPack::liveImports);
        Exchange.awaitZero("GIL deleter wrappers", GilDeleter::live);
        Exchange.awaitZero("arrays shared with Python", () -> {
            py.exec("import gc\ngc.collect()");
            return ToPython.shared();
        });
        Exchange.awaitZero("exports whose deleter was not called", DLPack::liveExports);
        py.exec("del cc_sum, cc_make, cc_thread, cc_python_side");
        Exchange.assertBalanced(py);
    }

    @Test
    void virtualThreadsExchangeArraysToo() throws Exception {
        Python py = TestPython.withNumPy();
        py.exec("import numpy as np\ndef cc_vsum(x):\n    return float(np.from_dlpack(x).sum())");
        try (PyObject sum = py.get("cc_vsum"); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 10, 1); PyObject x = py.toPython(a);
                             PyObject s = sum.call(x)) {
                            assertEquals(45.0, s.toDouble());
                        }
                        Thread.sleep(1);
                        try (PyObject z = py.eval("np.ones(3)"); NDArray b = py.fromPython(z)) {
                            assertEquals(1.0, b.getDouble(2));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        py.exec("del cc_vsum");
        Exchange.assertBalanced(py);
    }
}
