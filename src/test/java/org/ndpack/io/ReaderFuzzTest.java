package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.Leaks;

/**
 * A seeded fuzz test of the readers: thousands of mutated {@code .npy} files and {@code .npz}
 * archives per run (bit flips, truncations, deletions, header text and length edits, zip field
 * edits), each read by every reader. Every outcome must be an array or an
 * {@link NpyFormatException} with a short message; no case may take longer than
 * {@link #CASE_LIMIT_MS}; no reader allocation may exceed what the input can hold (checked with
 * {@link NpyData#largestAllocation()}); native memory is back where it started afterwards.
 *
 * <p>The seed is fixed, so a failure repeats; {@code -Dndpack.fuzz.seed=N} explores others and
 * {@code -Dndpack.fuzz.cases=N} changes the number of cases of each kind. A failure names the
 * case and its input in hex.
 */
class ReaderFuzzTest {
    private static final long SEED = Long.getLong("ndpack.fuzz.seed", 0x15_2026L);
    private static final int CASES = Integer.getInteger("ndpack.fuzz.cases", 2500);
    private static final long CASE_LIMIT_MS = 2000;
    private static final int MAX_MESSAGE = 800;
    private static final byte[] MAGIC_PK = {'P', 'K'};

    @TempDir
    Path dir;

    /** What happened over a run, for the summary line. */
    private static final class Tally {
        int values;
        int refused;
        long slowestNanos;
        long largestAllocation;
    }

    // ------------------------------------------------------------------------------------------
    // Seeds
    // ------------------------------------------------------------------------------------------

