package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The inner loop of a one-operand operation (a unary function or a cast) over one run; see
 * {@link Kernel2}. Stateless and thread-safe.
 */
public interface Kernel1 {
    /** Runs {@code o[i] = f(a[i])} for {@code i} in {@code [0, n)}. */
    void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os);
}
