package org.ndpack.internal;

import org.ndpack.NDArray;

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
 * A scope is confined to the thread that entered it. Operands may be {@code null} (absent) and may
 * repeat. The write operand is the one written; every other operand is only read.
 */
public final class OpScope implements AutoCloseable {
    private static final ArrayAccess A = ArrayAccess.get();
    private static final int GUARDED = ArrayAccess.LOCKED | ArrayAccess.CHECKED;

    private final NDArray w;
    private final NDArray r0;
    private final NDArray r1;
    private final NDArray r2;
    private final AutoCloseable guard;

    private OpScope(String op, NDArray w, NDArray r0, NDArray r1, NDArray r2) {
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
        this.w = w;
        this.r0 = r0;
        this.r1 = r1;
        this.r2 = r2;
        int flags = flags(w) | flags(r0) | flags(r1) | flags(r2);
        if ((flags & GUARDED) != 0 || Guards.GLOBAL_CHECKED) {
            try {
                this.guard = Guards.enter(op, w, r0, r1, r2);
            } catch (RuntimeException | Error e) {
                unlease(4, w, r0, r1, r2);
                throw e;
            }
        } else {
            this.guard = null;
        }
    }

    /** {@return a scope for an operation that writes {@code w} and reads {@code r0}} */
    public static OpScope enter(String op, NDArray w, NDArray r0) {
        return new OpScope(op, w, r0, null, null);
    }

    /** {@return a scope for an operation that writes {@code w} and reads {@code r0, r1}} */
    public static OpScope enter(String op, NDArray w, NDArray r0, NDArray r1) {
        return new OpScope(op, w, r0, r1, null);
    }

    /** {@return a scope for an operation that writes {@code w} and reads {@code r0, r1, r2}} */
    public static OpScope enter(String op, NDArray w, NDArray r0, NDArray r1, NDArray r2) {
        return new OpScope(op, w, r0, r1, r2);
    }

    private static int flags(NDArray a) {
        return a == null ? 0 : A.flags(a);
    }

    private static void lease(NDArray a) {
        if (a != null) {
            A.acquire(a);
        }
    }

    private static void unlease(int n, NDArray w, NDArray r0, NDArray r1, NDArray r2) {
        NDArray[] all = {w, r0, r1, r2};
        for (int i = 0; i < n; i++) {
            if (all[i] != null) {
                A.memory(all[i]).release();
            }
        }
    }

    /** Ends the operation: releases guards, then leases. */
    @Override
    public void close() {
        try {
            if (guard != null) {
                guard.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("releasing an operation guard failed", e);
        } finally {
            unlease(4, w, r0, r1, r2);
        }
    }
}
