package org.ndpack.dlpack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.dlpack.ForeignImports;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Memory;

/**
 * Turns a managed DLPack tensor into an {@link NDArray} over the producer's memory.
 *
 * <p>The order is the contract of {@link DLPack#fromDLPack}: refuse a NULL pointer without
 * calling anything; claim the pointer in the bridge state (a live pointer is refused as
 * "already consumed", without reading or calling anything, since its deleter belongs to the
 * first import); from then on ndpack owns the tensor, so any failure drops the claim, calls the
 * deleter once and rethrows. Every field is read exactly once, and shape and strides are copied
 * before they are checked, so a producer changing its struct under us cannot slip a value past
 * validation.
 */
final class Importer {
    private Importer() {
    }

    private static final Facade<NDArray> A = Facade.of(NDArray.class);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    /** See {@link Bridge#ADDRESS_SPACE}: a bad pointer faults here as it would in any C consumer. */
    private static final MemorySegment ALL = Bridge.ADDRESS_SPACE;

    static final String VERSIONED = "DLManagedTensorVersioned*";
    static final String LEGACY = "DLManagedTensor*";

    /** DLPack 1.3's type code names, for messages. */
    private static final String[] CODE_NAMES = {
        "int", "uint", "float", "opaque handle", "bfloat", "complex", "bool",
        "float8_e3m4", "float8_e4m3", "float8_e4m3b11fnuz", "float8_e4m3fn", "float8_e4m3fnuz",
        "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu", "float6_e2m3fn", "float6_e3m2fn",
        "float4_e2m1fn"
    };

    /**
     * Imports a managed tensor.
     *
     * @param p the pointer
     * @param versioned whether it points to a {@code DLManagedTensorVersioned}
     * @param refuseCopied refuse a tensor flagged IS_COPIED (the producer was told not to copy)
     */
    static NDArray importTensor(MemorySegment p, boolean versioned, boolean refuseCopied) {
        return importTensor(p, versioned, refuseCopied, null, null);
    }

    /**
     * Imports a managed tensor whose deleter, if {@code via} is not null, is called through
     * {@code via}; {@code takenOver}, if not null, is told once the tensor is ours (see
     * {@link ForeignImports}).
     */
    static NDArray importTensor(MemorySegment p, boolean versioned, boolean refuseCopied, ForeignImports.Deleter via,
            java.util.function.LongConsumer takenOver) {
        String kind = versioned ? VERSIONED : LEGACY;
        long self = checkPointer(p, kind);
        Bridge.claimImport(self, kind);
        if (takenOver != null) {
            takenOver.accept(self);
        }
        long deleter = 0;
        try {
            MemorySegment m = ALL;
            boolean readOnly = false;
            long tensor;
            if (versioned) {
                int major = m.get(I32, self + DLPackLayouts.V_MAJOR);
                deleter = m.get(I64, self + DLPackLayouts.V_DELETER);
                if (major != 1) {
                    int minor = m.get(I32, self + DLPackLayouts.V_MINOR);
                    throw new DLPackVersionException("version", new DLPackVersion(major, minor).toString(),
                            "ndpack reads DLPack major version 1 only (it implements " + DLPack.VERSION
                                    + "); the tensor was given back to its producer unread");
                }
                long flags = m.get(I64, self + DLPackLayouts.V_FLAGS);
                readOnly = (flags & DLPack.FLAG_READ_ONLY) != 0;
                if (refuseCopied && (flags & DLPack.FLAG_IS_COPIED) != 0) {
                    throw new DLPackCopyException("flags", "0x" + Long.toHexString(flags),
                            "IS_COPIED is set, but the producer was asked for copy = NEVER");
                }
                tensor = self + DLPackLayouts.V_TENSOR;
                if ((flags & DLPack.FLAG_IS_SUBBYTE_TYPE_PADDED) != 0) {
                    refusePadded(m, tensor, flags);
                }
            } else {
                deleter = m.get(I64, self + DLPackLayouts.L_DELETER);
                tensor = self + DLPackLayouts.L_TENSOR;
            }
            NDArray a = parse(m, tensor, readOnly, new ImportRelease(self, deleter, via));
            return a;
        } catch (RuntimeException | Error e) {
            Bridge.dropImport(self, true);
            Bridge.callDeleter(deleter, self, via);
            throw e;
        }
    }

    /**
     * Gives a managed tensor back to its producer without importing it: claims it (so it cannot
     * race an import of the same pointer), calls its deleter, drops the claim.
     */
    static void discard(MemorySegment p, boolean versioned) {
        String kind = versioned ? VERSIONED : LEGACY;
        long self = checkPointer(p, kind);
        if (Bridge.discardOwnExport(self, versioned, kind)) {
            return; // one of ours, never consumed: finished in one step
        }
        Bridge.claimImport(self, kind);
        long deleter = 0;
        try {
            deleter = ALL.get(I64, self + (versioned ? DLPackLayouts.V_DELETER : DLPackLayouts.L_DELETER));
        } finally {
            Bridge.dropImport(self, false);
            Bridge.callDeleter(deleter, self);
        }
    }

