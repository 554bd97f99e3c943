package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.dlpack.ForeignImports;

/**
 * The import with a Java-side deleter caller (what the Python bridge uses to call a producer's
 * deleter under the GIL), and the one-step discard of an unconsumed export of ours.
 */
class ForeignImportsTest {
    /** Records what the bridge asks of it; calls nothing. */
    private static final class Recorder {
        final List<long[]> deletes = new ArrayList<>();
        final List<Long> taken = new ArrayList<>();

        NDArray importTensor(MemorySegment p) {
            return ForeignImports.<NDArray>of(DLPack.class).importTensor(p.address(), true,
                    (deleter, self) -> deletes.add(new long[] {deleter, self}), taken::add);
        }
    }

    @Test
    void theCallerIsUsedExactlyOnceInsteadOfTheDeleter() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = JavaTensors.versioned(arena.allocate(80, 16), arena, 4);
            Recorder r = new Recorder();
            NDArray a = r.importTensor(p);
            assertEquals(List.of(p.address()), r.taken);
            assertEquals(3.0, a.getDouble(3));
            assertEquals(0, r.deletes.size(), "nothing called while the array is open");
            a.close();
            assertEquals(1, r.deletes.size());
            assertEquals(JavaTensors.COUNTING_DELETER.address(), r.deletes.get(0)[0]);
            assertEquals(p.address(), r.deletes.get(0)[1]);
            assertEquals(0, JavaTensors.calls(p), "the bridge never called the deleter itself");
            assertEquals(0, DLPack.liveImports());
        }
    }

    @Test
    void aRefusedTensorGoesBackThroughTheCallerOnce() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = JavaTensors.versioned(arena.allocate(80, 16), arena, 4);
            p.set(ValueLayout.JAVA_INT, DLPackLayouts.V_TENSOR + DLPackLayouts.T_DEVICE_TYPE, DLDevice.CUDA);
            Recorder r = new Recorder();
            assertThrows(DLPackDeviceException.class, () -> r.importTensor(p));
            assertEquals(1, r.taken.size());
            assertEquals(1, r.deletes.size());
            assertEquals(0, JavaTensors.calls(p));
            assertEquals(0, DLPack.liveImports());
        }
    }

    @Test
    void aLiveImportIsRefusedWithoutTakingItOver() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = JavaTensors.versioned(arena.allocate(80, 16), arena, 4);
            Recorder r = new Recorder();
            try (NDArray a = r.importTensor(p)) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> r.importTensor(p));
                assertTrue(e.getMessage().contains("already consumed"), e.getMessage());
                assertEquals(1, r.taken.size(), "the second import took nothing over");
                assertEquals(0, r.deletes.size(), "and called nothing: the deleter is the first import's");
                assertEquals(2.0, a.getDouble(2));
            }
            assertEquals(1, r.deletes.size());
        }
    }

    @Test
    void discardingAnUnconsumedExportOfOursReleasesItAndCountsAsBefore() {
        NDArray a = NDArray.arange(DType.FLOAT32, 0, 8, 1);
        long bytes = NDArray.liveNativeBytes();
        DLPack.Statistics before = DLPack.statistics();
        DLPackTensor t = DLPack.export(a, DLPack.VERSION, null, DLPackCopy.NEVER);
        a.close();
        assertEquals(bytes, NDArray.liveNativeBytes(), "the export pins the memory after close");
        DLPack.discard(t);
        DLPack.Statistics after = DLPack.statistics();
        assertEquals(before.liveExports(), after.liveExports());
        assertEquals(before.imports() + 1, after.imports(), "a discard counts as an import claimed and given back");
        assertEquals(before.strayDeleterCalls(), after.strayDeleterCalls());
        assertTrue(NDArray.liveNativeBytes() < bytes, "the lease was the last owner: memory freed");
    }

    @Test
    void discardingAnExportThatIsImportedIsRefused() {
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 5, 1)) {
            DLPackTensor t = DLPack.export(a, DLPack.VERSION, null, DLPackCopy.NEVER);
            NDArray b = DLPack.fromDLPack(t.pointer());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DLPack.discard(t));
            assertTrue(e.getMessage().contains("already consumed"), e.getMessage());
            assertEquals(4.0, b.getDouble(4), "the import is untouched");
            long stray = DLPack.statistics().strayDeleterCalls();
            b.close();
            assertEquals(0, DLPack.liveImports());
            assertEquals(stray, DLPack.statistics().strayDeleterCalls());
        }
    }
}
