package org.ndpack.torch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.Layout;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.ndpack.DType;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackDTypeException;
import org.ndpack.dlpack.DLPackException;
import org.ndpack.dlpack.DLPackDeviceException;

/**
 * The code of {@link Torch} that names JavaCPP's classes, loaded only once {@link Libtorch} has
 * found them (so that a class path without JavaCPP gets {@link TorchUnavailableException}, not a
 * {@link NoClassDefFoundError} from {@link Torch}'s initialisation).
 */
final class Tensors {
    private Tensors() {
    }

    /**
     * The address of the tensor's {@code at::Tensor}, once it is known safe to hand to
     * {@code at::toDLPackVersioned}: through {@link ImplLayout#importable} (plain memory reads)
     * where the layout of libtorch's objects was confirmed, else through {@link #checkedByJni}
     * (JavaCPP calls). What the memory check refuses is refused with the reason that the JavaCPP
     * checks name, or as a tensor ndpack-torch does not exchange when they find none (a tensor
     * subclass, custom sizes, device or layout, a storage that throws on access).
     */
    static long importableAddress(Tensor t) {
        long p = t.address();
        if (p == 0 || !ImplLayout.USABLE || jniChecksOnly) {
            return checkedByJni(t, null);
        }
        long at = t.position() == 0 ? p : p + t.position() * t.sizeof();
        if (ImplLayout.importable(at)) {
            return at;
        }
        checkedByJni(t, ImplLayout.describe(at));
        throw new IllegalArgumentException(refusal(ImplLayout.describe(at)));
    }

    /** For the tests: check through JavaCPP alone, as where the memory layout is not confirmed. */
    static volatile boolean jniChecksOnly;

    private static String refusal(String found) {
        return "ndpack-torch does not exchange this tensor" + (found == null ? "" : " (" + found + ")") + ": only "
                + "ordinary strided CPU tensors, not tensor subclasses or tensors with custom sizes, strides, "
                + "device or layout, or whose storage refuses data access";
    }

    /**
     * {@link #checkImportable}, with a C++ exception that JavaCPP turned into a bare
     * {@link RuntimeException} (libtorch refusing an accessor for this tensor) refused as a tensor
     * ndpack-torch does not exchange; {@code found} is what the memory check saw, or null.
     *
     * @return the address of the {@code at::Tensor}
     */
    static long checkedByJni(Tensor t, String found) {
        try {
            return checkImportable(t);
        } catch (IllegalArgumentException | DLPackException e) {
            throw e;
        } catch (RuntimeException e) { // a c10::Error through JavaCPP
            throw new IllegalArgumentException(refusal(found), e);
        }
    }

    /**
     * Checks everything {@code at::toDLPackVersioned} or ndpack's import would refuse with an
     * abort; each check below is a JavaCPP call, which turns a C++ exception into a Java one.
     *
     * @return the address of the {@code at::Tensor}
     */
    static long checkImportable(Tensor t) {
        if (t.isNull()) {
            throw new IllegalArgumentException("the Tensor is a NULL JavaCPP pointer (deallocated or never allocated)");
        }
        if (!t.defined()) {
            throw new IllegalArgumentException("the tensor is undefined (a default-constructed at::Tensor has no "
                    + "dtype, shape or data); only defined tensors can be exchanged");
        }
        // JavaCPP returns enums as fresh copies, not the constants: compare their values
        Layout layout = t.layout();
        if (layout.value != Layout.Strided.value) {
            throw new IllegalArgumentException("layout = " + layout + ": only strided tensors can be exchanged; "
                    + "call to_dense() first");
        }
        if (!t.is_cpu()) {
            throw new DLPackDeviceException("device", t.device().str().getString(), "ndpack reads CPU memory only; "
                    + "move the tensor with .cpu() first");
        }
        ScalarType st = t.scalar_type();
        if (!EXCHANGED[st.value & 0xFF]) {
            throw new DLPackDTypeException("scalar_type", String.valueOf(st), Torch.DTYPE_RULE);
        }
        if (t.is_conj() || t.is_neg()) {
            throw new IllegalArgumentException("the tensor carries a lazy " + (t.is_conj() ? "conjugation" : "negation")
                    + " bit: its memory does not hold its values; call resolve_conj()/resolve_neg() first");
        }
        if (!t.has_storage()) {
            throw new IllegalArgumentException("the tensor has no storage: only tensors with memory can be exchanged");
        }
        // What toDLPackVersioned reads, each a JavaCPP call that throws a RuntimeException (not an
        // abort) where libtorch's would throw inside the export: Python custom sizes or strides
        // (is_contiguous(), a policy of CustomStrides or above), a storage-access error (storage(),
        // returned by reference: no JavaCPP registration), and the mutable data pointer the export
        // takes, which, unlike const_data_ptr(), checks a storage set to throw on mutable access
        // (throw_on_mutable_data_ptr_) and one not allocated yet; it is fetched even with no elements.
        t.is_contiguous();
        t.storage();
        Pointer data = t.mutable_data_ptr();
        if (t.numel() > 0 && (data == null || data.isNull())) {
            throw new IllegalArgumentException("the tensor has " + t.numel() + " elements but no data allocated");
        }
        long p = t.address();
        return t.position() == 0 ? p : p + t.position() * t.sizeof();
    }

