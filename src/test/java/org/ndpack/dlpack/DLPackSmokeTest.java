package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

class DLPackSmokeTest extends LiveTensorCheck {
    @Test
    void importFromPeer() {
        MemorySegment p = new CPeer.Spec().make();
        try (NDArray a = DLPack.fromDLPack(p)) {
            assertEquals(4.0, a.getDouble(1, 1));
            System.out.println(a);
        }
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void roundTrip() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4)) {
            MemorySegment p = DLPack.toDLPack(a);
            assertEquals(1, DLPack.liveExports());
            try (NDArray b = DLPack.fromDLPack(p)) {
                b.setDouble(42, 2, 3);
                assertEquals(42, a.getDouble(2, 3));
            }
            assertEquals(0, DLPack.liveExports());
        }
    }
}
