package org.ndpack.internal.shape;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Promotion;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.shape.Copier;

/**
 * NumPy's joining, splitting and replicating tools: {@code concatenate}, {@code stack},
 * {@code split}, {@code tile}, {@code repeat} and constant {@code pad}.
 *
 * <p>Most of them are one {@link Copier#copy} from a cleverly strided view of the source into a
 * view of the new result: {@code tile} and scalar {@code repeat} read through stride-0 axes that
 * broadcast each element (or block) as often as needed, so no loop here depends on the dtype.
 * Only {@code repeat} with per-element counts, whose output is not a broadcast of its input, has
 * a loop of its own (block copies over a C-contiguous source). Stateless and thread-safe; each
 * operation reads its inputs inside an {@link OpScope}.
 */
public final class ShapeOps {

    private ShapeOps() {
    }

    // ------------------------------------------------------------------------------------------
    // concatenate, stack
    // ------------------------------------------------------------------------------------------

    /** NumPy's {@code concatenate(arrays, axis)}; see {@code NDArray.concatenate}. */
    public static ArrayImpl concatenate(int axis, ArrayImpl[] arrays) {
        checkElements(arrays, "concatenate");
        if (arrays.length == 0) {
            throw new IllegalArgumentException("need at least one array to concatenate");
        }
        long[] first = arrays[0].shape;
        int nd = first.length;
        if (nd == 0) {
            throw new IllegalArgumentException("zero-dimensional arrays cannot be concatenated");
        }
        DType t = arrays[0].dtype();
        for (int i = 1; i < arrays.length; i++) {
            int ndi = arrays[i].ndim();
            if (ndi != nd) {
                throw new IllegalArgumentException("all the input arrays must have same number of dimensions, but the"
                        + " array at index 0 has " + nd + " dimension(s) and the array at index " + i + " has " + ndi
                        + " dimension(s)");
            }
            t = Promotion.result(t, arrays[i].dtype());
        }
        int ax = Shapes.axis(axis, nd);
        long total = 0;
        for (int i = 0; i < arrays.length; i++) {
            long[] s = arrays[i].shape;
            for (int d = 0; d < nd; d++) {
                if (d != ax && s[d] != first[d]) {
                    throw new IllegalArgumentException("concatenate along axis " + axis + ": all the input array"
                            + " dimensions except for the concatenation axis must match exactly, but along dimension "
                            + d + ", the array at index 0 has size " + first[d] + " (shape " + Shapes.str(first)
                            + ") and the array at index " + i + " has size " + s[d] + " (shape " + Shapes.str(s) + ")");
                }
            }
            total = addExact(total, s[ax], "concatenate along axis " + axis + ": the result's extent");
        }
        long[] outShape = first.clone();
        outShape[ax] = total;
        ArrayImpl out = ArrayImpl.zeros(t, outShape);
        try {
            long[] st = out.strides;
            long pos = 0;
            for (ArrayImpl in : arrays) {
                long[] s = in.shape.clone();
                ArrayImpl part = new ArrayImpl(out.memory, t, s, st, pos * st[ax], 0);
                try (OpScope scope = OpScope.enter("concatenate", null, in)) {
                    Copier.copy(in, part);
                }
                pos += s[ax];
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** NumPy's {@code stack(arrays, axis)}; see {@code NDArray.stack}. */
    public static ArrayImpl stack(int axis, ArrayImpl[] arrays) {
        checkElements(arrays, "stack");
        if (arrays.length == 0) {
            throw new IllegalArgumentException("need at least one array to stack");
        }
        long[] first = arrays[0].shape;
        for (int i = 1; i < arrays.length; i++) {
            if (!Arrays.equals(first, arrays[i].shape)) {
                throw new IllegalArgumentException("all input arrays must have the same shape, but the array at index 0"
                        + " has shape " + Shapes.str(first) + " and the array at index " + i + " has shape "
                        + Shapes.str(arrays[i].shape));
            }
        }
        int ax = Shapes.axis(axis, first.length + 1);
        ArrayImpl[] expanded = new ArrayImpl[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            expanded[i] = arrays[i].expandDims(ax);
        }
        return concatenate(ax, expanded);
    }

    private static void checkElements(ArrayImpl[] arrays, String op) {
        Objects.requireNonNull(arrays, op + ": arrays is null");
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] == null) {
                throw new NullPointerException(op + ": the array at index " + i + " is null");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // split
    // ------------------------------------------------------------------------------------------

    /** NumPy's {@code split(a, sections, axis)}: equal views; see {@code NDArray.split}. */
    public static List<ArrayImpl> split(ArrayImpl a, int sections, int axis) {
        int ax = Shapes.axis(axis, a.ndim());
        if (sections <= 0) {
            throw new IllegalArgumentException("split into " + sections + " sections: the number of sections must be > 0");
        }
        long n = a.shape[ax];
        if (n % sections != 0) {
            throw new IllegalArgumentException("array split does not result in an equal division: axis " + axis
                    + " of extent " + n + " cannot be split into " + sections + " equal sections");
        }
        long len = n / sections;
        List<ArrayImpl> parts = new ArrayList<>(sections);
        for (int k = 0; k < sections; k++) {
            parts.add(axisView(a, ax, k * len, len));
        }
        return List.copyOf(parts);
    }

    /** NumPy's {@code split(a, indices, axis)}: views between the indices; see {@code NDArray.split}. */
    public static List<ArrayImpl> split(ArrayImpl a, long[] indices, int axis) {
        Objects.requireNonNull(indices, "split: indices is null");
        int ax = Shapes.axis(axis, a.ndim());
        long n = a.shape[ax];
        List<ArrayImpl> parts = new ArrayList<>(indices.length + 1);
        for (int k = 0; k <= indices.length; k++) {
            // piece k is a[indices[k-1]:indices[k]] along the axis, with Python's slice clamping
            long start = k == 0 ? 0 : clampIndex(indices[k - 1], n);
            long stop = k == indices.length ? n : clampIndex(indices[k], n);
            parts.add(axisView(a, ax, start, Math.max(0, stop - start)));
        }
        return List.copyOf(parts);
    }

    private static long clampIndex(long i, long n) {
        long j = i < 0 ? i + n : i;
        return Math.min(Math.max(j, 0), n);
    }

    private static ArrayImpl axisView(ArrayImpl a, int ax, long start, long len) {
        return a.axisRange(ax, start, len);
    }

    // ------------------------------------------------------------------------------------------
    // tile, repeat
    // ------------------------------------------------------------------------------------------

    /** NumPy's {@code tile(a, reps)}; see {@code NDArray.tile}. */
    public static ArrayImpl tile(ArrayImpl a, long[] reps) {
        Objects.requireNonNull(reps, "tile: reps is null");
        for (int i = 0; i < reps.length; i++) {
            if (reps[i] < 0) {
                throw new IllegalArgumentException("tile reps " + Arrays.toString(reps) + ": repetitions must be >= 0,"
                        + " got " + reps[i] + " at position " + i);
            }
        }
        long[] shape = a.shape;
        long[] strides = a.strides;
        int d = Math.max(shape.length, reps.length);
        // Interleave (rep_i, extent_i) pairs: the source is read with stride 0 on each rep axis.
        // Axes repeated once get no rep axis, so contiguous runs stay long.
        long[] outShape = new long[d];
        long[] srcShape = new long[2 * d];
        long[] srcStrides = new long[2 * d];
        long[] dstShape = new long[2 * d];
        int m = 0;
        for (int i = 0; i < d; i++) {
            int si = i - (d - shape.length);
            int ri = i - (d - reps.length);
            long e = si >= 0 ? shape[si] : 1;
            long st = si >= 0 ? strides[si] : 0;
            long r = ri >= 0 ? reps[ri] : 1;
            outShape[i] = multiplyExact(e, r, "tile reps " + Arrays.toString(reps) + " of shape " + Shapes.str(shape));
            if (r != 1) {
                srcShape[m] = 1;
                srcStrides[m] = 0;
                dstShape[m++] = r;
            }
            srcShape[m] = e;
            srcStrides[m] = st;
            dstShape[m++] = e;
        }
        return broadcastCopy(a, "tile", outShape, Arrays.copyOf(srcShape, m), Arrays.copyOf(srcStrides, m),
                Arrays.copyOf(dstShape, m));
    }

    /** NumPy's {@code repeat(a, repeats)} without an axis: the flattened elements, each repeated. */
    public static ArrayImpl repeat(ArrayImpl a, long repeats) {
        checkRepeats(repeats, -1);
        long[] shape = a.shape;
        long[] strides = a.strides;
        int nd = shape.length;
        long[] srcShape = Arrays.copyOf(shape, nd + 1);
        long[] srcStrides = Arrays.copyOf(strides, nd + 1);
        srcShape[nd] = 1;
        long[] dstShape = Arrays.copyOf(shape, nd + 1);
        dstShape[nd] = repeats;
        long n = multiplyExact(a.size(), repeats, "repeat " + repeats + " of " + a.size() + " elements");
        return broadcastCopy(a, "repeat", new long[] {n}, srcShape, srcStrides, dstShape);
    }

    /** NumPy's {@code repeat(a, repeats, axis)} with one count for every position on the axis. */
    public static ArrayImpl repeat(ArrayImpl a, long repeats, int axis) {
        ArrayImpl src = a.ndim() == 0 ? reshape(a, 1) : a; // NumPy treats a 0-d array as 1-d here
        int ax = Shapes.axis(axis, src.ndim());
        checkRepeats(repeats, -1);
        long[] shape = src.shape;
        long[] strides = src.strides;
        int nd = shape.length;
        long[] srcShape = insert(shape, ax + 1, 1);
        long[] srcStrides = insert(strides, ax + 1, 0);
        long[] dstShape = insert(shape, ax + 1, repeats);
        long[] outShape = shape.clone();
        outShape[ax] = multiplyExact(shape[ax], repeats, "repeat " + repeats + " along axis " + axis
                + " of shape " + Shapes.str(shape));
        assert nd == outShape.length;
        return broadcastCopy(a, "repeat", outShape, srcShape, srcStrides, dstShape);
    }

    /**
     * NumPy's {@code repeat(a, repeats, axis)} with a count per position on the axis (or one
     * count for all, when {@code repeats} has one entry).
     */
    public static ArrayImpl repeat(ArrayImpl a, long[] repeats, int axis) {
        Objects.requireNonNull(repeats, "repeat: repeats is null");
        if (repeats.length == 1) {
            checkRepeats(repeats[0], 0);
            return repeat(a, repeats[0], axis);
        }
        ArrayImpl src = a.ndim() == 0 ? reshape(a, 1) : a;
        int ax = Shapes.axis(axis, src.ndim());
        long[] shape = src.shape;
        long n = shape[ax];
        if (repeats.length != n) {
            throw new IllegalArgumentException("repeats of length " + repeats.length + " cannot be broadcast to axis "
                    + axis + " of extent " + n + " (shape " + Shapes.str(shape) + "): give one count, or one per"
                    + " position");
        }
        long total = 0;
        for (int i = 0; i < repeats.length; i++) {
            checkRepeats(repeats[i], i);
            total = addExact(total, repeats[i], "repeat along axis " + axis + ": the sum of repeats");
        }
        long[] outShape = shape.clone();
        outShape[ax] = total;
        ArrayImpl out = ArrayImpl.zeros(a.dtype(), outShape);
        if (out.size() == 0) {
            try (OpScope scope = OpScope.enter("repeat", null, a)) {
                return out; // nothing to copy; the scope still rejects a closed input
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        }
        ArrayImpl contiguous = null;
        try {
            ArrayImpl c = src;
            if (!src.isCContiguous()) {
                contiguous = copy(src);
                c = contiguous;
            }
            try (OpScope scope = OpScope.enter("repeat", null, c)) {
                repeatBlocks(c, ax, repeats, out);
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            if (contiguous != null) {
                contiguous.close();
            }
        }
        return out;
    }

    /** Copies each block (one position on the axis, all later axes) of C-contiguous {@code c}
     * {@code repeats[i]} times, in order, into C-contiguous {@code out}. */
    private static void repeatBlocks(ArrayImpl c, int ax, long[] repeats, ArrayImpl out) {
        long[] shape = c.shape;
        long inner = 1;
        for (int d = ax + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long outer = 1;
        for (int d = 0; d < ax; d++) {
            outer *= shape[d];
        }
        long w = c.dtype().byteSize();
        long block = inner * w;
        long n = shape[ax];
        MemorySegment s = c.memory.segment;
        MemorySegment d = out.memory.segment;
        long base = c.offset * w;
        long pos = 0;
        for (long o = 0; o < outer; o++) {
            for (int i = 0; i < n; i++) {
                long from = base + (o * n + i) * block;
                for (long k = 0; k < repeats[i]; k++) {
                    MemorySegment.copy(s, from, d, pos, block);
                    pos += block;
                }
            }
        }
    }

    private static void checkRepeats(long r, int position) {
        if (r < 0) {
            throw new IllegalArgumentException("repeats " + (position >= 0 ? "[" + position + "] " : "") + "= " + r
                    + ": repeats may not contain negative values");
        }
    }

    private static long[] insert(long[] x, int at, long v) {
        long[] r = new long[x.length + 1];
        System.arraycopy(x, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(x, at, r, at + 1, x.length - at);
        return r;
    }

    /**
     * Allocates a C-contiguous result of {@code outShape} and fills it by copying the view
     * {@code (srcShape, srcStrides)} of {@code a}'s memory, broadcast to {@code dstShape}, into
     * the result seen with shape {@code dstShape} (same element count as {@code outShape}).
     */
    private static ArrayImpl broadcastCopy(ArrayImpl a, String op, long[] outShape, long[] srcShape, long[] srcStrides,
            long[] dstShape) {
        ArrayImpl out = ArrayImpl.zeros(a.dtype(), outShape);
        try (OpScope scope = OpScope.enter(op, null, a)) {
            ArrayImpl src = new ArrayImpl(a.memory, a.dtype(), srcShape, srcStrides, a.offset, ArrayImpl.READ_ONLY);
            ArrayImpl dst = new ArrayImpl(out.memory, a.dtype(), dstShape, Shapes.cStrides(dstShape), 0, 0);
            Copier.copy(src, dst);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // pad
    // ------------------------------------------------------------------------------------------

    /** NumPy's {@code pad(a, padWidth, mode='constant', constant_values=value)}. */
    public static ArrayImpl pad(ArrayImpl a, long[][] padWidth, double value) {
        Objects.requireNonNull(padWidth, "pad: padWidth is null");
        long[] shape = a.shape;
        int nd = shape.length;
        if (padWidth.length != nd && padWidth.length != 1 && !(nd == 0 && padWidth.length == 0)) {
            throw new IllegalArgumentException("pad width has " + padWidth.length + " rows for an array of dimension "
                    + nd + " (shape " + Shapes.str(shape) + "): give one {before, after} row per axis, or one for all");
        }
        DType t = a.dtype();
        if (t.isInteger() && !Double.isFinite(value)) {
            throw new IllegalArgumentException("pad value " + value + " cannot be converted to " + t
                    + ": integer types hold only finite values");
        }
        long[] before = new long[nd];
        long[] outShape = new long[nd];
        for (int i = 0; i < nd; i++) {
            long[] row = padWidth.length == 1 ? padWidth[0] : padWidth[i];
            Objects.requireNonNull(row, "pad: padWidth row is null");
            if (row.length != 1 && row.length != 2) {
                throw new IllegalArgumentException("pad width " + Arrays.toString(row) + " for axis " + i
                        + ": give {before, after} or {both}");
            }
            long b = row[0];
            long f = row[row.length - 1];
            if (b < 0 || f < 0) {
                throw new IllegalArgumentException("pad width " + Arrays.toString(row) + " for axis " + i
                        + ": widths may not be negative");
            }
            before[i] = b;
            outShape[i] = addExact(addExact(shape[i], b, "pad"), f, "pad of axis " + i + " (extent " + shape[i] + ")");
        }
        ArrayImpl out = ArrayImpl.zeros(t, outShape);
        Copier.fill(out, value);
        try (OpScope scope = OpScope.enter("pad", null, a)) {
            long[] st = out.strides;
            long off = 0;
            for (int i = 0; i < nd; i++) {
                off += before[i] * st[i];
            }
            if (a.size() > 0) {
                Copier.copy(a, new ArrayImpl(out.memory, t, shape.clone(), st, off, 0));
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------

    private static long addExact(long x, long y, String what) {
        try {
            return Math.addExact(x, y);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + ": overflows a 64-bit long");
        }
    }

    private static long multiplyExact(long x, long y, String what) {
        try {
            return Math.multiplyExact(x, y);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + ": the result's extent overflows a 64-bit long");
        }
    }

    // ------------------------------------------------------------------------------------------
    // copies: astype, copy, reshape that cannot be a view
    // ------------------------------------------------------------------------------------------

    /**
     * {@return a new C-contiguous array of {@code a}'s values converted to {@code t}}
     *
     * @throws IllegalStateException if {@code a} is closed
     */
    public static ArrayImpl astype(ArrayImpl a, DType t) {
        // every element is written by the copy, so the new memory is not zeroed first
        ArrayImpl out = ArrayImpl.uninitialized(t, a.shape.clone());
        try (OpScope s = OpScope.enter("astype", null, a)) {
            Copier.copy(a, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** {@return a new C-contiguous copy of {@code a}} */
    public static ArrayImpl copy(ArrayImpl a) {
        return astype(a, a.dtype);
    }

    /**
     * {@return {@code a} in shape {@code newShape} (one extent may be -1): a view when the layout
     * allows, else a new C-contiguous copy that owns its memory}
     *
     * @throws IllegalArgumentException if the shape does not fit {@code a}'s size
     */
    public static ArrayImpl reshape(ArrayImpl a, long... newShape) {
        long[] ns = a.resolveShape(newShape);
        ArrayImpl v = a.reshapeView(ns);
        if (v != null) {
            return v;
        }
        ArrayImpl c = copy(a);
        return new ArrayImpl(c.memory, c.dtype, ns, Shapes.cStrides(ns), 0, c.flags);
    }

    /** {@return a new 1-d C-contiguous copy of {@code a}} */
    public static ArrayImpl flatten(ArrayImpl a) {
        ArrayImpl c = copy(a);
        return new ArrayImpl(c.memory, c.dtype, new long[] {c.size}, new long[] {1}, 0, c.flags);
    }
}
