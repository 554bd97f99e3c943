package org.ndpack.internal.kernel;

/**
 * The count-then-switch of a kernel family whose Vector API form gives the portable form's bits
 * (the matrix products of {@link GemmF32} and its twin, the sums of {@link ReduceKernels}): work
 * runs on the portable form until {@code threshold} units of it have run, then on the vector
 * form. See {@link Kernels#WARMUP_PROPERTY} for why.
 *
 * <p>Thread-safe in the way that matters here: the count is racy (concurrent work may be counted
 * late or not at all, which only moves the switch a little) and a thread may see the switch late;
 * since both forms give the same bits, neither ever shows in a result.
 */
final class Warmup {
    private final long threshold;
    private long seen;
    private boolean switched;

    /** @param threshold the units of work before the switch; 0 (or less) switches at once */
    Warmup(long threshold) {
        this.threshold = threshold;
        this.switched = threshold <= 0;
    }

    /**
     * Counts {@code work} more units; {@return whether the vector form runs them} (false until
     * the work before them has reached the threshold)
     */
    boolean pass(long work) {
        if (switched) {
            return true;
        }
        long done = seen;
        seen = done + Math.max(work, 0);
        if (done < threshold) {
            return false;
        }
        switched = true;
        return true;
    }

    /** {@return whether the vector form has taken over} (counts nothing) */
    boolean switched() {
        return switched;
    }
}
