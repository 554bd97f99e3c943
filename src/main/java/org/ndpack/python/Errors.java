package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Exceptions across the boundary: a pending Python error becomes a {@link PythonException}, and a
 * Java exception thrown inside an upcall becomes a pending Python error (an exception must never
 * unwind out of an upcall stub: the JVM would abort).
 */
final class Errors {
    private Errors() {
    }

    /**
     * Takes the pending Python error (clearing it) and describes it. Needs the GIL.
     *
     * @param describe the bootstrap function {@code describe(type, value, tb) -> (name, message,
     *        traceback)}, or 0 before it exists
     * @return the exception; a {@code SystemError} one if no error was pending
     */
    static PythonException fetch(long describe) {
        long t;
        long v;
        long tb;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slots = arena.allocate(ValueLayout.JAVA_LONG, 3);
            long a = slots.address();
            CApi.errFetch(a, a + 8, a + 16);
            CApi.errNormalize(a, a + 8, a + 16);
            t = slots.getAtIndex(ValueLayout.JAVA_LONG, 0);
            v = slots.getAtIndex(ValueLayout.JAVA_LONG, 1);
            tb = slots.getAtIndex(ValueLayout.JAVA_LONG, 2);
        }
        if (t == 0) {
            return new PythonException("SystemError", "a Python call failed without setting an exception", "");
        }
        try {
            return describe(describe, t, v, tb);
        } finally {
            CApi.decRef(t);
            if (v != 0) {
                CApi.decRef(v);
            }
            if (tb != 0) {
                CApi.decRef(tb);
            }
        }
    }

    private static PythonException describe(long describe, long t, long v, long tb) {
        if (describe != 0) {
            long args = CApi.tupleNew(3);
            if (args != 0) {
                setItem(args, 0, t);
                setItem(args, 1, v == 0 ? CApi.NONE : v);
                setItem(args, 2, tb == 0 ? CApi.NONE : tb);
                long r = CApi.call(describe, args, 0);
                CApi.decRef(args);
                if (r != 0) {
                    try {
                        String name = Strings.fromPython(CApi.tupleGetItem(r, 0));
                        String msg = Strings.fromPython(CApi.tupleGetItem(r, 1));
                        String text = Strings.fromPython(CApi.tupleGetItem(r, 2));
                        if (name != null && msg != null && text != null) {
                            return new PythonException(name, msg, text);
                        }
                    } finally {
                        CApi.decRef(r);
                    }
                }
            }
            CApi.errClear();
        }
        // Bootstrap not there yet, or describing failed (say, MemoryError): str() of type and value.
        String name = Strings.str(t, false);
        CApi.errClear();
        String msg = v == 0 ? "" : Strings.str(v, false);
        CApi.errClear();
        return new PythonException(name == null ? "<unknown Python exception>" : name,
                msg == null ? "" : msg, "");
    }

    private static void setItem(long tuple, long i, long borrowed) {
        CApi.incRef(borrowed);
        CApi.tupleSetItem(tuple, i, borrowed);
    }

    /**
     * Sets a Python exception of {@code type} with {@code message}. Needs the GIL; never throws
     * (for upcalls). If even that fails, the error stays unset and Python reports a
     * {@code SystemError} for the {@code NULL} return, which is still no crash.
     */
    static void raise(long type, String message) {
        try (Arena arena = Arena.ofConfined()) {
            CApi.errSetString(type, arena.allocateFrom(message.replace('\0', '?')).address());
        } catch (Throwable ignored) {
            // out of memory while reporting an error: see above
        }
    }

    /** {@return a one-line description of a Java exception, for a Python error message} */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getName() + (m == null ? "" : ": " + m);
    }
}
