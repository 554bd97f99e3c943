package org.ndpack.python;

import org.ndpack.NDArray;

/**
 * The DLPack operations the Python bridge needs, and nothing else: the seam between capsule
 * handling (this package) and the DLPack bridge ({@code org.ndpack.dlpack}), which owns every
 * DLPack struct.
 */
interface TensorBridge {
    /** A managed tensor: the pointer and its kind. */
    record Tensor(long pointer, boolean versioned) {
    }

    /**
     * Exports {@code a} for a Python consumer, as {@code __dlpack__} does.
     *
     * @param maxMajor the consumer's {@code max_version} major, or -1 for none (legacy)
     * @param maxMinor its minor, or -1
     * @param deviceType the requested {@code dl_device} type, or -1 for none
     * @param deviceId its index, or -1
     * @param copy -1 for {@code copy=None}, 1 for {@code True}, 0 for {@code False}
     * @return the new managed tensor, owned by the caller
     * @throws IllegalStateException if {@code a} is closed
     * @throws RuntimeException the bridge's exceptions for requests it cannot meet
     */
    Tensor export(NDArray a, int maxMajor, int maxMinor, int deviceType, int deviceId, int copy);

    /** Calls the deleter of a tensor nobody consumed. Never throws. */
    void discard(Tensor t);

    /**
     * Imports a managed tensor, taking ownership (on failure the bridge has called its deleter).
     *
     * @throws RuntimeException the bridge's exceptions for tensors it cannot import
     */
    NDArray importTensor(Tensor t);

    /** {@return the exception family the bridge uses for refused tensors and requests} */
    Class<? extends RuntimeException> refusal();
}
