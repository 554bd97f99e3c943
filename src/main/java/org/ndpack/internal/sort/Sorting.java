package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.kernel.Parallel;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.shape.ShapeOps;

/**
 * {@code sort} and {@code argsort} along one axis, with the order of NumPy's stable sort: the
 * result is C-contiguous; each row (the elements along the axis, for one position on all other
 * axes) is loaded into a primitive Java array by a {@link RowSorter} of the dtype's lane, sorted,
 * and written to the result. Rows are independent, so large arrays are split over cores in
 * fixed chunks of rows; the result never depends on the thread count. Stateless and thread-safe.
 */
public final class Sorting {
    /** The longest row a Java array can hold (the sort works in Java arrays). */
    static final long MAX_ROW = Integer.MAX_VALUE - 8;
    /** Elements per parallel chunk (whole rows). */
    private static final long CHUNK = 1 << 16;

    private Sorting() {
    }

    /** {@return a sorted copy of {@code a} along {@code axis}}; see {@code NDArray.sort}. */
    public static ArrayImpl sort(ArrayImpl a, int axis) {
        return run(a, axis, false);
    }

    /** {@return the stable sorting permutation of {@code a} along {@code axis}}; see {@code NDArray.argsort}. */
    public static ArrayImpl argsort(ArrayImpl a, int axis) {
        return run(a, axis, true);
    }

    private static ArrayImpl run(ArrayImpl a, int axis, boolean arg) {
        ArrayImpl src = a;
        if (a.ndim() == 0) {
            if (!arg) {
                Shapes.axis(axis, 0); // NumPy: sort of a 0-d array has no axis to sort along; this throws
            }
            src = ShapeOps.reshape(a, 1); // NumPy: argsort of a 0-d array is that of the 1-element 1-d array
        }
        long[] shape = src.shape;
        int nd = shape.length;
        int ax = Shapes.axis(axis, nd);
        long n = shape[ax];
        if (n > MAX_ROW) {
            throw new IllegalArgumentException((arg ? "argsort" : "sort") + " along axis " + axis + " of extent " + n
                    + ": rows longer than " + MAX_ROW + " elements are not supported");
        }
        DType t = a.dtype();
        ArrayImpl out = ArrayImpl.zeros(arg ? DType.INT64 : t, shape);
        try (OpScope scope = OpScope.enter(arg ? "argsort" : "sort", null, a)) {
            if (out.size() > 0) {
                sortRows(src, ax, out, arg);
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    private static void sortRows(ArrayImpl src, int ax, ArrayImpl out, boolean arg) {
        long[] shape = src.shape;
        long[] strides = src.strides;
        long[] outStrides = out.strides;
        int nd = shape.length;
        long[] rowShape = new long[nd - 1];
        long[] rowStrides = new long[nd - 1];
        long[] rowOutStrides = new long[nd - 1];
        for (int d = 0, k = 0; d < nd; d++) {
            if (d != ax) {
                rowShape[k] = shape[d];
                rowStrides[k] = strides[d];
                rowOutStrides[k++] = outStrides[d];
            }
        }
        DType t = src.dtype();
        int w = t.byteSize();
        int ow = out.dtype().byteSize();
        int n = (int) shape[ax];
        long srcStride = strides[ax] * w;
        long dstStride = outStrides[ax] * ow;
        long base = src.offset;
        MemorySegment in = src.memory.segment;
        MemorySegment o = out.memory.segment;
        long elements = out.size();
        long chunk = Math.max(1, CHUNK / n) * n;
        Parallel.forChunks(elements, chunk, (c, from, to) -> {
            RowSorter rs = RowSorter.of(t, n);
            int[] idx = arg ? new int[n] : null;
            Rows rows = new Rows(rowShape, rowStrides, base, rowOutStrides, from / n);
            for (long r = from / n; r < to / n; r++) {
                long so = rows.o0 * w;
                long doff = rows.o1 * ow;
                rs.load(in, so, srcStride);
                if (arg) {
                    rs.argsort(idx);
                    for (int j = 0; j < n; j++) {
                        o.set(Elements.I64, doff + j * dstStride, idx[j]);
                    }
                } else {
                    rs.storeSorted(in, so, srcStride, o, doff, dstStride);
                }
                rows.next();
            }
        });
    }

    /** An odometer over the row starts: element offsets of one row in the source and the result. */
    private static final class Rows {
        private final long[] shape;
        private final long[] s0;
        private final long[] s1;
        private final long[] idx;
        long o0;
        long o1;

        Rows(long[] shape, long[] s0, long base0, long[] s1, long start) {
            this.shape = shape;
            this.s0 = s0;
            this.s1 = s1;
            this.idx = new long[shape.length];
            o0 = base0;
            long rest = start;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
                o0 += idx[d] * s0[d];
                o1 += idx[d] * s1[d];
            }
        }

        void next() {
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d]++;
                o0 += s0[d];
                o1 += s1[d];
                if (idx[d] < shape[d]) {
                    return;
                }
                o0 -= s0[d] * shape[d];
                o1 -= s1[d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}
