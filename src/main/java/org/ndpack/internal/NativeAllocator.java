package org.ndpack.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Zeroed, aligned native allocations through the C library's {@code calloc} and {@code free},
 * called through FFM downcalls, and the count of bytes currently allocated.
 *
 * <p>Small blocks use critical downcalls (no thread-state transition: a few nanoseconds); large
 * ones use ordinary downcalls, because {@code calloc} may zero or map many pages and a critical
 * call would hold back safepoints meanwhile. Thread-safe.
 */
public final class NativeAllocator {
    /** Alignment of every allocation's first byte. */
    public static final long ALIGNMENT = 64;
    private static final long CRITICAL_LIMIT = 1 << 16;

    private static final MethodHandle CALLOC;
    private static final MethodHandle CALLOC_CRITICAL;
    private static final MethodHandle FREE;
    private static final LongAdder LIVE = new LongAdder();

    static {
        Linker linker = Linker.nativeLinker();
        MemorySegment calloc = linker.defaultLookup().find("calloc").orElseThrow();
        MemorySegment free = linker.defaultLookup().find("free").orElseThrow();
        FunctionDescriptor callocType = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG);
        CALLOC = linker.downcallHandle(calloc, callocType);
        CALLOC_CRITICAL = linker.downcallHandle(calloc, callocType, Linker.Option.critical(false));
        FREE = linker.downcallHandle(free, FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG),
                Linker.Option.critical(false));
    }

    private NativeAllocator() {
    }

    /** One allocation: the aligned segment handed out, and the pointer {@code calloc} returned. */
    public record Block(MemorySegment segment, long raw) {
        /** Frees the block and uncounts it. Call exactly once. */
        public void free() {
            freeUncounted();
            LIVE.add(-segment.byteSize());
        }

        /** Frees the block without touching the count. Call exactly once. */
        void freeUncounted() {
            try {
                FREE.invokeExact(raw);
            } catch (Throwable t) {
                throw new AssertionError("free downcall failed", t);
            }
        }
    }

    /**
     * Allocates {@code byteSize} zeroed bytes whose first byte is {@link #ALIGNMENT}-aligned.
     *
     * @param byteSize number of bytes, {@code >= 0}
     * @return the block
     * @throws IllegalArgumentException if {@code byteSize} is negative or too large to pad
     * @throws OutOfMemoryError if {@code calloc} returns NULL
     */
    public static Block allocate(long byteSize) {
        Block b = allocateUncounted(byteSize);
        LIVE.add(byteSize);
        return b;
    }

    /** As {@link #allocate}, without counting the bytes (slab chunks count their blocks instead). */
    static Block allocateUncounted(long byteSize) {
        if (byteSize < 0 || byteSize > Long.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("allocation of " + byteSize + " bytes: size must be in [0, 2^63 - 65]");
        }
        long total = byteSize + ALIGNMENT;
        long raw;
        try {
            raw = total <= CRITICAL_LIMIT
                    ? (long) CALLOC_CRITICAL.invokeExact(1L, total)
                    : (long) CALLOC.invokeExact(1L, total);
        } catch (Throwable t) {
            throw new AssertionError("calloc downcall failed", t);
        }
        if (raw == 0) {
            throw new OutOfMemoryError("ndpack: calloc could not allocate " + byteSize + " bytes of native memory");
        }
        long aligned = (raw + ALIGNMENT - 1) & -ALIGNMENT;
        return new Block(MemorySegment.ofAddress(aligned).reinterpret(byteSize), raw);
    }

    /** Adds {@code bytes} (negative to subtract) to the live count. */
    static void count(long bytes) {
        LIVE.add(bytes);
    }

    /** {@return the number of bytes allocated here and not yet freed} */
    public static long liveBytes() {
        return LIVE.sum();
    }
}
