package org.ndpack.torch;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.bytedeco.pytorch.Tensor;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackCopyException;
import org.ndpack.dlpack.DLPackDTypeException;
import org.ndpack.dlpack.DLPackLayoutException;

/**
 * Zero-copy exchange between ndpack arrays and libtorch tensors ({@link Tensor} of JavaCPP's
 * PyTorch presets), through PyTorch's own DLPack 1.x functions {@code at::toDLPackVersioned} and
 * {@code at::fromDLPackVersioned} on one side and ndpack's {@link DLPack} bridge on the other.
 *
 * {@snippet :
 * Tensor t = torch.rand(3, 4);
 * try (NDArray a = Torch.toNDArray(t)) {         // a views t's memory
 *     a.setDouble(1.5, 0, 0);                     // t sees the write
 * }                                               // PyTorch's deleter runs here, once
 *
 * NDArray b = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4);
 * Tensor u = Torch.toTensor(b);                   // u views b's memory
 * u.add_(new Scalar(1.0));                        // b sees the write
 * u.close();                                      // libtorch frees u: ndpack's deleter runs
 * }
 *
 * <h2>What is shared and what is copied</h2>
 * <ul>
 *   <li>{@link #toNDArray}: always shared. Every strided CPU tensor of a supported dtype imports as
 *       a view with the tensor's strides (transposed, sliced, expanded with stride 0, 0-d, no
 *       elements). PyTorch normalises the stride of every axis of extent 0 or 1 to 1, which
 *       changes no element's address.</li>
 *   <li>{@link #toTensor(NDArray, DLPackCopy)}: shared, except where PyTorch cannot hold ndpack's
 *       memory as it is: an array with a negative stride (PyTorch has none) and a read-only array
 *       (every PyTorch tensor is writable). Those follow the copy policy: a compact private copy
 *       for {@link DLPackCopy#IF_NEEDED}, a refusal for {@link DLPackCopy#NEVER}. With
 *       {@link DLPackCopy#ALWAYS} the tensor always gets its own copy.</li>
 * </ul>
 *
 * <h2>Lifetime and ownership</h2>
 * <ul>
 *   <li>An array from {@link #toNDArray} holds its own reference to the tensor's storage: the Java
 *       {@code Tensor} may be closed or dropped first. Closing the array (or its Cleaner, if it is
 *       left to the GC) calls PyTorch's deleter exactly once, which drops that reference.</li>
 *   <li>A tensor from {@link #toTensor} keeps the exported ndpack memory alive until PyTorch
 *       frees the tensor's storage (the last tensor or view of it is destroyed, on whatever thread,
 *       including JavaCPP's deallocator thread), even after the array is closed or collected; then
 *       ndpack's deleter runs exactly once. The returned {@code Tensor} is owned by the caller, as
 *       any JavaCPP object: {@code close()} it (or release it through {@code releaseReference()} or
 *       a {@code PointerScope}), or leave it to the GC. It is an instance of a private subclass of
 *       {@code Tensor} that frees itself through a {@link java.lang.ref.Cleaner} rather than
 *       JavaCPP's deallocator registration, whose memory accounting costs more than the whole
 *       exchange; JavaCPP's {@code Pointer.totalBytes()} does not count it. Its
 *       {@code getPointer} casts keep it alive (and share its ownership) as JavaCPP's do, but a
 *       plain cast through {@code Tensor(Pointer)} holds no reference to it: keep the returned
 *       tensor reachable while such a cast is used.</li>
 * </ul>
 * {@link DLPack#liveImports()} and {@link DLPack#liveExports()} count the exchanges still alive.
 *
 * <h2>Supported</h2>
 * linux-x86_64 with {@link #SUPPORTED_VERSION}. Dtypes both ways: bool, uint8, int8, int16,
 * int32, int64, uint16, uint32, uint64, float16, bfloat16, float32, float64, complex64,
 * complex128. Needs native access for {@code org.ndpack} and this module (or
 * {@code ALL-UNNAMED} on the class path). libtorch is loaded (through JavaCPP) on the first call of
 * any method here; call {@link #load()} before the first use of a JavaCPP PyTorch class where the
 * JavaCPP cache may be cold and another libtorch is installed system-wide.
 *
 * <h2>Safety</h2>
 * A C++ exception thrown inside libtorch cannot cross an FFM downcall: the process would abort.
 * So both methods check, before calling libtorch, everything that libtorch would refuse, and
 * refuse it themselves with a Java exception; nothing has been exported or imported then.
 * {@link #toNDArray} checks by reading libtorch's tensor objects (their layout confirmed once per
 * JVM against JavaCPP's accessors; JavaCPP's accessors alone where it is not), accepting only
 * ordinary strided CPU tensors.
 *
 * <h2>Thread safety</h2>
 * Both methods are thread-safe and may run concurrently on any threads, provided the caller does
 * not close the {@code Tensor} or array it passes while the call runs (JavaCPP objects are not
 * thread-safe to close). Concurrent writes to shared memory from both sides are the caller's to
 * order, as with any shared memory.
 */
