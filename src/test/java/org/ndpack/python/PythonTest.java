package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interpreter itself: start, running code, values, exceptions, references, threads. */
class PythonTest {
    static Python py;

    @BeforeAll
    static void start() {
        py = TestPython.get();
    }

    // ---------------------------------------------------------------------------------------
    // Start

    @Test
    void startReturnsTheSameInstanceFromEveryThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Python>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return Python.start();
                }));
            }
            go.countDown();
            for (Future<Python> f : all) {
                assertSame(py, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertSame(py, Python.start(py.library()));
        py.executable().ifPresent(exe -> assertSame(py, Python.start(exe)));
    }

    @Test
    void startFromAnotherLibraryIsRefusedOnceRunning() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Python.start(Path.of("/nonexistent/libpython3.99.so")));
        assertTrue(e.getMessage().contains("already running from " + py.library()), e.getMessage());
    }

    @Test
    void reportsItsVersionAndRunsTheInstallationItWasFoundIn() {
        assertTrue(py.version().startsWith("3."), py.version());
        try (PyObject v = py.eval("'%d.%d.%d' % __import__('sys').version_info[:3]")) {
            assertTrue(py.version().startsWith(v.toString()), v + " vs " + py.version());
        }
        // The embedded "executable" is java; the interpreter must still know its own installation.
        py.executable().ifPresent(exe -> {
            try (PyObject e = py.eval("__import__('sys').executable")) {
                assertEquals(exe.toString(), e.toString());
            }
        });
        try (PyObject ok = py.eval("__import__('os').path.isfile(__import__('os').__file__)")) {
            assertTrue(ok.toBoolean());
        }
    }

    @Test
    void pythonInstallsNoSignalHandlers() {
        // Py_InitializeEx(0): SIGINT stays the JVM's (Python would otherwise install its own).
        try (PyObject h = py.eval("__import__('signal').getsignal(__import__('signal').SIGINT)")) {
            assertFalse(h.toString().contains("default_int_handler"), h.toString());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Running code and the namespace

    @Test
    void execDefinesNamesThatEvalAndGetSee() {
        py.exec("def pt_square(v):\n    return v * v\npt_value = pt_square(12)\n");
        try (PyObject v = py.get("pt_value"); PyObject w = py.eval("pt_square(pt_value)")) {
            assertEquals(144, v.toLong());
            assertEquals(144 * 144, w.toLong());
        }
        try (PyObject n = py.eval("__name__")) {
            assertEquals("__main__", n.toString());
        }
        py.exec("del pt_square, pt_value");
        assertThrows(NoSuchElementException.class, () -> py.get("pt_value"));
    }

    @Test
    void setBindsPythonObjectsAndConvertedJavaValues() {
        try (PyObject list = py.eval("[1, 2, 3]")) {
            py.set("pt_list", list);
        }
        // the variable holds its own reference: closing the Java side did not free the list
        try (PyObject n = py.eval("sum(pt_list)")) {
            assertEquals(6, n.toLong());
        }
        py.set("pt_i", (Object) 7);
        py.set("pt_l", (Object) (1L << 40));
        py.set("pt_d", (Object) 2.5);
        py.set("pt_b", (Object) true);
        py.set("pt_s", (Object) "x");
        py.set("pt_n", (Object) null);
        try (PyObject t = py.eval("(type(pt_i).__name__, pt_l, type(pt_d).__name__, pt_b is True, pt_s, pt_n is None)")) {
            assertEquals("('int', 1099511627776, 'float', True, 'x', True)", t.toString());
        }
        py.exec("del pt_list, pt_i, pt_l, pt_d, pt_b, pt_s, pt_n");
        assertThrows(IllegalArgumentException.class, () -> py.set("pt_x", new Object()));
    }

    @Test
    void valuesConvertBothWays() {
        try (PyObject a = py.of(Long.MIN_VALUE); PyObject b = py.of(-0.0); PyObject c = py.of(false);
             PyObject none = py.none()) {
            assertEquals(Long.MIN_VALUE, a.toLong());
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(b.toDouble()));
            assertFalse(c.toBoolean());
            assertTrue(none.isNone());
            assertFalse(a.isNone());
            assertEquals("int", a.typeName());
            assertEquals("-9223372036854775808", a.toString());
            assertEquals("None", none.repr());
        }
        try (PyObject d = py.eval("3")) {
            assertEquals(3.0, d.toDouble()); // float(int)
        }
    }

    @Test
    void stringsConvertExactlyIncludingNulAndUnpairedSurrogates() {
        String s = "a\0b \u00e9 \u4e2d \uD83D\uDE00 lone:\uD800 end";
        try (PyObject p = py.of(s); PyObject len = py.importModule("builtins").getAttr("len").call(p)) {
            assertEquals(s, p.toString());
            // Python counts code points: the surrogate pair is one, the lone surrogate one
            assertEquals(s.codePointCount(0, s.length()), len.toLong());
        }
    }

    @Test
    void toLongFollowsPythonIndexRules() {
        try (PyObject big = py.eval("2 ** 64"); PyObject text = py.of("12"); PyObject f = py.of(1.5)) {
            PythonException e = assertThrows(PythonException.class, big::toLong);
            assertEquals("OverflowError", e.pythonType());
            assertEquals("TypeError", assertThrows(PythonException.class, text::toLong).pythonType());
            assertEquals("TypeError", assertThrows(PythonException.class, f::toLong).pythonType());
        }
        try (PyObject text = py.of("1.5")) {
            assertEquals("TypeError", assertThrows(PythonException.class, text::toDouble).pythonType());
        }
    }

    @Test
    void getAttrAndCall() {
        try (PyObject math = py.importModule("math"); PyObject sqrt = math.getAttr("sqrt");
             PyObject r = sqrt.call(16.0); PyObject fmt = py.eval("'{}-{}-{}'.format");
             PyObject s = fmt.call(1, "two", null)) {
            assertEquals(4.0, r.toDouble());
            assertEquals("1-two-None", s.toString());
            PythonException e = assertThrows(PythonException.class, () -> math.getAttr("no_such_thing"));
            assertEquals("AttributeError", e.pythonType());
            assertEquals("TypeError", assertThrows(PythonException.class, () -> sqrt.call("x")).pythonType());
        }
        PythonException e = assertThrows(PythonException.class, () -> py.importModule("no_such_module_ndpack"));
        assertEquals("ModuleNotFoundError", e.pythonType());
    }

    // ---------------------------------------------------------------------------------------
    // Exceptions

    @Test
    void pythonExceptionsCarryTypeMessageAndTraceback() {
        PythonException e = assertThrows(PythonException.class,
                () -> py.exec("def pt_inner():\n    raise ValueError('bad value 42')\npt_inner()\n"));
        assertEquals("ValueError", e.pythonType());
        assertEquals("bad value 42", e.pythonMessage());
        assertEquals("ValueError: bad value 42", e.getMessage());
        assertTrue(e.pythonTraceback().startsWith("Traceback (most recent call last):"), e.pythonTraceback());
        assertTrue(e.pythonTraceback().contains("File \"<ndpack>\", line 2, in pt_inner"), e.pythonTraceback());
        assertTrue(e.pythonTraceback().endsWith("ValueError: bad value 42\n"), e.pythonTraceback());

        PythonException syntax = assertThrows(PythonException.class, () -> py.exec("x = = 1"));
        assertEquals("SyntaxError", syntax.pythonType());
        PythonException statement = assertThrows(PythonException.class, () -> py.eval("x = 1"));
        assertEquals("SyntaxError", statement.pythonType());

        PythonException qualified = assertThrows(PythonException.class,
                () -> py.exec("import json\njson.loads('{')"));
        assertEquals("json.decoder.JSONDecodeError", qualified.pythonType());
        PythonException own = assertThrows(PythonException.class,
                () -> py.exec("class PtError(Exception):\n    pass\nraise PtError()"));
        assertEquals("PtError", own.pythonType());
        assertEquals("", own.pythonMessage());
        assertEquals("PtError", own.getMessage());
        assertEquals("SystemExit", assertThrows(PythonException.class,
                () -> py.exec("import sys; sys.exit(3)")).pythonType());
        assertEquals("NameError", assertThrows(PythonException.class,
                () -> py.eval("pt_undefined_name")).pythonType());
    }

    @Test
    void anExceptionWhoseStrFailsIsStillReported() {
        PythonException e = assertThrows(PythonException.class, () -> py.exec(
                "class PtBad(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\nraise PtBad()"));
        assertEquals("PtBad", e.pythonType());
        assertTrue(e.pythonMessage().contains("str() of the exception failed"), e.pythonMessage());
    }

    @Test
    void badArgumentsAreRefusedBeforeReachingPython() {
        assertThrows(IllegalArgumentException.class, () -> py.exec("x = 1\0"));
        assertThrows(IllegalArgumentException.class, () -> py.get("a\0b"));
        assertThrows(NullPointerException.class, () -> py.exec(null));
        assertThrows(NullPointerException.class, () -> py.set("x", (PyObject) null));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> py.get("pt_never_defined"));
        assertTrue(e.getMessage().contains("pt_never_defined"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------
    // References

    /** Makes a Python object whose death is recorded in {@code pt_dead} (a weakref callback). */
    private static PyObject tracked(String name) {
        py.exec("import weakref\n"
                + "class PtTracked:\n    pass\n"
                + "pt_dead = globals().get('pt_dead', set())\n"
                + "pt_refs = globals().get('pt_refs', {})\n"
                + name + " = PtTracked()\n"
                + "pt_refs['" + name + "'] = weakref.ref(" + name + ", lambda r, n='" + name + "': pt_dead.add(n))\n");
        PyObject o = py.get(name);
        py.exec("del " + name);
        return o;
    }

    private static boolean dead(String name) {
        try (PyObject d = py.eval("'" + name + "' in pt_dead")) {
            return d.toBoolean();
        }
    }

    @Test
    void closeReleasesTheReferenceExactlyOnce() {
        PyObject o = tracked("pt_closed");
        assertFalse(dead("pt_closed"), "Java's reference keeps the object alive");
        try (PyObject rc = py.eval("__import__('sys').getrefcount(pt_refs['pt_closed']())")) {
            assertEquals(2, rc.toLong(), "Java's reference and getrefcount's argument");
        }
        o.close();
        assertTrue(dead("pt_closed"));
        assertTrue(o.isClosed());
        assertThrows(IllegalStateException.class, o::close);
        assertThrows(IllegalStateException.class, o::toLong);
        assertThrows(IllegalStateException.class, () -> o.getAttr("x"));
        assertThrows(IllegalStateException.class, () -> py.set("x", o));
        assertEquals("PyObject[closed]", o.toString());
    }

    @Test
    void theCleanerReleasesUnclosedObjects() throws InterruptedException {
        tracked("pt_dropped"); // dropped at once, never closed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!dead("pt_dropped") && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(dead("pt_dropped"), "the Cleaner gave the reference back");
    }

    @Test
    void equalityIsPythonIdentity() {
        py.exec("pt_a = [1]\npt_b = [1]");
        try (PyObject a1 = py.get("pt_a"); PyObject a2 = py.get("pt_a"); PyObject b = py.get("pt_b")) {
            assertEquals(a1, a2);
            assertEquals(a1.hashCode(), a2.hashCode());
            assertNotEquals(a1, b); // equal values, different objects
        }
        py.exec("del pt_a, pt_b");
    }

    @Test
    void toStringNeverThrows() {
        py.exec("class PtUnprintable:\n    def __str__(self):\n        raise ValueError('nope')\npt_u = PtUnprintable()");
        try (PyObject u = py.get("pt_u")) {
            assertTrue(u.toString().contains("ValueError: nope"), u.toString());
            assertThrows(PythonException.class, () -> u.call());
        }
        py.exec("del pt_u");
    }

    // ---------------------------------------------------------------------------------------
    // Threads

    private static void runAll(ExecutorService pool, int tasks, Callable<Void> task) throws Exception {
        List<Future<Void>> fs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            fs.add(pool.submit(task));
        }
        for (Future<Void> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void platformThreadsRunPythonConcurrently() throws Exception {
        py.exec("import threading\npt_lock = threading.Lock()\npt_count = 0\n"
                + "def pt_bump(k):\n    global pt_count\n    with pt_lock:\n        pt_count += k\n    return k");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (PyObject bump = py.get("pt_bump")) {
            runAll(pool, 8, () -> {
                for (int i = 0; i < 500; i++) {
                    try (PyObject r = bump.call(i)) {
                        assertEquals(i, r.toLong());
                    }
                }
                return null;
            });
        } finally {
            pool.shutdownNow();
        }
        try (PyObject c = py.get("pt_count")) {
            assertEquals(8L * (499 * 500 / 2), c.toLong());
        }
    }

    @Test
    void virtualThreadsRunPythonToo() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            runAll(pool, 200, () -> {
                try (PyObject r = py.eval("sum(range(100))")) {
                    assertEquals(4950, r.toLong());
                }
                Thread.sleep(1); // park: the virtual thread may come back on another carrier
                try (PyObject s = py.of("v")) {
                    assertEquals("v", s.toString());
                }
                return null;
            });
        }
    }

    /** Collects garbage until the attached-thread count drops to {@code target} or 30 s pass. */
    private static long settleAttached(long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Gil.attachedThreads() > target && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        return Gil.attachedThreads();
    }

    @Test
    void threadStatesOfDeadThreadsAreDeleted() throws Exception {
        py.exec("pt_hits = []");
        // one round first: deleting a state attaches the deleting thread itself, once
        long start = Gil.attachedThreads();
        Thread.ofPlatform().start(() -> py.exec("pt_hits.append(-1)")).join();
        long before = settleAttached(start);
        for (int i = 0; i < 100; i++) {
            int k = i;
            Thread.ofPlatform().start(() -> py.exec("pt_hits.append(" + k + ")")).join();
        }
        long left = settleAttached(before);
        assertTrue(left <= before, "the dead threads' Python states were deleted: " + left + " left, "
                + before + " before");
        try (PyObject n = py.eval("len(pt_hits)"); PyObject s = py.eval("sum(pt_hits)")) {
            assertEquals(101, n.toLong());
            assertEquals(4949, s.toLong(), "and the interpreter is healthy");
        }
        py.exec("del pt_hits");
    }

    @Test
    void pythonThreadsRunWhileJavaIsOutsidePython() throws Exception {
        // The GIL is released between calls: a Python thread started by exec keeps running.
        py.exec("import threading, time\npt_ticks = 0\npt_stop = False\n"
                + "def pt_loop():\n    global pt_ticks\n    while not pt_stop:\n        pt_ticks += 1\n        time.sleep(0.001)\n"
                + "pt_thread = threading.Thread(target=pt_loop, daemon=True)\npt_thread.start()");
        long before;
        try (PyObject t = py.get("pt_ticks")) {
            before = t.toLong();
        }
        Thread.sleep(300);
        try (PyObject t = py.get("pt_ticks")) {
            assertTrue(t.toLong() > before, "the Python thread ran while Java slept");
        }
        py.exec("pt_stop = True\npt_thread.join()");
    }
}
