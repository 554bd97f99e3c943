package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Export deleters called by native threads while the JVM shuts down must not crash it: each
 * scenario runs {@link ShutdownChild} in a child JVM (repeatedly, to vary the interleavings) and
 * checks that it exits normally, prints no failure and leaves no crash log. Without the switch of
 * deleters to {@code free()} at shutdown, "deleters-after-the-jvm-is-destroyed" crashes HotSpot
 * every time ("Could not attach thread for upcall": a native thread entered the JVM after the
 * launcher had destroyed it), and "main-returns-with-deleters-pending" did so now and then on a
 * loaded machine.
 */
class DLPackShutdownTest {

    @ParameterizedTest
    @ValueSource(strings = {"exit-while-deleters-run", "deleters-in-shutdown-hook", "deleters-switch-to-free",
        "main-returns-with-deleters-pending", "deleters-after-the-jvm-is-destroyed"})
    void nativeDeleterCallsDuringShutdownDoNotCrash(String scenario) throws Exception {
        Path lib = CPeer.library();
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("basedir", ".") + "/target/classes" + File.pathSeparator
                + System.getProperty("basedir", ".") + "/target/test-classes";
        Path errDir = Files.createTempDirectory("ndpack-shutdown");
        for (int run = 0; run < 4; run++) {
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:ErrorFile=" + errDir + "/hs_err_%p.log",
                    "-cp", cp, ShutdownChild.class.getName(), lib.toString(), scenario)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish:\n" + out);
            assertEquals(0, p.exitValue(), scenario + " run " + run + " exit code; output:\n" + out);
            assertTrue(out.contains("exported 200"), out);
            assertFalse(out.contains("ndpack:"), "a deleter reported a failure:\n" + out);
            assertFalse(out.contains("Exception"), out);
            if (scenario.equals("deleters-in-shutdown-hook")) {
                assertTrue(out.contains("deleters called in hook"), "deleters work while shutdown hooks run:\n" + out);
            }
            if (scenario.equals("deleters-switch-to-free")) {
                assertTrue(out.contains("switched to free: 200"), "every live export switched to free():\n" + out);
                assertTrue(out.contains("export made during shutdown has free: true"), out);
                assertTrue(out.contains("free() deleters called"), out);
            }
            try (var files = Files.list(errDir)) {
                List<Path> crashes = files.toList();
                assertTrue(crashes.isEmpty(), "the JVM crashed: " + crashes);
            }
        }
    }
}
