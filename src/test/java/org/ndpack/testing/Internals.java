package org.ndpack.testing;

import org.ndpack.NDArray;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.array.Facade;

/** Test access to the internal array behind an {@link NDArray}, through the one facade. */
public final class Internals {
    private static final Facade<NDArray> FACADE = Facade.of(NDArray.class);

    private Internals() {
    }

    /** {@return the internal array behind {@code a}, or null for null (an absent operand)} */
    public static ArrayImpl impl(NDArray a) {
        return a == null ? null : FACADE.unwrap(a);
    }

    /** {@return the public array for {@code a}} */
    public static NDArray wrap(ArrayImpl a) {
        return FACADE.wrap(a);
    }
}
