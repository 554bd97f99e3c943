package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.io.Npy;

/**
 * The float8 dtypes against an oracle written here from the formats' definitions, independently of
 * the library's codec: a decoder by the textbook formula (and, for e5m2, the JDK's float16 decoder,
 * e5m2 being the upper byte of a float16), and an encoder that searches all 256 patterns for the
 * nearest value with ties to the even pattern, the overflow rules being a virtual pattern past the
 * largest finite one (NaN for e4m3fn, as PyTorch's non-saturating cast; infinity for e5m2).
 * No NumPy, ml_dtypes or PyTorch with float8 is needed (Debian's PyTorch 1.13 predates them);
 * the torch integration compares with libtorch 2.10 where it is present.
 */
class Float8Test {
    /** The format's definition: exponent bits, fraction bits, IEEE-like specials or "fn" (finite + NaN). */
    record Fmt(DType dtype, int e, int m, boolean ieee) {
        int bias() {
            return (1 << (e - 1)) - 1;
        }

        double decode(int b) {
            int s = b >> 7 & 1;
            int ex = b >> m & ((1 << e) - 1);
            int fr = b & ((1 << m) - 1);
            double mag;
            if (ieee && ex == (1 << e) - 1) {
                mag = fr == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
            } else if (!ieee && ex == (1 << e) - 1 && fr == (1 << m) - 1) {
                mag = Double.NaN;
            } else if (ex == 0) {
                mag = fr / (double) (1 << m) * Math.pow(2, 1 - bias());
            } else {
                mag = (1 + fr / (double) (1 << m)) * Math.pow(2, ex - bias());
            }
            return s == 1 ? -mag : mag;
        }

        int maxFiniteCode() {
            return ieee ? 0x7b : 0x7e;
        }

