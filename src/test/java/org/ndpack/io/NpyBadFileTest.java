package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.io.IoTestSupport.assertFailsWithoutLeak;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Malformed and unsupported files: each gives an {@link NpyFormatException} whose message names
 * the problem and the offending value, from every entry point ({@link Npy#read(Path)},
 * {@link Npy#read(java.io.InputStream)}, {@link Npy#map}, {@link Npz#read}), with native memory
 * in use unchanged afterwards. Also the lenient cases NumPy accepts and so must we.
 */
class NpyBadFileTest {

    @TempDir
    Path dir;

    /** {@return a .npy image: magic, version, length field, header text as given, data bytes} */
    static byte[] npy(int major, int minor, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lenBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) minor);
        if (lenBytes == 2) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    static String dict(String descr, String fortran, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }\n";
    }

    private Path file(byte[] content) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".npy");
        Files.write(f, content);
        return f;
    }

    /** Asserts that every reader refuses {@code content} with a message holding the fragments. */
    private void refused(byte[] content, String... fragments) throws Exception {
        Path f = file(content);
        NpyFormatException e = assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.read(f), fragments);
        assertTrue(e.getMessage().startsWith(f.toString()), "the message names the file: " + e.getMessage());
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(content)), fragments);
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.map(f), fragments);
    }

    @Test
    void emptyAndTinyFilesAreTruncated() throws Exception {
        refused(new byte[0], "truncated", "0 bytes");
        refused(Arrays.copyOf(NpyHeader.MAGIC, 6), "truncated", "6 bytes");
        refused(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 10}, "truncated", "header length field");
    }

    @Test
    void wrongMagicIsNamed() throws Exception {
        refused("PK\u0003\u0004 a zip, not npy".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file",
                "b'PK\\x03\\x04 a'", "\\x93NUMPY");
        refused("\u0093NUMPX\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file", "b'\\x93NUMPX'");
    }

    @ParameterizedTest
    @CsvSource({"4, 0, 4.0", "1, 1, 1.1", "0, 0, 0.0", "2, 5, 2.5"})
    void unsupportedVersionsAreRefused(int major, int minor, String shown) throws Exception {
        refused(npy(major, minor, dict("'<f8'", "False", "(2,)"), new byte[16]), "unsupported .npy format version " + shown);
    }

    @Test
    void headerLongerThanTheFileIsTruncated() throws Exception {
        byte[] ok = npy(1, 0, dict("'<f8'", "False", "(2,)"), new byte[0]);
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 500);
        refused(ok, "truncated", "header declares 500 bytes");
    }

    @Test
    void headerBeyondTheLimitIsRefusedBeforeReadingIt() throws Exception {
        byte[] b = npy(2, 0, "", new byte[0]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1 << 30);
        refused(b, "header length 1073741824 exceeds", "limit");
    }

    @Test
    void headersThatAreNotDictLiteralsAreQuoted() throws Exception {
        refused(npy(1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), ", new byte[24]),
                "not a Python dict literal", "end of text");
        refused(npy(1, 0, "__import__('os').system('true')", new byte[0]), "not a Python dict literal",
                "unexpected name '__import__'");
        refused(npy(1, 0, "{'descr': '<f8' 'fortran_order': False}", new byte[0]), "not a Python dict literal",
                "expected ',' or '}' in a dict");
        refused(npy(1, 0, dict("'<f8'", "False", "(3.5,)"), new byte[0]), "not a Python dict literal", "'.'");
        refused(npy(1, 0, dict("'<f8'", "False", "(2,)") + " trailing", new byte[16]), "not a Python dict literal",
                "after the literal");
        refused(npy(1, 0, "(".repeat(100) + ")".repeat(100), new byte[0]), "nested deeper than");
        refused(npy(1, 0, "[1, 2]", new byte[0]), "header is not a dict", "[1, 2]");
    }

    @Test
    void keysMustBeExactlyTheThree() throws Exception {
        refused(npy(1, 0, "{'descr': '<f8', 'fortran_order': False}", new byte[0]), "lacks the key 'shape'");
        refused(npy(1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (), 'foo': 1}", new byte[8]),
                "unexpected key 'foo'");
        refused(npy(1, 0, "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", new byte[8]),
                "key 'descr' repeated");
        refused(npy(1, 0, "{1: '<f8', 'fortran_order': False, 'shape': ()}", new byte[8]), "unexpected key 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "'<f3'; unknown dtype; '<f3'",
        "'>x8'; unknown dtype; '>x8'",
        "''; unknown dtype; ''",
        "'|O'; object arrays; '|O'",
        "'O'; object arrays; 'O'",
        "'<U5'; string and void; '<U5'",
        "'|S3'; string and void; '|S3'",
        "'|V8'; string and void; '|V8'",
        "'<M8[ns]'; datetime; '<M8[ns]'",
        "'<f16'; extended-precision; '<f16'",
        "'<c32'; extended-precision; '<c32'",
        "[('a', '<i4'), ('b', '<f8')]; structured dtypes are not supported; [('a', '<i4'), ('b', '<f8')]",
        "3; descr is not a dtype string; 3"})
    void unsupportedDescrsAreNamed(String descr, String what, String shown) throws Exception {
        refused(npy(1, 0, dict(descr, "False", "(1,)"), new byte[16]), what, shown);
    }

    @Test
    void fortranOrderMustBeABool() throws Exception {
        refused(npy(1, 0, dict("'<f8'", "1", "(2,)"), new byte[16]), "fortran_order is not a bool: 1");
        refused(npy(1, 0, dict("'<f8'", "'False'", "(2,)"), new byte[16]), "fortran_order is not a bool: 'False'");
    }

    @Test
    void badShapesAreNamed() throws Exception {
        refused(npy(1, 0, dict("'<f8'", "False", "(3, -1)"), new byte[24]), "shape (3, -1): extents must be >= 0");
        refused(npy(1, 0, dict("'<f8'", "False", "[3, 4]"), new byte[96]), "shape is not a tuple of ints: [3, 4]");
        refused(npy(1, 0, dict("'<f8'", "False", "('3',)"), new byte[24]), "shape is not a tuple of ints: ('3',)");
        refused(npy(1, 0, dict("'<f8'", "False", "(True,)"), new byte[8]), "shape is not a tuple of ints: (True,)");
        refused(npy(1, 0, dict("'<f8'", "False", "3"), new byte[24]), "shape is not a tuple of ints: 3");
        refused(npy(1, 0, dict("'<f8'", "False", "(" + "1, ".repeat(65) + ")"), new byte[8]),
                "65 dimensions", "at most 64");
        refused(npy(1, 0, dict("'<f8'", "False", "(1180591620717411303424,)"), new byte[8]),
                "extent 1180591620717411303424 does not fit");
        refused(npy(1, 0, dict("'<i1'", "False", "(1099511627776, 1099511627776)"), new byte[8]),
                "element count overflows");
        refused(npy(1, 0, dict("'<f8'", "False", "(2305843009213693952,)"), new byte[8]), "byte size overflows");
    }

    @Test
    void shapeLargerThanTheDataIsRefusedBeforeAllocating() throws Exception {
        byte[] b = npy(1, 0, dict("'<f8'", "False", "(1000, 1000)"), new byte[16]);
        Path f = file(b);
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.read(f),
                "shape (1000, 1000) of dtype float64 needs 8000000 bytes of data, but only 16 follow the header");
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.map(f), "needs 8000000 bytes");
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(b)),
                "truncated", "needs 8000000 bytes of data, but the data ends after 16");
        // a stream claiming 8 TB costs no more than the first chunk, and leaks nothing
        byte[] huge = npy(1, 0, dict("'<f8'", "False", "(1000000000000,)"), new byte[100]);
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(huge)),
                "the data ends after 100");
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.read(file(huge)), "only 100 follow");
    }

    @Test
    void version3HeaderMustBeUtf8() throws Exception {
        byte[] b = npy(3, 0, dict("'<f8'", "False", "(1,)"), new byte[8]);
        b[12 + 3] = (byte) 0xff; // inside 'descr'
        refused(b, "not valid UTF-8");
    }

    @Test
    void otherByteOrderCannotBeMappedButReadsConverted() throws Exception {
        double[] values = {1.5, -0.0, Double.MAX_VALUE};
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (double v : values) {
            data.putDouble(v);
        }
        Path f = file(npy(1, 0, dict("'>f8'", "False", "(3,)"), data.array()));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npy.map(f), "other byte order", "'>f8'", "Npy.read");
        try (NDArray a = Npy.read(f)) {
            assertArrayEquals(values, a.toDoubleArray());
        }
    }

    @Test
    void lenientFormsNumPyAcceptsAreRead() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        data.putInt(7).putInt(-8).putInt(9);
        String[] headers = {
            dict("'=i4'", "False", "(3,)"),
            dict("'|i4'", "False", "(3,)"),
            dict("'i4'", "False", "(3,)"),
            "{\"descr\": u'" + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "<" : ">")
                    + "i4', 'shape': (3L,), 'fortran_order': False}", // Python 2 style, any key order, no newline
            "\t{ 'shape' : ( 3 , ) ,'fortran_order':False,'descr':'" + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                    ? "<" : ">") + "i4' }  \n\n",
        };
        for (String h : headers) {
            for (int major = 1; major <= 3; major++) {
                byte[] img = npy(major, 0, h, data.array());
                byte[] withTrailing = Arrays.copyOf(img, img.length + 5); // bytes after the data are ignored
                try (NDArray a = Npy.read(file(withTrailing)); NDArray m = Npy.map(file(img));
                     NDArray s = Npy.read(new ByteArrayInputStream(img))) {
                    for (NDArray x : new NDArray[] {a, m, s}) {
                        assertEquals(DType.INT32, x.dtype(), h);
                        assertArrayEquals(new int[] {7, -8, 9}, x.toIntArray(), h);
                    }
                }
            }
        }
    }

    @Test
    void unpaddedHeaderGivesUnalignedButCorrectData() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        data.putDouble(2.5).putDouble(-3.25);
        String h = dict("'" + NpyHeader.descr(DType.FLOAT64) + "'", "False", "(2,)"); // data offset not a multiple of 8
        Path f = file(npy(1, 0, h, data.array()));
        try (NDArray r = Npy.read(f); NDArray m = Npy.map(f)) {
            assertArrayEquals(new double[] {2.5, -3.25}, r.toDoubleArray());
            assertArrayEquals(new double[] {2.5, -3.25}, m.toDoubleArray());
        }
    }

    // ------------------------------------------------------------------------------------------
    // npz
    // ------------------------------------------------------------------------------------------

    private static byte[] zip(boolean deflate, Object... nameContent) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            for (int i = 0; i < nameContent.length; i += 2) {
                byte[] c = (byte[]) nameContent[i + 1];
                ZipEntry e = new ZipEntry((String) nameContent[i]);
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(c);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(c.length);
                    e.setCompressedSize(c.length);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(c);
                z.closeEntry();
            }
        }
        return bo.toByteArray();
    }

    private static byte[] goodNpy() throws IOException {
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 1000, 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            return out.toByteArray();
        }
    }

    private Path npzFile(byte[] content) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".npz");
        Files.write(f, content);
        return f;
    }

    @Test
    void notAZipArchive() throws Exception {
        Path f = npzFile("this is not a zip archive at all".getBytes(StandardCharsets.US_ASCII));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(f), f.toString(), "not a valid zip archive");
        byte[] good = zip(false, "a.npy", goodNpy(), "b.npy", goodNpy());
        Path cut = npzFile(Arrays.copyOf(good, good.length / 2));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(cut), "not a valid zip archive");
    }

    @Test
    void entriesMustBeNpyFiles() throws Exception {
        Path f = npzFile(zip(true, "a.npy", goodNpy(), "notes.txt", "hello".getBytes(StandardCharsets.US_ASCII)));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(f), "entry 'notes.txt'", "not a .npy file");
        Path d = npzFile(zip(false, "a.npy", goodNpy(), "sub/", new byte[0]));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(d), "entry 'sub/'", "not a .npy file");
        Path bad = npzFile(zip(false, "a.npy", goodNpy(), "b.npy", npy(1, 0, dict("'|O'", "False", "(1,)"), new byte[8])));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(bad), "entry 'b.npy'", "object arrays");
    }

    @Test
    void duplicateEntryNamesAreRefused() throws Exception {
        byte[] z = zip(false, "a.npy", goodNpy(), "b.npy", goodNpy());
        // rename b.npy to a.npy in the local header and the central directory (same length)
        byte[] from = "b.npy".getBytes(StandardCharsets.US_ASCII);
        int replaced = 0;
        for (int i = 0; i + from.length <= z.length; i++) {
            if (Arrays.equals(z, i, i + from.length, from, 0, from.length)) {
                z[i] = 'a';
                replaced++;
            }
        }
        assertEquals(2, replaced);
        Path f = npzFile(z);
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(f), "'a.npy' occurs more than once");
    }

    @Test
    void corruptEntryDataIsDetected() throws Exception {
        byte[] npy = goodNpy();
        byte[] z = zip(false, "a.npy", goodNpy(), "b.npy", npy);
        // flip a byte in the data of b.npy, found by its last 16 bytes
        byte[] tail = Arrays.copyOfRange(npy, npy.length - 16, npy.length);
        int at = -1;
        for (int i = z.length - tail.length; i >= 0; i--) {
            if (Arrays.equals(z, i, i + tail.length, tail, 0, tail.length)) {
                at = i;
                break;
            }
        }
        assertTrue(at > 0);
        z[at + 3] ^= 0x40;
        Path f = npzFile(z);
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(f), "entry 'b.npy'", "CRC-32");

        byte[] d = zip(true, "a.npy", npy);
        d[60] ^= 0x55; // inside the deflate stream
        Path g = npzFile(d);
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(g), "entry 'a.npy'");
    }

    @Test
    void entryClaimingMoreThanItCanHoldIsRefusedBeforeAllocating() throws Exception {
        byte[] claim = npy(1, 0, dict("'<f8'", "False", "(100000000000,)"), new byte[64]);
        Path stored = npzFile(zip(false, "x.npy", claim));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(stored), "entry 'x.npy'",
                "needs 800000000000 bytes", "only 64 follow");
        Path deflated = npzFile(zip(true, "x.npy", claim));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(deflated), "entry 'x.npy'",
                "needs 800000000000 bytes");
    }

    @Test
    void failedArchiveLeavesNoArraysBehindAndWriteLeavesNoFile() throws Exception {
        Path f = npzFile(zip(false, "a.npy", goodNpy(), "b.npy", goodNpy(), "c.npy", "junk".getBytes(StandardCharsets.US_ASCII)));
        assertFailsWithoutLeak(NpyFormatException.class, () -> Npz.read(f), "entry 'c.npy'", "not a .npy file");
        NDArray closed = NDArray.zeros(DType.INT8, 3);
        closed.close();
        Path out = dir.resolve("out.npz");
        try (NDArray ok = NDArray.zeros(DType.INT8, 3)) {
            assertFailsWithoutLeak(IllegalStateException.class,
                    () -> Npz.write(out, Map.of("ok", ok, "closed", closed)), "closed");
        }
        assertFalse(Files.exists(out));
    }
}
