package org.ndpack.internal;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Gives ndpack's own packages the parts of {@link NDArray} that users must not touch: its memory,
 * its raw layout arrays and the constructor. {@code NDArray} installs the one implementation in its
 * static initialiser (the pattern of the JDK's {@code SharedSecrets}); this package is not exported,
 * so code outside the module cannot reach it on the module path.
 *
 * <p>The arrays returned by {@link #shape} and {@link #strides} are the array's own: callers must
 * never modify them.
 */
public abstract class ArrayAccess {
    /** Flag: writes are refused. */
    public static final int READ_ONLY = 1;
    /** Flag: this array owns its memory; closing it closes the memory. */
    public static final int OWNER = 2;
    /** Flag: operations on this array run under the memory-region lock. */
    public static final int LOCKED = 4;
    /** Flag: operations on this array register with the race detector. */
    public static final int CHECKED = 8;
    /** Flags that views inherit from their base. */
    public static final int INHERITED = READ_ONLY | LOCKED | CHECKED;

    private static volatile ArrayAccess instance;

    /** Installs the implementation; called once, by NDArray's static initialiser. */
    public static void install(ArrayAccess access) {
        instance = access;
    }

    /** {@return the implementation, initialising NDArray if needed} */
    public static ArrayAccess get() {
        ArrayAccess a = instance;
        if (a == null) {
            try {
                Class.forName(NDArray.class.getName(), true, NDArray.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            a = instance;
        }
        return a;
    }

    /**
     * Creates an array over {@code memory}. The layout is trusted: the caller has checked that
     * every element it can address lies inside the memory.
     */
    public abstract NDArray create(Memory memory, DType dtype, long[] shape, long[] strides, long offset, int flags);

    /** {@return the memory of {@code a}} */
    public abstract Memory memory(NDArray a);

    /** {@return the shape of {@code a} (not a copy)} */
    public abstract long[] shape(NDArray a);

    /** {@return the strides of {@code a} in elements (not a copy)} */
    public abstract long[] strides(NDArray a);

    /** {@return the element offset of {@code a}'s first element in its memory} */
    public abstract long offset(NDArray a);

    /** {@return the flags of {@code a}} */
    public abstract int flags(NDArray a);

    /**
     * Takes a lease on {@code a}'s memory.
     *
     * @throws IllegalStateException if {@code a} or its memory is closed
     */
    public abstract void acquire(NDArray a);
}