        /** The pattern nearest to {@code x}, ties to the even pattern, by search. */
        int encode(double x) {
            if (Double.isNaN(x)) {
                return 0x7f | (Double.doubleToRawLongBits(x) < 0 ? 0x80 : 0);
            }
            int sign = Double.doubleToRawLongBits(x) < 0 ? 0x80 : 0;
            double a = Math.abs(x);
            int overflow = ieee ? 0x7c : 0x7f;
            // the value the next pattern after the largest finite one would have in an unbounded format
            double top = decode(maxFiniteCode());
            double virtual = top + (top - decode(maxFiniteCode() - 1));
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c <= maxFiniteCode() + 1; c++) {
                double v = c == maxFiniteCode() + 1 ? virtual : decode(c);
                double d = Math.abs(a - v);
                if (d < bestD || (d == bestD && (c & 1) == 0)) {
                    best = c;
                    bestD = d;
                }
            }
            if (a > virtual) {
                best = overflow;
            }
            return sign | (best == maxFiniteCode() + 1 ? overflow : best);
        }
    }

    static final Fmt E4M3FN = new Fmt(DType.FLOAT8_E4M3FN, 4, 3, false);
    static final Fmt E5M2 = new Fmt(DType.FLOAT8_E5M2, 5, 2, true);

    static Fmt fmt(DType t) {
        return t == DType.FLOAT8_E4M3FN ? E4M3FN : E5M2;
    }

    private static NDArray fromBits(DType t, int[] bits) {
        NDArray a = NDArray.zeros(t, bits.length);
        MemorySegment s = impl(a).memory.segment;
        for (int i = 0; i < bits.length; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) bits[i]);
        }
        return a;
    }

    private static int bits(NDArray a, int i) {
        return impl(a).memory.segment.get(ValueLayout.JAVA_BYTE, impl(a).offset + i) & 0xff;
    }

    private static void assertSameValue(double expect, double got, String what) {
        if (Double.isNaN(expect)) {
            assertTrue(Double.isNaN(got), what + ": expected NaN, got " + got);
        } else {
            assertEquals(expect, got, 0.0, what);
            assertEquals(Double.doubleToRawLongBits(expect) < 0, Double.doubleToRawLongBits(got) < 0, what + " sign");
        }
    }

    @Test
    void formatsAreWhatTheirDefinitionsSay() {
        assertEquals(448.0, E4M3FN.decode(0x7e));
        assertEquals(Math.pow(2, -9), E4M3FN.decode(0x01));
        assertEquals(1.0, E4M3FN.decode(0x38));
        assertEquals(57344.0, E5M2.decode(0x7b));
        assertEquals(Math.pow(2, -16), E5M2.decode(0x01));
        assertEquals(Double.NEGATIVE_INFINITY, E5M2.decode(0xfc));
        for (int b = 0; b < 256; b++) { // e5m2 is the upper byte of a float16 (the JDK decodes those)
            assertSameValue(Float.float16ToFloat((short) (b << 8)), E5M2.decode(b), "e5m2 0x" + Integer.toHexString(b));
        }
        assertEquals(1, DType.FLOAT8_E4M3FN.byteSize());
        assertEquals(10, DType.FLOAT8_E4M3FN.dlpackCode());
        assertEquals(12, DType.FLOAT8_E5M2.dlpackCode());
        assertEquals(8, DType.FLOAT8_E5M2.dlpackBits());
        assertEquals(DType.FLOAT8_E4M3FN, DType.fromDLPack(10, 8));
        assertEquals(DType.FLOAT8_E5M2, DType.fromNumpyName("float8_e5m2"));
        assertNull(DType.FLOAT8_E4M3FN.numpyDescr());
        assertTrue(DType.FLOAT8_E4M3FN.isFloating() && DType.FLOAT8_E5M2.isFloat8() && !DType.FLOAT16.isFloat8());
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void everyBitPatternDecodesAsTheDefinitionSays(DType t) {
        int[] all = new int[256];
        for (int b = 0; b < 256; b++) {
            all[b] = b;
        }
        try (NDArray a = fromBits(t, all); NDArray f32 = a.astype(DType.FLOAT32); NDArray f64 = a.astype(DType.FLOAT64);
                NDArray f16 = a.astype(DType.FLOAT16); NDArray bf16 = a.astype(DType.BFLOAT16)) {
            for (int b = 0; b < 256; b++) {
                double expect = fmt(t).decode(b);
                String what = t + " 0x" + Integer.toHexString(b);
                assertSameValue(expect, a.getDouble(b), what + " getDouble");
                assertSameValue(expect, f32.getDouble(b), what + " astype float32");
                assertSameValue(expect, f64.getDouble(b), what + " astype float64");
                assertSameValue(expect, f16.getDouble(b), what + " astype float16 (exact)");
                assertSameValue(expect, bf16.getDouble(b), what + " astype bfloat16 (exact)");
                // and back: every value (NaN aside) returns to its own pattern from every float type
                if (!Double.isNaN(expect)) {
                    for (NDArray src : List.of(f32, f64, f16, bf16)) {
                        try (NDArray back = src.astype(t)) {
                            assertEquals(b, bits(back, b), what + " back from " + src.dtype());
                        }
                    }
                }
            }
        }
    }

    /** Every value the rounding can go wrong on: exact values, midpoints and their float32/float64 neighbours. */
    static double[] probes(Fmt f) {
        List<Double> p = new ArrayList<>();
        for (int c = 0; c <= f.maxFiniteCode(); c++) {
            double v = f.decode(c);
            double next = c == f.maxFiniteCode() ? 2 * v - f.decode(c - 1) : f.decode(c + 1);
            double mid = (v + next) / 2;
            for (double x : new double[] {v, mid, Math.nextUp(mid), Math.nextDown(mid),
                Math.nextUp((float) mid), Math.nextDown((float) mid), next * 1.5, mid * 4}) {
                p.add(x);
                p.add(-x);
            }
        }
        for (double x : new double[] {1e-30, Math.pow(2, -30), 1e30, Double.MAX_VALUE, Double.MIN_VALUE,
            Double.POSITIVE_INFINITY, 448, 464, 465, 479.99, 480, 57344, 61439, 61440, 65504, 65536}) {
            p.add(x);
            p.add(-x);
        }
        return p.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void roundingFromFloat64AndFloat32IsNearestEvenWithTheOverflowRule(DType t) {
        Fmt f = fmt(t);
        double[] x = probes(f);
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) x[i];
        }
        try (NDArray d = NDArray.of(x); NDArray fl = NDArray.of(xf); NDArray fromD = d.astype(t);
                NDArray fromF = fl.astype(t); NDArray set = NDArray.zeros(t, x.length)) {
            for (int i = 0; i < x.length; i++) {
                set.setDouble(x[i], i);
                assertEquals(f.encode(x[i]), bits(fromD, i), t + " from float64 " + x[i]);
                assertEquals(f.encode(x[i]), bits(set, i), t + " setDouble " + x[i]);
                assertEquals(f.encode(xf[i]), bits(fromF, i), t + " from float32 " + xf[i]);
            }
        }
    }

    @Test
    void overflowAndSpecialsFollowPyTorch() {
        double[] x = {448, 464, 464.5, 480, 1e6, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -500};
        try (NDArray a = NDArray.of(x).astype(DType.FLOAT8_E4M3FN)) {
            assertEquals(448.0, a.getDouble(0));
            assertEquals(448.0, a.getDouble(1), "464 is the midpoint: ties to even (448)");
            for (int i = 2; i < x.length; i++) {
                assertTrue(Double.isNaN(a.getDouble(i)), "e4m3fn has no infinity and does not saturate: " + x[i]);
            }
            assertEquals(0xff, bits(a, 8), "-500 gives the negative NaN S.1111.111");
        }
        try (NDArray a = NDArray.of(new double[] {57344, 61439, 61440, 1e9, -1e9, Double.NaN}).astype(DType.FLOAT8_E5M2)) {
            assertEquals(57344.0, a.getDouble(0));
            assertEquals(57344.0, a.getDouble(1));
            assertEquals(Double.POSITIVE_INFINITY, a.getDouble(2));
            assertEquals(Double.POSITIVE_INFINITY, a.getDouble(3));
            assertEquals(Double.NEGATIVE_INFINITY, a.getDouble(4));
            assertTrue(Double.isNaN(a.getDouble(5)));
        }
    }

    @Test
    void integersAndBoolConvertBothWays() {
        try (NDArray i = NDArray.of(new long[] {0, 1, -3, 17, 448, 449, 1000, Long.MAX_VALUE});
                NDArray e4 = i.astype(DType.FLOAT8_E4M3FN); NDArray e5 = i.astype(DType.FLOAT8_E5M2)) {
            for (int k = 0; k < 8; k++) {
                assertEquals(E4M3FN.encode(i.getLong(k)), bits(e4, k), "int64 " + i.getLong(k));
                assertEquals(E5M2.encode(i.getLong(k)), bits(e5, k), "int64 " + i.getLong(k));
            }
            try (NDArray back = e5.astype(DType.INT32)) {
                assertEquals(-3, back.getLong(2));
                assertEquals(16, back.getLong(3), "17 rounds to 16 in e5m2 (2 fraction bits)");
            }
        }
        try (NDArray b = NDArray.of(new boolean[] {true, false}).astype(DType.FLOAT8_E4M3FN)) {
            assertEquals(1.0, b.getDouble(0));
            assertEquals(0.0, b.getDouble(1));
            try (NDArray bb = b.astype(DType.BOOL)) {
                assertTrue(bb.getBoolean(0));
            }
        }
    }

    @Test
    void arithmeticRoundsTheExactResultOnceToTheFloat8Type() {
        // every pair of e4m3fn values 0x00..0x7e: add, multiply and divide compared with the oracle
        int n = 0x7f;
        double[] v = new double[n];
        for (int c = 0; c < n; c++) {
            v[c] = E4M3FN.decode(c);
        }
        try (NDArray a = NDArray.of(v).astype(DType.FLOAT8_E4M3FN).reshape(n, 1);
                NDArray b = NDArray.of(v).astype(DType.FLOAT8_E4M3FN).reshape(1, n);
                NDArray sum = a.add(b); NDArray prod = a.mul(b); NDArray neg = a.neg()) {
            assertEquals(DType.FLOAT8_E4M3FN, sum.dtype());
            for (int i = 0; i < n; i++) {
                assertEquals(0x80 | i, bits(neg, i) | (i == 0 ? 0x80 : 0), "negative flips the sign bit");
                for (int j = 0; j < n; j++) {
                    assertEquals(E4M3FN.encode(v[i] + v[j]), bits(sum, i * n + j), v[i] + " + " + v[j]);
                    assertEquals(E4M3FN.encode(v[i] * v[j]), bits(prod, i * n + j), v[i] + " * " + v[j]);
                }
            }
        }
        try (NDArray a = NDArray.of(new double[] {1, 2, 3}).astype(DType.FLOAT8_E5M2); NDArray s = a.sqrt();
                NDArray w = a.add(1.5)) {
            assertEquals(DType.FLOAT8_E5M2, s.dtype());
            assertEquals(E5M2.decode(E5M2.encode(Math.sqrt(3))), s.getDouble(2));
            assertEquals(DType.FLOAT8_E5M2, w.dtype(), "a Java scalar does not widen");
            assertEquals(4.0, w.getDouble(2), "3 + 1.5 = 4.5 rounds to 4 in e5m2");
        }
    }

    @Test
    void promotionIsDocumented() {
        DType e4 = DType.FLOAT8_E4M3FN;
        DType e5 = DType.FLOAT8_E5M2;
        try (NDArray a = NDArray.zeros(e4, 2); NDArray b = NDArray.zeros(e5, 2); NDArray h = NDArray.zeros(DType.FLOAT16, 2);
                NDArray bf = NDArray.zeros(DType.BFLOAT16, 2); NDArray f = NDArray.zeros(DType.FLOAT32, 2);
                NDArray i8 = NDArray.zeros(DType.INT8, 2); NDArray i16 = NDArray.zeros(DType.INT16, 2);
                NDArray bo = NDArray.zeros(DType.BOOL, 2)) {
            assertEquals(DType.FLOAT16, a.add(b).dtype(), "e4m3fn + e5m2");
            assertEquals(DType.FLOAT16, a.add(h).dtype());
            assertEquals(DType.BFLOAT16, b.add(bf).dtype());
            assertEquals(DType.FLOAT32, a.add(f).dtype());
            assertEquals(DType.FLOAT16, a.add(i8).dtype(), "as int8 + float16");
            assertEquals(DType.FLOAT32, b.add(i16).dtype());
            assertEquals(e4, a.add(bo).dtype());
            assertEquals(e4, a.add(a).dtype());
        }
    }

    @Test
    void reprPrintsTheValuesAsFloat16Does() {
        try (NDArray a = NDArray.of(new double[] {1, 0.1, -448, 1000}).astype(DType.FLOAT8_E4M3FN);
                NDArray h = NDArray.of(new double[] {1, 0.1015625, -448, Double.NaN}).astype(DType.FLOAT16)) {
            String r = a.toString();
            assertTrue(r.endsWith("dtype=float8_e4m3fn)"), r);
            // the same digits; the longer dtype name may move "dtype=" to its own line, as NumPy does
            assertEquals(h.toString().replace("float16", "float8_e4m3fn").replaceAll("\\s+", " "), r.replaceAll("\\s+", " "));
        }
    }

    @Test
    void uniformDrawsFloat8ValuesInsideTheRange() {
        try (NDArray a = Generator.seeded(7).uniform(DType.FLOAT8_E4M3FN, -1, 1, 1000);
                NDArray b = Generator.seeded(7).uniform(DType.FLOAT8_E4M3FN, 0, 1000, 100)) {
            for (int i = 0; i < 1000; i++) {
                double v = a.getDouble(i);
                assertTrue(v >= -1 && v < 1, "value " + v);
            }
            for (int i = 0; i < 100; i++) {
                double v = b.getDouble(i);
                assertTrue(v >= 0 && v <= 448, "beyond e4m3fn's range the largest finite value is the top: " + v);
            }
        }
    }

    @Test
    void npyRefusesFloat8NamingTheDType(@TempDir Path dir) {
        for (DType t : new DType[] {DType.FLOAT8_E4M3FN, DType.FLOAT8_E5M2}) {
            Path p = dir.resolve(t + ".npy");
            try (NDArray a = NDArray.zeros(t, 3)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.write(p, a));
                assertTrue(e.getMessage().contains(t.numpyName()) && e.getMessage().contains("NumPy has no"),
                        e.getMessage());
            }
            assertTrue(!Files.exists(p), "nothing written");
        }
    }
}
