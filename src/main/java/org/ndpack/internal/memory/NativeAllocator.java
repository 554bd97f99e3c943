package org.ndpack.internal.memory;

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
 * call would hold back safepoints meanwhile. Every block is reserved against the
 * {@link NativeBudget} before {@code calloc} and given back after {@code free}. Thread-safe.
 */
public final class NativeAllocator {
    /** Alignment of every allocation's first byte. */
    public static final long ALIGNMENT = 64;
    private static final long CRITICAL_LIMIT = 1 << 16;

    private static final MethodHandle CALLOC;
    private static final MethodHandle CALLOC_CRITICAL;
    private static final MethodHandle FREE;
    private static final MethodHandle MADVISE;
    /** Allocations at least this large ask the kernel for transparent huge pages (as NumPy does). */
    private static final long HUGE_PAGE_MIN = 4L << 20;
    private static final int MADV_HUGEPAGE = 14; // Linux
    private static final long PAGE = 4096;
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
        MADVISE = System.getProperty("os.name", "").startsWith("Linux")
                ? linker.defaultLookup().find("madvise").map(m -> linker.downcallHandle(m,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT), Linker.Option.critical(false))).orElse(null)
                : null;
    }

    /**
     * Asks for transparent huge pages on the whole pages of a large block: first touches then fault
     * in 2 MiB at a time instead of 4 KiB, which makes filling (and freeing) a large new array
     * several times cheaper. Only a hint: errors are ignored.
     */
    private static void adviseHugePages(long address, long byteSize) {
        if (MADVISE == null || byteSize < HUGE_PAGE_MIN) {
            return;
        }
        long start = (address + PAGE - 1) & -PAGE;
        long end = (address + byteSize) & -PAGE;
        try {
            int ignored = (int) MADVISE.invokeExact(start, end - start, MADV_HUGEPAGE);
        } catch (Throwable t) {
            // a hint only
        }
    }

    private NativeAllocator() {
    }

    /** One allocation: the aligned segment handed out, and the pointer {@code calloc} returned. */
    public record Block(MemorySegment segment, long raw) {
        /** Frees the block and uncounts it. Call exactly once. */
        public void free() {
            LIVE.add(-segment.byteSize()); // first, so that live bytes never exceed reserved ones
            freeUncounted();
        }

        /** Frees the block without touching the live count (its budget reservation is given
         * back). Call exactly once. */
        void freeUncounted() {
            try {
                FREE.invokeExact(raw);
            } catch (Throwable t) {
                throw new AssertionError("free downcall failed", t);
            }
            NativeBudget.unreserve(segment.byteSize() + ALIGNMENT);
        }
    }

    /**
     * Allocates {@code byteSize} zeroed bytes whose first byte is {@link #ALIGNMENT}-aligned.
     *
     * @param byteSize number of bytes, {@code >= 0}
     * @return the block
     * @throws IllegalArgumentException if {@code byteSize} is negative or too large to pad
     * @throws OutOfMemoryError if the block would pass the {@link NativeBudget} limit, or
     *         {@code calloc} returns NULL, even after dropped arrays have been collected
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
        NativeBudget.reserve(total);
        long raw = calloc(total);
        if (raw == 0) {
            raw = NativeBudget.retryFailedAllocation(total, NativeAllocator::calloc);
        }
        long aligned = (raw + ALIGNMENT - 1) & -ALIGNMENT;
        adviseHugePages(aligned, byteSize);
        return new Block(MemorySegment.ofAddress(aligned).reinterpret(byteSize), raw);
    }

    /** {@return {@code calloc(1, total)}: the address, or 0 if it failed} */
    private static long calloc(long total) {
        try {
            return total <= CRITICAL_LIMIT
                    ? (long) CALLOC_CRITICAL.invokeExact(1L, total)
                    : (long) CALLOC.invokeExact(1L, total);
        } catch (Throwable t) {
            throw new AssertionError("calloc downcall failed", t);
        }
    }

    /** Adds {@code bytes} (negative to subtract) to the live count. */
    static void count(long bytes) {
        LIVE.add(bytes);
    }

    /** Retires the small-allocation slabs now in use; see {@link SlabAllocator#retireAll()}. */
    public static void retireSlabs() {
        SlabAllocator.retireAll();
    }

    /** {@return the number of bytes allocated here and not yet freed} */
    public static long liveBytes() {
        return LIVE.sum();
    }
}
