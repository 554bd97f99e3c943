package org.ndpack.internal.linalg;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Promotion;
import org.ndpack.internal.kernel.Blas;
import org.ndpack.internal.kernel.Gemm;
import org.ndpack.internal.kernel.GemmF32;
import org.ndpack.internal.kernel.GemmF64;
import org.ndpack.internal.kernel.GemmLong;
import org.ndpack.internal.kernel.ReduceBuffers;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.reduce.ReduceEngine;
import org.ndpack.internal.shape.ShapeOps;

/**
 * {@code matmul}, {@code dot}, {@code outer} and {@code tensordot} with NumPy's shape rules, all
 * reduced to one primitive: a (batch of) strided 2-d products written into a new C-contiguous
 * array. The result dtype is NumPy's promotion of the operands' dtypes
 * ({@link Promotion#result}); each operand is converted to it on the fly while it is packed.
 *
 * <p>Kernels by result dtype: float32 ({@link GemmF32}, float32 accumulation, like BLAS
 * {@code sgemm}); float16 and bfloat16 (the float32 kernel, each result rounded once, as NumPy
 * accumulates float16 in float32); float64 ({@link GemmF64}); complex (four real products on the
 * real and imaginary parts, {@code (ar br - ai bi) + (ar bi + ai br) i}); bool and integers
 * ({@link GemmLong}, exact with wrap-around in the result dtype). When the system property
 * {@code ndpack.blas} is {@code system} and a CBLAS library is found, float32 and float64
 * products of operands of the result dtype with a unit stride go to {@code cblas_sgemm} /
 * {@code cblas_dgemm} instead ({@link Blas}).
 *
 * <p>Every method leases its operands while it runs ({@link OpScope}) and returns a new array
 * that owns its memory. Stateless and thread-safe.
 */
public final class MatMul {
    private static final String SIGNATURE = ", with gufunc signature (n?,k),(k,m?)->(n?,m?)";

    private MatMul() {
    }

    /** A 2-d view of an operand: element (i, j) at element offset {@code off + i * rs + j * cs}. */
    private record Operand(ArrayImpl array, long off, long rs, long cs) {
    }