    private static long checkPointer(MemorySegment p, String kind) {
        Objects.requireNonNull(p, "pointer");
        if (!p.isNative()) {
            throw new DLPackPointerException(kind, p.toString(), "must be a native address, not a heap segment");
        }
        long self = p.address();
        if (self == 0) {
            throw new DLPackPointerException(kind, "NULL", "there is no tensor to import (nothing was called)");
        }
        if (self < 0) {
            throw new DLPackPointerException(kind, "0x" + Long.toHexString(self),
                    "lies outside the user address space (the top bit is set); ndpack cannot read it (nothing was called)");
        }
        return self;
    }

    /** Validates the DLTensor at address {@code base} ({@code m} is {@link #ALL}) and builds the array. */
    private static NDArray parse(MemorySegment m, long base, boolean readOnly, ImportRelease release) {
        // Device first: memory the CPU cannot read must not even be described as an array.
        int deviceType = m.get(I32, base + DLPackLayouts.T_DEVICE_TYPE);
        if (!DLDevice.isHostReadable(deviceType)) {
            int id = m.get(I32, base + DLPackLayouts.T_DEVICE_ID);
            throw new DLPackDeviceException("dl_tensor.device", new DLDevice(deviceType, id).toString(),
                    "not host-readable; ndpack imports tensors on CPU, CUDAHost, ROCMHost and CUDAManaged memory");
        }
        DType dtype = dtype(m.get(I8, base + DLPackLayouts.T_CODE) & 0xff, m.get(I8, base + DLPackLayouts.T_BITS) & 0xff,
                m.get(I16, base + DLPackLayouts.T_LANES) & 0xffff);
        int ndim = m.get(I32, base + DLPackLayouts.T_NDIM);
        if (ndim < 0 || ndim > Shapes.MAX_NDIM) {
            throw new DLPackLayoutException("dl_tensor.ndim", Integer.toString(ndim),
                    "must be in [0, " + Shapes.MAX_NDIM + "]");
        }
        long shapePtr = m.get(I64, base + DLPackLayouts.T_SHAPE);
        long stridesPtr = m.get(I64, base + DLPackLayouts.T_STRIDES);
        long data = m.get(I64, base + DLPackLayouts.T_DATA);
        long byteOffset = m.get(I64, base + DLPackLayouts.T_BYTE_OFFSET);

        if (ndim > 0 && shapePtr == 0) {
            throw new DLPackLayoutException("dl_tensor.shape", "NULL", "must not be NULL when ndim = " + ndim + " > 0");
        }
        long[] shape = readLongs(shapePtr, ndim);
        for (int i = 0; i < ndim; i++) {
            if (shape[i] < 0) {
                throw new DLPackLayoutException("dl_tensor.shape[" + i + "]", Long.toString(shape[i]),
                        "extents must be >= 0 (shape " + Arrays.toString(shape) + ")");
            }
        }
        long size = elementCount(shape);
        int item = dtype.byteSize();
        if (size == 0) {
            // No element: strides carry no information, and the memory is empty (data may be NULL).
            long at = data == 0 ? 0 : addUnsigned(data, byteOffset, "dl_tensor.data + byte_offset");
            return create(MemorySegment.ofAddress(at), dtype, shape, Shapes.cStrides(shape), 0, readOnly, release);
        }
        long[] strides = stridesPtr == 0 ? Shapes.cStrides(shape) : readLongs(stridesPtr, ndim);
        if (data == 0) {
            throw new DLPackLayoutException("dl_tensor.data", "NULL",
                    "must not be NULL for a tensor of " + size + " elements (shape " + Arrays.toString(shape) + ")");
        }
        // Smallest and largest element offsets (in elements, from the first element) any index reaches.
        long lo = 0;
        long hi = 0;
        try {
            for (int i = 0; i < ndim; i++) {
                if (shape[i] > 1) {
                    long d = Math.multiplyExact(shape[i] - 1, strides[i]);
                    if (d < 0) {
                        lo = Math.addExact(lo, d);
                    } else {
                        hi = Math.addExact(hi, d);
                    }
                }
            }
            long loBytes = Math.multiplyExact(lo, (long) item);
            long spanBytes = Math.multiplyExact(Math.addExact(Math.subtractExact(hi, lo), 1L), (long) item);
            long first = addUnsigned(data, byteOffset, "dl_tensor.data + byte_offset");
            long start = first + loBytes;
            if (Long.compareUnsigned(start, first) > 0) {
                throw new DLPackLayoutException("dl_tensor.strides", Arrays.toString(strides),
                        "elements would lie below address 0 (first element at 0x" + Long.toHexString(first)
                                + ", lowest " + (-loBytes) + " bytes before it)");
            }
            long end = start + spanBytes;
            if (Long.compareUnsigned(end, start) < 0) {
                throw new DLPackLayoutException("dl_tensor.strides", Arrays.toString(strides),
                        "elements would lie beyond the end of the 64-bit address space");
            }
            if (start < 0 || end < 0) {
                throw new DLPackLayoutException("dl_tensor.data", "0x" + Long.toHexString(data),
                        "the elements lie outside the user address space (addresses 0x" + Long.toHexString(start)
                                + " to 0x" + Long.toHexString(end) + ")");
            }
            return create(ALL.asSlice(start, spanBytes), dtype, shape, strides, -lo, readOnly, release);
        } catch (ArithmeticException e) {
            throw new DLPackLayoutException("dl_tensor.strides", Arrays.toString(strides),
                    "the byte span of shape " + Arrays.toString(shape) + " with these strides and "
                            + item + "-byte elements overflows int64");
        }
    }

