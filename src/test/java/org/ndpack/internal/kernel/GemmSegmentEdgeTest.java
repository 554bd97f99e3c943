package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;

/**
 * The Vector API GEMM path against the portable one, bit for bit, where its vector packing and
 * write-back meet the edges of memory: operands whose segment ends exactly at their last element
 * (a full-vector load of a partial sliver must not pass it), native segments four bytes off
 * alignment, heap segments, rows read backwards (negative row strides), and shapes whose m, n and
 * k are not multiples of the tile, the lane count or the panel depth, with accumulate and negate.
 */
@Tag("kernels")
class GemmSegmentEdgeTest {
    /** m, n, k: k below the lane count, k % lanes != 0, a partial last panel, one row, one column. */
    private static final int[][] SHAPES = {{25, 37, 40}, {100, 100, 5}, {200, 200, 1}, {13, 33, 263},
        {300, 1, 300}, {1, 300, 300}, {12, 64, 256}, {24, 33, 513}, {37, 70, 15}, {50, 31, 300}};

    /** A segment of exactly {@code elems} elements: native four bytes past an 8-byte boundary, or heap. */
    private static MemorySegment exact(Arena arena, long elems, boolean f32, boolean heap) {
        long w = f32 ? Float.BYTES : Double.BYTES;
        if (heap) {
            return f32 ? MemorySegment.ofArray(new float[(int) elems]) : MemorySegment.ofArray(new double[(int) elems]);
        }
        return arena.allocate(elems * w + 4, 8).asSlice(4, elems * w);
    }

    private static void fill(MemorySegment s, boolean f32, Random r) {
        long n = s.byteSize() / (f32 ? Float.BYTES : Double.BYTES);
        for (long i = 0; i < n; i++) {
            if (f32) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
            } else {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, r.nextGaussian());
            }
        }
    }

    /** Runs {@code C (+)= (-)A B} on both paths into copies of one C and demands the same bytes. */
    private static void check(boolean f32, int m, int n, int k, int mode) {
        boolean revA = (mode & 1) != 0;
        boolean revB = (mode & 2) != 0;
        boolean heap = (mode & 4) != 0;
        boolean acc = mode % 3 == 0;
        boolean neg = mode % 5 == 1;
        DType t = f32 ? DType.FLOAT32 : DType.FLOAT64;
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(m * 1_000_003L + n * 1009L + k);
            MemorySegment as = exact(arena, (long) m * k, f32, heap);
            MemorySegment bs = exact(arena, (long) k * n, f32, heap);
            fill(as, f32, rnd);
            fill(bs, f32, rnd);
            Gemm.Mat a = revA ? new Gemm.Mat(as, t, (long) (m - 1) * k, -k, 1) : new Gemm.Mat(as, t, 0, k, 1);
            Gemm.Mat b = revB ? new Gemm.Mat(bs, t, (long) (k - 1) * n, -n, 1) : new Gemm.Mat(bs, t, 0, n, 1);
            MemorySegment portable = exact(arena, (long) m * n, f32, heap);
            fill(portable, f32, rnd);
            MemorySegment vector = exact(arena, (long) m * n, f32, heap);
            vector.copyFrom(portable);
            if (f32) {
                GemmF32.gemm(m, n, k, a, b, portable, 0, n, 1, acc, neg, false, false);
                GemmF32.gemm(m, n, k, a, b, vector, 0, n, 1, acc, neg, false, true);
            } else {
                GemmF64.gemm(m, n, k, a, b, portable, 0, n, 1, acc, neg, false, false);
                GemmF64.gemm(m, n, k, a, b, vector, 0, n, 1, acc, neg, false, true);
            }
            assertEquals(-1L, portable.mismatch(vector), () -> t + " " + m + "x" + n + "x" + k + " reversed A " + revA
                    + " reversed B " + revB + " heap " + heap + " accumulate " + acc + " negate " + neg);
        }
    }

    @Test
    void vectorPathMatchesPortableAtEveryEdge() {
        Assumptions.assumeTrue(VectorSupport.ENABLED,
                "skipped: the Vector API module is not loaded, so there is no vector GEMM path to compare");
        for (int[] s : SHAPES) {
            for (boolean f32 : new boolean[] {true, false}) {
                for (int mode = 0; mode < 8; mode++) {
                    check(f32, s[0], s[1], s[2], mode);
                }
            }
        }
    }

    @Test
    void compiledVectorPathMatchesPortableAtTheEdges() {
        Assumptions.assumeTrue(VectorSupport.ENABLED,
                "skipped: the Vector API module is not loaded, so there is no vector GEMM path to compare");
        // repeated so that C2 compiles the masked loads and the scalar tails before the last rounds
        for (int rep = 0; rep < 60; rep++) {
            for (boolean f32 : new boolean[] {true, false}) {
                check(f32, 25, 37, 40, rep % 2 == 0 ? 0 : 1);
                check(f32, 37, 70, 15, 3);
                check(f32, 300, 1, 120, 2);
                check(f32, 40, 45, 263, 6);
            }
        }
    }
}
