package org.ndpack.internal.dlpack;

import java.lang.invoke.MethodHandles;
import java.util.function.LongConsumer;

/**
 * The crossing from ndpack's Python bridge into the DLPack bridge's import with a Java-side
 * deleter caller: for producers whose deleter must not be called as it stands (a NumPy or PyTorch
 * deleter needs the GIL, which the thread that closes the array does not hold). The bridge's
 * import does everything as for {@code DLPack.fromDLPack} (claim, checks, release, exactly once),
 * but where it would call the tensor's deleter it calls the given {@link Deleter}, which calls the
 * deleter itself (under the GIL). Without this, every such tensor needed a native wrapper struct
 * whose deleter was an upcall stub: a {@code malloc}, a copy, a downcall and an upcall per
 * exchange.
 *
 * <p>Not API: this package is not exported. The bridge installs the one implementation in its
 * static initialiser; {@link #of} initialises the bridge's class first, so there is no window in
 * which a caller sees none.
 *
 * @param <T> the array type the import returns (the public array type; named only by the bridge
 *        and its caller, so that this package imports nothing of ndpack)
 */
public abstract class ForeignImports<T> {
    private static volatile ForeignImports<?> installed;

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
    }

    /** For the bridge's implementation. */
    protected ForeignImports() {
    }

    /** Installs the implementation; called once, by the bridge's static initialiser. */
    public static void install(ForeignImports<?> imports) {
        installed = imports;
    }

    /**
     * {@return the implementation {@code bridge} installs}, initialising {@code bridge} first if
     * that has not happened yet
     *
     * @param bridge the public bridge class whose static initialiser installs it
     * @param <T> its array type
     */
    @SuppressWarnings("unchecked")
    public static <T> ForeignImports<T> of(Class<?> bridge) {
        ForeignImports<?> f = installed;
        if (f == null) {
            try {
                MethodHandles.lookup().ensureInitialized(bridge);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            f = installed;
        }
        return (ForeignImports<T>) f;
    }

    /**
     * Imports a managed tensor as {@code DLPack.fromDLPack} (versioned) or
     * {@code DLPack.fromLegacyDLPack} do, taking ownership at the call; its deleter is called
     * through {@code via}, exactly once, on refusal or on release.
     *
     * @param pointer the managed struct's address
     * @param versioned true for {@code DLManagedTensorVersioned}
     * @param via who calls the deleter
     * @param takenOver told the struct's address once the bridge has taken the tensor over (after
     *        the checks that refuse a pointer without calling anything: NULL, or a live import
     *        already); from then on {@code via} will be called exactly once. Must not throw.
     * @return the array
     * @throws RuntimeException as {@code DLPack.fromDLPack}; the deleter has then been called
     *         through {@code via} if {@code takenOver} was told
     */
    public abstract T importTensor(long pointer, boolean versioned, Deleter via, LongConsumer takenOver);
}
