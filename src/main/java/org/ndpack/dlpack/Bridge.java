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

import org.ndpack.internal.dlpack.ForeignImports;

/**
 * The holder of the bridge's one global state, and the transitions on it.
 *
 * <p>{@link #STATE} is created in this class's static initialiser, which the JVM runs exactly
 * once, on one thread, and whose result every other thread sees completely (JLS 12.4.2): there is
 * no window in which a thread can see the state half-built or build a second one. Afterwards
 * every change is a compare-and-set of a new {@link BridgeState} (no locks, no check-then-act):
 * claiming an import, dropping it, adding and removing exports, beginning shutdown.
 *
 * <h2>The deleter upcalls</h2>
 * {@link #deleteVersioned} and {@link #deleteLegacy} are what native code calls through the stubs
 * in the state. They run on whatever thread the consumer calls them from, including native threads
 * the JVM has never seen (the JVM attaches them for the call). They touch only this class's
 * static final state, the export's {@link org.ndpack.internal.memory.Memory} and the C allocator: no
 * executor, no lock, no class that could be uninitialised or shut down. Each catches every
 * {@link Throwable}, because an exception escaping an upcall terminates the JVM.
 *
 * <h2>Shutdown</h2>
 * A native thread that enters a JVM which has been destroyed ({@code DestroyJavaVM}, which is how
 * the {@code java} launcher ends when {@code main} returns) cannot be attached, and HotSpot stops
 * the process with a fatal error: any upcall stub is a crash waiting for that moment. So when
 * shutdown begins (this class's shutdown hook), {@link #beginShutdown()} points the deleter of
 * every live export, and of every export made afterwards, at the C library's {@code free}, which
 * has exactly the deleter's C type, frees the managed struct (allocated with {@code malloc} for
 * that reason) and never enters the JVM. The array memory behind such an export is left to the
 * process's exit. A consumer that read the old deleter address before the switch still reaches our
 * Java deleter, which works as long as the JVM does.
 */
final class Bridge {
    private Bridge() {
    }

    private static final Linker LINKER = Linker.nativeLinker();