    private static byte[] npyBytes(NDArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    private static List<byte[]> npySeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(SEED);
        DType[] types = {DType.FLOAT64, DType.INT16, DType.COMPLEX64, DType.BOOL, DType.UINT8, DType.FLOAT16};
        long[][] shapes = {{}, {0}, {7}, {3, 4}, {2, 3, 2}};
        for (DType t : types) {
            for (long[] shape : shapes) {
                try (NDArray a = IoTestSupport.random(t, r, shape)) {
                    seeds.add(npyBytes(a));
                }
            }
        }
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4); NDArray f = a.transpose()) {
            seeds.add(npyBytes(f)); // Fortran order
        }
        seeds.add(NpyBadFileTest.npy(2, 0, NpyBadFileTest.dict("'>i4'", "False", "(2, 2)"), new byte[16]));
        seeds.add(NpyBadFileTest.npy(3, 0, NpyBadFileTest.dict("'<c16'", "True", "(1, 2)"), new byte[32]));
        return seeds;
    }

    private List<byte[]> npzSeeds(List<byte[]> npy) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 40, 1); NDArray b = NDArray.zeros(DType.INT8, 2, 3)) {
            Map<String, NDArray> m = new LinkedHashMap<>();
            m.put("a", a);
            m.put("b", b);
            Path p = dir.resolve("seed.npz");
            Npz.write(p, m);
            seeds.add(Files.readAllBytes(p));
            Npz.writeCompressed(p, m);
            seeds.add(Files.readAllBytes(p));
        }
        seeds.add(ZipImage.build(ZipImage.stored("x.npy", npy.get(3)), ZipImage.deflated("y.npy", npy.get(8))));
        seeds.add(ZipImage.build(ZipImage.deflated("z.npy", npy.get(npy.size() - 1))));
        return seeds;
    }

    // ------------------------------------------------------------------------------------------
    // Mutations
    // ------------------------------------------------------------------------------------------

    private static final String[] TOKENS = {"9".repeat(45), "-1", "(", ")", ",", "'", "\"", "\\x", "\\", ":", "{", "}",
        "[", "]", "99999999999999999999", "9223372036854775807", "True", "None", "u'", "1L", " ", "\n", "\u00ff",
        "'descr'", "'shape'", "'<f8'", "'|O'", "(" .repeat(40), "0" .repeat(50) + "1"};

    private static byte[] flipBits(byte[] b, SplittableRandom r) {
        byte[] c = b.clone();
        for (int k = 1 + r.nextInt(8); k > 0 && c.length > 0; k--) {
            c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return c;
    }

    private static byte[] truncate(byte[] b, SplittableRandom r) {
        return Arrays.copyOf(b, r.nextInt(b.length + 1));
    }

    private static byte[] deleteSlice(byte[] b, SplittableRandom r) {
        if (b.length < 2) {
            return b;
        }
        int from = r.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + r.nextInt(16));
        byte[] c = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, to, c, from, b.length - to);
        return c;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] c = new byte[b.length + what.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(what, 0, c, at, what.length);
        System.arraycopy(b, at, c, at + what.length, b.length - at);
        return c;
    }

    /** Edits the header text of a .npy image (at {@code start}): a token inserted or a char replaced. */
    private static byte[] headerEdit(byte[] b, int start, SplittableRandom r) {
        if (b.length < start + 12) {
            return flipBits(b, r);
        }
        int lenBytes = b[start + 6] == 1 ? 2 : 4;
        int textStart = start + 8 + lenBytes;
        int end = Math.min(b.length, textStart + 200);
        int at = textStart + r.nextInt(Math.max(1, end - textStart));
        if (r.nextBoolean()) {
            return insert(b, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] c = b.clone();
        String chars = "'\"(),:{}[]-0123456789 LTFN\\\n";
        c[at] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : (byte) chars.charAt(r.nextInt(chars.length()));
        return c;
    }

    /** Sets the .npy header length field (at {@code start}) to an edge value. */
    private static byte[] lengthEdit(byte[] b, int start, SplittableRandom r) {
        if (b.length < start + 12) {
            return truncate(b, r);
        }
        byte[] c = b.clone();
        ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        boolean two = c[start + 6] == 1;
        long old = two ? bb.getShort(start + 8) & 0xffff : bb.getInt(start + 8) & 0xffffffffL;
        long[] picks = {0, 1, old - 1, old + 1, old * 2, 10_000, 10_001, 0xffff, 0xffffffffL, r.nextLong()};
        long v = picks[r.nextInt(picks.length)];
        if (two) {
            bb.putShort(start + 8, (short) v);
        } else {
            bb.putInt(start + 8, (int) v);
        }
        return c;
    }

    private static byte[] mutateNpy(byte[] seed, SplittableRandom r) {
        byte[] b = seed;
        for (int k = 1 + (r.nextInt(4) == 0 ? 1 : 0); k > 0; k--) {
            b = switch (r.nextInt(6)) {
                case 0 -> flipBits(b, r);
                case 1 -> truncate(b, r);
                case 2 -> deleteSlice(b, r);
                case 3, 4 -> headerEdit(b, 0, r);
                default -> lengthEdit(b, 0, r);
            };
        }
        return b;
    }

    /** Offsets of the zip records (local headers, central directory entries, end record). */
    private static List<int[]> zipRecords(byte[] z) {
        List<int[]> recs = new ArrayList<>();
        for (int i = 0; i + 4 <= z.length; i++) {
            if (z[i] == MAGIC_PK[0] && z[i + 1] == MAGIC_PK[1]) {
                int kind = z[i + 2] * 16 + z[i + 3];
                if (kind == 0x34 || kind == 0x12 || kind == 0x56) {
                    recs.add(new int[] {i, kind});
                }
            }
        }
        return recs;
    }

    /** Fields of each record kind: offset and width. */
    private static final int[][] LOCAL_FIELDS = {{8, 2}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}};
    private static final int[][] CENTRAL_FIELDS = {{10, 2}, {16, 4}, {20, 4}, {24, 4}, {28, 2}, {30, 2}, {32, 2},
        {42, 4}};
    private static final int[][] END_FIELDS = {{8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}};

    private static byte[] zipFieldEdit(byte[] z, SplittableRandom r) {
        List<int[]> recs = zipRecords(z);
        if (recs.isEmpty()) {
            return flipBits(z, r);
        }
        int[] rec = recs.get(r.nextInt(recs.size()));
        int[][] fields = rec[1] == 0x34 ? LOCAL_FIELDS : rec[1] == 0x12 ? CENTRAL_FIELDS : END_FIELDS;
        int[] f = fields[r.nextInt(fields.length)];
        int at = rec[0] + f[0];
        if (at + f[1] > z.length) {
            return z;
        }
        byte[] c = z.clone();
        ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        long old = f[1] == 2 ? bb.getShort(at) & 0xffff : bb.getInt(at) & 0xffffffffL;
        long[] picks = {0, 1, old - 1, old + 1, old * 2, old * 1000, 0xffff, 0xffffffffL, 12L << 20, r.nextLong()};
        long v = picks[r.nextInt(picks.length)];
        if (f[1] == 2) {
            bb.putShort(at, (short) v);
        } else {
            bb.putInt(at, (int) v);
        }
        return c;
    }

    /** Finds a stored .npy inside an archive and edits its header. */
    private static byte[] npyInZipEdit(byte[] z, SplittableRandom r) {
        for (int i = 0; i + 6 <= z.length; i++) {
            if (z[i] == (byte) 0x93 && z[i + 1] == 'N' && z[i + 2] == 'U') {
                return r.nextBoolean() ? headerEdit(z, i, r) : lengthEdit(z, i, r);
            }
        }
        return flipBits(z, r);
    }

    private static byte[] mutateNpz(byte[] seed, SplittableRandom r) {
        byte[] b = seed;
        for (int k = 1 + (r.nextInt(4) == 0 ? 1 : 0); k > 0; k--) {
            b = switch (r.nextInt(7)) {
                case 0 -> flipBits(b, r);
                case 1 -> truncate(b, r);
                case 2 -> deleteSlice(b, r);
                case 3, 4 -> zipFieldEdit(b, r);
                case 5 -> npyInZipEdit(b, r);
                default -> insert(b, r.nextInt(b.length + 1), new byte[1 + r.nextInt(8)]);
            };
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------
    // Running
    // ------------------------------------------------------------------------------------------

    /** Runs one reader on one input and checks the outcome, time and allocation. */
    private static void attempt(Tally tally, String what, byte[] input, long allocationBound, Callable<Object> read) {
        NpyData.resetLargest();
        long t0 = System.nanoTime();
        try {
            Object v = read.call();
            if (v instanceof NDArray a) {
                a.close();
            } else if (v instanceof Map<?, ?> m) {
                for (Object x : m.values()) {
                    ((NDArray) x).close();
                }
            }
            tally.values++;
        } catch (NpyFormatException e) {
            String m = e.getMessage();
            if (m == null || m.length() > MAX_MESSAGE) {
                fail(what + ": message of " + (m == null ? "null" : m.length() + " characters") + " for input "
                        + hex(input));
            }
            tally.refused++;
        } catch (Throwable t) {
            AssertionError f = new AssertionError(what + ": " + t + " (not an NpyFormatException) for input "
                    + hex(input));
            f.initCause(t);
            throw f;
        }
        long dt = System.nanoTime() - t0;
        tally.slowestNanos = Math.max(tally.slowestNanos, dt);
        assertTrue(dt < CASE_LIMIT_MS * 1_000_000, what + " took " + dt / 1_000_000 + " ms for input " + hex(input));
        long largest = NpyData.largestAllocation();
        tally.largestAllocation = Math.max(tally.largestAllocation, largest);
        assertTrue(largest <= allocationBound, what + " allocated " + largest + " bytes (bound " + allocationBound
                + ") for input " + hex(input));
    }

    private static String hex(byte[] b) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 256));
        return h + (b.length > 256 ? "... (" + b.length + " bytes)" : "");
    }

    /** The most a reader may allocate for an input of {@code n} bytes: what a file can hold, or
     * a stream's first chunk. */
    private static long bound(long n) {
        return Math.max(NpyData.FIRST_CHUNK, n);
    }

    private static void summary(String kind, int cases, Tally t) {
        System.out.printf("reader fuzz %s: seed %d, %d cases, %d values, %d refused, slowest %.1f ms, largest"
                + " allocation %d bytes%n", kind, SEED, cases, t.values, t.refused, t.slowestNanos / 1e6,
                t.largestAllocation);
    }

    @Test
    void mutatedNpyFilesGiveAValueOrAFormatError() throws Exception {
        long before = Leaks.settledLiveBytes();
        List<byte[]> seeds = npySeeds();
        SplittableRandom r = new SplittableRandom(SEED);
        Path f = dir.resolve("case.npy");
        Tally tally = new Tally();
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutateNpy(seeds.get(r.nextInt(seeds.size())), r);
            String what = "npy case " + i + " (seed " + SEED + ")";
            attempt(tally, what + " stream", input, bound(input.length),
                    () -> Npy.read(new ByteArrayInputStream(input)));
            if (i % 4 == 0) {
                Files.write(f, input);
                attempt(tally, what + " file", input, input.length, () -> Npy.read(f));
                attempt(tally, what + " map", input, 0, () -> Npy.map(f));
            }
        }
        summary("npy", CASES, tally);
        assertTrue(tally.refused > CASES / 4 && tally.values > 0, "the mutations reach both outcomes");
        assertEquals(before, Leaks.settledLiveBytes(), "native memory left behind");
    }

    @Test
    void mutatedNpzArchivesGiveArraysOrAFormatError() throws Exception {
        long before = Leaks.settledLiveBytes();
        SplittableRandom r = new SplittableRandom(SEED + 1);
        List<byte[]> seeds = npzSeeds(npySeeds());
        Path f = dir.resolve("case.npz");
        Tally tally = new Tally();
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutateNpz(seeds.get(r.nextInt(seeds.size())), r);
            Files.write(f, input);
            attempt(tally, "npz case " + i + " (seed " + (SEED + 1) + ")", input, bound(input.length),
                    () -> Npz.read(f));
        }
        summary("npz", CASES, tally);
        assertTrue(tally.refused > CASES / 4 && tally.values > 0, "the mutations reach both outcomes");
        assertEquals(before, Leaks.settledLiveBytes(), "native memory left behind");
    }
}
