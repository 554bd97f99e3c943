package org.ndpack.examples.tour;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.ndpack.python.Python;
import org.ndpack.python.PythonException;
import org.ndpack.python.PythonUnavailableException;

/**
 * The embedded interpreter the tour's tests share, started before the tour asks for one so that
 * the tour finds it running: from {@code $NDPACK_PYTHON} when that is set, else from the first of
 * {@code $NDPACK_TEST_PYTHON}, {@code python3}, {@code /usr/bin/python3} that imports NumPy.
 * Without one the calling test is skipped, saying why, except under {@code CI=true}, where it
 * fails (CI installs NumPy, so a skip there would hide a broken set-up).
 */
final class TestPython {
    private TestPython() {
    }

    /** {@return the interpreter, with NumPy imported}; skips or fails the test as described above */
    static Python withNumPy() {
        Python py;
        try {
            if (System.getenv("NDPACK_PYTHON") != null) {
                py = Python.start();
            } else {
                String exe = pythonWithNumPy();
                if (exe == null) {
                    return skip("no python with NumPy found (tried $NDPACK_TEST_PYTHON, python3, /usr/bin/python3); "
                            + "install it with apt-get install -y python3-numpy", null);
                }
                py = Python.start(Path.of(exe));
            }
        } catch (PythonUnavailableException e) {
            return skip("no embeddable CPython: " + e.getMessage(), e);
        }
        try {
            py.exec("import numpy as np");
        } catch (PythonException e) {
            return skip("NumPy is not importable in the embedded " + py + ": " + e.getMessage(), e);
        }
        return py;
    }

    /** Runs Python's garbage collector in the shared interpreter. */
    static void collect() {
        withNumPy().exec("import gc\ngc.collect()");
    }

    private static Python skip(String why, Exception cause) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + why, cause);
        }
        Assumptions.abort(why + ": skipping this test");
        throw new AssertionError("unreachable");
    }

    private static String pythonWithNumPy() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("NDPACK_TEST_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return c;
                }
            } catch (IOException e) {
                // not there: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
