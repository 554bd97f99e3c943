package org.ndpack.python;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.ndpack.NDArray;

/**
 * The CPython interpreter embedded in this JVM: run Python code, and exchange arrays with NumPy,
 * PyTorch and any other DLPack peer without copying.
 *
 * {@snippet :
 * Python py = Python.start();                  // finds and loads libpython, once per JVM
 * py.exec("import numpy as np");
 * try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 6, 1).reshape(2, 3);
 *      PyObject x = py.toPython(a)) {          // a Python object that exports a via DLPack
 *     py.set("x", x);
 *     py.exec("y = np.from_dlpack(x)");        // NumPy views a's memory: no copy
 *     System.out.println(py.eval("y.sum()"));  // 15.0
 *     try (NDArray t = py.fromPython(py.eval("np.ones((2, 2))"))) {  // and back, no copy
 *         System.out.println(t);
 *     }
 * }
 * }
 *
 * <h2>Starting</h2>
 * {@link #start()} loads a libpython (see it for the search order), initialises the interpreter
 * once, and returns the one {@code Python} of this JVM; later calls return the same object. The
 * interpreter is never finalised: it lives until the process exits (finalising CPython while Java
 * still holds Python objects or imported tensors would turn their later release into a crash).
 *
 * <h2>Namespace</h2>
 * {@link #exec}, {@link #eval}, {@link #get} and {@link #set} work in the globals of the module
 * {@code __main__}, as Python's own REPL and {@code python -c} do: names defined by one
 * {@code exec} are seen by the next, from every Java thread, and code that tests
 * {@code __name__ == "__main__"} behaves as in a script.
 *
 * <h2>Threads and the GIL</h2>
 * Every method may be called from any thread, platform or virtual. Each call takes the GIL with
 * {@code PyGILState_Ensure}, does its work, and releases it before returning; between calls no
 * Java thread holds the GIL, so Python threads run freely. The GIL makes each call atomic with
 * respect to other Python code only as far as Python itself does (Python code releases the GIL
 * every few milliseconds); a sequence of calls is not atomic. Python code runs with no Java lock
 * held by ndpack, and ndpack's code that runs on Python's behalf (the DLPack callbacks) takes no
 * Java lock: only user code can create a lock-order cycle with the GIL, by calling Python while
 * holding a lock that Python-side code (another thread) waits for through Java.
 *
 * <h2>Exceptions</h2>
 * A Python exception becomes a {@link PythonException} carrying its type, message and traceback.
 * Nothing here crashes the JVM on bad input: Python errors, closed objects and malformed DLPack
 * capsules all surface as exceptions.
 *
 * <h2>Guarantees</h2>
 * Thread-safe; the instance is immutable after {@link #start()} returns.
 */
public final class Python {
    private static final Object START_LOCK = new Object();
    /** The one instance; written once, under {@link #START_LOCK}. */
    private static volatile Python instance;
    /** Set when a start failed after the library became global: no second library may follow. */
    private static volatile PythonUnavailableException broken;

    private static final MemorySegment FILENAME = Strings.constant("<ndpack>");
    private static final MemorySegment BOOTSTRAP_FILENAME = Strings.constant("<ndpack bootstrap>");

    private final Path library;
    private final Path executable;
    private final String version;
    /** {@code __main__.__dict__} (a strong reference held forever). */
    final long mainDict;
    /** {@code _ndpack.describe_exception}. */
    final long describe;
    /** {@code _ndpack.type_name}. */
    final long typeName;
    /** {@code _ndpack.NDArray}, the exporter class. */
    final long exporterClass;
    /** {@code ()}. */
    final long emptyTuple;
    /** {@code {"max_version": (1, 3)}}, the keyword arguments of a DLPack 1.x consumer. */
    final long maxVersionKwargs;
    /** {@code '__dlpack__'}, interned: the attribute name {@code fromPython} looks up. */
    final long dlpackName;
    /** {@code '_token'} and {@code '_pin'}, interned: the exporter's slots ({@code toPython} sets the token). */
    final long tokenName;
    final long pinName;
    /** {@code (1, 3)} and {@code ('max_version',)}: {@code fromPython}'s vectorcall of {@code __dlpack__}. */
    final long maxVersion;
    final long maxVersionKwnames;
    /** The Python {@code NDArray.__dlpack__}, for the calls the C method does not answer itself. */
    final long dlpackGeneral;

