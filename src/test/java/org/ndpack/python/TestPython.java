package org.ndpack.python;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.ndpack.testing.NumPy;

/**
 * The interpreter the tests share (one per test JVM: it is never finalised). It is started from
 * {@code $NDPACK_PYTHON} when that is set, else from the Python the NumPy oracle found (so that
 * NumPy is importable in it), else by the default search.
 */
final class TestPython {
    private TestPython() {
    }

    /**
     * {@return the interpreter}; skips the test (saying why) when no libpython can be loaded,
     * except under {@code CI=true}, where that fails it
     */
    static Python get() {
        return Holder.PY.get();
    }

    /** The outcome of the one start attempt of this JVM. */
    private static final class Holder {
        static final java.util.function.Supplier<Python> PY = attempt();

        private static java.util.function.Supplier<Python> attempt() {
            try {
                Python py = start();
                return () -> py;
            } catch (RuntimeException | Error e) {
                return () -> {
                    if (e instanceof Error err) {
                        throw err;
                    }
                    throw (RuntimeException) e;
                };
            }
        }
    }

    private static Python start() {
        try {
            if (System.getenv(Discovery.ENV) != null) {
                return Python.start();
            }
            String exe = NumPy.python();
            return exe != null ? Python.start(Path.of(exe)) : Python.start();
        } catch (PythonUnavailableException e) {
            String msg = "no embeddable CPython: skipping this test (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + msg, e);
            }
            Assumptions.abort(msg);
            throw e;
        }
    }

    /** {@return the interpreter, with NumPy importable}; skips or fails as {@link NumPy#require()} */
    static Python withNumPy() {
        NumPy.require();
        Python py = get();
        try {
            py.exec("import numpy as np");
        } catch (PythonException e) {
            String msg = "NumPy is not importable in the embedded " + py + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + msg, e);
            }
            Assumptions.abort(msg);
        }
        return py;
    }
}
