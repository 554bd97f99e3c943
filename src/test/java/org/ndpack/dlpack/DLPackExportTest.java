package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.internal.memory.Memory;

/**
 * Exports read by the C peer as a C consumer reads them: every dtype in every layout (values,
 * shape, strides, flags, byte_offset 0, data at the first element), writes both ways, the pin
 * that keeps memory alive after the Java side closes or drops the array, deleters called from the
 * same thread, from foreign pthreads and twice, and the version, device and copy rules.
 */
class DLPackExportTest extends LiveTensorCheck {

    /** A way to make an array of a dtype: name and maker (the maker's result is what is exported). */
    record Shape(String name, Function<DType, NDArray> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static NDArray base(DType t, long... shape) {
        long n = 1;
        for (long e : shape) {
            n *= e;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = t == DType.BOOL ? i % 2 : (i % 50) - (t.isUnsigned() || t == DType.BOOL ? 0 : 20);
        }
        NDArray a = NDArray.of(t, v, shape);
        if (t.isComplex()) {
            for (int i = 0; i < n; i++) {
                long[] ix = unravel(i, shape);
                a.setComplex(v[i], i * 0.5, ix);
            }
        }
        return a;
    }

    private static long[] unravel(long i, long[] shape) {
        long[] ix = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            ix[k] = i % shape[k];
            i /= shape[k];
        }
        return ix;
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("contiguous 3x4", t -> base(t, 3, 4)),
            new Shape("transposed", t -> base(t, 3, 4).transpose()),
            new Shape("sliced, negative step", t -> base(t, 4, 5).slice("::-1, 1::2")),
            new Shape("broadcast (zero stride, read-only)", t -> base(t, 3).broadcastTo(4, 3)),
            new Shape("read-only", t -> base(t, 2, 3).asReadOnly()),
            new Shape("3-d permuted", t -> base(t, 2, 3, 4).transpose(1, 2, 0)),
            new Shape("expanded axis", t -> base(t, 5).expandDims(0)),
            new Shape("0-d", t -> base(t, 6).slice("4")),
            new Shape("size 0", t -> base(t, 0, 3)));

