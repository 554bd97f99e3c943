package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorImpl;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * Child JVM of the libtorch tests, for cases that abort the process when ndpack-torch gets them
 * wrong (a C++ exception across a downcall) or that need a fresh JVM (the once-per-JVM
 * calibration of {@link ImplLayout}). Prints what it saw and exits 0 only when the case behaved.
 */
public final class TorchChildMain {
    private TorchChildMain() {
    }

    /** Runs one case in a child JVM with this JVM's class path; asserts it exited 0 and returns its output. */
    static String run(String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("ndpack-torch-child", ".txt");
        try {
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), TorchChildMain.class.getName(), name)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(finished, "child JVM for " + name + " finished within 120 s:\n" + out);
            assertEquals(0, p.exitValue(), "child JVM for " + name + " (134 is an abort):\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    public static void main(String[] args) {
        Torch.load(); // touches no ImplLayout: the calibration happens in the case
        int status = switch (args[0]) {
            case "customSizes" -> customSizes();
            case "inferenceFirst" -> inferenceFirst();
            case "jniChecksOnly" -> jniChecksOnly();
            default -> 99;
        };
        System.out.println("live imports " + DLPack.liveImports() + ", exports " + DLPack.liveExports());
        System.exit(status);
    }

    /** Both 2-bit size/stride policy fields set to CustomSizes (2): refused, never exported. */
    private static int customSizes() {
        int status = 0;
        for (int k = 0; k < 2; k++) {
            try (Tensor t = TorchTestSupport.arange(ScalarType.Float, 2, 3); TensorImpl impl = t.unsafeGetTensorImpl()) {
                if (k == 0) {
                    impl.set_python_custom_sizes_strides((byte) 2);
                } else {
                    impl.set_custom_sizes_strides((byte) 2);
                }
                try (NDArray a = Torch.toNDArray(t)) {
                    System.out.println("case " + k + ": accepted, shape " + java.util.Arrays.toString(a.shape()));
                    status = 1;
                } catch (IllegalArgumentException e) {
                    System.out.println("case " + k + ": refused: " + e.getMessage());
                    status |= e.getMessage().contains("does not exchange") ? 0 : 2;
                }
            }
        }
        return status | (ImplLayout.USABLE ? 0 : 4);
    }

    /**
     * toNDArray through the JNI checks alone on every special tensor: each is refused, or
     * exported with its values (libtorch took it without throwing); an abort fails the case.
     */
    private static int jniChecksOnly() {
        Tensors.jniChecksOnly = true;
        int status = 0;
        for (int k = 0; k < 10; k++) {
            try (Tensor t = TorchTestSupport.arange(ScalarType.Float, 2, 3); TensorImpl impl = t.unsafeGetTensorImpl();
                    org.bytedeco.pytorch.Storage s = t.storage();
                    org.bytedeco.pytorch.StorageImpl si = s.unsafeGetStorageImpl()) {
                switch (k) {
                    case 0 -> impl.set_storage_access_should_throw();
                    case 1 -> impl.set_custom_sizes_strides((byte) 1);
                    case 2 -> impl.set_custom_sizes_strides((byte) 2);
                    case 3 -> impl.set_python_custom_sizes_strides((byte) 1);
                    case 4 -> impl.set_python_custom_sizes_strides((byte) 2);
                    case 5 -> impl.set_custom_device(true);
                    case 6 -> impl.set_custom_layout(true);
                    case 7 -> impl.set_python_dispatch(true);
                    case 8 -> si.set_throw_on_mutable_data_ptr();
                    default -> si.set_warn_deprecated_on_mutable_data_ptr();
                }
                try (NDArray a = Torch.toNDArray(t)) {
                    boolean right = a.size() == 6 && a.getDouble(1, 2) == 5.0;
                    System.out.println("special " + k + ": exported" + (right ? "" : " WRONG VALUES"));
                    status |= right ? 0 : 1;
                } catch (IllegalArgumentException e) {
                    System.out.println("special " + k + ": refused");
                }
            }
        }
        return status;
    }

    /** The first toNDArray of the JVM inside an InferenceMode; an ordinary tensor after it is accepted. */
    private static int inferenceFirst() {
        try (InferenceMode guard = new InferenceMode()) {
            try (Tensor t = TorchTestSupport.arange(ScalarType.Float, 4); NDArray a = Torch.toNDArray(t)) {
                System.out.println("inside InferenceMode: " + a.getDouble(3));
            }
        }
        System.out.println("calibration: " + ImplLayout.DIAGNOSIS);
        try (Tensor t = TorchTestSupport.arange(ScalarType.Float, 4); NDArray a = Torch.toNDArray(t)) {
            System.out.println("outside: " + a.getDouble(3));
            return ImplLayout.USABLE && a.getDouble(3) == 3.0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.out.println("outside: refused: " + e.getMessage());
            return 3;
        }
    }
}
