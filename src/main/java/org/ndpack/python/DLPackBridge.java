package org.ndpack.python;

import java.lang.foreign.MemorySegment;

import org.ndpack.NDArray;
import org.ndpack.dlpack.DLDevice;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackException;
import org.ndpack.dlpack.DLPackTensor;
import org.ndpack.dlpack.DLPackVersion;

/**
 * The DLPack operations the Python bridge needs, on raw addresses: the seam between capsule
 * handling (this package) and the DLPack bridge ({@link DLPack}), which owns every DLPack struct
 * and every rule about them.
 */
final class DLPackBridge {
    private DLPackBridge() {
    }

    /** A managed tensor: the address of its struct and its kind. */
    record Tensor(long pointer, boolean versioned) {
    }

    /**
     * Exports {@code a} for a Python consumer, as {@code __dlpack__} asks.
     *
     * @param maxMajor the consumer's {@code max_version} major, or -1 for none (legacy)
     * @param maxMinor its minor, or -1
     * @param deviceType the requested {@code dl_device} type, or -1 for none
     * @param deviceId its index, or -1
     * @param copy -1 for {@code copy=None}, 1 for {@code True}, 0 for {@code False}
     * @return the new managed tensor, owned by the caller
     * @throws IllegalStateException if {@code a} is closed
     * @throws DLPackException if the request cannot be met (device, copy)
     */
    static Tensor export(NDArray a, int maxMajor, int maxMinor, int deviceType, int deviceId, int copy) {
        DLPackVersion max = maxMajor < 0 ? null : DLPackVersion.of(maxMajor, Math.max(0, maxMinor));
        DLDevice device = deviceType < 0 ? null : DLDevice.of(deviceType, deviceId);
        DLPackCopy c = copy < 0 ? DLPackCopy.IF_NEEDED : copy == 0 ? DLPackCopy.NEVER : DLPackCopy.ALWAYS;
        DLPackTensor t = DLPack.export(a, max, device, c);
        return new Tensor(t.pointer().address(), t.versioned());
    }

    /** Calls the deleter of an export nobody consumed. Never throws (capsule destructors call it). */
    static void discard(Tensor t) {
        try {
            DLPack.discard(new DLPackTensor(MemorySegment.ofAddress(t.pointer()), t.versioned()));
        } catch (Throwable ignored) {
            // never leave a destructor with an exception
        }
    }

    /**
     * Imports a managed tensor made by a Python producer as {@link DLPack#fromDLPack} or
     * {@link DLPack#fromLegacyDLPack} do (taking ownership at the call; on a refusal its deleter
     * has been called), with its deleter called under the GIL ({@link GilDeleter}).
     *
     * @throws DLPackException if the bridge refuses the tensor
     */
    static NDArray importTensor(Tensor t) {
        return ToPython.importTensor(t.pointer(), t.versioned());
    }

    /** {@return true for the exceptions the bridge uses to refuse tensors and requests} */
    static boolean isRefusal(Throwable e) {
        return e instanceof DLPackException;
    }
}
