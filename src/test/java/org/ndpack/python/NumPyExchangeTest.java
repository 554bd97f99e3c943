package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.dlpack.DLPack;

/**
 * Zero-copy exchange with the real NumPy of the embedded interpreter, both ways, for every dtype
 * NumPy has and every layout: values equal, same address, writes seen on the other side, and
 * everything given back afterwards.
 *
 * <p>Runs against whatever NumPy is installed, and pins what differs between versions: NumPy
 * before 2.1 speaks only legacy DLPack, so the arrays it imports from ndpack are read-only
 * (legacy capsules cannot say whether writing is allowed) and it refuses to export read-only
 * arrays; NumPy before 1.25 has no DLPack bool.
 */
class NumPyExchangeTest {
    static Python py;
    /** NumPy >= 2.1: asks for DLPack 1.x (versioned capsules, read-only flag). */
    static boolean versioned;
    /** NumPy >= 1.25: DLPack bool. */
    static boolean dlpackBool;

    @BeforeAll
    static void start() {
        py = TestPython.withNumPy();
        py.exec(Exchange.PY_MAKE);
        py.exec("import numpy as np\ndef ex_addr(x):\n    return x.__array_interface__['data'][0]\n"
                + "ex_v = tuple(int(p) for p in np.__version__.split('.')[:2])");
        versioned = eval("ex_v >= (2, 1)").toBoolean();
        dlpackBool = eval("ex_v >= (1, 25)").toBoolean();
    }

    private static final List<PyObject> opened = new ArrayList<>();

    /** Evaluates and remembers the result, closed after the test. */
    private static PyObject eval(String expr) {
        PyObject o = py.eval(expr);
        opened.add(o);
        return o;
    }

    private static String str(String expr) {
        return eval(expr).toString();
    }

    @AfterEach
    void balanced() {
        opened.forEach(PyObject::close);
        opened.clear();
        py.exec("for _n in [n for n in globals() if n.startswith('nx_')]:\n    del globals()[_n]");
        Exchange.assertBalanced(py);
    }

