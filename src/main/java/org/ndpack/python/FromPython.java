package org.ndpack.python;

import org.ndpack.NDArray;

/**
 * Python arrays into Java: {@link Python#fromPython}.
 *
 * <p>Under the GIL: ask the object for a capsule ({@code __dlpack__(max_version=(1, 3))}, then
 * {@code __dlpack__()} on {@code TypeError}), check its name, take its pointer and rename it
 * {@code "used_..."}; from that rename on, ndpack owns the tensor and the capsule's destructor
 * will not touch it. Then, outside the GIL: hand it to the DLPack bridge, which calls its deleter
 * through {@link GilDeleter} (under the GIL) exactly once: on release, or at once if it refuses
 * the tensor. At no point do two parties own the tensor, so it is deleted exactly once.
 *
 * <p>When {@code __dlpack__} raises {@code BufferError} (NumPy before 2.0 does for {@code bool}
 * arrays), a {@code bool} array is taken through the buffer protocol instead ({@link BufferImport}):
 * the same memory, no copy, read-only if the buffer is.
 */
final class FromPython {
    /**
     * Producer types whose {@code __dlpack__} rejected {@code max_version} with a TypeError that
     * names it (NumPy 1.x, PyTorch 1.x), by type address: they are asked the legacy way at once,
     * sparing an exception per import. Each type is kept alive (a reference is held), so its
     * address cannot be reused; the set is bounded.
     */
    private static final java.util.Set<Long> LEGACY_TYPES = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int MAX_LEGACY_TYPES = 256;

    private FromPython() {
    }

    static NDArray fromPython(Python py, PyObject obj) {
        DLPackBridge.Tensor taken = Gil.call(() -> take(py, obj));
        return DLPackBridge.importTensor(taken);
    }

    /** Gets and consumes the capsule. Needs the GIL. */
    private static DLPackBridge.Tensor take(Python py, PyObject obj) {
        long o = obj.borrow();
        try {
            return take(py, o);
        } finally {
            CApi.decRef(o);
        }
    }

    /**
     * Gets and consumes the capsule of {@code o} (a reference the caller holds for the duration).
     * Needs the GIL; the result is to be handed to {@link DLPackBridge#importTensor} (outside the
     * GIL), which then owns it.
     */
    static DLPackBridge.Tensor take(Python py, long o) {
        long type = ToPython.typeOf(o); // (o holds its type alive while we look)
        long capsule;
        if (type == CApi.CAPSULE_TYPE) {
            CApi.incRef(o);
            capsule = o;
        } else {
            try {
                capsule = callDlpack(py, o, type);
            } catch (PythonException e) {
                // NumPy < 2.0 refuses bool in __dlpack__: take its buffer instead (no copy)
                DLPackBridge.Tensor t = "BufferError".equals(e.pythonType()) ? BufferImport.take(o) : null;
                if (t == null) {
                    throw e;
                }
                return t;
            }
        }
        try {
            return consume(py, capsule);
        } finally {
            CApi.decRef(capsule);
        }
    }

    private static boolean isCapsule(long o) {
        long t = CApi.type(o);
        CApi.decRef(t);
        return t == CApi.CAPSULE_TYPE;
    }

    /**
     * {@return a new reference to what {@code o.__dlpack__} returned} ({@code type} is o's type).
     * Where the interpreter has vectorcall (3.9+), the method is called with
     * {@code PyObject_VectorcallMethod}: found on the type and called with keyword names made
     * once, no bound method and no dict of keyword arguments per call. Otherwise the name is
     * looked up with an interned string object made once.
     */
    private static long callDlpack(Python py, long o, long type) {
        CallArgs args = CApi.hasVectorcall() ? CallArgs.take() : null;
        if (args != null) {
            try {
                return callDlpack(py, o, type, args);
            } finally {
                args.release();
            }
        }
        long method = CApi.getAttr(o, py.dlpackName);
        if (method == 0) {
            throw noDlpack(py, o);
        }
        try {
            if (!LEGACY_TYPES.isEmpty() && LEGACY_TYPES.contains(type)) {
                return checked(py, CApi.call(method, py.emptyTuple, 0));
            }
            long r = CApi.call(method, py.emptyTuple, py.maxVersionKwargs);
            if (r == 0 && legacyProducer(py, type)) {
                r = CApi.call(method, py.emptyTuple, 0);
            }
            return checked(py, r);
        } finally {
            CApi.decRef(method);
        }
    }

