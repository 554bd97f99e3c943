package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * A JVM that exits while Python objects, imported NumPy arrays and exports are still held, and
 * releases some of them from a shutdown hook, exits normally: once shutdown has begun the
 * releases are skipped (leaked on purpose), never run into a crash. Runs in a child JVM, since
 * the test JVM must keep its interpreter.
 */
class ShutdownTest {

    /** The child: holds everything, releases some in a shutdown hook, exits. */
    public static void main(String[] args) {
        Python py = Python.start(Path.of(args[0]));
        py.exec("import numpy as np, threading, time\nz = np.arange(10.0)\n"
                + "def spin():\n    while True:\n        time.sleep(0.001)\n"
                + "threading.Thread(target=spin, daemon=True).start()");
        PyObject z = py.get("z");
        NDArray imported = py.fromPython(z);          // a NumPy array held by Java
        NDArray exported = NDArray.arange(DType.FLOAT64, 0, 5, 1);
        py.set("x", py.toPython(exported));
        py.exec("v = np.from_dlpack(x)");            // a Java array held by NumPy
        PyObject dropped = py.eval("[1, 2, 3]");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            imported.close();                         // deleter during shutdown: leaked, no crash
            z.close();
            System.out.println("hook done, leaked " + Gil.leaked());
        }));
        System.out.println("main done " + imported.getDouble(9) + " " + dropped.repr());
        System.exit(3);
    }

    @Test
    void exitingWithLiveObjectsAndExportsIsClean() throws Exception {
        Python py = TestPython.withNumPy();
        String python = py.executable().map(Path::toString).orElse(py.library().toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cp = new ArrayList<>();
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(prop);
            if (v != null && !v.isEmpty()) {
                cp.add(v);
            }
        }
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, cp), ShutdownTest.class.getName(), python)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child exits: " + out);
        assertEquals(3, p.exitValue(), "System.exit's status, not a crash's: " + out);
        assertTrue(out.contains("main done 9.0"), out);
        Matcher m = Pattern.compile("hook done, leaked (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) >= 2, "the hook's two releases were skipped: " + out);
        assertTrue(!out.contains("Fatal Python error") && !out.contains("hs_err"), out);
    }
}
