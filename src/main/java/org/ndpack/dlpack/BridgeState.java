package org.ndpack.dlpack;

import java.lang.foreign.MemorySegment;

/**
 * All of the DLPack bridge's state, in one immutable value: the analogue of the module-global
 * state struct of a C extension, but never mutated. {@link Bridge#STATE} holds the current value;
 * every change builds a new record and installs it with compare-and-set, retrying on contention,
 * so a reader always sees one consistent snapshot and no update is lost.
 *
 * <p>The record is built once, during {@link Bridge}'s class initialisation (which the JVM runs
 * exactly once and publishes to every thread); there is no lazily initialised field anywhere on
 * the bridge path.
 *
 * @param versionedDeleter the upcall stub put into every exported
 *        {@code DLManagedTensorVersioned} as its deleter
 * @param legacyDeleter the upcall stub put into every exported {@code DLManagedTensor}
 * @param shutdownDeleter the C library's {@code free}: the deleter of every export once shutdown
 *        has begun (see {@link Bridge})
 * @param shuttingDown true once shutdown has begun
 * @param exports live exports: address of the managed struct we allocated -> what to release
 *        when its deleter is called (the pinned array among it)
 * @param imports live imports: addresses of managed structs handed to us and not yet given back
 *        through their deleter (values are a marker)
 * @param importsStarted import attempts that passed the "already consumed" check
 * @param importsRejected of those, the ones refused by validation (deleter called)
 * @param exportsTotal exports made since start
 * @param strayDeleterCalls calls of our deleters with a pointer that is not a live export
 *        (a consumer that called a deleter twice, or a bogus pointer): each one ignored
 */
record BridgeState(
        MemorySegment versionedDeleter,
        MemorySegment legacyDeleter,
        MemorySegment shutdownDeleter,
        boolean shuttingDown,
        LongMap<Export> exports,
        LongMap<Object> imports,
        long importsStarted,
        long importsRejected,
        long exportsTotal,
        long strayDeleterCalls) {

    /** The value of the {@link #imports} entries. */
    static final Object LIVE = new Object() {
        @Override
        public String toString() {
            return "live";
        }
    };

    /** {@return the state of a bridge that has done nothing yet} */
    static BridgeState initial(MemorySegment versionedDeleter, MemorySegment legacyDeleter,
            MemorySegment shutdownDeleter, boolean shuttingDown) {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown,
                LongMap.empty(), LongMap.empty(), 0, 0, 0, 0);
    }

    BridgeState withImport(long pointer) {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown, exports, imports.with(pointer, LIVE),
                importsStarted + 1, importsRejected, exportsTotal, strayDeleterCalls);
    }

    BridgeState withoutImport(long pointer, boolean rejected) {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown, exports, imports.without(pointer),
                importsStarted, rejected ? importsRejected + 1 : importsRejected, exportsTotal, strayDeleterCalls);
    }

    BridgeState withExport(long pointer, Export e) {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown, exports.with(pointer, e), imports,
                importsStarted, importsRejected, exportsTotal + 1, strayDeleterCalls);
    }

    BridgeState withoutExport(long pointer) {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown, exports.without(pointer), imports,
                importsStarted, importsRejected, exportsTotal, strayDeleterCalls);
    }

    /**
     * {@return the state after an unconsumed export of ours was given back through
     * {@code DLPack.discard}}: the export is gone, and the discard counts as an import that was
     * claimed and released at once, as it always has.
     */
    BridgeState withDiscardedExport(long pointer) {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown, exports.without(pointer), imports,
                importsStarted + 1, importsRejected, exportsTotal, strayDeleterCalls);
    }

    BridgeState withStrayDeleterCall() {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, shuttingDown, exports, imports,
                importsStarted, importsRejected, exportsTotal, strayDeleterCalls + 1);
    }

    BridgeState withShuttingDown() {
        return new BridgeState(versionedDeleter, legacyDeleter, shutdownDeleter, true, exports, imports,
                importsStarted, importsRejected, exportsTotal, strayDeleterCalls);
    }
}
