package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * The bridge's fast paths keep every guarantee of the slow ones: the C {@code __dlpack__} method
 * (3.9+) answers what consumers ask and hands every other call to the Python method unchanged;
 * arguments passed by vectorcall are given back exactly once, also when a conversion fails
 * half-way; and every count of live exports, imports, capsules and shared arrays is exact right
 * after each {@code close()}, from several threads at once.
 */
class FastPathTest {
    static Python py;

    @BeforeAll
    static void start() {
        py = TestPython.withNumPy();
        py.exec("import gc, sys, inspect, _ndpack");
    }

    @AfterEach
    void balanced() {
        py.exec("for _n in [n for n in globals() if n.startswith('fp_')]:\n    del globals()[_n]");
        Exchange.assertBalanced(py);
    }

    private static String eval(String expr) {
        try (PyObject o = py.eval(expr)) {
            return o.toString();
        }
    }

    private static void assumeCMethod() {
        Assumptions.assumeTrue(ToPython.fastDlpack(),
                "this Python has no vectorcall (3.8): __dlpack__ stays the Python method, tested elsewhere");
    }

    @Test
    void everyExporterFindsItsOwnArrayWhileTheTableGrowsAndReusesNumbers() {
        List<NDArray> arrays = new ArrayList<>();
        List<PyObject> exporters = new ArrayList<>();
        try (PyObject first = py.eval("lambda x: float(np.from_dlpack(x)[0])")) {
            for (int i = 0; i < 300; i++) { // past the table's first sizes
                NDArray a = NDArray.full(DType.FLOAT64, i, 1);
                arrays.add(a);
                exporters.add(py.toPython(a));
            }
            assertEquals(300, ToPython.shared());
            for (int i = 0; i < 300; i += 2) { // free every other number
                exporters.get(i).close();
            }
            assertEquals(150, ToPython.shared());
            for (int i = 0; i < 300; i += 2) { // and take them again, for other arrays
                arrays.set(i, NDArray.full(DType.FLOAT64, 1000 + i, 1));
                exporters.set(i, py.toPython(arrays.get(i)));
            }
            assertEquals(300, ToPython.shared());
            for (int i = 0; i < 300; i++) {
                try (PyObject v = first.call(exporters.get(i))) {
                    assertEquals(i % 2 == 0 ? 1000 + i : i, v.toDouble(), "exporter " + i);
                }
            }
        } finally {
            exporters.forEach(PyObject::close);
            arrays.forEach(NDArray::close);
        }
        assertEquals(0, ToPython.shared());
    }

