package org.ndpack.internal.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One region of native memory shared by every {@code NDArray} that views it: an allocation of
 * ours, an imported DLPack tensor or a mapped file.
 *
 * <p>Lifetime is ours, not FFM's: the segment has the global scope (so accesses pay no liveness
 * check and allocation pays no Arena handshake), and this class guarantees that the memory is
 * released exactly once and never while an operation holds a lease on it:
 * <ul>
 *   <li>small allocations come from {@link SlabAllocator} slabs, which carry the Cleaner for all
 *       their blocks; larger ones from {@code calloc}, each with its own Cleaner;</li>
 *   <li>{@link #acquire()} takes a lease, or throws {@link IllegalStateException} once the memory
 *       is closed; {@link #release()} gives it back;</li>
 *   <li>{@link #close()} marks the memory closed; the release action runs at once if no lease is
 *       held, otherwise when the last lease is given back;</li>
 *   <li>a {@link Cleaner} (the memory's own, or its slab's) closes the memory when this object becomes unreachable, that is when no
 *       array views it any more.</li>
 * </ul>
 * The lease count and the closed bit share one {@code int}, changed only by compare-and-set, so the
 * transition to "closed with no lease" happens once and its winner runs the release action.
 *
 * <p>A memory also carries what the opt-in concurrency tools share between all arrays viewing it:
 * its region lock ({@link RangeLock}) and its checked-mode race detector ({@link RaceDetector}),
 * each created on first use, so memory that is never locked or checked pays one null field each.
 *
 * <p>Thread-safe. Every array operation brackets its memory accesses with acquire/release, which
 * is what makes "close racing a reader" give either the value or an IllegalStateException, and
 * never a read of freed memory.
 */
public final class Memory {

    /** Releases the native resource; runs exactly once, on any thread, and must not throw. */
    @FunctionalInterface
    public interface Releaser {
        /** Releases the resource. */
        void release();
    }

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "ndpack-cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle RANGE_LOCK;
    private static final VarHandle DETECTOR;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RANGE_LOCK = l.findVarHandle(Memory.class, "rangeLock", RangeLock.class);
            DETECTOR = l.findVarHandle(Memory.class, "detector", RaceDetector.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The bytes of this memory (global scope: liveness is guarded by the leases, not by FFM). */
    public final MemorySegment segment;
    /** A number unique to this memory, increasing in creation order; orders lock acquisition. */
    public final long id;
    private final State state;
    /** The Cleaner registration, or null for slab blocks (their slab has the Cleaner). */
    private final Cleaner.Cleanable cleanable;
    /** Keeps a slab block's slab reachable for as long as this memory is. */
    @SuppressWarnings("unused")
    private final Object anchor;
    /** True if the bytes after the segment up to the next 4-byte boundary are ours to touch. */
    private final boolean padded;
    /** The region lock, created on first use (most memory is never locked). */
    private volatile RangeLock rangeLock;
    /** The checked mode's race detector, created on first use. */
    private volatile RaceDetector detector;

    private Memory(MemorySegment segment, Releaser releaser, Object anchor, boolean padded) {
        this.segment = segment;
        this.padded = padded;
        this.id = IDS.incrementAndGet();
        this.state = new State(releaser);
        this.anchor = anchor;
        this.cleanable = anchor == null ? CLEANER.register(this, state) : null;
    }

    /**
     * Allocates zeroed native memory aligned to {@link NativeAllocator#ALIGNMENT} bytes.
     *
     * @param byteSize the number of bytes, {@code >= 0}
     * @return the memory, counted in {@link NativeAllocator#liveBytes()} until released
     * @throws OutOfMemoryError if the C allocator fails
     */
    public static Memory allocate(long byteSize) {
        if (byteSize <= SlabAllocator.MAX_SMALL) {
            SlabAllocator.Block b = SlabAllocator.allocate(byteSize);
            return new Memory(b.segment(), b::free, b.slab(), true);
        }
        NativeAllocator.Block b = NativeAllocator.allocate(byteSize);
        return new Memory(b.segment(), b::free, null, true);
    }

    /**
     * Allocates native memory aligned to {@link NativeAllocator#ALIGNMENT} bytes whose contents
     * are unspecified (they may hold what an earlier, closed array wrote): the zeroing that
     * {@link #allocate} pays is skipped. Only for a result that the caller writes completely
     * before any other code can see it, and closes without handing it out if writing fails;
     * nothing else about the memory (lifetime, budget, Cleaner) differs from {@link #allocate}.
     *
     * @param byteSize the number of bytes, {@code >= 0}
     * @return the memory, counted in {@link NativeAllocator#liveBytes()} until released
     * @throws OutOfMemoryError if the C allocator fails
     */
    public static Memory allocateUninitialized(long byteSize) {
        if (byteSize <= SlabAllocator.MAX_SMALL) {
            return allocate(byteSize); // slab blocks are never reused: zeroed at no cost
        }
        NativeAllocator.Block b = NativeAllocator.allocateUninitialized(byteSize);
        return new Memory(b.segment(), b::free, null, true);
    }

    /**
     * Wraps memory owned by someone else (an imported tensor, a mapping). Its size is reported
     * in {@link NativeBudget#foreign()} until it is released, but not reserved against the limit.
     *
     * @param segment the bytes; its scope must stay alive until {@code releaser} runs
     * @param releaser what gives the memory back; runs exactly once, after the last lease
     * @return the memory
     */
    public static Memory wrap(MemorySegment segment, Releaser releaser) {
        long size = segment.byteSize();
        if (size == 0) {
            return new Memory(segment, releaser, null, false);
        }
        NativeBudget.foreign(size); // reported, not counted against the budget
        return new Memory(segment, () -> {
            NativeBudget.foreign(-size);
            releaser.release();
        }, null, false);
    }

    /**
     * {@return the segment, extended to the next 4-byte address boundary when the allocator
     * guarantees those bytes exist} Atomic updates of 1- and 2-byte elements compare-and-set the
     * aligned 4-byte word that contains them; this is the segment they use. For memory of our own
     * allocators the padding is always there (slab blocks are 64-byte slots; {@code calloc}
     * blocks are over-allocated by 64 bytes for alignment); foreign memory is not extended.
     */
    public MemorySegment wordSegment() {
        long end = segment.address() + segment.byteSize();
        long extra = (-end) & 3;
        if (!padded || extra == 0) {
            return segment;
        }
        return segment.reinterpret(segment.byteSize() + extra);
    }

    /** {@return this memory's region lock, created on first use} */
    RangeLock rangeLock() {
        RangeLock l = rangeLock;
        if (l == null) {
            RangeLock n = new RangeLock();
            l = (RangeLock) RANGE_LOCK.compareAndExchange(this, null, n);
            if (l == null) {
                l = n;
            }
        }
        return l;
    }

    /** {@return this memory's race detector, created on first use} */
    RaceDetector detector() {
        RaceDetector d = detector;
        if (d == null) {
            RaceDetector n = new RaceDetector(id);
            d = (RaceDetector) DETECTOR.compareAndExchange(this, null, n);
            if (d == null) {
                d = n;
            }
        }
        return d;
    }

    /** {@return the address of the first byte} */
    public long address() {
        return segment.address();
    }

    /** {@return the size in bytes} */
    public long byteSize() {
        return segment.byteSize();
    }

    /**
     * Takes a lease: the memory will not be released before the matching {@link #release()}.
     *
     * @throws IllegalStateException if the memory is closed
     */
    public void acquire() {
        state.acquire();
    }

    /** Gives back a lease taken by {@link #acquire()}; runs the release action if it was the last
     * lease on closed memory. */
    public void release() {
        state.release();
    }

    /**
     * Closes the memory: no new lease can be taken; the release action runs now or after the last
     * lease.
     *
     * @return false if the memory was already closed (by an earlier call or by the Cleaner)
     */
    public boolean close() {
        boolean first = state.close();
        if (first && cleanable != null) {
            cleanable.clean(); // unregisters; the action sees the memory closed and does nothing
        }
        return first;
    }

    /** {@return true once {@link #close()} has run or the Cleaner has closed the memory} */
    public boolean isClosed() {
        return state.word < 0;
    }

    /** {@return true once the release action has run} */
    public boolean isReleased() {
        return state.released;
    }

    /** The lease word and release action; also the Cleaner's action, so it must not refer to the
     * Memory object. */
    private static final class State implements Runnable {
        private static final int CLOSED = Integer.MIN_VALUE;
        private static final VarHandle WORD;

        static {
            try {
                WORD = MethodHandles.lookup().findVarHandle(State.class, "word", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Releaser releaser;
        /** Sign bit: closed. Low 31 bits: leases held. */
        private volatile int word;
        private volatile boolean released;

        State(Releaser releaser) {
            this.releaser = releaser;
        }

        void acquire() {
            int w;
            do {
                w = word;
                if (w < 0) {
                    throw new IllegalStateException("array memory is already closed");
                }
                if (w == Integer.MAX_VALUE) {
                    throw new IllegalStateException("too many concurrent leases on one array memory");
                }
            } while (!WORD.weakCompareAndSet(this, w, w + 1));
        }

        void release() {
            int w = (int) WORD.getAndAdd(this, -1) - 1;
            if (w == CLOSED) {
                free();
            }
        }

        boolean close() {
            int w;
            do {
                w = word;
                if (w < 0) {
                    return false;
                }
            } while (!WORD.weakCompareAndSet(this, w, w | CLOSED));
            if (w == 0) {
                free();
            }
            return true;
        }

        @Override
        public void run() {
            close();
        }

        private void free() {
            released = true;
            try {
                releaser.release();
            } catch (Throwable t) {
                // The release action runs on arbitrary threads (the Cleaner's among them); it must
                // never propagate. Report and go on: leaking is better than crashing.
                System.getLogger("org.ndpack").log(System.Logger.Level.ERROR, "ndpack: releasing native memory failed", t);
            }
        }
    }
}
