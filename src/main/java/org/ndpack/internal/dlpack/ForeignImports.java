package org.ndpack.internal.dlpack;

import java.lang.invoke.MethodHandles;

import org.ndpack.NDArray;

/**
 * The one crossing from ndpack's own packages into the DLPack bridge's import with a Java-side
 * deleter call: for producers whose deleter must not be called as it stands (the Python bridge:
 * a NumPy or PyTorch deleter needs the GIL, which the thread that closes the array does not
 * hold). The bridge's import does everything as for {@code DLPack.fromDLPack}, exactly once, but
 * where it would call the tensor's deleter it calls {@link Deleter#delete} instead, which calls
 * the deleter itself (under the GIL). Without this, every such tensor needed a native wrapper
 * struct whose deleter was an upcall stub: a {@code malloc}, a copy, a downcall and an upcall per
 * exchange.
 *
 * <p>Not API: this package is not exported. The bridge installs the implementation in its static
 * initialiser; {@link #get()} initialises it first.
 */
public abstract class ForeignImports {
    private static volatile ForeignImports installed;

    /** Calls a managed tensor's deleter on the bridge's behalf. */
    @FunctionalInterface
    public interface Deleter {
        /**
         * Calls {@code deleter(self)} as the producer requires (nothing for a NULL deleter); the
         * bridge calls this exactly once per import that it took over, on refusal or on release,
         * on whatever thread releases the memory. Must not throw.
         *
         * @param deleter the deleter's address, 0 for NULL
         * @param self the managed struct's address
         */
        void delete(long deleter, long self);

        /**
         * Told when the bridge has taken the tensor over (after the checks that refuse a pointer
         * without calling anything: NULL, or a live import already): from then on
         * {@link #delete} will be called exactly once. Must not throw.
         *
         * @param self the managed struct's address
         */
        default void takenOver(long self) {
        }
    }

    /** For the bridge's implementation. */
    protected ForeignImports() {
    }

    /** Installs the implementation; called once, by the bridge's static initialiser. */
    public static void install(ForeignImports imports) {
        installed = imports;
    }

    /** {@return the bridge's implementation}, initialising the bridge first if needed */
    public static ForeignImports get() {
        ForeignImports f = installed;
        if (f == null) {
            try {
                MethodHandles.lookup().ensureInitialized(org.ndpack.dlpack.DLPack.class);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            f = installed;
        }
        return f;
    }

    /**
     * Imports a managed tensor as {@code DLPack.fromDLPack} (versioned) or
     * {@code DLPack.fromLegacyDLPack} do, taking ownership at the call; its deleter is called
     * through {@code via}, exactly once, on refusal or on release.
     *
     * @param pointer the managed struct's address
     * @param versioned true for {@code DLManagedTensorVersioned}
     * @param via who calls the deleter
     * @return the array
     * @throws RuntimeException as {@code DLPack.fromDLPack}; the deleter has then been called through
     *         {@code via}
     */
    public abstract NDArray importTensor(long pointer, boolean versioned, Deleter via);
}
