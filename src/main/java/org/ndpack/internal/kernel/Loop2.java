package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * Template of the portable two-operand loop, element at a time. Never used as is:
 * {@link Specializer} defines a hidden-class copy of it per element function, whose {@code F} is
 * that function as a constant, so each copy compiles to its own loop with the function inlined.
 * Real functions over float32 or float64 alone get {@link Loop2F32} or its float64 twin, which
 * run contiguous runs through heap arrays and the rest through this loop.
 */
final class Loop2 implements Kernel2 {
    private static final Elem.E2 F = (Elem.E2) Specializer.data(MethodHandles.lookup());

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        for (long i = 0; i < n; i++) {
            F.apply(a, ao + i * as, b, bo + i * bs, o, oo + i * os);
        }
    }
}
