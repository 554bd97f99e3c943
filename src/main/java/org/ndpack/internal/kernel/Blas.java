package org.ndpack.internal.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.ndpack.DType;

/**
 * An optional system BLAS for float32 and float64 matrix products, called through the FFM API
 * ({@code cblas_sgemm}, {@code cblas_dgemm}). Off by default: the pure-Java kernels
 * ({@link GemmF32}, {@link GemmF64}) are always available and give the same bits on every
 * machine, while a BLAS gives its own (possibly thread-count dependent) rounding. The BLAS that
 * Debian installs by default ({@code libblas.so.3}, the reference implementation that NumPy
 * links here) runs at about 1 GFLOP/s, many times slower than the Java kernel; an optimised one
 * (OpenBLAS, BLIS, MKL) can be faster for large products.
 *
 * <p>System properties, read once: {@code ndpack.blas=system} turns it on;
 * {@code ndpack.blas.library} names the shared library (default: the first of
 * {@code libopenblas.so.0}, {@code libcblas.so.3}, {@code libblas.so.3} that loads and has the
 * symbols). If none is found the Java kernel is used. An OpenBLAS that chose pre-AVX2 kernels on a
 * CPU with AVX2 or AVX-512 (it is older than the CPU) gets one WARNING through
 * {@code System.getLogger("org.ndpack")} naming {@code OPENBLAS_CORETYPE}. Only products of operands already of the
 * result dtype, each with a unit stride in one dimension, and C row-major, are sent to it.
 * Thread-safe: the handles are created once, in the class initialiser.
 */
