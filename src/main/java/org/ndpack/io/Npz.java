package org.ndpack.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
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
 * {@link Npy} apply ({@link DType#BFLOAT16} and the float8 types cannot be written). Paths are used as given
 * ({@code .npz} is not appended) and the archive is written under a temporary name, then moved over
 * the target, so it is never seen half-written.
 *
 * <p>Reading treats the archive as untrusted. Each entry's {@code .npy} header must be well formed
 * and no longer than {@link Npy#DEFAULT_MAX_HEADER_SIZE} characters (raise it with
 * {@link #read(Path, int)}); its shape must fit what the entry's records allow (a stored entry
 * cannot hold more than its size; a deflated one not more than its recorded size, nor deflate's
 * largest expansion, 1032 times its compressed size). Those records are claims, so a deflated
 * entry's memory is allocated as the inflater delivers data (at most about twice what it has
 * delivered, never what the records say), and a stored entry's at once, after checking that the
 * file holds it. Afterwards the entry's length and CRC-32 are checked against the records.
 * Every corrupt archive (not a zip file, an entry that is not a {@code .npy} file, a name that
 * occurs twice, a damaged deflate stream, data shorter or longer than recorded, a wrong CRC)
 * gives {@link NpyFormatException} naming the archive, the entry and the problem, never a bare
 * {@link java.util.zip.ZipException} or {@link java.io.EOFException}; on any failure the arrays
 * already read are closed, so nothing is left allocated.
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
     * Reads every array of an {@code .npz} archive, refusing {@code .npy} headers longer than
     * {@link Npy#DEFAULT_MAX_HEADER_SIZE} characters (as {@code np.load} does by default).
     *
     * @param path the archive
     * @return a new mutable map from array name (entry name without {@code .npy}) to a new array
     *         owning its memory, in archive order; the caller closes the arrays
     * @throws NpyFormatException if the file is not a valid zip archive, an entry is not a
     *         well-formed {@code .npy} file of a supported dtype, an entry is not named
     *         {@code *.npy}, two entries have the same name, or an entry's data is corrupt or
     *         shorter or longer than the archive records; the message names the archive and the
     *         entry
     * @throws IOException if the file cannot be read (a missing file gives
     *         {@link java.nio.file.NoSuchFileException})
     */
    public static Map<String, NDArray> read(Path path) throws IOException {
        return read(path, Npy.DEFAULT_MAX_HEADER_SIZE);
    }

    /**
     * Reads every array of an {@code .npz} archive, accepting {@code .npy} headers up to
     * {@code maxHeaderSize} characters, like {@code np.load(path, max_header_size=maxHeaderSize)};
     * otherwise as {@link #read(Path)}. Raise the limit only for trusted files.
     *
     * @param path the archive
     * @param maxHeaderSize the longest header accepted, in characters
     * @return a new mutable map from array name to a new array, in archive order
     * @throws IllegalArgumentException if {@code maxHeaderSize <= 0}
     * @throws NpyFormatException as {@link #read(Path)}, with this limit
     * @throws IOException if the file cannot be read
     */
    public static Map<String, NDArray> read(Path path, int maxHeaderSize) throws IOException {
        NpyHeader.checkMaxHeaderSize(maxHeaderSize);
        String archive = path.toString();
        long fileSize = Files.size(path);
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw new NpyFormatException(archive + ": not a valid zip archive (" + reason(e) + ")", e);
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
                throw new NpyFormatException(archive + ": not a valid zip archive (" + reason(e) + ")", e);
            }
            for (ZipEntry e : entries) {
                String name = e.getName();
                String quoted = Excerpt.of(name);
                String source = archive + ", entry '" + quoted + "'";
                if (e.isDirectory() || !name.endsWith(".npy")) {
                    throw new NpyFormatException(source + ": not a .npy file (an .npz archive holds only .npy entries)");
                }
                String key = name.substring(0, name.length() - 4);
                if (out.containsKey(key)) {
                    throw new NpyFormatException(archive + ": the entry '" + quoted + "' occurs more than once");
                }
                out.put(key, readEntry(zip, e, fileSize, source, maxHeaderSize));
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

    /** {@return the message of a zip library failure, short, or its type when it has none} */
    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : Excerpt.of(m);
    }

    private static NDArray readEntry(ZipFile zip, ZipEntry e, long fileSize, String source, int maxHeaderSize)
            throws IOException {
        long compressed = e.getCompressedSize();
        if (compressed > fileSize) {
            throw new NpyFormatException(source + ": corrupt zip archive: the entry claims " + compressed
                    + " compressed bytes in a file of " + fileSize);
        }
        // A stored entry's stream is a region of the file: it cannot deliver more than its
        // compressed size, which is at most the file's size, so its data may be allocated at once.
        // A deflated entry's recorded sizes are only claims: they can refuse a shape early, but
        // memory grows with what the inflater actually delivers.
        boolean stored = e.getMethod() == ZipEntry.STORED;
        long limit = -1; // most bytes the entry can deliver, by its records
        if (compressed >= 0) {
            limit = stored ? compressed : compressed * MAX_DEFLATE_RATIO + 1024;
        }
        if (e.getSize() >= 0) {
            limit = limit < 0 ? e.getSize() : Math.min(limit, e.getSize());
        }
        try (EntryStream in = new EntryStream(zip.getInputStream(e), e.getSize(), source)) {
            NpyHeader h = NpyHeader.read(in, source, maxHeaderSize);
            long available = limit < 0 ? -1 : Math.max(0, limit - h.dataOffset());
            NDArray a = NpyData.read(h, in, available, stored && available >= 0, source);
            try {
                in.transferTo(OutputStream.nullOutputStream()); // the rest, for the CRC
                in.checkEnd(e.getCrc());
                return a;
            } catch (Throwable t) {
                a.close();
                throw t;
            }
        } catch (ZipException | EOFException ze) {
            throw new NpyFormatException(source + ": corrupt zip data (" + reason(ze) + ")", ze);
        }
    }

    /**
     * An entry's bytes as the zip library delivers them, with their CRC-32 and count: more bytes
     * than the archive records for the entry is corruption, refused as soon as it happens.
     */
    private static final class EntryStream extends FilterInputStream {
        private final CRC32 crc = new CRC32();
        private final long recorded;
        private final String source;
        private long count;

        EntryStream(InputStream in, long recorded, String source) {
            super(in);
            this.recorded = recorded;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            if (r > 0) {
                crc.update(b, off, r);
                count += r;
                if (recorded >= 0 && count > recorded) {
                    throw new NpyFormatException(source + ": corrupt zip data: the entry holds more than the "
                            + recorded + " bytes the archive records");
                }
            }
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(Math.max(n, 1), 8192)];
            int r = read(buf, 0, (int) Math.min(n, buf.length));
            return Math.max(r, 0);
        }

        /** Checks, at the end of the entry, its length and CRC-32 against the archive's records. */
        void checkEnd(long recordedCrc) throws NpyFormatException {
            if (recorded >= 0 && count != recorded) {
                throw new NpyFormatException(source + ": corrupt zip data: the entry holds " + count
                        + " bytes but the archive records " + recorded);
            }
            if (recordedCrc != -1 && crc.getValue() != recordedCrc) {
                throw new NpyFormatException(source + ": corrupt zip data: CRC-32 is 0x"
                        + Long.toHexString(crc.getValue()) + " but the archive records 0x"
                        + Long.toHexString(recordedCrc));
            }
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
     * @throws IllegalArgumentException if an array's dtype is {@link DType#BFLOAT16} or a float8 type
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
     * @throws IllegalArgumentException if an array's dtype is {@link DType#BFLOAT16} or a float8 type
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
            NDArray a = Objects.requireNonNull(e.getValue(), () -> "array '" + Excerpt.of(name) + "'");
            NpyData.writableDType(a);
            if (a.isClosed()) {
                throw new IllegalStateException("array '" + Excerpt.of(name) + "' is closed");
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