    /**
     * All of the address space, for reading and writing DLPack structs at absolute addresses
     * without making a segment per struct. Accesses through it are as unchecked as C's own: a
     * producer vouches for its pointers, and ndpack for the structs it allocates.
     */
    static final MemorySegment ADDRESS_SPACE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /**
     * Calls a C function of type {@code void (*)(void *)}. The argument is declared as a 64-bit
     * integer, which the C calling conventions of every 64-bit platform the JDK supports pass
     * exactly like a pointer; it spares a segment allocation per call.
     */
    private static final MethodHandle INVOKE_DELETER =
            LINKER.downcallHandle(FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    /** {@code malloc} and {@code free} of the C library, for the managed structs we export. Short,
     * non-blocking calls: critical (no thread-state transition). Not {@code calloc}: glibc's
     * {@code calloc} bypasses the per-thread cache and costs several times more; the exporter
     * writes every byte of the struct anyway. */
    private static final MemorySegment FREE_FUNCTION = LINKER.defaultLookup().find("free").orElseThrow();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.critical(false));
    private static final MethodHandle FREE = LINKER.downcallHandle(FREE_FUNCTION,
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG), Linker.Option.critical(false));

    /** The one state. Never null; replaced only by compare-and-set. */
    static final AtomicReference<BridgeState> STATE = new AtomicReference<>(createInitialState());

    private static BridgeState createInitialState() {
        MemorySegment versioned;
        MemorySegment legacy;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType type = MethodType.methodType(void.class, long.class);
            FunctionDescriptor fd = FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG);
            // An automatic arena: the stubs live as long as a state refers to them, which for the
            // one state of a loaded bridge is as long as the class (forever, in practice).
            Arena arena = Arena.ofAuto();
            versioned = LINKER.upcallStub(lookup.findStatic(Bridge.class, "deleteVersioned", type), fd, arena);
            legacy = LINKER.upcallStub(lookup.findStatic(Bridge.class, "deleteLegacy", type), fd, arena);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        boolean shuttingDown = false;
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Bridge::beginShutdown, "ndpack-dlpack-shutdown"));
        } catch (IllegalStateException alreadyShuttingDown) {
            shuttingDown = true; // first used during shutdown: every export gets free() at once
        }
        return BridgeState.initial(versioned, legacy, FREE_FUNCTION, shuttingDown);
    }

    // ------------------------------------------------------------------------------------------
    // Imports
    // ------------------------------------------------------------------------------------------

    /**
     * Marks {@code pointer} as imported: from now on ndpack owns it.
     *
     * @throws IllegalStateException if the pointer is a live import already
     */
    static void claimImport(long pointer, String kind) {
        while (true) {
            BridgeState s = STATE.get();
            if (s.imports().containsKey(pointer)) {
                throw alreadyConsumed(kind, pointer);
            }
            if (STATE.compareAndSet(s, s.withImport(pointer))) {
                return;
            }
        }
    }

    /**
     * Discards an unconsumed export of ours in one compare-and-set: refuses it as "already
     * consumed" if it is a live import, else removes the export and finishes it. What
     * claim, read the deleter, drop the claim and call our own deleter did in four steps (three
     * compare-and-sets), with the same outcome and the same counters.
     *
     * @return false if {@code pointer} is not a live export of that kind (nothing done: the
     *         caller takes the general path)
     * @throws IllegalStateException if the pointer is a live import
     */
    static boolean discardOwnExport(long pointer, boolean versioned, String kind) {
        while (true) {
            BridgeState s = STATE.get();
            if (s.imports().containsKey(pointer)) {
                throw alreadyConsumed(kind, pointer);
            }
            Export e = s.exports().get(pointer);
            if (e == null || e.versioned() != versioned) {
                return false;
            }
            if (STATE.compareAndSet(s, s.withDiscardedExport(pointer))) {
                // Once shutdown has begun the hook may be writing into this struct: leave it.
                e.finish(pointer, !s.shuttingDown());
                return true;
            }
        }
    }

    private static IllegalStateException alreadyConsumed(String kind, long pointer) {
        return new IllegalStateException(kind + " 0x" + Long.toHexString(pointer)
                + " already consumed: it was imported before and that import is still live "
                + "(a managed tensor may be imported only once)");
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
     * Releases an import: drops {@code pointer} from the live imports, then calls its deleter
     * (see {@link ImportRelease}). When the deleter is one of our own stubs (an in-process round
     * trip: we imported our own export), both steps are one compare-and-set that removes the
     * import and the export together, and the export is finished directly, without a trip through
     * native code; unless {@code via} is given, which then calls the deleter whatever it is (see
     * {@link ForeignImports}). Never throws.
     */
    static void releaseImport(long pointer, long deleter, ForeignImports.Deleter via) {
        if (via != null) {
            try {
                dropImport(pointer, false);
            } finally {
                callDeleter(deleter, pointer, via);
            }
            return;
        }
        BridgeState s = STATE.get();
        boolean versioned = deleter == s.versionedDeleter().address();
        if (deleter != 0 && (versioned || deleter == s.legacyDeleter().address())) {
            try {
                while (true) {
                    Export e = s.exports().get(pointer);
                    BridgeState n = s.withoutImport(pointer, false);
                    if (e != null && e.versioned() == versioned) {
                        if (STATE.compareAndSet(s, n.withoutExport(pointer))) {
                            e.finish(pointer, !s.shuttingDown());
                            return;
                        }
                    } else if (STATE.compareAndSet(s, n.withStrayDeleterCall())) {
                        return;
                    }
                    s = STATE.get();
                }
            } catch (Throwable t) {
                report("releasing an imported DLPack tensor", t);
                return;
            }
        }
        try {
            dropImport(pointer, false);
        } finally {
            callDeleter(deleter, pointer, via);
        }
    }

    /**
     * {@link #callDeleter(long, long)}, or {@code via}'s call when there is one: then {@code via}
     * is called exactly once, whatever the deleter (NULL or one of our own stubs included), and
     * calls it as its producer needs. Never throws.
     */
    static void callDeleter(long deleter, long pointer, ForeignImports.Deleter via) {
        if (via == null) {
            callDeleter(deleter, pointer);
            return;
        }
        try {
            via.delete(deleter, pointer);
        } catch (Throwable t) {
            report("calling a DLPack deleter", t);
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

    /**
     * {@return {@code bytes} uninitialised bytes from the C library's {@code malloc}} (at least
     * 16-byte aligned), so that {@code free} of the address is exactly right
     *
     * @throws OutOfMemoryError if {@code malloc} fails
     */
    static long allocateStruct(long bytes) {
        long p;
        try {
            p = (long) MALLOC.invokeExact(bytes);
        } catch (Throwable t) {
            throw new AssertionError("malloc downcall failed", t);
        }
        if (p == 0) {
            throw new OutOfMemoryError("ndpack: malloc could not allocate a DLPack struct of " + bytes + " bytes");
        }
        return p;
    }

    /** Frees what {@link #allocateStruct} returned. */
    static void freeStruct(long p) {
        try {
            FREE.invokeExact(p);
        } catch (Throwable t) {
            throw new AssertionError("free downcall failed", t);
        }
    }

    /**
     * Records a live export; the consumer may call its deleter as soon as this returns. If
     * shutdown has begun, the struct's deleter is switched to {@code free} first (the shutdown
     * hook may have walked the table before this export was in it).
     */
    static void registerExport(long pointer, Export e) {
        while (true) {
            BridgeState s = STATE.get();
            BridgeState n = s.withExport(pointer, e);
            if (STATE.compareAndSet(s, n)) {
                if (n.shuttingDown()) {
                    e.switchDeleter(pointer, n.shutdownDeleter().address());
                }
                return;
            }
        }
    }

    /**
     * Removes the live export at {@code pointer} if it is one of the given kind, and finishes it.
     * Counts a call for a pointer that is not a live export (the deleter was called twice, or with
     * a pointer that is not ours) as stray, and does nothing else.
     */
    private static void delete(long self, boolean versioned) {
        try {
            while (true) {
                BridgeState s = STATE.get();
                Export e = s.exports().get(self);
                if (e == null || e.versioned() != versioned) {
                    if (STATE.compareAndSet(s, s.withStrayDeleterCall())) {
                        return;
                    }
                } else if (STATE.compareAndSet(s, s.withoutExport(self))) {
                    // Once shutdown has begun the hook may be writing into this struct: leave it.
                    e.finish(self, !s.shuttingDown());
                    return;
                }
            }
        } catch (Throwable t) {
            report("running the deleter of an exported DLPack tensor", t);
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

    /**
     * Switches the bridge to shutdown mode (the shutdown hook): from now on, and for every export
     * still live, the deleter native code finds in the struct is {@code free}, which never enters
     * the JVM. Idempotent.
     */
    static void beginShutdown() {
        try {
            BridgeState s;
            while (true) {
                s = STATE.get();
                if (s.shuttingDown()) {
                    return;
                }
                if (STATE.compareAndSet(s, s.withShuttingDown())) {
                    break;
                }
            }
            long free = s.shutdownDeleter().address();
            STATE.get().exports().forEach((pointer, e) -> e.switchDeleter(pointer, free));
        } catch (Throwable t) {
            report("switching DLPack deleters for shutdown", t);
        }
    }

    /** Reports a failure where nothing may be thrown (deleters, releasers, hooks). */
    static void report(String what, Throwable t) {
        try {
            System.getLogger("org.ndpack").log(System.Logger.Level.ERROR, "ndpack: " + what + " failed", t);
        } catch (Throwable ignored) {
            // Nothing else can be done without risking an exception in native code.
        }
    }
}