public final class Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    /** OpenBLAS kernel sets that use neither AVX2 nor AVX-512 (declared before SYSTEM, whose initialiser reads it). */
    private static final Set<String> SSE_CORES = Set.of("prescott", "core2", "penryn", "dunnington", "nehalem",
            "atom", "opteron", "opteron_sse3", "barcelona", "bobcat", "sandybridge", "bulldozer", "generic");
    /** The library chosen by the system properties, or null (the Java kernels are used). */
    private static final Library SYSTEM = fromProperties();
    /** The name of the library in use, or null. */
    public static final String LIBRARY = SYSTEM == null ? null : SYSTEM.name();

    /** A loaded CBLAS: its name and its two downcall handles. */
    record Library(String name, MethodHandle sgemm, MethodHandle dgemm) {
    }

    private static Library fromProperties() {
        if (!"system".equals(System.getProperty("ndpack.blas"))) {
            return null;
        }
        String named = System.getProperty("ndpack.blas.library");
        for (String name : named != null ? List.of(named) : List.of("libopenblas.so.0", "libcblas.so.3", "libblas.so.3")) {
            Library lib = load(name);
            if (lib != null) {
                String warning = coreWarning(name, openBlasCore(name), cpuFlags());
                if (warning != null) {
                    System.getLogger("org.ndpack").log(System.Logger.Level.WARNING, warning);
                }
                return lib;
            }
        }
        return null;
    }

    /**
     * The warning for an OpenBLAS that chose pre-AVX2 kernels on a CPU with AVX2 or AVX-512 (an
     * OpenBLAS older than the CPU, such as Debian 12's 0.3.21 on Emerald Rapids, falls back to its
     * Prescott kernels and runs products 4-5x slower than ndpack's own kernel), or null.
     *
     * @param core the name {@code openblas_get_corename} gives, or null if the library is not OpenBLAS
     * @param cpuFlags the CPU's feature flags, lower case, or an empty set if unknown
     */
    static String coreWarning(String library, String core, Set<String> cpuFlags) {
        if (core == null || !SSE_CORES.contains(core.toLowerCase(Locale.ROOT)) || !cpuFlags.contains("avx2")) {
            return null;
        }
        String suggest = cpuFlags.contains("avx512f") ? "SkylakeX" : "Haswell";
        return "ndpack: -Dndpack.blas=system: OpenBLAS in " + library + " chose its " + core + " kernels on a CPU with "
                + (suggest.equals("SkylakeX") ? "AVX-512" : "AVX2") + " (this OpenBLAS does not know the CPU), so its"
                + " matrix products will run several times slower than ndpack's own; set OPENBLAS_CORETYPE=" + suggest
                + " in the environment, or leave ndpack.blas unset";
    }

    /** {@return the kernel set an OpenBLAS library chose ({@code openblas_get_corename}), or null} */
    static String openBlasCore(String name) {
        try {
            Optional<MemorySegment> f = SymbolLookup.libraryLookup(name, Arena.global()).find("openblas_get_corename");
            if (f.isEmpty()) {
                return null;
            }
            MemorySegment s = (MemorySegment) Linker.nativeLinker()
                    .downcallHandle(f.get(), FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            return s.equals(MemorySegment.NULL) ? null : s.reinterpret(64).getString(0);
        } catch (Throwable e) {
            return null;
        }
    }

    /** {@return the CPU's feature flags from /proc/cpuinfo, or an empty set where that cannot be read} */
    static Set<String> cpuFlags() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Set.copyOf(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT).split("\\s+"))))
                    .orElse(Set.of());
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Set.of();
        }
    }

    /**
     * Loads {@code cblas_sgemm} and {@code cblas_dgemm} from the shared library {@code name}.
     *
     * @return the library, or null if it cannot be loaded, lacks the symbols, or native access is
     *         refused
     */
    static Library load(String name) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(name, Arena.global());
            Optional<MemorySegment> sg = lib.find("cblas_sgemm");
            Optional<MemorySegment> dg = lib.find("cblas_dgemm");
            if (sg.isEmpty() || dg.isEmpty()) {
                return null;
            }
            return new Library(name, linker.downcallHandle(sg.get(), descriptor(ValueLayout.JAVA_FLOAT)),
                    linker.downcallHandle(dg.get(), descriptor(ValueLayout.JAVA_DOUBLE)));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return null;
        }
    }

    private static FunctionDescriptor descriptor(ValueLayout scalar) {
        ValueLayout i = ValueLayout.JAVA_INT;
        ValueLayout p = ValueLayout.ADDRESS;
        return FunctionDescriptor.ofVoid(i, i, i, i, i, i, scalar, p, i, p, i, scalar, p, i);
    }

    /** {@return whether a system BLAS is in use} */
    public static boolean enabled() {
        return SYSTEM != null;
    }

    /**
     * Computes {@code C = A B} with the system BLAS if it is enabled and the layout suits it.
     *
     * @return true if done, false if the caller must use the Java kernel
     */
    public static boolean gemm(DType t, long m, long n, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c, long cOff,
            long rsc, long csc) {
        return SYSTEM != null && gemm(SYSTEM, t, m, n, k, a, b, c, cOff, rsc, csc);
    }

    /** {@link #gemm(DType, long, long, long, Gemm.Mat, Gemm.Mat, MemorySegment, long, long, long)} with a given library. */
    static boolean gemm(Library lib, DType t, long m, long n, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c,
            long cOff, long rsc, long csc) {
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || a.dtype() != t || b.dtype() != t || csc != 1 || m == 0
                || n == 0 || k == 0 || Math.max(Math.max(m, n), Math.max(k, rsc)) > Integer.MAX_VALUE
                || rsc < Math.max(1, n)) {
            return false;
        }
        long[] la = lead(a, m, k);
        long[] lb = lead(b, k, n);
        if (la == null || lb == null) {
            return false;
        }
        int w = t.byteSize();
        MemorySegment pa = a.seg().asSlice(a.off() * w);
        MemorySegment pb = b.seg().asSlice(b.off() * w);
        MemorySegment pc = c.asSlice(cOff * w);
        try {
            if (t == DType.FLOAT32) {
                lib.sgemm().invokeExact(ROW_MAJOR, (int) la[0], (int) lb[0], (int) m, (int) n, (int) k, 1.0f, pa,
                        (int) la[1], pb, (int) lb[1], 0.0f, pc, (int) rsc);
            } else {
                lib.dgemm().invokeExact(ROW_MAJOR, (int) la[0], (int) lb[0], (int) m, (int) n, (int) k, 1.0, pa,
                        (int) la[1], pb, (int) lb[1], 0.0, pc, (int) rsc);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cblas gemm of " + lib.name() + " failed", e);
        }
        return true;
    }

    /** {trans, ld} for a rows x cols operand, or null if it has no unit stride with a valid leading dimension. */
    private static long[] lead(Gemm.Mat x, long rows, long cols) {
        if ((x.cs() == 1 || cols == 1) && x.rs() >= Math.max(1, cols) && x.rs() <= Integer.MAX_VALUE) {
            return new long[] {NO_TRANS, x.rs()};
        }
        if ((x.rs() == 1 || rows == 1) && x.cs() >= Math.max(1, rows) && x.cs() <= Integer.MAX_VALUE) {
            return new long[] {TRANS, x.cs()};
        }
        return null;
    }
}
