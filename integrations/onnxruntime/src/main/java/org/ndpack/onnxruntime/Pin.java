package org.ndpack.onnxruntime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackTensor;

/**
 * A lease on an array's memory, taken through ndpack's public DLPack export: while the export is
 * live, ndpack keeps the memory allocated even if every array over it is closed; {@link #close()}
 * gives the export back (calls its deleter), after which the memory may be freed.
 *
 * <p>Not thread-safe: each pin is created, used and closed by one owner ({@link OrtArrays#run}
 * on its calling thread, or an {@link OnnxTensorLease}, which serialises its own close).
 */
final class Pin implements AutoCloseable {
    /** {@code DLManagedTensorVersioned.dl_tensor.data}: after version (8), manager_ctx (8),
     * deleter (8) and flags (8); a fixed offset of the DLPack 1.x ABI on 64-bit targets. */
    private static final long DATA_OFFSET = 32;

    private final DLPackTensor export;
    private final long address;
    private final long byteSize;
    private final boolean copy;
    private boolean released;

    private Pin(DLPackTensor export, long address, long byteSize, boolean copy) {
        this.export = export;
        this.address = address;
        this.byteSize = byteSize;
        this.copy = copy;
    }

    /**
     * Pins an array's memory in C order: its own memory if it is C-contiguous, else the memory of
     * a new C-contiguous copy, which the pin then owns alone (freed at {@link #close()}).
     *
     * @throws IllegalStateException if the array is closed
     */
    static Pin ofCContiguous(NDArray a) {
        if (a.isCContiguous()) {
            return of(a, false);
        }
        try (NDArray c = a.copy()) {
            return of(c, true); // the export keeps the copy's memory after this close
        }
    }

    /**
     * Pins a C-contiguous array's memory.
     *
     * @throws IllegalStateException if the array is closed
     */
    static Pin of(NDArray a) {
        return of(a, false);
    }

    private static Pin of(NDArray a, boolean copy) {
        long bytes = a.nbytes();
        DLPackTensor t = DLPack.export(a, DLPack.VERSION, null, DLPackCopy.IF_NEEDED);
        long data = t.pointer().get(ValueLayout.JAVA_LONG, DATA_OFFSET);
        return new Pin(t, data, bytes, copy);
    }

    /** {@return true if the pinned memory is a copy's, made by {@link #ofCContiguous}} */
    boolean isCopy() {
        return copy;
    }

    /** {@return the pinned bytes as a segment that lives as long as {@code scope}} */
    MemorySegment segment(Arena scope) {
        return MemorySegment.ofAddress(address).reinterpret(byteSize, scope, null);
    }

    /** {@return the pinned bytes as a segment of the global scope: for uses that end before {@link #close()}} */
    MemorySegment segment() {
        return MemorySegment.ofAddress(address).reinterpret(byteSize);
    }

    /** {@return a native-order direct buffer over the pinned bytes, valid while {@code scope} is open} */
    ByteBuffer buffer(Arena scope) {
        return segment(scope).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** {@return a native-order direct buffer over the pinned bytes, to be dropped before {@link #close()}} */
    ByteBuffer buffer() {
        return segment().asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** Releases the lease once; later calls do nothing. */
    @Override
    public void close() {
        if (!released) {
            released = true;
            DLPack.discard(export);
        }
    }
}
