package org.ndpack.torch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The two libtorch functions ndpack-torch calls, found once per JVM in the libtorch that JavaCPP
 * loaded. Initialised on first use; a failure is remembered and reported again, with the same
 * message, on every later call.
 *
 * <p>Both are C++ functions, called through the Itanium C++ ABI of x86-64 Linux:
 * <ul>
 *   <li>{@code DLManagedTensorVersioned* at::toDLPackVersioned(const at::Tensor&)}: a reference
 *       is a pointer, the result a pointer in a register.</li>
 *   <li>{@code at::Tensor at::fromDLPackVersioned(DLManagedTensorVersioned*,
 *       std::function<void(void*)>)}: {@code at::Tensor} is not trivially copyable, so it is
 *       returned through a hidden pointer to caller-owned memory passed as the first argument; and
 *       {@code std::function} is not trivially copyable either, so it is passed by value as a
 *       pointer to a caller-owned object (libstdc++'s is 32 bytes; all zero is the empty function,
 *       for which PyTorch calls the tensor's own deleter). The caller owns that object afterwards;
 *       PyTorch stores a small lambda in it that needs no destruction.</li>
 * </ul>
 * A C++ exception thrown inside either call cannot cross the downcall: the process aborts. So
 * {@link Torch} checks everything libtorch would refuse before calling.
 */
final class Libtorch {
    /** {@code at::toDLPackVersioned(at::Tensor const&)}. */
    static final String TO_DLPACK = "_ZN2at17toDLPackVersionedERKNS_6TensorE";
    /** {@code at::fromDLPackVersioned(DLManagedTensorVersioned*, std::function<void (void*)>)}. */
    static final String FROM_DLPACK = "_ZN2at19fromDLPackVersionedEP24DLManagedTensorVersionedSt8functionIFvPvEE";

    /** Bytes of the {@code std::function<void(void*)>} object passed by value (libstdc++). */
    static final long STD_FUNCTION_BYTES = 32;

    private static final Libtorch INSTANCE;
    private static final String FAILURE;
    private static final Throwable FAILURE_CAUSE;
    /** Static finals, so that the JIT treats the handles as constants (instance fields it does not). */
    static final MethodHandle TO_DLPACK_VERSIONED;
    static final MethodHandle FROM_DLPACK_VERSIONED;

    static {
        Libtorch lib = null;
        String failure = null;
        Throwable cause = null;
        try {
            lib = load();
        } catch (TorchUnavailableException e) {
            failure = e.getMessage();
            cause = e.getCause();
        } catch (LinkageError | RuntimeException e) {
            failure = "libtorch could not be loaded through JavaCPP (" + e + "); ndpack-torch needs "
                    + Torch.SUPPORTED_VERSION;
            cause = e;
        }
        INSTANCE = lib;
        TO_DLPACK_VERSIONED = lib == null ? null : lib.toDLPackVersioned;
        FROM_DLPACK_VERSIONED = lib == null ? null : lib.fromDLPackVersioned;
        FAILURE = failure;
        FAILURE_CAUSE = cause;
    }

    private final MethodHandle toDLPackVersioned;   // (MemorySegment tensor) -> MemorySegment managed
    private final MethodHandle fromDLPackVersioned; // (MemorySegment ret, MemorySegment managed, MemorySegment fn) -> void

    private Libtorch(MethodHandle to, MethodHandle from) {
        this.toDLPackVersioned = to;
        this.fromDLPackVersioned = from;
    }

    /**
     * Checks that the functions were found ({@link #TO_DLPACK_VERSIONED} and
     * {@link #FROM_DLPACK_VERSIONED} are non-null after it returns).
     *
     * @throws TorchUnavailableException if JavaCPP, the presets, the native library or a symbol
     *         is missing
     */
    static void check() {
        if (INSTANCE == null) {
            throw new TorchUnavailableException(FAILURE, FAILURE_CAUSE);
        }
    }

    private static Libtorch load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new TorchUnavailableException("ndpack-torch supports linux-x86_64 only (the C++ ABI of its calls "
                    + "into libtorch); this JVM runs on " + os + "-" + arch + ". Needs " + Torch.SUPPORTED_VERSION, null);
        }
        requireClass("org.bytedeco.javacpp.Loader", "JavaCPP (org.bytedeco:javacpp)");
        requireClass("org.bytedeco.pytorch.global.torch", "JavaCPP's PyTorch presets (org.bytedeco:pytorch)");
        Presets.loadLibtorch();
        SymbolLookup lookup = lookup();
        Linker linker = Linker.nativeLinker();
        MethodHandle to = linker.downcallHandle(find(lookup, TO_DLPACK, "at::toDLPackVersioned(at::Tensor const&)"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle from = linker.downcallHandle(find(lookup, FROM_DLPACK,
                        "at::fromDLPackVersioned(DLManagedTensorVersioned*, std::function<void (void*)>)"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        return new Libtorch(to, from);
    }

    /**
     * The symbols of the libraries JavaCPP loaded: {@link SymbolLookup#loaderLookup()} sees them
     * when JavaCPP's {@code Loader} and this class share a class loader (class path, module path);
     * otherwise the libtorch_cpu file JavaCPP reports as loaded is opened once more by path.
     */
    private static SymbolLookup lookup() {
        SymbolLookup loader = SymbolLookup.loaderLookup();
        if (loader.find(TO_DLPACK).isPresent()) {
            return loader;
        }
        String path = Presets.loadedLibtorchPath();
        if (path == null) {
            return loader;
        }
        return loader.or(SymbolLookup.libraryLookup(java.nio.file.Path.of(path), java.lang.foreign.Arena.global()));
    }

    static MemorySegment find(SymbolLookup lookup, String symbol, String demangled) {
        Optional<MemorySegment> s = lookup.find(symbol);
        if (s.isEmpty()) {
            throw new TorchUnavailableException("the loaded libtorch has no symbol " + symbol + " (" + demangled
                    + "): another libtorch version? ndpack-torch needs " + Torch.SUPPORTED_VERSION, null);
        }
        return s.get();
    }

    private static void requireClass(String name, String what) {
        try {
            Class.forName(name, false, Libtorch.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TorchUnavailableException(what + " is not on the class or module path (" + name
                    + " not found); ndpack-torch needs " + Torch.SUPPORTED_VERSION, e);
        }
    }
}