    /**
     * NumPy's {@code matmul}: 1-d operands are promoted to a row (left) or a column (right) and
     * the added axis removed from the result; dimensions before the last two are batch
     * dimensions and broadcast.
     *
     * @throws IllegalArgumentException for a 0-d operand, a core-dimension mismatch, or batch
     *         dimensions that do not broadcast; the message names both shapes
     */
    public static ArrayImpl matmul(ArrayImpl a, ArrayImpl b) {
        long[] sa = a.shape;
        long[] sb = b.shape;
        int na = sa.length;
        int nb = sb.length;
        if (na == 0 || nb == 0) {
            throw new IllegalArgumentException("matmul: input operand " + (na == 0 ? 0 : 1)
                    + " does not have enough dimensions (has 0" + SIGNATURE + " requires 1): shapes "
                    + Shapes.str(sa) + " and " + Shapes.str(sb));
        }
        long[] ta = a.strides;
        long[] tb = b.strides;
        long n = na == 1 ? 1 : sa[na - 2];
        long k = sa[na - 1];
        long k2 = nb == 1 ? sb[0] : sb[nb - 2];
        long m = nb == 1 ? 1 : sb[nb - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: input operand 1 has a mismatch in its core dimension 0"
                    + SIGNATURE + " (size " + k2 + " is different from " + k + "): shapes " + Shapes.str(sa)
                    + " and " + Shapes.str(sb));
        }
        long[] ba = Arrays.copyOf(sa, Math.max(0, na - 2));
        long[] bb = Arrays.copyOf(sb, Math.max(0, nb - 2));
        long[] batch;
        try {
            batch = Shapes.broadcast(ba, bb);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: the batch dimensions of shapes " + Shapes.str(sa) + " and "
                    + Shapes.str(sb) + " do not broadcast: " + e.getMessage(), e);
        }
        long[] bsa = Shapes.broadcastStrides(ba, Arrays.copyOf(ta, ba.length), batch);
        long[] bsb = Shapes.broadcastStrides(bb, Arrays.copyOf(tb, bb.length), batch);
        int nd = batch.length + (na > 1 ? 1 : 0) + (nb > 1 ? 1 : 0);
        long[] outShape = Arrays.copyOf(batch, nd);
        if (na > 1) {
            outShape[batch.length] = n;
        }
        if (nb > 1) {
            outShape[nd - 1] = m;
        }
        long rsA = na == 1 ? 0 : ta[na - 2];
        long csA = ta[na - 1];
        long rsB = nb == 1 ? tb[0] : tb[nb - 2];
        long csB = nb == 1 ? 0 : tb[nb - 1];
        DType t = Promotion.result(a.dtype(), b.dtype());
        // a real float product with k > 0 writes every element of C with its first panel (GEMM,
        // small products and cblas with beta = 0 alike), so its memory need not be zeroed first;
        // other dtypes accumulate into C, and k = 0 leaves the zeros to GEMM's own loop
        boolean written = (t == DType.FLOAT32 || t == DType.FLOAT64) && k > 0;
        ArrayImpl out = written ? ArrayImpl.uninitialized(t, outShape) : ArrayImpl.zeros(t, outShape);
        try (OpScope s = OpScope.enter("matmul", null, a, b)) {
            long count = Shapes.size(batch);
            // many small products: split the batch over tasks; few large ones: split each product
            boolean perBatch = count > 1 && n * m * k < 1 << 21;
            int tasks = perBatch ? (int) Math.min(count, 1 << 12) : 1;
            long per = (count + tasks - 1) / tasks;
            ReduceEngine.PARALLEL.run(count == 0 ? 0 : tasks, task -> {
                long from = task * per;
                long to = Math.min(count, from + per);
                if (from >= to) {
                    return;
                }
                ReduceEngine.Cursor ca = new ReduceEngine.Cursor(batch, bsa, a.offset, from);
                ReduceEngine.Cursor cb = new ReduceEngine.Cursor(batch, bsb, b.offset, from);
                for (long i = from; i < to; i++) {
                    product(new Operand(a, ca.offset, rsA, csA), new Operand(b, cb.offset, rsB, csB), n, m, k,
                            out, i * n * m, m, 1, !perBatch);
                    ca.advance(1);
                    cb.advance(1);
                }
            });
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * NumPy's {@code dot}: for 1-d operands the inner product (a 0-d result), for 2-d ones the
     * matrix product, with a 0-d operand the product by a scalar, for an N-d {@code a} and a 1-d
     * {@code b} the sum product over their last axes, and for an N-d {@code a} and an M-d
     * {@code b} (M >= 2) the sum product over the last axis of {@code a} and the second-to-last
     * of {@code b}.
     *
     * @throws IllegalArgumentException if the summed extents differ; the message names both shapes
     */
    public static ArrayImpl dot(ArrayImpl a, ArrayImpl b) {
        int na = a.ndim();
        int nb = b.ndim();
        if (na == 0 || nb == 0) {
            return tensordot(a, b, new int[0], new int[0]);
        }
        long[] sa = a.shape;
        long[] sb = b.shape;
        int ib = nb == 1 ? 0 : nb - 2;
        if (sa[na - 1] != sb[ib]) {
            throw new IllegalArgumentException("shapes " + tuple(sa) + " and " + tuple(sb) + " not aligned: "
                    + sa[na - 1] + " (dim " + (na - 1) + ") != " + sb[ib] + " (dim " + ib + ")");
        }
        if (na <= 2 && nb <= 2) {
            return matmul(a, b);
        }
        return tensordot(a, b, new int[] {na - 1}, new int[] {ib});
    }

    /**
     * NumPy's {@code outer}: both operands flattened (C order), {@code result[i, j] = a[i] * b[j]}.
     */
    public static ArrayImpl outer(ArrayImpl a, ArrayImpl b) {
        try (OpScope s = OpScope.enter("outer", null, a, b)) {
            ArrayImpl fa = ShapeOps.reshape(a, a.size);
            ArrayImpl fb = ShapeOps.reshape(b, b.size);
            try {
                return matmul(ShapeOps.reshape(fa, a.size(), 1), ShapeOps.reshape(fb, 1, b.size()));
            } finally {
                closeIfCopy(fa, a);
                closeIfCopy(fb, b);
            }
        }
    }

    /**
     * NumPy's {@code tensordot(a, b, axes)} with an integer: the last {@code axes} axes of
     * {@code a} against the first {@code axes} axes of {@code b}.
     *
     * @throws IllegalArgumentException if {@code axes} is negative or exceeds a rank, or the
     *         extents differ
     */
    public static ArrayImpl tensordot(ArrayImpl a, ArrayImpl b, int axes) {
        if (axes < 0 || axes > a.ndim() || axes > b.ndim()) {
            throw new IllegalArgumentException("tensordot: axes " + axes + " must be in [0, min(" + a.ndim() + ", "
                    + b.ndim() + ")] for shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        }
        int[] xa = new int[axes];
        int[] xb = new int[axes];
        for (int i = 0; i < axes; i++) {
            xa[i] = a.ndim() - axes + i;
            xb[i] = i;
        }
        return tensordot(a, b, xa, xb);
    }

    /**
     * NumPy's {@code tensordot(a, b, (axesA, axesB))}: the sum of products over axis
     * {@code axesA[i]} of {@code a} paired with axis {@code axesB[i]} of {@code b}; the result's
     * axes are the remaining axes of {@code a}, then those of {@code b}, in order.
     *
     * @throws IllegalArgumentException if the lists differ in length, an axis is out of range or
     *         repeated, or paired extents differ; the message names the axes and shapes
     */
    public static ArrayImpl tensordot(ArrayImpl a, ArrayImpl b, int[] axesA, int[] axesB) {
        long[] sa = a.shape;
        long[] sb = b.shape;
        if (axesA.length != axesB.length) {
            throw new IllegalArgumentException("tensordot: axesA " + Shapes.excerpt(axesA) + " and axesB "
                    + Shapes.excerpt(axesB) + " must have the same length");
        }
        int[] xa = normalise(axesA, sa, "a");
        int[] xb = normalise(axesB, sb, "b");
        for (int i = 0; i < xa.length; i++) {
            if (sa[xa[i]] != sb[xb[i]]) {
                throw new IllegalArgumentException("tensordot: shape-mismatch for sum: axis " + axesA[i] + " of a "
                        + Shapes.str(sa) + " has extent " + sa[xa[i]] + ", axis " + axesB[i] + " of b "
                        + Shapes.str(sb) + " has extent " + sb[xb[i]]);
            }
        }
        int[] permA = permutation(xa, sa.length, true);
        int[] permB = permutation(xb, sb.length, false);
        int freeA = sa.length - xa.length;
        int freeB = sb.length - xb.length;
        long rows = 1;
        long inner = 1;
        long cols = 1;
        long[] outShape = new long[freeA + freeB];
        for (int i = 0; i < freeA; i++) {
            outShape[i] = sa[permA[i]];
            rows *= sa[permA[i]];
        }
        for (int i = 0; i < xa.length; i++) {
            inner *= sa[xa[i]];
        }
        for (int i = 0; i < freeB; i++) {
            outShape[freeA + i] = sb[permB[xb.length + i]];
            cols *= sb[permB[xb.length + i]];
        }
        try (OpScope s = OpScope.enter("tensordot", null, a, b)) {
            ArrayImpl a2 = ShapeOps.reshape(a.transpose(permA), rows, inner);
            ArrayImpl b2 = null;
            ArrayImpl out = null;
            try {
                b2 = ShapeOps.reshape(b.transpose(permB), inner, cols);
                ArrayImpl flat = matmul(a2, b2);
                // the same memory and C order under the tensordot shape; flat is dropped unclosed,
                // out now owns the memory (as NDArray.reshape does with its copies)
                out = new ArrayImpl(flat.memory, flat.dtype(), outShape, Shapes.cStrides(outShape), 0, flat.flags);
                return out;
            } catch (RuntimeException | Error e) {
                if (out != null) {
                    out.close();
                }
                throw e;
            } finally {
                closeIfCopy(a2, a);
                if (b2 != null) {
                    closeIfCopy(b2, b);
                }
            }
        }
    }

    private static int[] normalise(int[] axes, long[] shape, String name) {
        int[] r = new int[axes.length];
        boolean[] seen = new boolean[shape.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < -shape.length || axes[i] >= shape.length) {
                throw new IllegalArgumentException("tensordot: axis " + axes[i] + " is out of bounds for " + name
                        + " of shape " + Shapes.str(shape));
            }
            r[i] = axes[i] < 0 ? axes[i] + shape.length : axes[i];
            if (seen[r[i]]) {
                throw new IllegalArgumentException("tensordot: repeated axis " + axes[i] + " of " + name + " in "
                        + Arrays.toString(axes));
            }
            seen[r[i]] = true;
        }
        return r;
    }

    /** The free axes then the summed ones (for a), or the summed ones then the free ones (for b). */
    private static int[] permutation(int[] summed, int ndim, boolean freeFirst) {
        boolean[] isSummed = new boolean[ndim];
        for (int x : summed) {
            isSummed[x] = true;
        }
        int[] p = new int[ndim];
        int j = 0;
        if (!freeFirst) {
            for (int x : summed) {
                p[j++] = x;
            }
        }
        for (int i = 0; i < ndim; i++) {
            if (!isSummed[i]) {
                p[j++] = i;
            }
        }
        if (freeFirst) {
            for (int x : summed) {
                p[j++] = x;
            }
        }
        return p;
    }

    private static void closeIfCopy(ArrayImpl derived, ArrayImpl original) {
        if (!derived.sharesMemory(original)) {
            derived.close();
        }
    }

    private static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]).append(i == 0 && shape.length == 1 ? "," : i < shape.length - 1 ? "," : "");
        }
        return sb.append(')').toString();
    }

    /** Real part (or the whole) of an operand as a kernel matrix. */
    private static Gemm.Mat part(Operand o, boolean imag) {
        DType t = o.array().dtype();
        MemorySegment seg = o.array().memory.segment;
        if (!t.isComplex()) {
            return new Gemm.Mat(seg, t, o.off(), o.rs(), o.cs());
        }
        DType re = t == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
        return new Gemm.Mat(seg, re, 2 * o.off() + (imag ? 1 : 0), 2 * o.rs(), 2 * o.cs());
    }

    /** Writes {@code A (n x k) B (k x m)} into {@code out} at element {@code cOff}, rows {@code rsc} apart. */
    private static void product(Operand a, Operand b, long n, long m, long k, ArrayImpl out, long cOff, long rsc,
            long csc, boolean parallel) {
        DType t = out.dtype();
        MemorySegment c = out.memory.segment;
        switch (t) {
            case FLOAT32, FLOAT64 -> {
                Gemm.Mat ma = part(a, false);
                Gemm.Mat mb = part(b, false);
                if (Blas.gemm(t, n, m, k, ma, mb, c, cOff, rsc, csc)) {
                    return;
                }
                if (t == DType.FLOAT32) {
                    GemmF32.gemm(n, m, k, ma, mb, c, cOff, rsc, csc, false, false, parallel);
                } else {
                    GemmF64.gemm(n, m, k, ma, mb, c, cOff, rsc, csc, false, false, parallel);
                }
            }
            case FLOAT16, BFLOAT16, FLOAT8_E4M3FN, FLOAT8_E5M2 -> {
                try (ArrayImpl tmp = ArrayImpl.zeros(DType.FLOAT32, n, m)) {
                    MemorySegment ts = tmp.memory.segment;
                    GemmF32.gemm(n, m, k, part(a, false), part(b, false), ts, 0, m, 1, false, false, parallel);
                    double[] row = new double[(int) Math.min(m, 1 << 16)];
                    for (long i = 0; i < n; i++) {
                        for (long j = 0; j < m; j += row.length) {
                            int w = (int) Math.min(row.length, m - j);
                            ReduceBuffers.loadD(ts, DType.FLOAT32, i * m + j, 1, w, row, 0, 1);
                            ReduceBuffers.storeD(row, 0, w, c, t, cOff + i * rsc + j * csc, csc);
                        }
                    }
                }
            }
            case COMPLEX64, COMPLEX128 -> complexProduct(a, b, n, m, k, c, t, cOff, rsc, csc, parallel);
            default -> GemmLong.gemm(n, m, k, part(a, false), part(b, false), c, t, cOff, rsc, csc, parallel);
        }
    }

    /** {@code (ar + ai i)(br + bi i)} as real products into the interleaved parts of C. */
    private static void complexProduct(Operand a, Operand b, long n, long m, long k, MemorySegment c, DType t,
            long cOff, long rsc, long csc, boolean parallel) {
        boolean ai = a.array().dtype().isComplex();
        boolean bi = b.array().dtype().isComplex();
        long re = 2 * cOff;
        long im = 2 * cOff + 1;
        // each call: (rows, cols, depth, A, B, C offset, accumulate, negate)
        realProduct(t, n, m, k, part(a, false), part(b, false), c, re, 2 * rsc, 2 * csc, false, false, parallel);
        if (ai && bi) {
            realProduct(t, n, m, k, part(a, true), part(b, true), c, re, 2 * rsc, 2 * csc, true, true, parallel);
        }
        boolean imWritten = false;
        if (bi) {
            realProduct(t, n, m, k, part(a, false), part(b, true), c, im, 2 * rsc, 2 * csc, false, false, parallel);
            imWritten = true;
        }
        if (ai) {
            realProduct(t, n, m, k, part(a, true), part(b, false), c, im, 2 * rsc, 2 * csc, imWritten, false, parallel);
        }
    }

    private static void realProduct(DType complex, long n, long m, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c,
            long cOff, long rsc, long csc, boolean accumulate, boolean negate, boolean parallel) {
        if (complex == DType.COMPLEX64) {
            GemmF32.gemm(n, m, k, a, b, c, cOff, rsc, csc, accumulate, negate, parallel);
        } else {
            GemmF64.gemm(n, m, k, a, b, c, cOff, rsc, csc, accumulate, negate, parallel);
        }
    }
}
