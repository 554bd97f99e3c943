package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * {@code where(c, x, y)} element for element against the rule written out, for every element width
 * (1, 2, 4, 8 and 16 bytes), contiguous and strided, with a random condition (the select is
 * branch-free) whose true bytes include values other than 1 (an .npy file's raw {@code |b1}
 * bytes), with NaN payloads and signed zeros moved as bits. Tagged {@code kernels}.
 */
@Tag("kernels")
class WhereTest {
    @Test
    void everyWidthSelectsTheBitsOfTheChosenOperand() throws java.io.IOException {
        Random r = new Random(91);
        int n = 2051;
        byte[] cb = new byte[n];
        long[] xv = new long[n];
        long[] yv = new long[n];
        for (int i = 0; i < n; i++) {
            cb[i] = (byte) (r.nextBoolean() ? 0 : new int[] {1, 2, 255, 128}[r.nextInt(4)]);
            xv[i] = r.nextLong();
            yv[i] = r.nextLong();
        }
        try (NDArray c = BoolOpsTest.rawBools(cb); NDArray xl = NDArray.of(xv); NDArray yl = NDArray.of(yv)) {
            for (DType t : new DType[] {DType.BOOL, DType.INT8, DType.INT16, DType.FLOAT16, DType.INT32, DType.FLOAT32,
                DType.INT64, DType.FLOAT64, DType.UINT16}) {
                try (NDArray x = t == DType.FLOAT64 ? bitsAsDoubles(xv) : xl.astype(t);
                        NDArray y = t == DType.FLOAT64 ? bitsAsDoubles(yv) : yl.astype(t); NDArray w = NDArray.where(c, x, y);
                        NDArray cs = c.slice("::3"); NDArray xs = x.slice("::3"); NDArray ys = y.slice("1::3");
                        NDArray ws = NDArray.where(cs, xs, ys)) {
                    assertEquals(t, w.dtype());
                    for (int i = 0; i < n; i++) {
                        NDArray pick = cb[i] != 0 ? x : y;
                        assertEquals(bits(pick, i), bits(w, i), t + " at " + i + " (condition byte " + (cb[i] & 0xff) + ")");
                    }
                    for (int i = 0; i < ws.size(); i++) {
                        assertEquals(bits(cb[3 * i] != 0 ? xs : ys, i), bits(ws, i), t + " strided at " + i);
                    }
                }
            }
            try (NDArray x = xl.astype(DType.COMPLEX128); NDArray y = yl.astype(DType.COMPLEX128); NDArray w = NDArray.where(c, x, y)) {
                for (int i = 0; i < n; i++) {
                    assertEquals((cb[i] != 0 ? x : y).getDouble(i), w.getDouble(i), "complex128 at " + i);
                }
            }
        }
    }

    private static NDArray bitsAsDoubles(long[] bits) {
        double[] d = new double[bits.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.longBitsToDouble(i % 5 == 0 ? 0x7FF8_0000_0000_0000L | (bits[i] & 0xFFFF) : bits[i]);
        }
        return NDArray.of(d);
    }

    /** {@return element {@code i}'s bits} (doubles by their raw bits, so NaN payloads and -0.0 count) */
    private static long bits(NDArray a, int i) {
        return a.dtype() == DType.FLOAT64 ? Double.doubleToRawLongBits(a.getDouble(i))
                : a.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits((float) a.getDouble(i))
                : a.dtype().isFloating() ? Double.doubleToRawLongBits(a.getDouble(i)) : a.getLong(i);
    }
}
