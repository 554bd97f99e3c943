package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.dlpack.DLPack;

/** close() is idempotent (memory released once) and use after close names the array. */
class CloseTwiceTest {

    @Test
    void closingAnOwnerTwiceReleasesItsMemoryOnce() {
        long start = NDArray.liveNativeBytes();
        NDArray a = NDArray.zeros(DType.FLOAT64, 1 << 16);
        long allocated = NDArray.liveNativeBytes() - start;
        assertTrue(allocated >= 8L << 16, "counted: " + allocated);
        NDArray b = NDArray.zeros(DType.FLOAT64, 1 << 16);
        a.close();
        long afterFirst = NDArray.liveNativeBytes();
        assertEquals(start + allocated, afterFirst, "a released, b still live");
        a.close();
        assertEquals(afterFirst, NDArray.liveNativeBytes(), "the second close released nothing");
        try (b) {
            b.close(); // inside try-with-resources: the implicit close then does nothing
        }
        assertEquals(start, NDArray.liveNativeBytes());
    }

    @Test
    void closingAViewTwiceOrAfterItsOwnerIsHarmless() {
        NDArray a = NDArray.ones(DType.INT32, 100, 100);
        NDArray v = a.slice("1:3");
        v.close();
        v.close();
        assertEquals(1, a.getLong(0, 0));
        NDArray w = a.transpose();
        a.close();
        w.close();
        w.close();
        a.close();
    }

    @Test
    void anImportClosedTwiceRunsItsDeleterOnce() {
        long imports = DLPack.liveImports();
        try (NDArray src = NDArray.ones(DType.FLOAT32, 1000)) {
            NDArray imported = DLPack.from(src);
            assertEquals(imports + 1, DLPack.liveImports());
            imported.close();
            imported.close();
            assertEquals(imports, DLPack.liveImports());
            assertEquals(1.0, src.getDouble(999));
        }
    }

    @Test
    void useAfterCloseNamesTheArray() {
        NDArray a = NDArray.zeros(DType.FLOAT32, 2, 3);
        NDArray row = a.slice("0");
        NDArray col = a.slice(":, 1");
        col.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> col.getDouble(0));
        assertEquals("float32 view of shape [2] is closed", e.getMessage());
        a.close();
        e = assertThrows(IllegalStateException.class, () -> a.add(1.0));
        assertEquals("float32 array of shape [2, 3] is closed", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> a.slice("0"));
        assertEquals("float32 array of shape [2, 3] is closed", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> row.getDouble(0));
        assertEquals("float32 view of shape [3] is unusable: the array it views was closed", e.getMessage());
        e = assertThrows(IllegalStateException.class, row::sum);
        assertEquals("float32 view of shape [3] is unusable: the array it views was closed", e.getMessage());
        e = assertThrows(IllegalStateException.class, a::imag);
        assertEquals("float32 array of shape [2, 3] is closed", e.getMessage());
    }
}
