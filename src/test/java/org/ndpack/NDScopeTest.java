package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ndpack.dlpack.DLPack;
import org.ndpack.io.Npy;
import org.ndpack.testing.Leaks;

/** NDScope: what it closes, what it keeps, nesting, threads, views and imports. */
class NDScopeTest {

    /** Large enough to be allocated on its own (not in a small-array slab). */
    private static final long BIG = 1000;

    @Test
    void closesTheOwnersCreatedInsideAndNothingCreatedBefore() {
        try (NDArray before = NDArray.ones(DType.FLOAT64, BIG)) {
            NDArray a;
            NDArray b;
            try (NDScope scope = NDScope.open()) {
                a = NDArray.zeros(DType.FLOAT32, 4);
                b = before.add(a.sum());
                assertEquals(1.0, b.getDouble(7));
                assertTrue(scope.isOpen());
            }
            assertTrue(a.isClosed(), "factory result closed");
            assertTrue(b.isClosed(), "operation result closed");
            assertFalse(before.isClosed(), "an array made before the scope is not touched");
            assertEquals(1.0, before.getDouble(0));
        }
    }

    @Test
    void keptArraysSurviveAndBelongToTheCallerWithoutEnclosingScope() {
        long start = NDArray.liveNativeBytes();
        NDArray kept;
        NDArray dropped;
        try (NDScope scope = NDScope.open()) {
            dropped = NDArray.full(DType.FLOAT64, 2.0, BIG);
            kept = scope.keep(dropped.mul(3.0));
        }
        assertTrue(dropped.isClosed());
        assertFalse(kept.isClosed());
        assertEquals(6.0, kept.getDouble(BIG - 1));
        kept.close();
        assertEquals(start, NDArray.liveNativeBytes(), "everything released, the kept array by its close");
    }

    @Test
    void anArrayKeptByAnInnerScopeBelongsToTheOuterOne() {
        NDArray keptInner;
        NDArray tempInner;
        try (NDScope outer = NDScope.open()) {
            try (NDScope inner = NDScope.open()) {
                tempInner = NDArray.arange(DType.FLOAT64, 0, BIG, 1);
                keptInner = inner.keep(tempInner.add(1.0));
            }
            assertTrue(tempInner.isClosed(), "the inner scope closed its temporary");
            assertFalse(keptInner.isClosed(), "kept past the inner scope");
            assertEquals(BIG, keptInner.getDouble(BIG - 1));
            assertTrue(outer.isOpen());
        }
        assertTrue(keptInner.isClosed(), "the outer scope closed what the inner one kept");
    }

    @Test
    void keepingInTheOuterScopeAfterTheInnerKeptHandsTheArrayOut() {
        NDArray r;
        try (NDScope outer = NDScope.open()) {
            try (NDScope inner = NDScope.open()) {
                r = inner.keep(NDArray.ones(DType.INT32, BIG));
            }
            outer.keep(r);
        }
        assertFalse(r.isClosed());
        r.close();
    }

    @Test
    void keepingAnArrayTheScopeDoesNotTrackChangesNothing() {
        try (NDArray outside = NDArray.ones(DType.INT8, 3)) {
            try (NDScope outer = NDScope.open()) {
                NDArray o = NDArray.ones(DType.INT8, 3);
                try (NDScope inner = NDScope.open()) {
                    assertSame(outside, inner.keep(outside));
                    inner.keep(o); // tracked by the outer scope, which still closes it
                }
                assertFalse(o.isClosed());
                outer.close();
                assertTrue(o.isClosed());
            }
            assertFalse(outside.isClosed());
        }
    }

    @Test
    void callKeepsTheReturnedArrayAndClosesTheRest() {
        List<NDArray> temps = new ArrayList<>();
        NDArray r = NDScope.call(() -> {
            NDArray x = NDArray.arange(DType.FLOAT64, 0, 6, 1).reshape(2, 3);
            NDArray m = x.mean(0);
            temps.add(x);
            temps.add(m);
            return x.sub(m);
        });
        temps.forEach(t -> assertTrue(t.isClosed(), "temporary closed"));
        assertFalse(r.isClosed());
        assertEquals(1.5, r.getDouble(1, 0));
        r.close();
    }

