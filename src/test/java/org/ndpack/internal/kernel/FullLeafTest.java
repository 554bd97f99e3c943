package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link ReduceKernels#leaf} of a full leaf for products, minima and maxima, and of a partial
 * leaf for every op (the form C2 vectorises), against the lane loop it replaced: lane {@code j} starts from the identity and
 * takes elements {@code j}, {@code j + W}, ... in order. Run until C2 has compiled it, on values
 * with NaNs, signed zeros and infinities: the same bits, NaN for NaN.
 */
class FullLeafTest {
    private static final int W = ReduceKernels.W;
    private static final int LEAF = ReduceKernels.LEAF;

    private static double[] reference(double[] buf, int from, int op) {
        double[] lanes = new double[W];
        java.util.Arrays.fill(lanes, ReduceKernels.identity(op));
        for (int i = from; i < from + LEAF; i++) {
            int j = (i - from) % W;
            lanes[j] = switch (op) {
                case ReduceKernels.PROD -> lanes[j] * buf[i];
                case ReduceKernels.MIN -> Math.min(lanes[j], buf[i]);
                default -> Math.max(lanes[j], buf[i]);
            };
        }
        return lanes;
    }

    /** The lane loop over {@code n} values, for every op (sums too), float64 or float32 lanes. */
    private static double[] reference(double[] buf, int from, int n, int op, boolean f32) {
        double[] lanes = new double[W];
        float[] fl = new float[W];
        java.util.Arrays.fill(lanes, ReduceKernels.identity(op));
        for (int i = from; i < from + n; i++) {
            int j = (i - from) % W;
            if (f32) {
                fl[j] += (float) buf[i];
                continue;
            }
            lanes[j] = switch (op) {
                case ReduceKernels.SUM -> lanes[j] + buf[i];
                case ReduceKernels.PROD -> lanes[j] * buf[i];
                case ReduceKernels.MIN -> Math.min(lanes[j], buf[i]);
                default -> Math.max(lanes[j], buf[i]);
            };
        }
        if (f32) {
            for (int j = 0; j < W; j++) {
                lanes[j] = fl[j];
            }
        }
        return lanes;
    }

    /**
     * Partial leaves ({@code n < LEAF}, rows of a width that is not a multiple of the leaf) of
     * every op, and float32 sums ({@link ReduceKernels#leafNarrow}), in the running-value form
     * against the lane loop: the same bits, NaN for NaN.
     */
    @Test
    void partialLeavesMatchTheLaneLoop() {
        Random rnd = new Random(8);
        double[] special = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300};
        int from = 5;
        double[] buf = new double[from + LEAF];
        float[] fbuf = new float[buf.length];
        double[] scratch = new double[buf.length];
        float[] fscratch = new float[buf.length];
        double[] out = new double[2 * W];
        for (int round = 0; round < 3000; round++) {
            int n = round % LEAF; // every length, 0 included
            for (int i = 0; i < buf.length; i++) {
                int kind = rnd.nextInt(64);
                buf[i] = kind < special.length ? special[kind] : (round % 3 == 0 ? 1 + rnd.nextDouble() * 1e-3 : rnd.nextGaussian());
                fbuf[i] = (float) buf[i];
            }
            for (int op : new int[] {ReduceKernels.SUM, ReduceKernels.PROD, ReduceKernels.MIN, ReduceKernels.MAX, -1}) {
                boolean f32 = op == -1;
                double[] want = reference(buf, from, n, f32 ? ReduceKernels.SUM : op, f32);
                if (f32) {
                    ReduceKernels.leafNarrow(fbuf, from, n, fscratch, out, W);
                } else {
                    ReduceKernels.leaf(buf, from, n, op, scratch, out, W);
                }
                for (int j = 0; j < W; j++) {
                    double got = out[W + j];
                    String at = "op " + op + " n " + n + " lane " + j + " round " + round;
                    if (Double.isNaN(want[j])) {
                        assertTrue(Double.isNaN(got), at + ": " + got);
                    } else {
                        assertEquals(Double.doubleToRawLongBits(want[j]), Double.doubleToRawLongBits(got),
                                at + ": " + want[j] + " vs " + got);
                    }
                }
            }
        }
    }

    @Test
    void fullLeavesMatchTheLaneLoop() {
        Random rnd = new Random(7);
        double[] special = {Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L), -0.0, 0.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE};
        int from = 3;
        double[] buf = new double[from + LEAF];
        double[] scratch = new double[buf.length];
        double[] out = new double[2 * W];
        for (int round = 0; round < 3000; round++) {
            for (int i = 0; i < buf.length; i++) {
                int kind = rnd.nextInt(64);
                buf[i] = kind < special.length ? special[kind] : (round % 3 == 0 ? 1 + rnd.nextDouble() * 1e-3 : rnd.nextGaussian());
            }
            for (int op : new int[] {ReduceKernels.PROD, ReduceKernels.MIN, ReduceKernels.MAX}) {
                ReduceKernels.leaf(buf, from, LEAF, op, scratch, out, W);
                double[] want = reference(buf, from, op);
                for (int j = 0; j < W; j++) {
                    double got = out[W + j];
                    if (Double.isNaN(want[j])) {
                        assertTrue(Double.isNaN(got), "op " + op + " lane " + j + " round " + round + ": " + got);
                    } else {
                        assertEquals(Double.doubleToRawLongBits(want[j]), Double.doubleToRawLongBits(got),
                                "op " + op + " lane " + j + " round " + round + ": " + want[j] + " vs " + got);
                    }
                }
            }
        }
    }
}
