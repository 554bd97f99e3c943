package org.ndpack.python;

import java.lang.foreign.Arena;
import java.util.Objects;

import org.ndpack.NDArray;

/**
 * One reference to a Python object, held by Java.
 *
 * <p>A {@code PyObject} owns exactly one Python reference: {@link #close()} gives it back
 * ({@code Py_DecRef}, under the GIL), and a phantom reference gives it back if the
 * {@code PyObject} becomes unreachable unclosed (on ndpack's {@code ndpack-python-cleaner}
 * thread, under the GIL); either way exactly once. Closing twice throws
 * {@link IllegalStateException}, as does any use after close. Once the JVM is shutting down (or
 * if the interpreter was finalised by someone else), giving the reference back is skipped: the
 * object is leaked rather than touched in a dead interpreter.
 *
 * <p>{@link #toString()} is Python's {@code str(obj)}; {@link #repr()} is {@code repr(obj)}.
 * {@link #equals} and {@link #hashCode} compare the identity of the Python objects referred to
 * (Python's {@code is}), not their values: two {@code PyObject}s are equal while open if they
 * refer to the same Python object. (Equality of a closed {@code PyObject} is that of the address
 * it held, which Python may have reused.)
 *
 * <h2>Guarantees</h2>
 * Thread-safe: a {@code PyObject} may be used and closed from any thread. Every method takes the
 * GIL for its duration and holds a temporary reference while it uses the object, so that a
 * concurrent {@link #close()} (which takes the GIL too) can never free the object under a running
 * call: each call either sees the object closed and throws, or completes on a live object.
 */
public final class PyObject implements AutoCloseable {
    private final PyRef ref;

    private PyObject(long address) {
        this.ref = new PyRef(this, address);
    }

    /** Wraps a new reference, taking it over. Call outside the GIL (registers a phantom reference). */
    static PyObject own(long newReference) {
        return new PyObject(newReference);
    }

    /**
     * Takes a temporary strong reference for a use. Needs the GIL; pair with {@link CApi#decRef}.
     *
     * @throws IllegalStateException if closed
     */
    long borrow() {
        if (ref.isClosed()) {
            throw new IllegalStateException("PyObject is closed");
        }
        CApi.incRef(ref.address);
        return ref.address;
    }

    /** What a method does with the object: runs under the GIL on a borrowed address. */
    @FunctionalInterface
    private interface Use<T> {
        T apply(Python py, long o);
    }

    /**
     * Runs {@code use} under the GIL on this object, holding a temporary reference meanwhile.
     *
     * @throws IllegalStateException if this object is closed
     */
    private <T> T use(Use<T> use) {
        Python py = Python.runtime();
        return Gil.call(() -> {
            long o = borrow();
            try {
                return use.apply(py, o);
            } finally {
                CApi.decRef(o);
            }
        });
    }

    // -------------------------------------------------------------------------------------------
    // Use

    /**
     * Reads an attribute, like {@code getattr(obj, name)}.
     *
     * @param name the attribute
     * @return its value; the caller owns the reference
     * @throws PythonException if Python raises ({@code AttributeError} when there is no such
     *         attribute)
     * @throws IllegalStateException if this object is closed
     * @throws IllegalArgumentException if {@code name} contains the NUL character
     */
    public PyObject getAttr(String name) {
        Objects.requireNonNull(name, "name");
        try (Arena arena = Arena.ofConfined()) {
            long n = Strings.cString(arena, name, "attribute name").address();
            return own(use((py, o) -> {
                long r = CApi.getAttrString(o, n);
                if (r == 0) {
                    throw py.error();
                }
                return r;
            }));
        }
    }

    /**
     * Calls this object with positional arguments, converted from Java:
     * <ul>
     *   <li>{@code null} to {@code None};</li>
     *   <li>{@link Boolean} to {@code bool}; {@link Byte}, {@link Short}, {@link Integer} and
     *       {@link Long} to {@code int}; {@link Float} and {@link Double} to {@code float};</li>
     *   <li>{@link String} (any {@link CharSequence}) to {@code str}, exactly;</li>
     *   <li>{@link PyObject} as it is (it stays open; the call holds its own reference);</li>
     *   <li>{@link NDArray} to an exporter, as {@link Python#toPython(NDArray)} makes.</li>
     * </ul>
     *
     * @param args the arguments
     * @return the result; the caller owns the reference
     * @throws PythonException if the call raises
     * @throws IllegalArgumentException if an argument has no conversion
     * @throws IllegalStateException if this object, or an argument, is closed
     */
    public PyObject call(Object... args) {
        Python py = Python.runtime();
        Object[] a = args == null ? new Object[] {null} : args.clone();
        return own(Gil.call(() -> invoke(py, a)));
    }

