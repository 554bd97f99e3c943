package org.ndpack.python;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The CPython C API functions ndpack calls, as downcall handles in static final fields (so the
 * JIT inlines them), bound when this class is initialised: first use happens only after
 * {@link LibPython#open} made a library global.
 *
 * <p>Pointers travel as {@code long} addresses ({@code PyObject*} as well as {@code char*}), which
 * keeps every call free of segment allocation. The wrappers only turn the invoker's
 * {@code Throwable} into an unchecked exception; reference counts, borrowed and new references,
 * and the GIL are the callers' business: every function here needs the GIL except those marked.
 */
final class CApi {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = LibPython.lookup();
    private static final ValueLayout.OfLong P = ValueLayout.JAVA_LONG; // any pointer
    private static final ValueLayout.OfLong N = ValueLayout.JAVA_LONG; // Py_ssize_t, long long, C long (LP64)
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** {@code Py_file_input}: a module's worth of statements. */
    static final int FILE_INPUT = 257;
    /** {@code Py_eval_input}: one expression. */
    static final int EVAL_INPUT = 258;
    /** {@code METH_VARARGS}: a C function taking {@code (self, args_tuple)}. */
    static final int METH_VARARGS = 1;
    /** {@code sizeof(PyMethodDef)} on LP64: name, function, flags (padded), doc. */
    static final long METHOD_DEF_SIZE = 32;

    private static final MethodHandle INCREF = leaf("Py_IncRef", FunctionDescriptor.ofVoid(P));
    private static final MethodHandle DECREF = fn("Py_DecRef", FunctionDescriptor.ofVoid(P));
    private static final MethodHandle GIL_ENSURE = fn("PyGILState_Ensure", FunctionDescriptor.of(I));
    private static final MethodHandle GIL_RELEASE = fn("PyGILState_Release", FunctionDescriptor.ofVoid(I));
    private static final MethodHandle GIL_CHECK = leaf("PyGILState_Check", FunctionDescriptor.of(I));
    private static final MethodHandle SAVE_THREAD = fn("PyEval_SaveThread", FunctionDescriptor.of(P));
    private static final MethodHandle THREAD_STATE_CLEAR = fn("PyThreadState_Clear", FunctionDescriptor.ofVoid(P));
    private static final MethodHandle THREAD_STATE_DELETE = fn("PyThreadState_Delete", FunctionDescriptor.ofVoid(P));
    private static final MethodHandle IS_INITIALIZED = leaf("Py_IsInitialized", FunctionDescriptor.of(I));
    private static final MethodHandle INITIALIZE_EX = fn("Py_InitializeEx", FunctionDescriptor.ofVoid(I));
    private static final MethodHandle DECODE_LOCALE = fn("Py_DecodeLocale", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle COMPILE = fn("Py_CompileStringExFlags",
            FunctionDescriptor.of(P, P, P, I, P, I));
    private static final MethodHandle EVAL_CODE = fn("PyEval_EvalCode", FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle ADD_MODULE = fn("PyImport_AddModule", FunctionDescriptor.of(P, P));
    private static final MethodHandle IMPORT_MODULE = fn("PyImport_ImportModule", FunctionDescriptor.of(P, P));
    private static final MethodHandle MODULE_GET_DICT = fn("PyModule_GetDict", FunctionDescriptor.of(P, P));
    private static final MethodHandle DICT_NEW = fn("PyDict_New", FunctionDescriptor.of(P));
    private static final MethodHandle DICT_GET_ITEM_STRING = fn("PyDict_GetItemString", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle DICT_SET_ITEM_STRING = fn("PyDict_SetItemString",
            FunctionDescriptor.of(I, P, P, P));
    private static final MethodHandle GET_ATTR_STRING = fn("PyObject_GetAttrString", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle GET_ATTR = fn("PyObject_GetAttr", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle SET_ATTR = fn("PyObject_SetAttr", FunctionDescriptor.of(I, P, P, P));
    private static final MethodHandle TYPE_GENERIC_NEW = fn("PyType_GenericNew", FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle CALL = fn("PyObject_Call", FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle STR = fn("PyObject_Str", FunctionDescriptor.of(P, P));
    private static final MethodHandle REPR = fn("PyObject_Repr", FunctionDescriptor.of(P, P));
    private static final MethodHandle IS_TRUE = fn("PyObject_IsTrue", FunctionDescriptor.of(I, P));
    private static final MethodHandle TYPE = fn("PyObject_Type", FunctionDescriptor.of(P, P));
    private static final MethodHandle TUPLE_NEW = fn("PyTuple_New", FunctionDescriptor.of(P, N));
    private static final MethodHandle TUPLE_SET_ITEM = fn("PyTuple_SetItem", FunctionDescriptor.of(I, P, N, P));
    private static final MethodHandle TUPLE_GET_ITEM = leaf("PyTuple_GetItem", FunctionDescriptor.of(P, P, N));
    private static final MethodHandle TUPLE_SIZE = leaf("PyTuple_Size", FunctionDescriptor.of(N, P));
    private static final MethodHandle LONG_FROM = fn("PyLong_FromLongLong", FunctionDescriptor.of(P, N));
    private static final MethodHandle LONG_AS = fn("PyLong_AsLongLong", FunctionDescriptor.of(N, P));
    private static final MethodHandle FLOAT_FROM = fn("PyFloat_FromDouble", FunctionDescriptor.of(P, D));
    private static final MethodHandle FLOAT_AS = fn("PyFloat_AsDouble", FunctionDescriptor.of(D, P));
    private static final MethodHandle BOOL_FROM = fn("PyBool_FromLong", FunctionDescriptor.of(P, N));
    private static final MethodHandle DECODE_UTF16 = fn("PyUnicode_DecodeUTF16", FunctionDescriptor.of(P, P, N, P, P));
    private static final MethodHandle ENCODE = fn("PyUnicode_AsEncodedString", FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle BYTES_SIZE = fn("PyBytes_Size", FunctionDescriptor.of(N, P));
    private static final MethodHandle BYTES_AS_STRING = fn("PyBytes_AsString", FunctionDescriptor.of(P, P));
    private static final MethodHandle ERR_OCCURRED = leaf("PyErr_Occurred", FunctionDescriptor.of(P));
    private static final MethodHandle ERR_FETCH = fn("PyErr_Fetch", FunctionDescriptor.ofVoid(P, P, P));
    private static final MethodHandle ERR_NORMALIZE = fn("PyErr_NormalizeException", FunctionDescriptor.ofVoid(P, P, P));
    private static final MethodHandle ERR_RESTORE = fn("PyErr_Restore", FunctionDescriptor.ofVoid(P, P, P));
    private static final MethodHandle ERR_CLEAR = fn("PyErr_Clear", FunctionDescriptor.ofVoid());
    private static final MethodHandle ERR_SET_STRING = fn("PyErr_SetString", FunctionDescriptor.ofVoid(P, P));
    private static final MethodHandle ERR_MATCHES = fn("PyErr_ExceptionMatches", FunctionDescriptor.of(I, P));
    private static final MethodHandle CAPSULE_NEW = fn("PyCapsule_New", FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle CAPSULE_IS_VALID = leaf("PyCapsule_IsValid", FunctionDescriptor.of(I, P, P));
    private static final MethodHandle CAPSULE_GET_POINTER = fn("PyCapsule_GetPointer", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle CAPSULE_SET_NAME = fn("PyCapsule_SetName", FunctionDescriptor.of(I, P, P));
    private static final MethodHandle CAPSULE_GET_NAME = fn("PyCapsule_GetName", FunctionDescriptor.of(P, P));
    private static final MethodHandle CFUNCTION_NEW = fn("PyCFunction_NewEx", FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle CAPSULE_NAME_LEAF = leaf("PyCapsule_GetName", FunctionDescriptor.of(P, P));
    private static final MethodHandle CAPSULE_POINTER_LEAF = leaf("PyCapsule_GetPointer", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle CAPSULE_RENAME_LEAF = leaf("PyCapsule_SetName", FunctionDescriptor.of(I, P, P));
    private static final MethodHandle TUPLE_SIZE_CHECKED = fn("PyTuple_Size", FunctionDescriptor.of(N, P));
    private static final MethodHandle DESCR_NEW_METHOD = fn("PyDescr_NewMethod", FunctionDescriptor.of(P, P, P));
    private static final MethodHandle COMPARE_ASCII = leaf("PyUnicode_CompareWithASCIIString",
            FunctionDescriptor.of(I, P, P));
    /** 3.9 and newer; null on 3.8 (the exporter then keeps its Python {@code __dlpack__}). */
    private static final MethodHandle VECTORCALL = optional("PyObject_Vectorcall", FunctionDescriptor.of(P, P, P, N, P));
    /** 3.9 and newer; null on 3.8 ({@code fromPython} then calls the bound method). */
    private static final MethodHandle VECTORCALL_METHOD = optional("PyObject_VectorcallMethod",
            FunctionDescriptor.of(P, P, P, N, P));

    /** {@code Py_None}. */
    static final long NONE = data("_Py_NoneStruct");
    /** {@code &PyCapsule_Type}. */
    static final long CAPSULE_TYPE = data("PyCapsule_Type");
    /** {@code &PyTuple_Type}. */
    static final long TUPLE_TYPE = data("PyTuple_Type");
    /** {@code &PyLong_Type}. */
    static final long LONG_TYPE = data("PyLong_Type");
    /** {@code &_PyNone_Type}, or 0 where the symbol is missing. */
    static final long NONE_TYPE = LIB.find("_PyNone_Type").map(MemorySegment::address).orElse(0L);
    /** {@code PY_VECTORCALL_ARGUMENTS_OFFSET}: the callee may overwrite {@code args[-1]}. */
    static final long VECTORCALL_ARGUMENTS_OFFSET = 1L << 63;
    /** {@code METH_FASTCALL | METH_KEYWORDS}: {@code f(self, args, nargs, kwnames)}. */
    static final int METH_FASTCALL_KEYWORDS = 0x80 | 0x02;
    /** {@code PyExc_TypeError}. */
    static final long EXC_TYPE_ERROR = exception("PyExc_TypeError");
    /** {@code PyExc_ValueError}. */
    static final long EXC_VALUE_ERROR = exception("PyExc_ValueError");
    /** {@code PyExc_BufferError}. */
    static final long EXC_BUFFER_ERROR = exception("PyExc_BufferError");
    /** {@code PyExc_RuntimeError}. */
    static final long EXC_RUNTIME_ERROR = exception("PyExc_RuntimeError");
    /** {@code PyExc_AttributeError}. */
    static final long EXC_ATTRIBUTE_ERROR = exception("PyExc_AttributeError");

    /** The signature of a {@code METH_VARARGS} C function: {@code PyObject *f(PyObject *self, PyObject *args)}. */
    static final FunctionDescriptor VARARGS_FUNCTION = FunctionDescriptor.of(P, P, P);
    /**
     * The signature of a {@code METH_FASTCALL | METH_KEYWORDS} C function:
     * {@code PyObject *f(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)}.
     */
    static final FunctionDescriptor FASTCALL_FUNCTION = FunctionDescriptor.of(P, P, P, N, P);
    /** The signature of a capsule destructor and of a DLPack deleter: {@code void f(void *)}. */
    static final FunctionDescriptor DESTRUCTOR = FunctionDescriptor.ofVoid(P);
    /** {@code PyMethodDef}, for building C functions around upcall stubs. */
    static final MemoryLayout METHOD_DEF = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("ml_name"), ValueLayout.ADDRESS.withName("ml_meth"),
            ValueLayout.JAVA_INT.withName("ml_flags"), MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("ml_doc"));

    private CApi() {
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    /**
     * A function that, as ndpack calls it, cannot fail, allocate, run Python code or call back
     * into Java (Py_IncRef, reading an in-range slot of a tuple, comparing a capsule's name): a
     * critical downcall, which skips the thread-state transition. Functions that may set a Python
     * error are never leaves: setting one can allocate, collect garbage and run {@code __del__}.
     */
    private static MethodHandle leaf(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd, Linker.Option.critical(false));
    }

    private static MemorySegment symbol(String name) {
        return LIB.find(name).orElseThrow(() -> new IllegalStateException("libpython lacks " + name));
    }

    private static long data(String name) {
        return symbol(name).address();
    }

    private static long exception(String name) {
        return symbol(name).reinterpret(8).get(ValueLayout.JAVA_LONG, 0);
    }

    /** {@return a handle for an optional function, or null where this Python lacks it} */
    static MethodHandle optional(String name, FunctionDescriptor fd) {
        return LIB.find(name).map(s -> LINKER.downcallHandle(s, fd)).orElse(null);
    }

    /** {@return a handle for a function that must exist} */
    static MethodHandle required(String name, FunctionDescriptor fd) {
        return fn(name, fd);
    }

    static RuntimeException fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("C API downcall failed", t);
    }

    // -------------------------------------------------------------------------------------------
    // Interpreter and GIL (these need no GIL)

    static int gilEnsure() {
        try {
            return (int) GIL_ENSURE.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void gilRelease(int state) {
        try {
            GIL_RELEASE.invokeExact(state);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@return true if this thread holds the GIL} (no GIL needed) */
    static boolean gilCheck() {
        try {
            return (int) GIL_CHECK.invokeExact() != 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long saveThread() {
        try {
            return (long) SAVE_THREAD.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Needs the GIL; {@code ts} must not be any thread's current state. */
    static void threadStateClear(long ts) {
        try {
            THREAD_STATE_CLEAR.invokeExact(ts);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Needs the GIL; {@code ts} must be cleared and not current. */
    static void threadStateDelete(long ts) {
        try {
            THREAD_STATE_DELETE.invokeExact(ts);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static boolean isInitialized() {
        try {
            return (int) IS_INITIALIZED.invokeExact() != 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void initializeEx(int initSignals) {
        try {
            INITIALIZE_EX.invokeExact(initSignals);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long decodeLocale(long utf8) {
        try {
            return (long) DECODE_LOCALE.invokeExact(utf8, 0L);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Objects

    static void incRef(long o) {
        try {
            INCREF.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void decRef(long o) {
        try {
            DECREF.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long compile(long source, long filename, int start) {
        try {
            return (long) COMPILE.invokeExact(source, filename, start, 0L, -1);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long evalCode(long code, long globals, long locals) {
        try {
            return (long) EVAL_CODE.invokeExact(code, globals, locals);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long addModule(long name) {
        try {
            return (long) ADD_MODULE.invokeExact(name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long importModule(long name) {
        try {
            return (long) IMPORT_MODULE.invokeExact(name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long moduleGetDict(long module) {
        try {
            return (long) MODULE_GET_DICT.invokeExact(module);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long dictNew() {
        try {
            return (long) DICT_NEW.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long dictGetItemString(long dict, long key) {
        try {
            return (long) DICT_GET_ITEM_STRING.invokeExact(dict, key);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int dictSetItemString(long dict, long key, long value) {
        try {
            return (int) DICT_SET_ITEM_STRING.invokeExact(dict, key, value);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long getAttrString(long o, long name) {
        try {
            return (long) GET_ATTR_STRING.invokeExact(o, name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code PyObject_GetAttr}: with a name object made once, no string is built or hashed per call. */
    static long getAttr(long o, long name) {
        try {
            return (long) GET_ATTR.invokeExact(o, name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code PyObject_SetAttr}: 0, or -1 with an error set. */
    static int setAttr(long o, long name, long value) {
        try {
            return (int) SET_ATTR.invokeExact(o, name, value);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /**
     * {@code PyType_GenericNew(type, NULL, NULL)}: a new instance of a heap type made by its
     * allocator alone, without {@code __new__} or {@code __init__} running (slots unset).
     */
    static long typeGenericNew(long type) {
        try {
            return (long) TYPE_GENERIC_NEW.invokeExact(type, 0L, 0L);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long call(long callable, long args, long kwargs) {
        try {
            return (long) CALL.invokeExact(callable, args, kwargs);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long str(long o) {
        try {
            return (long) STR.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long repr(long o) {
        try {
            return (long) REPR.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int isTrue(long o) {
        try {
            return (int) IS_TRUE.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long type(long o) {
        try {
            return (long) TYPE.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long tupleNew(long n) {
        try {
            return (long) TUPLE_NEW.invokeExact(n);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Steals {@code item}, also on failure. */
    static int tupleSetItem(long tuple, long i, long item) {
        try {
            return (int) TUPLE_SET_ITEM.invokeExact(tuple, i, item);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long tupleGetItem(long tuple, long i) {
        try {
            return (long) TUPLE_GET_ITEM.invokeExact(tuple, i);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long tupleSize(long tuple) {
        try {
            return (long) TUPLE_SIZE.invokeExact(tuple);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long longFrom(long v) {
        try {
            return (long) LONG_FROM.invokeExact(v);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long longAs(long o) {
        try {
            return (long) LONG_AS.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long floatFrom(double v) {
        try {
            return (long) FLOAT_FROM.invokeExact(v);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static double floatAs(long o) {
        try {
            return (double) FLOAT_AS.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long boolFrom(long v) {
        try {
            return (long) BOOL_FROM.invokeExact(v);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long decodeUtf16(long data, long size, long errors, long byteorder) {
        try {
            return (long) DECODE_UTF16.invokeExact(data, size, errors, byteorder);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long encode(long unicode, long encoding, long errors) {
        try {
            return (long) ENCODE.invokeExact(unicode, encoding, errors);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long bytesSize(long o) {
        try {
            return (long) BYTES_SIZE.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long bytesAsString(long o) {
        try {
            return (long) BYTES_AS_STRING.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Errors

    static long errOccurred() {
        try {
            return (long) ERR_OCCURRED.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void errFetch(long type, long value, long tb) {
        try {
            ERR_FETCH.invokeExact(type, value, tb);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void errNormalize(long type, long value, long tb) {
        try {
            ERR_NORMALIZE.invokeExact(type, value, tb);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Steals all three. */
    static void errRestore(long type, long value, long tb) {
        try {
            ERR_RESTORE.invokeExact(type, value, tb);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void errClear() {
        try {
            ERR_CLEAR.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void errSetString(long type, long utf8) {
        try {
            ERR_SET_STRING.invokeExact(type, utf8);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static boolean errMatches(long type) {
        try {
            return (int) ERR_MATCHES.invokeExact(type) != 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Capsules and C functions

    static long capsuleNew(long pointer, long name, long destructor) {
        try {
            return (long) CAPSULE_NEW.invokeExact(pointer, name, destructor);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static boolean capsuleIsValid(long capsule, long name) {
        try {
            return (int) CAPSULE_IS_VALID.invokeExact(capsule, name) != 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long capsuleGetPointer(long capsule, long name) {
        try {
            return (long) CAPSULE_GET_POINTER.invokeExact(capsule, name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int capsuleSetName(long capsule, long name) {
        try {
            return (int) CAPSULE_SET_NAME.invokeExact(capsule, name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long capsuleGetName(long capsule) {
        try {
            return (long) CAPSULE_GET_NAME.invokeExact(capsule);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long cfunctionNew(long methodDef, long self, long module) {
        try {
            return (long) CFUNCTION_NEW.invokeExact(methodDef, self, module);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /**
     * {@code PyCapsule_GetName} as a leaf: only for a capsule known valid (ndpack's own, in its
     * destructor), where it cannot fail.
     */
    static long capsuleNameOfValid(long capsule) {
        try {
            return (long) CAPSULE_NAME_LEAF.invokeExact(capsule);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code PyTuple_Size} of any object: -1 with {@code SystemError} set if it is no tuple. */
    static long tupleSizeChecked(long o) {
        try {
            return (long) TUPLE_SIZE_CHECKED.invokeExact(o);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code PyDescr_NewMethod(type, def)}: a method descriptor binding {@code def} to instances of {@code type}. */
    static long descrNewMethod(long type, long methodDef) {
        try {
            return (long) DESCR_NEW_METHOD.invokeExact(type, methodDef);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code PyUnicode_CompareWithASCIIString(str, ascii)}: 0 if equal; never raises. */
    static int compareAscii(long str, long ascii) {
        try {
            return (int) COMPARE_ASCII.invokeExact(str, ascii);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@return true if this Python has {@code PyObject_Vectorcall} and {@code PyObject_VectorcallMethod} (3.9+)} */
    static boolean hasVectorcall() {
        return VECTORCALL != null && VECTORCALL_METHOD != null;
    }

    /** {@code PyObject_Vectorcall}; only where {@link #hasVectorcall()}. */
    static long vectorcall(long callable, long args, long nargsf, long kwnames) {
        try {
            return (long) VECTORCALL.invokeExact(callable, args, nargsf, kwnames);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /**
     * {@code PyObject_VectorcallMethod(name, args, nargsf, kwnames)}: {@code args[0]} is the object;
     * no bound method is made. Only where {@link #hasVectorcall()}.
     */
    static long vectorcallMethod(long name, long args, long nargsf, long kwnames) {
        try {
            return (long) VECTORCALL_METHOD.invokeExact(name, args, nargsf, kwnames);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /**
     * {@code PyCapsule_GetPointer} as a leaf: only right after {@link #capsuleIsValid} said yes for
     * the same name, with the GIL held since (it cannot fail then).
     */
    static long capsulePointerOfValid(long capsule, long name) {
        try {
            return (long) CAPSULE_POINTER_LEAF.invokeExact(capsule, name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code PyCapsule_SetName} as a leaf: only on a capsule {@link #capsuleIsValid} accepted (it cannot fail then). */
    static void capsuleRenameValid(long capsule, long name) {
        try {
            int ignored = (int) CAPSULE_RENAME_LEAF.invokeExact(capsule, name);
        } catch (Throwable t) {
            throw fail(t);
        }
    }
}
