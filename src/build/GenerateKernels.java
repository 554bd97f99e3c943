import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates ndpack's float64 kernels from their float32 templates: the same loops
 * with {@code double} for {@code float} (and the vector length that follows from it). The build
 * runs it at {@code generate-sources} ({@code java src/build/GenerateKernels.java TEMPLATES OUT})
 * and compiles its output from {@code target/generated-sources/kernels}; nothing generated is
 * committed. A file whose content would not change is not rewritten, so incremental builds stay
 * incremental.
 */
public final class GenerateKernels {
    /** The templates, in {@code org.ndpack.internal.kernel}. */
    static final String[] TEMPLATES = {"GemmF32", "GemmVectorF32",
            "LeafF32", "Loop1F32", "Loop2F32"}; // the portable leaf sum and heap runs
    /** The note every template carries, replaced in the generated file. */
    static final String NOTE = """
            This class is the template from which its float64 twin is generated at build time
             * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.""";

    private GenerateKernels() {
    }

    /** {@return the float64 source generated from a float32 template} */
    static String toFloat64(String template, String templateName) {
        if (!template.contains(NOTE)) {
            throw new IllegalArgumentException(templateName + " lacks the template note");
        }
        String s = template.replace(NOTE, "Generated from {@code \u0001} by {@code src/build/GenerateKernels.java}:\n"
                + " * do not edit; edit the template.");
        return s.replace("float32", "\u0002")
                .replace("FLOAT32", "FLOAT64")
                .replace("F32", "F64")
                .replace("Float", "Double")
                .replace("float", "double")
                .replace("loadF", "loadD")
                .replace("\u0002", "float64")
                .replace("\u0001", templateName);
    }

    /**
     * Generates every kernel.
     *
     * @param args the directory of the templates, and the root of the generated sources
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateKernels TEMPLATE_DIR OUTPUT_ROOT");
        }
        Path templates = Path.of(args[0]);
        Path out = Path.of(args[1]).resolve("org/ndpack/internal/kernel");
        Files.createDirectories(out);
        for (String name : TEMPLATES) {
            String generated = toFloat64(Files.readString(templates.resolve(name + ".java")), name);
            Path target = out.resolve(name.replace("F32", "F64") + ".java");
            if (!Files.exists(target) || !Files.readString(target).equals(generated)) {
                Files.writeString(target, generated);
            }
        }
    }
}
