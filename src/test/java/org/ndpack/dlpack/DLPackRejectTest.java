package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Every kind of bad input: the exception subclass, the field it names, a message with the value
 * and the rule, and the ownership rule (the deleter has run exactly once when the exception
 * arrives, or not at all for a NULL pointer or a pointer that is not ours to delete).
 */
class DLPackRejectTest extends LiveTensorCheck {

    /** One bad tensor: how to make it, and what the refusal must say. */
    record Bad(String name, CPeer.Spec spec, Class<? extends DLPackException> type, String field, String... says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badTensors() {
        return Stream.of(
                new Bad("major version 0", new CPeer.Spec().version(0, 9), DLPackVersionException.class, "version",
                        "0.9", "major version 1"),
                new Bad("major version 2", new CPeer.Spec().version(2, 0), DLPackVersionException.class, "version",
                        "2.0", "major version 1"),
                new Bad("major version 2^32-1", new CPeer.Spec().version(-1, 0), DLPackVersionException.class, "version",
                        "4294967295.0"),
                new Bad("CUDA device", new CPeer.Spec().device(DLDevice.CUDA, 0), DLPackDeviceException.class,
                        "dl_tensor.device", "CUDA:0", "not host-readable"),
                new Bad("ROCm device", new CPeer.Spec().device(DLDevice.ROCM, 2), DLPackDeviceException.class,
                        "dl_tensor.device", "ROCM:2"),
                new Bad("Vulkan device", new CPeer.Spec().device(DLDevice.VULKAN, 0), DLPackDeviceException.class,
                        "dl_tensor.device", "Vulkan:0"),
                new Bad("unknown device", new CPeer.Spec().device(99, 0), DLPackDeviceException.class,
                        "dl_tensor.device", "unknown(99):0"),
                new Bad("float8_e4m3 (not fn)", new CPeer.Spec().dtype(8, 8, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "float8_e4m3 (8)", "no float8_e4m3 dtype", "float8_e4m3fn (10)"),
                new Bad("float8_e5m2fnuz", new CPeer.Spec().dtype(13, 8, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "float8_e5m2fnuz (13)", "no float8_e5m2fnuz"),
                new Bad("float8_e8m0fnu", new CPeer.Spec().dtype(14, 8, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "float8_e8m0fnu (14)", "float8_e5m2 (12)"),
                new Bad("float8_e4m3fn of 16 bits", new CPeer.Spec().dtype(10, 16, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.bits", "= 16", "float8_e4m3fn (10) takes bits 8"),
                new Bad("float4 flagged IS_SUBBYTE_TYPE_PADDED",
                        new CPeer.Spec().dtype(17, 4, 1).flags(DLPack.FLAG_IS_SUBBYTE_TYPE_PADDED),
                        DLPackDTypeException.class, "flags", "IS_SUBBYTE_TYPE_PADDED", "code 17 with 4 bits"),
                new Bad("float6_e2m3fn", new CPeer.Spec().dtype(15, 6, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "float6_e2m3fn (15)", "no float6"),
                new Bad("float4_e2m1fn", new CPeer.Spec().dtype(17, 4, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "float4_e2m1fn (17)", "no float4"),
                new Bad("opaque handle", new CPeer.Spec().dtype(3, 64, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "opaque handle (3)"),
                new Bad("unknown type code", new CPeer.Spec().dtype(18, 32, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "= 18", "unknown DLPack type code"),
                new Bad("type code 255", new CPeer.Spec().dtype(255, 8, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.code", "= 255"),
                new Bad("float of 24 bits", new CPeer.Spec().dtype(2, 24, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.bits", "= 24", "float (2) takes bits 16, 32, 64"),
                new Bad("int of 128 bits", new CPeer.Spec().dtype(0, 128, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.bits", "= 128", "int (0) takes bits 8, 16, 32, 64"),
                new Bad("bool of 1 bit", new CPeer.Spec().dtype(6, 1, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.bits", "= 1", "bool (6) takes bits 8"),
                new Bad("complex of 32 bits", new CPeer.Spec().dtype(5, 32, 1), DLPackDTypeException.class,
                        "dl_tensor.dtype.bits", "complex (5) takes bits 64, 128"),
                new Bad("4 lanes", new CPeer.Spec().dtype(2, 32, 4), DLPackDTypeException.class,
                        "dl_tensor.dtype.lanes", "= 4", "lanes == 1"),
                new Bad("0 lanes", new CPeer.Spec().dtype(0, 8, 0), DLPackDTypeException.class,
                        "dl_tensor.dtype.lanes", "= 0"),
                new Bad("ndim -1", new CPeer.Spec().ndim(-1), DLPackLayoutException.class, "dl_tensor.ndim",
                        "= -1", "[0, 64]"),
                new Bad("ndim 65", new CPeer.Spec().ndim(65), DLPackLayoutException.class, "dl_tensor.ndim",
                        "= 65", "[0, 64]"),
                new Bad("NULL shape, ndim 2", new CPeer.Spec().options(CPeer.NULL_SHAPE), DLPackLayoutException.class,
                        "dl_tensor.shape", "= NULL", "ndim = 2"),
                new Bad("negative extent", new CPeer.Spec().shape(2, -3), DLPackLayoutException.class,
                        "dl_tensor.shape[1]", "= -3", "extents must be >= 0"),
                new Bad("element count overflow", new CPeer.Spec().shape(1L << 32, 1L << 32),
                        DLPackLayoutException.class, "dl_tensor.shape", "[4294967296, 4294967296]",
                        "element count overflows int64"),
                new Bad("stride times extent overflows", new CPeer.Spec().shape(3, 2).strides(1L << 62, 1),
                        DLPackLayoutException.class, "dl_tensor.strides", "4611686018427387904", "overflows int64"),
                new Bad("byte span overflows", new CPeer.Spec().dtype(DType.FLOAT64).shape(2).strides(1L << 61),
                        DLPackLayoutException.class, "dl_tensor.strides", "overflows int64"),
                new Bad("elements below address 0", new CPeer.Spec().shape(2).strides(-(1L << 59)),
                        DLPackLayoutException.class, "dl_tensor.strides", "below address 0"),
                new Bad("NULL data with elements", new CPeer.Spec().options(CPeer.NULL_DATA), DLPackLayoutException.class,
                        "dl_tensor.data", "= NULL", "6 elements"),
                new Bad("byte_offset beyond the address space", new CPeer.Spec().byteOffset(-16),
                        DLPackLayoutException.class, "dl_tensor.data + byte_offset", "18446744073709551600",
                        "overflows the 64-bit address space"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTensors")
    void refusesVersionedTensorAfterCallingItsDeleterOnce(Bad bad) {
        refuses(bad, bad.spec());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTensors")
    void refusesLegacyTensorAfterCallingItsDeleterOnce(Bad bad) {
        if (bad.type() == DLPackVersionException.class || bad.field().equals("flags")) {
            return; // the legacy struct has no version and no flags
        }
        refuses(bad, bad.spec().legacy());
    }

    private void refuses(Bad bad, CPeer.Spec spec) {
        DLPack.Statistics before = DLPack.statistics();
        MemorySegment p = spec.make();
        boolean v = spec.versioned;
        DLPackException e = assertThrows(bad.type(), () -> {
            if (v) {
                DLPack.fromDLPack(p);
            } else {
                DLPack.fromLegacyDLPack(p);
            }
        });
        // Checked on the spot: the deleter ran before the exception was thrown, not later.
        assertEquals(1, CPeer.deleterCalls(p, v), "deleter called exactly once before the exception");
        assertEquals(bad.field(), e.field());
        assertTrue(e.getMessage().startsWith(bad.field() + " = "), e.getMessage());
        for (String s : bad.says()) {
            assertTrue(e.getMessage().contains(s), "message '" + e.getMessage() + "' should contain '" + s + "'");
        }
        DLPack.Statistics after = DLPack.statistics();
        assertEquals(before.rejectedImports() + 1, after.rejectedImports());
        assertEquals(before.imports(), after.imports(), "a refused tensor is not counted as imported");
        assertEquals(0, after.liveImports());
    }

    @Test
    void nullPointerCallsNothing() {
        long calls = CPeer.totalDeleterCalls();
        DLPackPointerException e = assertThrows(DLPackPointerException.class, () -> DLPack.fromDLPack(MemorySegment.NULL));
        assertEquals("DLManagedTensorVersioned*", e.field());
        assertTrue(e.getMessage().contains("= NULL"), e.getMessage());
        e = assertThrows(DLPackPointerException.class, () -> DLPack.fromLegacyDLPack(MemorySegment.ofAddress(0)));
        assertEquals("DLManagedTensor*", e.field());
        assertEquals(calls, CPeer.totalDeleterCalls(), "nothing called");
        assertThrows(NullPointerException.class, () -> DLPack.fromDLPack(null));
        assertThrows(IllegalArgumentException.class, () -> new DLPackTensor(MemorySegment.NULL, true));
    }

    @Test
    void heapSegmentIsNotAPointer() {
        DLPackPointerException e = assertThrows(DLPackPointerException.class,
                () -> DLPack.fromDLPack(MemorySegment.ofArray(new byte[80])));
        assertTrue(e.getMessage().contains("must be a native address"), e.getMessage());
    }

    @Test
    void nullDeleterOnARejectedTensorIsNotCalled() {
        MemorySegment p = new CPeer.Spec().device(DLDevice.CUDA, 0).options(CPeer.NULL_DELETER).make();
        long calls = CPeer.totalDeleterCalls();
        assertThrows(DLPackDeviceException.class, () -> DLPack.fromDLPack(p));
        assertEquals(calls, CPeer.totalDeleterCalls());
        assertEquals(0, DLPack.liveImports());
    }

    /**
     * The struct is placed so that everything after {@code deleter} lies on an inaccessible page:
     * reading {@code flags} or the tensor would crash the JVM. A wrong major version must be
     * refused after reading only {@code version} and {@code deleter}, and the deleter called.
     */
    @Test
    void wrongMajorVersionReadsNothingButVersionAndDeleter() {
        JavaTensors.GuardedPages g = JavaTensors.guardedPages();
        try {
            long readable = DLPackLayouts.V_FLAGS; // version, manager_ctx, deleter
            MemorySegment m = g.endOfReadablePage(readable);
            m.set(ValueLayout.JAVA_INT, DLPackLayouts.V_MAJOR, 2);
            m.set(ValueLayout.JAVA_INT, DLPackLayouts.V_MINOR, 7);
            m.set(ValueLayout.ADDRESS, DLPackLayouts.V_DELETER, JavaTensors.COUNTING_DELETER);
            DLPackVersionException e = assertThrows(DLPackVersionException.class, () -> DLPack.fromDLPack(m));
            assertTrue(e.getMessage().contains("2.7"), e.getMessage());
            assertEquals(1, JavaTensors.calls(m));
        } finally {
            JavaTensors.unmap(g);
        }
    }

    @Test
    void aRejectedPointerCanBeImportedAgainOnceTheProducerReusesIt() {
        // The refusal drops the claim: the address is free for the producer's next tensor.
        CPeer.Spec bad = new CPeer.Spec().dtype(2, 24, 1);
        MemorySegment p = bad.make();
        assertThrows(DLPackDTypeException.class, () -> DLPack.fromDLPack(p));
        MemorySegment again = new CPeer.Spec().makeAt(p);
        assertEquals(p.address(), again.address());
        try (NDArray a = DLPack.fromDLPack(again)) {
            assertEquals(5.0, a.getDouble(1, 2));
        }
    }

    @Test
    void everyRefusalIsADLPackException() {
        for (Class<?> c : List.of(DLPackPointerException.class, DLPackVersionException.class,
                DLPackDeviceException.class, DLPackDTypeException.class, DLPackLayoutException.class,
                DLPackCopyException.class)) {
            assertTrue(DLPackException.class.isAssignableFrom(c), c.getName());
        }
        assertTrue(RuntimeException.class.isAssignableFrom(DLPackException.class));
    }

    @Test
    void javaBuiltTensorsWorkWithoutACompiler() {
        // The Java-built tensor used by the guard-page test is itself valid: it imports.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = JavaTensors.versioned(arena.allocate(DLPackLayouts.DL_MANAGED_TENSOR_VERSIONED), arena, 5);
            try (NDArray a = DLPack.fromDLPack(m)) {
                assertEquals(4.0, a.getDouble(4));
            }
            assertEquals(1, JavaTensors.calls(m));
        }
    }
}