    @Test
    void theCMethodAnswersWhatConsumersAsk() {
        assumeCMethod();
        assertEquals("method_descriptor", eval("type(_ndpack.NDArray.__dlpack__).__name__"));
        assertEquals("(self, /, stream=None, *, max_version=None, dl_device=None, copy=None)",
                eval("str(inspect.signature(_ndpack.NDArray.__dlpack__))"));
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1); PyObject x = py.toPython(a)) {
            py.set("fp_x", x);
            py.exec("import _ndpack\n"
                    + "def fp_name(c):\n"
                    + "    return repr(c).split('\"')[1]\n");
            // the calls of NumPy 1.x, PyTorch 1.x, NumPy 2.x and the array API's full form
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__())"));
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__(None))"));
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__(stream=None))"));
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__(max_version=None))"));
            assertEquals("dltensor_versioned",
                    eval("fp_name(fp_x.__dlpack__(dl_device=None, copy=None, max_version=(1, 0)))"));
            assertEquals("dltensor_versioned",
                    eval("fp_name(fp_x.__dlpack__(None, max_version=(1, 3), dl_device=None, copy=None))"));
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__(max_version=(0, 8)))"),
                    "a consumer of DLPack 0.x gets the legacy struct");
            assertEquals(0, DLPack.liveExports(), "every capsule above was dropped unconsumed: deleted once");
            assertEquals(0, ToPython.liveCapsules());
            assertEquals("[0. 1. 2. 3.]", eval("np.from_dlpack(fp_x)"));
            assertEquals(0, DLPack.liveExports(), "NumPy's view is gone again");
        }
    }

    @Test
    void everyOtherCallGoesToThePythonMethodUnchanged() {
        assumeCMethod();
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1); PyObject x = py.toPython(a)) {
            py.set("fp_x", x);
            py.exec("""
                    def fp_error(call):
                        try:
                            call()
                        except Exception as e:
                            return type(e).__name__ + ': ' + str(e)
                        return 'no error'
                    def fp_name(c):
                        return repr(c).split('"')[1]
                    """);
            // what the Python method does with them, as before the C method
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(stream=5))").startsWith("BufferError: ndpack arrays live"));
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__(stream=-1))"));
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(bogus=1))").startsWith("TypeError"),
                    "an unknown keyword");
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(None, stream=None))").startsWith("TypeError"),
                    "stream given twice");
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(None, None))").startsWith("TypeError"),
                    "max_version is keyword-only");
            assertEquals("dltensor_versioned", eval("fp_name(fp_x.__dlpack__(max_version=(1.0, 0)))"),
                    "not a tuple of ints: int() of each, as the Python method does");
            assertEquals("dltensor_versioned", eval("fp_name(fp_x.__dlpack__(max_version=[1, 0]))"));
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(max_version=(1, 2**40)))").startsWith("ValueError"),
                    "a minor version beyond 32 bits");
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(max_version=(2**70, 0)))").startsWith("OverflowError"));
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(max_version=(1,)))").startsWith("ValueError"));
            assertEquals("dltensor", eval("fp_name(fp_x.__dlpack__(dl_device=(1, 0)))"));
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(dl_device=(2, 0)))").startsWith("BufferError"),
                    "a CUDA device is refused");
            assertEquals("dltensor_versioned", eval("fp_name(fp_x.__dlpack__(max_version=(1, 0), copy=True))"));
            assertEquals(0, DLPack.liveExports(), "every capsule above, and the copy, deleted once");
            assertEquals(0, ToPython.liveCapsules());
            a.close();
            assertTrue(eval("fp_error(lambda: fp_x.__dlpack__(max_version=(1, 0)))")
                    .startsWith("BufferError: ndpack: "), "the fast path refuses a closed array as the slow one did");
        }
    }

    @Test
    void keywordNameTuplesBeyondTheCacheStayCorrect() {
        assumeCMethod();
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1); PyObject x = py.toPython(a)) {
            py.set("fp_x", x);
            // each compile makes a new tuple of keyword names; more of them than the cache keeps
            py.exec("""
                    fp_names = []
                    for i in range(200):
                        kw = ['max_version=(1, 0)', 'copy=None', 'dl_device=None'][: 1 + i % 3]
                        if i % 2:
                            kw.reverse()
                        code = compile('c = fp_x.__dlpack__(%s)' % ', '.join(kw), '<fp>', 'exec')
                        ns = {'fp_x': fp_x}
                        exec(code, ns)
                        fp_names.append(repr(ns['c']).split('"')[1])
                        del code, ns
                    fp_bad = 0
                    for i in range(100):
                        try:
                            exec(compile('fp_x.__dlpack__(max_version=(1, 0), nope%d=1)' % i, '<fp>', 'exec'))
                        except TypeError:
                            fp_bad += 1
                    """);
            assertEquals("True", eval("all(n == 'dltensor_versioned' for n in fp_names)"), eval("fp_names[:8]"));
            assertEquals("100", eval("fp_bad"), "an unknown keyword is refused every time");
            assertEquals(0, DLPack.liveExports());
        }
    }

    @Test
    void vectorcallArgumentsAreGivenBackOnceAlsoWhenAConversionFails() {
        py.exec("""
                fp_arg = object()
                def fp_count(*args):
                    return len(args)
                """);
        try (PyObject count = py.get("fp_count"); PyObject arg = py.get("fp_arg")) {
            String before = eval("sys.getrefcount(fp_arg)");
            for (int n = 0; n <= 8; n++) { // six go by vectorcall, more by a tuple
                Object[] args = new Object[n];
                java.util.Arrays.fill(args, arg);
                try (PyObject r = count.call(args)) {
                    assertEquals(n, r.toLong());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> count.call(arg, arg, new Object(), arg));
            assertThrows(IllegalArgumentException.class,
                    () -> count.call(arg, arg, arg, arg, arg, arg, arg, new Object()));
            assertEquals(before, eval("sys.getrefcount(fp_arg)"), "no reference kept or lost");
            // an NDArray argument becomes an exporter, freed with the call's reference to it
            try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 3, 1); PyObject r = count.call(a, arg, null)) {
                assertEquals(3, r.toLong());
            }
        }
    }

    @Test
    void aMissingDlpackAndOneThatRaisesAttributeErrorAreTold() {
        py.exec("""
                class FpNone:
                    pass
                class FpRaises:
                    def __dlpack__(self, **kw):
                        raise AttributeError('inner failure')
                fp_none = FpNone()
                fp_raises = FpRaises()
                """);
        try (PyObject none = py.get("fp_none"); PyObject raises = py.get("fp_raises")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> py.fromPython(none));
            assertTrue(e.getMessage().contains("FpNone does not support DLPack"), e.getMessage());
            PythonException p = assertThrows(PythonException.class, () -> py.fromPython(raises));
            assertEquals("AttributeError", p.pythonType());
            assertTrue(p.getMessage().contains("inner failure"), p.getMessage());
        }
    }

    @Test
    void countsAreExactAfterEachCloseFromSeveralThreads() throws Exception {
        boolean roundTrip;
        try (PyObject v = py.eval("tuple(int(p) for p in np.__version__.split('.')[:2]) >= (2, 1)")) {
            roundTrip = v.toBoolean(); // NumPy < 2.1 imports DLPack read-only and cannot export it again
        }
        int threads = 4;
        int rounds = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        try (PyObject fromDlpack = py.eval("np.from_dlpack");
             PyObject arange = py.eval("np.arange");
             PyObject dropCapsule = py.eval("lambda x: x.__dlpack__(max_version=(1, 0)) and None")) {
            for (int t = 0; t < threads; t++) {
                int k = t;
                tasks.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < rounds; i++) {
                        int n = 1 + (i + k) % 16;
                        try (NDArray a = NDArray.full(DType.FLOAT64, k, n); PyObject x = py.toPython(a)) {
                            try (PyObject y = fromDlpack.call(x)) {
                                if (roundTrip) {
                                    try (NDArray b = py.fromPython(y)) {
                                        assertEquals(k, b.getDouble(n - 1));
                                    }
                                }
                            }
                            dropCapsule.call(x).close();
                        }
                        try (PyObject z = arange.call(n); NDArray c = py.fromPython(z)) {
                            assertEquals(n - 1, c.getLong(n - 1));
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : tasks) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // everything was closed explicitly: no count waits for a collector
        assertEquals(0, DLPack.liveExports(), "an export's deleter ran at close, exactly once");
        assertEquals(0, DLPack.liveImports(), "an import's deleter ran at close, exactly once");
        assertEquals(0, GilDeleter.live());
        assertEquals(0, ToPython.liveCapsules());
        assertEquals(0, ToPython.shared(), "each exporter was freed when its PyObject closed");
    }

    @Test
    void droppedAndClosedObjectsFromSeveralThreadsAreGivenBackExactlyOnce() throws Exception {
        py.exec("fp_target = object()");
        long baseline;
        try (PyObject rc = py.eval("sys.getrefcount(fp_target)")) {
            baseline = rc.toLong() - 1; // less the reference rc's evaluation held
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 3000; i++) {
                        PyObject o = py.get("fp_target");
                        if (i % 2 == 0) {
                            o.close(); // the other half is left to the collector thread
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Exchange.awaitZero("references of dropped PyObjects not given back", () -> {
            try (PyObject rc = py.eval("sys.getrefcount(fp_target)")) {
                long extra = rc.toLong() - 1 - baseline;
                assertTrue(extra >= 0, "a reference was given back twice: " + extra);
                return extra;
            }
        });
    }

    @Test
    void aTokenReplacedByPythonCodeIsRefusedNotTrusted() {
        assumeCMethod();
        assertTrue(ToPython.directTokenSlot(), "the token slot was found (CPython's object layout)");
        py.exec("""
                def fp_error(call):
                    try:
                        call()
                    except Exception as e:
                        return type(e).__name__
                    return 'no error'
                """);
        for (String replacement : new String[] {"5", "np.arange(3.0).__dlpack__()", null}) {
            try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1); PyObject x = py.toPython(a)) {
                py.set("fp_x", x);
                py.exec(replacement == null ? "del fp_x._token" : "fp_x._token = " + replacement);
                String expected = replacement == null ? "AttributeError" : "ValueError";
                assertEquals(expected, eval("fp_error(lambda: fp_x.__dlpack__(max_version=(1, 0)))"), replacement);
                assertEquals(expected, eval("fp_error(lambda: fp_x.__dlpack__())"), replacement);
                assertEquals(0, ToPython.shared(), "the replaced token was freed, its entry removed");
                py.exec("del fp_x");
            }
        }
    }
}
