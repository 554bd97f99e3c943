package org.ndpack.dlpack;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A pointer to a managed DLPack tensor together with its kind: a
 * {@code DLManagedTensorVersioned*} (DLPack 1.x) or a legacy {@code DLManagedTensor*}
 * (DLPack 0.x). It is what a {@link DLPackProducer} returns, the analogue of Python's
 * {@code "dltensor_versioned"} and {@code "dltensor"} capsules.
 *
 * <p><b>Ownership.</b> Whoever holds a {@code DLPackTensor} owns the tensor and must hand it on
 * exactly once: to {@link DLPack#consume} (which imports it and later calls its deleter), or to
 * {@link DLPack#discard} (which calls the deleter now). A {@code DLPackTensor} that is simply
 * dropped leaks the tensor: this record is only a pointer and has no cleaner of its own.
 *
 * <h2>Guarantees</h2>
 * A record: immutable and thread-safe (the tensor it points to is not ndpack's to guard).
 *
 * @param pointer the address of the managed struct; a native segment, not {@code NULL}
 * @param versioned true for {@code DLManagedTensorVersioned*}, false for {@code DLManagedTensor*}
 */
public record DLPackTensor(MemorySegment pointer, boolean versioned) {

    /**
     * Checks the pointer.
     *
     * @throws NullPointerException if {@code pointer} is null
     * @throws IllegalArgumentException if {@code pointer} is not a native segment or is
     *         {@code NULL}
     */
    public DLPackTensor {
        Objects.requireNonNull(pointer, "pointer");
        if (!pointer.isNative() || pointer.address() == 0) {
            throw new IllegalArgumentException("DLPackTensor pointer " + pointer
                    + ": must be a non-NULL native address");
        }
    }

    /** {@return the pointer and kind, as {@code DLManagedTensorVersioned@0x7f00...}} */
    @Override
    public String toString() {
        return (versioned ? "DLManagedTensorVersioned@0x" : "DLManagedTensor@0x")
                + Long.toHexString(pointer.address());
    }
}
