package org.ndpack.dlpack;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import org.ndpack.NDArray;
import org.ndpack.internal.dlpack.ForeignImports;

/**
 * Zero-copy exchange of tensors with native runtimes through the DLPack ABI (PyTorch, NumPy,
 * JAX, TVM, CuPy, and anything else that speaks DLPack).
 *
 * {@snippet :
 * // Import: a native library hands over a DLManagedTensorVersioned*.
 * MemorySegment p = produceTensor();                   // e.g. a downcall into a C library
 * try (NDArray a = DLPack.fromDLPack(p)) {              // no copy: a views the producer's memory
 *     a.setDouble(1.5, 0, 0);                          // the producer sees the write
 * }                                                    // the producer's deleter runs here, once
 *
 * // Export: hand an ndpack array to a native consumer.
 * NDArray b = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4);
 * MemorySegment q = DLPack.toDLPack(b);                // a DLManagedTensorVersioned* we own
 * consumeTensor(q);                                    // the consumer calls q's deleter when done
 * }
 *
 * <h2>Ownership</h2>
 * A managed tensor has exactly one owner at a time, and its owner calls its deleter exactly once.
 * <ul>
 *   <li><b>Import</b> ({@link #fromDLPack}, {@link #fromLegacyDLPack}, {@link #consume}): ownership
 *       moves to ndpack at the call, whatever happens next. On success the returned array is the
 *       owner of the producer's memory: the deleter runs when that memory is released, that is
 *       after the array's {@link NDArray#close()} and the last operation still running on it,
 *       or, if it is never closed, after the array and every view of it have become unreachable
 *       (a Cleaner). Closing a view does not release the memory (the usual ndpack rule).
 *       <b>On every refusal after a non-{@code NULL} pointer, the deleter has been called, exactly
 *       once, before the exception is thrown</b>, so the caller never needs to clean up after a
 *       failed import. The two exceptions to the rule are the cases where ndpack does not own the
 *       tensor: a {@code NULL} pointer (nothing to call) and a pointer that is a live import already
 *       (its deleter belongs to that import).</li>
 *   <li><b>Export</b> ({@link #toDLPack}, {@link #toLegacyDLPack}, {@link #export}): the caller
 *       receives a managed tensor that ndpack allocated and must give it to a consumer that will
 *       call its deleter once (or call {@link #discard} itself). Until then the export
 *       <em>pins</em> the array's memory: it stays valid and allocated even if the Java side
 *       closes the array (which then becomes unusable from Java) or drops every reference to it.
 *       The deleter releases the pin and frees the struct.</li>
 * </ul>
 * {@link #liveImports()} and {@link #liveExports()} count what is currently owned; in a program
 * that has given everything back both are 0, which makes them good leak checks for tests.
 *
 * <h2>What is accepted on import</h2>
 * <ul>
 *   <li>Layouts: any strides in elements (zero, negative, non-contiguous), {@code NULL} strides
 *       (compact row-major), {@code byte_offset} (always honoured), 0-d tensors ({@code shape} may
 *       be {@code NULL} then), tensors without elements ({@code data} may be {@code NULL}; their
 *       strides carry no information and the array gets C-order strides). The array's memory
 *       spans exactly the bytes its elements occupy, so every access is bounds-checked against
 *       the producer's tensor and nothing beyond it.</li>
 *   <li>Alignment: {@code data} need not be aligned, and {@code byte_offset} need not be a
 *       multiple of the element size; such arrays work and report
 *       {@link NDArray#isAligned()} {@code == false} (which voids only the no-tearing guarantee of
 *       racing element accesses).</li>
 *   <li>Devices: CPU, CUDAHost, ROCMHost and CUDAManaged, whose memory the CPU can read; any device
 *       id. Other devices are refused ({@link DLPackDeviceException}).</li>
 *   <li>Types: every {@link org.ndpack.DType}, as {@code (code, bits)} with one lane:
 *       bool is {@code (6, 8)}, complex64 {@code (5, 64)} ({@code bits} counts both halves),
 *       float8_e4m3fn {@code (10, 8)}, float8_e5m2 {@code (12, 8)}. The other float8 codes,
 *       float6, float4, the opaque-handle type, {@code lanes != 1}, unknown codes and bits that
 *       do not fit the code are refused ({@link DLPackDTypeException} naming the code).</li>
 *   <li>Flags ({@code DLManagedTensorVersioned} only): {@link #FLAG_READ_ONLY} gives a read-only
 *       array; {@link #FLAG_IS_SUBBYTE_TYPE_PADDED} on a sub-byte type is refused
 *       ({@link DLPackDTypeException} naming the flag: ndpack has no sub-byte dtype) and says
 *       nothing on wider types; {@link #FLAG_IS_COPIED} needs nothing (ndpack never shares the
 *       memory with anyone but the producer anyway); <b>unknown flag bits are ignored</b>, as the specification
 *       asks, so that newer producers stay readable.</li>
 *   <li>Versions: major 1, any minor ({@code DLManagedTensorVersioned}); for any other major the
 *       deleter is called and nothing else is read ({@link DLPackVersionException}).</li>
 *   <li><b>Legacy imports are writable.</b> A {@code DLManagedTensor} cannot say whether its
 *       memory may be written, and the producers that still speak only that struct (PyTorch 1.x,
 *       NumPy 1.x for writable arrays, older TVM and MXNet) share mutable memory on purpose; ndpack
 *       follows PyTorch here, not NumPy 2 (which imports legacy tensors read-only). Wrap the result
 *       with {@link NDArray#asReadOnly()} to be conservative.</li>
 * </ul>
 * Bad input is refused with a subclass of {@link DLPackException} whose message names the field,
 * its value and the rule.
 *
 * <h2>What an export looks like</h2>
 * A {@code DLManagedTensorVersioned} of version {@link #VERSION} (or the consumer's lower 1.x
 * minor, see {@link #export}), or a legacy {@code DLManagedTensor}: {@code data} points at the
 * array's first element and {@code byte_offset} is 0 (several consumers ignore
 * {@code byte_offset}); {@code shape} and {@code strides} are always present, strides in elements
 * exactly as the array has them (zero and negative included: a consumer that needs compact memory
 * must copy); device CPU:0; {@link #FLAG_READ_ONLY} for read-only arrays; {@code manager_ctx} is
 * {@code NULL}. Arrays ndpack allocates are 64-byte aligned.
 *
 * <h2>Threading</h2>
 * Every method is thread-safe and lock-free. All bridge state is one immutable record, built once
 * when this class is initialised and replaced only by compare-and-set, so concurrent imports and
 * exports never see each other half done. Two threads importing the same pointer at the same time:
 * exactly one succeeds, the other gets {@link IllegalStateException}. Deleters of exports may be
 * called from any thread, including native threads the JVM has never seen; they never throw into
 * native code. A deleter called twice (a consumer bug) is detected through the table of live
 * exports and ignored, counted in {@link Statistics#strayDeleterCalls()}; ndpack cannot tell such
 * a late second call from a call for a newer export that received the same address from the C
 * allocator.
 *
 * <h2>Shutdown</h2>
 * The export deleters do their work on the calling thread and touch only the bridge state, the
 * array memory and the C allocator: no executor, thread pool or service that shutdown could stop,
 * and no lazily loaded class.
 *
 * <p>The danger at shutdown is elsewhere: once the JVM has been destroyed (which is how the
 * {@code java} launcher ends after {@code main} returns, and what an embedding application does
 * with {@code DestroyJavaVM}) while the process goes on for a while (other libraries' exit
 * handlers, a slow GPU runtime teardown), a native thread that calls a Java upcall cannot be
 * attached and HotSpot stops the process with a fatal error. So when shutdown begins (ndpack's
 * shutdown hook runs), the bridge switches the {@code deleter} field of every live export, and of
 * every export made afterwards, to the C library's {@code free}: from then on a consumer's deleter
 * call frees the managed struct without entering the JVM, and the array memory behind it is left
 * to the process's exit. That is the rule DLPack asks of every runtime: after shutdown a deleter
 * leaks, it does not crash. A deleter call made with an address read before the switch still runs
 * ndpack's Java deleter, which works as long as the JVM does; {@link #liveExports()} stops counting
 * down for calls made after it. A test runs child JVMs whose native threads call deleters across
 * {@code System.exit}, across the end of {@code main}, from other shutdown hooks, and after the
 * JVM has been destroyed (the last crashes every time without the switch).
 *
 * <p>Imported tensors still owned when the JVM exits are not given back: the process's exit
 * releases their memory anyway, and a producer's deleter may need a runtime that is shutting down
 * too.
 */
