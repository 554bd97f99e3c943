package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.W;

/**
 * The portable sum of one full leaf of float32 values in float32 lanes, for
 * {@link ReduceKernels} (a float32 sum adds in float32 within a leaf, see there); the float64
 * twin is generated from this class.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.
 * Stateless and thread-safe.
 */
final class LeafF32 {
    private LeafF32() {
    }

    /**
     * The sum of a full leaf, {@code b[from, from + LEAF)}, widened into
     * {@code out[pos, pos + W)}: lane {@code j} adds values {@code j, j + W, ...} in order,
     * starting from 0, as {@link ReduceKernels#leaf} does, eight lanes at a time in local
     * variables instead of a store and a reload per value (about three times faster on the
     * portable path).
     */
    static void sum(float[] b, int from, double[] out, int pos) {
        for (int j = 0; j < W; j += 8) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int i = from + j; i < from + LEAF; i += W) {
                s0 += b[i]; s1 += b[i + 1]; s2 += b[i + 2]; s3 += b[i + 3];
                s4 += b[i + 4]; s5 += b[i + 5]; s6 += b[i + 6]; s7 += b[i + 7];
            }
            out[pos + j] = s0; out[pos + j + 1] = s1; out[pos + j + 2] = s2; out[pos + j + 3] = s3;
            out[pos + j + 4] = s4; out[pos + j + 5] = s5; out[pos + j + 6] = s6; out[pos + j + 7] = s7;
        }
    }
}
