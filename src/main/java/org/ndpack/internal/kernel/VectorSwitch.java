package org.ndpack.internal.kernel;

/**
 * When a kernel with a Vector API loop of its own (outside the {@code Kernels.Warm} wrappers)
 * starts using it: after {@code threshold} elements have run through its scalar loop (a racy
 * count, which only moves the switch by a few runs), for good. Until C2 compiles a vector loop the
 * Vector API runs boxed, tens of times slower than the scalar loop; see {@link Kernels#WARMUP}.
 * Thread-safe.
 */
final class VectorSwitch {
    private final boolean usable;
    private final long threshold;
    private long seen;
    private volatile boolean on;

    /**
     * @param usable whether the vector loop may run at all on this JVM and machine
     * @param threshold elements to run first through the scalar loop; 0 switches at once, and
     *     {@code Long.MAX_VALUE} never
     */
    VectorSwitch(boolean usable, long threshold) {
        this.usable = usable && threshold != Long.MAX_VALUE;
        this.threshold = threshold;
        this.on = this.usable && threshold <= 0;
    }

    /** {@return whether a run of {@code n} elements takes the vector loop}; counts it if not */
    boolean take(long n) {
        if (on) {
            return true;
        }
        if (!usable) {
            return false;
        }
        long s = seen + n;
        seen = s;
        if (s < threshold) {
            return false;
        }
        on = true;
        return true;
    }
}
