package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The inner loop of a two-operand operation over one run of {@code n} elements: operand and
 * result positions are byte offsets into their segments, advancing by byte strides (0 for a
 * broadcast operand). Implementations are specialised per operation and dtypes
 * ({@link Specializer}); the N-d walk around them is {@link Strided}. Stateless and thread-safe.
 */
public interface Kernel2 {
    /** Runs {@code o[i] = f(a[i], b[i])} for {@code i} in {@code [0, n)}. */
    void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os);
}
