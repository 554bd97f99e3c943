package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A thread's buffer of pointer slots for the arguments of a vectorcall ({@code PyObject_Vectorcall},
 * {@code PyObject_VectorcallMethod}): the calls Java makes most often pass their arguments in it
 * instead of in a new tuple (or a bound method and a dict of keywords).
 *
 * <p>Slot 0 is left free so that a call may pass {@code PY_VECTORCALL_ARGUMENTS_OFFSET} (the callee
 * may use {@code args[-1]}, which spares it a copy when it prepends {@code self}); the arguments go
 * from slot 1. A callee reads its arguments while the call runs, and the thread is blocked in
 * the call meanwhile, so one buffer per thread is enough; a nested use on the same thread (no
 * path in ndpack makes one, but Python may call back into Java) finds the buffer {@link #take
 * taken} and uses a tuple instead. The memory is freed when the thread's buffer is collected.
 *
 * <p>Not thread-safe: each thread has its own.
 */
final class CallArgs {
    /** The most arguments (self included) a buffer holds. */
    static final int MAX = 6;

    private static final ThreadLocal<CallArgs> LOCAL = ThreadLocal.withInitial(CallArgs::new);

    private final MemorySegment slots = Arena.ofAuto().allocate(8L * (MAX + 1), 8);
    private boolean busy;

    private CallArgs() {
    }

    /** {@return this thread's buffer, now taken, or null if it is taken already (a nested call)} */
    static CallArgs take() {
        CallArgs c = LOCAL.get();
        if (c.busy) {
            return null;
        }
        c.busy = true;
        return c;
    }

    /** Gives the buffer back. */
    void release() {
        busy = false;
    }

    /** Sets argument {@code i} (from 0). */
    void set(int i, long object) {
        slots.setAtIndex(ValueLayout.JAVA_LONG, 1 + i, object);
    }

    /** {@return argument {@code i}} */
    long get(int i) {
        return slots.getAtIndex(ValueLayout.JAVA_LONG, 1 + i);
    }

    /** {@return the address of argument 0} (slot 0, before it, is free for the callee) */
    long args() {
        return slots.address() + 8;
    }
}
