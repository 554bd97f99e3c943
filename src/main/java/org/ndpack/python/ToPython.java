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
 * pointer is a number, the key of the array in {@link Shared}. The token's destructor (an upcall)
 * removes the entry when Python frees the exporter, so the table holds an array exactly as long as
 * Python can still ask for it. Where the interpreter has vectorcall (3.9+), {@code __dlpack__}
 * is the C method {@link #dlpack} (an upcall), which reads the token and the consumer's arguments
 * itself; the Python method it replaced (for any other call) and {@code __array_interface__} call
 * {@link #export} (an upcall) with the token and plain integers. Either asks the DLPack bridge
 * for a managed tensor and wraps it in a capsule whose destructor deletes the tensor only if the
 * capsule was never consumed (its name is still {@code "dltensor..."}; a consumer renames it
 * {@code "used_dltensor..."}).
 *
 * <p>Every upcall here runs with the GIL held (Python called it), takes no Java lock that a
 * thread waiting for the GIL could hold (the table of shared arrays is guarded by the GIL
 * itself; the bridge is lock-free), and catches everything: an exception never leaves an upcall,
 * it becomes a Python exception or, in destructors, is dropped.
 */
final class ToPython {
    static final MemorySegment TOKEN = Strings.constant("ndpack.token");
    static final MemorySegment VERSIONED = Strings.constant("dltensor_versioned");
    static final MemorySegment LEGACY = Strings.constant("dltensor");
    static final MemorySegment USED_VERSIONED = Strings.constant("used_dltensor_versioned");
    static final MemorySegment USED_LEGACY = Strings.constant("used_dltensor");

    /**
     * The arrays Python can still ask for, by token number: slot {@code id - 1}. Its uses
     * ({@code toPython}, the upcalls, the token's destructor) hold the GIL on a default CPython
     * build, but not on a free-threaded one (3.13t and later), where any thread may run them at
     * once; so each use takes this class's monitor, uncontended in practice (one compare-and-set
     * to enter and one to leave; never held across a call into Python, so it cannot deadlock with
     * the GIL). A number is reused only once its token is dead, when nothing can present it any
     * more. No boxing per use, against a {@code ConcurrentHashMap<Long, NDArray>} before.
     */
    private static final class Shared {
        private static NDArray[] slots = new NDArray[64];
        /** Free slot indexes, {@code freeCount} of them; as long as {@code slots}, so never full. */
        private static int[] free = new int[64];
        private static int freeCount;
        /** Slots handed out at least once. */
        private static int next;
        private static int size;

        private Shared() {
        }

        /** {@return the number of a new entry for {@code a}} */
        static synchronized long put(NDArray a) {
            int i;
            if (freeCount > 0) {
                i = free[--freeCount];
            } else {
                if (next == slots.length) {
                    // both grown before either is kept, so an OutOfMemoryError leaves them consistent
                    NDArray[] s = Arrays.copyOf(slots, 2 * next);
                    int[] f = Arrays.copyOf(free, 2 * next);
                    slots = s;
                    free = f;
                }
                i = next++;
            }
            slots[i] = a;
            size++;
            return i + 1L;
        }

        /** {@return the array of entry {@code id}, or null if there is none} */
        static synchronized NDArray get(long id) {
            return id >= 1 && id <= next ? slots[(int) (id - 1)] : null;
        }

        /** Removes entry {@code id}, if there is one. */
        static synchronized void remove(long id) {
            if (id < 1 || id > next || slots[(int) (id - 1)] == null) {
                return;
            }
            int i = (int) (id - 1);
            slots[i] = null;
            size--;
            free[freeCount++] = i;
        }

        static synchronized int size() {
            return size;
        }
    }
    private static final Facade<NDArray> ARRAYS = Facade.of(NDArray.class);
    /** Capsules made by {@code __dlpack__} and not yet destroyed. */
    private static final AtomicLong LIVE_CAPSULES = new AtomicLong();

    private static final MemorySegment EXPORT_STUB;
    private static final MemorySegment DLPACK_STUB;
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
            DLPACK_STUB = linker.upcallStub(l.findStatic(ToPython.class, "dlpack",
                    MethodType.methodType(long.class, long.class, long.class, long.class, long.class)),
                    CApi.FASTCALL_FUNCTION, Arena.global());
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
        long id = Shared.put(a);
        long token = CApi.capsuleNew(id, TOKEN.address(), TOKEN_DESTRUCTOR.address());
        if (token == 0) {
            Shared.remove(id);
            throw py.error();
        }
        // What _ndpack.NDArray(token) does, without running its __init__ as Python code: allocate
        // the instance and set the token (_pin stays unset until __array_interface__ needs it).
        long r = CApi.typeGenericNew(py.exporterClass);
        if (r != 0 && tokenSlot >= 0) {
            // the slot is NULL in a new instance: it takes over the token reference, as setattr would
            MEMORY.set(ValueLayout.JAVA_LONG, r + tokenSlot, token);
            return r;
        }
        if (r == 0 || CApi.setAttr(r, py.tokenName, token) != 0) {
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
        return Gil.call(Shared::size);
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
            return v.length == 3 ? capsule(a, (int) v[1], (int) v[2], -1, -1, -1)
                    : capsule(a, (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5]);
        } catch (Throwable e) {
            raise(e);
            return 0;
        }
    }

    /** Exports {@code a} into a new capsule (see {@link DLPackBridge#export}); 0 with an error set if Python fails. */
    private static long capsule(NDArray a, int maxMajor, int maxMinor, int deviceType, int deviceId, int copy) {
        DLPackBridge.Tensor t = DLPackBridge.export(a, maxMajor, maxMinor, deviceType, deviceId, copy);
        long capsule = CApi.capsuleNew(t.pointer(), (t.versioned() ? VERSIONED : LEGACY).address(),
                CAPSULE_DESTRUCTOR.address());
        if (capsule == 0) {
            DLPackBridge.discard(t);
            return 0;
        }
        LIVE_CAPSULES.incrementAndGet();
        return capsule;
    }

    // The C __dlpack__ method

    /** The keyword arguments {@code __dlpack__} knows, as {@link #keywordCodes} numbers them. */
    private static final String[] KEYWORDS = {"stream", "max_version", "dl_device", "copy"};
    private static final MemorySegment[] KEYWORD_NAMES = new MemorySegment[KEYWORDS.length];
    private static final int STREAM = 0;
    private static final int MAX_VERSION = 1;
    private static final int DL_DEVICE = 2;
    private static final int COPY = 3;
    /**
     * What each keyword-name tuple a caller passed means, by the tuple's address: a consumer such
     * as NumPy passes the same tuple every time, so its names are compared once. Each tuple is
     * kept alive (a reference is held), so its address cannot be reused; the table is bounded.
     * Written and read with the GIL held.
     */
    private static final ConcurrentHashMap<Long, int[]> KWNAMES = new ConcurrentHashMap<>();
    private static final int MAX_KWNAMES = 64;
    /** Every byte of the process, for reading an object's type; set if the object layout checks out. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** The offset of {@code ob_type} in an object header. */
    private static final long OB_TYPE = 8;

    static {
        for (int i = 0; i < KEYWORDS.length; i++) {
            KEYWORD_NAMES[i] = Strings.constant(KEYWORDS[i]);
        }
    }

    /** Whether an object's type may be read at {@link #OB_TYPE}: checked on {@code None} at start. */
    private static volatile boolean headerChecked;
    /** Whether {@link #dlpack} is installed as {@code NDArray.__dlpack__}. */
    private static volatile boolean fastDlpack;

    /**
     * Replaces the Python {@code NDArray.__dlpack__} by a C method whose function is the upcall
     * {@link #dlpack}: a consumer's call then runs no Python frame, and the method is found and
     * called without a bound method object ({@code PyObject_VectorcallMethod}). Only where the
     * interpreter has vectorcall (3.9+) and the object header is the one read here ({@code ob_type}
     * at offset 8, checked on {@code None}); elsewhere the Python method stays. Needs the GIL.
     */
    static void installDlpackMethod(long exporterClass, long dlpackName) {
        headerChecked = CApi.NONE_TYPE != 0 && MEMORY.get(ValueLayout.JAVA_LONG, CApi.NONE + OB_TYPE) == CApi.NONE_TYPE;
        if (!CApi.hasVectorcall() || !headerChecked) {
            return;
        }
        Arena global = Arena.global();
        MemorySegment def = global.allocate(CApi.METHOD_DEF);
        def.set(ValueLayout.ADDRESS, 0, global.allocateFrom("__dlpack__"));
        def.set(ValueLayout.ADDRESS, 8, DLPACK_STUB);
        def.set(ValueLayout.JAVA_INT, 16, CApi.METH_FASTCALL_KEYWORDS);
        def.set(ValueLayout.ADDRESS, 24, global.allocateFrom(
                "__dlpack__($self, /, stream=None, *, max_version=None, dl_device=None, copy=None)\n--\n\n"
                        + "A DLPack capsule over the array's memory (pinned until the consumer deletes it)."));
        long descr = CApi.descrNewMethod(exporterClass, def.address());
        if (descr == 0) {
            throw Errors.fetch(0);
        }
        int rc = CApi.setAttr(exporterClass, dlpackName, descr);
        CApi.decRef(descr);
        if (rc != 0) {
            throw Errors.fetch(0);
        }
        fastDlpack = true;
    }

    /**
     * The offset of the {@code _token} slot in an exporter object, or -1 where it was not found
     * (then {@code toPython} and {@link #dlpack} use setattr and getattr; an object header other than
     * the one checked at start, as on free-threaded or trace-refs builds, leaves it so).
     */
    private static volatile long tokenSlot = -1;
    private static final MemorySegment BASICSIZE = Strings.constant("__basicsize__");

    /**
     * Finds where an exporter object keeps its {@code _token} slot, so that {@code toPython} can
     * fill it and {@link #dlpack} read it without a setattr or getattr: sets it to {@code probe}
     * in a new instance through the C API and looks for that pointer in the instance's
     * {@code __basicsize__} bytes; a single hit is the offset, anything else leaves the C API in
     * use. Only where the object header was checked. Needs the GIL.
     */
    static void findTokenSlot(long exporterClass, long tokenName, long probe) {
        if (!headerChecked) {
            return;
        }
        long size = CApi.getAttrString(exporterClass, BASICSIZE.address());
        if (size == 0) {
            CApi.errClear();
            return;
        }
        long bytes = CApi.longAs(size);
        CApi.decRef(size);
        long r = CApi.typeGenericNew(exporterClass);
        if (bytes <= 0 || bytes > 4096 || r == 0) {
            CApi.errClear();
            if (r != 0) {
                CApi.decRef(r);
            }
            return;
        }
        try {
            if (CApi.setAttr(r, tokenName, probe) != 0) {
                CApi.errClear();
                return;
            }
            long found = -1;
            int hits = 0;
            for (long off = 0; off + 8 <= bytes; off += 8) {
                if (MEMORY.get(ValueLayout.JAVA_LONG, r + off) == probe) {
                    found = off;
                    hits++;
                }
            }
            if (hits == 1) {
                tokenSlot = found;
            }
        } finally {
            CApi.decRef(r);
        }
    }

    /** {@return true if {@code toPython} and {@code __dlpack__} reach the token slot directly} */
    static boolean directTokenSlot() {
        return tokenSlot >= 0;
    }

    /** {@return true if {@code NDArray.__dlpack__} is the C method} */
    static boolean fastDlpack() {
        return fastDlpack;
    }

    /**
     * {@return the type of {@code o}, borrowed} Read from the object header where its layout was
     * checked at start ({@link #installDlpackMethod}); otherwise by {@code PyObject_Type}. Needs
     * the GIL.
     */
    static long typeOf(long o) {
        if (headerChecked) {
            return MEMORY.get(ValueLayout.JAVA_LONG, o + OB_TYPE);
        }
        long t = CApi.type(o);
        CApi.decRef(t); // (o holds its type alive)
        return t;
    }

    private static long arg(long args, long i) {
        return MEMORY.get(ValueLayout.JAVA_LONG, args + 8 * i);
    }

    /**
     * {@code NDArray.__dlpack__(self, *args, **kwargs)} as a {@code METH_FASTCALL | METH_KEYWORDS}
     * C method. Answers the calls consumers make (no stream, device or copy; {@code max_version}
     * absent, None, or a tuple of two {@code int}s) by exporting at once; any other call goes,
     * unchanged, to the Python method ({@code DLPACK_GENERAL}), which checks and refuses as it
     * always did.
     */
    private static long dlpack(long self, long args, long nargs, long kwnames) {
        try {
            long n = nargs & ~CApi.VECTORCALL_ARGUMENTS_OFFSET;
            long none = CApi.NONE;
            long stream = n == 1 ? arg(args, 0) : none;
            long maxVersion = none;
            long device = none;
            long copy = none;
            boolean simple = n <= 1;
            int nk = kwnames == 0 ? 0 : (int) CApi.tupleSize(kwnames);
            if (simple && nk > 0) {
                int[] codes = keywordCodes(kwnames, nk);
                for (int i = 0; i < nk && simple; i++) {
                    long v = arg(args, n + i);
                    switch (codes[i]) {
                        case STREAM -> {
                            simple = n == 0; // given twice: the Python method raises
                            stream = v;
                        }
                        case MAX_VERSION -> maxVersion = v;
                        case DL_DEVICE -> device = v;
                        case COPY -> copy = v;
                        default -> simple = false;
                    }
                }
            }
            if (simple && stream == none && device == none && copy == none) {
                int major = -1;
                int minor = -1;
                if (maxVersion != none) {
                    long mj;
                    long mn;
                    if (typeOf(maxVersion) != CApi.TUPLE_TYPE || CApi.tupleSize(maxVersion) != 2
                            || typeOf(mj = CApi.tupleGetItem(maxVersion, 0)) != CApi.LONG_TYPE
                            || typeOf(mn = CApi.tupleGetItem(maxVersion, 1)) != CApi.LONG_TYPE) {
                        return general(self, args, n, kwnames, nk);
                    }
                    long a = CApi.longAs(mj);
                    long b = CApi.longAs(mn);
                    if (a < Integer.MIN_VALUE || a > Integer.MAX_VALUE || b < Integer.MIN_VALUE
                            || b > Integer.MAX_VALUE || ((a == -1 || b == -1) && CApi.errOccurred() != 0)) {
                        CApi.errClear(); // (an overflow sets one): the Python method says what is wrong
                        return general(self, args, n, kwnames, nk);
                    }
                    major = (int) a;
                    minor = (int) b;
                }
                NDArray a = arrayOf(self);
                return a == null ? 0 : capsule(a, major, minor, -1, -1, -1);
            }
            return general(self, args, n, kwnames, nk);
        } catch (Throwable e) {
            raise(e);
            return 0;
        }
    }

    /** {@return the codes of the names in {@code kwnames} (-1 for a name {@code __dlpack__} lacks)} */
    private static int[] keywordCodes(long kwnames, int nk) {
        int[] codes = KWNAMES.get(kwnames);
        if (codes != null) {
            return codes;
        }
        codes = new int[nk];
        for (int i = 0; i < nk; i++) {
            long name = CApi.tupleGetItem(kwnames, i);
            codes[i] = -1;
            for (int k = 0; k < KEYWORDS.length; k++) {
                if (CApi.compareAscii(name, KEYWORD_NAMES[k].address()) == 0) {
                    codes[i] = k;
                    break;
                }
            }
        }
        if (KWNAMES.size() < MAX_KWNAMES && KWNAMES.putIfAbsent(kwnames, codes) == null) {
            CApi.incRef(kwnames); // kept for good: the address stays this tuple's
        }
        return codes;
    }

    /** Passes a call on to the Python {@code __dlpack__}, as it came. */
    private static long general(long self, long args, long n, long kwnames, int nk) {
        long count = 1 + n + nk;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment all = arena.allocate(ValueLayout.JAVA_LONG, count);
            all.set(ValueLayout.JAVA_LONG, 0, self);
            for (int i = 0; i < n + nk; i++) {
                all.setAtIndex(ValueLayout.JAVA_LONG, 1 + i, arg(args, i));
            }
            return CApi.vectorcall(Python.runtime().dlpackGeneral, all.address(), 1 + n, kwnames);
        }
    }

    /** {@return the array an exporter object shares, or null with a Python error set} */
    private static NDArray arrayOf(long self) {
        if (tokenSlot >= 0) {
            long token = MEMORY.get(ValueLayout.JAVA_LONG, self + tokenSlot);
            // a token of ours (unless Python code replaced it): read its number with leaf calls
            if (token != 0 && typeOf(token) == CApi.CAPSULE_TYPE && CApi.capsuleNameOfValid(token) == TOKEN.address()) {
                NDArray a = Shared.get(CApi.capsulePointerOfValid(token, TOKEN.address()));
                if (a == null) {
                    Errors.raise(CApi.EXC_BUFFER_ERROR, "ndpack: this array is no longer shared");
                }
                return a;
            }
        }
        long token = CApi.getAttr(self, Python.runtime().tokenName);
        if (token == 0) {
            return null;
        }
        long id;
        try {
            id = CApi.capsuleGetPointer(token, TOKEN.address());
        } finally {
            CApi.decRef(token);
        }
        if (id == 0) {
            return null;
        }
        NDArray a = Shared.get(id);
        if (a == null) {
            Errors.raise(CApi.EXC_BUFFER_ERROR, "ndpack: this array is no longer shared");
        }
        return a;
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
        NDArray a = Shared.get(id);
        if (a == null) {
            Errors.raise(CApi.EXC_BUFFER_ERROR, "ndpack: this array is no longer shared");
        }
        return a;
    }

    /**
     * Turns a Java exception into the Python exception DLPack consumers expect. Called from the
     * upcalls' catch blocks, so it throws nothing itself: if even the message cannot be built (out
     * of memory, stack overflow), a fixed one is raised.
     */
    private static void raise(Throwable e) {
        long type = CApi.EXC_RUNTIME_ERROR;
        String message;
        try {
            if (e instanceof IllegalStateException || DLPackBridge.isRefusal(e)) {
                type = CApi.EXC_BUFFER_ERROR; // closed array, device or copy request that cannot be met
            } else if (e instanceof IllegalArgumentException) {
                type = CApi.EXC_VALUE_ERROR;
            }
            // expected refusals speak for themselves; anything else names its Java type
            message = "ndpack: " + (type == CApi.EXC_RUNTIME_ERROR || e.getMessage() == null
                    ? Errors.describe(e) : e.getMessage());
        } catch (Throwable t) {
            message = "ndpack: a Java error occurred and its message could not be built";
        }
        Errors.raise(type, message);
    }

    /** The token's destructor: Python freed the exporter object. */
    private static void releaseToken(long capsule) {
        try {
            if (CApi.capsuleNameOfValid(capsule) == TOKEN.address()) {
                // named as made (a capsule's pointer is never NULL): nothing can fail
                Shared.remove(CApi.capsulePointerOfValid(capsule, TOKEN.address()));
                return;
            }
            long id = CApi.capsuleGetPointer(capsule, TOKEN.address()); // renamed by someone: check
            if (id != 0) {
                Shared.remove(id);
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
            // A consumer renames the capsule (to its own "used_..." string) before taking the
            // tensor; an unconsumed capsule still has the very name pointer it was made with.
            long name = CApi.capsuleNameOfValid(capsule);
            boolean versioned = name == VERSIONED.address();
            if (versioned || name == LEGACY.address()) {
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
