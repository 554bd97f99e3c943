package org.ndpack.dlpack;

/**
 * Something that can hand its data to a DLPack consumer: the Java counterpart of Python's
 * {@code __dlpack__} and {@code __dlpack_device__} protocol. {@link org.ndpack.NDArray}
 * implements it; {@link DLPack#from(DLPackProducer)} consumes any implementation.
 *
 * {@snippet :
 * NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1);
 * DLPackTensor t = a.toDLPack(DLPack.VERSION, null, DLPackCopy.IF_NEEDED);
 * NDArray b = DLPack.consume(t);            // b shares a's memory; b owns the tensor
 * }
 *
 * <h2>Contract for implementations</h2>
 * <ul>
 *   <li>{@link #toDLPack} returns a new managed tensor each call, owned by the caller, whose
 *       deleter may be called from any thread, once.</li>
 *   <li>With {@code maxVersion == null} or a major version of 0 it returns a legacy
 *       {@code DLManagedTensor}; otherwise it may return either kind, a versioned one having a
 *       version not above {@code maxVersion} (a consumer checks what it got).</li>
 *   <li>{@code copy} is honoured as {@link DLPackCopy} says; a versioned tensor that is a copy has
 *       the {@code IS_COPIED} flag.</li>
 *   <li>Errors are thrown before anything is allocated, so a failed call leaks nothing.</li>
 *   <li>Both methods may be called from any thread, concurrently: {@link DLPack#from} calls them
 *       on the consumer's thread. {@code NDArray}'s implementation is thread-safe; each export
 *       pins the array's memory until its deleter runs.</li>
 * </ul>
 */
public interface DLPackProducer {

    /**
     * Exports this object's data as a managed DLPack tensor, like Python's
     * {@code __dlpack__(max_version=..., dl_device=..., copy=...)}.
     *
     * @param maxVersion the highest DLPack version the consumer understands, or {@code null} if
     *        it only understands the legacy (0.x) struct
     * @param device the device the consumer wants the data on, or {@code null} for the data's own
     *        device ({@link #dlpackDevice()})
     * @param copy whether the producer may, must or must not copy
     * @return the managed tensor, now owned by the caller
     * @throws NullPointerException if {@code copy} is null
     * @throws DLPackDeviceException if the data cannot be provided on {@code device}
     * @throws DLPackCopyException if {@code copy} is {@link DLPackCopy#NEVER} but the request
     *         needs a copy
     * @throws IllegalStateException if the data is no longer available (a closed array)
     */
    DLPackTensor toDLPack(DLPackVersion maxVersion, DLDevice device, DLPackCopy copy);

    /**
     * {@return the device the data lives on}, like Python's {@code __dlpack_device__()}
     */
    DLDevice dlpackDevice();
}
