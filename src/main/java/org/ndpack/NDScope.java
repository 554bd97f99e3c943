package org.ndpack;

import java.util.Collection;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.ndpack.internal.array.ArrayImpl;

/**
 * A scope that closes, when it ends, every array created on its thread while it was open, except
 * those it was told to keep: the memory of a computation's temporaries is released at the end of a
 * block instead of whenever the garbage collector finds them.
 *
 * {@snippet :
 * NDArray z;
 * try (NDScope scope = NDScope.open()) {
 *     NDArray x = Npy.read(Path.of("x.npy"));
 *     z = scope.keep(x.sub(x.mean(0)).div(x.std(0)));   // NumPy's (x - x.mean(0)) / x.std(0)
 * }                                                       // x, the mean, the std and x - mean are closed here
 * }
 *
 * The same with a result handed out by {@link #call}:
 * {@snippet :
 * NDArray z = NDScope.call(() -> {
 *     NDArray x = Npy.read(Path.of("x.npy"));
 *     return x.sub(x.mean(0)).div(x.std(0));
 * });
 * }
 *
 * <h2>What a scope closes</h2>
 * A scope <em>tracks</em> every array that owns memory ({@link NDArray#isOwner()}) and is created
 * on the scope's thread while the scope is the innermost open scope of that thread: arrays made by
 * the factories, {@link NDArray#copy()}, {@link NDArray#astype}, operations that return a new
 * array, file reads and mappings ({@code Npy}), DLPack and Python imports. When the scope is
 * closed it closes each tracked array that has not been kept, newest first, as nested
 * try-with-resources blocks would (closing an array another one was imported from is safe in any
 * order anyway, because an export leases the memory it exports). Closing an owner closes its memory: every view of it becomes unusable too, wherever
 * the view was made.
 * <ul>
 *   <li>Views ({@link NDArray#slice}, {@link NDArray#reshape} without copy, ...) own nothing and
 *       are not tracked: a view made inside a scope of an array from outside stays usable after
 *       the scope; a view of a tracked array is usable as long as its memory is.</li>
 *   <li>{@link #keep(NDArray)} takes the array's memory out of this scope: it then belongs to the
 *       enclosing scope if there is one (which closes it when it ends), otherwise to the caller
 *       (close it, or leave it to the {@link java.lang.ref.Cleaner}). Keeping a view keeps the
 *       memory it views, if this scope tracks it.</li>
 *   <li>Arrays created on other threads are never tracked by this scope, even when this scope's
 *       thread uses them; arrays created before the scope opened are not tracked either. A thread
 *       that runs other tasks while it waits inside a scope (a {@code ForkJoinPool} worker that
 *       joins a task, say) tracks the arrays those tasks create too: give such tasks their own
 *       scope, or keep what they return.</li>
 *   <li>An array may be closed early by hand, on any thread: the scope then has nothing left to
 *       do for it, closing it again is harmless ({@link NDArray#close()} is idempotent), and the
 *       scope forgets closed arrays as it goes, so a loop that creates and closes arrays inside a
 *       long-lived scope does not make the scope grow. Arrays that are merely dropped, however,
 *       are held until the scope ends: give each iteration of a long loop its own scope.</li>
 * </ul>
 *
 * <h2>Nesting and closing order</h2>
 * Scopes nest: {@link #open()} makes the new scope the innermost one of the thread until it is
 * closed. Closing a scope that still has inner scopes open (out of order: outer before inner, as
 * when an inner scope was leaked) first closes those inner scopes, innermost first, as the
 * try-with-resources blocks around them would have; their own {@link #close()} then does nothing.
 * {@code close()} is idempotent.
 *
 * <h2>Thread safety</h2>
 * A scope is <em>confined</em> to the thread that opened it, as a
 * {@linkplain java.lang.foreign.Arena#ofConfined() confined arena} is: {@link #keep},
 * {@link #close} and {@link #isOpen} throw {@link WrongThreadException} on any other thread. The
 * arrays it tracks are ordinary arrays and may be used by any thread; a thread that uses one after
 * the scope has closed it gets an {@link IllegalStateException}, as after any close, and memory is
 * never released while an operation on it is in flight. An array kept by the scope is not touched
 * by the scope's close, so other threads may go on using it.
 *
 * @see NDArray#close()
 */
public final class NDScope implements AutoCloseable {

