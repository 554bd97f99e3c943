package org.ndpack.examples.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.io.Npy;
import org.ndpack.io.Npz;

/**
 * Tour section: NumPy's file formats. Writes an array to a {@code .npy} file, reads it back, maps
 * it into memory and writes through the mapping, then writes and reads an {@code .npz} archive, all
 * in a temporary directory that is deleted afterwards. Needs no Python: the files are the ones
 * NumPy's {@code np.load} reads.
 */
public final class IoSection {
    private IoSection() {
    }

    /** Runs the section, printing what it does. */
    public static void run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ndpack-tour");
            Path npy = dir.resolve("a.npy");
            try (NDArray base = NDArray.arange(DType.FLOAT32, 0, 6, 1)) {
                NDArray a = base.reshape(2, 3); // a view: closing base releases the memory
                Npy.write(npy, a); // np.save
                long size = Files.size(npy);
                System.out.println("Npy.write(a.npy, a): " + size + " bytes: NumPy's header (" + (size - a.nbytes())
                        + " bytes, padded to a multiple of 64), then " + a.nbytes() + " data bytes");
            }
            try (NDArray b = Npy.read(npy)) { // np.load
                System.out.println("Npy.read(a.npy) ->\n" + b);
            }
            try (NDArray m = Npy.map(npy, true)) { // np.load(mmap_mode="r+")
                m.setDouble(42, 1, 2);
                System.out.println("Npy.map(a.npy, writable) and m[1, 2] = 42; the file's bytes are the array's");
            } // unmapped here
            try (NDArray b = Npy.read(npy)) {
                System.out.println("Npy.read(a.npy) again ->\n" + b);
            }
            Path npz = dir.resolve("arrays.npz");
            Map<String, NDArray> out = new LinkedHashMap<>();
            out.put("x", NDArray.linspace(0, 1, 5));
            out.put("mask", NDArray.of(new boolean[] {true, false, true}));
            Npz.writeCompressed(npz, out); // np.savez_compressed
            Map<String, NDArray> in = Npz.read(npz); // np.load
            in.forEach((k, v) -> System.out.println("Npz.read(arrays.npz)[" + k + "] = " + v));
            out.values().forEach(NDArray::close);
            in.values().forEach(NDArray::close);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
