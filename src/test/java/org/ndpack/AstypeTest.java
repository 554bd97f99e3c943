package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ndpack.testing.NumPy;

/**
 * {@link NDArray#astype} against NumPy for every pair of dtypes NumPy has, and the cases where
 * NumPy's result is the C compiler's (float to integer out of range, NaN) pinned to ndpack's rule.
 */
class AstypeTest {
    private static final EnumSet<DType> NUMPY_TYPES = EnumSet.complementOf(EnumSet.of(DType.BFLOAT16, DType.FLOAT8_E4M3FN, DType.FLOAT8_E5M2));

    /** Values every target type converts the same way in NumPy on every platform. */
    private static NDArray portableSource(DType t) {
        if (t.isBool()) {
            return NDArray.of(new boolean[] {true, false, true});
        }
        if (t.isInteger()) {
            long[] v = {0, 1, -1, 127, -128, 255, 256, 32767, -32768, 65535, 70000, Integer.MAX_VALUE,
                Integer.MIN_VALUE, 0xffffffffL, (1L << 53) + 1, Long.MIN_VALUE, Long.MAX_VALUE, 1234567891011L};
            return NDArray.of(t, v);
        }
        double[] v = {0, -0.0, 1.5, -1.5, 2.5, -2.5, 0.49999, 127.9, -128.9, 255.5, 300.7, -300.7, 65535.9,
            70000.25, -40000.5, 1e9, -2.1e9, 2.147e9, 1.0e-7, 3.14159265358979};
        if (t == DType.FLOAT16) { // keep values float16 can hold (max 65504): infinities are not portable
            v = java.util.Arrays.stream(v).filter(x -> Math.abs(x) < 65504).toArray();
        }
        NDArray a = NDArray.of(t, v);
        if (t.isComplex()) {
            for (int i = 0; i < v.length; i++) {
                a.setComplex(v[i], v.length - i - 0.5, i);
            }
        }
        return a;
    }

    @Test
    void everyPairMatchesNumPyOnPortableValues() {
        NumPy.require();
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        List<String> exprs = new ArrayList<>();
        List<NDArray> ours = new ArrayList<>();
        for (DType s : NUMPY_TYPES) {
            NDArray src = portableSource(s);
            inputs.put("x_" + s.numpyName(), src);
            for (DType t : NUMPY_TYPES) {
                boolean floatToNarrowInt = (s.isFloating() || s.isComplex()) && (t.isInteger());
                if (floatToNarrowInt && t.isUnsigned()) {
                    continue; // negative floats to unsigned: C undefined behaviour, pinned below
                }
                exprs.add("x_" + s.numpyName() + ".astype(np." + t.numpyName() + ")");
                ours.add(src.astype(t));
            }
        }
        List<NumPy.Result> res = NumPy.eval(inputs, "", exprs);
        for (int i = 0; i < exprs.size(); i++) {
            NDArray expect = res.get(i).get();
            assertEquals(expect.dtype(), ours.get(i).dtype(), exprs.get(i));
            assertEquals(expect, ours.get(i), exprs.get(i) + ": got " + ours.get(i) + " expected " + expect);
        }
    }

    @Test
    void floatsToUnsignedMatchNumPyInsideTheTargetRange() {
        NumPy.require();
        double[][] values = {
            {0, 0.7, 1.5, 254.9, 255.5},
            {0, 1.5, 256.2, 40000.7, 65535.9},
            {0, 65536.5, 2147483648.5, 4294967295.0},
            {0, 1e18, 9.3e18, 1.8e19}};
        DType[] targets = {DType.UINT8, DType.UINT16, DType.UINT32, DType.UINT64};
        for (int k = 0; k < targets.length; k++) {
            try (NDArray x = NDArray.of(values[k])) {
                NDArray expect = NumPy.eval1(NumPy.inputs("x", x), "x.astype(np." + targets[k].numpyName() + ")").get();
                assertEquals(expect, x.astype(targets[k]), "to " + targets[k]);
            }
        }
        // Outside the target's range NumPy's result is the C compiler's; ndpack keeps the low bits.
        try (NDArray x = NDArray.of(new double[] {256.5, 65535.9, -1.5})) {
            assertEquals(NDArray.of(DType.UINT8, new long[] {0, 255, 255}), x.astype(DType.UINT8));
        }
    }

    @Test
    void undefinedFloatToIntegerCasesFollowNdpacksRule() {
        // NumPy's results here are whatever the C compiler emits (INT_MIN on x86); ndpack defines them:
        // NaN -> 0; outside int64 saturate to Long.MIN/MAX, then keep the low bits of the target width.
        try (NDArray x = NDArray.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            1e30, -1e30, -1.5})) {
            assertEquals(NDArray.of(new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -1}),
                    x.astype(DType.INT64));
            assertEquals(NDArray.of(new int[] {0, -1, 0, -1, 0, -1}), x.astype(DType.INT32));
            assertEquals(NDArray.of(DType.UINT64, new long[] {0, -1, Long.MIN_VALUE, -1, Long.MIN_VALUE, -1}),
                    x.astype(DType.UINT64));
            assertEquals(NDArray.of(DType.UINT8, new long[] {0, 255, 0, 255, 0, 255}), x.astype(DType.UINT8));
            assertEquals(NDArray.of(new boolean[] {true, true, true, true, true, true}), x.astype(DType.BOOL),
                    "NaN is true, as in NumPy");
        }
    }

    /** Reference bfloat16 rounding: the nearer of the two bfloat16 neighbours (exact distances), ties to even. */
    private static float bfloat16Reference(float f) {
        int bits = Float.floatToRawIntBits(f);
        float down = Float.intBitsToFloat(bits & 0xffff0000);
        float up = Float.intBitsToFloat((bits & 0xffff0000) + 0x10000);
        double dd = Math.abs((double) f - down);
        double du = Math.abs((double) up - f);
        if (dd != du) {
            return dd < du ? down : up;
        }
        return ((bits >>> 16) & 1) == 0 ? down : up;
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        float[] v = new float[2000];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (i % 4) {
                case 0 -> (float) r.nextGaussian() * 1e3f;
                case 1 -> Float.intBitsToFloat(r.nextInt() & 0x7f7fffff); // any finite magnitude, subnormals too
                case 2 -> Float.intBitsToFloat((r.nextInt() & 0x7f7f0000) | 0x8000); // exact ties
                default -> -Float.intBitsToFloat(r.nextInt() & 0x3fffffff);
            };
        }
        float[] expect = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            expect[i] = bfloat16Reference(v[i]);
        }
        try (NDArray x = NDArray.of(v); NDArray b = x.astype(DType.BFLOAT16); NDArray back = b.astype(DType.FLOAT32)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expect, back.toFloatArray());
        }
    }
}
