package org.ndpack.torch;

/**
 * libtorch cannot be used from this JVM: JavaCPP or its PyTorch presets are not on the class or
 * module path, the native library did not load (no platform jar for this machine), or the loaded
 * libtorch lacks a function ndpack-torch calls (another libtorch version). The message names what
 * is missing and the version supported, {@link Torch#SUPPORTED_VERSION}.
 *
 * <h2>Guarantees</h2>
 * Thrown before anything was handed to libtorch: nothing was exported, imported or leaked. The
 * condition is permanent for the life of the JVM (every later call fails the same way).
 */
public class TorchUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and what is needed
     * @param cause the underlying failure, or {@code null}
     */
    public TorchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
