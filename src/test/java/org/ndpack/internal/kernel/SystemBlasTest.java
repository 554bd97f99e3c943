package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ndpack.testing.ChildJvm;

/**
 * {@code -Dndpack.blas=system} end to end, in a child JVM (the property is read once per JVM):
 * the first CBLAS library found is the one {@code kernelInfo()} names, and products through the
 * public API agree with a float64 reference. CI installs Debian's OpenBLAS
 * ({@code libopenblas0-pthread}), so there it is {@code libopenblas.so.0}; skipped, saying so,
 * where no CBLAS library is installed.
 */
class SystemBlasTest {

    @Test
    void systemBlasIsChosenAndAgreesWithAReference() throws Exception {
        String expected = null;
        for (String name : new String[] {"libopenblas.so.0", "libcblas.so.3", "libblas.so.3"}) {
            if (Blas.load(name) != null) {
                expected = name;
                break;
            }
        }
        Assumptions.assumeTrue(expected != null, "no CBLAS library (libopenblas.so.0, libcblas.so.3, libblas.so.3) "
                + "installed: skipping -Dndpack.blas=system; apt-get install -y libopenblas0-pthread");
        ChildJvm.Result r = ChildJvm.run(SystemBlasMain.class, 60, List.of("-Dndpack.blas=system"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok system blas " + expected), r.output());
        // an OpenBLAS older than this CPU (Debian 12's on a recent Xeon) must be named once, with the fix
        String warning = Blas.coreWarning(expected, Blas.openBlasCore(expected), Blas.cpuFlags());
        if (warning != null) {
            assertTrue(r.output().contains("OPENBLAS_CORETYPE="), r.output());
            assertEquals(r.output().indexOf("OPENBLAS_CORETYPE="), r.output().lastIndexOf("OPENBLAS_CORETYPE="), r.output());
        } else {
            assertFalse(r.output().contains("OPENBLAS_CORETYPE="), r.output());
        }
    }

    @Test
    void aNamedLibraryThatDoesNotExistFallsBackToTheJavaKernel() throws Exception {
        ChildJvm.Result r = ChildJvm.run(SystemBlasMain.class, 60,
                List.of("-Dndpack.blas=system", "-Dndpack.blas.library=libndpack-no-such-blas.so.9"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok system blas none"), r.output());
    }
}