    /**
     * Each thread's slot for its innermost open scope, made on the thread's first {@link #open()}.
     * A scope keeps its thread's slot, so that opening and closing set a field instead of the
     * thread-local map (whose {@code set} also scans for stale entries); registering a new array
     * costs one {@code get}.
     */
    private static final ThreadLocal<Innermost> INNERMOST = new ThreadLocal<>();
    /** The tracked count below which closed arrays are not looked for. */
    private static final int MIN_PURGE = 64;
    private static final ArrayImpl[] NONE = {};

    private final Thread owner;
    private final NDScope parent;
    /** The slot of {@link #owner} (written only by that thread). */
    private final Innermost slot;
    /**
     * The tracked owners, oldest first, in {@code tracked[0, count)}. Several owners may share one
     * memory (reshape's copy and the reshaped result): closing any of them closes it, and keeping
     * one keeps them all. A plain array: scopes are small and short-lived, so a linear
     * {@link #keep} costs less than a map's entry per new array would.
     */
    private ArrayImpl[] tracked = NONE;
    private int count;
    /** When {@link #count} reaches this, the closed arrays are dropped. */
    private int purgeAt = MIN_PURGE;
    private boolean open = true;

    static {
        ArrayImpl.installOwnerHook(NDScope::track);
    }

    private NDScope(Thread owner, Innermost slot) {
        this.owner = owner;
        this.parent = slot.scope;
        this.slot = slot;
    }

    /** A thread's innermost open scope, or null; read and written only by that thread. */
    private static final class Innermost {
        NDScope scope;
    }

    /**
     * Opens a scope on the current thread; it becomes the thread's innermost scope until it is
     * closed.
     *
     * @return the new scope, open
     */
    public static NDScope open() {
        Innermost slot = INNERMOST.get();
        if (slot == null) {
            slot = new Innermost();
            INNERMOST.set(slot);
        }
        NDScope s = new NDScope(Thread.currentThread(), slot);
        slot.scope = s;
        return s;
    }

    /**
     * Runs {@code body} in a new scope and keeps what it returns: the scope is closed when the body
     * returns or throws, closing every array the body created except those the result holds. The
     * result is searched for arrays as {@link #keepAll} does: an {@code NDArray}, or a
     * {@link Collection}, {@link Map} (keys and values), {@link Optional} or Java array of them,
     * nested to any depth. Arrays held in other objects (a record, say) are not found: call
     * {@link #keep} on them inside the body instead. The kept arrays belong to the enclosing scope
     * if there is one.
     *
     * {@snippet :
     * List<NDArray> parts = NDScope.call(() -> {
     *     NDArray x = NDArray.arange(DType.FLOAT64, 0, 12, 1).reshape(3, 4);
     *     NDArray centred = x.sub(x.mean(0));
     *     return List.of(centred.sum(1), centred.max(1));   // both kept; x and centred are closed
     * });
     * }
     *
     * @param body the computation
     * @param <T> the result type
     * @param <X> the checked exception the body may throw
     * @return what the body returned
     * @throws X if the body throws it; every array the body created has been closed by then
     */
    public static <T, X extends Throwable> T call(Body<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        try (NDScope s = open()) {
            T result = body.run();
            s.keepAll(result);
            return result;
        }
    }

    /**
     * The computation run by {@link #call}.
     *
     * @param <T> the result type
     * @param <X> the checked exception it may throw
     */
    @FunctionalInterface
    public interface Body<T, X extends Throwable> {
        /**
         * Runs the computation.
         *
         * @return the result
         * @throws X if the computation fails
         */
        T run() throws X;
    }