    private static NDArray create(MemorySegment seg, DType dtype, long[] shape, long[] strides, long offset,
            boolean readOnly, ImportRelease release) {
        Memory memory = Memory.wrap(seg, release);
        int flags = ArrayImpl.OWNER | (readOnly ? ArrayImpl.READ_ONLY : 0);
        return A.wrap(new ArrayImpl(memory, dtype, shape, strides, offset, flags));
    }

    private static long addUnsigned(long a, long b, String field) {
        long s = a + b;
        if (Long.compareUnsigned(s, a) < 0) {
            throw new DLPackLayoutException(field, "0x" + Long.toHexString(a) + " + " + Long.toUnsignedString(b),
                    "overflows the 64-bit address space");
        }
        return s;
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        boolean overflow = false;
        for (long e : shape) {
            if (e == 0) {
                return 0;
            }
            if (Math.multiplyHigh(n, e) != 0 || n * e < 0) {
                overflow = true;
            }
            n *= e;
        }
        if (overflow) {
            throw new DLPackLayoutException("dl_tensor.shape", Arrays.toString(shape), "element count overflows int64");
        }
        return n;
    }

    private static long[] readLongs(long address, int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) { // a plain loop: faster than a bulk copy for a few longs
            r[i] = ALL.get(I64, address + 8L * i);
        }
        return r;
    }

    /**
     * {@return the ndpack type of a DLPack {@code (code, bits, lanes)}}
     *
     * @throws DLPackDTypeException naming the field and value when there is none
     */
    static DType dtype(int code, int bits, int lanes) {
        DType t = lanes == 1 ? BY_CODE_AND_BITS[(code << 8) | bits] : null;
        return t != null ? t : refuseDType(code, bits, lanes);
    }

    /** Every ndpack dtype at index {@code code * 256 + bits}. */
    private static final DType[] BY_CODE_AND_BITS = new DType[256 * 256];

    static {
        for (DType t : DType.values()) {
            BY_CODE_AND_BITS[(t.dlpackCode() << 8) | t.dlpackBits()] = t;
        }
    }

    /**
     * Refuses a tensor flagged IS_SUBBYTE_TYPE_PADDED whose elements are narrower than a byte (the
     * only ones the flag describes): ndpack has no sub-byte dtype, packed or padded. On wider
     * elements the flag says nothing and is ignored.
     */
    private static void refusePadded(MemorySegment m, long tensor, long flags) {
        int code = m.get(I8, tensor + DLPackLayouts.T_CODE) & 0xff;
        int bits = m.get(I8, tensor + DLPackLayouts.T_BITS) & 0xff;
        if (bits < 8) {
            throw new DLPackDTypeException("flags", "0x" + Long.toHexString(flags),
                    "IS_SUBBYTE_TYPE_PADDED (bit 2) is set for dtype code " + code + " with " + bits
                            + " bits: ndpack has no sub-byte dtype, padded or packed");
        }
    }

    /** Throws the exception that explains why {@code (code, bits, lanes)} is not an ndpack dtype. */
    private static DType refuseDType(int code, int bits, int lanes) {
        if (code >= CODE_NAMES.length) {
            throw new DLPackDTypeException("dl_tensor.dtype.code", Integer.toString(code),
                    "unknown DLPack type code (DLPack " + DLPack.VERSION + " defines 0 to " + (CODE_NAMES.length - 1) + ")");
        }
        String name = CODE_NAMES[code] + " (" + code + ")";
        DType match = null;
        StringBuilder widths = new StringBuilder();
        for (DType t : DType.values()) {
            if (t.dlpackCode() == code) {
                widths.append(widths.isEmpty() ? "" : ", ").append(t.dlpackBits());
                if (t.dlpackBits() == bits) {
                    match = t;
                }
            }
        }
        if (widths.isEmpty()) {
            String what = code >= 15 ? (code == 17 ? "float4" : "float6") + " dtype"
                    : code >= 7 ? CODE_NAMES[code] + " dtype (its float8 types are float8_e4m3fn (10) and float8_e5m2 (12))"
                    : "opaque handle dtype";
            throw new DLPackDTypeException("dl_tensor.dtype.code", name,
                    "ndpack has no " + what + "; convert the tensor to a supported type before the exchange");
        }
        if (lanes != 1) {
            throw new DLPackDTypeException("dl_tensor.dtype.lanes", Integer.toString(lanes),
                    "ndpack supports only scalar elements (lanes == 1), not vector types");
        }
        if (match == null) {
            throw new DLPackDTypeException("dl_tensor.dtype.bits", Integer.toString(bits),
                    "type code " + name + " takes bits " + widths);
        }
        return match;
    }
}
