package org.ndpack.internal.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * A child JVM for {@link UnprofiledVectorTest}, started with {@code -XX:-UseTypeProfile}: calls
 * each Vector API sum, minimum/maximum, matrix-product and pow kernel in a loop until C2 has had time
 * to compile it, then prints, per kernel, the heap bytes one call allocates ("name bytes"). A
 * kernel whose vector calls C2 left virtual allocates a heap object per vector operation.
 */
public final class UnprofiledVectorChild {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private UnprofiledVectorChild() {
    }

    public static void main(String[] args) {
        MemorySegment s = Arena.ofAuto().allocate(1 << 16, 64);
        for (long i = 0; i < s.byteSize() / 4; i++) {
            s.setAtIndex(Elements.F32, i, (i % 7) * 0.5f);
        }
        double[] out = new double[64];
        float[] fbuf = new float[ReduceKernels.LEAF];
        double[] dbuf = new double[ReduceKernels.LEAF];
        int kc = Gemm.KC;
        float[] ap = new float[Gemm.MR * kc];
        float[] bp = new float[GemmF32.Tiles.NR * kc];
        float[] tile = new float[Gemm.MR * GemmF32.Tiles.NR];
        float[] rows = new float[Gemm.MR * kc];
        double[] apd = new double[Gemm.MR * kc];
        double[] bpd = new double[GemmF64.Tiles.NR * kc];
        double[] tiled = new double[Gemm.MR * GemmF64.Tiles.NR];
        double[] rowsd = new double[Gemm.MR * kc];
        MemorySegment c = Arena.ofAuto().allocate(Gemm.MR * 512L * 8, 64);
        int[] call = {0};
        measure("quadF32", () -> ReduceVector.quadF32(s, 0, out, 0));
        measure("quadF32Narrow", () -> ReduceVector.quadF32Narrow(s, 0, out, 0));
        measure("leafF32", () -> ReduceVector.leafF32(s, 0, out, 0));
        measure("leafFloats", () -> ReduceVector.leafFloats(fbuf, 0, out, 0));
        measure("leafF64", () -> ReduceVector.leafF64(s, 0, out, 0));
        measure("leafArray", () -> ReduceVector.leafArray(dbuf, 0, out, 0));
        measure("leafRowsF32", () -> ReduceVector.leafRowsF32(s, 0, 256, 48, out, 0, false));
        measure("leafRowsF32add", () -> ReduceVector.leafRowsF32(s, 0, 256, 48, out, 0, (call[0]++ & 1) != 0));
        measure("extremeF32", () -> ReduceVector.extremeF32(s, 0, (call[0]++ & 1) != 0, out, 0));
        measure("extremeF64", () -> ReduceVector.extremeF64(s, 0, (call[0]++ & 1) != 0, out, 0));
        measure("gemmKernelF32", () -> GemmVectorF32.kernel(kc, ap, 0, bp, 0, tile));
        measure("gemmKernelF64", () -> GemmVectorF64.kernel(kc, apd, 0, bpd, 0, tiled));
        // packing A: negated and not, a full sliver and a short one (rows past it zero), so that
        // both arms of the kernel's choices are compiled
        measure("packAF32", () -> GemmVectorF32.packA(s, 0, 1024, Gemm.MR - (call[0] & 1) * 5, kc, ap, 0,
                (call[0]++ & 2) != 0, rows));
        measure("packAF64", () -> GemmVectorF64.packA(s, 0, 2048, Gemm.MR - (call[0] & 1) * 5, kc, apd, 0,
                (call[0]++ & 2) != 0, rowsd));
        measure("storeFullF32", () -> GemmVectorF32.storeFull(tile, c, 0, 512 * 4, true));
        measure("storeFullF64", () -> GemmVectorF64.storeFull(tiled, c, 0, 512 * 8, true));
        // the skinny products' lanes: all rows and a partial group, whole steps and a tail, alternately
        float[] xl = new float[kc];
        double[] xld = new double[kc];
        float[] lanes = new float[GemmF32.CHAINS * GemmF32.LANES];
        double[] lanesd = new double[GemmF64.CHAINS * GemmF64.LANES];
        // the rows' or panels' combined values, written up to LANES past CHAINS
        float[] sums = new float[GemmF32.CHAINS + GemmF32.LANES];
        double[] sumsd = new double[GemmF64.CHAINS + GemmF64.LANES];
        measure("rowLanesSegF32", () -> GemmVectorF32.rowLanesSeg(s, 0, 1024, 8 - (call[0] & 1) * 3, xl, 0,
                kc - (call[0]++ & 2) * 20, lanes, sums));
        measure("rowLanesSegF64", () -> GemmVectorF64.rowLanesSeg(s, 0, 2048, 8 - (call[0] & 1) * 3, xld, 0,
                kc - (call[0]++ & 2) * 20, lanesd, sumsd));
        measure("panelLanesSegF32", () -> GemmVectorF32.panelLanesSeg(s, 0, s, 8192, sums));
        measure("panelLanesSegF64", () -> GemmVectorF64.panelLanesSeg(s, 0, s, 16384, sumsd));
        float[] wl = new float[GemmF32.CHAINS * GemmF32.STRIDE];
        float[] xp = new float[GemmF32.CHAINS * kc];
        measure("lanes8F32", () -> {
            if ((call[0]++ & 1) != 0) {
                GemmVectorF32.lanes8(wl, GemmF32.STRIDE, xl, 0, 16, kc - 16, lanes);
            } else {
                GemmVectorF32.lanes8(wl, kc, xp, kc, 0, kc, lanes);
            }
        });
        double[] wld = new double[GemmF64.CHAINS * GemmF64.STRIDE];
        double[] xpd = new double[GemmF64.CHAINS * kc];
        measure("lanes8F64", () -> {
            if ((call[0]++ & 1) != 0) {
                GemmVectorF64.lanes8(wld, GemmF64.STRIDE, xld, 0, 16, kc - 16, lanesd);
            } else {
                GemmVectorF64.lanes8(wld, kc, xpd, kc, 0, kc, lanesd);
            }
        });
        float[] acc = new float[256];
        double[] accd = new double[256];
        // the column chains: whole vectors and a tail, alternately
        measure("axpy4SegF32", () -> GemmVectorF32.axpy4Seg(256 - (call[0]++ & 1) * 9, 0.5f, 0.25f, -1f, 2f, s, 0,
                1024, acc));
        measure("axpy4SegF64", () -> GemmVectorF64.axpy4Seg(256 - (call[0]++ & 1) * 9, 0.5, 0.25, -1, 2, s, 0,
                2048, accd));
        double[] colAcc = new double[100];
        measure("groupExtremeF32", () -> ReduceVector.groupExtremeF32(s, 0, 400, 100, colAcc, (call[0]++ & 1) != 0));
        measure("groupExtremeF64", () -> ReduceVector.groupExtremeF64(s, 0, 800, 100, colAcc, (call[0]++ & 1) != 0));
        int[] keys = new int[1024];
        long[] lkeys = new long[1024];
        keys[700] = 5;
        lkeys[700] = 5;
        measure("argFirstF32", () -> ArgVector.firstF32(keys, 1024, (call[0]++ & 1) != 0 ? 5 : 0));
        measure("argFirstF64", () -> ArgVector.firstF64(lkeys, 1024, (call[0]++ & 1) != 0 ? 5 : 0));
        measure("argFirstLong", () -> ArgVector.firstLong(lkeys, 1024, (call[0]++ & 1) != 0 ? 5 : 0));
        measure("boolBinary", () -> BoolVector.binary((call[0] & 1) != 0 ? BoolOps.XOR : BoolOps.AND, 1024, s, 0,
                s, 2048, (call[0]++ & 2) != 0, c, 0));
        measure("boolNot", () -> BoolVector.not(1024, s, 0, c, 0));
        measure("clipF32", () -> ClipVector.f32(1024, s, 0, c, 0, 0.5f, 2.5f));
        measure("clipF64", () -> ClipVector.f64(512, s, 0, c, 0, 0.5, 2.5));
        // pow: exponents as an array and broadcast, alternately (no tail: n is a multiple of the lanes)
        Kernel2 none = (n, a, ao, as, b, bo, bs, o, oo, os) -> { };
        if (VectorKernels.NATIVE_POW) {
            Kernel2 powF32 = VectorKernels.binary(VOp.POW, DType.FLOAT32, none);
            Kernel2 powF64 = VectorKernels.binary(VOp.POW, DType.FLOAT64, none);
            measure("powF32", () -> powF32.run(1024, s, 0, 4, s, 4096, (call[0]++ & 1) * 4, c, 0, 4));
            measure("powF64", () -> powF64.run(512, s, 0, 8, s, 4096, (call[0]++ & 1) * 8, c, 0, 8));
        }
        if (IntDivideVector.USABLE && CastVector.USABLE) {
            // divisors and pairs alternate, so that every arm is compiled
            measure("intDivide32", () -> IntDivideVector.run(1024, s, 0, c, 0, (call[0] & 1) != 0 ? 7 : -7,
                    (call[0]++ & 2) != 0));
            measure("castF32", () -> CastVector.run(s, 0, c, 0, 1024,
                    FastCasts.F32 * 4 + ((call[0]++ & 1) != 0 ? FastCasts.I32 : FastCasts.F64)));
            measure("castBool", () -> CastVector.run(s, 0, c, 0, 1024,
                    FastCasts.BOOL * 4 + ((call[0]++ & 1) != 0 ? FastCasts.F32 : FastCasts.F64)));
            measure("castF64", () -> CastVector.run(s, 0, c, 0, 1024,
                    FastCasts.F64 * 4 + ((call[0]++ & 1) != 0 ? FastCasts.I32 : FastCasts.F32)));
        }
    }

    /**
     * Runs {@code call} in rounds of 2,000 for at least two seconds (more while a round still
     * allocates, up to twenty) and prints the bytes per call of the last round.
     */
    private static void measure(String name, Runnable call) {
        long start = System.nanoTime();
        long perCall;
        do {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 2000; i++) {
                call.run();
            }
            perCall = (THREADS.getCurrentThreadAllocatedBytes() - before) / 2000;
        } while (System.nanoTime() - start < 2_000_000_000L
                || (perCall > 0 && System.nanoTime() - start < 20_000_000_000L));
        System.out.println(name + " " + perCall);
    }
}
