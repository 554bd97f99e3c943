package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes a Python producer's DLPack deleter run with the GIL held, whoever calls it.
 *
 * <p>The deleter of a tensor that NumPy or PyTorch exported is C code that drops Python
 * references; called without the GIL it corrupts the interpreter (NumPy 1.x does not take the GIL
 * itself). ndpack calls deleters from wherever the last array over the memory is closed: any Java
 * thread, or the Cleaner's. So, before a Python-made tensor reaches the DLPack bridge, it is
 * wrapped: a new managed struct of the same kind (versioned or legacy) with the same tensor fields
 * and flags, whose {@code manager_ctx} is the original struct and whose deleter is an upcall stub
 * here that takes the GIL, calls the original deleter on the original struct, and frees the
 * wrapper. The shape and strides pointers are the original's, valid until its deleter runs, which
 * is after the bridge is done with the wrapper. This needs nothing from the bridge but the DLPack
 * ABI itself.
 *
 * <p>Once the JVM is shutting down, or if the interpreter is gone, the original deleter is not
 * called (the tensor is leaked, see {@link Gil#runIfAlive}); the wrapper is still freed.
 */
final class GilDeleter {
    private static final long VERSIONED_SIZE = 80;
    private static final long LEGACY_SIZE = 64;
    private static final long MANAGER_CTX_V = 8;
    private static final long DELETER_V = 16;
    private static final long MANAGER_CTX_L = 48;
    private static final long DELETER_L = 56;

    private static final MethodHandle CALL_DELETER;
    private static final MemorySegment VERSIONED_STUB;
    private static final MemorySegment LEGACY_STUB;
    /** Wrappers made and not yet deleted. */
    private static final AtomicLong LIVE = new AtomicLong();

    static {
        Linker linker = Linker.nativeLinker();
        CALL_DELETER = linker.downcallHandle(CApi.DESTRUCTOR);
        MethodHandles.Lookup l = MethodHandles.lookup();
        MethodType t = MethodType.methodType(void.class, long.class);
        try {
            VERSIONED_STUB = linker.upcallStub(l.findStatic(GilDeleter.class, "deleteVersioned", t),
                    CApi.DESTRUCTOR, Arena.global());
            LEGACY_STUB = linker.upcallStub(l.findStatic(GilDeleter.class, "deleteLegacy", t),
                    CApi.DESTRUCTOR, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private GilDeleter() {
    }

    /**
     * Wraps {@code t}, which the caller owns; ownership moves to the returned wrapper. If wrapping
     * fails the original is deleted (with the GIL) before the exception is thrown.
     *
     * @throws OutOfMemoryError if {@code malloc} fails
     */
    static DLPackBridge.Tensor wrap(DLPackBridge.Tensor t) {
        long p = t.pointer();
        long size = t.versioned() ? VERSIONED_SIZE : LEGACY_SIZE;
        long w = CHeap.malloc(size);
        if (w == 0) {
            deleteOriginal(p, t.versioned());
            throw new OutOfMemoryError("ndpack: malloc of a " + size + "-byte DLPack wrapper failed");
        }
        MemorySegment src = MemorySegment.ofAddress(p).reinterpret(size);
        MemorySegment dst = MemorySegment.ofAddress(w).reinterpret(size);
        if (t.versioned()) {
            dst.fill((byte) 0);
            MemorySegment.copy(src, 0, dst, 0, 8); // version
            if (src.get(ValueLayout.JAVA_INT, 0) == 1) {
                // major 1: flags and dl_tensor have the 1.x layout (any other major: the bridge
                // reads nothing else and calls the deleter)
                MemorySegment.copy(src, 24, dst, 24, VERSIONED_SIZE - 24);
            }
            dst.set(ValueLayout.JAVA_LONG, MANAGER_CTX_V, p);
            dst.set(ValueLayout.ADDRESS, DELETER_V, VERSIONED_STUB);
        } else {
            MemorySegment.copy(src, 0, dst, 0, MANAGER_CTX_L); // dl_tensor
            dst.set(ValueLayout.JAVA_LONG, MANAGER_CTX_L, p);
            dst.set(ValueLayout.ADDRESS, DELETER_L, LEGACY_STUB);
        }
        LIVE.incrementAndGet();
        return new DLPackBridge.Tensor(w, t.versioned());
    }

    /** {@return the number of wrappers whose deleter has not run to its end yet} */
    static long live() {
        return LIVE.get();
    }

    private static void deleteVersioned(long w) {
        delete(w, MANAGER_CTX_V, true);
    }

    private static void deleteLegacy(long w) {
        delete(w, MANAGER_CTX_L, false);
    }

    /** The wrapper's deleter (an upcall from the bridge's downcall): never throws. */
    private static void delete(long w, long ctxOffset, boolean versioned) {
        try {
            long p = MemorySegment.ofAddress(w).reinterpret(ctxOffset + 8).get(ValueLayout.JAVA_LONG, ctxOffset);
            CHeap.free(w);
            deleteOriginal(p, versioned);
            LIVE.decrementAndGet(); // after the original deleter: live() == 0 means all have run
        } catch (Throwable ignored) {
            // never leave an upcall with an exception: leaking is better than crashing
        }
    }

    /** Calls the original deleter of {@code p}, if any, with the GIL held. Never throws. */
    static void deleteOriginal(long p, boolean versioned) {
        try {
            long at = versioned ? DELETER_V : DELETER_L;
            long deleter = MemorySegment.ofAddress(p).reinterpret(at + 8).get(ValueLayout.JAVA_LONG, at);
            if (deleter == 0) {
                return; // DLPack allows a NULL deleter: nothing to call
            }
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
