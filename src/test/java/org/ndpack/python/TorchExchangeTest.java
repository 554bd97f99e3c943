package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Zero-copy exchange with PyTorch, both ways, for every dtype PyTorch shares with ndpack.
 * Skipped (saying so) when torch is not importable in the embedded Python: CI has no PyTorch.
 *
 * <p>Not covered, on purpose: negative strides. PyTorch cannot represent them, and PyTorch 1.x
 * aborts the whole process (an uncaught C++ exception) when handed a DLPack tensor that has them,
 * so no test can observe anything but the crash; see docs/PYTHON.md. PyTorch 1.x also has no
 * DLPack bool, which is pinned below.
 */
class TorchExchangeTest {
    static Python py;
    static boolean torchBool;
    /** Why the tests skip, or null when torch is importable. */
    static String missing;
    private static final List<PyObject> opened = new ArrayList<>();

    private static final Map<DType, String> TORCH = Map.ofEntries(
            Map.entry(DType.BOOL, "bool"), Map.entry(DType.UINT8, "uint8"), Map.entry(DType.INT8, "int8"),
            Map.entry(DType.INT16, "int16"), Map.entry(DType.INT32, "int32"), Map.entry(DType.INT64, "int64"),
            Map.entry(DType.FLOAT16, "float16"), Map.entry(DType.BFLOAT16, "bfloat16"),
            Map.entry(DType.FLOAT32, "float32"), Map.entry(DType.FLOAT64, "float64"),
            Map.entry(DType.COMPLEX64, "complex64"), Map.entry(DType.COMPLEX128, "complex128"));
    private static final String[] LAYOUTS = {"contiguous", "transposed", "0d", "empty"};

    @BeforeAll
    static void start() {
        py = TestPython.get();
        try {
            py.exec("import torch, torch.utils.dlpack");
        } catch (PythonException e) {
            missing = "PyTorch is not importable in the embedded " + py + " (" + e.getMessage()
                    + "): skipping the PyTorch exchange tests; install python3-torch (Debian) and set "
                    + "NDPACK_PYTHON=/usr/bin/python3 to run them";
            System.err.println("TorchExchangeTest: " + missing);
            return;
        }
        py.exec(Exchange.PY_MAKE);
        py.exec("def tx_hex(t):\n    return t.detach().contiguous().flatten().view(torch.uint8).numpy().tobytes().hex()\n"
                + "tx_v = tuple(int(p) for p in torch.__version__.split('.')[:2])");
        try (PyObject b = py.eval("tx_v >= (2, 0)")) {
            torchBool = b.toBoolean();
        }
    }

    private static String str(String expr) {
        PyObject o = py.eval(expr);
        opened.add(o);
        return o.toString();
    }

    private static long num(String expr) {
        PyObject o = py.eval(expr);
        opened.add(o);
        return o.toLong();
    }

    @BeforeEach
    void requireTorch() {
        Assumptions.assumeTrue(missing == null, () -> missing);
    }

    @AfterEach
    void balanced() {
        if (missing != null) {
            return;
        }
        opened.forEach(PyObject::close);
        opened.clear();
        py.exec("for _n in [n for n in globals() if n.startswith('tx_') and n not in ('tx_hex', 'tx_v')]:\n"
                + "    del globals()[_n]");
        Exchange.assertBalanced(py);
    }