    private Python(Path library, Path executable, String version, long[] refs) {
        this.library = library;
        this.executable = executable;
        this.version = version;
        this.mainDict = refs[0];
        this.describe = refs[1];
        this.typeName = refs[2];
        this.exporterClass = refs[3];
        this.emptyTuple = refs[4];
        this.maxVersionKwargs = refs[5];
        this.dlpackName = refs[6];
        this.tokenName = refs[7];
        this.pinName = refs[8];
        this.maxVersion = refs[9];
        this.maxVersionKwnames = refs[10];
        this.dlpackGeneral = refs[11];
    }

    // -------------------------------------------------------------------------------------------
    // Starting

    /**
     * Starts the embedded interpreter, or returns the one already started.
     *
     * <p>The first call looks for a CPython 3.8 or newer, in this order, and uses the first that
     * loads:
     * <ol>
     *   <li>the environment variable {@code NDPACK_PYTHON}: either a libpython shared library
     *       (a file name containing {@code .so}, or ending in {@code .dylib}) or a Python
     *       executable, whose own libpython is then used; when it is set nothing else is tried;</li>
     *   <li>otherwise {@code python3} on the {@code PATH}, then {@code /usr/bin/python3},
     *       {@code /usr/local/bin/python3} and {@code python} on the {@code PATH}: each is asked
     *       for its {@code sys.executable} and its {@code sysconfig} {@code LIBDIR},
     *       {@code INSTSONAME} and {@code LDLIBRARY}, and its shared libpython is used if it has
     *       one.</li>
     * </ol>
     * The library is loaded with {@code dlopen(RTLD_NOW | RTLD_GLOBAL)}, so that extension
     * modules (NumPy, PyTorch) find its symbols, and the interpreter is configured as if that
     * executable ran it (its {@code sys.prefix}, standard library, site-packages and virtual
     * environment), without installing signal handlers (the JVM keeps its own). After
     * initialisation the GIL is released.
     *
     * <p>Starting is thread-safe: concurrent first calls initialise the interpreter once, and all
     * return the same instance.
     *
     * @return the interpreter
     * @throws PythonUnavailableException if no usable libpython is found (the message lists what
     *         was tried and why each was not used), or if initialising the one found failed (then
     *         every later call throws it too: a library once loaded cannot be replaced)
     */
    public static Python start() {
        return start(null);
    }

    /**
     * Starts the embedded interpreter from {@code python}, or returns the one already started.
     *
     * <p>{@code python} is either a libpython shared library (a file name containing {@code .so},
     * or ending in {@code .dylib}; its standard library is looked for above it, in
     * {@code lib/pythonX.Y}) or a Python executable (a path or a name on the {@code PATH}), whose
     * own libpython is used. Nothing else is tried. Otherwise as {@link #start()}.
     *
     * @param python a libpython or a Python executable, or null to search as {@link #start()} does
     * @return the interpreter
     * @throws PythonUnavailableException if {@code python} cannot be used, or an earlier start
     *         failed after loading a library
     * @throws IllegalStateException if the interpreter was already started from another library
     */
    public static Python start(Path python) {
        Python py = instance;
        if (py != null) {
            return py.same(python);
        }
        if (Thread.currentThread().isVirtual()) {
            // CPython binds the main thread state to the OS thread that initialises it
            return onPlatformThread(python);
        }
        synchronized (START_LOCK) {
            py = instance;
            if (py != null) {
                return py.same(python);
            }
            if (broken != null) {
                throw new PythonUnavailableException("an earlier Python.start failed after loading libpython: "
                        + broken.getMessage(), broken);
            }
            py = load(python);
            instance = py;
            return py;
        }
    }

