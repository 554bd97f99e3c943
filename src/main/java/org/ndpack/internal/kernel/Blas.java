package org.ndpack.internal.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

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
 * symbols). If none is found the Java kernel is used. Only products of operands already of the
 * result dtype, each with a unit stride in one dimension, and C row-major, are sent to it.
 * Thread-safe: the handles are created once, in the class initialiser.
 */
public final class Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
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
                return lib;
            }
        }
        return null;
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
