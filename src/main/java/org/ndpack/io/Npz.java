package org.ndpack.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.concurrent.OpScope;

/**
 * NumPy's {@code .npz} archives: a zip file of {@code .npy} entries, one per named array, as
 * {@code np.savez}, {@code np.savez_compressed} and {@code np.load} handle them.
 *
 * {@snippet :
 * Npz.write(Path.of("arrays.npz"), Map.of("x", x, "y", y));   // np.savez("arrays.npz", x=x, y=y)
 * Map<String, NDArray> m = Npz.read(Path.of("arrays.npz"));   // np.load("arrays.npz")
 * NDArray x2 = m.get("x");
 * }
 *
 * <p>The entry for the array named {@code "x"} is {@code x.npy}; reading strips the {@code .npy}
 * again. Entries are written in the map's iteration order (use a {@link LinkedHashMap} to choose
 * it) and read back in archive order. {@link #write} stores entries uncompressed, like
 * {@code np.savez}; {@link #writeCompressed} deflates them, like {@code np.savez_compressed}.
 * Each entry is what {@link Npy#write(java.io.OutputStream, NDArray)} writes, so the dtype rules of
 * {@link Npy} apply ({@link DType#BFLOAT16} cannot be written). Paths are used as given
 * ({@code .npz} is not appended) and the archive is written under a temporary name, then moved over
 * the target, so it is never seen half-written.
 *
 * <p>Reading checks each entry before allocating its memory: a {@code .npy} header that is well
 * formed, data that the entry can hold (a stored entry cannot hold more than its size; a deflated
 * one not more than deflate's largest expansion, 1032 times its compressed size), and afterwards the
 * entry's CRC-32. Entries that are not {@code .npy} files, names that occur twice and archives that
 * are not valid zip files give {@link NpyFormatException}; on any failure the arrays already read
 * are closed, so nothing is left allocated.
 *
 * <p>Stateless and thread-safe; every returned array is owned by the caller (see {@link Npy}).
 * Writing reads each array while holding a lease on it (it cannot be freed meanwhile); an
 * uncompressed entry is read twice (once for its CRC-32, which a stored zip entry needs before its
 * data), so an array whose elements another thread changes during {@link #write} makes it fail
 * with a {@link ZipException} rather than store a wrong checksum.
 */
public final class Npz {
    /** Deflate cannot expand data by more than this factor (258-byte matches in about 2 bits). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private Npz() {
    }

    /**
     * Reads every array of an {@code .npz} archive.
     *
     * @param path the archive
     * @return a new mutable map from array name (entry name without {@code .npy}) to a new array
     *         owning its memory, in archive order; the caller closes the arrays
     * @throws NpyFormatException if the file is not a valid zip archive, an entry is not a
     *         well-formed {@code .npy} file of a supported dtype, an entry is not named
     *         {@code *.npy}, two entries have the same name, or an entry's data is corrupt; the
     *         message names the archive and the entry
     * @throws IOException if the file cannot be read
     */
    public static Map<String, NDArray> read(Path path) throws IOException {
        String archive = path.toString();
        long fileSize = Files.size(path);
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(archive + ": not a valid zip archive (" + e.getMessage() + ")", e);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        boolean ok = false;
        try (zip) {
            List<ZipEntry> entries = new ArrayList<>();
            try {
                Enumeration<? extends ZipEntry> en = zip.entries();
                while (en.hasMoreElements()) {
                    entries.add(en.nextElement());
                }
            } catch (IllegalArgumentException e) {
                throw new NpyFormatException(archive + ": not a valid zip archive (" + e.getMessage() + ")", e);
            }
            for (ZipEntry e : entries) {
                String name = e.getName();
                String source = archive + ", entry '" + name + "'";
                if (e.isDirectory() || !name.endsWith(".npy")) {
                    throw new NpyFormatException(source + ": not a .npy file (an .npz archive holds only .npy entries)");
                }
                String key = name.substring(0, name.length() - 4);
                if (out.containsKey(key)) {
                    throw new NpyFormatException(archive + ": the entry '" + name + "' occurs more than once");
                }
                out.put(key, readEntry(zip, e, fileSize, source));
            }
            ok = true;
            return out;
        } finally {
            if (!ok) {
                for (NDArray a : out.values()) {
                    a.close();
                }
            }
        }
    }

