package org.ndpack.dlpack;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The DLPack 1.x ABI as FFM memory layouts: the same structs, field names and byte offsets as
 * {@code native-headers/dlpack/dlpack.h} (a unit test checks each offset and size against the C
 * compiler's {@code offsetof} and {@code sizeof}).
 *
 * <p>For code that reads or builds DLPack structs by hand (a custom producer, a debugging aid).
 * ndpack's own import and export use the byte offsets below directly. Pointers are laid out as
 * {@link ValueLayout#ADDRESS}; a pointer field read through these layouts gives a zero-length
 * segment, to be {@linkplain java.lang.foreign.MemorySegment#reinterpret(long) reinterpreted}.
 *
 * <p>The layouts are for the 64-bit platforms the JDK's native linker supports (x86-64,
 * aarch64), where none of the structs has padding.
 *
 * <h2>Guarantees</h2>
 * Constants only: immutable and thread-safe.
 */
public final class DLPackLayouts {
    private DLPackLayouts() {
    }

    /** {@code DLPackVersion}: {@code uint32_t major, minor}; 8 bytes. */
    public static final StructLayout DL_PACK_VERSION = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("major"),
            ValueLayout.JAVA_INT.withName("minor")).withName("DLPackVersion");

    /** {@code DLDevice}: {@code int32_t device_type, device_id}; 8 bytes. */
    public static final StructLayout DL_DEVICE = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("device_type"),
            ValueLayout.JAVA_INT.withName("device_id")).withName("DLDevice");

    /** {@code DLDataType}: {@code uint8_t code, bits; uint16_t lanes}; 4 bytes. */
    public static final StructLayout DL_DATA_TYPE = MemoryLayout.structLayout(
            ValueLayout.JAVA_BYTE.withName("code"),
            ValueLayout.JAVA_BYTE.withName("bits"),
            ValueLayout.JAVA_SHORT.withName("lanes")).withName("DLDataType");

    /**
     * {@code DLTensor}: {@code data, device, ndim, dtype, shape, strides, byte_offset}; 48 bytes.
     */
    public static final StructLayout DL_TENSOR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("data"),
            DL_DEVICE.withName("device"),
            ValueLayout.JAVA_INT.withName("ndim"),
            DL_DATA_TYPE.withName("dtype"),
            ValueLayout.ADDRESS.withName("shape"),
            ValueLayout.ADDRESS.withName("strides"),
            ValueLayout.JAVA_LONG.withName("byte_offset")).withName("DLTensor");

    /** {@code DLManagedTensor} (DLPack 0.x): {@code dl_tensor, manager_ctx, deleter}; 64 bytes. */
    public static final StructLayout DL_MANAGED_TENSOR = MemoryLayout.structLayout(
            DL_TENSOR.withName("dl_tensor"),
            ValueLayout.ADDRESS.withName("manager_ctx"),
            ValueLayout.ADDRESS.withName("deleter")).withName("DLManagedTensor");

    /**
     * {@code DLManagedTensorVersioned} (DLPack 1.x):
     * {@code version, manager_ctx, deleter, flags, dl_tensor}; 80 bytes.
     */
    public static final StructLayout DL_MANAGED_TENSOR_VERSIONED = MemoryLayout.structLayout(
            DL_PACK_VERSION.withName("version"),
            ValueLayout.ADDRESS.withName("manager_ctx"),
            ValueLayout.ADDRESS.withName("deleter"),
            ValueLayout.JAVA_LONG.withName("flags"),
            DL_TENSOR.withName("dl_tensor")).withName("DLManagedTensorVersioned");

    /**
     * The C type of both deleters, {@code void (*)(DLManagedTensor*)} and
     * {@code void (*)(DLManagedTensorVersioned*)}: one pointer argument, no result.
     */
    public static final FunctionDescriptor DELETER = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS);

    // Byte offsets used by the import and export code (derived from the layouts above, so they
    // cannot disagree with them).

    static final long T_DATA = off(DL_TENSOR, "data");
    static final long T_DEVICE_TYPE = off(DL_TENSOR, "device", "device_type");
    static final long T_DEVICE_ID = off(DL_TENSOR, "device", "device_id");
    static final long T_NDIM = off(DL_TENSOR, "ndim");
    static final long T_CODE = off(DL_TENSOR, "dtype", "code");
    static final long T_BITS = off(DL_TENSOR, "dtype", "bits");
    static final long T_LANES = off(DL_TENSOR, "dtype", "lanes");
    static final long T_SHAPE = off(DL_TENSOR, "shape");
    static final long T_STRIDES = off(DL_TENSOR, "strides");
    static final long T_BYTE_OFFSET = off(DL_TENSOR, "byte_offset");

    static final long L_TENSOR = off(DL_MANAGED_TENSOR, "dl_tensor");
    static final long L_CTX = off(DL_MANAGED_TENSOR, "manager_ctx");
    static final long L_DELETER = off(DL_MANAGED_TENSOR, "deleter");
    static final long L_SIZE = DL_MANAGED_TENSOR.byteSize();

    static final long V_MAJOR = off(DL_MANAGED_TENSOR_VERSIONED, "version", "major");
    static final long V_MINOR = off(DL_MANAGED_TENSOR_VERSIONED, "version", "minor");
    static final long V_CTX = off(DL_MANAGED_TENSOR_VERSIONED, "manager_ctx");
    static final long V_DELETER = off(DL_MANAGED_TENSOR_VERSIONED, "deleter");
    static final long V_FLAGS = off(DL_MANAGED_TENSOR_VERSIONED, "flags");
    static final long V_TENSOR = off(DL_MANAGED_TENSOR_VERSIONED, "dl_tensor");
    static final long V_SIZE = DL_MANAGED_TENSOR_VERSIONED.byteSize();

    private static long off(MemoryLayout layout, String... path) {
        MemoryLayout.PathElement[] p = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            p[i] = groupElement(path[i]);
        }
        return layout.byteOffset(p);
    }
}