public final class Torch {
    /** The libtorch this build is written and tested against: its C++ ABI and symbol names. */
    public static final String SUPPORTED_VERSION =
            "libtorch 2.10 from org.bytedeco:pytorch:2.10.0-1.5.13 (class jar and linux-x86_64 jar, "
            + "with org.bytedeco:openblas:0.3.31-1.5.13)";

    /** ndpack dtypes libtorch 2.10 exchanges, and the ScalarTypes it exports that ndpack has. */
    private static final Set<DType> DTYPES = EnumSet.of(DType.BOOL, DType.UINT8, DType.INT8, DType.INT16,
            DType.INT32, DType.INT64, DType.UINT16, DType.UINT32, DType.UINT64, DType.FLOAT16, DType.BFLOAT16,
            DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128, DType.FLOAT8_E4M3FN, DType.FLOAT8_E5M2);
    static final String DTYPE_RULE = "ndpack-torch exchanges bool, uint8, int8..int64, uint16..uint64, "
            + "float16, bfloat16, float32, float64, complex64, complex128, float8_e4m3fn, float8_e5m2";

    private Torch() {
    }

    /**
     * Loads libtorch through JavaCPP and finds the two functions ndpack-torch calls; the other
     * methods do this on first use. Call it before the first use of any JavaCPP PyTorch class in a
     * program that may run on a cold JavaCPP cache on a machine with another libtorch installed
     * system-wide (Debian's python3-torch): it extracts libtorch's libraries before JavaCPP loads
     * them, which avoids a crash in JavaCPP's own first load there (see docs/TORCH.md).
     *
     * @throws TorchUnavailableException if libtorch cannot be used (see its description)
     */
    public static void load() {
        Libtorch.check();
    }

    /**
     * Views a tensor's memory as an NDArray (no copy), through {@code at::toDLPackVersioned} and
     * {@link DLPack#fromDLPack}.
     *
     * @param tensor a defined, strided CPU tensor of a supported dtype, without a lazy conjugate
     *        or negation bit
     * @return a new array owning a reference to the tensor's storage; close it to give it back
     * @throws NullPointerException if {@code tensor} is null
     * @throws IllegalArgumentException if the JavaCPP object is deallocated ({@code NULL}), the
     *         tensor is undefined, has no storage or no allocated data, is not strided (sparse,
     *         mkldnn, nested), carries a lazy conjugate/negation bit (resolve it first), or is a
     *         tensor libtorch would refuse to export (a Python or functionalization wrapper, Python
     *         custom sizes or strides, a storage that throws on data access); with the memory
     *         check (confirmed for the supported libtorch) also any custom sizes or strides (both
     *         CustomStrides and CustomSizes policies), device or layout
     * @throws org.ndpack.dlpack.DLPackDeviceException if the tensor is not on the CPU
     * @throws DLPackDTypeException if its dtype has no ndpack counterpart (quantized, bit and
     *         sub-byte types refused here; the float8 types other than e4m3fn and e5m2, and
     *         complex32, refused by ndpack's import, which has called PyTorch's deleter)
     * @throws TorchUnavailableException if libtorch cannot be used (see its description)
     */
    public static NDArray toNDArray(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        Libtorch.check();
        long address = Tensors.importableAddress(tensor);
        MemorySegment managed;
        try {
            managed = (MemorySegment) Libtorch.TO_DLPACK_VERSIONED.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable e) {
            throw new IllegalStateException("the call of at::toDLPackVersioned failed: " + e, e);
        }
        return DLPack.fromDLPack(managed);
    }

