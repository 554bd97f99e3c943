package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Memory;

/**
 * Imports of tensors the C peer produced: every dtype in every layout, zero-copy (same addresses,
 * writes seen on both sides), the memory spanning exactly the tensor's bytes, flags, devices,
 * alignment.
 */
class DLPackImportTest extends LiveTensorCheck {

    /** A tensor geometry: shape, strides (null: the tensor has NULL strides), byte_offset in elements. */
    record Layout(String name, long[] shape, long[] strides, long offsetElems, int options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Layout> LAYOUTS = List.of(
            new Layout("row-major, NULL strides", new long[] {2, 3}, null, 0, 0),
            new Layout("row-major, explicit strides", new long[] {2, 3}, new long[] {3, 1}, 0, 0),
            new Layout("transposed", new long[] {3, 2}, new long[] {1, 3}, 0, 0),
            new Layout("strided (gaps)", new long[] {2, 3}, new long[] {8, 2}, 0, 0),
            new Layout("negative strides", new long[] {2, 3}, new long[] {-3, -1}, 0, 0),
            new Layout("one negative stride", new long[] {3, 4}, new long[] {4, -1}, 0, 0),
            new Layout("zero stride (broadcast)", new long[] {4, 3}, new long[] {0, 1}, 0, 0),
            new Layout("byte_offset", new long[] {2, 3}, null, 5, 0),
            new Layout("byte_offset and negative strides", new long[] {2, 3}, new long[] {-1, -2}, 3, 0),
            new Layout("3-d permuted", new long[] {2, 3, 4}, new long[] {1, 8, 2}, 0, 0),
            new Layout("extent-1 axes with arbitrary strides", new long[] {1, 4, 1}, new long[] {999, 1, -7}, 0, 0),
            new Layout("0-d", new long[] {}, null, 0, 0),
            new Layout("0-d, NULL shape", new long[] {}, null, 0, CPeer.NULL_SHAPE),
            new Layout("size 0, NULL data", new long[] {0, 5}, null, 0, CPeer.NULL_DATA),
            new Layout("size 0, data", new long[] {3, 0}, new long[] {7, 7}, 0, 0));

    static Stream<Arguments> dtypesAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : DType.values()) {
            for (Layout l : LAYOUTS) {
                out.add(Arguments.of(t, l));
            }
        }
        return out.stream();
    }

    static CPeer.Spec spec(DType t, Layout l) {
        CPeer.Spec s = new CPeer.Spec().dtype(t).shape(l.shape()).options(l.options())
                .byteOffset(l.offsetElems() * t.byteSize());
        if (l.strides() != null) {
            s.strides(l.strides());
        }
        return s;
    }

    /** Every index of a shape in row-major order. */
    static List<long[]> indices(long[] shape) {
        List<long[]> out = new ArrayList<>();
        long n = Shapes.size(shape);
        long[] idx = new long[shape.length];
        for (long i = 0; i < n; i++) {
            out.add(idx.clone());
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    static long elementOffset(long[] idx, long[] strides) {
        long off = 0;
        for (int k = 0; k < idx.length; k++) {
            off += idx[k] * strides[k];
        }
        return off;
    }

    /** The value the peer left at each index: written in row-major order, the last write to an
     * address wins (zero strides alias). */
    static double[] expectedValues(DType t, long[] shape, long[] strides) {
        List<long[]> all = indices(shape);
        Map<Long, Integer> lastWriter = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            lastWriter.put(elementOffset(all.get(i), strides), i);
        }
        double[] out = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            double v = CPeer.value(lastWriter.get(elementOffset(all.get(i), strides)));
            out[i] = t == DType.BOOL ? (v != 0 ? 1 : 0) : t.isFloat8() ? float8(t, v) : v;
        }
        return out;
    }

    /** {@code v} rounded to a float8 type by ndpack (the C peer rounds with its own code). */
    private static double float8(DType t, double v) {
        try (NDArray s = NDArray.scalar(t, v)) {
            return s.getDouble();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("dtypesAndLayouts")
    void importsEveryDTypeInEveryLayoutWithoutCopying(DType t, Layout l) {
        MemorySegment p = spec(t, l).make();
        long data = CPeer.field(p, true, CPeer.F_DATA);
        long first = data + l.offsetElems() * t.byteSize();
        long size = Shapes.size(l.shape());
        try (NDArray a = DLPack.fromDLPack(p)) {
            assertEquals(t, a.dtype());
            assertArrayEquals(l.shape(), a.shape());
            assertFalse(a.isReadOnly());
            assertTrue(a.isOwner(), "an import owns its memory");
            long[] strides = l.strides() == null || size == 0 ? Shapes.cStrides(l.shape()) : l.strides();
            assertArrayEquals(strides, a.strides(), "strides as the producer gave them (C order if NULL or empty)");
            Memory m = impl(a).memory;
            if (size == 0) {
                assertEquals(0, m.byteSize(), "an empty tensor spans no memory");
                return;
            }
            // The memory spans exactly the bytes the elements occupy, from the lowest one.
            long[] span = Shapes.span(l.shape(), strides, 0);
            assertEquals((span[1] - span[0] + 1) * t.byteSize(), m.byteSize(), "byte span");
            assertEquals(first + span[0] * t.byteSize(), m.address(), "lowest addressable byte");
            assertEquals(first, m.address() + a.offset() * t.byteSize(), "zero-copy: first element at data + byte_offset");
            assertTrue(a.isAligned());

            double[] expected = expectedValues(t, l.shape(), strides);
            List<long[]> all = indices(l.shape());
            for (int i = 0; i < all.size(); i++) {
                long[] ix = all.get(i);
                assertEquals(expected[i], a.getDouble(ix), "element " + java.util.Arrays.toString(ix));
                if (t.isComplex()) {
                    assertEquals(-expected[i], a.getImag(ix), "imaginary part");
                }
            }
            // Writes are seen on both sides: Java -> C and C -> Java.
            long[] last = all.get(all.size() - 1);
            double w = t == DType.BOOL ? 1 : 7;
            a.setComplex(w, -3, last);
            assertEquals(w, CPeer.get(p, true, last, false), "C reads what Java wrote");
            if (t.isComplex()) {
                assertEquals(-3, CPeer.get(p, true, last, true));
            }
            long[] head = all.get(0);
            assertEquals(0, CPeer.set(p, true, head, t == DType.BOOL ? 0 : 48, 5));
            assertEquals(t == DType.BOOL ? 0 : 48, a.getDouble(head), "Java reads what C wrote");
            assertEquals(0, CPeer.deleterCalls(p, true), "no deleter call while the array is open");
        }
        assertEquals(1, CPeer.deleterCalls(p, true), "close calls the deleter exactly once");
    }

    static Stream<Layout> someLayouts() {
        return Stream.of(LAYOUTS.get(0), LAYOUTS.get(2), LAYOUTS.get(4), LAYOUTS.get(7), LAYOUTS.get(11), LAYOUTS.get(13));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("someLayouts")
    void legacyImportsAreWritableAndZeroCopy(Layout l) {
        MemorySegment p = spec(DType.INT32, l).legacy().make();
        try (NDArray a = DLPack.fromLegacyDLPack(p)) {
            assertFalse(a.isReadOnly(), "legacy imports are writable (documented choice)");
            assertArrayEquals(l.shape(), a.shape());
            if (a.size() > 0) {
                long[] strides = l.strides() == null ? Shapes.cStrides(l.shape()) : l.strides();
                double[] expected = expectedValues(DType.INT32, l.shape(), strides);
                List<long[]> all = indices(l.shape());
                for (int i = 0; i < all.size(); i++) {
                    assertEquals(expected[i], a.getDouble(all.get(i)));
                }
                a.setLong(-5, all.get(0));
                assertEquals(-5, CPeer.get(p, false, all.get(0), false));
            }
        }
        assertEquals(1, CPeer.deleterCalls(p, false));
    }

    @Test
    void readOnlyFlagGivesAReadOnlyArray() {
        MemorySegment p = new CPeer.Spec().dtype(DType.FLOAT64).flags(DLPack.FLAG_READ_ONLY).make();
        try (NDArray a = DLPack.fromDLPack(p)) {
            assertTrue(a.isReadOnly());
            assertEquals(4.0, a.getDouble(1, 1));
            assertThrows(ReadOnlyArrayException.class, () -> a.setDouble(1, 0, 0));
            assertTrue(a.slice("::-1").isReadOnly(), "views inherit read-only");
        }
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void unknownFlagBitsAreIgnoredAndIsCopiedNeedsNothing() {
        long flags = DLPack.FLAG_IS_COPIED | DLPack.FLAG_IS_SUBBYTE_TYPE_PADDED | (1L << 17) | (1L << 63);
        MemorySegment p = new CPeer.Spec().flags(flags).make();
        try (NDArray a = DLPack.fromDLPack(p)) {
            assertFalse(a.isReadOnly(), "only bit 0 means read-only");
            assertEquals(5.0, a.getDouble(1, 2));
        }
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void higherMinorVersionsAreAccepted() {
        for (int minor : new int[] {0, 1, 2, 3, 4, 99, -1}) {
            MemorySegment p = new CPeer.Spec().version(1, minor).make();
            try (NDArray a = DLPack.fromDLPack(p)) {
                assertEquals(1.0, a.getDouble(0, 1), "minor " + Integer.toUnsignedString(minor));
            }
            assertEquals(1, CPeer.deleterCalls(p, true));
        }
    }

    @Test
    void hostReadableDevicesAreAccepted() {
        for (int device : new int[] {DLDevice.CPU, DLDevice.CUDA_HOST, DLDevice.ROCM_HOST, DLDevice.CUDA_MANAGED}) {
            MemorySegment p = new CPeer.Spec().device(device, device == DLDevice.CPU ? 0 : 3).make();
            try (NDArray a = DLPack.fromDLPack(p)) {
                assertEquals(3.0, a.getDouble(1, 0), DLDevice.typeName(device));
            }
            assertEquals(1, CPeer.deleterCalls(p, true));
        }
    }

    @Test
    void byteOffsetThatIsNotAMultipleOfTheElementSizeGivesAnUnalignedArray() {
        for (DType t : new DType[] {DType.FLOAT32, DType.INT64, DType.COMPLEX128, DType.FLOAT16}) {
            MemorySegment p = new CPeer.Spec().dtype(t).byteOffset(1).make();
            try (NDArray a = DLPack.fromDLPack(p)) {
                assertFalse(a.isAligned(), t + " at byte_offset 1");
                assertEquals(CPeer.field(p, true, CPeer.F_DATA) + 1,
                        impl(a).memory.address() + a.offset() * t.byteSize());
                assertEquals(5.0, a.getDouble(1, 2), "values still read correctly");
                a.setDouble(9, 0, 1);
                assertEquals(9.0, CPeer.get(p, true, new long[] {0, 1}, false));
            }
            assertEquals(1, CPeer.deleterCalls(p, true));
        }
    }

    @Test
    void sixtyFourDimensionsAreAccepted() {
        long[] shape = new long[64];
        java.util.Arrays.fill(shape, 1);
        shape[63] = 3;
        MemorySegment p = new CPeer.Spec().shape(shape).make();
        try (NDArray a = DLPack.fromDLPack(p)) {
            assertEquals(64, a.ndim());
            long[] ix = new long[64];
            ix[63] = 2;
            assertEquals(2.0, a.getDouble(ix));
        }
        assertEquals(1, CPeer.deleterCalls(p, true));
    }

    @Test
    void operationsWorkOnImportedArrays() {
        MemorySegment p = new CPeer.Spec().dtype(DType.FLOAT64).shape(3, 4).strides(-4, -1).byteOffset(0).make();
        try (NDArray a = DLPack.fromDLPack(p)) {
            // Row-major logical index i holds i % 100: a is [[0..3], [4..7], [8..11]] whatever the strides.
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, a.toDoubleArray());
            try (NDArray c = a.transpose().copy()) {
                assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, c.toDoubleArray());
            }
        }
        assertEquals(1, CPeer.deleterCalls(p, true));
    }
}
