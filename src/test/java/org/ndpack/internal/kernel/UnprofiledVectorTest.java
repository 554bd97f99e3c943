package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Vector API sum and matrix-product kernels stay compiled vector code when C2 has no type
 * profiles. The JIT compiles methods without profiling when its queue is long (as at start-up),
 * and in about one JVM in fifteen that hit the Vector API's shared methods; a kernel that relied
 * on their profiles to inline its vector calls then ran boxed, a heap object per vector
 * operation, 15 to 30 times slower, for the JVM's whole life. {@code -XX:-UseTypeProfile} turns
 * all profiles off, so the child JVM ({@link UnprofiledVectorChild}) shows the worst case every
 * time: after warm-up, a call must allocate nothing.
 */
class UnprofiledVectorTest {
    @Test
    void kernelsAllocateNothingWithoutTypeProfiles() throws Exception {
        Assumptions.assumeTrue(VectorSupport.ENABLED,
                "skipped: the Vector API is not enabled in this JVM (run with --add-modules jdk.incubator.vector)");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("basedir", ".") + "/target/classes" + File.pathSeparator
                + System.getProperty("basedir", ".") + "/target/test-classes";
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:-UseTypeProfile", "-Xlog:disable",
                "-cp", cp, UnprofiledVectorChild.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child did not finish:\n" + out);
        assertEquals(0, p.exitValue(), "child exit code; output:\n" + out);
        List<String> lines = out.lines().filter(l -> l.matches("\\w+ \\d+")).toList();
        assertEquals(13, lines.size(), "one line per kernel; output:\n" + out);
        for (String line : lines) {
            long bytes = Long.parseLong(line.split(" ")[1]);
            assertEquals(0, bytes, "heap bytes per call of " + line.split(" ")[0]
                    + " without type profiles (a boxed vector kernel); output:\n" + out);
        }
    }
}
