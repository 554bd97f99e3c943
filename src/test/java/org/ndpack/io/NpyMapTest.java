package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.memory.Memory;
import org.ndpack.testing.NumPy;

/**
 * Memory-mapped {@code .npy} files: the array's elements are the file's bytes (writes through a
 * writable mapping reach the file, read-only mappings refuse writes), Fortran order maps with
 * Fortran strides, and closing the array unmaps the file and makes every later use throw.
 */
class NpyMapTest {

    @TempDir
    Path dir;

    @Test
    void mapsFilesWrittenByNumPyAndWritesThroughToThem() throws IOException {
        NumPy.require();
        NumPy.run("""
                import numpy as np
                d = %s
                a = (np.arange(20, dtype=np.float32) * 1.5).reshape(4, 5)
                np.save(d + '/c.npy', a)
                np.save(d + '/f.npy', np.asfortranarray(a))
                """.formatted("'" + dir + "'"));
        for (String name : new String[] {"c.npy", "f.npy"}) {
            Path f = dir.resolve(name);
            try (NDArray m = Npy.map(f)) {
                assertEquals(DType.FLOAT32, m.dtype());
                assertArrayEquals(new long[] {4, 5}, m.shape());
                assertEquals(name.startsWith("f"), m.isFContiguous() && !m.isCContiguous(), "layout of " + name);
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        assertEquals((i * 5 + j) * 1.5, m.getDouble(i, j), name);
                    }
                }
                assertTrue(m.isReadOnly());
                assertThrows(ReadOnlyArrayException.class, () -> m.setDouble(1, 0, 0));
            }
            try (NDArray m = Npy.map(f, true)) {
                assertFalse(m.isReadOnly());
                m.setDouble(-7.25, 2, 3);
                m.slice(":, 4").setDouble(99, 0);
            }
            String out = NumPy.run("""
                    import numpy as np
                    a = np.load(%s)
                    print(a[2, 3], a[0, 4], a[1, 1])
                    """.formatted("'" + f + "'"));
            assertEquals("-7.25 99.0 9.0", out.strip(), "NumPy sees the writes made through the mapping of " + name);
        }
    }

    @Test
    void writableMappingIsTheFilesMemory() throws IOException {
        Path f = dir.resolve("z.npy");
        try (NDArray a = NDArray.arange(DType.INT32, 0, 1000, 1)) {
            Npy.write(f, a);
        }
        long dataOffset = Files.size(f) - 4000;
        try (NDArray w = Npy.map(f, true); NDArray r = Npy.map(f)) {
            w.setLong(123456789, 500);
            // no copy: a second mapping and a plain read of the file see the write at once
            assertEquals(123456789, r.getLong(500));
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.nativeOrder());
            assertEquals(123456789, bytes.getInt((int) dataOffset + 500 * 4));
            try (NDArray again = Npy.read(f)) {
                assertEquals(123456789, again.getLong(500));
                assertEquals(499, again.getLong(499));
            }
        }
    }

    @Test
    void readOnlyMappingRefusesWritesAndViewsInheritIt() throws IOException {
        Path f = dir.resolve("ro.npy");
        try (NDArray a = NDArray.ones(DType.FLOAT64, 3, 3)) {
            Npy.write(f, a);
        }
        byte[] before = Files.readAllBytes(f);
        try (NDArray m = Npy.map(f)) {
            assertThrows(ReadOnlyArrayException.class, () -> m.setDouble(5, 1, 1));
            assertThrows(ReadOnlyArrayException.class, () -> m.transpose().setDouble(5, 1, 1));
            assertTrue(m.slice("1:").isReadOnly());
            try (NDArray c = m.copy()) {
                c.setDouble(5, 1, 1); // a copy is ordinary writable memory
                assertEquals(5, c.getDouble(1, 1));
            }
        }
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void closingUnmapsAndLaterUseThrows() throws IOException {
        Path f = dir.resolve("c.npy");
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 64, 1)) {
            Npy.write(f, a);
        }
        NDArray m = Npy.map(f, true);
        NDArray view = m.slice("10:20");
        assertEquals(10.0, view.getDouble(0));
        Memory mem = impl(m).memory;
        assertTrue(m.isOwner());
        m.close();
        assertTrue(mem.isReleased(), "closing the owner unmaps the file");
        assertThrows(IllegalStateException.class, () -> m.getDouble(0));
        assertThrows(IllegalStateException.class, () -> view.getDouble(0));
        assertThrows(IllegalStateException.class, () -> view.setDouble(1, 0));
        m.close(); // closing twice does nothing
        // the file stays as the mapping left it and can be mapped again
        try (NDArray again = Npy.map(f)) {
            assertEquals(63.0, again.getDouble(63));
        }
    }

    @Test
    void mappingsOfEveryShapeAndDtypeMatchReads() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        for (DType t : DType.values()) {
            if (t.numpyDescr() == null) { // bfloat16 and float8: no .npy
                continue;
            }
            for (long[] shape : new long[][] {{}, {0}, {4, 0}, {5}, {3, 4}, {2, 3, 4}}) {
                Path f = dir.resolve("m.npy");
                try (NDArray a = IoTestSupport.random(t, r, shape)) {
                    Npy.write(f, a.ndim() >= 2 ? a.transpose() : a); // Fortran order for 2-d and up
                }
                try (NDArray read = Npy.read(f); NDArray m = Npy.map(f)) {
                    assertEquals(t, m.dtype());
                    assertArrayEquals(read.shape(), m.shape(), Arrays.toString(shape));
                    assertArrayEquals(read.strides(), m.strides());
                    assertArrayEquals(IoTestSupport.cBytes(read), IoTestSupport.cBytes(m));
                }
            }
        }
    }

    @Test
    void closingWhileAnOperationRunsUnmapsWhenItEnds() throws IOException {
        Path f = dir.resolve("lease.npy");
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 16, 1)) {
            Npy.write(f, a);
        }
        NDArray m = Npy.map(f);
        Memory mem = impl(m).memory;
        try (OpScope s = OpScope.enter("test-op", null, impl(m))) {
            m.close();
            assertFalse(mem.isReleased(), "an operation in flight keeps the mapping");
            assertEquals(5.0, mem.segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 5),
                    "the running operation can still read the pages");
            assertThrows(IllegalStateException.class, () -> m.getDouble(5), "new operations are refused");
        }
        assertTrue(mem.isReleased(), "unmapped when the last operation ends");
    }
}
