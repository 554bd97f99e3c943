package org.ndpack.python;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes a Python producer's DLPack deleter run with the GIL held, whoever calls it.
 *
 * <p>The deleter of a tensor that NumPy or PyTorch exported is C code that drops Python
 * references; called without the GIL it corrupts the interpreter (NumPy 1.x does not take the GIL
 * itself). ndpack calls deleters from wherever the last array over the memory is closed: any Java
 * thread, or the Cleaner's. So a Python-made tensor is handed to the DLPack bridge with
 * {@link #delete} as the caller of its deleter ({@link ToPython#importTensor}): the bridge does
 * everything else as for any import, and where it would call the deleter it calls
 * {@link #delete}, exactly once, which takes the GIL and calls the producer's deleter on the
 * producer's struct. (Before, each
 * tensor was wrapped in a native struct of ours whose deleter was an upcall stub doing the same:
 * a {@code malloc}, a copy, a downcall and an upcall per exchange, for nothing.)
 *
 * <p>Once the JVM is shutting down, or if the interpreter is gone, the producer's deleter is not
 * called (the tensor is leaked, see {@link Gil#runIfAlive}).
 */
final class GilDeleter {
    /** Calls a C function of type {@code void (*)(void *)}. */
    private static final MethodHandle CALL_DELETER = Linker.nativeLinker().downcallHandle(CApi.DESTRUCTOR);
    /** Tensors handed to the bridge whose deleter has not run to its end yet. */
    private static final AtomicLong LIVE = new AtomicLong();

    private GilDeleter() {
    }

    /** The bridge took a Python-made tensor over ({@code takenOver} of {@link ToPython#importTensor}). */
    static void takenOver(long self) {
        LIVE.incrementAndGet();
    }

    /**
     * The bridge's call of a Python-made tensor's deleter ({@code via} of
     * {@link ToPython#importTensor}): calls it with the GIL held. Never throws.
     */
    static void delete(long deleter, long self) {
        try {
            callWithGil(deleter, self);
        } finally {
            LIVE.decrementAndGet(); // after the producer's deleter: live() == 0 means all have run
        }
    }

    /** {@return the number of tensors the bridge took over whose deleter has not run to its end yet} */
    static long live() {
        return LIVE.get();
    }

    /** Calls {@code deleter(p)}, if the deleter is not NULL, with the GIL held. Never throws. */
    private static void callWithGil(long deleter, long p) {
        if (deleter == 0) {
            return; // DLPack allows a NULL deleter: nothing to call
        }
        try {
            MemorySegment fn = MemorySegment.ofAddress(deleter);
            Gil.runIfAlive(() -> {
                try {
                    CALL_DELETER.invokeExact(fn, p);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (Throwable ignored) {
            // never throw from a deleter
        }
    }
}
