package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reductions and matrix products on the float8 types. The operands are small integers, which
 * both float8 formats and float32 hold exactly, and every partial result fits float32 exactly: so
 * each float8 result must equal the float32 computation of the same values rounded once to the
 * float8 type (the documented rule), bit for bit.
 */
class Float8ReductionTest {

    private static NDArray ints(DType t, SplittableRandom r, long... shape) {
        int n = 1;
        for (long e : shape) {
            n *= (int) e;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(-6, 7);
        }
        try (NDArray f = NDArray.of(v, shape)) {
            return f.astype(t);
        }
    }

    /** {@code viaF32} computed on float32 and rounded once to {@code t}, bit for bit equal to {@code direct}. */
    private static void assertSame(String what, DType t, NDArray direct, NDArray viaF32) {
        try (direct; viaF32; NDArray want = viaF32.dtype() == DType.FLOAT32 ? viaF32.astype(t) : viaF32.copy()) {
            assertEquals(want.dtype(), direct.dtype(), what + ": dtype");
            assertArrayEquals(want.shape(), direct.shape(), what + ": shape");
            try (NDArray a = direct.astype(DType.FLOAT64); NDArray b = want.astype(DType.FLOAT64)) {
                assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), what + " on " + t);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void reductionsRoundTheFloat32ResultOnce(DType t) {
        SplittableRandom r = new SplittableRandom(8);
        try (NDArray x = ints(t, r, 5, 7); NDArray f = x.astype(DType.FLOAT32)) {
            assertSame("sum", t, x.sum(), f.sum());
            assertSame("sum axis 0", t, x.sum(0), f.sum(0));
            assertSame("sum axis 1", t, x.sum(1), f.sum(1));
            assertSame("max", t, x.max(), f.max());
            assertSame("min axis 1", t, x.min(1), f.min(1));
            assertSame("cumsum axis 1", t, x.cumsum(1), f.cumsum(1));
            assertSame("argmax axis 0", t, x.argmax(0), f.argmax(0));
            assertSame("any", t, x.any(), f.any());
            assertSame("all axis 1", t, x.all(1), f.all(1));
            assertSame("Ufunc.MAXIMUM.accumulate", t, Ufunc.MAXIMUM.accumulate(x, 0), Ufunc.MAXIMUM.accumulate(f, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void matmulRoundsTheFloat32ProductOnce(DType t) {
        SplittableRandom r = new SplittableRandom(9);
        try (NDArray a = ints(t, r, 4, 3); NDArray b = ints(t, r, 3, 5);
                NDArray af = a.astype(DType.FLOAT32); NDArray bf = b.astype(DType.FLOAT32)) {
            assertSame("matmul", t, a.matmul(b), af.matmul(bf));
            try (NDArray bt = b.transpose(); NDArray btf = bf.transpose()) {
                assertSame("matmul of a transposed view", t, bt.matmul(a.transpose()), btf.matmul(af.transpose()));
            }
        }
    }
}
