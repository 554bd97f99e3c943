package org.ndpack.dlpack;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The holder of the bridge's one global state, and the transitions on it.
 *
 * <p>{@link #STATE} is created in this class's static initialiser, which the JVM runs exactly
 * once, on one thread, and whose result every other thread sees completely (JLS 12.4.2): there is
 * no window in which a thread can see the state half-built or build a second one. Afterwards
 * every change is a compare-and-set of a new {@link BridgeState} (no locks, no check-then-act):
 * claiming an import, dropping it, adding and removing exports.
 *
 * <h2>The deleter upcalls</h2>
 * {@link #deleteVersioned} and {@link #deleteLegacy} are what native code calls through the stubs
 * in the state. They run on whatever thread the consumer calls them from, including native threads
 * the JVM has never seen (the JVM attaches them for the call). They touch only this class's
 * static final state, the export's {@link org.ndpack.internal.Memory} and the C allocator: no
 * executor, no lock, no class that could be uninitialised or shut down. Each catches every
 * {@link Throwable}, because an exception escaping an upcall terminates the JVM.
 */
final class Bridge {
    private Bridge() {
    }

    /**
     * Calls a C function of type {@code void (*)(void *)}. The argument is declared as a 64-bit
     * integer, which the C calling conventions of every 64-bit platform the JDK supports pass
     * exactly like a pointer; it spares a segment allocation per call.
     */
    private static final MethodHandle INVOKE_DELETER =
            Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));

    /** The one state. Never null; replaced only by compare-and-set. */
    static final AtomicReference<BridgeState> STATE = new AtomicReference<>(createInitialState());

    private static BridgeState createInitialState() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType type = MethodType.methodType(void.class, long.class);
            MethodHandle versioned = lookup.findStatic(Bridge.class, "deleteVersioned", type);
            MethodHandle legacy = lookup.findStatic(Bridge.class, "deleteLegacy", type);
            FunctionDescriptor fd = FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG);
            // An automatic arena: the stubs live as long as a state refers to them, which for the
            // one state of a loaded bridge is as long as the class (forever, in practice).
            Arena arena = Arena.ofAuto();
            Linker linker = Linker.nativeLinker();
            return BridgeState.initial(linker.upcallStub(versioned, fd, arena), linker.upcallStub(legacy, fd, arena));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Imports
    // ------------------------------------------------------------------------------------------

    /**
     * Marks {@code pointer} as imported: from now on ndpack owns it.
     *
     * @return the state the claim was made in (its deleter stubs are the ones in use)
     * @throws IllegalStateException if the pointer is a live import already
     */
    static BridgeState claimImport(long pointer, String kind) {
        while (true) {
            BridgeState s = STATE.get();
            if (s.imports().containsKey(pointer)) {
                throw new IllegalStateException(kind + " 0x" + Long.toHexString(pointer)
                        + " already consumed: it was imported before and that import is still live "
                        + "(a managed tensor may be imported only once)");
            }
            BridgeState n = s.withImport(pointer);
            if (STATE.compareAndSet(s, n)) {
                return n;
            }
        }
    }

    /** Forgets the import of {@code pointer}, so that the address can be imported again once the
     * producer has freed and reused it. */
    static void dropImport(long pointer, boolean rejected) {
        while (true) {
            BridgeState s = STATE.get();
            if (STATE.compareAndSet(s, s.withoutImport(pointer, rejected))) {
                return;
            }
        }
    }

    /**
     * Calls a managed tensor's deleter, once: nothing if it is NULL; our own Java code directly
     * if it is one of our stubs (an in-process round trip needs no trip through native code);
     * otherwise the C function. Never throws.
     */
    static void callDeleter(long deleter, long pointer) {
        if (deleter == 0) {
            return;
        }
        BridgeState s = STATE.get();
        if (deleter == s.versionedDeleter().address()) {
            deleteVersioned(pointer);
        } else if (deleter == s.legacyDeleter().address()) {
            deleteLegacy(pointer);
        } else {
            try {
                INVOKE_DELETER.invokeExact(MemorySegment.ofAddress(deleter), pointer);
            } catch (Throwable t) {
                report("calling a DLPack deleter", t);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Exports
    // ------------------------------------------------------------------------------------------

    /** Records a live export; the consumer may call its deleter as soon as this returns. */
    static void registerExport(long pointer, Export e) {
        while (true) {
            BridgeState s = STATE.get();
            if (STATE.compareAndSet(s, s.withExport(pointer, e))) {
                return;
            }
        }
    }

    /**
     * Removes the live export at {@code pointer} if it is one of the given kind.
     *
     * @return the export, for the caller to finish; null if there is none (the deleter was
     *         called twice, or with a pointer that is not ours), counted as a stray call
     */
    private static Export takeExport(long pointer, boolean versioned) {
        while (true) {
            BridgeState s = STATE.get();
            Export e = s.exports().get(pointer);
            if (e == null || e.versioned() != versioned) {
                if (STATE.compareAndSet(s, s.withStrayDeleterCall())) {
                    return null;
                }
            } else if (STATE.compareAndSet(s, s.withoutExport(pointer))) {
                return e;
            }
        }
    }

    /** The deleter of our {@code DLManagedTensorVersioned} exports (an upcall target). */
    static void deleteVersioned(long self) {
        delete(self, true);
    }

    /** The deleter of our legacy {@code DLManagedTensor} exports (an upcall target). */
    static void deleteLegacy(long self) {
        delete(self, false);
    }

    private static void delete(long self, boolean versioned) {
        try {
            Export e = takeExport(self, versioned);
            if (e != null) {
                e.finish();
            }
        } catch (Throwable t) {
            report("running the deleter of an exported DLPack tensor", t);
        }
    }

    /** Reports a failure where nothing may be thrown (deleters, releasers). */
    static void report(String what, Throwable t) {
        try {
            System.err.println("ndpack: " + what + " failed: " + t);
        } catch (Throwable ignored) {
            // Nothing else can be done without risking an exception in native code.
        }
    }
}