    static Stream<Arguments> dtypesAndShapes() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : DType.values()) {
            for (Shape s : SHAPES) {
                out.add(Arguments.of(t, s));
            }
        }
        return out.stream();
    }

    static List<long[]> indices(NDArray a) {
        return DLPackImportTest.indices(a.shape());
    }

    /** Checks what a C consumer sees of {@code p} against {@code a}. */
    static void assertPeerSees(NDArray a, MemorySegment p, boolean versioned) {
        long first = impl(a).memory.address() + a.offset() * a.dtype().byteSize();
        assertEquals(first, CPeer.field(p, versioned, CPeer.F_DATA), "data points at the first element");
        assertEquals(0, CPeer.field(p, versioned, CPeer.F_BYTE_OFFSET), "byte_offset is 0");
        assertEquals(DLDevice.CPU, CPeer.field(p, versioned, CPeer.F_DEVICE_TYPE));
        assertEquals(0, CPeer.field(p, versioned, CPeer.F_DEVICE_ID));
        assertEquals(a.ndim(), CPeer.field(p, versioned, CPeer.F_NDIM));
        assertEquals(a.dtype().dlpackCode(), CPeer.field(p, versioned, CPeer.F_CODE));
        assertEquals(a.dtype().dlpackBits(), CPeer.field(p, versioned, CPeer.F_BITS));
        assertEquals(1, CPeer.field(p, versioned, CPeer.F_LANES));
        assertNotEquals(0, CPeer.field(p, versioned, CPeer.F_SHAPE_PTR), "shape present, even for 0-d");
        assertNotEquals(0, CPeer.field(p, versioned, CPeer.F_STRIDES_PTR), "strides always present");
        assertNotEquals(0, CPeer.field(p, versioned, CPeer.F_DELETER));
        assertEquals(0, CPeer.field(p, versioned, CPeer.F_MANAGER_CTX));
        for (int k = 0; k < a.ndim(); k++) {
            assertEquals(a.shape(k), CPeer.field(p, versioned, CPeer.F_SHAPE + k), "shape[" + k + "]");
            assertEquals(a.strides()[k], CPeer.field(p, versioned, CPeer.F_STRIDES + k), "strides[" + k + "]");
        }
        double sum = 0;
        for (long[] ix : indices(a)) {
            assertEquals(a.getDouble(ix), CPeer.get(p, versioned, ix, false), "element " + java.util.Arrays.toString(ix));
            assertEquals(a.getImag(ix), CPeer.get(p, versioned, ix, true));
            sum += a.getDouble(ix);
        }
        assertEquals(sum, CPeer.sum(p, versioned), 1e-9, "C walks the strides to the same elements");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("dtypesAndShapes")
    void cConsumerSeesEveryDTypeInEveryLayout(DType t, Shape s) {
        NDArray a = s.make().apply(t);
        MemorySegment p = DLPack.toDLPack(a);
        assertEquals(80, p.byteSize());
        assertEquals(1, DLPack.liveExports());
        assertEquals(1, CPeer.field(p, true, CPeer.F_MAJOR));
        assertEquals(DLPack.VERSION.minor(), CPeer.field(p, true, CPeer.F_MINOR));
        assertEquals(a.isReadOnly() ? DLPack.FLAG_READ_ONLY : 0, CPeer.field(p, true, CPeer.F_FLAGS));
        assertPeerSees(a, p, true);
        if (a.size() > 0) {
            long[] last = indices(a).get((int) a.size() - 1);
            double w = t == DType.BOOL ? 0 : 3;
            if (a.isReadOnly()) {
                assertEquals(-1, CPeer.set(p, true, last, w, 1), "the C consumer honours READ_ONLY");
            } else {
                assertEquals(0, CPeer.set(p, true, last, w, 1));
                assertEquals(w, a.getDouble(last), "Java sees the C consumer's write");
                a.setDouble(t == DType.BOOL ? 1 : 10, last);
                assertEquals(t == DType.BOOL ? 1 : 10, CPeer.get(p, true, last, false), "C sees Java's write");
            }
        }
        CPeer.callDeleter(p, true);
        assertEquals(0, DLPack.liveExports());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void legacyExportsShareWritableArrays(Shape s) {
        NDArray a = s.make().apply(DType.INT32);
        if (a.isReadOnly()) {
            return; // covered by readOnlyLegacyExportIsAPrivateCopy
        }
        MemorySegment p = DLPack.toLegacyDLPack(a);
        assertEquals(64, p.byteSize());
        assertEquals(-1, CPeer.field(p, false, CPeer.F_MAJOR), "the peer reads it as a legacy struct");
        assertEquals(64, CPeer.field(p, false, CPeer.F_SIZEOF));
        assertPeerSees(a, p, false);
        if (a.size() > 0) {
            long[] ix = indices(a).get(0);
            assertEquals(0, CPeer.set(p, false, ix, -77, 0));
            assertEquals(-77, a.getLong(ix));
        }
        CPeer.callDeleter(p, false);
        assertEquals(0, DLPack.liveExports());
    }

    static Stream<Shape> shapes() {
        return SHAPES.stream();
    }

    @Test
    void readOnlyLegacyExportIsAPrivateCopy() {
        NDArray a = base(DType.FLOAT32, 3, 4).transpose().asReadOnly();
        MemorySegment p = DLPack.toLegacyDLPack(a);
        long data = CPeer.field(p, false, CPeer.F_DATA);
        assertNotEquals(impl(a).memory.address() + a.offset() * 4, data, "a copy, not the array's memory");
        assertEquals(0, data % 64, "our buffers are 64-byte aligned");
        assertArrayEquals(new long[] {4, 3}, new long[] {CPeer.field(p, false, CPeer.F_SHAPE), CPeer.field(p, false, CPeer.F_SHAPE + 1)});
        assertEquals(3, CPeer.field(p, false, CPeer.F_STRIDES), "the copy is C-contiguous");
        assertPeerSeesValues(a, p, false);
        assertEquals(0, CPeer.set(p, false, new long[] {0, 0}, 100, 0), "the consumer owns a writable copy");
        assertEquals(-20.0, a.getDouble(0, 0), "the read-only original is untouched");
        assertThrows(DLPackCopyException.class, () -> a.toDLPack(null, null, DLPackCopy.NEVER));
        CPeer.callDeleter(p, false);
    }

    private static void assertPeerSeesValues(NDArray a, MemorySegment p, boolean versioned) {
        for (long[] ix : indices(a)) {
            assertEquals(a.getDouble(ix), CPeer.get(p, versioned, ix, false));
        }
    }

    @Test
    void freshArraysAreExportedSixtyFourByteAligned() {
        for (long n : new long[] {1, 12, 100, 100_000}) {
            try (NDArray a = NDArray.zeros(DType.FLOAT64, n)) {
                MemorySegment p = DLPack.toDLPack(a);
                assertEquals(0, CPeer.field(p, true, CPeer.F_DATA) % 64, "n = " + n);
                CPeer.callDeleter(p, true);
            }
        }
    }

    @Test
    void exportKeepsTheMemoryAfterTheOwnerIsClosed() {
        NDArray a = base(DType.INT64, 100, 10);
        Memory m = impl(a).memory;
        MemorySegment p = DLPack.toDLPack(a.slice("::3"));
        double expected = CPeer.sum(p, true);
        a.close();
        assertThrows(IllegalStateException.class, () -> a.getDouble(0, 0), "the Java side is closed");
        assertFalse(m.isReleased(), "but the export pins the memory");
        assertEquals(expected, CPeer.sum(p, true), "and the consumer still reads it");
        assertEquals(0, CPeer.set(p, true, new long[] {0, 0}, 5, 0), "and writes it");
        CPeer.callDeleter(p, true);
        assertTrue(m.isReleased(), "the deleter released the memory the owner had closed");
    }

    /** Exports a fresh array and returns only the pointer, plus a weak reference to the array. */
    private static MemorySegment exportAndForget(List<WeakReference<NDArray>> ref) {
        NDArray a = base(DType.FLOAT32, 100, 100); // 40 kB: its own allocation and Cleaner
        ref.add(new WeakReference<>(a));
        return DLPack.toDLPack(a);
    }

    @Test
    void exportKeepsTheMemoryAfterEveryJavaArrayIsGoneUntilTheDeleter() throws Exception {
        List<WeakReference<NDArray>> ref = new ArrayList<>();
        MemorySegment p = exportAndForget(ref);
        double expected = CPeer.sum(p, true);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNotNull(ref.get(0).get(), "the export keeps the array reachable (the pin)");
        assertEquals(expected, CPeer.sum(p, true), "the memory is intact");
        long live = NDArray.liveNativeBytes();
        CPeer.callDeleter(p, true);
        awaitGc("the array to become unreachable", () -> ref.get(0).get() == null);
        awaitGc("the Cleaner to free the array's memory", () -> NDArray.liveNativeBytes() <= live - 40_000);
        assertNull(ref.get(0).get());
    }

    @Test
    void deleterFromANewPthreadReleasesTheExport() {
        NDArray a = base(DType.FLOAT64, 8, 8);
        Memory m = impl(a).memory;
        MemorySegment p = DLPack.toDLPack(a);
        a.close();
        CPeer.callDeleterOnThread(p, true, true, 0); // a thread the JVM has never seen, joined
        assertEquals(0, DLPack.liveExports());
        assertTrue(m.isReleased());
    }

    @Test
    void deletersFromManyDetachedPthreadsAtOnce() throws Exception {
        List<MemorySegment> ps = new ArrayList<>();
        List<Memory> ms = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            NDArray a = base(DType.INT16, 50, 20);
            ms.add(impl(a).memory);
            ps.add(i % 2 == 0 ? DLPack.toDLPack(a) : DLPack.toLegacyDLPack(a));
            a.close();
        }
        assertEquals(64, DLPack.liveExports());
        for (int i = 0; i < ps.size(); i++) {
            CPeer.callDeleterOnThread(ps.get(i), i % 2 == 0, false, 1000);
        }
        awaitGc("every foreign thread's deleter call", () -> DLPack.liveExports() == 0);
        awaitGc("every memory released", () -> ms.stream().allMatch(Memory::isReleased));
    }

    @Test
    void aDeleterCalledTwiceIsIgnoredTheSecondTime() {
        NDArray a = base(DType.UINT8, 10);
        Memory m = impl(a).memory;
        MemorySegment p = DLPack.toDLPack(a);
        a.close();
        long bytes = NDArray.liveNativeBytes();
        CPeer.callDeleter(p, true);
        assertTrue(m.isReleased());
        assertTrue(NDArray.liveNativeBytes() < bytes, "the struct was freed");
        long afterFirst = NDArray.liveNativeBytes();
        long stray = DLPack.statistics().strayDeleterCalls();
        CPeer.callDeleter(p, true); // a consumer bug: must not double-free
        expectedStrayCalls = 1;
        assertEquals(afterFirst, NDArray.liveNativeBytes(), "nothing freed twice");
        assertEquals(stray + 1, DLPack.statistics().strayDeleterCalls(), "the second call is counted as stray");
    }

    @Test
    void exportingAClosedArrayThrowsAndLeaksNothing() {
        NDArray a = base(DType.FLOAT32, 4);
        NDArray v = a.slice("1:");
        a.close();
        long bytes = NDArray.liveNativeBytes();
        assertThrows(IllegalStateException.class, () -> DLPack.toDLPack(a));
        assertThrows(IllegalStateException.class, () -> DLPack.toDLPack(v));
        assertThrows(IllegalStateException.class, () -> DLPack.toLegacyDLPack(v));
        assertEquals(0, DLPack.liveExports());
        assertEquals(bytes, NDArray.liveNativeBytes());
    }

    @Test
    void deviceRequestsOtherThanCpu0AreRefused() {
        try (NDArray a = base(DType.FLOAT32, 4)) {
            DLPackDeviceException e = assertThrows(DLPackDeviceException.class,
                    () -> a.toDLPack(DLPack.VERSION, DLDevice.of(DLDevice.CUDA, 0), DLPackCopy.IF_NEEDED));
            assertEquals("dl_device", e.field());
            assertTrue(e.getMessage().contains("CUDA:0"), e.getMessage());
            assertThrows(DLPackDeviceException.class,
                    () -> a.toDLPack(DLPack.VERSION, DLDevice.of(DLDevice.CPU, 1), DLPackCopy.ALWAYS));
            assertThrows(DLPackDeviceException.class,
                    () -> a.toDLPack(DLPack.VERSION, DLDevice.of(DLDevice.CUDA_HOST, 0), DLPackCopy.ALWAYS));
            assertEquals(0, DLPack.liveExports());
            DLPackTensor t = a.toDLPack(DLPack.VERSION, DLDevice.CPU_0, DLPackCopy.NEVER);
            DLPack.discard(t);
            assertEquals(DLDevice.CPU_0, a.dlpackDevice());
        }
    }

    @Test
    void theVersionFollowsMaxVersion() {
        try (NDArray a = base(DType.FLOAT32, 4)) {
            int[][] cases = {{1, 0, 1, 0}, {1, 2, 1, 2}, {1, 3, 1, 3}, {1, 9, 1, 3}, {2, 0, 1, 3}, {-1, -1, 1, 3}};
            for (int[] c : cases) {
                DLPackTensor t = a.toDLPack(DLPackVersion.of(c[0], c[1]), null, DLPackCopy.IF_NEEDED);
                assertTrue(t.versioned());
                assertEquals(c[2], CPeer.field(t.pointer(), true, CPeer.F_MAJOR));
                assertEquals(c[3], CPeer.field(t.pointer(), true, CPeer.F_MINOR), "max " + DLPackVersion.of(c[0], c[1]));
                DLPack.discard(t);
            }
            for (DLPackVersion legacy : new DLPackVersion[] {null, DLPackVersion.of(0, 8)}) {
                DLPackTensor t = a.toDLPack(legacy, null, DLPackCopy.IF_NEEDED);
                assertFalse(t.versioned(), "max " + legacy + " gives the legacy struct");
                assertEquals(64, t.pointer().byteSize());
                DLPack.discard(t);
            }
        }
    }

    @Test
    void copyAlwaysExportsAPrivateCopyFlaggedIsCopied() {
        NDArray a = base(DType.FLOAT64, 3, 4).transpose().asReadOnly();
        DLPackTensor t = a.toDLPack(DLPack.VERSION, null, DLPackCopy.ALWAYS);
        MemorySegment p = t.pointer();
        assertEquals(DLPack.FLAG_IS_COPIED, CPeer.field(p, true, CPeer.F_FLAGS), "IS_COPIED, and writable");
        assertNotEquals(impl(a).memory.address(), CPeer.field(p, true, CPeer.F_DATA));
        assertEquals(3, CPeer.field(p, true, CPeer.F_STRIDES), "C-contiguous copy of the transposed view");
        assertPeerSeesValues(a, p, true);
        assertEquals(0, CPeer.set(p, true, new long[] {1, 1}, -1, 0));
        assertEquals(5.0 - 20, a.getDouble(1, 1), "the original is untouched");
        long bytes = NDArray.liveNativeBytes();
        CPeer.callDeleter(p, true);
        assertTrue(NDArray.liveNativeBytes() < bytes, "the deleter freed the copy");
    }

    @Test
    void copyNeverSharesOrRefuses() {
        NDArray a = base(DType.INT8, 6);
        DLPackTensor t = a.toDLPack(DLPack.VERSION, null, DLPackCopy.NEVER);
        assertEquals(impl(a).memory.address(), CPeer.field(t.pointer(), true, CPeer.F_DATA));
        DLPack.discard(t);
        DLPackTensor legacy = a.toDLPack(null, null, DLPackCopy.NEVER);
        assertEquals(impl(a).memory.address(), CPeer.field(legacy.pointer(), false, CPeer.F_DATA),
                "a writable array needs no copy even as a legacy struct");
        DLPack.discard(legacy);
        long bytes = NDArray.liveNativeBytes();
        DLPackCopyException e = assertThrows(DLPackCopyException.class,
                () -> a.asReadOnly().toDLPack(null, null, DLPackCopy.NEVER));
        assertEquals("copy", e.field());
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals(bytes, NDArray.liveNativeBytes(), "nothing allocated for the refused export");
        assertEquals(0, DLPack.liveExports());
    }

    @Test
    void inProcessRoundTripSharesMemoryBothWays() {
        for (boolean legacy : new boolean[] {false, true}) {
            NDArray a = base(DType.FLOAT32, 3, 4);
            NDArray v = a.slice("::-1, 1:");
            MemorySegment p = legacy ? DLPack.toLegacyDLPack(v) : DLPack.toDLPack(v);
            try (NDArray b = legacy ? DLPack.fromLegacyDLPack(p) : DLPack.fromDLPack(p)) {
                assertArrayEquals(v.shape(), b.shape());
                assertArrayEquals(v.strides(), b.strides());
                assertEquals(impl(a).memory.address() + v.offset() * 4,
                        impl(b).memory.address() + b.offset() * 4, "same first element");
                b.setDouble(123, 0, 0);
                assertEquals(123, a.getDouble(2, 1));
                a.setDouble(-9, 0, 3);
                assertEquals(-9, b.getDouble(2, 2));
                assertEquals(1, DLPack.liveExports());
                assertEquals(1, DLPack.liveImports());
            }
            assertEquals(0, DLPack.liveExports(), "closing the import ran the export's deleter");
            assertEquals(0, DLPack.liveImports());
            a.close();
        }
    }

    @Test
    void readOnlyRoundTripStaysReadOnly() {
        NDArray a = base(DType.FLOAT32, 5).asReadOnly();
        try (NDArray b = DLPack.fromDLPack(DLPack.toDLPack(a))) {
            assertTrue(b.isReadOnly());
            assertThrows(ReadOnlyArrayException.class, () -> b.setDouble(0, 0));
        }
    }

    @Test
    void reExportingAnImportKeepsTheProducersMemoryUntilBothAreDone() {
        // C producer -> ndpack import -> ndpack export -> C consumer: the export's pin on the
        // imported memory defers the producer's deleter until the consumer calls ours.
        MemorySegment produced = new CPeer.Spec().dtype(DType.INT32).shape(4, 5).make();
        NDArray imported = DLPack.fromDLPack(produced);
        MemorySegment reExported = DLPack.toDLPack(imported.slice("1:3, ::-2"));
        assertEquals(CPeer.field(produced, true, CPeer.F_DATA) + (5 + 4) * 4, CPeer.field(reExported, true, CPeer.F_DATA),
                "the re-export points into the producer's buffer: still no copy");
        imported.close();
        assertEquals(0, CPeer.deleterCalls(produced, true), "pinned by the export");
        assertEquals(9.0, CPeer.get(reExported, true, new long[] {0, 0}, false));
        assertEquals(1, DLPack.liveImports());
        CPeer.callDeleterOnThread(reExported, true, true, 0);
        assertEquals(1, CPeer.deleterCalls(produced, true), "released when the last holder let go");
        assertEquals(0, DLPack.liveImports());
    }

    @Test
    void liveExportsAndStatisticsCount() {
        DLPack.Statistics s0 = DLPack.statistics();
        NDArray a = base(DType.FLOAT32, 5);
        MemorySegment p1 = DLPack.toDLPack(a);
        MemorySegment p2 = DLPack.toLegacyDLPack(a);
        assertEquals(2, DLPack.liveExports());
        assertEquals(s0.exports() + 2, DLPack.statistics().exports());
        CPeer.callDeleter(p2, false);
        assertEquals(1, DLPack.liveExports());
        CPeer.callDeleter(p1, true);
        assertEquals(0, DLPack.liveExports());
        a.close();
    }
}
