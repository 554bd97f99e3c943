package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code astype} between float32, float64, int32 and int64 of a contiguous array takes
 * {@code FastCasts} (bulk copies around vectorised Java conversions); a strided view takes the
 * general cast kernels. Both must give the same bits for every pair, on the values where casts
 * differ: NaNs with payloads and sign bits, signed zeros, infinities, subnormals, halves, the
 * edges of int32 and int64 and beyond them, and integers past float32's and float64's exact range.
 * The main run takes the Vector API form ({@code CastVector}, with a tail), the portable run (tag
 * {@code kernels}) the heap-block route.
 */
@Tag("kernels")
class FastCastTest {
    private static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64};

    private static double[] floatValues(Random rnd) {
        double[] special = {Double.NaN, Double.longBitsToDouble(0xfff0000000000123L), Double.longBitsToDouble(0x7ff8dead00000001L),
            0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-40, -1e-40,
            0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0x1p31, -0x1p31, 0x1p31 - 1, -0x1p31 - 1, 3e9, -3e9, 0x1p63, -0x1p63, 1e19, -1e19,
            0x1p24 + 1, 0x1p53 + 2, 16777217.0, 1e300, -1e300, 3.4028235677973366e38, 3.4028236e38};
        double[] v = new double[5003];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < special.length ? special[i] : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(24) - 4);
        }
        return v;
    }

    private static long[] intValues(Random rnd) {
        long[] special = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE, Long.MIN_VALUE, (1L << 24) + 1, (1L << 53) + 1, (1L << 62) + 12345, -(1L << 40) - 3};
        long[] v = new long[5003];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < special.length ? special[i] : rnd.nextLong() >> rnd.nextInt(64);
        }
        return v;
    }

    /** The raw bits of element i of a 1-d array of one of the four types, as a long. */
    private static long bits(NDArray x, long i, DType t) {
        return switch (t) {
            case FLOAT32 -> Float.floatToRawIntBits((float) x.getDouble(i));
            case FLOAT64 -> Double.doubleToRawLongBits(x.getDouble(i));
            default -> x.getLong(i);
        };
    }

    /** bool to the four types: the contiguous route against the general kernels on a strided view. */
    @Test
    void boolSourcesEqualTheGeneralKernels() {
        Random rnd = new Random(32);
        boolean[] v = new boolean[5003];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextBoolean();
        }
        try (NDArray src = NDArray.of(v); NDArray pair = NDArray.stack(1, src, src); NDArray strided = pair.slice(":, 0")) {
            for (DType to : TYPES) {
                try (NDArray fast = src.astype(to); NDArray general = strided.astype(to)) {
                    for (long i = 0; i < v.length; i++) {
                        assertEquals(bits(general, i, to), bits(fast, i, to), "bool -> " + to + " element " + i);
                        assertEquals(v[(int) i] ? 1.0 : 0.0, fast.getDouble(i), "bool -> " + to + " element " + i);
                    }
                }
            }
        }
    }

    /**
     * A bool array holding bytes other than 0 and 1 (an .npy file of NumPy's {@code |b1} data is
     * not normalised): every non-zero byte converts to 1, as the general kernels and NumPy give.
     */
    @Test
    void boolBytesOtherThanOneConvertToOne() throws Exception {
        int n = 1003;
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) switch (i % 4) {
                case 0 -> 2;
                case 1 -> 255;
                case 2 -> 0;
                default -> 1;
            };
        }
        String dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (" + n + ",), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(data);
        try (NDArray b = org.ndpack.io.Npy.read(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(DType.BOOL, b.dtype());
            for (DType to : TYPES) {
                try (NDArray fast = b.astype(to)) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(data[i] != 0 ? 1.0 : 0.0, fast.getDouble(i), "bool byte " + data[i] + " -> " + to);
                    }
                }
            }
        }
    }

    @Test
    void contiguousCastsEqualTheGeneralKernels() {
        Random rnd = new Random(31);
        int pairs = 0;
        try (NDArray fv = NDArray.of(floatValues(rnd), 5003); NDArray iv = NDArray.of(intValues(rnd), 5003)) {
            for (DType from : TYPES) {
                // the source values, made by the general kernels from float64 or int64 (the
                // narrowing casts of the float64 NaNs keep their sign; float32 keeps what it can)
                NDArray base = from == DType.FLOAT32 || from == DType.FLOAT64 ? fv : iv;
                try (NDArray wide = NDArray.stack(1, base, base).slice(":, 0"); // a strided view
                        NDArray src = wide.astype(from).copy()) {
                    try (NDArray strided = NDArray.stack(1, src, src).slice(":, 0")) {
                        for (DType to : TYPES) {
                            if (to == from) {
                                continue;
                            }
                            try (NDArray fast = src.astype(to); NDArray general = strided.astype(to)) {
                                for (long i = 0; i < 5003; i++) {
                                    long e = i;
                                    assertEquals(bits(general, i, to), bits(fast, i, to),
                                            () -> from + " -> " + to + " element " + e + " of value " + src.getDouble(e));
                                }
                            }
                            pairs++;
                        }
                    }
                }
            }
        }
        assertEquals(12, pairs);
    }

    /** Large enough for the parallel split, at an offset into its memory. */
    @Test
    void largeOffsetRunsConvertEveryElement() {
        int n = 300_001;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i - 150_000.25;
        }
        try (NDArray d = NDArray.of(v, n); NDArray tail = d.slice("1:"); NDArray f = tail.astype(DType.INT32);
                NDArray back = f.astype(DType.FLOAT64)) {
            for (long i = 0; i < n - 1; i += 997) {
                assertEquals((int) (long) v[(int) i + 1], f.getLong(i));
                assertEquals((double) (int) (long) v[(int) i + 1], back.getDouble(i));
            }
            assertEquals((int) (long) v[n - 1], f.getLong(n - 2));
        }
    }
}
