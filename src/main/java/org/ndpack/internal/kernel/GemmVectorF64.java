package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.Gemm.MR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link GemmF64}: a 6-row by two-vector tile of C held in twelve
 * vector registers, each lane a fused multiply-add chain over the packed depth in order (the
 * same operations as the portable {@link GemmF64#kernel}). Load only when
 * {@link org.ndpack.internal.VectorSupport#ENABLED} is true.
 *
 * <p>Generated from {@code GemmVectorF32} by {@code GeneratedKernelsTest}: do not
 * edit; edit the template and regenerate. Stateless and thread-safe.
 */
final class GemmVectorF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = GemmF64.LANES;
    private static final int NR = GemmF64.NR;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static {
        if (S.length() != L || MR != 6) {
            throw new AssertionError("the micro-kernel is written for 6 rows of two 256-bit vectors");
        }
    }

    private GemmVectorF64() {
    }

    /**
     * Multiplies the packed sliver of A at {@code ap[a]} by the packed sliver of B at {@code bp[b]}
     * over depth {@code kc}. Mode 0 writes the tile to {@code tile} (row {@code i} at
     * {@code i * NR}); mode 1 stores it to C at byte offset {@code cb}, rows {@code rowBytes}
     * apart, columns contiguous; mode 2 adds it to C there.
     */
    static void kernel(int kc, double[] ap, int a, double[] bp, int b, double[] tile, MemorySegment c, long cb,
            long rowBytes, int mode) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bo = b + p * NR;
            int ao = a + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        put(c00, c01, 0, tile, c, cb, mode);
        put(c10, c11, 1, tile, c, cb + rowBytes, mode);
        put(c20, c21, 2, tile, c, cb + 2 * rowBytes, mode);
        put(c30, c31, 3, tile, c, cb + 3 * rowBytes, mode);
        put(c40, c41, 4, tile, c, cb + 4 * rowBytes, mode);
        put(c50, c51, 5, tile, c, cb + 5 * rowBytes, mode);
    }

    private static void put(DoubleVector lo, DoubleVector hi, int row, double[] tile, MemorySegment c, long at, int mode) {
        if (mode == 0) {
            lo.intoArray(tile, row * NR);
            hi.intoArray(tile, row * NR + L);
            return;
        }
        long atHi = at + (long) L * Double.BYTES;
        if (mode == 2) {
            lo = DoubleVector.fromMemorySegment(S, c, at, LE).add(lo);
            hi = DoubleVector.fromMemorySegment(S, c, atHi, LE).add(hi);
        }
        lo.intoMemorySegment(c, at, LE);
        hi.intoMemorySegment(c, atHi, LE);
    }
}
