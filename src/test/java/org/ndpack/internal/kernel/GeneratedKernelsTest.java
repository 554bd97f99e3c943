package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The float64 matrix-multiply kernels are generated from the float32 ones: the same loops with
 * {@code double} for {@code float} (and the vector length that follows from it). This test
 * regenerates them in memory and fails if the committed files differ, so that the two can never
 * drift apart. To rewrite them after editing a template:
 * {@code mvn test -Dtest=GeneratedKernelsTest -Dndpack.regenerate=true}.
 */
class GeneratedKernelsTest {
    private static final Path DIR = Path.of("src/main/java/org/ndpack/internal/kernel");
    private static final String NOTE = """
            This class is the template from which its float64 twin is generated (see
             * {@code GeneratedKernelsTest}): edit this file, then regenerate.""";

    /** {@return the float64 source generated from a float32 template} */
    static String toFloat64(String template, String templateName) {
        assertTrue(template.contains(NOTE), templateName + " lacks the template note");
        String s = template.replace(NOTE, "Generated from {@code \u0001} by {@code GeneratedKernelsTest}: do not\n"
                + " * edit; edit the template and regenerate.");
        return s.replace("float32", "\u0002")
                .replace("F32", "F64")
                .replace("Float", "Double")
                .replace("float", "double")
                .replace("loadF", "loadD")
                .replace("\u0002", "float64")
                .replace("\u0001", templateName);
    }

    @Test
    void float64KernelsAreGeneratedFromTheFloat32Templates() throws IOException {
        for (String name : new String[] {"GemmF32", "GemmVectorF32"}) {
            Path template = DIR.resolve(name + ".java");
            Path target = DIR.resolve(name.replace("F32", "F64") + ".java");
            String expected = toFloat64(Files.readString(template), name);
            if (Boolean.getBoolean("ndpack.regenerate")) {
                Files.writeString(target, expected);
            }
            assertEquals(expected, Files.exists(target) ? Files.readString(target) : "", target
                    + " is not what its template generates: run mvn test -Dtest=GeneratedKernelsTest -Dndpack.regenerate=true");
        }
    }
}