    static List<Arguments> dtypesAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            if (d.numpyDescr() != null) { // NumPy has no bfloat16 (see javaBfloat16IsRefusedByNumPy) nor float8
                for (String l : Exchange.LAYOUTS) {
                    out.add(Arguments.of(d, l));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Java -> NumPy

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndLayouts")
    void javaArrayIntoNumPy(DType dtype, String layout) {
        try (Exchange.Made m = Exchange.make(dtype, layout); PyObject x = py.toPython(m.view())) {
            NDArray a = m.view();
            py.set("nx_x", x);
            if (dtype == DType.BOOL && !dlpackBool) {
                // NumPy 1.24: RuntimeError "Unsupported dtype in DLTensor."
                PythonException e = assertThrows(PythonException.class, () -> py.exec("nx_y = np.from_dlpack(nx_x)"));
                assertTrue(e.pythonMessage().toLowerCase(java.util.Locale.ROOT).contains("dtype"), e.getMessage());
                return;
            }
            py.exec("nx_y = np.from_dlpack(nx_x)");
            assertEquals(Exchange.tuple(a.shape()), str("nx_y.shape"));
            assertEquals(dtype.numpyName(), str("nx_y.dtype.name"));
            assertEquals(Raw.hex(a), str("nx_y.tobytes().hex()"), "values");
            if (a.size() == 0) {
                return;
            }
            assertEquals(Raw.address(a), eval("ex_addr(nx_y)").toLong(), "no copy: NumPy views Java's memory");
            long[] i = Exchange.last(a.shape());
            Exchange.writeDistinct(a, i);
            assertEquals(Raw.hex(a), str("nx_y.tobytes().hex()"), "NumPy sees Java's write");
            boolean writeable = eval("nx_y.flags.writeable").toBoolean();
            assertEquals(versioned, writeable, "NumPy < 2.1 imports (legacy) DLPack arrays read-only");
            if (writeable) {
                py.exec("nx_y[" + (a.ndim() == 0 ? "()" : "-1, " .repeat(a.ndim())) + "] = 3");
                assertEquals(dtype.isBool() ? 1.0 : 3.0, a.getDouble(i), "Java sees NumPy's write");
            }
        }
    }

    @Test
    void javaBfloat16IsRefusedByNumPy() {
        try (NDArray a = NDArray.zeros(DType.BFLOAT16, 3); PyObject x = py.toPython(a)) {
            py.set("nx_x", x);
            PythonException e = assertThrows(PythonException.class, () -> py.exec("nx_y = np.from_dlpack(nx_x)"));
            assertFalse(e.pythonMessage().isEmpty());
        }
    }

    @Test
    void readOnlyNumPyBoolArraysImportReadOnlyWithoutCopy() {
        py.exec("nx_r = np.array([[True, False, True], [False, True, True]])[:, ::2]\nnx_r.flags.writeable = False");
        try (PyObject r = py.get("nx_r"); NDArray b = py.fromPython(r)) {
            assertTrue(b.isReadOnly(), "read-only in NumPy, read-only in Java");
            assertEquals(DType.BOOL, b.dtype());
            assertEquals("(2, 2)", Exchange.tuple(b.shape()));
            assertEquals(eval("ex_addr(nx_r)").toLong(), Raw.address(b), "no copy");
            assertFalse(b.getBoolean(1, 0));
            assertTrue(b.getBoolean(0, 1));
            assertTrue(b.getBoolean(1, 1));
            assertThrows(org.ndpack.ReadOnlyArrayException.class, () -> b.setBoolean(false, 0, 0));
        }
        if (!dlpackBool) { // the fallback is for bool only: a read-only float64 stays refused by NumPy 1.24
            py.exec("nx_f = np.arange(3.0)\nnx_f.flags.writeable = False");
            try (PyObject f = py.get("nx_f")) {
                PythonException e = assertThrows(PythonException.class, () -> py.fromPython(f));
                assertEquals("BufferError", e.pythonType());
            }
        }
    }

    @Test
    void aReadOnlyJavaArrayIsReadOnlyInNumPy() {
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1); PyObject x = py.toPython(a.asReadOnly())) {
            py.set("nx_x", x);
            if (versioned) {
                py.exec("nx_y = np.from_dlpack(nx_x)");
                assertFalse(eval("nx_y.flags.writeable").toBoolean());
                assertEquals(Raw.address(a), eval("ex_addr(nx_y)").toLong());
            } else {
                // legacy DLPack cannot say read-only: the bridge copies rather than let NumPy write
                py.exec("nx_y = np.from_dlpack(nx_x)");
                assertNotEquals(Raw.address(a), eval("ex_addr(nx_y)").toLong());
                assertEquals(Raw.hex(a), str("nx_y.tobytes().hex()"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // NumPy -> Java

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndLayouts")
    void numPyArrayIntoJava(DType dtype, String layout) {
        py.exec("nx_z = ex_make('numpy', '" + dtype.numpyName() + "', '" + layout + "')");
        try (PyObject z = py.get("nx_z")) {
            // (NumPy < 1.25 refuses bool in __dlpack__: fromPython takes its buffer instead, no copy either)
            try (NDArray b = py.fromPython(z)) {
                assertEquals(dtype, b.dtype());
                assertEquals(Exchange.tuple(b.shape()), str("nx_z.shape"));
                assertEquals(str("nx_z.tobytes().hex()"), Raw.hex(b), "values");
                assertFalse(b.isReadOnly(), "a writable NumPy array imports writable");
                if (b.size() == 0) {
                    return;
                }
                assertEquals(eval("ex_addr(nx_z)").toLong(), Raw.address(b), "no copy: Java views NumPy's memory");
                long[] i = Exchange.last(b.shape());
                Exchange.writeDistinct(b, i);
                assertEquals(Raw.hex(b), str("nx_z.tobytes().hex()"), "NumPy sees Java's write");
                py.exec("nx_z[" + (b.ndim() == 0 ? "()" : "-1, ".repeat(b.ndim())) + "] = 3");
                assertEquals(dtype.isBool() ? 1.0 : 3.0, b.getDouble(i), "Java sees NumPy's write");
            }
        }
    }

    @Test
    void aReadOnlyNumPyArray() {
        py.exec("nx_r = np.arange(4.0)\nnx_r.flags.writeable = False");
        try (PyObject r = py.get("nx_r")) {
            if (versioned) {
                try (NDArray b = py.fromPython(r)) {
                    assertTrue(b.isReadOnly(), "DLPack 1.x READ_ONLY gives a read-only array");
                    assertEquals(2.0, b.getDouble(2));
                    assertThrows(ReadOnlyArrayException.class, () -> b.setDouble(1, 0));
                }
            } else {
                PythonException e = assertThrows(PythonException.class, () -> py.fromPython(r));
                assertEquals("BufferError", e.pythonType(), "NumPy < 2.1 refuses: legacy DLPack cannot say read-only");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Round trips and lifetime

    @Test
    void aRoundTripThroughNumPyComesBackToTheSameMemory() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4); PyObject x = py.toPython(a)) {
            py.set("nx_x", x);
            if (!versioned) {
                // NumPy < 2.1 imports legacy capsules read-only, and will not export a read-only array
                try (PyObject y = py.eval("np.from_dlpack(nx_x)")) {
                    assertEquals("BufferError", assertThrows(PythonException.class, () -> py.fromPython(y)).pythonType());
                }
                return;
            }
            try (PyObject y = py.eval("np.from_dlpack(nx_x)"); NDArray b = py.fromPython(y)) {
                assertEquals(Raw.address(a), Raw.address(b));
                assertEquals(a, b);
                b.setDouble(-1, 2, 3);
                assertEquals(-1.0, a.getDouble(2, 3));
            }
        }
    }

    @Test
    void anExportPinsJavaMemoryUntilNumPyLetsGo() {
        NDArray a = NDArray.arange(DType.FLOAT64, 0, 1000, 1);
        try (PyObject x = py.toPython(a)) {
            py.set("nx_x", x);
        }
        py.exec("nx_y = np.from_dlpack(nx_x)");
        a.close(); // Java is done; NumPy still views the memory
        assertEquals(1, DLPack.liveExports());
        assertEquals(999.0 * 1000 / 2, eval("float(nx_y.sum())").toDouble(), "memory still valid");
        PythonException e = assertThrows(PythonException.class, () -> py.exec("np.from_dlpack(nx_x)"));
        assertEquals("BufferError", e.pythonType(), "a closed array cannot be exported again");
        py.exec("del nx_y");
        assertEquals(0, DLPack.liveExports(), "NumPy's release ran the deleter");
    }

    @Test
    void anImportKeepsTheNumPyArrayAliveUntilJavaCloses() {
        py.exec("nx_dead = []\nnx_z = np.arange(10.0)\nnx_w = weakref.ref(nx_z, lambda r: nx_dead.append(1))");
        NDArray b;
        try (PyObject z = py.get("nx_z")) {
            b = py.fromPython(z);
        }
        py.exec("del nx_z");
        assertFalse(eval("bool(nx_dead)").toBoolean(), "the import holds the NumPy array");
        assertEquals(45.0, b.getDouble(9) * 5);
        b.close();
        assertTrue(eval("bool(nx_dead)").toBoolean(), "closing ran NumPy's deleter, with the GIL");
    }

    @Test
    void anUnclosedImportIsReleasedByTheCleanerWithTheGil() {
        py.exec("nx_dead = []\nnx_z = np.arange(10.0)\nnx_w = weakref.ref(nx_z, lambda r: nx_dead.append(1))");
        try (PyObject z = py.get("nx_z")) {
            py.fromPython(z).getDouble(1); // dropped without close
        }
        py.exec("del nx_z");
        Exchange.awaitZero("imports released by the Cleaner", DLPack::liveImports);
        Exchange.awaitZero("producer deleters run", GilDeleter::live);
        assertTrue(eval("bool(nx_dead)").toBoolean());
    }

    @Test
    void theExporterSpeaksTheDLPackProtocol() {
        try (NDArray a = NDArray.arange(DType.INT32, 0, 6, 1).reshape(2, 3); PyObject x = py.toPython(a)) {
            py.set("nx_x", x);
            assertEquals("(1, 0)", str("nx_x.__dlpack_device__()"));
            assertTrue(str("repr(nx_x.__dlpack__())").contains("\"dltensor\""), "no max_version: legacy");
            assertTrue(str("repr(nx_x.__dlpack__(max_version=(1, 0)))").contains("\"dltensor_versioned\""));
            assertTrue(str("repr(nx_x.__dlpack__(max_version=(0, 8)))").contains("\"dltensor\""));
            assertTrue(str("repr(nx_x.__dlpack__(dl_device=(1, 0), copy=None, stream=None))").contains("dltensor"));
            assertEquals("BufferError", assertThrows(PythonException.class,
                    () -> py.exec("nx_x.__dlpack__(dl_device=(2, 0))")).pythonType());
            assertEquals("BufferError", assertThrows(PythonException.class,
                    () -> py.exec("nx_x.__dlpack__(stream=1)")).pythonType());
            assertEquals("ndpack.NDArray(shape=(2, 3), dtype=int32)", str("repr(nx_x)"));
            // unconsumed capsules were dropped at once: their destructors deleted the exports
            assertEquals(0, DLPack.liveExports());
            if (versioned) {
                py.exec("nx_c = np.from_dlpack(nx_x, copy=True)");
                assertNotEquals(Raw.address(a), eval("ex_addr(nx_c)").toLong(), "copy=True copies");
                assertEquals(Raw.hex(a), str("nx_c.tobytes().hex()"));
            }
        }
    }

    @Test
    void npAsarrayGivesAWritableZeroCopyViewInEveryNumPyVersion() {
        NDArray owner = NDArray.arange(DType.INT16, 0, 12, 1);
        NDArray a = owner.reshape(3, 4).slice("::-1, 1:3");
        try (PyObject x = py.toPython(a)) {
            py.set("nx_x", x);
            py.exec("nx_v = np.asarray(nx_x)");
            assertEquals("(3, 2)", str("nx_v.shape"));
            assertEquals("int16", str("nx_v.dtype.name"));
            assertEquals(Raw.hex(a), str("nx_v.tobytes().hex()"));
            assertEquals(Raw.address(a), eval("ex_addr(nx_v)").toLong());
            assertTrue(eval("nx_v.flags.writeable").toBoolean());
            py.exec("nx_v *= 10");
            assertEquals(90.0, a.getDouble(0, 0), "Java sees NumPy's in-place multiply");
            owner.close(); // Java closes its array; NumPy's view stays valid (pinned)
            assertEquals(1, DLPack.liveExports());
        }
        assertEquals("[[90, 100], [50, 60], [10, 20]]", str("nx_v.tolist()"));
        py.exec("del nx_x");
        assertEquals(1, DLPack.liveExports(), "the NumPy view keeps the exporter, and so the pin, alive");
        py.exec("del nx_v");
        assertEquals(0, DLPack.liveExports());
    }

    @Test
    void npAsarrayOfAReadOnlyOrBfloat16Array() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 3, 1); PyObject x = py.toPython(a.asReadOnly());
             NDArray h = NDArray.zeros(DType.BFLOAT16, 2); PyObject y = py.toPython(h)) {
            py.set("nx_x", x);
            py.set("nx_h", y);
            assertFalse(eval("np.asarray(nx_x).flags.writeable").toBoolean());
            assertEquals(Raw.address(a), eval("ex_addr(np.asarray(nx_x))").toLong());
            PythonException e = assertThrows(PythonException.class, () -> py.exec("np.asarray(nx_h)"));
            assertEquals("TypeError", e.pythonType());
        }
    }

    @Test
    void anArrayClosedBeforeExportRaisesBufferError() {
        NDArray a = NDArray.arange(3);
        try (PyObject x = py.toPython(a)) {
            py.set("nx_x", x);
            a.close();
            PythonException e = assertThrows(PythonException.class, () -> py.exec("np.from_dlpack(nx_x)"));
            assertEquals("BufferError", e.pythonType());
            assertEquals("ndpack.NDArray(closed)", str("repr(nx_x)"));
        }
        assertThrows(IllegalStateException.class, () -> py.toPython(a));
    }

    // ---------------------------------------------------------------------------------------
    // One call: NDArray in, NDArray out (PyObject.callArray)

    @Test
    void callArrayRoundTripsThroughNumPyWithoutCopies() {
        // np.asarray views Java's memory (__array_interface__, writable on every NumPy version) and
        // its result comes back as a view of the same memory
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 6, 1).reshape(2, 3);
             NDArray b = eval("np.asarray").callArray(a)) {
            assertEquals("(2, 3)", Exchange.tuple(b.shape()));
            assertEquals(DType.FLOAT64, b.dtype());
            assertEquals(Raw.address(a), Raw.address(b), "no copy either way");
            b.setDouble(42, 1, 2);
            assertEquals(42.0, a.getDouble(1, 2), "a write through the round trip lands in Java's array");
        }
    }

