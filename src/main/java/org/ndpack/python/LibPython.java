package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a libpython with {@code dlopen} and checks that it is a CPython ndpack can drive, before
 * its symbols become visible to the rest of the process.
 *
 * <p>The library is first opened {@code RTLD_NOW | RTLD_LOCAL}; its version and symbols are
 * checked; only then is it promoted to {@code RTLD_GLOBAL} (a second {@code dlopen} with
 * {@code RTLD_NOLOAD}), so that extension modules such as NumPy's resolve their {@code Py*} symbols
 * against it. A rejected library is closed again and never shadows a later, good one.
 */
final class LibPython {
    /** The oldest CPython supported: the C API used here is all present from 3.8 on. */
    static final int MIN_MINOR = 8;

    /** Functions every supported version exports; checked before the library goes global. */
    static final List<String> REQUIRED = List.of(
            "Py_GetVersion", "Py_IsInitialized", "Py_InitializeEx", "Py_DecodeLocale",
            "PyEval_SaveThread", "PyThreadState_Clear", "PyThreadState_Delete",
            "PyGILState_Ensure", "PyGILState_Release", "PyGILState_Check",
            "Py_IncRef", "Py_DecRef", "Py_CompileStringExFlags", "PyEval_EvalCode",
            "PyImport_AddModule", "PyImport_ImportModule", "PyModule_GetDict",
            "PyDict_GetItemString", "PyDict_SetItemString", "PyDict_New",
            "PyObject_GetAttrString", "PyObject_Call", "PyObject_Str", "PyObject_Repr",
            "PyObject_IsTrue", "PyObject_Type", "PyTuple_New", "PyTuple_SetItem", "PyTuple_GetItem",
            "PyTuple_Size", "PyLong_FromLongLong", "PyLong_AsLongLong", "PyFloat_FromDouble",
            "PyFloat_AsDouble", "PyBool_FromLong", "PyUnicode_DecodeUTF16",
            "PyUnicode_AsEncodedString", "PyBytes_Size", "PyBytes_AsString", "PyErr_Occurred",
            "PyErr_Fetch", "PyErr_NormalizeException", "PyErr_Restore", "PyErr_Clear",
            "PyErr_SetString", "PyErr_ExceptionMatches", "PyCapsule_New", "PyCapsule_IsValid",
            "PyCapsule_GetPointer", "PyCapsule_SetName", "PyCapsule_GetName", "PyCFunction_NewEx",
            "PyExc_TypeError", "PyExc_ValueError", "PyExc_BufferError", "PyExc_RuntimeError",
            "PyExc_AttributeError", "_Py_NoneStruct", "PyCapsule_Type");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final boolean MAC = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final int RTLD_NOW = 2;
    private static final int RTLD_LOCAL = MAC ? 4 : 0;
    private static final int RTLD_GLOBAL = MAC ? 8 : 0x100;
    private static final int RTLD_NOLOAD = MAC ? 0x10 : 4;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    private static final MethodHandle DLOPEN;
    private static final MethodHandle DLSYM;
    private static final MethodHandle DLERROR;
    private static final MethodHandle DLCLOSE;

