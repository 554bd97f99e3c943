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

    /** The libraries that {@code libtorch.so} needs through {@code $ORIGIN}, extracted before it loads. */
    private static final String[] FIRST = {"libc10.so", "libtorch_cpu.so", "libtorch.so"};

    /**
     * Loads libtorch (and what it links against: openblas) through JavaCPP.
     *
     * <p>First extracts libc10, libtorch_cpu and libtorch into JavaCPP's cache. JavaCPP extracts
     * each library only when it loads it, and loads libtorch.so before libtorch_cpu.so; on a
     * cold cache the dynamic linker then finds {@code libtorch_cpu.so} (a NEEDED entry of
     * libtorch.so) on the system library path if another libtorch is installed there (Debian's
     * python3-torch puts 1.13 in /usr/lib), and the two libtorch_cpu copies crash the process
     * in their static initialisers. Extracted first, the right one is found beside libtorch.so
     * ({@code RUNPATH $ORIGIN}). After the first run this costs a file check each.
     */
    static void loadLibtorch() {
        String dir = "/org/bytedeco/pytorch/" + Loader.getPlatform() + "/";
        for (String lib : FIRST) {
            try {
                Loader.cacheResource(org.bytedeco.pytorch.global.torch.class, dir + lib);
            } catch (java.io.IOException | RuntimeException e) {
                // not fatal here: Loader.load below reports what is really missing
            }
        }
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
