package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.internal.dtype.Elements;

/**
 * Both forms of the Vector API's four-leaf float32 sum ({@link ReduceVector#quadF32Narrow} in
 * 256-bit vectors, {@link ReduceVector#quadF32Wide} in 512-bit ones) give, bit for bit, the node
 * of the portable loop ({@link LeafF32#quad}): each lane of each leaf adds its 16 values in
 * sequence order from zero, and the leaves combine as {@code (L0 + L1) + (L2 + L3)} in double.
 * {@code quadF32} takes one form or the other by the machine's vector size, so the sums'
 * other tests reach only one of them on any machine; this one calls both (the wide one where
 * the machine has 512-bit vectors). Skips, saying so, without the Vector API; tagged
 * {@code kernels}.
 */
@Tag("kernels")
class QuadLeafOrderTest {
    private static final int N = 4 * ReduceKernels.LEAF;

    @Test
    void bothVectorFormsGiveThePortableNodeBitForBit() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "skipped: the Vector API kernels are off: " + VectorSupport.REASON);
        boolean wide = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == ReduceKernels.W;
        Random r = new Random(13);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4L * (N + 16), 64);
            float[] b = new float[N];
            float[] c = new float[N];
            for (int round = 0; round < 50; round++) {
                int shift = round % 16; // start anywhere in a 64-byte line
                for (int i = 0; i < N; i++) {
                    // magnitudes 2^-20 to 2^20 and both signs, so that the order of additions shows
                    b[i] = (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(41) - 20));
                    s.set(Elements.F32, 4L * (shift + i), b[i]);
                }
                double[] want = new double[ReduceKernels.W];
                LeafF32.quad(b, 0, c, want, 0);
                double[] narrow = new double[ReduceKernels.W];
                ReduceVector.quadF32Narrow(s, 4L * shift, narrow, 0);
                assertBits(want, narrow, "256-bit form, round " + round);
                if (wide) {
                    double[] w = new double[ReduceKernels.W];
                    ReduceVector.quadF32Wide(s, 4L * shift, w, 0);
                    assertBits(want, w, "512-bit form, round " + round);
                }
            }
        }
    }

    private static void assertBits(double[] want, double[] got, String what) {
        for (int j = 0; j < want.length; j++) {
            assertEquals(Double.doubleToRawLongBits(want[j]), Double.doubleToRawLongBits(got[j]),
                    what + ", lane " + j + ": " + want[j] + " against " + got[j]);
        }
    }
}