public final class DLPack {
    private DLPack() {
    }

    static {
        ForeignImports.install(new ForeignImports<NDArray>() {
            @Override
            public NDArray importTensor(long pointer, boolean versioned, ForeignImports.Deleter via,
                    java.util.function.LongConsumer takenOver) {
                return Importer.importTensor(MemorySegment.ofAddress(pointer), versioned, false, via, takenOver);
            }
        });
    }

    /**
     * The DLPack version ndpack implements: 1.3. Imports accept every 1.x; exports are written
     * against 1.3's rules (strides always present, which 1.2 made mandatory; a non-{@code NULL}
     * shape even for 0-d tensors, which 1.3 no longer requires), and those exports are valid 1.0
     * tensors as well, which is why {@link #export} can label them with a lower minor for
     * consumers that ask for one.
     */
    public static final DLPackVersion VERSION = new DLPackVersion(1, 3);

    /** Flag bit 0 of {@code DLManagedTensorVersioned.flags}: the consumer must not write. */
    public static final long FLAG_READ_ONLY = 1L;
    /** Flag bit 1: the tensor is a copy that the consumer owns alone. */
    public static final long FLAG_IS_COPIED = 1L << 1;
    /** Flag bit 2 (DLPack 1.1): sub-byte elements are padded to a byte each. ndpack has no sub-byte
     * types, so it never sets this bit; an import with it set on a sub-byte type is refused with a
     * {@link DLPackDTypeException} that names the flag. */
    public static final long FLAG_IS_SUBBYTE_TYPE_PADDED = 1L << 2;

