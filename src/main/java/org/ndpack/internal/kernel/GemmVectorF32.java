package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.Gemm.MR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link GemmF32}: an 8-row by three-vector tile of C (vectors
 * of the machine's preferred size) held in 24 of AVX-512's 32 vector registers, with three for the
 * row of packed B and one for the broadcast element of packed A (a machine with 16 vector
 * registers, AVX2, spills some of them), each lane a fused multiply-add chain over the packed depth in order (the
 * same operations as the portable {@link GemmF32#kernel}). Load only when
 * {@link org.ndpack.internal.kernel.VectorSupport#ENABLED} is true.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one. Stateless
 * and thread-safe.
 */
final class GemmVectorF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes of the machine's preferred vector (16 with AVX-512). */
    static final int L = S.length();
    private static final int NR = 3 * L;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static {
        if (MR != 8) {
            throw new AssertionError("the micro-kernel is written for 8 rows of three vectors");
        }
    }

    private GemmVectorF32() {
    }

    /**
     * Multiplies the packed sliver of A at {@code ap[a]} by the packed sliver of B at {@code bp[b]}
     * over depth {@code kc} and writes the tile to {@code tile} (row {@code i} at {@code i * NR}).
     * The write-back to C is a separate, small method: a kernel that also wrote C (stored or added,
     * three variants of 24 vectors each) grew past what C1 can compile and traps C2 whenever a
     * variant it had not yet seen came along, leaving the first calls interpreted and boxed.
     */
    static void kernel(int kc, float[] ap, int a, float[] bp, int b, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c42 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c52 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c62 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        FloatVector c72 = c00;
        for (int p = 0; p < kc; p++) {
            int bo = b + p * NR;
            int ao = a + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c12.intoArray(tile, NR + 2 * L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c22.intoArray(tile, 2 * NR + 2 * L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c32.intoArray(tile, 3 * NR + 2 * L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c42.intoArray(tile, 4 * NR + 2 * L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c52.intoArray(tile, 5 * NR + 2 * L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c62.intoArray(tile, 6 * NR + 2 * L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
        c72.intoArray(tile, 7 * NR + 2 * L);
    }

    /**
     * Stores a full tile, row {@code i} at {@code tile[i * NR]}, to C at byte offset {@code cb},
     * rows {@code rowBytes} apart and columns contiguous, adding it to C's values when {@code add}.
     */
    static void store(float[] tile, MemorySegment c, long cb, long rowBytes, boolean add) {
        for (int i = 0; i < MR; i++) {
            long r = cb + i * rowBytes;
            for (int v = 0; v < NR; v += L) {
                long o = r + (long) v * Float.BYTES;
                FloatVector t = FloatVector.fromArray(S, tile, i * NR + v);
                if (add) {
                    t = FloatVector.fromMemorySegment(S, c, o, LE).add(t);
                }
                t.intoMemorySegment(c, o, LE);
            }
        }
    }
}
