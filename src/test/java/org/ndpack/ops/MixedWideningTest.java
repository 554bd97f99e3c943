package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * Arithmetic of operands whose loop is float64 but not their dtype (float32 with float64, int32
 * with float32 or float64, int64 with float64, true division of int32 or int64 arrays): contiguous
 * operands, and a contiguous one with a broadcast scalar, take the heap-run loop ({@code Loop2Mix}:
 * each chunk converted to float64 in the L1 cache); a strided view takes the mixed element loop.
 * All must give the bits of the rule written out: each operand converted to double by Java's
 * cast, then the double operation. Tagged {@code kernels}.
 */
@Tag("kernels")
class MixedWideningTest {
    @Test
    void mixedArithmeticMatchesTheWidenedRule() {
        Random r = new Random(61);
        int n = 1003;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 17 == 0 ? Double.NaN : i % 19 == 0 ? -0.0 : r.nextGaussian() * Math.pow(10, r.nextInt(30) - 10);
            y[i] = i % 23 == 0 ? 0.0 : r.nextGaussian() * 1e3 + (i % 29 == 0 ? 9.007199254740993E15 : 0);
        }
        DType[][] pairs = {{DType.FLOAT32, DType.FLOAT64}, {DType.FLOAT64, DType.FLOAT32}, {DType.INT32, DType.FLOAT32},
            {DType.INT32, DType.FLOAT64}, {DType.INT64, DType.FLOAT64}, {DType.FLOAT64, DType.INT64},
            {DType.INT32, DType.INT32}, {DType.INT64, DType.INT64}};
        for (DType[] p : pairs) {
            try (NDArray dx = NDArray.of(x); NDArray dy = NDArray.of(y); NDArray a2 = dx.astype(p[0]);
                    NDArray b2 = dy.astype(p[1]); NDArray a = a2.slice(":" + n); NDArray b = b2.slice(":" + n);
                    NDArray as = a2.slice("::2"); NDArray bs = b2.slice("::2")) {
                boolean ints = p[0] == p[1];
                for (String op : ints ? new String[] {"div"} : new String[] {"add", "sub", "mul", "div"}) {
                    try (NDArray c = apply(op, a, b); NDArray cs = apply(op, as, bs); NDArray b0 = b.slice("3:4");
                            NDArray c0 = apply(op, a, b0)) {
                        assertEquals(DType.FLOAT64, c.dtype(), p[0] + " " + op + " " + p[1]);
                        for (int i = 0; i < n; i++) {
                            double u = a.getDouble(i);
                            double v = b.getDouble(i);
                            double v0 = b.getDouble(3);
                            double want0 = switch (op) {
                                case "add" -> u + v0;
                                case "sub" -> u - v0;
                                case "mul" -> u * v0;
                                default -> u / v0;
                            };
                            assertEquals(Double.doubleToRawLongBits(want0), Double.doubleToRawLongBits(c0.getDouble(i)),
                                    p[0] + " " + op + " " + p[1] + " by a broadcast element at " + i);
                            double want = switch (op) {
                                case "add" -> u + v;
                                case "sub" -> u - v;
                                case "mul" -> u * v;
                                default -> u / v;
                            };
                            String at = p[0] + " " + op + " " + p[1] + " at " + i;
                            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(c.getDouble(i)), at);
                            double us = as.getDouble(i);
                            double vs = bs.getDouble(i);
                            double wantS = switch (op) {
                                case "add" -> us + vs;
                                case "sub" -> us - vs;
                                case "mul" -> us * vs;
                                default -> us / vs;
                            };
                            assertEquals(Double.doubleToRawLongBits(wantS), Double.doubleToRawLongBits(cs.getDouble(i)),
                                    at + " (strided)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void otherFunctionsOfMixedOperandsComputeInFloat64() {
        Random r = new Random(62);
        int n = 2500;
        int[] x = new int[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(2001) - 1000;
            y[i] = i % 11 == 0 ? Float.NaN : (float) r.nextGaussian() * 100;
        }
        try (NDArray a = NDArray.of(x); NDArray b = NDArray.of(y); NDArray c = Ufunc.ARCTAN2.apply(a, b);
                NDArray h = Ufunc.HYPOT.apply(b, a)) {
            assertEquals(DType.FLOAT64, c.dtype());
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(Math.atan2(x[i], y[i])), Double.doubleToRawLongBits(c.getDouble(i)),
                        "arctan2 at " + i);
                assertEquals(Double.doubleToRawLongBits(Math.hypot(y[i], x[i])), Double.doubleToRawLongBits(h.getDouble(i)),
                        "hypot at " + i);
            }
        }
    }

    private static NDArray apply(String op, NDArray a, NDArray b) {
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            default -> a.div(b);
        };
    }
}