    // ------------------------------------------------------------------------------------------
    // Import
    // ------------------------------------------------------------------------------------------

    /**
     * Imports a {@code DLManagedTensorVersioned*} (DLPack 1.x) without copying: the array views
     * the producer's memory. Ownership of the tensor moves to ndpack at this call; see
     * <a href="#ownership-heading">Ownership</a> for when the deleter runs.
     *
     * <p>Reads {@code version.major} first: if it is not 1, calls the deleter and throws,
     * reading nothing else. Then checks, in order, the device, the element type, {@code ndim},
     * the shape, the strides and the data pointer.
     *
     * @param managedTensor the pointer; ownership moves to ndpack unless it is {@code NULL} or
     *        already a live import
     * @return a new array owning the memory: read-only if the tensor has
     *         {@link #FLAG_READ_ONLY}
     * @throws NullPointerException if {@code managedTensor} is null (the Java reference; nothing is
     *         called)
     * @throws DLPackPointerException if the pointer is {@code NULL} or not a native address
     *         (nothing is called)
     * @throws IllegalStateException if the pointer is a live import already ("already consumed";
     *         nothing is read or called: its deleter belongs to the first import)
     * @throws DLPackVersionException if {@code version.major != 1} (deleter called)
     * @throws DLPackDeviceException if the memory is not host-readable (deleter called)
     * @throws DLPackDTypeException if the element type has no ndpack dtype (deleter called)
     * @throws DLPackLayoutException if {@code ndim}, the shape, the strides or the data pointer
     *         are out of bounds (deleter called)
     */
    public static NDArray fromDLPack(MemorySegment managedTensor) {
        return Importer.importTensor(managedTensor, true, false);
    }

    /**
     * Imports a legacy {@code DLManagedTensor*} (DLPack 0.x) without copying. As
     * {@link #fromDLPack}, except that there is no version to check and no flags: <b>the array is
     * writable</b> (see <a href="#what-is-accepted-on-import-heading">legacy imports</a>).
     *
     * @param managedTensor the pointer; ownership moves to ndpack unless it is {@code NULL} or
     *        already a live import
     * @return a new, writable array owning the memory
     * @throws NullPointerException if {@code managedTensor} is null
     * @throws DLPackPointerException if the pointer is {@code NULL} or not native (nothing called)
     * @throws IllegalStateException if the pointer is a live import already (nothing called)
     * @throws DLPackDeviceException if the memory is not host-readable (deleter called)
     * @throws DLPackDTypeException if the element type has no ndpack dtype (deleter called)
     * @throws DLPackLayoutException if the geometry is out of bounds (deleter called)
     */
    public static NDArray fromLegacyDLPack(MemorySegment managedTensor) {
        return Importer.importTensor(managedTensor, false, false);
    }

