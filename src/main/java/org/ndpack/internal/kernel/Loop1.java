package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * Template of the portable one-operand loop, element at a time; see {@link Loop2}.
 */
final class Loop1 implements Kernel1 {
    private static final Elem.E1 F = (Elem.E1) Specializer.data(MethodHandles.lookup());

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os) {
        for (long i = 0; i < n; i++) {
            F.apply(a, ao + i * as, o, oo + i * os);
        }
    }
}