    @Test
    void callKeepsArraysInsideCollectionsMapsOptionalsAndJavaArrays() {
        NDArray[] temp = new NDArray[1];
        record Out(List<NDArray> list, Map<String, NDArray> map, Optional<NDArray> opt, NDArray[] arr) {
        }
        List<Object> r = NDScope.call(() -> {
            temp[0] = NDArray.zeros(DType.INT64, 2);
            List<Object> out = new ArrayList<>();
            out.add(List.of(NDArray.ones(DType.INT64, 2), List.of(NDArray.ones(DType.INT64, 3))));
            out.add(Map.of("k", NDArray.ones(DType.INT64, 4)));
            out.add(Optional.of(NDArray.ones(DType.INT64, 5)));
            out.add(new NDArray[] {NDArray.ones(DType.INT64, 6)});
            out.add(out); // a cycle is searched once
            return out;
        });
        assertTrue(temp[0].isClosed());
        @SuppressWarnings("unchecked")
        List<Object> l0 = (List<Object>) r.get(0);
        @SuppressWarnings("unchecked")
        Map<String, NDArray> m = (Map<String, NDArray>) r.get(1);
        @SuppressWarnings("unchecked")
        Optional<NDArray> o = (Optional<NDArray>) r.get(2);
        NDArray[] arr = (NDArray[]) r.get(3);
        List<NDArray> found = new ArrayList<>();
        found.add((NDArray) l0.get(0));
        found.add(((List<?>) l0.get(1)).stream().map(NDArray.class::cast).findFirst().orElseThrow());
        found.add(m.get("k"));
        found.add(o.orElseThrow());
        found.add(arr[0]);
        for (NDArray a : found) {
            assertFalse(a.isClosed(), "kept: " + a);
            assertEquals(1, a.getLong(0));
            a.close();
        }
    }

    @Test
    void anExceptionInsideTheBlockStillClosesEverything() {
        NDArray[] made = new NDArray[2];
        IOException e = assertThrows(IOException.class, () -> NDScope.call(() -> {
            made[0] = NDArray.ones(DType.FLOAT32, BIG);
            made[1] = made[0].add(1.0);
            throw new IOException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertTrue(made[0].isClosed());
        assertTrue(made[1].isClosed());

        NDArray[] made2 = new NDArray[1];
        assertThrows(IllegalArgumentException.class, () -> {
            try (NDScope scope = NDScope.open()) {
                made2[0] = NDArray.ones(DType.FLOAT32, 2, 3);
                made2[0].reshape(4, 4); // refused
            }
        });
        assertTrue(made2[0].isClosed());
        // the thread has no scope left open: a new array is not tracked by a stale one
        try (NDArray after = NDArray.ones(DType.INT8, 1)) {
            NDScope.open().close();
            assertFalse(after.isClosed());
        }
    }

    @Test
    void arraysMadeByAnotherThreadWhileTheScopeIsOpenAreUntouched() throws Exception {
        NDArray theirs;
        NDArray mine;
        try (NDScope scope = NDScope.open()) {
            mine = NDArray.ones(DType.FLOAT64, 3);
            theirs = CompletableFuture.supplyAsync(() -> NDArray.ones(DType.FLOAT64, 3).add(mine)).get();
        }
        assertTrue(mine.isClosed());
        assertFalse(theirs.isClosed(), "made on another thread: not this scope's");
        assertEquals(2.0, theirs.getDouble(2));
        theirs.close();
    }

    @Test
    void anotherThreadCannotCloseOrKeepThroughTheScope() throws Exception {
        try (NDScope scope = NDScope.open()) {
            NDArray a = NDArray.ones(DType.INT16, 2);
            for (Runnable misuse : List.<Runnable>of(scope::close, () -> scope.keep(a), scope::isOpen)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> CompletableFuture.runAsync(misuse).get());
                assertTrue(e.getCause() instanceof WrongThreadException, String.valueOf(e.getCause()));
                assertTrue(e.getCause().getMessage().contains("confined to thread '" + Thread.currentThread().getName()),
                        e.getCause().getMessage());
            }
            assertTrue(scope.isOpen(), "the refused close did nothing");
            assertFalse(a.isClosed());
        }
    }

    @Test
    void closingTheOuterScopeFirstClosesTheInnerOnes() {
        NDScope outer = NDScope.open();
        NDScope inner = NDScope.open();
        NDArray a = NDArray.ones(DType.INT32, 4);
        outer.close();
        assertTrue(a.isClosed(), "the inner scope's array");
        assertFalse(inner.isOpen());
        inner.close(); // does nothing
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> inner.keep(a));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        try (NDArray b = NDArray.ones(DType.INT32, 4)) {
            // no scope is open on this thread any more: b is not tracked by anyone
            try (NDScope s = NDScope.open()) {
                s.keep(b);
            }
            assertFalse(b.isClosed());
        }
    }

    @Test
    void viewsFollowTheirMemory() {
        try (NDArray outside = NDArray.arange(DType.FLOAT64, 0, 10, 1)) {
            NDArray viewOfOutside;
            NDArray viewOfInside;
            NDArray keptView;
            try (NDScope scope = NDScope.open()) {
                viewOfOutside = outside.slice("2:5");
                NDArray inside = NDArray.arange(DType.FLOAT64, 0, 10, 1);
                viewOfInside = inside.slice("::2");
                keptView = scope.keep(NDArray.arange(DType.FLOAT64, 0, 10, 1).slice("5:"));
            }
            assertEquals(2.0, viewOfOutside.getDouble(0), "a view of an outside array stays usable");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> viewOfInside.getDouble(0));
            assertEquals("float64 view of shape [5] is unusable: the array it views was closed", e.getMessage());
            assertEquals(9.0, keptView.getDouble(4), "keeping a view keeps its memory");
        }
    }