    /**
     * Imports a managed tensor of either kind: {@link #fromDLPack} or {@link #fromLegacyDLPack}
     * according to {@link DLPackTensor#versioned()}.
     *
     * @param tensor the tensor; ownership moves to ndpack
     * @return a new array owning the memory
     * @throws NullPointerException if {@code tensor} is null
     * @throws IllegalStateException if the pointer is a live import already
     * @throws DLPackException as {@link #fromDLPack} (deleter called)
     */
    public static NDArray consume(DLPackTensor tensor) {
        return Importer.importTensor(tensor.pointer(), tensor.versioned(), false);
    }

    /**
     * Gives a managed tensor back without importing it: calls its deleter now, on this thread
     * (nothing if the deleter is {@code NULL}). For a holder that decides not to consume what a
     * producer returned, like a Python capsule destroyed before anyone consumed it.
     *
     * @param tensor the tensor; ownership ends here
     * @throws NullPointerException if {@code tensor} is null
     * @throws IllegalStateException if the pointer is a live import (its import owns it; the
     *         deleter is not called)
     */
    public static void discard(DLPackTensor tensor) {
        Importer.discard(tensor.pointer(), tensor.versioned());
    }

    /**
     * Imports the data of any DLPack producer, like NumPy's {@code from_dlpack(x)}, sharing memory
     * where possible: {@code from(producer, DLPackCopy.IF_NEEDED)}.
     *
     * @param producer the producer
     * @return a new array owning the imported memory
     * @throws NullPointerException if {@code producer} is null or returns null
     * @throws DLPackException if the producer refuses or the tensor is refused (its deleter is
     *         then called)
     * @throws IllegalStateException if the producer is closed
     */
    public static NDArray from(DLPackProducer producer) {
        return from(producer, DLPackCopy.IF_NEEDED);
    }

