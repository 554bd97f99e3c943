package org.ndpack.python;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C heap ({@code malloc}/{@code free} of the C library), for the small native blocks the bridge
 * hands to C: buffer descriptors and DLPack wrappers. Stateless and thread-safe; neither method
 * throws, so both may be called from an upcall.
 */
final class CHeap {
    private static final MethodHandle MALLOC;
    private static final MethodHandle FREE;

    static {
        Linker linker = Linker.nativeLinker();
        MALLOC = linker.downcallHandle(linker.defaultLookup().find("malloc").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        FREE = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    }

    private CHeap() {
    }

    /** {@return the address of {@code size} new bytes, or 0 when {@code malloc} fails} */
    static long malloc(long size) {
        try {
            return (long) MALLOC.invokeExact(size);
        } catch (Throwable e) {
            return 0;
        }
    }

    /** Frees a block from {@link #malloc} (0 is ignored, as C's {@code free} does). */
    static void free(long p) {
        try {
            FREE.invokeExact(p);
        } catch (Throwable ignored) {
            // free does not fail
        }
    }
}
