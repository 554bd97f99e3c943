package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ndpack.io.Npy;

/**
 * {@link NativeMemory}'s figures: ndpack's own arrays are reserved against the limit; a mapped
 * file is foreign memory, reported but not reserved. (Imported DLPack tensors take the same path
 * as mappings; the DLPack soak exercises them.)
 */
class NativeMemoryTest {
    @TempDir
    Path dir;

    @Test
    void mappedFilesAreForeignNotReserved() throws Exception {
        Path f = dir.resolve("a.npy");
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 100_000, 1)) {
            Npy.write(f, a);
        }
        long foreign = NativeMemory.foreignBytes();
        long reserved = NativeMemory.reservedBytes();
        try (NDArray m = Npy.map(f)) {
            assertEquals(foreign + 800_000, NativeMemory.foreignBytes(), "the mapping is reported");
            assertTrue(NativeMemory.reservedBytes() - reserved < 64 * 1024, "the mapping is not reserved: "
                    + (NativeMemory.reservedBytes() - reserved));
            assertEquals(99_999.0, m.getDouble(99_999));
        }
        assertEquals(foreign, NativeMemory.foreignBytes(), "unmapping ends the report");
    }

    @Test
    void ownArraysAreReservedWithinTheLimit() {
        long reserved = NativeMemory.reservedBytes();
        try (NDArray a = NDArray.zeros(DType.INT32, 1 << 20)) {
            assertTrue(NativeMemory.reservedBytes() - reserved >= a.nbytes());
            assertTrue(NativeMemory.reservedBytes() <= NativeMemory.limit());
            assertTrue(NativeMemory.liveBytes() == NDArray.liveNativeBytes());
        }
        assertTrue(NativeMemory.reservedBytes() - reserved < 64 * 1024, "given back on close");
    }
}
