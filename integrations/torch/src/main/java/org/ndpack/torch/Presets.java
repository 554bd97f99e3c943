package org.ndpack.torch;

import java.util.Map;

import org.bytedeco.javacpp.Loader;

/**
 * The code that names JavaCPP's classes, kept apart so that {@link Libtorch} can check that they
 * are present before this class is loaded.
 */
final class Presets {
    private Presets() {
    }

    /** Loads libtorch (and what it links against: openblas) through JavaCPP. */
    static void loadLibtorch() {
        try {
            Loader.load(org.bytedeco.pytorch.global.torch.class);
        } catch (UnsatisfiedLinkError e) {
            throw new TorchUnavailableException("JavaCPP found the PyTorch presets but could not load libtorch for "
                    + Loader.getPlatform() + " (" + e.getMessage() + "): is the platform jar org.bytedeco:pytorch:"
                    + "2.10.0-1.5.13:" + Loader.getPlatform() + " (and org.bytedeco:openblas's) on the path? ndpack-torch needs "
                    + Torch.SUPPORTED_VERSION, e);
        }
    }

    /** {@return the file JavaCPP loaded libtorch_cpu from, or null if it reports none} */
    static String loadedLibtorchPath() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String v = e.getValue();
            if (v != null && v.contains("libtorch_cpu.so")) {
                return v;
            }
        }
        return null;
    }
}