    /**
     * Scalar types without an ndpack dtype today that libtorch 2.10's {@code toDLPackVersioned}
     * encodes without throwing (checked: complex32 as (5, 32), float8 e4m3fnuz/e5m2fnuz/e8m0fnu as
     * the DLPack 1.1 codes 11/13/14 with 8 bits): they go to {@link DLPack#fromDLPack}, which
     * decides (today it calls the deleter and refuses them with {@link DLPackDTypeException}; once
     * ndpack has such a dtype they import with no change here). Every other scalar type (quantized,
     * bit and sub-byte types) is refused before the call: libtorch throws for some and mislabels the
     * sub-byte ones as 8-bit integers. (float8 e4m3fn and e5m2, codes 10 and 12, are ndpack dtypes.)
     */
    private static final Set<ScalarType> ENCODED_BY_LIBTORCH = EnumSet.of(ScalarType.ComplexHalf,
            ScalarType.Float8_e4m3fnuz, ScalarType.Float8_e5m2fnuz, ScalarType.Float8_e8m0fnu);

    /** Indexed by {@code ScalarType.value}: handed to toDLPackVersioned (see the two sets above). */
    static final boolean[] EXCHANGED = new boolean[256];

    static {
        for (ScalarType st : ScalarType.values()) {
            EXCHANGED[st.value & 0xFF] = dtypeOf(st) != null || ENCODED_BY_LIBTORCH.contains(st);
        }
    }

    /** {@return the ndpack dtype of a libtorch scalar type, or null where there is none} */
    static DType dtypeOf(ScalarType st) {
        return switch (st) {
            case Bool -> DType.BOOL;
            case Byte -> DType.UINT8;
            case Char -> DType.INT8;
            case Short -> DType.INT16;
            case Int -> DType.INT32;
            case Long -> DType.INT64;
            case UInt16 -> DType.UINT16;
            case UInt32 -> DType.UINT32;
            case UInt64 -> DType.UINT64;
            case Half -> DType.FLOAT16;
            case BFloat16 -> DType.BFLOAT16;
            case Float -> DType.FLOAT32;
            case Double -> DType.FLOAT64;
            case ComplexFloat -> DType.COMPLEX64;
            case ComplexDouble -> DType.COMPLEX128;
            case Float8_e4m3fn -> DType.FLOAT8_E4M3FN;
            case Float8_e5m2 -> DType.FLOAT8_E5M2;
            default -> null;
        };
    }

    /**
     * Calls {@code at::fromDLPackVersioned} with a fresh slot of its own as the result, and hands
     * the tensor constructed there to an {@link OwnedTensor}. {@code managed} must be what
     * ndpack exported, checked by {@link Torch}; libtorch owns it from the call on.
     */
    static Tensor fromDLPack(MemorySegment managed) {
        MemorySegment function = FUNCTION.get();
        function.fill((byte) 0);
        long slot = OwnedTensor.allocateSlot();
        try {
            Libtorch.FROM_DLPACK_VERSIONED.invokeExact(MemorySegment.ofAddress(slot), managed, function);
        } catch (Throwable e) {
            OwnedTensor.freeSlot(slot);
            throw new IllegalStateException("the call of at::fromDLPackVersioned failed: " + e, e);
        }
        try {
            return OwnedTensor.own(slot);
        } catch (Throwable e) { // no Java object to own it (out of memory): give the tensor back at once
            OwnedTensor.destroy(slot);
            throw e;
        }
    }

    /**
     * Per-thread memory of the {@code std::function<void(void*)>} argument of
     * {@code fromDLPackVersioned}, made once per thread and zeroed (the empty function) before each
     * call. PyTorch stores a small lambda in it that needs no destruction.
     */
    private static final ThreadLocal<MemorySegment> FUNCTION =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libtorch.STD_FUNCTION_BYTES, 16));
}
