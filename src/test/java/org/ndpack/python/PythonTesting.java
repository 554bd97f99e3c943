package org.ndpack.python;

/** For tests outside this package (the tour's): the shared test interpreter. */
public final class PythonTesting {
    private PythonTesting() {
    }

    /** {@return the test interpreter with NumPy}, skipping or failing as {@link TestPython#withNumPy()} */
    public static Python withNumPy() {
        return TestPython.withNumPy();
    }

    /** Runs Python's garbage collector. */
    public static void collect() {
        TestPython.get().exec("import gc\ngc.collect()");
    }
}
