package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.DType;
import org.ndpack.NDArray;

/** Write-then-read through ndpack alone (no NumPy): every dtype and layout comes back bit-exact. */
class NpyRoundTripTest {

    @TempDir
    Path dir;

    private static final long[][] SHAPES = {{}, {0}, {3, 0}, {1}, {7}, {3, 4}, {2, 3, 5}, {2, 1, 3, 2}};

    @ParameterizedTest
    @EnumSource(value = DType.class, mode = EnumSource.Mode.EXCLUDE, names = {"BFLOAT16", "FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void everyShapeComesBackBitExact(DType t) throws IOException {
        SplittableRandom r = new SplittableRandom(t.ordinal());
        for (long[] shape : SHAPES) {
            try (NDArray a = IoTestSupport.random(t, r, shape)) {
                Path f = dir.resolve(t + "-" + shape.length + ".npy");
                Npy.write(f, a);
                try (NDArray b = Npy.read(f)) {
                    assertEquals(t, b.dtype());
                    assertArrayEquals(shape, b.shape());
                    assertTrue(b.isOwner());
                    assertFalse(b.isReadOnly());
                    assertArrayEquals(IoTestSupport.cBytes(a), IoTestSupport.cBytes(b), "shape " + Arrays.toString(shape));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, mode = EnumSource.Mode.EXCLUDE, names = {"BFLOAT16", "FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void viewsAreWrittenInTheirLogicalOrder(DType t) throws IOException {
        SplittableRandom r = new SplittableRandom(100 + t.ordinal());
        try (NDArray base = IoTestSupport.random(t, r, 4, 5, 6)) {
            List<NDArray> views = List.of(base.transpose(), base.transpose(1, 0, 2), base.slice("::-1, 1:4, ::2"),
                    base.slice("1, :, ::-3"), base.slice("2:3, 4, 5").broadcastTo(3, 1), base.slice(":, 0, None, 1"));
            for (NDArray v : views) {
                Path f = dir.resolve("view.npy");
                Npy.write(f, v);
                try (NDArray b = Npy.read(f)) {
                    assertArrayEquals(v.shape(), b.shape());
                    assertEquals(v.isFContiguous() && !v.isCContiguous(), b.isFContiguous() && !b.isCContiguous(),
                            "a Fortran-contiguous view is written in Fortran order and read back so");
                    assertArrayEquals(IoTestSupport.cBytes(v), IoTestSupport.cBytes(b));
                }
            }
        }
    }

    @Test
    void streamsHoldSeveralArraysInSequence() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        try (NDArray a = IoTestSupport.random(DType.INT16, r, 3, 3); NDArray b = IoTestSupport.random(DType.COMPLEX64, r, 4);
             NDArray c = IoTestSupport.random(DType.FLOAT64, r)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            Npy.write(out, b.slice("::-1"));
            Npy.write(out, c);
            ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
            try (NDArray a2 = Npy.read(in); NDArray b2 = Npy.read(in); NDArray c2 = Npy.read(in)) {
                assertArrayEquals(IoTestSupport.cBytes(a), IoTestSupport.cBytes(a2));
                assertArrayEquals(IoTestSupport.cBytes(b.slice("::-1")), IoTestSupport.cBytes(b2));
                assertArrayEquals(IoTestSupport.cBytes(c), IoTestSupport.cBytes(c2));
                assertEquals(0, in.available(), "each read stops right after its array's data");
            }
        }
    }

    @Test
    void streamReadGrowsPastTheFirstChunk() throws IOException {
        long n = NpyData.FIRST_CHUNK / 8 * 2 + 1001; // more than two chunks of float64
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, n, 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            try (NDArray b = Npy.read(new ByteArrayInputStream(out.toByteArray()))) {
                assertEquals(a, b);
            }
        }
    }

    @Test
    void headerIsNumPysLayout() throws IOException {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3, 4)) {
            Path f = dir.resolve("h.npy");
            Npy.write(f, a);
            byte[] bytes = Files.readAllBytes(f);
            assertEquals(128 + 48, bytes.length, "header padded to 128 bytes (59-char dict, 20 growth spaces, 38 padding, newline), then 48 data bytes");
            String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
            assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }" + " ".repeat(20 + 38) + "\n",
                    header);
            assertEquals(1, bytes[6], "version 1.0");
            assertEquals(118, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8, "header length field");
        }
    }

    @Test
    void bfloat16IsRefusedWithAHint() throws IOException {
        try (NDArray a = NDArray.zeros(DType.BFLOAT16, 2)) {
            Path f = dir.resolve("bf.npy");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.write(f, a));
            assertTrue(e.getMessage().contains("bfloat16") && e.getMessage().contains("astype"), e.getMessage());
            assertFalse(Files.exists(f), "nothing is written");
            assertThrows(IllegalArgumentException.class, () -> Npz.write(dir.resolve("bf.npz"), Map.of("x", a)));
            assertFalse(Files.exists(dir.resolve("bf.npz")));
        }
    }

    @Test
    void closedArraysAreRefusedAndTheTargetKept() throws IOException {
        Path f = dir.resolve("keep.npy");
        Files.writeString(f, "old content");
        NDArray a = NDArray.zeros(DType.INT32, 4);
        a.close();
        assertThrows(IllegalStateException.class, () -> Npy.write(f, a));
        assertEquals("old content", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("r.npy");
        Files.writeString(f, "x".repeat(10000));
        try (NDArray a = NDArray.arange(5)) {
            Npy.write(f, a);
            try (NDArray b = Npy.read(f)) {
                assertEquals(a, b);
            }
        }
    }

    @Test
    void npzKeepsNamesOrderAndBits() throws IOException {
        SplittableRandom r = new SplittableRandom(9);
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (DType t : DType.values()) {
            if (t.numpyDescr() != null) {
                m.put("z_" + t, IoTestSupport.random(t, r, 3, 2));
            }
        }
        m.put("a_view", m.get("z_float32").transpose());
        m.put("scalar", IoTestSupport.random(DType.INT8, r));
        m.put("empty", NDArray.zeros(DType.UINT16, 0, 5));
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = dir.resolve(compressed ? "c.npz" : "s.npz");
            if (compressed) {
                Npz.writeCompressed(f, m);
            } else {
                Npz.write(f, m);
            }
            Map<String, NDArray> back = Npz.read(f);
            assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()), "archive order is map order");
            for (String k : m.keySet()) {
                assertEquals(m.get(k).dtype(), back.get(k).dtype());
                assertArrayEquals(m.get(k).shape(), back.get(k).shape());
                assertArrayEquals(IoTestSupport.cBytes(m.get(k)), IoTestSupport.cBytes(back.get(k)), k);
                back.get(k).close();
            }
        }
        m.values().stream().filter(NDArray::isOwner).forEach(NDArray::close);
        Path empty = dir.resolve("empty.npz");
        Npz.write(empty, Map.of());
        assertTrue(Npz.read(empty).isEmpty());
    }
}
