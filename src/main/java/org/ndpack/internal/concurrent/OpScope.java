package org.ndpack.internal.concurrent;

import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.kernel.Parallel;
import org.ndpack.internal.memory.Ranges;

/**
 * The bracket around every bulk operation: it takes a lease on each operand's memory (so no
 * memory is freed while the operation runs, and a closed operand fails the operation before it
 * starts), and, when an operand is in locked or checked form, takes the memory-region locks or
 * registers the operation with the race detector. {@link #close()} undoes all of it.
 *
 * <p>Use with try-with-resources, one scope per operation, on the thread that runs the operation:
 * {@snippet :
 * try (OpScope s = OpScope.enter("add", out, a, b)) {
 *     // read a and b, write out
 * }
 * }
 * A scope is confined to the thread that entered it; work it hands to other threads (the chunks of
 * {@link Parallel}) runs under it and must not enter scopes of its own on arrays in locked form
 * (their thread does not own the lock and would wait for it). Operands may be {@code null}
 * (absent) and may repeat. The write operand is the one written; every other operand is only read.
 *
 * <p>Cost when no operand is locked or checked and checked mode is off globally: the leases and
 * one well-predicted branch ({@link Guards#GLOBAL_CHECKED} is a constant the JIT folds).
 */
public final class OpScope implements AutoCloseable {
    /** Access mode of {@link #enterElement}: a plain read. */
    public static final int READ = Ranges.READ;
    /** Access mode bit: the bytes are written. */
    public static final int WRITE = Ranges.WRITE;
    /** Access mode bit: the access is atomic (atomic accesses never race with each other). */
    public static final int ATOMIC = Ranges.ATOMIC;

    /**
     * True when checked mode is on for every array ({@code -Dndpack.checked=true}): element
     * accesses must then enter a scope even on plain arrays. A constant the JIT folds.
     */
    public static final boolean CHECKED_EVERYWHERE = Guards.GLOBAL_CHECKED;
    private static final int GUARDED = ArrayImpl.LOCKED | ArrayImpl.CHECKED;

    private final ArrayImpl w;
    private final ArrayImpl r0;
    private final ArrayImpl r1;
    private final ArrayImpl r2;
    private final Guards.Guard guard;

    private OpScope(ArrayImpl w, ArrayImpl r0, ArrayImpl r1, ArrayImpl r2, Guards.Guard guard) {
        this.w = w;
        this.r0 = r0;
        this.r1 = r1;
        this.r2 = r2;
        this.guard = guard;
    }

    /** Leases every operand, then guards them if needed; on failure gives back what it took. */
    private static OpScope open(String op, ArrayImpl w, ArrayImpl r0, ArrayImpl r1, ArrayImpl r2) {
        int taken = 0;
        try {
            lease(w);
            taken++;
            lease(r0);
            taken++;
            lease(r1);
            taken++;
            lease(r2);
            taken++;
        } catch (RuntimeException | Error e) {
            unlease(taken, w, r0, r1, r2);
            throw e;
        }
        Guards.Guard guard = null;
        if (((flags(w) | flags(r0) | flags(r1) | flags(r2)) & GUARDED) != 0 || Guards.GLOBAL_CHECKED) {
            guard = guard(op, w, r0, r1, r2);
        }
        return new OpScope(w, r0, r1, r2, guard);
    }

    /** The slow path, kept out of line so that the common one stays small enough to inline. */
    private static Guards.Guard guard(String op, ArrayImpl w, ArrayImpl r0, ArrayImpl r1, ArrayImpl r2) {
        try {
            return Guards.enter(op, w, r0, r1, r2);
        } catch (RuntimeException | Error e) {
            unlease(4, w, r0, r1, r2);
            throw e;
        }
    }

    /** {@return a scope for an operation that writes {@code w} and reads {@code r0}} */
    public static OpScope enter(String op, ArrayImpl w, ArrayImpl r0) {
        return open(op, w, r0, null, null);
    }

    /** {@return a scope for an operation that writes {@code w} and reads {@code r0, r1}} */
    public static OpScope enter(String op, ArrayImpl w, ArrayImpl r0, ArrayImpl r1) {
        return open(op, w, r0, r1, null);
    }

    /** {@return a scope for an operation that writes {@code w} and reads {@code r0, r1, r2}} */
    public static OpScope enter(String op, ArrayImpl w, ArrayImpl r0, ArrayImpl r1, ArrayImpl r2) {
        return open(op, w, r0, r1, r2);
    }

    /**
     * Opens a scope for an access to one element (or any byte range) of {@code a}: a lease, and,
     * for a locked or checked array, the lock or registration for those bytes only.
     *
     * @param op the operation's name, for checked-mode messages
     * @param a the array
     * @param byteOffset the first byte, from the start of {@code a}'s memory
     * @param byteWidth the number of bytes
     * @param mode {@link #READ}, or {@link #WRITE} and/or {@link #ATOMIC} bits
     * @return the scope
     * @throws IllegalStateException if {@code a} is closed
     */
    public static OpScope enterElement(String op, ArrayImpl a, long byteOffset, int byteWidth, int mode) {
        lease(a);
        Guards.Guard guard = null;
        if ((flags(a) & GUARDED) != 0 || Guards.GLOBAL_CHECKED) {
            try {
                guard = Guards.enterRange(op, a, byteOffset, byteOffset + byteWidth, mode);
            } catch (RuntimeException | Error e) {
                a.memory.release();
                throw e;
            }
        }
        boolean written = (mode & WRITE) != 0;
        return new OpScope(written ? a : null, written ? null : a, null, null, guard);
    }

    private static int flags(ArrayImpl a) {
        return a == null ? 0 : a.flags;
    }

    private static void lease(ArrayImpl a) {
        if (a != null) {
            a.acquire();
        }
    }

    private static void unlease(int n, ArrayImpl w, ArrayImpl r0, ArrayImpl r1, ArrayImpl r2) {
        if (n > 0 && w != null) {
            w.memory.release();
        }
        if (n > 1 && r0 != null) {
            r0.memory.release();
        }
        if (n > 2 && r1 != null) {
            r1.memory.release();
        }
        if (n > 3 && r2 != null) {
            r2.memory.release();
        }
    }

    /** Ends the operation: releases guards, then leases. */
    @Override
    public void close() {
        try {
            if (guard != null) {
                guard.release();
            }
        } finally {
            unlease(4, w, r0, r1, r2);
        }
    }
}
