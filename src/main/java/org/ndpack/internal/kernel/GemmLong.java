package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.kernel.Parallel;

/**
 * Integer and boolean matrix multiply: products and sums in {@code long}, wrapping around modulo
 * 2^64, then stored with the low bits of the result dtype, which is exactly NumPy's wrap-around
 * arithmetic in that dtype (and, for bool, "some product is true"). Exact, so the order of the
 * additions does not matter. Stateless and thread-safe.
 */
public final class GemmLong {
    private static final int MCL = 64;
    private static final int NCL = 1024;
    private static final int KCL = 256;

    private GemmLong() {
    }

    /**
     * Computes {@code C = A B}.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k columns of A, rows of B
     * @param a the left operand (bool or integer dtype)
     * @param b the right operand (bool or integer dtype)
     * @param c memory of C
     * @param ct the dtype of C (bool or integer)
     * @param cOff element offset of {@code C[0, 0]}
     * @param rsc row stride of C in elements
     * @param csc column stride of C in elements
     * @param parallel whether row blocks may run on several threads
     */
    public static void gemm(long m, long n, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c, DType ct, long cOff,
            long rsc, long csc, boolean parallel) {
        if (m == 0 || n == 0) {
            return;
        }
        long blocks = (m + MCL - 1) / MCL;
        boolean par = parallel && m * n * Math.max(k, 1) >= 1 << 20 && Parallel.THREADS > 1;
        Gemm.forTasks((int) blocks, par, t -> {
            long i0 = t * MCL;
            int mc = (int) Math.min(MCL, m - i0);
            for (long j0 = 0; j0 < n; j0 += NCL) {
                int nc = (int) Math.min(NCL, n - j0);
                long[] acc = new long[mc * nc];
                long[] ap = new long[mc * KCL];
                long[] bp = new long[KCL * nc];
                for (long p0 = 0; p0 < k; p0 += KCL) {
                    int kc = (int) Math.min(KCL, k - p0);
                    for (int i = 0; i < mc; i++) {
                        ReduceBuffers.loadL(a.seg(), a.dtype(), a.off() + (i0 + i) * a.rs() + p0 * a.cs(), a.cs(), kc,
                                ap, i * kc, 1, ReduceBuffers.VALUES);
                    }
                    for (int p = 0; p < kc; p++) {
                        ReduceBuffers.loadL(b.seg(), b.dtype(), b.off() + (p0 + p) * b.rs() + j0 * b.cs(), b.cs(), nc,
                                bp, p * nc, 1, ReduceBuffers.VALUES);
                    }
                    for (int i = 0; i < mc; i++) {
                        int row = i * nc;
                        for (int p = 0; p < kc; p++) {
                            long x = ap[i * kc + p];
                            if (x == 0) {
                                continue;
                            }
                            int bo = p * nc;
                            for (int j = 0; j < nc; j++) {
                                acc[row + j] += x * bp[bo + j];
                            }
                        }
                    }
                }
                for (int i = 0; i < mc; i++) {
                    ReduceBuffers.storeL(acc, i * nc, nc, c, ct, cOff + (i0 + i) * rsc + j0 * csc, csc);
                }
            }
        });
    }
}
