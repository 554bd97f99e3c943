package org.ndpack.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.memory.Memory;

/**
 * Arrays over memory whose release is visible (not a test itself): an int64 array of 42s whose
 * release action counts itself and overwrites every element with {@link #POISON}, so a read of
 * released memory shows, and so does a second release. Built through ndpack's internal API (the
 * way imports and mappings wrap foreign memory), reachable here because jcstress runs on the class
 * path.
 */
final class PoisonedMemory {
    /** What released memory holds: 0xDEAD. */
    static final long POISON = 0xDEAD;

    private PoisonedMemory() {
    }

    /** {@return an owner array of {@code n} int64 42s whose releases are counted in {@code releases}} */
    static NDArray array(int n, AtomicInteger releases) {
        MemorySegment seg = Arena.ofAuto().allocate(8L * n, 8);
        for (int i = 0; i < n; i++) {
            seg.setAtIndex(ValueLayout.JAVA_LONG, i, 42);
        }
        Memory m = Memory.wrap(seg, () -> {
            releases.incrementAndGet();
            for (int i = 0; i < n; i++) {
                seg.setAtIndex(ValueLayout.JAVA_LONG, i, POISON);
            }
        });
        return Facade.of(NDArray.class).wrap(new ArrayImpl(m, DType.INT64, new long[] {n}, new long[] {1}, 0, ArrayImpl.OWNER));
    }
}