    private static NDArray readEntry(ZipFile zip, ZipEntry e, long fileSize, String source) throws IOException {
        long compressed = e.getCompressedSize();
        if (compressed > fileSize) {
            throw new NpyFormatException(source + ": corrupt zip archive: the entry claims " + compressed
                    + " compressed bytes in a file of " + fileSize);
        }
        long limit = -1; // most bytes the entry can deliver
        if (compressed >= 0) {
            limit = e.getMethod() == ZipEntry.STORED ? compressed : compressed * MAX_DEFLATE_RATIO + 1024;
        }
        if (e.getSize() >= 0) {
            limit = limit < 0 ? e.getSize() : Math.min(limit, e.getSize());
        }
        CRC32 crc = new CRC32();
        try (InputStream raw = zip.getInputStream(e); CheckedInputStream in = new CheckedInputStream(raw, crc)) {
            NpyHeader h = NpyHeader.read(in, source);
            long available = limit < 0 ? -1 : Math.max(0, limit - h.dataOffset());
            NDArray a = NpyData.read(h, in, available, source, null);
            try {
                in.transferTo(OutputStream.nullOutputStream()); // the rest, for the CRC
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw new NpyFormatException(source + ": corrupt zip data: CRC-32 is 0x"
                            + Long.toHexString(crc.getValue()) + " but the archive records 0x"
                            + Long.toHexString(e.getCrc()));
                }
                return a;
            } catch (Throwable t) {
                a.close();
                throw t;
            }
        } catch (ZipException ze) {
            throw new NpyFormatException(source + ": corrupt zip data (" + ze.getMessage() + ")", ze);
        }
    }

    /**
     * Writes arrays to an uncompressed {@code .npz} archive, like {@code np.savez}, replacing the
     * file if it exists.
     *
     * @param path the archive to write (used as given)
     * @param arrays array names (entry names without {@code .npy}) to arrays, written in iteration
     *               order; may be empty
     * @throws NullPointerException if a name or an array is null
     * @throws IllegalArgumentException if an array's dtype is {@link DType#BFLOAT16}
     * @throws IllegalStateException if an array is closed
     * @throws IOException if writing fails (the target is then left as it was)
     */
    public static void write(Path path, Map<String, NDArray> arrays) throws IOException {
        write(path, arrays, false);
    }

    /**
     * Writes arrays to a deflate-compressed {@code .npz} archive, like
     * {@code np.savez_compressed}, replacing the file if it exists.
     *
     * @param path the archive to write (used as given)
     * @param arrays array names to arrays, written in iteration order; may be empty
     * @throws NullPointerException if a name or an array is null
     * @throws IllegalArgumentException if an array's dtype is {@link DType#BFLOAT16}
     * @throws IllegalStateException if an array is closed
     * @throws IOException if writing fails (the target is then left as it was)
     */
    public static void writeCompressed(Path path, Map<String, NDArray> arrays) throws IOException {
        write(path, arrays, true);
    }

    private static void write(Path path, Map<String, NDArray> arrays, boolean compress) throws IOException {
        List<Map.Entry<String, NDArray>> entries = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "array name");
            NDArray a = Objects.requireNonNull(e.getValue(), () -> "array '" + name + "'");
            NpyData.writableDType(a);
            if (a.isClosed()) {
                throw new IllegalStateException("array '" + name + "' is closed");
            }
            entries.add(Map.entry(name, a));
        }
        AtomicFile.write(path, ch -> {
            try (ZipOutputStream zip = new ZipOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16))) {
                writeEntries(zip, entries, compress);
            }
        });
    }

    private static void writeEntries(ZipOutputStream zip, List<Map.Entry<String, NDArray>> entries, boolean compress)
            throws IOException {
        for (Map.Entry<String, NDArray> e : entries) {
            NDArray a = e.getValue();
            try (OpScope s = OpScope.enter("Npz.write", null, NpyData.impl(a))) {
                ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
                if (compress) {
                    ze.setMethod(ZipEntry.DEFLATED);
                } else {
                    // stored entries need size and CRC up front: one pass to compute them
                    CRC32 crc = new CRC32();
                    long[] count = {0};
                    Npy.writeTo(NpyData.checksumSink(crc, count), a);
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(count[0]);
                    ze.setCompressedSize(count[0]);
                    ze.setCrc(crc.getValue());
                }
                zip.putNextEntry(ze);
                Npy.writeTo(NpyData.streamSink(zip), a);
                zip.closeEntry();
            }
        }
    }
}