    @Test
    void callArrayThroughFromDlpack() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1)) {
            PyObject fromDlpack = eval("np.from_dlpack");
            if (!versioned) {
                // NumPy < 2.1 imports legacy DLPack read-only and refuses to export read-only arrays
                PythonException e = assertThrows(PythonException.class, () -> fromDlpack.callArray(a));
                assertEquals("BufferError", e.pythonType());
                return;
            }
            try (NDArray b = fromDlpack.callArray(a);
                 PyObject y = fromDlpack.call(a);
                 NDArray c = py.fromPython(y)) {
                assertEquals(Raw.address(a), Raw.address(b), "NDArray -> numpy.ndarray -> NDArray, no copy");
                assertEquals(Raw.hex(c), Raw.hex(b), "the same as fromPython(call(a))");
                assertEquals(Raw.address(c), Raw.address(b));
                assertFalse(b.isReadOnly());
                b.setDouble(-1, 11);
                assertEquals(-1.0, a.getDouble(11));
            }
        }
    }

    @Test
    void callArrayGivesBackTheExporterAndTheResultBeforeReturning() {
        py.exec("def nx_twice(x):\n    return np.from_dlpack(x) * 2");
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1); NDArray b = eval("nx_twice").callArray(a)) {
            assertEquals(0, ToPython.shared(), "the argument's exporter is freed inside the call");
            assertEquals(0, ToPython.liveCapsules());
            assertEquals(1, DLPack.liveImports(), "only the result's import is held");
            assertNotEquals(Raw.address(a), Raw.address(b));
            for (int i = 0; i < 12; i++) {
                assertEquals(2.0 * i, b.getDouble(i));
            }
        }
    }

    @Test
    void callArrayFailuresLeaveNothingBehind() {
        py.exec("def nx_raise(x):\n    raise ValueError('nx no')\ndef nx_int(x):\n    return 3");
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 3, 1)) {
            PythonException e = assertThrows(PythonException.class, () -> eval("nx_raise").callArray(a));
            assertEquals("ValueError", e.pythonType());
            IllegalArgumentException notArray = assertThrows(IllegalArgumentException.class,
                    () -> eval("nx_int").callArray(a));
            assertTrue(notArray.getMessage().contains("int") && notArray.getMessage().contains("DLPack"),
                    notArray.getMessage());
            PyObject asarray = eval("np.asarray");
            assertThrows(IllegalArgumentException.class, () -> asarray.callArray(new Object()));
            NDArray closed = NDArray.zeros(DType.FLOAT64, 2);
            closed.close();
            assertThrows(IllegalStateException.class, () -> asarray.callArray(closed));
            PyObject shut = py.eval("np.asarray");
            shut.close();
            assertThrows(IllegalStateException.class, () -> shut.callArray(a));
        }
    }
}
