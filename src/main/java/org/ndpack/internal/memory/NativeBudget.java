package org.ndpack.internal.memory;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongUnaryOperator;

/**
 * The limit on native memory that ndpack allocates itself, and what happens when it is reached.
 *
 * <p>Why: an array dropped without {@code close()} is freed by a Cleaner only after the garbage
 * collector has found its small heap object unreachable, and a collector that sees a small heap
 * has no reason to run. Without a limit, a loop that drops arrays grows native memory without
 * bound (gigabytes for a live set of megabytes). The JDK solves the same problem for direct
 * buffers ({@code -XX:MaxDirectMemorySize}, {@code java.nio.Bits.reserveMemory}); this class does
 * it the same way.
 *
 * <p>Every block ndpack obtains from {@code calloc} (large arrays, and the 32 KiB slabs small
 * arrays are carved from) is reserved here first, with its alignment padding. The fast path is one
 * compare-and-set that stays within the limit, so the bytes reserved never read above it, not even
 * for a moment. When a reservation would pass the limit, or when {@code calloc} fails, the slow
 * path retires the small-array slabs being carved (so that an idle, partly used slab does not pin
 * memory), asks the collector to run ({@link System#gc()}) so that
 * the Cleaners of unreachable arrays free their memory, and retries, waiting for frees with
 * doubling back-off (woken early by each free) for up to about a second, asking the collector
 * again when nothing is freed. Only then does it throw {@link OutOfMemoryError}, whose message
 * gives the request, the bytes reserved, the limit and the property that sets it. A single
 * request larger than the whole limit fails at once.
 *
 * <p>The limit is the system property {@value #PROPERTY}: a byte count with an optional
 * {@code k}, {@code m}, {@code g} or {@code t} suffix (binary units: {@code 512m}, {@code 4g}),
 * read once, when ndpack first allocates; a value that is not a size makes every allocation
 * throw {@link IllegalArgumentException} naming the property and the accepted forms. By default it is the larger of the JVM's maximum heap
 * ({@link Runtime#maxMemory()}, the default of {@code -XX:MaxDirectMemorySize}) and half of the
 * physical memory (the container's limit where there is one), so that numeric work whose arrays
 * outgrow the heap is not refused, while garbage arrays cannot exhaust the machine. The physical
 * memory is read only when a reservation would pass the maximum heap, or when the limit is asked
 * for (its first read costs tens of milliseconds, which a short program need not pay).
 *
 * <p>Memory ndpack does not own (imported DLPack tensors, mapped files) is not reserved; it is
 * counted separately, for reports. Thread-safe.
 */
public final class NativeBudget {
    /** The system property that sets the limit. */
    public static final String PROPERTY = "ndpack.maxNativeMemory";
    /** The most a limit may be (so that reservations cannot overflow a long). */
    private static final long MAX_LIMIT = 1L << 62;
    /** How long the slow path goes on trying before giving up, in milliseconds. */
    private static final long MAX_WAIT_MS = 1000;
    /** The longest single wait for a free, in milliseconds. */
    private static final long MAX_SLEEP_MS = 128;

    /** Why the property could not be used, or null: a bad value makes every allocation fail
     * with this message (through the slow path, so the fast path stays one compare-and-set). */
    private static final String CONFIG_ERROR;
    /**
     * The limit the fast path checks. Without the property it starts as the JVM's maximum heap,
     * which the default limit is never below, and becomes the default limit itself
     * ({@link #resolve()}) when a reservation would pass it or someone asks for the limit: the
     * physical memory is read through the {@code OperatingSystemMXBean}, whose first use costs
     * tens of milliseconds of class loading and file reading, only when it matters. A thread that
     * reads the lower value late only takes the slow path, which resolves it; so nothing is ever
     * let past the limit.
     */
    private static volatile long limit;
    /** Whether {@link #limit} is final (set by the property, or resolved); guarded by the class for writes. */
    private static volatile boolean resolved;

