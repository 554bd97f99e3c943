package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.dlpack.ForeignImports;

/**
 * Java arrays as Python DLPack producers: the {@code _ndpack.NDArray} objects of
 * {@link Python#toPython}, and the capsules their {@code __dlpack__} returns.
 *
 * <p>Each exporter object holds a <em>token</em>: a capsule named {@code "ndpack.token"} whose
 * pointer is a number, the key of the array in {@link #SHARED}. The token's destructor (an upcall)
 * removes the entry when Python frees the exporter, so the table holds an array exactly as long as
 * Python can still ask for it. {@code __dlpack__} calls {@link #export} (an upcall) with the
 * token and plain integers; it asks the DLPack bridge for a managed tensor and wraps it in a
 * capsule whose destructor deletes the tensor only if the capsule was never consumed (its name is
 * still {@code "dltensor..."}; a consumer renames it {@code "used_dltensor..."}).
 *
 * <p>Every upcall here runs with the GIL held (Python called it), takes no Java lock that a
 * thread waiting for the GIL could hold (the table is a {@link ConcurrentHashMap}; the bridge is
 * lock-free), and catches everything: an exception never leaves an upcall, it becomes a Python
 * exception or, in destructors, is dropped.
 */
final class ToPython {
    static final MemorySegment TOKEN = Strings.constant("ndpack.token");
    static final MemorySegment VERSIONED = Strings.constant("dltensor_versioned");
    static final MemorySegment LEGACY = Strings.constant("dltensor");
    static final MemorySegment USED_VERSIONED = Strings.constant("used_dltensor_versioned");
    static final MemorySegment USED_LEGACY = Strings.constant("used_dltensor");

    /** The arrays Python can still ask for, by token number. */
    private static final ConcurrentHashMap<Long, NDArray> SHARED = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final Facade<NDArray> ARRAYS = Facade.of(NDArray.class);
    /** Capsules made by {@code __dlpack__} and not yet destroyed. */
    private static final AtomicLong LIVE_CAPSULES = new AtomicLong();

    private static final MemorySegment EXPORT_STUB;
    private static final MemorySegment DESCRIBE_STUB;
    private static final MemorySegment INTERFACE_STUB;
    private static final MemorySegment TOKEN_DESTRUCTOR;
    private static final MemorySegment CAPSULE_DESTRUCTOR;

