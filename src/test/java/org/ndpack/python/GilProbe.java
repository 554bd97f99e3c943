package org.ndpack.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A DLPack deleter written in C that records whether the GIL was held when it ran
 * ({@code PyGILState_Check()}): the direct test that ndpack calls Python producers' deleters
 * with the GIL, from any thread. Built with gcc on first use; tests that need it skip (saying so)
 * without gcc, except under {@code CI=true}, where that fails them.
 */
final class GilProbe {
    private static final String SOURCE = """
            extern int PyGILState_Check(void);
            static volatile int calls, with_gil;
            void gil_probe_deleter(void *self) { calls++; if (PyGILState_Check()) with_gil++; }
            int gil_probe_calls(void) { return calls; }
            int gil_probe_with_gil(void) { return with_gil; }
            """;
    private static final Object BUILT = build();

    private GilProbe() {
    }

    private static Object build() {
        try {
            Path dir = Files.createTempDirectory("ndpack-gil-probe");
            Path c = Files.writeString(dir.resolve("gil_probe.c"), SOURCE);
            Path so = dir.resolve("libgilprobe.so");
            Process p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", so.toString(), c.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "gcc failed: " + out;
            }
            return so;
        } catch (IOException e) {
            return "gcc not found (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** {@return the probe library}, skipping the test (or failing under CI=true) without gcc */
    static Path library() {
        if (BUILT instanceof Path p) {
            return p;
        }
        String msg = "cannot build the C GIL probe: " + BUILT + "; skipping (apt-get install -y gcc)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + msg);
        }
        Assumptions.abort(msg);
        throw new AssertionError(msg);
    }
}
