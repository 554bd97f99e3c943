package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ndpack's diagnostics go to System.Logger "org.ndpack": the portable-kernel notice (once per JVM,
 * naming the exact flag; none when the Vector API runs; DEBUG only when turned off on purpose) and
 * a failing release action (ERROR, with its cause). Each case is a fresh JVM ({@link LoggingChild}),
 * since the notice belongs to class initialisation, whose java.util.logging configuration prints
 * every record of "org.ndpack", at every level, as one line {@code record LEVEL message}.
 */
class LoggingTest {

    @TempDir
    Path dir;

    private List<String> run(String mode, String... jvmOptions) throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.SimpleFormatter.format=record %4$s %5$s%6$s%n
                org.ndpack.level=ALL
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("basedir", ".") + "/target/classes" + File.pathSeparator
                + System.getProperty("basedir", ".") + "/target/test-classes";
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.logging.config.file=" + config, "-Duser.language=en"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", cp, LoggingChild.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish:\n" + out);
        assertEquals(0, p.exitValue(), "child exit code; output:\n" + out);
        return out.lines().toList();
    }

    private static List<String> records(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("record ")).toList();
    }

    @Test
    void withoutTheVectorApiOneNoticeNamesTheFlag() throws Exception {
        List<String> out = run("kernels");
        assertTrue(out.contains("kernelInfo Vector API kernels off (the jdk.incubator.vector module is not in the boot "
                + "layer; start the JVM with --add-modules jdk.incubator.vector; portable kernels run); BLAS: none"),
                String.join("\n", out));
        List<String> r = records(out);
        assertEquals(List.of("record INFO ndpack runs its portable kernels: the jdk.incubator.vector module is not in "
                + "the boot layer; start the JVM with --add-modules jdk.incubator.vector"), r);
    }

    @Test
    void withTheVectorApiNothingIsLogged() throws Exception {
        List<String> out = run("kernels", "--add-modules", "jdk.incubator.vector");
        assertTrue(out.stream().anyMatch(l -> l.startsWith("kernelInfo Vector API kernels on (")), String.join("\n", out));
        assertEquals(List.of(), records(out));
    }

    @Test
    void turnedOffOnPurposeTheNoticeIsDebugOnly() throws Exception {
        List<String> r = records(run("kernels", "--add-modules", "jdk.incubator.vector", "-Dndpack.vector=false"));
        assertEquals(List.of("record FINE ndpack runs its portable kernels: turned off by -Dndpack.vector=false"), r);
    }

    @Test
    void aFailingReleaseIsLoggedAsAnErrorWithItsCause() throws Exception {
        List<String> out = run("release-failure");
        assertTrue(out.contains("closed true"), String.join("\n", out));
        List<String> r = records(out);
        assertEquals(List.of("record SEVERE ndpack: releasing native memory failed"), r);
        int at = out.indexOf(r.get(0));
        assertEquals("java.lang.IllegalStateException: release refused", out.get(at + 1));
    }
}