    /**
     * Views an array's memory as a libtorch tensor where possible:
     * {@code toTensor(a, DLPackCopy.IF_NEEDED)}.
     *
     * @param a the array; any dtype listed in the class description
     * @return a new tensor, owned by the caller
     * @throws NullPointerException if {@code a} is null
     * @throws IllegalStateException if {@code a} is closed
     * @throws DLPackDTypeException if the dtype has no libtorch counterpart
     * @throws TorchUnavailableException if libtorch cannot be used
     */
    public static Tensor toTensor(NDArray a) {
        return toTensor(a, DLPackCopy.IF_NEEDED);
    }

    /**
     * Hands an array to libtorch through {@link DLPack#export} and {@code at::fromDLPackVersioned}.
     *
     * <p>Shares the memory unless {@code copy} is {@link DLPackCopy#ALWAYS} or the array has a
     * negative stride or is read-only (see the class description); a copy is a compact, writable
     * C-order array that only the tensor holds.
     *
     * @param a the array
     * @param copy the copy policy
     * @return a new tensor, owned by the caller; ndpack's memory stays alive until libtorch frees it.
     *         A cast by {@code Tensor(Pointer)} does not keep the returned tensor alive (its
     *         {@code getPointer} casts do): keep it reachable while such a cast is used
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if {@code a} is closed
     * @throws DLPackLayoutException if {@code copy} is {@link DLPackCopy#NEVER} and an axis has a
     *         negative stride (the message names the axis and the stride)
     * @throws DLPackCopyException if {@code copy} is {@link DLPackCopy#NEVER} and the array is
     *         read-only
     * @throws DLPackDTypeException if the dtype has no libtorch counterpart
     * @throws TorchUnavailableException if libtorch cannot be used
     */
    public static Tensor toTensor(NDArray a, DLPackCopy copy) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(copy, "copy");
        Libtorch.check();
        if (!DTYPES.contains(a.dtype())) {
            throw new DLPackDTypeException("dtype", a.dtype().toString(), DTYPE_RULE);
        }
        DLPackCopy mode = copy == DLPackCopy.ALWAYS || needsCopy(a, copy) ? DLPackCopy.ALWAYS : DLPackCopy.NEVER;
        MemorySegment managed = DLPack.export(a, DLPack.VERSION, null, mode).pointer();
        return Tensors.fromDLPack(managed);
    }

    /**
     * Whether the export must copy; refuses when it must and {@code copy} is NEVER.
     * Negative strides: PyTorch computes a storage size from them that overflows (and aborts).
     * Read-only: PyTorch ignores DLPack's READ_ONLY flag and every tensor is writable.
     */
    private static boolean needsCopy(NDArray a, DLPackCopy copy) {
        boolean needed = false;
        if (a.size() > 1) {
            long[] strides = a.strides();
            long[] shape = a.shape();
            for (int axis = 0; axis < strides.length; axis++) {
                if (strides[axis] < 0 && shape[axis] > 1) {
                    if (copy == DLPackCopy.NEVER) {
                        throw new DLPackLayoutException("strides[" + axis + "]", Long.toString(strides[axis]),
                                "PyTorch tensors cannot have negative strides; allow a copy (DLPackCopy.IF_NEEDED) "
                                + "or make the array compact first");
                    }
                    needed = true;
                }
            }
        } else if (a.ndim() > 0 && hasNegative(a.strides())) {
            // an axis of extent 0 or 1 never moves the address, but PyTorch still multiplies by it
            needed = true;
        }
        if (a.isReadOnly()) {
            if (copy == DLPackCopy.NEVER) {
                throw new DLPackCopyException("read-only", "true", "every PyTorch tensor is writable, so a "
                        + "read-only array can only be handed over as a copy (DLPackCopy.IF_NEEDED)");
            }
            needed = true;
        }
        return needed;
    }

    private static boolean hasNegative(long[] strides) {
        for (long s : strides) {
            if (s < 0) {
                return true;
            }
        }
        return false;
    }
}
