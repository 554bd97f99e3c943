package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.io.NpyBadFileTest.dict;
import static org.ndpack.io.NpyBadFileTest.npy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.Leaks;

/**
 * The hostile files of issue 15, each a regression test: every one is refused fast, with an
 * {@link NpyFormatException} of bounded length that names the file (and entry), without an
 * allocation beyond what the file can hold, and leaving no native memory behind (checked after
 * each test).
 */
class HostileFileTest {
    /** Longest message accepted: a few hundred characters of quoted input plus the path. */
    private static final int MAX_MESSAGE = 700;
    /** Every hostile case must be refused within this (it took 15 s before the fix). */
    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private long liveBefore;

    @BeforeEach
    void recordLiveBytes() throws InterruptedException {
        liveBefore = Leaks.settledLiveBytes();
    }

    @AfterEach
    void nothingLeftBehind() throws InterruptedException {
        assertEquals(liveBefore, Leaks.settledLiveBytes(), "native memory left behind");
    }

    /** Runs {@code body} under the time bound and checks the refusal: type, length, fragments. */
    private NpyFormatException refusedFast(ThrowingSupplier<?> body, String... fragments) throws Exception {
        NpyFormatException e = assertTimeoutPreemptively(FAST,
                () -> assertThrows(NpyFormatException.class, () -> close(body.get())));
        String m = e.getMessage();
        assertTrue(m.length() <= MAX_MESSAGE, "message of " + m.length() + " characters: "
                + m.substring(0, Math.min(m.length(), 300)));
        for (String f : fragments) {
            assertTrue(m.contains(f), "message lacks '" + f + "': " + m);
        }
        return e;
    }

