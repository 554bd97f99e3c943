package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.Gemm.MR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link GemmF32}: a 6-row by two-vector tile of C held in twelve
 * vector registers, each lane a fused multiply-add chain over the packed depth in order (the
 * same operations as the portable {@link GemmF32#kernel}). Load only when
 * {@link org.ndpack.internal.kernel.VectorSupport#ENABLED} is true.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one. Stateless
 * and thread-safe.
 */
final class GemmVectorF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = GemmF32.LANES;
    private static final int NR = GemmF32.NR;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static {
        if (S.length() != L || MR != 6) {
            throw new AssertionError("the micro-kernel is written for 6 rows of two 256-bit vectors");
        }
    }

    private GemmVectorF32() {
    }

    /**
     * Multiplies the packed sliver of A at {@code ap[a]} by the packed sliver of B at {@code bp[b]}
     * over depth {@code kc}. Mode 0 writes the tile to {@code tile} (row {@code i} at
     * {@code i * NR}); mode 1 stores it to C at byte offset {@code cb}, rows {@code rowBytes}
     * apart, columns contiguous; mode 2 adds it to C there.
     */
    static void kernel(int kc, float[] ap, int a, float[] bp, int b, float[] tile, MemorySegment c, long cb,
            long rowBytes, int mode) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bo = b + p * NR;
            int ao = a + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // the write-back stays in this method: handing the accumulators to a helper that is not
        // inlined would box them and slow the whole kernel down several times
        if (mode == 0) {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + L);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + L);
            return;
        }
        long h = (long) L * Float.BYTES;
        long r1 = cb + rowBytes;
        long r2 = r1 + rowBytes;
        long r3 = r2 + rowBytes;
        long r4 = r3 + rowBytes;
        long r5 = r4 + rowBytes;
        if (mode == 2) {
            c00 = FloatVector.fromMemorySegment(S, c, cb, LE).add(c00);
            c01 = FloatVector.fromMemorySegment(S, c, cb + h, LE).add(c01);
            c10 = FloatVector.fromMemorySegment(S, c, r1, LE).add(c10);
            c11 = FloatVector.fromMemorySegment(S, c, r1 + h, LE).add(c11);
            c20 = FloatVector.fromMemorySegment(S, c, r2, LE).add(c20);
            c21 = FloatVector.fromMemorySegment(S, c, r2 + h, LE).add(c21);
            c30 = FloatVector.fromMemorySegment(S, c, r3, LE).add(c30);
            c31 = FloatVector.fromMemorySegment(S, c, r3 + h, LE).add(c31);
            c40 = FloatVector.fromMemorySegment(S, c, r4, LE).add(c40);
            c41 = FloatVector.fromMemorySegment(S, c, r4 + h, LE).add(c41);
            c50 = FloatVector.fromMemorySegment(S, c, r5, LE).add(c50);
            c51 = FloatVector.fromMemorySegment(S, c, r5 + h, LE).add(c51);
        }
        c00.intoMemorySegment(c, cb, LE);
        c01.intoMemorySegment(c, cb + h, LE);
        c10.intoMemorySegment(c, r1, LE);
        c11.intoMemorySegment(c, r1 + h, LE);
        c20.intoMemorySegment(c, r2, LE);
        c21.intoMemorySegment(c, r2 + h, LE);
        c30.intoMemorySegment(c, r3, LE);
        c31.intoMemorySegment(c, r3 + h, LE);
        c40.intoMemorySegment(c, r4, LE);
        c41.intoMemorySegment(c, r4 + h, LE);
        c50.intoMemorySegment(c, r5, LE);
        c51.intoMemorySegment(c, r5 + h, LE);
    }
}