    static {
        String error = null;
        long lim;
        String property = System.getProperty(PROPERTY);
        boolean fixed = true;
        try {
            if (property != null) {
                lim = parseSize(property);
            } else {
                long heap = Runtime.getRuntime().maxMemory();
                lim = heap == Long.MAX_VALUE ? 0 : Math.min(heap, MAX_LIMIT);
                fixed = false;
            }
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
            lim = 0;
        }
        CONFIG_ERROR = error;
        limit = lim;
        resolved = fixed;
    }
    private static final AtomicLong RESERVED = new AtomicLong();
    private static final LongAdder FOREIGN = new LongAdder();
    private static final AtomicBoolean COLLECTING = new AtomicBoolean();
    private static final Object FREED = new Object();
    /** Threads in the slow path waiting for a free (frees notify only when there are some). */
    private static volatile int waiters;

    private NativeBudget() {
    }

    /**
     * {@return the limit in bytes}
     *
     * @throws IllegalArgumentException if the property's value is not a size
     */
    public static long limit() {
        checkConfig();
        resolve();
        return limit;
    }

    /** Sets {@link #limit} to the default limit if it is still the provisional one;
     * {@return whether it changed} */
    private static boolean resolve() {
        if (resolved) {
            return false;
        }
        synchronized (NativeBudget.class) {
            if (resolved) {
                return false;
            }
            limit = defaultLimit();
            resolved = true;
            return true;
        }
    }

    /**
     * {@return whether {@code bytes} would pass the limit} Reads the physical memory only when
     * {@code bytes} passes the provisional limit.
     */
    static boolean exceeds(long bytes) {
        if (bytes <= limit) {
            return false;
        }
        resolve();
        return bytes > limit;
    }

    private static void checkConfig() {
        if (CONFIG_ERROR != null) {
            throw new IllegalArgumentException(CONFIG_ERROR);
        }
    }

    /** {@return the bytes reserved now: ndpack's own blocks, with padding and whole slabs} */
    public static long reserved() {
        return RESERVED.get();
    }

    /** {@return the bytes of foreign memory (imports, mappings) viewed by live arrays} */
    public static long foreign() {
        return FOREIGN.sum();
    }

    /** Counts foreign memory coming ({@code bytes > 0}) or going ({@code bytes < 0}). */
    static void foreign(long bytes) {
        FOREIGN.add(bytes);
    }

