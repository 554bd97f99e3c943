package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The optional system BLAS path gives the Java kernel's results (within rounding) for
 * row-major and transposed operands, and declines layouts it cannot express. Skipped, saying so,
 * when no CBLAS library is installed (Debian: {@code apt-get install -y libblas3}); the library is
 * never required.
 */
class BlasTest {
    
    private static Blas.Library library() {
        for (String name : new String[] {"libopenblas.so.0", "libcblas.so.3", "libblas.so.3"}) {
            Blas.Library lib = Blas.load(name);
            if (lib != null) {
                return lib;
            }
        }
        Assumptions.abort("no CBLAS library (libopenblas.so.0, libcblas.so.3, libblas.so.3) found: skipping the "
                + "system BLAS test; install one with apt-get install -y libblas3");
        return null;
    }

    private static Gemm.Mat mat(NDArray x) {
        long[] st = impl(x).strides;
        return new Gemm.Mat(impl(x).memory.segment, x.dtype(), impl(x).offset, st[0], st[1]);
    }

    @Test
    void systemBlasAgreesWithTheJavaKernel() {
        Blas.Library lib = library();
        Random rnd = new Random(5);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] av = new double[37 * 53];
            double[] bv = new double[53 * 29];
            for (int i = 0; i < av.length; i++) {
                av[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < bv.length; i++) {
                bv[i] = rnd.nextGaussian();
            }
            try (NDArray a0 = NDArray.of(av, 37, 53); NDArray b0 = NDArray.of(bv, 53, 29);
                    NDArray a = a0.astype(t); NDArray b = b0.astype(t);
                    NDArray at = a.transpose().copy(); NDArray bt = b.transpose().copy()) {
                NDArray[][] operands = {{a, b}, {at.transpose(), b}, {a, bt.transpose()}, {at.transpose(), bt.transpose()}};
                for (NDArray[] ops : operands) {
                    try (NDArray viaBlas = NDArray.zeros(t, 37, 29); NDArray viaJava = ops[0].matmul(ops[1])) {
                        assertTrue(Blas.gemm(lib, t, 37, 29, 53, mat(ops[0]), mat(ops[1]), impl(viaBlas).memory.segment, 0,
                                29, 1), "BLAS takes layouts with a unit stride");
                        assertTrue(viaBlas.allClose(viaJava, t == DType.FLOAT32 ? 1e-4 : 1e-12, 1e-5), t + " " + lib.name());
                    }
                }
                // every other column: no unit stride, so the Java kernel must be used
                NDArray stepped = b.slice(":, ::2");
                try (NDArray c = NDArray.zeros(t, 37, 15)) {
                    assertFalse(Blas.gemm(lib, t, 37, 15, 53, mat(a), mat(stepped), impl(c).memory.segment, 0, 15, 1));
                    assertArrayEquals(new double[37 * 15], c.toDoubleArray(), "nothing written when declined");
                }
            }
        }
    }

    @Test
    void anOpenBlasOlderThanTheCpuIsNamedWithTheCoreTypeToSet() {
        Set<String> avx512 = Set.of("sse3", "avx2", "avx512f");
        String w = Blas.coreWarning("libopenblas.so.0", "Prescott", avx512);
        assertTrue(w != null && w.contains("libopenblas.so.0") && w.contains("Prescott")
                && w.contains("OPENBLAS_CORETYPE=SkylakeX") && w.length() < 400, String.valueOf(w));
        String avx2 = Blas.coreWarning("libopenblas.so.0", "Sandybridge", Set.of("avx", "avx2"));
        assertTrue(avx2 != null && avx2.contains("OPENBLAS_CORETYPE=Haswell"), String.valueOf(avx2));
        assertNull(Blas.coreWarning("libopenblas.so.0", "SkylakeX", avx512), "a core OpenBLAS knows");
        assertNull(Blas.coreWarning("libopenblas.so.0", "Prescott", Set.of("sse3")), "an old CPU gets old kernels");
        assertNull(Blas.coreWarning("libblas.so.3", null, avx512), "not OpenBLAS");
    }

    @Test
    void openBlasReportsItsCoreAndOtherLibrariesNone() {
        Assumptions.assumeTrue(Blas.load("libopenblas.so.0") != null,
                "libopenblas.so.0 not installed: skipping its core name (apt-get install -y libopenblas0-pthread)");
        String core = Blas.openBlasCore("libopenblas.so.0");
        assertTrue(core != null && !core.isBlank(), String.valueOf(core));
        assertNull(Blas.openBlasCore("libndpack-no-such-blas.so.9"));
    }
}
