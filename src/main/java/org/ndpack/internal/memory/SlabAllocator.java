package org.ndpack.internal.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small allocations (at most {@link #MAX_SMALL} bytes) carved from 32 KiB native slabs.
 *
 * <p>Why: a {@link Cleaner} registration that is dropped rather than cleaned costs hundreds of
 * nanoseconds of reference processing, more than a whole small operation may cost. Small arrays
 * therefore have no Cleaner of their own: each one keeps its slab reachable, and the slab has one
 * Cleaner. A slab's memory is given back to the C library exactly once, when either
 * <ul>
 *   <li>the slab has been retired (it is full and no longer handed out) and every block carved
 *       from it has been released explicitly ({@code close()}), or</li>
 *   <li>the slab object has become unreachable, which means no array views any of its blocks.</li>
 * </ul>
 * Blocks are never reused within a slab (bump allocation), so every block starts zeroed.
 *
 * <p>Allocation is lock-free: a few slabs are shared by threads picked by thread id, each with a
 * compare-and-set bump pointer. Thread-safe.
 */
final class SlabAllocator {
    /** Largest request served from slabs. */
    static final long MAX_SMALL = 512;
    private static final long CHUNK = 32 * 1024;
    private static final long ALIGN = NativeAllocator.ALIGNMENT;

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "ndpack-slab-cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Slab[].class);
    private static final Slab[] slots = new Slab[Integer.highestOneBit(
            Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) << 1];
    private static final int MASK = slots.length - 1;

    private SlabAllocator() {
    }

    /** A block of a slab: the segment and the slab it must keep reachable. */
    record Block(MemorySegment segment, Slab slab) {
        /** Releases the block (explicit close path). Call exactly once. */
        void free() {
            slab.state.release(segment.byteSize());
        }
    }

    static Block allocate(long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) & -ALIGN);
        int i = (int) Thread.currentThread().threadId() & MASK;
        while (true) {
            Slab s = (Slab) SLOTS.getVolatile(slots, i);
            if (s == null) {
                SLOTS.compareAndSet(slots, i, null, new Slab());
                continue;
            }
            if (!s.state.tryAcquire()) {
                continue; // retired meanwhile: the slot already holds its successor
            }
            long t = s.bump(size);
            if (t >= 0) {
                s.state.outstanding.addAndGet(bytes);
                NativeAllocator.count(bytes);
                return new Block(s.chunk.asSlice(t, bytes), s);
            }
            s.state.releaseLease();
            if (SLOTS.compareAndSet(slots, i, s, new Slab())) {
                s.state.retire();
            }
        }
    }

    /**
     * Retires every slab now being carved, so that each is released as soon as its blocks are
     * (explicitly, or by its Cleaner once no array views it) instead of when it fills, and frees
     * the large blocks {@link NativeAllocator} keeps for reuse. For leak checks and the first step
     * of {@link NativeBudget}'s slow path; allocation goes on from fresh slabs. Thread-safe.
     */
    static void retireAll() {
        NativeAllocator.releaseCache();
        for (int i = 0; i < slots.length; i++) {
            Slab s = (Slab) SLOTS.getVolatile(slots, i);
            if (s != null && SLOTS.compareAndSet(slots, i, s, null)) {
                s.state.retire();
            }
        }
    }

    /** One chunk of native memory; reachable while any block carved from it is. */
    static final class Slab {
        private static final VarHandle TOP;

        static {
            try {
                TOP = MethodHandles.lookup().findVarHandle(Slab.class, "top", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final MemorySegment chunk;
        final State state;
        private volatile long top;

        Slab() {
            NativeAllocator.Block b = NativeAllocator.allocateUncounted(CHUNK);
            this.chunk = b.segment();
            this.state = new State(b);
            CLEANER.register(this, state);
        }

        /** {@return the offset of a new block of {@code size} bytes, or -1 if the slab is full} */
        long bump(long size) {
            long t;
            do {
                t = top;
                if (t + size > CHUNK) {
                    return -1;
                }
            } while (!TOP.weakCompareAndSet(this, t, t + size));
            return t;
        }
    }

    /** The slab's lifetime: blocks not yet released, the retired bit, and the chunk to free. */
    static final class State implements Runnable {
        private static final int RETIRED = Integer.MIN_VALUE;
        private static final VarHandle WORD;
        private static final VarHandle FREED;

        static {
            try {
                WORD = MethodHandles.lookup().findVarHandle(State.class, "word", int.class);
                FREED = MethodHandles.lookup().findVarHandle(State.class, "freed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final NativeAllocator.Block chunk;
        /** Bytes of blocks handed out and not yet released explicitly. */
        final AtomicLong outstanding = new AtomicLong();
        /** Sign bit: retired. Low bits: blocks handed out (or being handed out) and not released. */
        private volatile int word;
        private volatile boolean freed;

        State(NativeAllocator.Block chunk) {
            this.chunk = chunk;
        }

        boolean tryAcquire() {
            int w;
            do {
                w = word;
                if (w < 0) {
                    return false;
                }
            } while (!WORD.weakCompareAndSet(this, w, w + 1));
            return true;
        }

        void releaseLease() {
            if ((int) WORD.getAndAdd(this, -1) - 1 == RETIRED) {
                free();
            }
        }

        void release(long bytes) {
            outstanding.addAndGet(-bytes);
            NativeAllocator.count(-bytes);
            releaseLease();
        }

        void retire() {
            int w;
            do {
                w = word;
            } while (!WORD.weakCompareAndSet(this, w, w | RETIRED));
            if (w == 0) {
                free();
            }
        }

        /** Cleaner action: the slab is unreachable, so no block of it is in use. */
        @Override
        public void run() {
            NativeAllocator.count(-outstanding.getAndSet(0));
            free();
        }

        private void free() {
            if (FREED.compareAndSet(this, false, true)) {
                chunk.freeUncounted();
            }
        }
    }
}
