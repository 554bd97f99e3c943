package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code square} runs multiply's kernel with the element twice: the same bits as {@code x * x}
 * of the element function, on floats with NaNs, signed zeros, infinities and overflow, on
 * wrapping integers, and on float16 (rounded once from the exact product), contiguous and
 * strided. Tagged {@code kernels}.
 */
@Tag("kernels")
class SquareRouteTest {
    @Test
    void squareIsTheProductOfAnElementWithItself() {
        Random r = new Random(21);
        int n = 1001;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 9 == 0 ? Double.NaN : i % 10 == 0 ? -0.0 : i % 11 == 0 ? 1e200 : r.nextGaussian() * 1e3;
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16}) {
            try (NDArray d = NDArray.of(v); NDArray a = d.astype(t); NDArray s = a.square();
                    NDArray st = a.slice("::3"); NDArray ss = st.square()) {
                assertEquals(t, s.dtype());
                for (int i = 0; i < n; i++) {
                    double x = a.getDouble(i);
                    double want = t == DType.FLOAT32 ? (float) (x * x) : t == DType.FLOAT16 ? Float.float16ToFloat(
                            Float.floatToFloat16((float) (x * x))) : x * x;
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(s.getDouble(i)), t + " at " + i);
                    if (i % 3 == 0) {
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(ss.getDouble(i / 3)),
                                t + " strided at " + i);
                    }
                }
            }
        }
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextLong() >> r.nextInt(64);
        }
        for (DType t : new DType[] {DType.INT8, DType.INT32, DType.INT64, DType.UINT16}) {
            try (NDArray a = NDArray.of(w).astype(t); NDArray s = a.square()) {
                long[] x = a.toLongArray();
                long[] got = s.toLongArray();
                for (int i = 0; i < n; i++) {
                    long want;
                    switch (t) {
                        case INT8 -> want = (byte) (x[i] * x[i]);
                        case INT32 -> want = (int) (x[i] * x[i]);
                        case UINT16 -> want = (x[i] * x[i]) & 0xFFFF;
                        default -> want = x[i] * x[i];
                    }
                    assertEquals(want, got[i], t + " at " + i);
                }
            }
        }
    }
}
