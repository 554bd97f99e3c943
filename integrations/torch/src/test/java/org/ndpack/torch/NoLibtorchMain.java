package org.ndpack.torch;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * Child JVM of {@link TorchBadInputTest}: tries an export with parts of JavaCPP missing from the
 * class path, prints what it got, and exits 0 only for the expected exception with nothing leaked.
 * Names no JavaCPP class itself.
 */
public final class NoLibtorchMain {
    private NoLibtorchMain() {
    }

    public static void main(String[] args) {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 2)) {
            for (int i = 0; i < 2; i++) { // the second call reports the same failure
                try {
                    Torch.toTensor(a);
                    System.out.println("no exception");
                    System.exit(1);
                } catch (TorchUnavailableException e) {
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        System.exit(DLPack.liveExports() == 0 ? 0 : 2);
    }
}
