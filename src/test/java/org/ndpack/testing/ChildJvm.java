package org.ndpack.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test program in a child JVM on this build's classes (the same JDK as the test), for
 * tests that need JVM flags of their own ({@code -Xmx}, system properties read once) or that may
 * exhaust memory. The child's standard output and error are collected together.
 */
public final class ChildJvm {
    /** What the child did. */
    public record Result(int exitCode, String output, long millis) {
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code main} with the JVM options and arguments given, and waits for it.
     *
     * @param main the class whose {@code main} runs
     * @param timeoutSeconds how long to wait before killing the child (the test then fails)
     * @param jvmOptions options before the class name ({@code -Xmx256m}, {@code -Dk=v})
     * @param args the program's arguments
     * @return the exit code and output
     */
    public static Result run(Class<?> main, long timeoutSeconds, List<String> jvmOptions, String... args)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        StringBuilder cp = new StringBuilder(base + "/target/classes" + File.pathSeparator + base + "/target/test-classes");
        // JUnit's assumption API, which test helpers the child shares (CPeer) may call
        for (String c : List.of("org.junit.jupiter.api.Assumptions", "org.opentest4j.TestAbortedException",
                "org.apiguardian.api.API")) {
            try {
                var src = Class.forName(c).getProtectionDomain().getCodeSource();
                if (src != null) {
                    cp.append(File.pathSeparator).append(Path.of(src.getLocation().toURI()));
                }
            } catch (ClassNotFoundException e) {
                // not on this class path: the child does without
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Dbasedir=" + base);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(cp.toString());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("ndpack-child", ".log");
        try {
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            Process p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(done, main.getSimpleName() + " did not finish in " + timeoutSeconds + " s:\n" + text);
            return new Result(p.exitValue(), text, ms);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