    private static void close(Object value) {
        if (value instanceof NDArray a) {
            a.close();
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> ((NDArray) v).close());
        }
    }

    /** Finding 2: a million-digit extent. Refused by the header limit at once; with the limit
     * raised, refused after a linear scan of the digits, the message quoting none of them. */
    @Test
    void millionDigitExtentIsRefusedAtOnce() throws Exception {
        String digits = "9".repeat(1_000_000);
        byte[] content = npy(2, 0, dict("'<f8'", "False", "(" + digits + ",)"), new byte[64]);
        Path f = write("digits.npy", content);
        refusedFast(() -> Npy.read(f), f.toString(), "exceeds the limit of 10000 characters", "max_header_size");
        refusedFast(() -> Npy.read(new ByteArrayInputStream(content)), "exceeds the limit of 10000");
        refusedFast(() -> Npy.map(f), "exceeds the limit of 10000");
        refusedFast(() -> Npy.read(f, 2_000_000), f.toString(), "extent <integer of 1000000 digits>",
                "does not fit a 64-bit long");
        byte[] negative = npy(2, 0, dict("'<f8'", "False", "(-" + digits + ",)"), new byte[64]);
        Path g = write("negative.npy", negative);
        refusedFast(() -> Npy.read(g, 2_000_000), "extent -<integer of 1000000 digits> is negative");
    }

    /** Leading zeros do not count as digits: a short value with many zeros is still a value. */
    @Test
    void leadingZerosAreNotDigits() throws Exception {
        String shape = "(" + "0".repeat(60) + "3,)";
        Path f = write("zeros.npy", npy(1, 0, dict("'<f8'", "False", shape), new byte[24]));
        try (NDArray a = Npy.read(f)) {
            assertEquals(3, a.size());
        }
    }

    /** Finding 5: a 200,001-extent shape gave a 600 KB message. */
    @Test
    void hugeShapeGivesAShortMessage() throws Exception {
        String ones = "1, ".repeat(200_001);
        byte[] tuple = npy(2, 0, dict("'<f8'", "False", "(" + ones + ")"), new byte[8]);
        Path f = write("tuple.npy", tuple);
        refusedFast(() -> Npy.read(f), "exceeds the limit of 10000");
        refusedFast(() -> Npy.read(f, 1 << 20), "shape has 200001 dimensions; at most 64");
        byte[] list = npy(2, 0, dict("'<f8'", "False", "[" + ones + "]"), new byte[8]);
        Path g = write("list.npy", list);
        refusedFast(() -> Npy.read(g, 1 << 20), "shape is not a tuple of ints: [1, 1, 1", "characters in all");
        byte[] key = npy(2, 0, "{'" + "k".repeat(500_000) + "': 1}", new byte[8]);
        Path h = write("key.npy", key);
        refusedFast(() -> Npy.read(h, 1 << 20), "unexpected key 'kkkk", "characters in all");
    }

    /** NumPy's rule: {@code len(header) > max_header_size} is refused; equal is accepted. */
    @Test
    void headerLimitIsNumPysAndCanBeRaised() throws Exception {
        String base = dict("'<f8'", "False", "(3,)");
        String exact = base.substring(0, base.length() - 1) + " ".repeat(10_000 - base.length()) + "\n";
        assertEquals(10_000, exact.length());
        Path f = write("exact.npy", npy(2, 0, exact, new byte[24]));
        try (NDArray a = Npy.read(f)) {
            assertEquals(3, a.size());
        }
        String over = " " + exact;
        Path g = write("over.npy", npy(2, 0, over, new byte[24]));
        refusedFast(() -> Npy.read(g), "header length 10001 exceeds the limit of 10000");
        try (NDArray a = Npy.read(g, 10_001); NDArray m = Npy.map(g, false, 10_001)) {
            assertEquals(3, a.size());
            assertEquals(3, m.size());
        }
        refusedFast(() -> Npy.read(g, 9_000), "exceeds the limit of 9000");
        // version 3.0 counts characters, not UTF-8 bytes, as NumPy's len(str) does
        String utf = base.substring(0, base.length() - 1) + "\u00e9".repeat(10_000 - base.length()) + "\n";
        Path u = write("utf.npy", npy(3, 0, utf.replace("\u00e9", " "), new byte[24]));
        try (NDArray a = Npy.read(u)) {
            assertEquals(3, a.size());
        }
        byte[] z = ZipImage.build(ZipImage.stored("a.npy", npy(2, 0, over, new byte[24])));
        Path zf = write("over.npz", z);
        refusedFast(() -> Npz.read(zf), "entry 'a.npy'", "exceeds the limit of 10000");
        Map<String, NDArray> m = Npz.read(zf, 20_000);
        close(m);
        assertEquals(1, m.size());
        assertThrows(IllegalArgumentException.class, () -> Npy.read(f, 0));
    }

    /** Finding 3: the central directory claims 12 MiB compressed and 11 GiB uncompressed, the
     * {@code .npy} header claims 11 GiB, the deflate stream holds 1 MiB. Memory follows the
     * stream, not the claims. */
    @Test
    void npzClaimingElevenGibibytesAllocatesWhatTheStreamHolds() throws Exception {
        long claimed = 11L << 30;
        byte[] data = new byte[1 << 20];
        new SplittableRandom(15).nextBytes(data);
        byte[] header = npy(1, 0, dict("'<f8'", "False", "(" + claimed / 8 + ",)"), new byte[0]);
        byte[] content = new byte[header.length + data.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(data, 0, content, header.length, data.length);
        ZipImage.Entry e = ZipImage.deflated("x.npy", content);
        int twelve = 12 << 20;
        e.pad(twelve - e.data.length).claim(twelve, claimed + header.length).claimLocal(twelve, claimed + header.length);
        Path f = write("claims.npz", ZipImage.build(e));
        assertTrue(Files.size(f) >= twelve);
        NpyData.resetLargest();
        refusedFast(() -> Npz.read(f), f.toString(), "entry 'x.npy'", "truncated", "needs 11811160064 bytes");
        assertTrue(NpyData.largestAllocation() <= 4L << 20,
                "largest allocation " + NpyData.largestAllocation() + " for a 1 MiB stream");
    }

    /** Finding 4: cut deflate streams escaped as EOFException ("Unexpected end of ZLIB input
     * stream") naming neither the archive nor the entry. */
    @Test
    void truncatedDeflateStreamsNameTheArchiveAndEntry() throws Exception {
        byte[] good;
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 5000, 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            good = out.toByteArray();
        }
        int full = ZipImage.deflated("a.npy", good).data.length;
        for (int cut : new int[] {0, 1, 2, 10, full / 4, full / 2, full - 2}) {
            Path f = write("cut" + cut + ".npz", ZipImage.build(ZipImage.stored("ok.npy", good),
                    ZipImage.deflated("a.npy", good).cut(cut)));
            NpyFormatException ex = refusedFast(() -> Npz.read(f), f.toString(), "entry 'a.npy'");
            assertFalse(ex.getMessage().contains("null"), ex.getMessage());
        }
        // Without its last byte the stream may still decode: the JDK's inflater stream feeds one
        // zero byte at the end of input, and if the cut byte held only zero bits the data is whole
        // (its CRC-32 and length are checked). Either outcome is allowed; nothing else.
        Path last = write("last.npz", ZipImage.build(ZipImage.deflated("a.npy", good).cut(full - 1)));
        try (NDArray expected = NDArray.arange(DType.FLOAT64, 0, 5000, 1)) {
            try {
                Map<String, NDArray> m = Npz.read(last);
                assertEquals(expected, m.get("a"));
                close(m);
            } catch (NpyFormatException ex) {
                assertTrue(ex.getMessage().contains("entry 'a.npy'"), ex.getMessage());
            }
        }
        // the stream ends early although the records say it is complete: sizes claimed longer
        ZipImage.Entry longer = ZipImage.deflated("b.npy", good);
        longer.claim(longer.csize, longer.usize + 1000).claimLocal(longer.csize, longer.usize + 1000);
        Path g = write("longer.npz", ZipImage.build(longer));
        refusedFast(() -> Npz.read(g), "entry 'b.npy'", "archive records " + (good.length + 1000));
        // and the other way: the stream holds more than the records say
        ZipImage.Entry shorter = ZipImage.deflated("c.npy", good);
        shorter.claim(shorter.csize, good.length - 8).claimLocal(shorter.csize, good.length - 8);
        Path h = write("shorter.npz", ZipImage.build(shorter));
        refusedFast(() -> Npz.read(h), "entry 'c.npy'");
    }

    /** Issue 16: a write into a missing directory names the caller's path, not the temporary file. */
    @Test
    void writeIntoAMissingDirectoryNamesThePathGiven() throws Exception {
        Path target = dir.resolve("no-such-dir").resolve("a.npy");
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3)) {
            NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Npy.write(target, a));
            assertEquals(target.toString(), e.getFile());
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
            NoSuchFileException z = assertThrows(NoSuchFileException.class,
                    () -> Npz.write(dir.resolve("missing").resolve("a.npz"), Map.of("a", a)));
            assertTrue(z.getFile().endsWith("a.npz"), z.getFile());
        }
        // a missing file to read stays an I/O error, not a format error
        assertThrows(NoSuchFileException.class, () -> Npy.read(target));
        assertThrows(NoSuchFileException.class, () -> Npz.read(dir.resolve("none.npz")));
    }

    /** Issue 16: replacing a directory, or writing where no file can be made, names the caller's path. */
    @Test
    void failedReplaceNamesThePathGiven() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken.npy").resolve("inner"));
        Path target = taken.getParent();
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3)) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.write(target, a));
            assertEquals(target.toString(), e.getFile());
            assertNull(e.getOtherFile(), e.getMessage());
            assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
            // the parent is a file, not a directory
            Path file = Files.writeString(dir.resolve("plain.txt"), "x");
            Path under = file.resolve("a.npy");
            FileSystemException n = assertThrows(FileSystemException.class, () -> Npy.write(under, a));
            assertEquals(under.toString(), n.getFile());
            assertTrue(n.getMessage().contains("cannot create a file in the directory " + file), n.getMessage());
            assertFalse(n.getMessage().contains(".tmp"), n.getMessage());
        }
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file was left");
        }
        assertTrue(Files.isDirectory(taken), "the directory was replaced");
    }
}
