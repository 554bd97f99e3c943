package org.ndpack;

import org.ndpack.internal.memory.NativeAllocator;
import org.ndpack.internal.memory.NativeBudget;

/**
 * ndpack's native memory: the limit on what it allocates, and what is in use.
 *
 * <p>An {@link NDArray}'s elements live outside the Java heap. Closing an array frees them at
 * once; an array dropped without {@code close()} is freed by a Cleaner after the garbage
 * collector finds it unreachable, which the collector, seeing only a small heap object, may put off
 * indefinitely. So ndpack counts what it allocates against a limit, as the JDK does for direct
 * buffers: when an allocation would pass the limit (or the C allocator fails), ndpack runs the
 * collector so that the Cleaners of dropped arrays free their memory, and retries with back-off for
 * up to about a second before it throws {@link OutOfMemoryError}. The error's message gives the
 * request, the bytes in use, the limit and the property to change. A single request larger than
 * the limit fails at once.
 *
 * <p>The limit is the system property {@value #PROPERTY}, read once when ndpack first
 * allocates: a byte count with an optional binary suffix ({@code -Dndpack.maxNativeMemory=512m},
 * {@code 4g}); a value that is not a size makes every allocation (and {@link #limit()}) throw
 * {@link IllegalArgumentException} naming the property and the forms it accepts. The default is the larger of the maximum Java heap ({@link Runtime#maxMemory()})
 * and half of the physical memory (or of the container's memory limit). Memory ndpack does not
 * own, imported DLPack tensors and mapped {@code .npy} files, is not counted against the limit;
 * {@link #foreignBytes()} reports it.
 *
 * <p>The figures are read without stopping other threads, so under concurrent allocation each is
 * a recent value, not a snapshot taken together with the others. Thread-safe; stateless.
 */
public final class NativeMemory {
    /** The system property that sets the limit: {@value}. */
    public static final String PROPERTY = NativeBudget.PROPERTY;

    private NativeMemory() {
    }

    /**
     * {@return the limit, in bytes, on the native memory ndpack allocates}
     *
     * @throws IllegalArgumentException if {@value #PROPERTY} is set to something that is not a size
     */
    public static long limit() {
        return NativeBudget.limit();
    }

    /**
     * {@return the bytes counted against the limit now}: every block ndpack holds from the C
     * allocator for arrays, including alignment padding and whole 32 KiB slabs of small arrays, so
     * at least {@link #liveBytes()}; freed blocks kept for reuse are not counted while they wait.
     * Never above {@link #limit()}, even while other threads allocate.
     */
    public static long reservedBytes() {
        return NativeBudget.reserved();
    }

    /** {@return the bytes of arrays ndpack has allocated and not yet freed}, as
     * {@link NDArray#liveNativeBytes()} */
    public static long liveBytes() {
        return NativeAllocator.liveBytes();
    }

    /** {@return the bytes of foreign memory (imported DLPack tensors, mapped files) that arrays
     * view now}: not counted against the limit */
    public static long foreignBytes() {
        return NativeBudget.foreign();
    }
}
