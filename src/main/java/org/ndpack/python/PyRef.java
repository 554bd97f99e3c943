package org.ndpack.python;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * The Python reference a {@link PyObject} owns, and its safety net: a phantom reference to the
 * {@code PyObject} that gives the Python reference back if the {@code PyObject} is collected
 * unclosed.
 *
 * <p>What {@link java.lang.ref.Cleaner} did here, with less per object: a {@code PyObject} lives
 * for one call or two in the common case, and registering with a Cleaner and unregistering cost
 * about 60 ns of the 250 ns of making and closing one (the Cleaner's node, its action object, its
 * list and the cleaning call); this registration is the phantom reference itself, linked into one
 * of a few lists under that list's lock (the thread's id picks it, so threads seldom meet), about
 * 30 ns in all.
 *
 * <p>Exactly once: whoever wins {@link #markClosed()} (an explicit close, or the collector thread
 * for a reference the GC found unreachable) gives the Python reference back; an explicit close also
 * unlinks and clears the phantom reference, so the GC never enqueues it. A reference the GC
 * enqueues is unlinked by the collector thread ({@code ndpack-python-cleaner}, a daemon), which
 * then gives the Python reference back under the GIL ({@link Gil#runIfAlive}: skipped once the
 * JVM is shutting down). Nothing in the collector can throw out of it.
 *
 * <p>Thread-safe.
 */
final class PyRef extends PhantomReference<PyObject> {
    private static final ReferenceQueue<PyObject> QUEUE = new ReferenceQueue<>();
    private static final int STRIPES = 8; // a power of two
    private static final Stripe[] LISTS = new Stripe[STRIPES];
    private static final VarHandle CLOSED;

    static {
        for (int i = 0; i < STRIPES; i++) {
            LISTS[i] = new Stripe();
        }
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(PyRef.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Thread t = new Thread(PyRef::collect, "ndpack-python-cleaner");
        t.setDaemon(true);
        t.start();
    }

    /** A doubly linked list of registered references, guarded by its own monitor. */
    private static final class Stripe {
        PyRef head;
    }

    /** The Python object's address. */
    final long address;
    private volatile boolean closed;
    private final Stripe stripe;
    /** Links in {@link #stripe}, guarded by its monitor. */
    private PyRef prev;
    private PyRef next;

    /** Registers {@code owner}, which holds the new reference {@code address}. */
    PyRef(PyObject owner, long address) {
        super(owner, QUEUE);
        this.address = address;
        this.stripe = LISTS[(int) Thread.currentThread().threadId() & (STRIPES - 1)];
        synchronized (stripe) {
            PyRef h = stripe.head;
            next = h;
            if (h != null) {
                h.prev = this;
            }
            stripe.head = this;
        }
    }

    /** {@return true once closed} */
    boolean isClosed() {
        return closed;
    }

    /** {@return true for the one caller that closes} */
    boolean markClosed() {
        return CLOSED.compareAndSet(this, false, true);
    }

    /** Unlinks and clears this reference (after an explicit close): the GC will not enqueue it. */
    void unregister() {
        unlink();
        clear();
    }

    private void unlink() {
        synchronized (stripe) {
            PyRef p = prev;
            PyRef n = next;
            if (p != null) {
                p.next = n;
            } else if (stripe.head == this) {
                stripe.head = n;
            }
            if (n != null) {
                n.prev = p;
            }
            prev = null;
            next = null;
        }
    }

    /** The collector thread: gives back the references of {@code PyObject}s collected unclosed. */
    private static void collect() {
        while (true) {
            try {
                PyRef r = (PyRef) QUEUE.remove();
                r.unlink();
                if (r.markClosed()) {
                    Gil.runIfAlive(() -> CApi.decRef(r.address));
                }
            } catch (Throwable ignored) {
                // never leave the loop: an interrupt or a failure only skips one reference
            }
        }
    }
}
