package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * NDArray.kernelInfo() on both kernel paths: the build runs the "kernels" tests with and without
 * the Vector API module and says which through ndpack.test.expectVector.
 */
@Tag("kernels")
class KernelInfoTest {

    @Test
    void kernelInfoReportsThePathThisRunUses() {
        String expect = System.getProperty("ndpack.test.expectVector");
        Assumptions.assumeTrue(expect != null, "ndpack.test.expectVector not set (not run by the Maven build)");
        KernelInfo k = NDArray.kernelInfo();
        assertEquals(Boolean.parseBoolean(expect), k.vectorActive(), k.toString());
        assertEquals("--add-modules jdk.incubator.vector", k.vectorFlag());
        if (k.vectorActive()) {
            assertTrue(k.vectorBits() >= 64 && Integer.bitCount(k.vectorBits()) == 1, "bits: " + k.vectorBits());
            assertEquals("", k.reason());
            assertTrue(k.toString().startsWith("Vector API kernels on (" + k.vectorBits() + "-bit vectors: "
                    + k.vectorBits() / 64 + " float64 lanes"), k.toString());
        } else {
            assertEquals(0, k.vectorBits());
            assertTrue(k.reason().contains("start the JVM with --add-modules jdk.incubator.vector"), k.reason());
            assertTrue(k.toString().startsWith("Vector API kernels off ("), k.toString());
        }
    }

    @Test
    void blasIsNoneUnlessTurnedOn() {
        Assumptions.assumeTrue(System.getProperty("ndpack.blas") == null, "ndpack.blas is set for this run");
        assertEquals("none", NDArray.kernelInfo().blas());
        assertTrue(NDArray.kernelInfo().toString().endsWith("; BLAS: none"));
    }

    @Test
    void theInfoIsFixedForTheLifeOfTheJvm() {
        assertSame(NDArray.kernelInfo(), NDArray.kernelInfo());
    }
}
