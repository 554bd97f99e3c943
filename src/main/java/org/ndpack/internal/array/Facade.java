package org.ndpack.internal.array;

import java.lang.invoke.MethodHandles;

/**
 * The one crossing between the public array type and {@link ArrayImpl}: {@link #wrap} makes the
 * public object for an internal array, {@link #unwrap} gives the internal array back. The public
 * type installs the one implementation in its static initialiser; the public packages that build
 * or take arrays (and tests) obtain it with {@link #of}, naming the public type, so this package
 * never refers to it.
 *
 * @param <T> the public array type
 */
public abstract class Facade<T> {
    private static volatile Facade<?> installed;

    /** Constructor for the public type's implementation. */
    protected Facade() {
    }

    /** Installs the implementation; called once, by the public type's static initialiser. */
    public static void install(Facade<?> facade) {
        installed = facade;
    }

    /**
     * {@return the installed facade for {@code type}}, initialising {@code type} first if that
     * has not happened yet (its static initialiser installs the facade)
     */
    @SuppressWarnings("unchecked")
    public static <T> Facade<T> of(Class<T> type) {
        Facade<?> f = installed;
        if (f == null) {
            try {
                MethodHandles.lookup().ensureInitialized(type);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            f = installed;
        }
        return (Facade<T>) f;
    }

    /** {@return the public object for {@code a}} */
    public abstract T wrap(ArrayImpl a);

    /** {@return the internal array behind {@code a}} */
    public abstract ArrayImpl unwrap(T a);
}
