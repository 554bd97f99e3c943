package org.ndpack.examples.tour;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.python.PyObject;
import org.ndpack.python.Python;
import org.ndpack.python.PythonException;
import org.ndpack.python.PythonUnavailableException;

/**
 * The tour's Python section: a Java array handed to NumPy without a copy, changed there, and the
 * change seen in Java; then a NumPy array brought into Java. Runs only when an embeddable CPython
 * with NumPy is found; otherwise it prints why and how to get one.
 */
final class PythonSection {
    private PythonSection() {
    }

    static void run() {
        Python py;
        try {
            py = Python.start();
        } catch (PythonUnavailableException e) {
            System.out.println("(skipped: no embeddable CPython was found. " + e.getMessage() + ")");
            return;
        }
        try {
            py.exec("import numpy as np");
        } catch (PythonException e) {
            System.out.println("(skipped: NumPy is not importable in " + py + ": " + e.getMessage()
                    + ". Point NDPACK_PYTHON at a python that has NumPy, e.g. NDPACK_PYTHON=/usr/bin/python3.)");
            return;
        }
        System.out.println("embedded " + py);
        try (NDArray base = NDArray.arange(DType.FLOAT64, 0, 6, 1)) {
            NDArray a = base.reshape(2, 3); // a view; closing base releases the memory
            try (PyObject x = py.toPython(a)) {
                System.out.println("Java: a =\n" + a);
                py.set("x", x); // x: a Python object that exports a through DLPack
                py.exec("v = np.from_dlpack(x)"); // NumPy views a's memory: no copy
                try (PyObject v = py.get("v")) {
                    System.out.println("NumPy: v = np.from_dlpack(x) =\n" + v);
                }
                // NumPy before 2.1 speaks only legacy DLPack and makes such views read-only;
                // np.asarray(x) (the array interface) is writable in every version.
                py.exec("w = v if v.flags.writeable else np.asarray(x)\nw *= 10\nw[1, 2] = -1");
                System.out.println("after NumPy ran w *= 10; w[1, 2] = -1, Java sees a =\n" + a);
                py.exec("del x, v, w"); // NumPy lets go: the export's deleter runs
            }
        }
        try (PyObject m = py.eval("np.linspace(0, 1, 5, dtype=np.float32)"); NDArray b = py.fromPython(m)) {
            System.out.println("np.linspace(0, 1, 5, dtype=np.float32) imported into Java without a copy: " + b);
        }
    }
}