    @Test
    void aDLPackImportOfAnOutsideArrayIsClosedAndTheExporterLivesOn() {
        long imports = DLPack.liveImports();
        long exports = DLPack.liveExports();
        try (NDArray outside = NDArray.arange(DType.FLOAT32, 0, BIG, 1)) {
            NDArray imported;
            try (NDScope scope = NDScope.open()) {
                imported = DLPack.from(outside);
                assertTrue(imported.isOwner());
                imported.setDouble(-1, 3);
                assertEquals(1, DLPack.liveImports() - imports);
            }
            assertTrue(imported.isClosed());
            assertEquals(imports, DLPack.liveImports(), "the import's deleter ran");
            assertEquals(exports, DLPack.liveExports(), "the export it came from is released");
            assertEquals(-1.0, outside.getDouble(3), "the exporter is untouched and saw the write");
        }
    }

    @Test
    void anArrayExportedAndImportedInsideTheScopeIsReleasedWhateverTheOrder() {
        long start = NDArray.liveNativeBytes();
        long imports = DLPack.liveImports();
        try (NDScope scope = NDScope.open()) {
            NDArray a = NDArray.arange(DType.FLOAT64, 0, BIG, 1);
            NDArray b = DLPack.from(a);
            assertEquals(BIG - 1, b.getDouble(BIG - 1));
        }
        assertEquals(imports, DLPack.liveImports());
        assertEquals(start, NDArray.liveNativeBytes(), "the exported memory is released once both are closed");
    }

    @Test
    void aMappedNpyFileIsUnmappedAtTheEndOfTheScope(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.npy");
        try (NDArray a = NDArray.arange(DType.INT32, 0, 100, 1)) {
            Npy.write(f, a);
        }
        NDArray mapped;
        NDArray read;
        try (NDScope scope = NDScope.open()) {
            mapped = Npy.map(f);
            read = Npy.read(f);
            assertEquals(99, mapped.getLong(99));
            assertEquals(99, read.getLong(99));
        }
        assertTrue(mapped.isClosed());
        assertTrue(read.isClosed());
        assertTrue(Files.size(f) > 400);
    }

    @Test
    void arraysClosedByHandDoNotAccumulateInALongLivedScope() {
        try (NDScope scope = NDScope.open()) {
            int most = 0;
            for (int i = 0; i < 20_000; i++) {
                try (NDArray a = NDArray.ones(DType.FLOAT32, 8); NDArray t = a.add(1.0f)) {
                    most = Math.max(most, scope.trackedCount());
                }
            }
            // without forgetting closed arrays the scope would hold 40,000 of them
            assertTrue(most <= 200, "most arrays tracked at once: " + most);
            // arrays merely dropped are held until the scope ends (documented)
            for (int i = 0; i < 1000; i++) {
                NDArray.ones(DType.FLOAT32, 8);
            }
            assertTrue(scope.trackedCount() >= 1000, "dropped arrays tracked: " + scope.trackedCount());
        }
    }

    @Test
    void theStandardisePipelineWrittenTheNumPyWayLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        try (NDArray x = Generator.seeded(7).normal(2000, 64)) {
            Npy.write(f, x);
        }
        long before = Leaks.settledLiveBytes();
        double checksum;
        try (NDScope scope = NDScope.open()) {
            NDArray x = Npy.read(f);
            NDArray z = x.sub(x.mean(0)).div(x.std(0));     // NumPy: (x - x.mean(0)) / x.std(0)
            checksum = z.mul(z).sum().item();
        }
        assertEquals(before, NDArray.liveNativeBytes(), "bytes live after the scope, without any close");
        assertEquals(2000.0 * 64, checksum, 1e-6, "each standardised column has unit variance");
    }
}