    static {
        Linker linker = Linker.nativeLinker();
        MethodHandles.Lookup l = MethodHandles.lookup();
        try {
            MethodType function = MethodType.methodType(long.class, long.class, long.class);
            MethodType destructor = MethodType.methodType(void.class, long.class);
            EXPORT_STUB = linker.upcallStub(l.findStatic(ToPython.class, "export", function),
                    CApi.VARARGS_FUNCTION, Arena.global());
            DESCRIBE_STUB = linker.upcallStub(l.findStatic(ToPython.class, "describe", function),
                    CApi.VARARGS_FUNCTION, Arena.global());
            INTERFACE_STUB = linker.upcallStub(l.findStatic(ToPython.class, "arrayInterface", function),
                    CApi.VARARGS_FUNCTION, Arena.global());
            TOKEN_DESTRUCTOR = linker.upcallStub(l.findStatic(ToPython.class, "releaseToken", destructor),
                    CApi.DESTRUCTOR, Arena.global());
            CAPSULE_DESTRUCTOR = linker.upcallStub(l.findStatic(ToPython.class, "destroyCapsule", destructor),
                    CApi.DESTRUCTOR, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ToPython() {
    }

    /**
     * Puts the C functions {@code _export}, {@code _interface} and {@code _describe_array} into the bootstrap
     * module's dict. Needs the GIL. The method definitions live in the global arena: CPython keeps
     * pointers to them for as long as the functions exist.
     */
    static void installFunctions(long dict) {
        function(dict, "_export", EXPORT_STUB, "_export(token, max_major, max_minor, device_type, device_id, copy)");
        function(dict, "_describe_array", DESCRIBE_STUB, "_describe_array(token)");
        function(dict, "_interface", INTERFACE_STUB, "_interface(token)");
    }

    private static void function(long dict, String name, MemorySegment stub, String doc) {
        Arena global = Arena.global();
        MemorySegment def = global.allocate(CApi.METHOD_DEF);
        def.set(ValueLayout.ADDRESS, 0, global.allocateFrom(name));
        def.set(ValueLayout.ADDRESS, 8, stub);
        def.set(ValueLayout.JAVA_INT, 16, CApi.METH_VARARGS);
        def.set(ValueLayout.ADDRESS, 24, global.allocateFrom(doc));
        long f = CApi.cfunctionNew(def.address(), 0, 0);
        if (f == 0) {
            throw Errors.fetch(0);
        }
        int rc = CApi.dictSetItemString(dict, global.allocateFrom(name).address(), f);
        CApi.decRef(f);
        if (rc != 0) {
            throw Errors.fetch(0);
        }
    }

    /**
     * Makes the exporter object for {@code a}. Needs the GIL.
     *
     * @return a new reference
     * @throws IllegalStateException if {@code a} is closed
     */
    static long toPython(Python py, NDArray a) {
        if (a.isClosed()) {
            throw new IllegalStateException("cannot share a closed array with Python");
        }
        long id = IDS.incrementAndGet();
        SHARED.put(id, a);
        long token = CApi.capsuleNew(id, TOKEN.address(), TOKEN_DESTRUCTOR.address());
        if (token == 0) {
            SHARED.remove(id);
            throw py.error();
        }
        // What _ndpack.NDArray(token) does, without running its __init__ as Python code: allocate
        // the instance and set both slots.
        long r = CApi.typeGenericNew(py.exporterClass);
        if (r == 0 || CApi.setAttr(r, py.tokenName, token) != 0 || CApi.setAttr(r, py.pinName, CApi.NONE) != 0) {
            PythonException e = py.error();
            if (r != 0) {
                CApi.decRef(r);
            }
            CApi.decRef(token); // its destructor removes the entry once nothing refers to it
            throw e;
        }
        CApi.decRef(token); // the exporter holds it now
        return r;
    }

    /**
     * The DLPack bridge's import with a Java-side caller of the deleter: the second (and last)
     * internal type the Python bridge uses, here beside the first (the facade, for the memory
     * address), so that the rest of the package keeps to the public API.
     */
    private static final ForeignImports<NDArray> IMPORTS = ForeignImports.of(DLPack.class);

    /**
     * Imports a Python-made managed tensor (see {@link DLPackBridge#importTensor}): the bridge
     * calls its deleter through {@link GilDeleter#delete}, under the GIL, exactly once.
     */
    static NDArray importTensor(long pointer, boolean versioned) {
        return IMPORTS.importTensor(pointer, versioned, GilDeleter::delete, GilDeleter::takenOver);
    }

    /** {@return the number of arrays currently shared with Python through exporter objects} */
    static int shared() {
        return SHARED.size();
    }

    /** {@return the number of DLPack capsules made by {@code __dlpack__} and not yet destroyed} */
    static long liveCapsules() {
        return LIVE_CAPSULES.get();
    }

    // -------------------------------------------------------------------------------------------
    // Upcalls (GIL held; must not throw)

    /**
     * {@code _export(token, max_major, max_minor[, device_type, device_id, copy])} -> capsule; the
     * short form (no device, {@code copy=None}) is the common call.
     */
    private static long export(long self, long args) {
        try {
            long[] v = new long[CApi.tupleSize(args) == 3 ? 3 : 6];
            NDArray a = array(args, v);
            if (a == null) {
                return 0;
            }
            if (v.length == 3) {
                v = new long[] {v[0], v[1], v[2], -1, -1, -1};
            }
            DLPackBridge.Tensor t = DLPackBridge.export(a, (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5]);
            long capsule = CApi.capsuleNew(t.pointer(), (t.versioned() ? VERSIONED : LEGACY).address(),
                    CAPSULE_DESTRUCTOR.address());
            if (capsule == 0) {
                DLPackBridge.discard(t);
                return 0;
            }
            LIVE_CAPSULES.incrementAndGet();
            return capsule;
        } catch (Throwable e) {
            raise(e);
            return 0;
        }
    }

    /** {@code _describe_array(token)} -> str. */
    private static long describe(long self, long args) {
        try {
            NDArray a = array(args, new long[1]);
            if (a == null) {
                return 0;
            }
            String text = a.isClosed()
                    ? "ndpack.NDArray(closed)"
                    : "ndpack.NDArray(shape=" + tuple(a.shape()) + ", dtype=" + a.dtype() + ")";
            return Strings.toPython(text);
        } catch (Throwable e) {
            raise(e);
            return 0;
        }
    }

    /**
     * {@code _interface(token)} -> {@code (data, readonly, shape, strides, typestr)}: the fields of
     * NumPy's {@code __array_interface__} (strides in bytes). Called after the bootstrap pinned the
     * memory with an export, so the address stays valid while the exporter lives.
     */
    private static long arrayInterface(long self, long args) {
        try {
            NDArray a = array(args, new long[1]);
            if (a == null) {
                return 0;
            }
            if (a.isClosed()) {
                Errors.raise(CApi.EXC_BUFFER_ERROR, "ndpack: the array is closed");
                return 0;
            }
            String typestr = a.dtype().numpyDescr();
            if (typestr == null) {
                Errors.raise(CApi.EXC_TYPE_ERROR, "ndpack: " + a.dtype() + " has no NumPy dtype");
                return 0;
            }
            int w = a.dtype().byteSize();
            long[] strides = a.strides().clone();
            for (int i = 0; i < strides.length; i++) {
                strides[i] *= w;
            }
            long address = ARRAYS.unwrap(a).memory.address() + a.offset() * w;
            long[] items = {CApi.longFrom(address), CApi.boolFrom(a.isReadOnly() ? 1 : 0), ints(a.shape()),
                ints(strides), Strings.toPython(typestr)};
            return tupleOf(items);
        } catch (Throwable e) {
            raise(e);
            return 0;
        }
    }

    /** {@return a new tuple of Python ints, or 0 with an error set} */
    private static long ints(long[] values) {
        long[] items = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            items[i] = CApi.longFrom(values[i]);
        }
        return tupleOf(items);
    }

    /** {@return a new tuple stealing {@code items} (new references; a 0 among them fails it), or 0 with an error set} */
    private static long tupleOf(long[] items) {
        long t = CApi.tupleNew(items.length);
        for (int i = 0; i < items.length; i++) {
            if (t == 0 || items[i] == 0) {
                if (items[i] != 0) {
                    CApi.decRef(items[i]);
                }
                continue;
            }
            CApi.tupleSetItem(t, i, items[i]);
        }
        for (long item : items) {
            if (item == 0 && t != 0) {
                CApi.decRef(t); // NULL slots are fine for dealloc
                return 0;
            }
        }
        return t;
    }

    private static String tuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    /**
     * Reads the token and {@code v.length - 1} integers from {@code args}.
     *
     * @return the shared array, or null with a Python error set
     */
    private static NDArray array(long args, long[] v) {
        if (CApi.tupleSize(args) != v.length) {
            Errors.raise(CApi.EXC_TYPE_ERROR, "ndpack: expected " + v.length + " arguments");
            return null;
        }
        long id = CApi.capsuleGetPointer(CApi.tupleGetItem(args, 0), TOKEN.address());
        if (id == 0) {
            return null; // not a token: PyCapsule_GetPointer has set the error
        }
        for (int i = 1; i < v.length; i++) {
            v[i] = CApi.longAs(CApi.tupleGetItem(args, i));
            if (v[i] == -1 && CApi.errOccurred() != 0) {
                return null;
            }
            if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
                Errors.raise(CApi.EXC_VALUE_ERROR, "ndpack: argument " + v[i] + " out of range");
                return null;
            }
        }
        NDArray a = SHARED.get(id);
        if (a == null) {
            Errors.raise(CApi.EXC_BUFFER_ERROR, "ndpack: this array is no longer shared");
        }
        return a;
    }

    /** Turns a Java exception into the Python exception DLPack consumers expect. */
    private static void raise(Throwable e) {
        long type;
        if (e instanceof IllegalStateException || DLPackBridge.isRefusal(e)) {
            type = CApi.EXC_BUFFER_ERROR; // closed array, device or copy request that cannot be met
        } else if (e instanceof IllegalArgumentException) {
            type = CApi.EXC_VALUE_ERROR;
        } else {
            type = CApi.EXC_RUNTIME_ERROR;
        }
        // expected refusals speak for themselves; anything else names its Java type
        Errors.raise(type, "ndpack: " + (type == CApi.EXC_RUNTIME_ERROR || e.getMessage() == null
                ? Errors.describe(e) : e.getMessage()));
    }

    /** The token's destructor: Python freed the exporter object. */
    private static void releaseToken(long capsule) {
        try {
            long id = CApi.capsuleGetPointer(capsule, TOKEN.address());
            if (id != 0) {
                SHARED.remove(id);
            } else {
                CApi.errClear();
            }
        } catch (Throwable ignored) {
            // never leave a destructor with an exception
        }
    }

    /**
     * A {@code __dlpack__} capsule's destructor: deletes the tensor if nobody consumed it.
     * Deleting ndpack's own export touches no Python, so this is safe whatever the GIL state.
     */
    private static void destroyCapsule(long capsule) {
        try {
            LIVE_CAPSULES.decrementAndGet();
            boolean versioned = CApi.capsuleIsValid(capsule, VERSIONED.address());
            if (versioned || CApi.capsuleIsValid(capsule, LEGACY.address())) {
                long p = CApi.capsuleGetPointer(capsule, (versioned ? VERSIONED : LEGACY).address());
                if (p != 0) {
                    DLPackBridge.discard(new DLPackBridge.Tensor(p, versioned));
                }
            }
        } catch (Throwable ignored) {
            // never leave a destructor with an exception
        }
    }
}