    private static Python onPlatformThread(Path python) {
        CompletableFuture<Python> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(start(python));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "ndpack-python-start");
        t.start();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Python was starting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@return this, if {@code python} names what this interpreter was loaded from} */
    private Python same(Path python) {
        if (python == null) {
            return this;
        }
        Path p = resolve(python);
        if (p != null && (p.equals(real(library)) || (executable != null && p.equals(real(executable))))) {
            return this;
        }
        // A name on the PATH may be a launcher (pyenv's shims): ask it which library it uses.
        if (!Discovery.isLibraryName(python)) {
            Discovery.Candidate c = Discovery.fromInterpreter(python.toString(), "", new Discovery.Attempts());
            if (c != null && real(c.library()).equals(real(library))) {
                return this;
            }
        }
        throw new IllegalStateException("Python is already running from " + library
                + (executable != null ? " (" + executable + ")" : "") + "; Python.start(" + python
                + ") cannot load a second interpreter into this JVM");
    }

    private static Path resolve(Path p) {
        if (Files.exists(p)) {
            return real(p);
        }
        if (p.getParent() == null) {
            String path = System.getenv("PATH");
            if (path != null) {
                for (String dir : path.split(java.io.File.pathSeparator)) {
                    Path c = Path.of(dir).resolve(p);
                    if (Files.isExecutable(c)) {
                        return real(c);
                    }
                }
            }
        }
        return null;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static Python load(Path python) {
        Discovery.Attempts attempts = new Discovery.Attempts();
        record Found(Discovery.Candidate candidate, LibPython.Opened opened) {
        }
        Found found = Discovery.first(python, attempts, c -> {
            if (c.executable() == null && c.home() == null) {
                throw new Discovery.Rejected("cannot tell where its standard library is (no lib/pythonX.Y/os.py "
                        + "above it and no python executable beside it): name the python executable instead");
            }
            return new Found(c, LibPython.open(c));
        });
        if (found == null) {
            throw new PythonUnavailableException("no usable CPython (3." + LibPython.MIN_MINOR
                    + " or newer, with a shared libpython) was found. Tried:" + attempts.describe()
                    + "\nSet " + Discovery.ENV + " to a python executable or to its libpython shared library"
                    + " (Debian/Ubuntu: apt-get install libpython3.X for your python3 version, or libpython3-dev; pyenv: build with"
                    + " PYTHON_CONFIGURE_OPTS=--enable-shared).", null);
        }
        try {
            return initialise(found.candidate(), found.opened());
        } catch (RuntimeException | Error e) {
            PythonUnavailableException b = e instanceof PythonUnavailableException u ? u
                    : new PythonUnavailableException("starting CPython from " + found.opened().library()
                            + " failed: " + e, e);
            broken = b;
            throw b;
        }
    }

    private static Python initialise(Discovery.Candidate c, LibPython.Opened o) {
        if (!CApi.isInitialized()) {
            configureAndInitialise(c, o);
            CApi.saveThread(); // release the GIL: from now on every thread takes it as it needs
            Gil.markMainThread();
        }
        // else: the process already runs an interpreter (Java embedded in Python); use it as is
        long[] refs = Gil.call(Python::setUp);
        return new Python(o.library(), c.executable(), o.version(), refs);
    }

    /** Sets the program name (or home) and initialises, through the API this version offers. */
    private static void configureAndInitialise(Discovery.Candidate c, LibPython.Opened o) {
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle create = CApi.optional("PyInitConfig_Create", FunctionDescriptor.of(ValueLayout.JAVA_LONG));
            if (create != null) {
                initialiseFromInitConfig(c, arena, create);
                return;
            }
            MethodHandle setName = CApi.optional("Py_SetProgramName",
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
            MethodHandle setHome = CApi.optional("Py_SetPythonHome",
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
            if (setName == null || setHome == null) {
                throw new PythonUnavailableException("CPython " + o.version()
                        + " offers neither PyInitConfig_Create nor Py_SetProgramName", null);
            }
            if (c.executable() != null) {
                // The decoded string must outlive the interpreter: it is never freed.
                setName.invokeExact(CApi.decodeLocale(arena.allocateFrom(c.executable().toString()).address()));
            } else {
                setHome.invokeExact(CApi.decodeLocale(arena.allocateFrom(c.home().toString()).address()));
            }
            CApi.initializeEx(0); // 0: install no signal handlers
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("initialisation downcall failed", t);
        }
    }

    /** Python 3.14+: PEP 741's PyInitConfig, which reports errors instead of aborting. */
    private static void initialiseFromInitConfig(Discovery.Candidate c, Arena arena, MethodHandle create)
            throws Throwable {
        FunctionDescriptor str = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
        MethodHandle setStr = CApi.required("PyInitConfig_SetStr", str);
        MethodHandle setInt = CApi.required("PyInitConfig_SetInt", str);
        MethodHandle init = CApi.required("Py_InitializeFromInitConfig",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MethodHandle getError = CApi.required("PyInitConfig_GetError", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        MethodHandle free = CApi.required("PyInitConfig_Free", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
        long config = (long) create.invokeExact();
        if (config == 0) {
            throw new OutOfMemoryError("PyInitConfig_Create failed");
        }
        try {
            int rc = (int) setInt.invokeExact(config, arena.allocateFrom("install_signal_handlers").address(), 0L);
            if (rc == 0) {
                rc = c.executable() != null
                        ? (int) setStr.invokeExact(config, arena.allocateFrom("program_name").address(),
                                arena.allocateFrom(c.executable().toString()).address())
                        : (int) setStr.invokeExact(config, arena.allocateFrom("home").address(),
                                arena.allocateFrom(c.home().toString()).address());
            }
            if (rc == 0) {
                rc = (int) init.invokeExact(config);
            }
            if (rc != 0) {
                MemorySegment msg = arena.allocate(ValueLayout.JAVA_LONG);
                int ignored = (int) getError.invokeExact(config, msg.address());
                long m = msg.get(ValueLayout.JAVA_LONG, 0);
                throw new PythonUnavailableException("CPython initialisation failed: "
                        + (m == 0 ? "(no message)" : LibPython.cString(m)), null);
            }
        } finally {
            free.invokeExact(config);
        }
    }

    /**
     * Under the GIL: fetches {@code __main__.__dict__}, creates {@code _ndpack} with the upcall
     * functions and runs the bootstrap source in it.
     *
     * @return new references, kept forever: main dict, describe, type_name, exporter class,
     *         empty tuple, max_version keyword arguments
     */
    private static long[] setUp() {
        try (Arena arena = Arena.ofConfined()) {
            long main = CApi.addModule(arena.allocateFrom("__main__").address());
            if (main == 0) {
                throw Errors.fetch(0);
            }
            long mainDict = CApi.moduleGetDict(main);
            CApi.incRef(mainDict);
            long module = CApi.addModule(arena.allocateFrom(Bootstrap.MODULE).address());
            if (module == 0) {
                throw Errors.fetch(0);
            }
            long dict = CApi.moduleGetDict(module);
            ToPython.installFunctions(dict);
            long code = CApi.compile(arena.allocateFrom(Bootstrap.SOURCE).address(), BOOTSTRAP_FILENAME.address(),
                    CApi.FILE_INPUT);
            if (code == 0) {
                throw Errors.fetch(0);
            }
            long r = CApi.evalCode(code, dict, dict);
            CApi.decRef(code);
            if (r == 0) {
                throw Errors.fetch(0);
            }
            CApi.decRef(r);
            long[] refs = {mainDict, item(dict, "describe_exception", arena), item(dict, "type_name", arena),
                item(dict, "NDArray", arena), item(dict, "EMPTY", arena), item(dict, "MAX_VERSION_KWARGS", arena),
                item(dict, "DLPACK_NAME", arena), item(dict, "TOKEN_NAME", arena), item(dict, "PIN_NAME", arena),
                item(dict, "MAX_VERSION", arena), item(dict, "MAX_VERSION_KWNAMES", arena),
                item(dict, "DLPACK_GENERAL", arena)};
            ToPython.installDlpackMethod(refs[3], refs[6]);
            ToPython.findTokenSlot(refs[3], refs[7], refs[4]);
            return refs;
        }
    }

    private static long item(long dict, String name, Arena arena) {
        long o = CApi.dictGetItemString(dict, arena.allocateFrom(name).address());
        if (o == 0) {
            throw new IllegalStateException("ndpack's Python bootstrap did not define " + name);
        }
        CApi.incRef(o);
        return o;
    }

    /** {@return the started interpreter} for package code that runs only after start */
    static Python runtime() {
        Python py = instance;
        if (py == null) {
            throw new IllegalStateException("Python is not started");
        }
        return py;
    }

    /** {@return the pending Python error as an exception (clearing it)} Needs the GIL. */
    PythonException error() {
        return Errors.fetch(describe);
    }

    // -------------------------------------------------------------------------------------------
    // Facts

    /** {@return the libpython this interpreter was loaded from} */
    public Path library() {
        return library;
    }

    /**
     * {@return the Python executable whose installation this interpreter uses ({@code sys.executable}),
     * if known}
     */
    public Optional<Path> executable() {
        return Optional.ofNullable(executable);
    }

    /** {@return {@code Py_GetVersion()}, as {@code "3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]"}} */
    public String version() {
        return version;
    }

    // -------------------------------------------------------------------------------------------
    // Running code

    /**
     * Runs Python statements in {@code __main__}, like {@code exec(code)} at the top of a script.
     *
     * @param code the statements
     * @throws PythonException if the code raises (a {@code SyntaxError} included)
     * @throws IllegalArgumentException if {@code code} contains the NUL character
     * @throws NullPointerException if {@code code} is null
     */
    public void exec(String code) {
        long r = run(code, CApi.FILE_INPUT);
        Gil.run(() -> CApi.decRef(r));
    }

    /**
     * Evaluates a Python expression in {@code __main__}.
     *
     * @param expression the expression
     * @return its value; the caller owns this reference
     * @throws PythonException if the expression raises (a {@code SyntaxError} included, for
     *         statements)
     * @throws IllegalArgumentException if {@code expression} contains the NUL character
     * @throws NullPointerException if {@code expression} is null
     */
    public PyObject eval(String expression) {
        return PyObject.own(run(expression, CApi.EVAL_INPUT));
    }

    private long run(String code, int mode) {
        Objects.requireNonNull(code, "code");
        try (Arena arena = Arena.ofConfined()) {
            long source = Strings.cString(arena, code, "Python code").address();
            return Gil.call(() -> {
                long compiled = CApi.compile(source, FILENAME.address(), mode);
                if (compiled == 0) {
                    throw error();
                }
                long r = CApi.evalCode(compiled, mainDict, mainDict);
                CApi.decRef(compiled);
                if (r == 0) {
                    throw error();
                }
                return r;
            });
        }
    }

    /**
     * Reads a global variable of {@code __main__}.
     *
     * @param name the variable
     * @return its value; the caller owns this reference
     * @throws NoSuchElementException if {@code __main__} has no variable {@code name}
     * @throws IllegalArgumentException if {@code name} contains the NUL character
     * @throws NullPointerException if {@code name} is null
     */
    public PyObject get(String name) {
        Objects.requireNonNull(name, "name");
        try (Arena arena = Arena.ofConfined()) {
            long key = Strings.cString(arena, name, "variable name").address();
            long o = Gil.call(() -> {
                long v = CApi.dictGetItemString(mainDict, key);
                if (v != 0) {
                    CApi.incRef(v);
                }
                return v;
            });
            if (o == 0) {
                throw new NoSuchElementException("__main__ has no variable '" + Strings.excerpt(name) + "'");
            }
            return PyObject.own(o);
        }
    }

    /**
     * Sets a global variable of {@code __main__} ({@code name = value}). The variable holds its own
     * reference: {@code value} may be closed afterwards.
     *
     * @param name the variable
     * @param value the value
     * @throws IllegalStateException if {@code value} is closed
     * @throws IllegalArgumentException if {@code name} contains the NUL character
     * @throws NullPointerException if an argument is null
     */
    public void set(String name, PyObject value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        setConverted(name, value);
    }

    /**
     * Sets a global variable of {@code __main__} to a Java value converted as
     * {@link PyObject#call(Object...)} converts arguments ({@code null} to {@code None}, numbers,
     * booleans, strings, {@link NDArray}s through {@link #toPython}, {@link PyObject}s as they are).
     *
     * @param name the variable
     * @param value the value
     * @throws IllegalArgumentException if {@code value} has no conversion, or {@code name} contains
     *         the NUL character
     * @throws IllegalStateException if {@code value} is a closed {@link PyObject} or a closed array
     * @throws NullPointerException if {@code name} is null
     */
    public void set(String name, Object value) {
        Objects.requireNonNull(name, "name");
        setConverted(name, value);
    }

    private void setConverted(String name, Object value) {
        try (Arena arena = Arena.ofConfined()) {
            long key = Strings.cString(arena, name, "variable name").address();
            Gil.run(() -> {
                long v = PyObject.toPython(value);
                int rc = CApi.dictSetItemString(mainDict, key, v);
                CApi.decRef(v);
                if (rc != 0) {
                    throw error();
                }
            });
        }
    }

    /**
     * Imports a module, like {@code importlib.import_module(name)}.
     *
     * @param name the dotted module name
     * @return the module; the caller owns this reference
     * @throws PythonException if the import fails ({@code ModuleNotFoundError} included)
     * @throws IllegalArgumentException if {@code name} contains the NUL character
     */
    public PyObject importModule(String name) {
        Objects.requireNonNull(name, "name");
        try (Arena arena = Arena.ofConfined()) {
            long n = Strings.cString(arena, name, "module name").address();
            return PyObject.own(Gil.call(() -> {
                long m = CApi.importModule(n);
                if (m == 0) {
                    throw error();
                }
                return m;
            }));
        }
    }

    // -------------------------------------------------------------------------------------------
    // Values

    /**
     * {@return the Python {@code int} {@code value}; the caller owns the reference}
     *
     * @param value the value
     */
    public PyObject of(long value) {
        return convert(value);
    }

    /**
     * {@return the Python {@code float} {@code value}; the caller owns the reference}
     *
     * @param value the value
     */
    public PyObject of(double value) {
        return convert(value);
    }

    /**
     * {@return the Python {@code bool} {@code value}; the caller owns the reference}
     *
     * @param value the value
     */
    public PyObject of(boolean value) {
        return convert(value);
    }

    /**
     * {@return the Python {@code str} of the same characters; the caller owns the reference} Every
     * Java string converts exactly, unpaired surrogates and NUL included.
     *
     * @param value the text
     * @throws NullPointerException if {@code value} is null
     */
    public PyObject of(String value) {
        return convert(Objects.requireNonNull(value, "value"));
    }

    /** {@return Python's {@code None}; the caller owns the reference} */
    public PyObject none() {
        return convert(null);
    }

    private PyObject convert(Object value) {
        return PyObject.own(Gil.call(() -> PyObject.toPython(value)));
    }

    // -------------------------------------------------------------------------------------------
    // Arrays

    /**
     * Imports a Python array without copying, through DLPack: NumPy arrays, PyTorch tensors, any
     * object with {@code __dlpack__}, or a DLPack capsule itself (as
     * {@code torch.utils.dlpack.to_dlpack} returns).
     *
     * <p>Calls {@code obj.__dlpack__(max_version=(1, 3))}, and {@code obj.__dlpack__()} if that
     * raises {@code TypeError} (producers older than DLPack 1.0, such as NumPy 1.x and PyTorch 1.x,
     * do not know {@code max_version}). The capsule must be named {@code "dltensor_versioned"} or
     * {@code "dltensor"}; it is consumed exactly once, by renaming it {@code "used_dltensor..."}
     * before ndpack takes the tensor, so a capsule can never be imported twice and a failure after
     * the rename never frees the tensor twice.
     *
     * <p>The result owns the imported tensor: the producer's deleter runs, with the GIL held, when
     * the result (or the last view of it) is closed or collected; the Python object stays alive
     * until then. The array is read-only if the producer marked the tensor read-only (DLPack 1.x);
     * legacy tensors are imported writable, as the DLPack bridge does, and writes are seen by
     * Python.
     *
     * @param obj the Python array or capsule
     * @return an array viewing the producer's memory
     * @throws PythonException if {@code __dlpack__} raises
     * @throws IllegalArgumentException if {@code obj} has no {@code __dlpack__} and is no DLPack
     *         capsule, or its {@code __dlpack__} returned something else than a DLPack capsule
     * @throws IllegalStateException if {@code obj} is a capsule already consumed
     *         ({@code "used_dltensor..."}), or {@code obj} is closed
     * @throws RuntimeException the DLPack bridge's exceptions for tensors it cannot import
     *         (device, dtype, layout); the tensor's deleter has then been called
     */
    public NDArray fromPython(PyObject obj) {
        Objects.requireNonNull(obj, "obj");
        return FromPython.fromPython(this, obj);
    }

    /**
     * Shares an array with Python without copying: returns a Python object (of class
     * {@code _ndpack.NDArray}) that implements the DLPack protocol,
     * {@code __dlpack__(stream=None, max_version=None, dl_device=None, copy=None)} and
     * {@code __dlpack_device__()}, for {@code numpy.from_dlpack}, {@code torch.from_dlpack},
     * {@code torch.utils.dlpack.from_dlpack} and any other consumer.
     *
     * <p>{@code __dlpack__} returns a {@code "dltensor_versioned"} capsule when the consumer passes
     * {@code max_version} with a major version of 1 or more, else a legacy {@code "dltensor"}
     * capsule. Each capsule pins the array's memory until the consumer's deleter runs (closing
     * {@code a} does not pull the memory from under the consumer); a capsule dropped unconsumed
     * releases its pin in its destructor. The returned object refers to {@code a} (keeping it
     * reachable) but does not pin it: if {@code a} is closed before a consumer calls
     * {@code __dlpack__}, that call raises {@code BufferError}.
     *
     * @param a the array
     * @return the exporter; the caller owns this reference
     * @throws IllegalStateException if {@code a} is closed
     * @throws NullPointerException if {@code a} is null
     */
    public PyObject toPython(NDArray a) {
        Objects.requireNonNull(a, "a");
        return PyObject.own(Gil.call(() -> ToPython.toPython(this, a)));
    }

    /** {@return a short description: the version and the library} */
    @Override
    public String toString() {
        return "Python[" + version.split(" ")[0] + ", " + library + "]";
    }
}
