package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;
import org.ndpack.NDScope;

/** Arrays imported from Python inside an NDScope are closed with it (the producer's deleter runs). */
class ScopePythonTest {

    @Test
    void aNumPyArrayImportedInsideAScopeIsReleasedAtItsEnd() {
        Python py = TestPython.withNumPy();
        py.exec("import numpy as np\nimport sys\nsc_x = np.arange(12.0)");
        NDArray imported;
        NDArray kept;
        try (PyObject x = py.get("sc_x"); PyObject refs = py.eval("sys.getrefcount(sc_x)")) {
            long before = refs.toLong();
            try (NDScope scope = NDScope.open()) {
                imported = py.fromPython(x);
                kept = scope.keep(py.fromPython(x));
                assertEquals(11.0, imported.getDouble(11));
                try (PyObject during = py.eval("sys.getrefcount(sc_x)")) {
                    assertTrue(during.toLong() > before, "the imports hold NumPy's array");
                }
            }
            assertTrue(imported.isClosed());
            assertFalse(kept.isClosed());
            kept.close();
            try (PyObject after = py.eval("sys.getrefcount(sc_x)")) {
                assertEquals(before, after.toLong(), "both imports let go of NumPy's array");
            }
        }
    }
}
