package org.ndpack;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.RegionLocks;

/**
 * A held lock on the memory regions of one or more arrays: the explicit form of the <em>memory
 * lock</em> that {@link NDArray#locked() locked arrays} take for every operation. Use it when
 * several operations must happen as one step:
 *
 * {@snippet :
 * try (RegionLock l = account.lock()) {      // exclusive on account's bytes
 *     double v = account.getDouble(0);
 *     account.setDouble(v * 1.01, 0);        // no locked operation on these bytes runs in between
 * }
 * }
 *
 * <h2>What is locked</h2>
 * The lock belongs to the array's memory, not to the {@code NDArray} object: every view of the
 * same memory shares it. It covers the <em>span</em> of each array, the bytes from its lowest to its
 * highest element. Spans that do not overlap never wait for each other, even within one buffer
 * (two halves of an array can be locked by two threads at once); overlapping spans exclude each
 * other unless both are locked shared (for reading). The span of a strided view includes the
 * elements it skips: two interleaved views (the even and the odd elements, two columns of a
 * C-ordered matrix) have overlapping spans and exclude each other.
 *
 * <p>The lock is advisory, like any lock: it orders only code that takes it, that is explicit
 * {@code RegionLock}s and operations on arrays in locked form. Plain operations on other views
 * of the memory do not wait for it.
 *
 * <h2>Deadlock and reentrancy</h2>
 * One acquisition ({@link NDArray#lock()}, {@link #lock(Collection, Collection)}) takes all the
 * regions it names in one global order, so acquisitions of this kind and operations on locked
 * arrays never deadlock with each other. Holding one {@code RegionLock} while taking another that
 * needs a <em>different</em> region can deadlock with a thread doing the opposite, as with any
 * two locks: take every region you need in one call instead. The lock is reentrant: while a thread
 * holds it, that thread's operations on locked arrays inside the region proceed (they do not wait
 * for the thread itself). A thread holding a region shared may not lock an overlapping region
 * exclusively (an upgrade): that throws {@link IllegalStateException} rather than risk a deadlock.
 *
 * <h2>Guarantees</h2>
 * Waiting is uninterruptible, like {@link java.util.concurrent.locks.Lock#lock()}; an interrupt
 * stays pending. Requests are granted in arrival order among those that conflict, so readers
 * cannot starve a writer. Memory effects: everything a thread did while it held a region
 * happens-before everything another thread does after it locks an overlapping region (the
 * lock's monitor orders them). The handle is confined to the thread that took it; the lock is
 * held until {@link #close()}. Closing an array does not release locks on its memory.
 */
public final class RegionLock implements AutoCloseable {
    private final RegionLocks.Held held;
    private final Thread owner;
    private boolean closed;

    private RegionLock(RegionLocks.Held held) {
        this.held = held;
        this.owner = Thread.currentThread();
    }

    /**
     * Locks the regions of several arrays at once: {@code exclusive} ones for writing, {@code
     * shared} ones for reading, in the deadlock-free global order. An array may appear in both
     * lists (it is then locked exclusively).
     *
     * @param exclusive the arrays to lock for writing
     * @param shared the arrays to lock for reading
     * @return the held lock
     * @throws IllegalStateException if an array is closed, or if the calling thread holds a shared
     *         lock on bytes it now asks to lock exclusively
     * @throws NullPointerException if a list or an element is null
     */
    public static RegionLock lock(Collection<NDArray> exclusive, Collection<NDArray> shared) {
        NDArray[] x = exclusive.toArray(new NDArray[0]);
        NDArray[] s = shared.toArray(new NDArray[0]);
        for (NDArray a : x) {
            Objects.requireNonNull(a, "exclusive array");
        }
        for (NDArray a : s) {
            Objects.requireNonNull(a, "shared array");
        }
        return new RegionLock(RegionLocks.lock(impls(x), impls(s)));
    }

    /**
     * Locks the regions of the given arrays for writing, all at once in the deadlock-free order.
     *
     * @param arrays the arrays
     * @return the held lock
     * @throws IllegalStateException as {@link #lock(Collection, Collection)}
     */
    public static RegionLock exclusive(NDArray... arrays) {
        return lock(List.of(arrays), List.of());
    }

    /**
     * Locks the regions of the given arrays for reading, all at once in the deadlock-free order.
     *
     * @param arrays the arrays
     * @return the held lock
     * @throws IllegalStateException as {@link #lock(Collection, Collection)}
     */
    public static RegionLock shared(NDArray... arrays) {
        return lock(List.of(), List.of(arrays));
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalStateException if it was already released, or if called by a thread other
     *         than the one that took it (the lock then stays held)
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a RegionLock must be released by the thread that took it ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
        if (closed) {
            throw new IllegalStateException("RegionLock already released");
        }
        closed = true;
        held.release();
    }

    /** {@return whether the lock is still held (not yet closed)} Confined to the owning thread. */
    public boolean isHeld() {
        return !closed;
    }

    private static ArrayImpl[] impls(NDArray[] arrays) {
        ArrayImpl[] r = new ArrayImpl[arrays.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = arrays[i].impl;
        }
        return r;
    }
}