    private static long callDlpack(Python py, long o, long type, CallArgs args) {
        args.set(0, o);
        args.set(1, py.maxVersion);
        long a = args.args();
        long nargsf = 1 | CApi.VECTORCALL_ARGUMENTS_OFFSET;
        if (!LEGACY_TYPES.isEmpty() && LEGACY_TYPES.contains(type)) {
            return checkedMethod(py, o, CApi.vectorcallMethod(py.dlpackName, a, nargsf, 0));
        }
        long r = CApi.vectorcallMethod(py.dlpackName, a, nargsf, py.maxVersionKwnames);
        if (r == 0 && legacyProducer(py, type)) {
            r = CApi.vectorcallMethod(py.dlpackName, a, nargsf, 0);
        }
        return checkedMethod(py, o, r);
    }

    /**
     * After a call with {@code max_version} failed: true (error cleared) if it raised
     * {@code TypeError}, as producers older than DLPack 1.0 (NumPy 1.x, PyTorch 1.x) do, to be
     * asked again the legacy way; a type whose message names {@code max_version} is remembered.
     */
    private static boolean legacyProducer(Python py, long type) {
        if (!CApi.errMatches(CApi.EXC_TYPE_ERROR)) {
            return false;
        }
        PythonException e = py.error();
        if (e.pythonMessage().contains("max_version") && LEGACY_TYPES.size() < MAX_LEGACY_TYPES
                && LEGACY_TYPES.add(type)) {
            CApi.incRef(type); // kept for good: the address stays this type's
        }
        return true;
    }

    private static long checked(Python py, long r) {
        if (r == 0) {
            throw py.error();
        }
        return r;
    }

    /**
     * As {@link #checked}, but an {@code AttributeError} because {@code o} has no
     * {@code __dlpack__} at all becomes the exception {@code fromPython} documents.
     */
    private static long checkedMethod(Python py, long o, long r) {
        if (r != 0) {
            return r;
        }
        if (!CApi.errMatches(CApi.EXC_ATTRIBUTE_ERROR)) {
            throw py.error();
        }
        PythonException e = py.error(); // raised by the lookup, or by __dlpack__ itself?
        long method = CApi.getAttr(o, py.dlpackName);
        if (method == 0) {
            throw noDlpack(py, o);
        }
        CApi.decRef(method);
        throw e;
    }

    /** After the lookup of {@code __dlpack__} failed: the exception to throw (error cleared). */
    private static RuntimeException noDlpack(Python py, long o) {
        if (CApi.errMatches(CApi.EXC_ATTRIBUTE_ERROR)) {
            CApi.errClear();
            return new IllegalArgumentException("a Python " + PyObject.typeName(py, o)
                    + " does not support DLPack: it has no __dlpack__ method and is no DLPack capsule");
        }
        return py.error();
    }

    /** Checks the capsule's name, takes its pointer and renames it "used_...". */
    private static DLPackBridge.Tensor consume(Python py, long capsule) {
        boolean versioned;
        if (CApi.capsuleIsValid(capsule, ToPython.VERSIONED.address())) {
            versioned = true;
        } else if (CApi.capsuleIsValid(capsule, ToPython.LEGACY.address())) {
            versioned = false;
        } else {
            throw refuse(py, capsule);
        }
        // Valid for that name (a capsule, its pointer not NULL) and the GIL held since: neither
        // call below can fail, so both are leaf downcalls.
        long p = CApi.capsulePointerOfValid(capsule, (versioned ? ToPython.VERSIONED : ToPython.LEGACY).address());
        CApi.capsuleRenameValid(capsule, (versioned ? ToPython.USED_VERSIONED : ToPython.USED_LEGACY).address());
        return new DLPackBridge.Tensor(p, versioned);
    }

    private static RuntimeException refuse(Python py, long o) {
        if (!isCapsule(o)) {
            return new IllegalArgumentException("__dlpack__ returned a " + PyObject.typeName(py, o)
                    + ", not a DLPack capsule");
        }
        long n = CApi.capsuleGetName(o);
        String name = n == 0 ? null : LibPython.cString(n);
        CApi.errClear();
        if (name != null && name.startsWith("used_")) {
            return new IllegalStateException("PyCapsule named '" + name
                    + "' was already consumed: a DLPack capsule can be imported only once");
        }
        return new IllegalArgumentException("PyCapsule named " + (name == null ? "NULL" : "'" + name + "'")
                + " is not a DLPack capsule (expected 'dltensor_versioned' or 'dltensor')");
    }
}
