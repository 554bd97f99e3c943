package org.ndpack.python;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GIL sections: every call from Java into Python runs inside one.
 *
 * <p>A section is {@code PyGILState_Ensure}, the work, {@code PyGILState_Release}, all on one OS
 * thread, with no Java blocking inside: the work is downcalls and plain Java code that takes no
 * lock another thread could hold while it waits for the GIL (that is what rules out a deadlock
 * between the GIL and Java locks). Two consequences:
 * <ul>
 *   <li>A <em>virtual</em> thread could be moved to another carrier thread if it blocked between
 *       Ensure and Release, and CPython's thread state is per OS thread; so a virtual thread's
 *       section runs on a platform thread of a small pool while the virtual thread waits
 *       (outside the GIL).</li>
 *   <li>Deleters and cleaners (which run on threads ndpack does not control) use
 *       {@link #runIfAlive}: once the JVM is shutting down, or if the interpreter is not
 *       initialised any more, they do nothing and the Python reference or tensor is leaked on
 *       purpose, because touching a dead interpreter would crash the process.</li>
 * </ul>
 * Sections nest: Ensure on a thread that holds the GIL only counts.
 *
 * <p>Each platform thread is <em>attached</em> once, on its first section: {@code PyGILState_Ensure}
 * creates its Python thread state and {@code PyEval_SaveThread} releases the GIL while keeping
 * that state, so later sections only take and drop the GIL (without this, every outermost
 * {@code PyGILState_Release} would destroy the thread state and the next Ensure create one again,
 * a microsecond each time). When the {@link Thread} object is collected, a Cleaner clears and
 * deletes its thread state under the GIL.
 */
final class Gil {
    /** A piece of work that runs with the GIL held. */
    @FunctionalInterface
    interface Section<T> {
        T run();
    }

    private static volatile boolean shuttingDown;
    /** Marks the platform threads that have a Python thread state of their own. */
    private static final ThreadLocal<Boolean> ATTACHED = new ThreadLocal<>();
    private static final java.lang.ref.Cleaner DETACHER = java.lang.ref.Cleaner.create(r -> {
        Thread t = new Thread(r, "ndpack-python-detach");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong LEAKED = new AtomicLong();
    /** Platform threads attached and not yet detached. */
    private static final AtomicLong ATTACHED_THREADS = new AtomicLong();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shuttingDown = true, "ndpack-python-shutdown"));
        } catch (IllegalStateException alreadyShuttingDown) {
            shuttingDown = true;
        }
    }

    private Gil() {
    }

    /** Platform threads that run the GIL sections of virtual threads. */
    private static final class Carriers {
        static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ndpack-python-carrier");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code s} with the GIL held and returns its result.
     *
     * @throws RuntimeException or Error whatever {@code s} throws
     */
    static <T> T call(Section<T> s) {
        if (Thread.currentThread().isVirtual() && !CApi.gilCheck()) {
            // (a virtual thread that already holds the GIL is inside an upcall, pinned by the
            // native frame below it: handing the work to another thread would deadlock)
            return onCarrier(s);
        }
        if (ATTACHED.get() == null && !Thread.currentThread().isVirtual()) {
            attach();
        }
        int state = CApi.gilEnsure();
        try {
            return s.run();
        } finally {
            CApi.gilRelease(state);
        }
    }

    /**
     * Gives this platform thread a Python thread state that outlives its sections (see the class
     * comment). A thread that holds the GIL already (inside an upcall) has one, and is left alone.
     */
    private static void attach() {
        if (CApi.gilCheck()) {
            return;
        }
        CApi.gilEnsure(); // creates (or finds) this thread's state and takes the GIL; count 1, kept
        long ts = CApi.saveThread(); // drops the GIL, keeps the state
        ATTACHED.set(Boolean.TRUE);
        ATTACHED_THREADS.incrementAndGet();
        DETACHER.register(Thread.currentThread(), () -> {
            runIfAlive(() -> {
                CApi.threadStateClear(ts);
                CApi.threadStateDelete(ts);
            });
            ATTACHED_THREADS.decrementAndGet();
        });
    }

    /**
     * Records that the current thread initialised the interpreter: its thread state is the main
     * one, created by {@code Py_InitializeEx} and kept by the {@code PyEval_SaveThread} after it; it
     * is never deleted.
     */
    static void markMainThread() {
        ATTACHED.set(Boolean.TRUE);
    }

    /** Runs {@code r} with the GIL held. */
    static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /**
     * Runs {@code r} with the GIL held if the interpreter can still be used; otherwise leaks.
     * Never throws: for cleaners and deleters.
     *
     * @return true if {@code r} ran
     */
    static boolean runIfAlive(Runnable r) {
        try {
            if (!alive()) {
                LEAKED.incrementAndGet();
                return false;
            }
            run(r); // (nests when the GIL is already ours, inside an upcall)
            return true;
        } catch (Throwable t) {
            LEAKED.incrementAndGet();
            return false;
        }
    }

    /** {@return false once the JVM shuts down or the interpreter was finalised} */
    static boolean alive() {
        return !shuttingDown && !jvmShuttingDown() && CApi.isInitialized();
    }

    /** Never started and never registered: only ever removed, to ask whether shutdown has begun. */
    private static final Thread PROBE = new Thread(() -> { }, "ndpack-python-shutdown-probe");

    /**
     * {@return true once the JVM has begun to shut down}. Shutdown hooks run concurrently in no
     * set order, so ndpack's own hook may set {@link #shuttingDown} only after a user's hook has
     * already released Python objects; the JDK's answer is exact: the hook table refuses every
     * change, a removal included, with {@code IllegalStateException} from the moment shutdown
     * begins. Removing a hook that was never added changes nothing otherwise (one uncontended
     * lock and a miss in a small identity map: half the cost of adding and removing it, and no
     * interference between threads probing at once).
     */
    private static boolean jvmShuttingDown() {
        try {
            Runtime.getRuntime().removeShutdownHook(PROBE);
            return false;
        } catch (IllegalStateException shutdownBegun) {
            shuttingDown = true;
            return true;
        }
    }

    /** {@return how many platform threads have a Python thread state that ndpack will delete} */
    static long attachedThreads() {
        return ATTACHED_THREADS.get();
    }

    /** {@return how many references or tensors were leaked because the interpreter was gone} */
    static long leaked() {
        return LEAKED.get();
    }

    private static <T> T onCarrier(Section<T> s) {
        Future<T> f = Carriers.POOL.submit(() -> call(s));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the section cannot be abandoned half-way: wait for it
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
