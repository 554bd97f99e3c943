package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.W;

import java.lang.foreign.MemorySegment;

import org.ndpack.internal.dtype.Elements;

/**
 * The portable sum of full leaves of float32 values in float32 lanes, for
 * {@link ReduceKernels} (a float32 sum adds in float32 within a leaf, see there); the float64
 * twin is generated from this class.
 *
 * <p>The loops are written so that C2's superword pass turns them into vector instructions
 * without the Vector API: the lanes of a leaf are summed as the running rows
 * {@code c[i] = c[i - W] + b[i]} (row {@code r} of the leaf holds lane {@code j}'s partial sum of
 * its first {@code r + 1} values, the same additions in the same order as one accumulator per
 * lane), with {@code c} a scratch array indexed exactly as {@code b}, so that the only
 * dependence C2 sees is the one at distance {@code W}, and two leaves side by side in one loop
 * so that two chains of additions overlap. (Summing in place, reading {@code b} at an offset
 * from {@code c}, or more than two leaves per loop of one array keeps C2 on scalar code, as do
 * the usual several-accumulator loops.) Four leaves read straight from memory
 * ({@link #quads}) are copied into four separate arrays, each with its own scratch, all indexed
 * alike: with the bases distinct C2 vectorises four leaves per loop (four chains of additions
 * overlap), which it does not do for four leaves of one array; eight stay scalar again.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.
 * Stateless and thread-safe (the caller owns the arrays).
 */
final class LeafF32 {
    private LeafF32() {
    }

    /**
     * The sum of a full leaf, {@code b[from, from + LEAF)}, widened into
     * {@code out[pos, pos + W)}: lane {@code j} adds values {@code j, j + W, ...} in order,
     * starting from 0, as {@link ReduceKernels#leaf} does. Overwrites {@code c[from, from + LEAF)}
     * ({@code c} is scratch, at least as long as the leaf's end).
     */
    static void sum(float[] b, int from, float[] c, double[] out, int pos) {
        for (int i = from; i < from + W; i++) {
            c[i] = 0f + b[i]; // from 0: -0 becomes +0, as a lane starting at 0 makes it
        }
        for (int i = from + W; i < from + LEAF; i++) {
            c[i] = c[i - W] + b[i];
        }
        for (int j = 0, last = from + LEAF - W; j < W; j++) {
            out[pos + j] = c[last + j];
        }
    }

    /**
     * The sum of a partial leaf, {@code b[from, from + n)} with {@code n < LEAF}, widened into
     * {@code out[pos, pos + W)} as {@link #sum} does a full one: lane {@code j} adds the values
     * {@code j, j + W, ...} below {@code n} in order, starting from 0 (a lane with none stays 0),
     * the additions of the general loop ({@code lanes[i % W] += b[i]}), written as running values
     * {@code W} apart, which C2 vectorises. Overwrites {@code c[from, from + n)}.
     */
    static void partial(float[] b, int from, int n, float[] c, double[] out, int pos) {
        int first = Math.min(n, W);
        for (int i = from; i < from + first; i++) {
            c[i] = 0f + b[i];
        }
        for (int i = from + W; i < from + n; i++) {
            c[i] = c[i - W] + b[i];
        }
        for (int j = 0; j < W; j++) {
            // lane j's last value below n, if it has one
            out[pos + j] = j < n ? c[from + j + (n - 1 - j) / W * W] : 0.0;
        }
    }

    /**
     * Four full leaves, {@code b[from, from + 4 LEAF)}, combined as the binary counter combines
     * four leaves pushed at a multiple of four, {@code (L0 + L1) + (L2 + L3)} lane by lane in
     * double, into one node at {@code out[pos, pos + W)}. Overwrites
     * {@code c[from, from + 4 LEAF)}.
     */
    static void quad(float[] b, int from, float[] c, double[] out, int pos) {
        pair(b, from, c);
        pair(b, from + 2 * LEAF, c);
        for (int j = 0, last = from + LEAF - W; j < W; j++) {
            double l01 = (double) c[last + j] + (double) c[last + LEAF + j];
            double l23 = (double) c[last + 2 * LEAF + j] + (double) c[last + 3 * LEAF + j];
            out[pos + j] = l01 + l23;
        }
    }

    /**
     * Pushes {@code quads} groups of four full leaves, read from {@code s} at byte offset
     * {@code at} on, into {@code stack} as level-2 nodes, each combined as {@link #quad} combines
     * them (the caller has checked that the counter holds a multiple of four leaves, so these are
     * the nodes the counter would build). {@code rows} is the calling thread's
     * {@link HeapRuns#floatLeaves()}.
     */
    static void quads(MemorySegment s, long at, long quads, float[][] rows, ReduceKernels.Stack stack, int op) {
        float[] b0 = rows[0];
        float[] b1 = rows[1];
        float[] b2 = rows[2];
        float[] b3 = rows[3];
        float[] c0 = rows[4];
        float[] c1 = rows[5];
        float[] c2 = rows[6];
        float[] c3 = rows[7];
        for (long q = 0; q < quads; q++, at += 4L * LEAF * Float.BYTES) {
            MemorySegment.copy(s, Elements.F32, at, b0, 0, LEAF);
            MemorySegment.copy(s, Elements.F32, at + LEAF * Float.BYTES, b1, 0, LEAF);
            MemorySegment.copy(s, Elements.F32, at + 2 * LEAF * Float.BYTES, b2, 0, LEAF);
            MemorySegment.copy(s, Elements.F32, at + 3 * LEAF * Float.BYTES, b3, 0, LEAF);
            for (int i = 0; i < W; i++) {
                c0[i] = 0f + b0[i];
                c1[i] = 0f + b1[i];
                c2[i] = 0f + b2[i];
                c3[i] = 0f + b3[i];
            }
            for (int i = W; i < LEAF; i++) {
                c0[i] = c0[i - W] + b0[i];
                c1[i] = c1[i - W] + b1[i];
                c2[i] = c2[i - W] + b2[i];
                c3[i] = c3[i - W] + b3[i];
            }
            int slot = stack.slot();
            double[] out = stack.nodes();
            for (int j = 0, last = LEAF - W; j < W; j++) {
                double l01 = (double) c0[last + j] + (double) c1[last + j];
                double l23 = (double) c2[last + j] + (double) c3[last + j];
                out[slot + j] = l01 + l23;
            }
            stack.push(2, op);
        }
    }

    /** The running rows of two leaves side by side, {@code b[from, from + 2 LEAF)} into {@code c}. */
    private static void pair(float[] b, int from, float[] c) {
        for (int i = from; i < from + W; i++) {
            c[i] = 0f + b[i];
            c[i + LEAF] = 0f + b[i + LEAF];
        }
        for (int i = from + W; i < from + LEAF; i++) {
            c[i] = c[i - W] + b[i];
            c[i + LEAF] = c[i + LEAF - W] + b[i + LEAF];
        }
    }
}
