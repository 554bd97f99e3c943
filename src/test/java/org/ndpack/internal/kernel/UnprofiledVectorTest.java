package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * time: after warm-up, a call must allocate nothing. It needs C2 (the child's option is C2's) and
 * vectors of 256 bits or more, and says so when it skips.
 */
class UnprofiledVectorTest {
    @Test
    void kernelsAllocateNothingWithoutTypeProfiles() throws Exception {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "skipped: the Vector API kernels are off: " + VectorSupport.REASON);
        // the sum kernels use 256-bit vectors besides the preferred ones; a machine with
        // narrower vectors runs 256-bit ones boxed whatever the profiles
        Assumptions.assumeTrue(VectorSupport.vectorBits() >= 256,
                "skipped: this machine's vectors are " + VectorSupport.vectorBits() + "-bit, under the 256 the sum kernels use");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("basedir", ".") + "/target/classes" + File.pathSeparator
                + System.getProperty("basedir", ".") + "/target/test-classes";
        Path log = Files.createTempFile("ndpack-unprofiled", ".txt");
        try {
            Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-XX:-UseTypeProfile", "-cp", cp,
                    UnprofiledVectorChild.class.getName())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // a boxed kernel takes the child's 20 s cap per kernel; 36 kernels fit in 900 s
            if (!p.waitFor(900, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("child did not finish in 900 s:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), "child exit code; output:\n" + out);
            List<String> lines = out.lines().filter(l -> l.matches("\\w+ \\d+")).toList();
            int kernels = 33 + (VectorKernels.NATIVE_POW ? 2 : 0) + (IntDivideVector.USABLE && CastVector.USABLE ? 4 : 0);
            assertEquals(kernels, lines.size(), "one line per kernel; output:\n" + out);
            for (String line : lines) {
                long bytes = Long.parseLong(line.split(" ")[1]);
                assertEquals(0, bytes, "heap bytes per call of " + line.split(" ")[0]
                        + " without type profiles (a boxed vector kernel); output:\n" + out);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