    static {
        if (WINDOWS) {
            DLOPEN = DLSYM = DLERROR = DLCLOSE = null;
        } else {
            SymbolLookup libc = LINKER.defaultLookup();
            DLOPEN = LINKER.downcallHandle(libc.find("dlopen").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            DLSYM = LINKER.downcallHandle(libc.find("dlsym").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            DLERROR = LINKER.downcallHandle(libc.find("dlerror").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG));
            DLCLOSE = LINKER.downcallHandle(libc.find("dlclose").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        }
    }

    /** The symbols of the loaded library; set once, by {@link #open}, before {@link CApi} is first used. */
    private static volatile SymbolLookup loaded;

    private LibPython() {
    }

    /**
     * An opened, checked and globally visible libpython.
     *
     * @param library the file
     * @param version the {@code Py_GetVersion()} text
     * @param minor the minor version (3.minor)
     */
    record Opened(Path library, String version, int minor) {
    }

    /** {@return the symbols of the library {@link #open} made global} */
    static SymbolLookup lookup() {
        SymbolLookup l = loaded;
        if (l == null) {
            throw new IllegalStateException("libpython is not loaded");
        }
        return l;
    }

    /**
     * Opens and checks {@code c.library()}; on success makes it global and the lookup for
     * {@link CApi}.
     *
     * @throws Discovery.Rejected if it cannot be opened or is not a supported CPython
     */
    static Opened open(Discovery.Candidate c) throws Discovery.Rejected {
        if (WINDOWS) {
            throw new Discovery.Rejected("Windows is not supported yet (ndpack loads libpython with dlopen)");
        }
        String path = c.library().toString();
        long handle;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            handle = (long) DLOPEN.invokeExact(p, RTLD_NOW | RTLD_LOCAL);
            if (handle == 0) {
                throw new Discovery.Rejected("dlopen failed: " + dlerror());
            }
            String version;
            int minor;
            try {
                long getVersion = dlsym(handle, "Py_GetVersion", arena);
                if (getVersion == 0) {
                    throw new Discovery.Rejected("not a libpython (it has no Py_GetVersion)");
                }
                MethodHandle gv = LINKER.downcallHandle(MemorySegment.ofAddress(getVersion),
                        FunctionDescriptor.of(ValueLayout.JAVA_LONG));
                version = cString((long) gv.invokeExact());
                minor = checkVersion(version, c.version());
                List<String> missing = new ArrayList<>();
                for (String s : REQUIRED) {
                    if (dlsym(handle, s, arena) == 0) {
                        missing.add(s);
                    }
                }
                if (!missing.isEmpty()) {
                    throw new Discovery.Rejected("CPython " + version.split(" ")[0]
                            + " lacks the C API functions " + missing);
                }
            } catch (Discovery.Rejected r) {
                int ignored = (int) DLCLOSE.invokeExact(handle);
                throw r;
            }
            if (loaded != null) {
                int ignored = (int) DLCLOSE.invokeExact(handle);
                throw new IllegalStateException("a libpython is already loaded: a second one cannot be made global");
            }
            long global = (long) DLOPEN.invokeExact(p, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
            if (global == 0) {
                int ignored = (int) DLCLOSE.invokeExact(handle);
                throw new Discovery.Rejected("dlopen(RTLD_GLOBAL) failed: " + dlerror());
            }
            final long h = global;
            loaded = name -> {
                try (Arena a = Arena.ofConfined()) {
                    long addr = dlsym(h, name, a);
                    return addr == 0 ? Optional.empty() : Optional.of(MemorySegment.ofAddress(addr));
                } catch (Throwable t) {
                    return Optional.empty();
                }
            };
            return new Opened(c.library(), version, minor);
        } catch (Discovery.Rejected | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("dlopen downcall failed", t);
        }
    }

    /**
     * Checks the {@code Py_GetVersion()} text: CPython 3.8 or newer, the version the interpreter
     * reported if one did.
     *
     * @return the minor version
     */
    static int checkVersion(String version, String expected) throws Discovery.Rejected {
        if (version.contains("PyPy") || version.contains("GraalPy")) {
            throw new Discovery.Rejected("not CPython (" + version + ")");
        }
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            throw new Discovery.Rejected("unrecognised Py_GetVersion() \"" + version + "\"");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major != 3 || minor < MIN_MINOR) {
            throw new Discovery.Rejected("CPython " + m.group() + " is not supported: ndpack needs 3."
                    + MIN_MINOR + " or newer");
        }
        if (expected != null) {
            String[] e = expected.split("\\.");
            if (e.length < 2 || !e[0].equals(m.group(1)) || !e[1].equals(m.group(2))) {
                throw new Discovery.Rejected("library is CPython " + m.group() + " but its interpreter reports "
                        + expected + " (mismatched installation)");
            }
        }
        return minor;
    }

    private static long dlsym(long handle, String name, Arena arena) throws Throwable {
        return (long) DLSYM.invokeExact(handle, arena.allocateFrom(name));
    }

    private static String dlerror() {
        try {
            long e = (long) DLERROR.invokeExact();
            return e == 0 ? "(no dlerror message)" : cString(e);
        } catch (Throwable t) {
            return "(dlerror failed: " + t + ")";
        }
    }

    /** {@return the NUL-terminated UTF-8 string at {@code address}} */
    static String cString(long address) {
        return MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }
}
