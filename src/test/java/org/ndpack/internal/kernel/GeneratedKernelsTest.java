package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float64 matrix-multiply kernels are generated from the float32 templates at build time
 * ({@code src/build/GenerateKernels.java}, run at {@code generate-sources}). This test keeps the
 * no-drift guarantee: it runs the generator afresh on the templates as they are now and fails if
 * what the build compiled differs, if a generated file was committed beside its template, or if a
 * template lost the note the generator keys on (the generator then refuses it).
 */
class GeneratedKernelsTest {
    private static final Path TEMPLATES = Path.of("src/main/java/org/ndpack/internal/kernel");
    private static final Path COMPILED = Path.of("target/generated-sources/kernels/org/ndpack/internal/kernel");

    @Test
    void theCompiledFloat64KernelsAreWhatTheTemplatesGenerateNow(@TempDir Path out)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "src/build/GenerateKernels.java", TEMPLATES.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "generator finished");
        assertEquals(0, p.exitValue(), "generator failed:\n" + log);
        for (String name : new String[] {"GemmF64", "GemmVectorF64"}) {
            Path fresh = out.resolve("org/ndpack/internal/kernel/" + name + ".java");
            String generated = Files.readString(fresh);
            assertTrue(generated.contains("Generated from {@code " + name.replace("F64", "F32") + "}"), name);
            assertFalse(generated.contains("float "), name + " still declares a float");
            assertEquals(generated, Files.readString(COMPILED.resolve(name + ".java")),
                    name + ": the build compiled something else than the templates generate now (rebuild)");
            assertFalse(Files.exists(TEMPLATES.resolve(name + ".java")), name + " must not be committed");
        }
        assertEquals("GemmF64", GemmF64.class.getSimpleName(), "the generated kernel is compiled in");
    }
}