    /**
     * Imports the data of any DLPack producer, like NumPy's {@code from_dlpack(x, copy=...)}.
     *
     * <p>Asks the producer for a tensor of at most {@link #VERSION}, on its own device when that
     * device is host-readable ({@link DLDevice#isHostReadable()}) and on the CPU otherwise (a
     * producer that can copy to the CPU then does), with the given copy policy. With
     * {@link DLPackCopy#ALWAYS} the result shares no memory with the producer; with
     * {@link DLPackCopy#NEVER} the producer must refuse when it would have to copy, and a tensor
     * that comes back marked {@link #FLAG_IS_COPIED} anyway is refused.
     *
     * {@snippet :
     * NDArray shared = DLPack.from(a);                        // a view of a's memory
     * NDArray copy = DLPack.from(a, DLPackCopy.ALWAYS);       // a private copy
     * }
     *
     * @param producer the producer
     * @param copy the copy policy
     * @return a new array owning the imported memory
     * @throws NullPointerException if an argument is null, or the producer returns null
     * @throws DLPackCopyException if {@code copy} is {@link DLPackCopy#NEVER} and a copy was needed
     *         or made
     * @throws DLPackDeviceException if the producer cannot provide host-readable memory
     * @throws DLPackException if the tensor is refused (its deleter is then called)
     * @throws IllegalStateException if the producer is closed
     */
    public static NDArray from(DLPackProducer producer, DLPackCopy copy) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(copy, "copy");
        DLDevice own = producer.dlpackDevice();
        DLDevice want = own != null && own.isHostReadable() ? null : DLDevice.CPU_0;
        DLPackTensor t = Objects.requireNonNull(producer.toDLPack(VERSION, want, copy),
                "the producer returned no tensor");
        return Importer.importTensor(t.pointer(), t.versioned(), copy == DLPackCopy.NEVER);
    }

    // ------------------------------------------------------------------------------------------
    // Export
    // ------------------------------------------------------------------------------------------

    /**
     * Exports an array as a {@code DLManagedTensorVersioned*} of version {@link #VERSION},
     * sharing its memory (no copy), with {@link #FLAG_READ_ONLY} if the array is read-only:
     * {@code export(a, VERSION, null, DLPackCopy.IF_NEEDED).pointer()}.
     *
     * <p>The memory stays valid until the consumer calls the tensor's deleter, even if the Java
     * side closes or drops every array meanwhile.
     *
     * @param a the array; any layout, any dtype
     * @return the managed tensor (a segment of its 80 bytes), owned by the caller until handed to
     *         a consumer
     * @throws NullPointerException if {@code a} is null
     * @throws IllegalStateException if {@code a} is closed
     */
    public static MemorySegment toDLPack(NDArray a) {
        return Exporter.export(a, VERSION, null, DLPackCopy.IF_NEEDED).pointer();
    }

    /**
     * Exports an array as a legacy {@code DLManagedTensor*} (DLPack 0.x), for consumers that know
     * only that struct: {@code export(a, null, null, DLPackCopy.IF_NEEDED).pointer()}. The struct
     * cannot mark memory read-only, so <b>a read-only array is exported as a private, writable
     * copy</b> (NumPy refuses such exports instead); a writable array shares its memory.
     *
     * @param a the array
     * @return the managed tensor (a segment of its 64 bytes), owned by the caller
     * @throws NullPointerException if {@code a} is null
     * @throws IllegalStateException if {@code a} is closed
     */
    public static MemorySegment toLegacyDLPack(NDArray a) {
        return Exporter.export(a, null, null, DLPackCopy.IF_NEEDED).pointer();
    }

    /**
     * Exports an array under the rules of Python's {@code __dlpack__(max_version, dl_device,
     * copy)}; {@link NDArray#toDLPack(DLPackVersion, DLDevice, DLPackCopy)} calls this.
     *
     * <ul>
     *   <li>{@code maxVersion} {@code null} or of major 0: a legacy {@code DLManagedTensor}.
     *       Major 1: a {@code DLManagedTensorVersioned} labelled with the lower of
     *       {@code maxVersion} and {@link #VERSION}. A higher major: version {@link #VERSION}
     *       (the consumer checks what it got, as the protocol says).</li>
     *   <li>{@code device}: {@code null} or CPU:0; any other device is refused.</li>
     *   <li>{@code copy}: {@link DLPackCopy#ALWAYS} exports a new C-contiguous, writable copy
     *       ({@link #FLAG_IS_COPIED} on a versioned tensor); {@link DLPackCopy#IF_NEEDED} shares
     *       the memory, except for a read-only array exported as a legacy struct, which gets a
     *       private copy; {@link DLPackCopy#NEVER} refuses that case.</li>
     * </ul>
     *
     * @param a the array
     * @param maxVersion the highest version the consumer understands, or {@code null} for legacy
     * @param device the device wanted, or {@code null} for the array's own (CPU:0)
     * @param copy the copy policy
     * @return the managed tensor, owned by the caller
     * @throws NullPointerException if {@code a} or {@code copy} is null
     * @throws DLPackDeviceException if {@code device} is neither null nor CPU:0
     * @throws DLPackCopyException if {@code copy} is {@link DLPackCopy#NEVER} and a copy is needed
     * @throws IllegalStateException if {@code a} is closed
     */
    public static DLPackTensor export(NDArray a, DLPackVersion maxVersion, DLDevice device, DLPackCopy copy) {
        return Exporter.export(a, maxVersion, device, copy);
    }

    // ------------------------------------------------------------------------------------------
    // Accounting
    // ------------------------------------------------------------------------------------------

    /** {@return the number of imported tensors whose deleter has not run yet} */
    public static long liveImports() {
        return Bridge.STATE.get().imports().size();
    }

    /** {@return the number of exported tensors whose deleter has not been called yet} */
    public static long liveExports() {
        return Bridge.STATE.get().exports().size();
    }

    /** {@return a consistent snapshot of the bridge's counters} */
    public static Statistics statistics() {
        BridgeState s = Bridge.STATE.get();
        return new Statistics(s.imports().size(), s.exports().size(), s.importsStarted() - s.importsRejected(),
                s.importsRejected(), s.exportsTotal(), s.strayDeleterCalls());
    }

    /**
     * The bridge's counters, all taken from one state snapshot (so they agree with each other).
     *
     * @param liveImports imported tensors whose deleter has not run yet
     * @param liveExports exported tensors whose deleter has not been called yet
     * @param imports tensors imported since start (accepted ones)
     * @param rejectedImports tensors refused on import (each one's deleter called)
     * @param exports tensors exported since start
     * @param strayDeleterCalls calls of ndpack's deleters for a pointer that was not a live export
     *        (typically a consumer calling a deleter twice); each was ignored
     */
    public record Statistics(long liveImports, long liveExports, long imports, long rejectedImports, long exports,
            long strayDeleterCalls) {
    }
}