    /**
     * Calls this object as {@link #call} does and imports the result as {@link Python#fromPython}
     * does, in one GIL section: {@code np.negative(a)}, {@code np.from_dlpack(a)} or
     * {@code torch.from_dlpack(a)} as one Java call, NDArray in, NDArray out, neither a
     * {@code PyObject} for the result nor for an {@link NDArray} argument (the exporters made for
     * the arguments, and the result, are given back before this returns; what the result's memory
     * needs stays alive through the imported tensor). The same as
     * {@code py.fromPython(f.call(args))} with the intermediate object closed, with half the GIL
     * hand-offs: the GIL is taken once here and once when the returned array's deleter runs,
     * against four times (call, import, two closes).
     *
     * <p>Like every call here it is atomic only as far as Python code is (see {@link Python}).
     *
     * @param args the arguments, converted as {@link #call} converts them
     * @return an array viewing the memory of the Python result; it owns the imported tensor, as
     *         {@link Python#fromPython} documents
     * @throws PythonException if the call, or the result's {@code __dlpack__}, raises
     * @throws IllegalArgumentException if an argument has no conversion, or the result has no
     *         {@code __dlpack__} and is no DLPack capsule, or its {@code __dlpack__} returns
     *         something other than a DLPack capsule (another object, or a capsule of another name)
     * @throws IllegalStateException if this object, or an argument, is closed, or the result is a
     *         DLPack capsule already consumed
     * @throws RuntimeException the DLPack bridge's exceptions for tensors it cannot import
     *         (device, dtype, layout); the tensor's deleter has then been called
     */
    public NDArray callArray(Object... args) {
        Python py = Python.runtime();
        Object[] a = args == null ? new Object[] {null} : args.clone();
        DLPackBridge.Tensor t = Gil.call(() -> {
            long r = invoke(py, a);
            try {
                return FromPython.take(py, r);
            } finally {
                CApi.decRef(r);
            }
        });
        return DLPackBridge.importTensor(t);
    }

    /** {@return the new reference {@link #call} returns} Needs the GIL. */
    private long invoke(Python py, Object[] a) {
        CallArgs buffer = a.length <= CallArgs.MAX && CApi.hasVectorcall() ? CallArgs.take() : null;
        if (buffer == null) {
            return callWithTuple(py, a);
        }
        try {
            return vectorcall(py, a, buffer);
        } finally {
            buffer.release();
        }
    }

    /** {@link #call} by {@code PyObject_Vectorcall}: the arguments in the thread's buffer, no tuple. */
    private long vectorcall(Python py, Object[] a, CallArgs buffer) {
        int converted = 0;
        try {
            for (; converted < a.length; converted++) {
                buffer.set(converted, toPython(a[converted]));
            }
            return callThis(py, buffer.args(), a.length, true);
        } finally {
            for (int i = 0; i < converted; i++) {
                CApi.decRef(buffer.get(i));
            }
        }
    }

    private long callWithTuple(Python py, Object[] a) {
        long tuple = CApi.tupleNew(a.length);
        if (tuple == 0) {
            throw py.error();
        }
        try {
            for (int i = 0; i < a.length; i++) {
                CApi.tupleSetItem(tuple, i, toPython(a[i]));
            }
            return callThis(py, tuple, a.length, false);
        } finally {
            CApi.decRef(tuple);
        }
    }

    /**
     * Calls this object with arguments already converted: a vectorcall array of {@code n} (with
     * the offset slot before it) or a tuple. {@return the new reference} Needs the GIL.
     *
     * @throws PythonException if the call raised
     */
    private long callThis(Python py, long args, int n, boolean vector) {
        long o = borrow();
        try {
            long r = vector ? CApi.vectorcall(o, args, n | CApi.VECTORCALL_ARGUMENTS_OFFSET, 0) : CApi.call(o, args, 0);
            if (r == 0) {
                throw py.error();
            }
            return r;
        } finally {
            CApi.decRef(o);
        }
    }

