package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Arithmetic of operands whose loop is float64 but not their dtype (float32 with float64, int32
 * with float32 or float64, int64 with float64, true division of int32 or int64 arrays): contiguous operands of one shape widen the
 * other-dtype operand in bulk first and run the float64 kernel; a strided view takes the mixed
 * element loop. Both must give the bits of the rule written out: each operand converted to
 * double by Java's cast, then the double operation. Tagged {@code kernels}.
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
                    try (NDArray c = apply(op, a, b); NDArray cs = apply(op, as, bs)) {
                        assertEquals(DType.FLOAT64, c.dtype(), p[0] + " " + op + " " + p[1]);
                        for (int i = 0; i < n; i++) {
                            double u = a.getDouble(i);
                            double v = b.getDouble(i);
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

    private static NDArray apply(String op, NDArray a, NDArray b) {
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            default -> a.div(b);
        };
    }
}