    /**
     * Parses a size: digits with an optional binary suffix.
     *
     * @param text the property's value, e.g. {@code "512m"}
     * @return the bytes
     * @throws IllegalArgumentException if it is not a size in (0, 2^62]
     */
    static long parseSize(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int shift = -1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = -1;
            }
        }
        String digits = shift >= 0 ? t.substring(0, t.length() - 1) : t;
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badSize(text);
        }
        long n = Long.parseLong(digits);
        long bytes = n << Math.max(shift, 0);
        if (n == 0 || bytes <= 0 || bytes > MAX_LIMIT || bytes >>> Math.max(shift, 0) != n) {
            throw badSize(text);
        }
        return bytes;
    }

    private static IllegalArgumentException badSize(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return new IllegalArgumentException(PROPERTY + "=" + shown + ": not a size in bytes between 1 and 2^62"
                + " (digits with an optional k, m, g or t suffix, e.g. 512m or 4g)");
    }

    /** {@return the default limit: the larger of the maximum heap and half the physical memory} */
    static long defaultLimit() {
        long heap = Runtime.getRuntime().maxMemory();
        long physical = 0;
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                physical = os.getTotalMemorySize(); // the container's limit inside a container
            }
        } catch (RuntimeException | LinkageError e) {
            // no management support: the heap limit alone
        }
        long d = Math.max(heap == Long.MAX_VALUE ? 0 : heap, physical / 2);
        return d <= 0 ? MAX_LIMIT : Math.min(d, MAX_LIMIT);
    }

    /**
     * Reserves {@code bytes} against the limit, collecting dropped arrays first if needed.
     *
     * @throws OutOfMemoryError if the limit would be passed even after the collector has run
     * @throws IllegalArgumentException if the property's value is not a size
     */
    static void reserve(long bytes) {
        // compare-and-set, never add-then-undo: an optimistic add that overshot and was taken back
        // would let reserved() read above the limit for a moment (the memory soak's sampler saw
        // it), and would push a concurrent reservation that fits into the slow path for nothing
        if (tryReserve(bytes)) {
            return;
        }
        reserveSlow(bytes);
    }

    /** Gives back a reservation, waking threads waiting for memory. */
    static void unreserve(long bytes) {
        RESERVED.addAndGet(-bytes);
        if (waiters > 0) {
            synchronized (FREED) {
                FREED.notifyAll();
            }
        }
    }

    private static boolean tryReserve(long bytes) {
        long r;
        do {
            r = RESERVED.get();
            if (bytes > limit - r) { // not r + bytes > limit: that sum may wrap past Long.MAX_VALUE
                return false;
            }
        } while (!RESERVED.compareAndSet(r, r + bytes));
        return true;
    }

    private static void reserveSlow(long bytes) {
        checkConfig();
        if (resolve() && tryReserve(bytes)) {
            return; // within the default limit, past the provisional one
        }
        if (bytes > limit) {
            throw outOfMemory(bytes, "the request alone exceeds the limit");
        }
        if (underPressure(() -> tryReserve(bytes))) {
            return;
        }
        throw outOfMemory(bytes, "arrays still reachable hold it (dropped arrays were collected first)");
    }

    /**
     * After {@code calloc} failed for a block already reserved: collects dropped arrays and
     * retries, or gives the reservation back and throws.
     *
     * @param bytes the reserved size
     * @param calloc the allocation to retry; returns 0 on failure
     * @return the address {@code calloc} returned
     */
    static long retryFailedAllocation(long bytes, LongUnaryOperator calloc) {
        long[] raw = {0};
        if (underPressure(() -> (raw[0] = calloc.applyAsLong(bytes)) != 0)) {
            return raw[0];
        }
        unreserve(bytes);
        throw outOfMemory(bytes, "the C allocator (calloc) failed");
    }

    /** A retry of the slow path. */
    @FunctionalInterface
    private interface Attempt {
        boolean succeeded();
    }

    /**
     * Frees what can be freed and retries until {@code attempt} succeeds or about
     * {@link #MAX_WAIT_MS} pass: retires the slabs, runs the collector, waits for frees with
     * doubling back-off, and runs the collector again each time a wait frees nothing.
     */
    private static boolean underPressure(Attempt attempt) {
        SlabAllocator.retireAll();
        collect();
        long deadline = System.nanoTime() + MAX_WAIT_MS * 1_000_000;
        long sleep = 1;
        while (true) {
            if (attempt.succeeded()) {
                return true;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            if (!awaitFree(Math.min(sleep, left))) {
                sleep = Math.min(sleep * 2, MAX_SLEEP_MS);
                collect();
            }
        }
    }

    /** Runs the collector, once at a time however many threads ask. */
    private static void collect() {
        if (COLLECTING.compareAndSet(false, true)) {
            try {
                System.gc();
            } finally {
                COLLECTING.set(false);
            }
        }
    }

    /** Waits up to {@code ms} for a free; {@return true if one came before the time was up} */
    private static boolean awaitFree(long ms) {
        long start = System.nanoTime();
        synchronized (FREED) {
            waiters++;
            try {
                FREED.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiters--;
            }
        }
        return System.nanoTime() - start < ms * 1_000_000;
    }

    private static OutOfMemoryError outOfMemory(long bytes, String why) {
        resolve(); // the message gives the limit itself
        return new OutOfMemoryError("ndpack: cannot allocate " + bytes + " bytes of native memory: " + why + "; "
                + RESERVED.get() + " bytes are in use (" + NativeAllocator.liveBytes() + " in live arrays) of a limit of "
                + limit + " bytes (-D" + PROPERTY + (System.getProperty(PROPERTY) == null ? ", default" : "=" + System.getProperty(PROPERTY))
                + "); " + foreign() + " bytes of imported or mapped memory are not counted. Close arrays when done"
                + " with them, or raise the limit, e.g. -D" + PROPERTY + "=" + suggestion(bytes));
    }

    /** {@return a limit that would have held this request, in gigabytes, for the message} */
    private static String suggestion(long bytes) {
        long need = Math.max(limit, RESERVED.get() + bytes);
        return ((need >> 30) + 1) * 2 + "g";
    }
}