    static List<Arguments> dtypesAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            if (TORCH.containsKey(d)) {
                for (String l : LAYOUTS) {
                    out.add(Arguments.of(d, l));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndLayouts")
    void javaArrayIntoTorch(DType dtype, String layout) {
        for (String consumer : new String[] {"torch.from_dlpack", "torch.utils.dlpack.from_dlpack"}) {
            try (Exchange.Made m = Exchange.make(dtype, layout); PyObject x = py.toPython(m.view())) {
                NDArray a = m.view();
                py.set("tx_x", x);
                if (dtype == DType.BOOL && !torchBool) {
                    assertThrows(PythonException.class, () -> py.exec("tx_t = " + consumer + "(tx_x)"));
                    continue;
                }
                py.exec("tx_t = " + consumer + "(tx_x)");
                assertEquals("torch." + TORCH.get(dtype), str("str(tx_t.dtype)"));
                assertEquals(Exchange.tuple(a.shape()), str("tuple(tx_t.shape)"));
                assertEquals(Raw.hex(a), str("tx_hex(tx_t)"), "values");
                if (a.size() == 0) {
                    continue;
                }
                assertEquals(Raw.address(a), num("tx_t.data_ptr()"), "no copy: torch views Java's memory");
                long[] i = Exchange.last(a.shape());
                Exchange.writeDistinct(a, i);
                assertEquals(Raw.hex(a), str("tx_hex(tx_t)"), "torch sees Java's write");
                py.exec("tx_t[" + (a.ndim() == 0 ? "()" : "-1, ".repeat(a.ndim())) + "] = 3");
                assertEquals(dtype.isBool() ? 1.0 : 3.0, a.getDouble(i), "Java sees torch's write");
                py.exec("del tx_t, tx_x");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndLayouts")
    void torchTensorIntoJava(DType dtype, String layout) {
        py.exec("tx_z = ex_make('torch', '" + TORCH.get(dtype) + "', '" + layout + "')");
        for (String how : new String[] {"tx_z", "torch.utils.dlpack.to_dlpack(tx_z)"}) {
            if (dtype == DType.BOOL && !torchBool) {
                PythonException e = assertThrows(PythonException.class, () -> {
                    try (PyObject z = py.eval(how)) {
                        py.fromPython(z).close();
                    }
                });
                assertTrue(e.getMessage().contains("Bool type is not supported by dlpack"), e.getMessage());
                continue;
            }
            try (PyObject z = py.eval(how)) {
                try (NDArray b = py.fromPython(z)) {
                    assertEquals(dtype, b.dtype());
                    assertEquals(str("tuple(tx_z.shape)"), Exchange.tuple(b.shape()));
                    assertEquals(str("tx_hex(tx_z)"), Raw.hex(b), "values");
                    assertFalse(b.isReadOnly());
                    if (b.size() == 0) {
                        continue;
                    }
                    assertEquals(num("tx_z.data_ptr()"), Raw.address(b), "no copy: Java views torch's memory");
                    long[] i = Exchange.last(b.shape());
                    Exchange.writeDistinct(b, i);
                    assertEquals(Raw.hex(b), str("tx_hex(tx_z)"), "torch sees Java's write");
                    py.exec("tx_z[" + (b.ndim() == 0 ? "()" : "-1, ".repeat(b.ndim())) + "] = 3");
                    assertEquals(dtype.isBool() ? 1.0 : 3.0, b.getDouble(i), "Java sees torch's write");
                }
            }
        }
    }

    @Test
    void aTensorThatRequiresGradIsRefusedByTorch() {
        py.exec("tx_g = torch.ones(3, requires_grad=True)");
        try (PyObject g = py.get("tx_g")) {
            PythonException e = assertThrows(PythonException.class, () -> py.fromPython(g));
            assertEquals("RuntimeError", e.pythonType());
            assertTrue(e.pythonMessage().contains("require gradient"), e.pythonMessage());
        }
    }

    @Test
    void anImportHoldsTheTensorUntilJavaCloses() {
        py.exec("tx_dead = []\ntx_z = torch.arange(10.0)\ntx_w = weakref.ref(tx_z, lambda r: tx_dead.append(1))");
        NDArray b;
        try (PyObject z = py.get("tx_z")) {
            b = py.fromPython(z);
        }
        py.exec("del tx_z\ngc.collect()");
        assertEquals("[]", str("repr(tx_dead)"), "the import holds the tensor");
        assertEquals(9.0, b.getDouble(9));
        b.close();
        py.exec("gc.collect()");
        assertEquals("[1]", str("repr(tx_dead)"), "closing ran torch's deleter");
    }

    @Test
    void aRoundTripThroughTorchComesBackToTheSameMemory() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4); PyObject x = py.toPython(a)) {
            py.set("tx_x", x);
            try (PyObject t = py.eval("torch.from_dlpack(tx_x).T"); NDArray b = py.fromPython(t)) {
                assertEquals(Raw.address(a), Raw.address(b));
                assertEquals(a.transpose(), b);
            }
        }
    }

    @Test
    void callArrayRoundTripsThroughTorchInOneCall() {
        py.exec("def tx_t(x):\n    return torch.from_dlpack(x).T");
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4); PyObject f = py.get("tx_t");
             NDArray b = f.callArray(a)) {
            assertEquals(Raw.address(a), Raw.address(b), "NDArray -> torch.Tensor -> NDArray, no copy");
            assertEquals(a.transpose(), b);
            b.setDouble(-5, 3, 2);
            assertEquals(-5.0, a.getDouble(2, 3), "PyTorch imports writable: the write lands in Java's array");
        }
    }
}
