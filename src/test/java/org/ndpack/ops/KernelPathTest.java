package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.kernel.VectorSupport;

/**
 * Proves which kernel path a test run exercises (the build runs the "kernels" tests with and
 * without the Vector API module) and checks, on either path, the exact bits of the operations
 * whose vector and portable forms must agree, against a plain Java reference.
 */
@Tag("kernels")
class KernelPathTest {

    @Test
    void theRunUsesThePathTheBuildAskedFor() {
        String expect = System.getProperty("ndpack.test.expectVector");
        Assumptions.assumeTrue(expect != null, "ndpack.test.expectVector not set (not run by the Maven build)");
        assertEquals(Boolean.parseBoolean(expect), VectorSupport.ENABLED,
                "VectorSupport.ENABLED under this surefire execution");
    }

    @Test
    void float32ArithmeticIsBitExactJavaFloatArithmetic() {
        Random r = new Random(5);
        int n = 1037;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = Float.intBitsToFloat(r.nextInt());
            y[i] = i % 17 == 0 ? 0f : Float.intBitsToFloat(r.nextInt());
        }
        NDArray a = NDArray.of(x);
        NDArray b = NDArray.of(y);
        float[] add = a.add(b).toFloatArray();
        float[] sub = a.sub(b).toFloatArray();
        float[] mul = a.mul(b).toFloatArray();
        float[] div = a.div(b).toFloatArray();
        float[] max = a.maximum(b).toFloatArray();
        float[] sqrt = a.abs().sqrt().toFloatArray();
        // floatToIntBits folds every NaN to one pattern: which operand's payload wins is unspecified
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(x[i] + y[i]), Float.floatToIntBits(add[i]), "add " + i);
            assertEquals(Float.floatToIntBits(x[i] - y[i]), Float.floatToIntBits(sub[i]), "sub " + i);
            assertEquals(Float.floatToIntBits(x[i] * y[i]), Float.floatToIntBits(mul[i]), "mul " + i);
            assertEquals(Float.floatToIntBits(x[i] / y[i]), Float.floatToIntBits(div[i]), "div " + i);
            assertEquals(Float.floatToIntBits(Math.max(x[i], y[i])), Float.floatToIntBits(max[i]), "max " + i);
            assertEquals(Float.floatToIntBits((float) Math.sqrt(Math.abs(x[i]))), Float.floatToIntBits(sqrt[i]), "sqrt " + i);
        }
    }

    @Test
    void float16ArithmeticRoundsOnceLikeJava() {
        Random r = new Random(6);
        int n = 4099;
        short[] x = new short[n];
        short[] y = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) r.nextInt();
            y[i] = (short) r.nextInt();
        }
        NDArray a = NDArray.of(x).astype(DType.INT16);
        NDArray ha = bitsAsHalf(x);
        NDArray hb = bitsAsHalf(y);
        short[] add = halfBits(ha.add(hb));
        short[] mul = halfBits(ha.mul(hb));
        for (int i = 0; i < n; i++) {
            float fx = Float.float16ToFloat(x[i]);
            float fy = Float.float16ToFloat(y[i]);
            assertSameHalf(Float.floatToFloat16(fx + fy), add[i], "add " + i);
            assertSameHalf(Float.floatToFloat16(fx * fy), mul[i], "mul " + i);
        }
        assertEquals(n, a.size());
    }

    @Test
    void float16FourOperationsRoundOnceOnEveryLayout() {
        Random r = new Random(7);
        int n = 3001;
        short[] x = new short[n];
        short[] y = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) r.nextInt();
            y[i] = i % 13 == 0 ? 0 : (short) r.nextInt();
        }
        NDArray ha = bitsAsHalf(x);
        NDArray hb = bitsAsHalf(y);
        NDArray one = hb.slice("5:6"); // broadcast: stride 0 against ha
        NDArray strided = ha.slice("::2");
        for (int op = 0; op < 4; op++) {
            short[] same = halfBits(apply(op, ha, hb));
            short[] scalar = halfBits(apply(op, ha, one));
            short[] every = halfBits(apply(op, strided, strided));
            for (int i = 0; i < n; i++) {
                float fx = Float.float16ToFloat(x[i]);
                assertSameHalf(Float.floatToFloat16(apply(op, fx, Float.float16ToFloat(y[i]))), same[i], op + " at " + i);
                assertSameHalf(Float.floatToFloat16(apply(op, fx, Float.float16ToFloat(y[5]))), scalar[i],
                        op + " by a scalar at " + i);
                if (i % 2 == 0) {
                    assertSameHalf(Float.floatToFloat16(apply(op, fx, fx)), every[i / 2], op + " strided at " + i);
                }
            }
        }
    }

    private static NDArray apply(int op, NDArray a, NDArray b) {
        return switch (op) {
            case 0 -> a.add(b);
            case 1 -> a.sub(b);
            case 2 -> a.mul(b);
            default -> a.div(b);
        };
    }

    private static float apply(int op, float a, float b) {
        return switch (op) {
            case 0 -> a + b;
            case 1 -> a - b;
            case 2 -> a * b;
            default -> a / b;
        };
    }

    @Test
    void integerAddWrapsAndComparisonsMatchOnEveryWidth() {
        for (DType t : new DType[] {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.UINT32,
            DType.INT64, DType.UINT64}) {
            long[] v = new long[77];
            Random r = new Random(t.ordinal());
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextLong();
            }
            NDArray a = NDArray.of(t, v);
            NDArray b = a.slice("::-1").copy();
            long[] x = a.toLongArray();
            long[] y = b.toLongArray();
            long[] sum = a.add(b).toLongArray();
            boolean[] lt = a.lt(b).toBooleanArray();
            int bits = t.byteSize() * 8;
            for (int i = 0; i < v.length; i++) {
                long s = x[i] + y[i];
                long want = bits == 64 ? s : t.isUnsigned() ? s & ((1L << bits) - 1) : (s << (64 - bits)) >> (64 - bits);
                assertEquals(want, sum[i], t + " add " + i);
                boolean less = t == DType.UINT64 ? Long.compareUnsigned(x[i], y[i]) < 0 : x[i] < y[i];
                assertEquals(less, lt[i], t + " lt " + i);
            }
        }
    }

    /** Same bits, except that any NaN matches any NaN (which operand's payload wins is unspecified). */
    private static void assertSameHalf(short want, short got, String what) {
        if (Float.isNaN(Float.float16ToFloat(want)) && Float.isNaN(Float.float16ToFloat(got))) {
            return;
        }
        assertEquals(want, got, what);
    }

    private static NDArray bitsAsHalf(short[] bits) {
        NDArray h = NDArray.zeros(DType.FLOAT16, bits.length);
        for (int i = 0; i < bits.length; i++) {
            h.setDouble(Float.float16ToFloat(bits[i]), i);
        }
        return h;
    }

    private static short[] halfBits(NDArray h) {
        short[] r = new short[(int) h.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Float.floatToFloat16((float) h.getDouble(i));
        }
        return r;
    }

    @Test
    void smallAndOddSizesHitVectorBodiesAndTails() {
        for (int n = 0; n < 70; n++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = i;
            }
            NDArray a = NDArray.of(v);
            double[] r = a.mul(a).add(1.0).toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(i * (double) i + 1, r[i]);
            }
            assertArrayEquals(a.toDoubleArray(), a.exp().log().toDoubleArray(), 1e-12 * n);
        }
    }
}
