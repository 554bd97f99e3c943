package org.ndpack.torch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Iterator;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * The {@link Tensor} that {@link Torch#toTensor} returns: an owned JavaCPP {@code Tensor} whose
 * {@code at::Tensor} lives in an 8-byte slot that ndpack-torch allocates ({@code malloc}) and
 * frees itself, instead of one that JavaCPP allocates and registers.
 *
 * <p>Why: every owned object JavaCPP hands out registers a deallocator, and that registration
 * samples the process's physical memory ({@code Pointer.physicalBytesInaccurate}, about 0.6 us:
 * it reads {@code /proc}) under a global lock, then links a {@code PhantomReference} into a
 * global list; the free unlinks it under the lock. That alone costs more than the whole exchange.
 * This class keeps JavaCPP's ownership contract but not its accounting:
 * <ul>
 *   <li>{@code close()}, {@code deallocate()} and {@code releaseReference()} reaching zero free the
 *       tensor exactly once: {@code at::Tensor::reset()} (dropping libtorch's reference; libtorch
 *       frees the storage, and runs ndpack's deleter, when it was the last) and {@code free} of the
 *       slot; the address becomes 0 ({@code isNull()}). Later calls do nothing.</li>
 *   <li>{@code retainReference()}, {@code referenceCount()} and {@code deallocate(false)} behave as
 *       JavaCPP's (a count that starts at 0; {@code deallocate(false)} leaves the tensor to native
 *       code: the GC no longer frees it, an explicit {@code close()} still does).</li>
 *   <li>A tensor left to the GC is freed by a {@link Cleaner} of this class (one daemon thread),
 *       not by JavaCPP's deallocator thread; JavaCPP's {@code Pointer.totalBytes()} and
 *       {@code totalCount()} do not count it (8 bytes each) and it never triggers JavaCPP's
 *       {@code System.gc()}: the memory it pins is ndpack's, counted by ndpack.</li>
 *   <li>An open {@link PointerScope} of the calling thread attaches it, as JavaCPP attaches the
 *       objects it allocates.</li>
 *   <li>{@code getPointer(long)} and {@code getPointer(Class, long)} (for {@code Tensor} and its
 *       supertypes) return an alias that holds this tensor strongly and shares its ownership, as
 *       JavaCPP's casts of an owned object do: the GC does not free the tensor while the alias is
 *       reachable, and closing, retaining or releasing the alias acts on this tensor. A plain
 *       cast, {@code new Tensor(t)} as a {@code Pointer} ({@code Tensor(Pointer)}) or
 *       {@code getPointer} to another class, holds no reference to this tensor: keep this
 *       tensor reachable (or not closed) while such a cast is used.</li>
 * </ul>
 * Not thread-safe to close concurrently with other uses, like every JavaCPP object; the GC path
 * and an explicit free never both run (the {@link Cleaner.Cleanable} runs once), and concurrent
 * explicit frees free it once (the first claims the release atomically).
 */
