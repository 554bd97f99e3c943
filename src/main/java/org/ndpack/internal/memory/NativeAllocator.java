package org.ndpack.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Zeroed, aligned native allocations through the C library's {@code calloc} and {@code free},
 * called through FFM downcalls, and the count of bytes currently allocated. Results that are
 * written completely before anyone sees them skip the zeroing ({@link #allocateUninitialized}:
 * {@code malloc}, and a reused block as its last array left it).
 *
 * <p>Small blocks use critical downcalls (no thread-state transition: a few nanoseconds); large
 * ones use ordinary downcalls, because {@code calloc} may zero or map many pages and a critical
 * call would hold back safepoints meanwhile. Every block is reserved against the
 * {@link NativeBudget} before {@code calloc} and given back after {@code free}.
 *
 * <p>Freed blocks of 64 KiB to 128 MiB are kept for reuse, in eight slots and at most
 * {@link #CACHE_BYTES} in all (when either runs out, the blocks kept longest are freed to make
 * room for the one freed last), as NumPy's allocator and the C library do for their own sizes: a
 * new array of the same size then costs a memset of warm pages instead of fresh pages from the
 * kernel (a page fault per 4 KiB, and the kernel zeroing each) and their unmapping at the next
 * free. Of several kept blocks of one size the most recently freed is reused first: its lines
 * are the likeliest to be still in a cache. Kept blocks of 4 MiB and more are handed to the kernel
 * with {@code MADV_FREE} (see {@link #adviseFree}) once more than {@link #WARM_BYTES} of them
 * would otherwise stay kept without it, those kept longest first (each is advised once, and a
 * block freed again and again stays warm however many blocks kept before it sit unused): that
 * advice, and the write faults or dirty-bit updates after it, cost a 1M-element float32 add more
 * than the add itself, so a working set of that size stays as the C library would keep it (its heap keeps up to 64 MiB of freed memory untrimmed).
 * A kept block is zeroed when handed out again by {@link #allocate}, so a new array reads as
 * zeros exactly as from {@code calloc} ({@link #allocateUninitialized} skips that); it is only
 * ever reused after {@link Block#free()}, that is after its array was closed or collected, so no lifetime guarantee changes. A kept block gives its reservation
 * back to the {@link NativeBudget} (so closing an array shows at once in
 * {@link NativeBudget#reserved()}) and takes one again when reused; the kept blocks are freed for
 * real when what is reserved plus what is kept would pass the limit, and when the budget runs short
 * ({@link SlabAllocator#retireAll()}, the first step of its slow path), so the limit still bounds
 * everything ndpack holds (up to the blocks of allocations racing on other threads at that
 * moment). {@link #liveBytes()} counts only blocks handed out.
 *
 * <p>Start-up blocks: until the first downcall is needed, a block of at most
 * {@link #STARTUP_MAX_BLOCK} bytes is taken from a shared {@link Arena} of its own (the JDK's
 * allocator: {@code malloc} and a {@code memset} inside the JVM, no downcall), and freed by closing
 * that arena, at the same moment {@link Block#free()} would call {@code free}. The first FFM
 * downcall costs 60 to 100 ms of set-up (the linker, and a stub generated per signature, a few ms
 * each more); a short program that allocates only a few small blocks never pays it. At most
 * {@code ndpack.startupBlocks} blocks (default {@link #STARTUP_BLOCKS_DEFAULT}; 0 turns this off)
 * and {@link #STARTUP_BYTES} bytes in all go this way (such blocks count against the JDK's limit
 * for direct memory too, which is why the bytes are bounded); after that, or from the first
 * larger block on, every block comes from the C library. A start-up block is never kept for reuse,
 * and closing a shared arena costs a handshake with the JVM's threads (some microseconds), which is
 * why this stops after a few blocks. Thread-safe.
 */
public final class NativeAllocator {
    /** Alignment of every allocation's first byte. */
    public static final long ALIGNMENT = 64;
    private static final long CRITICAL_LIMIT = 1 << 16;

    /** Allocations at least this large ask the kernel for transparent huge pages (as NumPy does). */
    private static final long HUGE_PAGE_MIN = 4L << 20;
    private static final int MADV_HUGEPAGE = 14; // Linux
    private static final long PAGE = 4096;
    private static final LongAdder LIVE = new LongAdder();
    private static final int MADV_FREE = 8; // Linux
    /** Smallest and largest block (padding included) kept for reuse: the largest is a 16M-element
     * float64 array, the size at which a fresh block's page faults cost a third of an exp. */
    private static final long CACHE_MIN = CRITICAL_LIMIT + ALIGNMENT;
    private static final long CACHE_MAX = (128L << 20) + ALIGNMENT;
    /** Most bytes kept for reuse at once. */
    static final long CACHE_BYTES = 256L << 20;
    /** Most bytes of kept blocks left without {@code MADV_FREE} advice (the others are advised). */
    static final long WARM_BYTES = 32L << 20;
    /** The kept blocks: raw pointers, their total sizes, when each was kept (a count: the largest
     * is the most recent) and whether it was kept without advice, in slots; guarded by CACHE_LOCK. */
    private static final int CACHE_SLOTS = 8;
    private static final long[] CACHE_RAW = new long[CACHE_SLOTS];
    private static final long[] CACHE_SIZE = new long[CACHE_SLOTS];
    private static final long[] CACHE_STAMP = new long[CACHE_SLOTS];
    private static final boolean[] CACHE_WARM = new boolean[CACHE_SLOTS];
    private static final Object CACHE_LOCK = new Object();
    private static long cachedBytes;
    /** Bytes of the kept blocks left without advice. */
    private static long warmBytes;
    private static long stamps;

    /** Start-up blocks at most, by default; see the class comment. */
    static final int STARTUP_BLOCKS_DEFAULT = 64;
    /** Largest start-up block (alignment padding included): larger ones are better off with
     * {@code calloc}'s fresh zero pages than with the JDK's eager {@code memset}. */
    static final long STARTUP_MAX_BLOCK = (16L << 20) + ALIGNMENT;
    /** Most bytes handed out as start-up blocks in all: a quarter of the default limit of the JDK's
     * direct memory (the maximum heap), at most 64 MiB. */
    static final long STARTUP_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 4);
    /** Start-up blocks left to hand out; 0 from the first downcall on. */
    private static final AtomicInteger STARTUP_BLOCKS_LEFT = new AtomicInteger(
            Math.max(0, Integer.getInteger("ndpack.startupBlocks", STARTUP_BLOCKS_DEFAULT)));
    /** Bytes left to hand out as start-up blocks. */
    private static final AtomicLong STARTUP_BYTES_LEFT = new AtomicLong(STARTUP_BYTES);
    /** Largest start-up block (padding included) copied from {@link #zeroSource}. */
    static final long ZERO_SOURCE_BYTES = (1L << 20) + ALIGNMENT;
    /** Zeros that start-up blocks up to {@link #ZERO_SOURCE_BYTES} are copied from; made when
     * first needed, dropped when the start-up blocks end. */
    private static volatile byte[] zeroSource;

    /** {@return the signature of {@code calloc(n, size)}, and of {@code realloc(NULL, size)}, which
     * is {@code malloc(size)} with the same stub (one signature fewer to generate)} Made when a
     * handle is, not in a field: the descriptor's classes are not needed before. */
    private static FunctionDescriptor callocType() {
        return FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    }

    /**
     * {@return a downcall handle to the C library's {@code name}}
     *
     * @throws java.util.NoSuchElementException if the C library lacks it
     */
    private static MethodHandle downcall(String name, FunctionDescriptor type, Linker.Option... options) {
        endStartup(); // the linker's set-up is paid now: no reason left for start-up blocks
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), type, options);
    }

    // Each downcall handle is made when first used, in a holder class of its own: every distinct
    // signature and option set costs a generated stub (milliseconds at start-up), and a program
    // uses only some of them (no madvise without a large block, no plain calloc without one).

    /** {@code calloc}, for large blocks: an ordinary downcall. */
    private static final class Calloc {
        static final MethodHandle H = downcall("calloc", callocType());
    }

    /** {@code calloc}, for small blocks: a critical downcall. */
    private static final class CallocCritical {
        static final MethodHandle H = downcall("calloc", callocType(), Linker.Option.critical(false));
    }

    /** {@code realloc(NULL, size)}, that is {@code malloc(size)}, for large blocks: the stub of
     * {@link Calloc}. */
    private static final class Malloc {
        static final MethodHandle H = downcall("realloc", callocType());
    }

    /** {@code realloc(NULL, size)} for small blocks: the stub of {@link CallocCritical}. */
    private static final class MallocCritical {
        static final MethodHandle H = downcall("realloc", callocType(), Linker.Option.critical(false));
    }

    /** {@code free}. */
    private static final class Free {
        static final MethodHandle H = downcall("free", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG),
                Linker.Option.critical(false));
    }

    /** {@code madvise} on Linux, else null (the hints are then skipped). */
    private static final class Madvise {
        static final MethodHandle H = System.getProperty("os.name", "").startsWith("Linux")
                && Linker.nativeLinker().defaultLookup().find("madvise").isPresent()
                ? downcall("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), Linker.Option.critical(false))
                : null;
    }

    /**
     * Asks for transparent huge pages on the whole pages of a large block: first touches then fault
     * in 2 MiB at a time instead of 4 KiB, which makes filling (and freeing) a large new array
     * several times cheaper. Only a hint: errors are ignored.
     */
    private static void adviseHugePages(long address, long byteSize) {
        if (byteSize < HUGE_PAGE_MIN || Madvise.H == null) {
            return;
        }
        long start = (address + PAGE - 1) & -PAGE;
        long end = (address + byteSize) & -PAGE;
        try {
            int ignored = (int) Madvise.H.invokeExact(start, end - start, MADV_HUGEPAGE);
        } catch (Throwable t) {
            // a hint only
        }
    }

    /**
     * Tells the kernel that the whole pages of a kept large block may be reclaimed if memory runs
     * short ({@code MADV_FREE}): until then they stay mapped and a reuse writes them without a
     * fault; once reclaimed they read as zeros. So a kept block costs the system nothing it needs.
     * Only a hint: errors are ignored.
     */
    private static void adviseFree(long raw, long total) {
        if (total < HUGE_PAGE_MIN || Madvise.H == null) {
            return;
        }
        long start = (raw + PAGE - 1) & -PAGE;
        long end = (raw + total) & -PAGE;
        try {
            int ignored = (int) Madvise.H.invokeExact(start, end - start, MADV_FREE);
        } catch (Throwable t) {
            // a hint only
        }
    }

    private NativeAllocator() {
    }

    /**
     * One allocation: the aligned segment handed out (global scope), the pointer {@code calloc}
     * returned, and for a start-up block the shared arena that owns it (else null).
     */
    public record Block(MemorySegment segment, long raw, Arena arena) {
        /** Frees the block and uncounts it. Call exactly once. */
        public void free() {
            LIVE.add(-segment.byteSize()); // first, so that live bytes never exceed reserved ones
            if (arena != null || !keep(raw, segment.byteSize() + ALIGNMENT)) {
                freeUncounted();
            }
        }

        /** Frees the block without touching the live count (its budget reservation is given
         * back). Call exactly once. */
        void freeUncounted() {
            if (arena != null) {
                arena.close(); // a start-up block: freed now, as free() would
            } else {
                try {
                    Free.H.invokeExact(raw);
                } catch (Throwable t) {
                    throw new AssertionError("free downcall failed", t);
                }
            }
            NativeBudget.unreserve(segment.byteSize() + ALIGNMENT);
        }
    }

    /** Ends the start-up blocks: from now on every block comes from the C library. */
    static void endStartup() {
        STARTUP_BLOCKS_LEFT.set(0);
        zeroSource = null;
    }

    /** Hands out up to {@code blocks} more start-up blocks, within {@code bytes} (tests only). */
    static void restartStartup(int blocks, long bytes) {
        STARTUP_BYTES_LEFT.set(bytes);
        STARTUP_BLOCKS_LEFT.set(blocks);
    }

    /** {@return whether start-up blocks may still be handed out} */
    static boolean inStartup() {
        return STARTUP_BLOCKS_LEFT.get() > 0;
    }

    /**
     * {@return a start-up block of {@code byteSize} zeroed bytes (total with padding:
     * {@code total}), or null if the start-up blocks are over or this one does not fit them}
     */
    private static Block startupBlock(long byteSize, long total) {
        if (total > STARTUP_MAX_BLOCK || STARTUP_BLOCKS_LEFT.get() <= 0) {
            return null;
        }
        if (STARTUP_BYTES_LEFT.addAndGet(-total) < 0) {
            STARTUP_BYTES_LEFT.addAndGet(total);
            return null;
        }
        // never below 0, so that endStartup's 0 cannot be undone by a racing refusal
        int left;
        do {
            left = STARTUP_BLOCKS_LEFT.get();
            if (left <= 0) {
                STARTUP_BYTES_LEFT.addAndGet(total);
                return null;
            }
        } while (!STARTUP_BLOCKS_LEFT.compareAndSet(left, left - 1));
        Arena arena = Arena.ofShared();
        long address;
        try {
            byte[] zeros = total <= ZERO_SOURCE_BYTES ? zeroSource() : null;
            if (zeros != null) {
                // Arena.allocate zeroes in a Java loop, which a fresh JVM runs interpreted (about
                // 4 ms for 400 KB); allocateFrom leaves that out and copies (0.1-0.3 ms)
                MemorySegment owned = arena.allocateFrom(ValueLayout.JAVA_BYTE, MemorySegment.ofArray(zeros),
                        ValueLayout.JAVA_BYTE, 0, total);
                address = (owned.address() + ALIGNMENT - 1) & -ALIGNMENT;
            } else {
                // zeroed by the JDK: the loop is compiled on the stack after about 500 KB
                address = arena.allocate(Math.max(1, byteSize), ALIGNMENT).address();
            }
        } catch (OutOfMemoryError e) {
            // the JDK's direct-memory limit (-XX:MaxDirectMemorySize) or malloc said no: the C
            // library's path, with the budget's retries, takes it from here
            arena.close();
            endStartup();
            return null;
        }
        return new Block(MemorySegment.ofAddress(address).reinterpret(byteSize), address, arena);
    }

    /** {@return the zeros start-up blocks are copied from, or null once they are over} */
    private static byte[] zeroSource() {
        byte[] z = zeroSource;
        if (z == null && inStartup()) {
            z = new byte[(int) ZERO_SOURCE_BYTES]; // two threads racing here each make one: both zeros
            zeroSource = z;
            if (!inStartup()) {
                zeroSource = null; // the start-up blocks ended meanwhile: not kept
            }
        }
        return z;
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
        Block b = allocateUncounted(byteSize, true);
        LIVE.add(byteSize);
        return b;
    }

    /**
     * As {@link #allocate}, but the bytes are <em>not</em> zeroed: a reused block keeps what its
     * last array wrote, a fresh one comes from {@code malloc}. Only for results that the caller
     * writes completely before any other code can see them, and closes unseen if that fails.
     *
     * @param byteSize number of bytes, {@code >= 0}
     * @return the block, its contents unspecified
     * @throws IllegalArgumentException if {@code byteSize} is negative or too large to pad
     * @throws OutOfMemoryError as {@link #allocate}
     */
    public static Block allocateUninitialized(long byteSize) {
        Block b = allocateUncounted(byteSize, false);
        LIVE.add(byteSize);
        return b;
    }

    /** As {@link #allocate}, without counting the bytes (slab chunks count their blocks instead). */
    static Block allocateUncounted(long byteSize) {
        return allocateUncounted(byteSize, true);
    }

    /** As {@link #allocateUncounted(long)}; {@code zero}: the bytes must read as zeros. */
    private static Block allocateUncounted(long byteSize, boolean zero) {
        if (byteSize < 0 || byteSize > Long.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("allocation of " + byteSize + " bytes: size must be in [0, 2^63 - 65]");
        }
        long total = byteSize + ALIGNMENT;
        NativeBudget.reserve(total); // under pressure this frees the kept blocks first
        Block early = startupBlock(byteSize, total);
        if (early != null) {
            return early;
        }
        long kept = reuse(total);
        if (kept != 0) {
            MemorySegment block = MemorySegment.ofAddress((kept + ALIGNMENT - 1) & -ALIGNMENT).reinterpret(byteSize);
            if (zero) {
                block.fill((byte) 0);
            }
            return new Block(block, kept, null);
        }
        if (cachedBytes() > 0 && NativeBudget.exceeds(NativeBudget.reserved() + cachedBytes())) {
            releaseCache(); // what is reserved plus what is kept stays within the limit
        }
        long raw = zero ? calloc(total) : malloc(total);
        if (raw == 0) {
            raw = NativeBudget.retryFailedAllocation(total, zero ? NativeAllocator::calloc : NativeAllocator::malloc);
        }
        long aligned = (raw + ALIGNMENT - 1) & -ALIGNMENT;
        adviseHugePages(aligned, byteSize);
        return new Block(MemorySegment.ofAddress(aligned).reinterpret(byteSize), raw, null);
    }

    /**
     * Keeps a freed block of {@code total} bytes for reuse, making room by freeing the blocks kept
     * longest; {@return false if its size is outside the kept range}
     */
    private static boolean keep(long raw, long total) {
        if (total < CACHE_MIN || total > CACHE_MAX) {
            return false;
        }
        boolean large = total >= HUGE_PAGE_MIN; // smaller blocks are never advised
        boolean warm = large && total <= WARM_BYTES;
        if (large && !warm) {
            // before the block is visible to reuse: advice given after a reuse's writes could drop them
            adviseFree(raw, total);
        }
        long[] evicted = new long[CACHE_SLOTS]; // before the lock: nothing below can fail midway
        int n = 0;
        long evictedBytes = 0;
        synchronized (CACHE_LOCK) {
            // the block freed last is the likeliest to be reused next (and reuse takes the newest
            // first), so it is kept (warm if it may be); the blocks kept longest make room, their
            // bytes still counted as kept until they are freed below
            while (!hasFreeSlot() || cachedBytes - evictedBytes + total > CACHE_BYTES) {
                int i = oldestSlot(false);
                evicted[n++] = CACHE_RAW[i];
                evictedBytes += CACHE_SIZE[i];
                CACHE_RAW[i] = 0;
                if (CACHE_WARM[i]) {
                    warmBytes -= CACHE_SIZE[i];
                }
            }
            if (warm) {
                while (warmBytes + total > WARM_BYTES) {
                    coolOldestWarm();
                }
            }
            insert(raw, total, warm);
        }
        // counted as kept before it stops being reserved: reserved + kept never undercounts
        NativeBudget.unreserve(total);
        for (int i = 0; i < n; i++) {
            freeRaw(evicted[i]);
        }
        if (evictedBytes > 0) {
            synchronized (CACHE_LOCK) {
                cachedBytes -= evictedBytes;
            }
        }
        return true;
    }

    /**
     * {@return the slot of the block kept longest, of the warm ones only if {@code warmOnly}}
     * Hold CACHE_LOCK; such a block must exist.
     */
    private static int oldestSlot(boolean warmOnly) {
        int oldest = -1;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (CACHE_RAW[i] != 0 && (CACHE_WARM[i] || !warmOnly) && (oldest < 0 || CACHE_STAMP[i] < CACHE_STAMP[oldest])) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** Gives a block taken out of the cache back to the C library. */
    private static void freeRaw(long raw) {
        try {
            Free.H.invokeExact(raw);
        } catch (Throwable t) {
            throw new AssertionError("free downcall failed", t);
        }
    }

    /** {@return whether a slot is free} Hold CACHE_LOCK. */
    private static boolean hasFreeSlot() {
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (CACHE_RAW[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Advises the warm block kept longest ({@link #adviseFree}) and counts it as cold from now on.
     * Hold CACHE_LOCK, and call only while {@link #warmBytes} is positive: the advice is given with
     * the lock held, so no thread can be reusing (writing) the block meanwhile.
     */
    private static void coolOldestWarm() {
        int oldest = oldestSlot(true);
        adviseFree(CACHE_RAW[oldest], CACHE_SIZE[oldest]);
        CACHE_WARM[oldest] = false;
        warmBytes -= CACHE_SIZE[oldest];
    }

    /** Puts a block in a free slot; {@return false if none is free}. Hold CACHE_LOCK. */
    private static boolean insert(long raw, long total, boolean warm) {
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (CACHE_RAW[i] == 0) {
                CACHE_RAW[i] = raw;
                CACHE_SIZE[i] = total;
                CACHE_STAMP[i] = ++stamps;
                CACHE_WARM[i] = warm;
                cachedBytes += total;
                if (warm) {
                    warmBytes += total;
                }
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the most recently kept block of exactly {@code total} bytes, taken out of the
     * cache, or 0}
     */
    private static long reuse(long total) {
        if (total < CACHE_MIN || total > CACHE_MAX) {
            return 0;
        }
        synchronized (CACHE_LOCK) {
            int best = -1;
            for (int i = 0; i < CACHE_SLOTS; i++) {
                if (CACHE_RAW[i] != 0 && CACHE_SIZE[i] == total && (best < 0 || CACHE_STAMP[i] > CACHE_STAMP[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return 0;
            }
            long raw = CACHE_RAW[best];
            CACHE_RAW[best] = 0;
            cachedBytes -= total;
            if (CACHE_WARM[best]) {
                warmBytes -= total;
            }
            return raw;
        }
    }

    /** Frees every kept block (when the budget runs short). */
    static void releaseCache() {
        long[] raws = new long[CACHE_SLOTS];
        long bytes = 0;
        synchronized (CACHE_LOCK) {
            for (int i = 0; i < CACHE_SLOTS; i++) {
                raws[i] = CACHE_RAW[i];
                if (raws[i] != 0) {
                    bytes += CACHE_SIZE[i];
                }
                CACHE_RAW[i] = 0;
            }
            warmBytes = 0;
        }
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (raws[i] != 0) {
                freeRaw(raws[i]);
            }
        }
        synchronized (CACHE_LOCK) {
            cachedBytes -= bytes; // counted as kept until freed, so that kept never undercounts
        }
    }

    /** {@return the bytes of kept blocks left without {@code MADV_FREE} advice} */
    static long warmBytes() {
        synchronized (CACHE_LOCK) {
            return warmBytes;
        }
    }

    /** {@return the bytes of freed blocks kept for reuse} */
    static long cachedBytes() {
        synchronized (CACHE_LOCK) {
            return cachedBytes;
        }
    }

    /** {@return {@code calloc(1, total)}: the address, or 0 if it failed} */
    private static long calloc(long total) {
        try {
            return total <= CRITICAL_LIMIT
                    ? (long) CallocCritical.H.invokeExact(1L, total)
                    : (long) Calloc.H.invokeExact(1L, total);
        } catch (Throwable t) {
            throw new AssertionError("calloc downcall failed", t);
        }
    }

    /** {@return {@code malloc(total)}: the address, or 0 if it failed} */
    private static long malloc(long total) {
        try {
            return total <= CRITICAL_LIMIT
                    ? (long) MallocCritical.H.invokeExact(0L, total)
                    : (long) Malloc.H.invokeExact(0L, total);
        } catch (Throwable t) {
            throw new AssertionError("malloc downcall failed", t);
        }
    }

    /** Adds {@code bytes} (negative to subtract) to the live count. */
    static void count(long bytes) {
        LIVE.add(bytes);
    }

    /** Retires the small-allocation slabs now in use and frees the blocks kept for reuse; see
     * {@link SlabAllocator#retireAll()}. */
    public static void retireSlabs() {
        SlabAllocator.retireAll();
    }

    /** {@return the number of bytes allocated here and not yet freed} */
    public static long liveBytes() {
        return LIVE.sum();
    }
}