    /**
     * Keeps {@code array}: this scope will not close its memory. If this scope tracks the memory,
     * it passes to the enclosing scope, or, if there is none, to the caller. If it does not (the
     * array was created before this scope, on another thread, or is already kept), nothing
     * changes: an enclosing scope that tracks it still closes it when that scope ends. Its cost
     * grows with the number of arrays the scope tracks (a scan, as JavaCPP's
     * {@code PointerScope.detach} does).
     *
     * @param array the array, owner or view
     * @return {@code array}, for chaining ({@code return scope.keep(x.add(y));})
     * @throws WrongThreadException if called on a thread other than the one that opened the scope
     * @throws IllegalStateException if this scope is closed
     * @throws NullPointerException if {@code array} is null
     */
    public NDArray keep(NDArray array) {
        Objects.requireNonNull(array, "array");
        checkOpen("keep");
        Object memory = array.impl.memory;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            ArrayImpl a = tracked[i];
            if (a.memory == memory) {
                if (parent != null) {
                    parent.add(a);
                }
            } else {
                tracked[kept++] = a;
            }
        }
        Arrays.fill(tracked, kept, count, null);
        count = kept;
        return array;
    }

    /**
     * Keeps every array that {@code result} holds, as {@link #keep} does: {@code result} itself if
     * it is an {@code NDArray}, and the elements of a {@link Collection}, the keys and values of a
     * {@link Map}, the value of an {@link Optional} and the elements of a Java array, searched to
     * any depth (each container once). Anything else, null included, holds no arrays.
     *
     * @param result the object to search
     * @param <T> its type
     * @return {@code result}
     * @throws WrongThreadException if called on a thread other than the one that opened the scope
     * @throws IllegalStateException if this scope is closed
     */
    public <T> T keepAll(T result) {
        checkOpen("keepAll");
        keepFound(result, new IdentityHashMap<>());
        return result;
    }

    private void keepFound(Object o, IdentityHashMap<Object, Boolean> seen) {
        if (o instanceof NDArray a) {
            keep(a);
            return;
        }
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        switch (o) {
            case Collection<?> c -> c.forEach(e -> keepFound(e, seen));
            case Map<?, ?> m -> m.forEach((k, v) -> {
                keepFound(k, seen);
                keepFound(v, seen);
            });
            case Optional<?> opt -> keepFound(opt.orElse(null), seen);
            case Object[] arr -> {
                for (Object e : arr) {
                    keepFound(e, seen);
                }
            }
            default -> {
            }
        }
    }

    /**
     * {@return true until this scope is closed}
     *
     * @throws WrongThreadException if called on a thread other than the one that opened the scope
     */
    public boolean isOpen() {
        checkThread("isOpen");
        return open;
    }

    /**
     * Closes this scope: closes the inner scopes still open (innermost first), then every array
     * this scope tracks and has not kept, and makes the enclosing scope the thread's innermost one
     * again. Closing a closed scope does nothing. Closing an array does not fail in ndpack (a
     * release action that fails is logged); should one close throw all the same, the other arrays
     * are still closed and the first exception is rethrown at the end.
     *
     * @throws WrongThreadException if called on a thread other than the one that opened the scope
     */
    @Override
    public void close() {
        checkThread("close");
        if (!open) {
            return;
        }
        // An open scope is on its thread's stack; those above it were opened after it and are
        // closed first. Each leaves the stack before its arrays are closed, so that an array made
        // while they close (by a release action, say) goes to the scope below.
        Throwable failure = null;
        NDScope s = slot.scope;
        while (s != null) {
            NDScope below = s.parent;
            slot.scope = below;
            failure = s.closeArrays(failure);
            if (s == this) {
                break;
            }
            s = below;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /**
     * Marks this scope closed and closes its arrays, all of them even if one close fails.
     *
     * @return {@code failure}, or the first throwable of these closes (later ones suppressed)
     */
    private Throwable closeArrays(Throwable failure) {
        open = false;
        ArrayImpl[] t = tracked;
        int n = count;
        tracked = NONE;
        count = 0;
        for (int i = n - 1; i >= 0; i--) {
            try {
                t[i].close();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    /**
     * Registers a new owner with the current thread's innermost scope, if any. Called (through
     * {@link ArrayImpl#installOwnerHook}) by the internal array's constructor for every array that
     * owns its memory, so a façade made later for an existing array is never tracked again.
     */
    static void track(ArrayImpl a) {
        Innermost slot = INNERMOST.get();
        if (slot != null) {
            NDScope s = slot.scope;
            if (s != null) {
                s.add(a);
            }
        }
    }

    /** The number of arrays this scope tracks now (tests). */
    int trackedCount() {
        return count;
    }

    private void add(ArrayImpl a) {
        if (count == tracked.length) {
            if (count >= purgeAt) {
                int live = 0;
                for (int i = 0; i < count; i++) {
                    if (!tracked[i].isClosed()) {
                        tracked[live++] = tracked[i];
                    }
                }
                Arrays.fill(tracked, live, count, null);
                count = live;
                purgeAt = Math.max(MIN_PURGE, 2 * live);
            }
            if (count == tracked.length) {
                tracked = Arrays.copyOf(tracked, Math.max(8, 2 * count));
            }
        }
        tracked[count++] = a;
    }

    private void checkOpen(String what) {
        checkThread(what);
        if (!open) {
            throw new IllegalStateException("NDScope." + what + ": the scope is closed");
        }
    }

    private void checkThread(String what) {
        Thread t = Thread.currentThread();
        if (t != owner) {
            throw new WrongThreadException("NDScope." + what + " on thread '" + t.getName()
                    + "': the scope is confined to thread '" + owner.getName() + "', which opened it");
        }
    }
}