final class OwnedTensor extends Tensor {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "ndpack-torch tensor cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final VarHandle COUNT;
    private static final VarHandle RELEASE;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(OwnedTensor.class, "count", int.class);
            RELEASE = MethodHandles.lookup().findVarHandle(OwnedTensor.class, "release", Release.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What frees the slot; holds no reference to the tensor object, so the GC can find it unreachable. */
    private static final class Release implements Runnable {
        private final long slot;
        /** Set by {@code deallocate(false)}: the GC leaves the tensor alone. */
        private volatile boolean leakOnGc;
        /** Set before an explicit free runs this through {@link Cleaner.Cleanable#clean()}. */
        private volatile boolean explicit;

        Release(long slot) {
            this.slot = slot;
        }

        @Override
        public void run() {
            if (explicit || !leakOnGc) {
                destroy(slot);
            }
        }
    }

    private final Cleaner.Cleanable cleanable;
    /** Non-null until the tensor is freed explicitly; cleared by the one free that claims it (through RELEASE). */
    private Release release;
    @SuppressWarnings("unused") // through COUNT
    private volatile int count;
    /** For an alias from {@code getPointer}: the owning tensor it keeps reachable and acts on; else null. */
    private final OwnedTensor owner;

    /**
     * The owner of {@code slot}, or (not {@code owner}) a view that owns nothing, used to reset a
     * slot whose owner is gone.
     */
    private OwnedTensor(long slot, boolean owner) {
        super((Pointer) null);
        this.address = slot;
        this.limit = 1;
        this.capacity = 1;
        this.owner = null;
        if (owner) {
            release = new Release(slot);
            cleanable = CLEANER.register(this, release);
            attachToScope();
        } else {
            cleanable = null;
        }
    }

    /** An alias of {@code of} (address, position, limit, capacity) that keeps its owner {@code root} reachable. */
    private OwnedTensor(OwnedTensor root, OwnedTensor of) {
        super((Pointer) null);
        this.address = of.address;
        this.position = of.position;
        this.limit = of.limit;
        this.capacity = of.capacity;
        this.owner = root;
        this.cleanable = null;
    }

    private OwnedTensor ownersAlias() {
        return new OwnedTensor(owner != null ? owner : this, this);
    }

    /** As {@code Tensor.getPointer(long)}, but the result keeps the owner of this tensor reachable. */
    @Override
    public Tensor getPointer(long i) {
        return ownersAlias().offsetAddress(i);
    }

    /**
     * As {@code Pointer.getPointer(Class, long)}; for {@code Tensor} and its supertypes the result
     * keeps the owner of this tensor reachable (another class gets a plain JavaCPP cast).
     */
    @Override
    public <P extends Pointer> P getPointer(Class<P> cls, long i) {
        if (cls.isAssignableFrom(OwnedTensor.class)) {
            return cls.cast(ownersAlias().position(position + i));
        }
        return super.getPointer(cls, i);
    }

    /** {@return a new slot for one {@code at::Tensor} (uninitialised: a constructor writes it)} */
    static long allocateSlot() {
        long slot;
        try {
            slot = (long) MALLOC.invokeExact(8L);
        } catch (Throwable e) {
            throw new IllegalStateException("malloc failed: " + e, e);
        }
        if (slot == 0) {
            throw new OutOfMemoryError("malloc(8) returned NULL");
        }
        return slot;
    }

    /** Frees a slot that holds no tensor (nothing was constructed in it). */
    static void freeSlot(long slot) {
        try {
            FREE.invokeExact(slot);
        } catch (Throwable e) {
            throw new IllegalStateException("free failed: " + e, e);
        }
    }

    /** Takes ownership of the {@code at::Tensor} constructed in {@code slot}. */
    static Tensor own(long slot) {
        return new OwnedTensor(slot, true);
    }

    private static final ThreadLocal<OwnedTensor> VIEW = ThreadLocal.withInitial(() -> new OwnedTensor(0, false));

    /** Drops the tensor in {@code slot} ({@code at::Tensor::reset()}, through JavaCPP) and frees the slot. */
    static void destroy(long slot) {
        OwnedTensor view = VIEW.get();
        view.address = slot;
        try {
            view.reset();
        } finally {
            view.address = 0;
            freeSlot(slot);
        }
    }

    private void attachToScope() {
        if (PointerScope.getInnerScope() == null) {
            return; // no scope open on this thread (the usual case): no iterator to allocate
        }
        Iterator<PointerScope> scopes = PointerScope.getScopeIterator();
        if (scopes != null) {
            while (scopes.hasNext()) {
                try {
                    scopes.next().attach(this);
                    return;
                } catch (IllegalArgumentException e) {
                    // a scope for other classes: try the next one out, as JavaCPP does
                }
            }
        }
    }

    @Override
    public void close() {
        releaseReference();
    }

    @Override
    public void deallocate() {
        deallocate(true);
    }

    @Override
    public void deallocate(boolean deallocate) {
        if (owner != null) {
            owner.deallocate(deallocate);
            if (deallocate) {
                address = 0;
            }
        } else if (deallocate) {
            free();
        } else {
            Release r = release;
            if (r != null) {
                r.leakOnGc = true;
            }
        }
    }

    /** Frees the tensor if no other call has: {@return whether this call freed it} */
    private boolean free() {
        Release r = release;
        if (r == null || !RELEASE.compareAndSet(this, r, null)) {
            return false; // freed already, or another thread claimed it first
        }
        r.explicit = true;
        cleanable.clean();
        address = 0;
        Reference.reachabilityFence(this);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <P extends Pointer> P retainReference() {
        if (owner != null) {
            owner.retainReference();
        } else if (release != null) {
            COUNT.getAndAdd(this, 1);
        }
        return (P) this;
    }

    @Override
    public boolean releaseReference() {
        if (owner != null) {
            boolean freed = owner.releaseReference();
            if (freed) {
                address = 0;
            }
            return freed;
        }
        return release != null && (int) COUNT.getAndAdd(this, -1) - 1 <= 0 && free();
    }

    @Override
    public int referenceCount() {
        if (owner != null) {
            return owner.referenceCount();
        }
        return release != null ? (int) COUNT.getVolatile(this) : -1;
    }
}