    /**
     * Converts a Java value to a new Python reference, as {@link #call} documents. Needs the GIL.
     *
     * @throws IllegalArgumentException if there is no conversion
     * @throws PythonException if Python fails to make the object
     */
    static long toPython(Object v) {
        long r;
        if (v == null) {
            CApi.incRef(CApi.NONE);
            return CApi.NONE;
        } else if (v instanceof PyObject p) {
            return p.borrow();
        } else if (v instanceof Boolean b) {
            r = CApi.boolFrom(b ? 1 : 0);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            r = CApi.longFrom(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            r = CApi.floatFrom(((Number) v).doubleValue());
        } else if (v instanceof CharSequence s) {
            r = Strings.toPython(s.toString());
        } else if (v instanceof NDArray a) {
            r = ToPython.toPython(Python.runtime(), a);
        } else {
            throw new IllegalArgumentException("cannot convert a " + v.getClass().getName()
                    + " to Python: use null, Boolean, Byte/Short/Integer/Long, Float/Double, String, PyObject or NDArray");
        }
        if (r == 0) {
            throw Python.runtime().error();
        }
        return r;
    }

    /**
     * {@return the value as a Java {@code long}}, like {@code operator.index(obj)}: Python
     * {@code int}s and objects with {@code __index__} (NumPy integers among them).
     *
     * @throws PythonException if the object is no integer ({@code TypeError}) or does not fit in
     *         64 bits ({@code OverflowError})
     * @throws IllegalStateException if this object is closed
     */
    public long toLong() {
        return use((py, o) -> {
            long v = CApi.longAs(o);
            if (v == -1 && CApi.errOccurred() != 0) {
                throw py.error();
            }
            return v;
        });
    }

    /**
     * {@return the value as a Java {@code double}}, like {@code float(obj)}: Python
     * {@code float}s, {@code int}s and objects with {@code __float__} or {@code __index__}.
     *
     * @throws PythonException if the object has no float value ({@code TypeError}) or is too
     *         large an integer ({@code OverflowError})
     * @throws IllegalStateException if this object is closed
     */
    public double toDouble() {
        return use((py, o) -> {
            double v = CApi.floatAs(o);
            if (v == -1.0 && CApi.errOccurred() != 0) {
                throw py.error();
            }
            return v;
        });
    }

    /**
     * {@return the truth value, like {@code bool(obj)}}
     *
     * @throws PythonException if {@code __bool__} or {@code __len__} raises
     * @throws IllegalStateException if this object is closed
     */
    public boolean toBoolean() {
        return use((py, o) -> {
            int v = CApi.isTrue(o);
            if (v < 0) {
                throw py.error();
            }
            return v != 0;
        });
    }

    /**
     * {@return true if this is Python's {@code None}}
     *
     * @throws IllegalStateException if this object is closed
     */
    public boolean isNone() {
        if (ref.isClosed()) {
            throw new IllegalStateException("PyObject is closed");
        }
        return ref.address == CApi.NONE;
    }

    /**
     * {@return the name of the object's type: {@code "int"}, or {@code "numpy.ndarray"} for types
     * outside {@code builtins}}
     *
     * @throws IllegalStateException if this object is closed
     */
    public String typeName() {
        return use(PyObject::typeName);
    }

    /** {@return the type name of {@code o} (borrowed)} Needs the GIL. */
    static String typeName(Python py, long o) {
        long args = CApi.tupleNew(1);
        if (args == 0) {
            throw py.error();
        }
        CApi.incRef(o);
        CApi.tupleSetItem(args, 0, o);
        long r = CApi.call(py.typeName, args, 0);
        CApi.decRef(args);
        if (r == 0) {
            throw py.error();
        }
        try {
            String s = Strings.fromPython(r);
            if (s == null) {
                throw py.error();
            }
            return s;
        } finally {
            CApi.decRef(r);
        }
    }

    /**
     * {@return {@code repr(obj)}}
     *
     * @throws PythonException if {@code __repr__} raises
     * @throws IllegalStateException if this object is closed
     */
    public String repr() {
        return text(true);
    }

    /**
     * {@return {@code str(obj)}; {@code "PyObject[closed]"} for a closed object, and a description
     * of the failure if {@code __str__} raises} (so that printing never throws)
     */
    @Override
    public String toString() {
        if (ref.isClosed()) {
            return "PyObject[closed]";
        }
        try {
            return text(false);
        } catch (PythonException e) {
            return "<str() of a Python object failed: " + e.getMessage() + ">";
        } catch (IllegalStateException e) {
            return "PyObject[closed]";
        }
    }

    private String text(boolean repr) {
        return use((py, o) -> {
            String s = Strings.str(o, repr);
            if (s == null) {
                throw py.error();
            }
            return s;
        });
    }

    // -------------------------------------------------------------------------------------------
    // Identity and lifetime

    /** {@return true if {@code o} is a {@code PyObject} referring to the same Python object} */
    @Override
    public boolean equals(Object o) {
        return o instanceof PyObject p && p.ref.address == ref.address;
    }

    /** {@return a hash of the Python object's identity} */
    @Override
    public int hashCode() {
        return Long.hashCode(ref.address);
    }

    /** {@return true once {@link #close()} has run} */
    public boolean isClosed() {
        return ref.isClosed();
    }

    /**
     * Gives the reference back to Python ({@code Py_DecRef} under the GIL); the object is freed
     * if it was the last reference. Leaks instead once the JVM is shutting down.
     *
     * @throws IllegalStateException if already closed
     */
    @Override
    public void close() {
        if (!ref.markClosed()) {
            throw new IllegalStateException("PyObject is already closed");
        }
        ref.unregister(); // the GC will not enqueue it now
        Gil.runIfAlive(() -> CApi.decRef(ref.address));
    }
}
