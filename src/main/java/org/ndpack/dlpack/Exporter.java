package org.ndpack.dlpack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.memory.Memory;

/**
 * Builds managed DLPack tensors over ndpack arrays.
 *
 * <p>One native block per export holds the managed struct, then the shape, then the strides. It
 * comes straight from the C library's {@code malloc}, so that {@code free} of the struct's address
 * is exact, which the shutdown switch relies on; every byte of the struct is written here
 * ({@code manager_ctx}, {@code byte_offset} and the device id as 0). It is not counted in
 * {@link NDArray#liveNativeBytes()}; {@link DLPack#liveExports()} counts exports.
 * The export takes a lease on the array's memory and records itself in the bridge state, keyed
 * by the block's address; the deleter stub finds it there.
 */
final class Exporter {
    private Exporter() {
    }

    private static final Facade<NDArray> A = Facade.of(NDArray.class);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    static DLPackTensor export(NDArray a, DLPackVersion maxVersion, DLDevice device, DLPackCopy copy) {
        Objects.requireNonNull(a, "array");
        Objects.requireNonNull(copy, "copy");
        if (device != null && !device.equals(DLDevice.CPU_0)) {
            throw new DLPackDeviceException("dl_device", device.toString(),
                    "ndpack arrays live in host memory (CPU:0) and ndpack does not copy them to other devices");
        }
        boolean versioned = maxVersion != null && maxVersion.isVersioned();
        int minor = 0;
        if (versioned) {
            minor = maxVersion.major() == 1 && Integer.compareUnsigned(maxVersion.minor(), DLPack.VERSION.minor()) < 0
                    ? maxVersion.minor() : DLPack.VERSION.minor();
        }
        // The legacy struct cannot say "read-only": honouring read-only there needs a private copy.
        boolean needsCopy = !versioned && a.isReadOnly();
        if (needsCopy && copy == DLPackCopy.NEVER) {
            throw new DLPackCopyException("copy", "NEVER",
                    "a read-only array exported as a legacy DLManagedTensor needs a copy, because that struct "
                            + "cannot mark memory read-only (ask for DLPack 1.x, or allow a copy)");
        }
        boolean copied = copy == DLPackCopy.ALWAYS || needsCopy;
        NDArray src = copied ? a.copy() : a;
        try {
            A.unwrap(src).acquire();
        } catch (RuntimeException | Error e) {
            if (copied) {
                src.close();
            }
            throw e;
        }
        Memory memory = A.unwrap(src).memory;
        long self = 0;
        try {
            long[] shape = A.unwrap(src).shape;
            long[] strides = A.unwrap(src).strides;
            int ndim = shape.length;
            long head = versioned ? DLPackLayouts.V_SIZE : DLPackLayouts.L_SIZE;
            long bytes = head + 16L * ndim;
            self = Bridge.allocateStruct(bytes);
            // Written through the whole-address-space segment at absolute addresses: no segment
            // object per export for the fields (the struct is ours and exactly this long).
            MemorySegment m = Bridge.ADDRESS_SPACE;
            BridgeState st = Bridge.STATE.get();
            long tensor;
            if (versioned) {
                m.set(I32, self + DLPackLayouts.V_MAJOR, 1);
                m.set(I32, self + DLPackLayouts.V_MINOR, minor);
                m.set(I64, self + DLPackLayouts.V_CTX, 0L);
                m.set(I64, self + DLPackLayouts.V_DELETER, st.versionedDeleter().address());
                long flags = 0;
                if (src.isReadOnly()) {
                    flags |= DLPack.FLAG_READ_ONLY;
                }
                if (copied) {
                    flags |= DLPack.FLAG_IS_COPIED;
                }
                m.set(I64, self + DLPackLayouts.V_FLAGS, flags);
                tensor = DLPackLayouts.V_TENSOR;
            } else {
                m.set(I64, self + DLPackLayouts.L_CTX, 0L);
                m.set(I64, self + DLPackLayouts.L_DELETER, st.legacyDeleter().address());
                tensor = DLPackLayouts.L_TENSOR;
            }
            DType dtype = src.dtype();
            long shapeAt = head;
            long stridesAt = head + 8L * ndim;
            m.set(I64, self + tensor + DLPackLayouts.T_DATA, memory.address() + A.unwrap(src).offset * dtype.byteSize());
            m.set(I32, self + tensor + DLPackLayouts.T_DEVICE_TYPE, DLDevice.CPU);
            m.set(I32, self + tensor + DLPackLayouts.T_DEVICE_ID, 0);
            m.set(I32, self + tensor + DLPackLayouts.T_NDIM, ndim);
            m.set(I8, self + tensor + DLPackLayouts.T_CODE, (byte) dtype.dlpackCode());
            m.set(I8, self + tensor + DLPackLayouts.T_BITS, (byte) dtype.dlpackBits());
            m.set(I16, self + tensor + DLPackLayouts.T_LANES, (short) 1);
            m.set(I64, self + tensor + DLPackLayouts.T_SHAPE, self + shapeAt);
            m.set(I64, self + tensor + DLPackLayouts.T_STRIDES, self + stridesAt);
            m.set(I64, self + tensor + DLPackLayouts.T_BYTE_OFFSET, 0L);
            for (int i = 0; i < ndim; i++) { // a plain loop: faster than a bulk copy for a few longs
                m.set(I64, self + shapeAt + 8L * i, shape[i]);
                m.set(I64, self + stridesAt + 8L * i, strides[i]);
            }
            DLPackTensor result = new DLPackTensor(m.asSlice(self, head), versioned);
            Export export = new Export(src, memory, copied, versioned);
            Bridge.registerExport(self, export); // the last step that can fail: nothing can throw after it
            return result;
        } catch (RuntimeException | Error e) {
            if (self != 0) {
                Bridge.freeStruct(self);
            }
            memory.release();
            if (copied) {
                src.close();
            }
            throw e;
        }
    }
}
