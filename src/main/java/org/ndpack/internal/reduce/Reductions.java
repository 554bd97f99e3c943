package org.ndpack.internal.reduce;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Supplier;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.kernel.Parallel;
import org.ndpack.internal.kernel.ReduceArg;
import org.ndpack.internal.kernel.ReduceBuffers;
import org.ndpack.internal.kernel.ReduceComplex;
import org.ndpack.internal.kernel.ReduceDouble;
import org.ndpack.internal.kernel.ReduceKernels;
import org.ndpack.internal.kernel.ReduceLong;
import org.ndpack.internal.kernel.Reducer;
import org.ndpack.internal.kernel.Strided;
import org.ndpack.internal.layout.Shapes;

/**
 * The reductions behind {@code NDArray.sum}, {@code prod}, {@code mean}, {@code var},
 * {@code std}, {@code min}, {@code max}, {@code all}, {@code any}, {@code argmin} and
 * {@code argmax}: axis handling, NumPy's result dtypes, empty-input rules, and the choice of
 * kernel ({@link ReduceDouble}, {@link ReduceLong}, {@link ReduceComplex}, {@link ReduceArg}).
 *
 * <p>Result dtypes (NumPy's on 64-bit Linux): sum and prod of bool and signed integers give
 * {@code int64}, of unsigned integers {@code uint64}, of floating and complex types their own
 * type; mean of bool and integers gives {@code float64}; var and std of bool and integers give
 * {@code float64}, of complex types the real type of the same precision; min and max keep the
 * dtype; all and any give {@code bool}; argmin and argmax give {@code int64}. Floating sums
 * follow the order of {@link ReduceKernels} (float32 lanes within blocks for float32, float16,
 * bfloat16 and complex64; double elsewhere); products, minima and maxima work in double.
 *
 * <p>Axes: {@code null} means every axis; negative axes count from the end; a repeated axis or
 * one out of range is an {@link IllegalArgumentException}; a 0-d array has no axis (NumPy
 * accepts axis 0 and -1 on a 0-d array in the integer form of some reductions; ndpack does
 * not). Every method leases its input for the duration of the operation ({@link OpScope}) and
 * returns a new array that owns its memory. Stateless and thread-safe.
 */
public final class Reductions {
    private static final int SUM = ReduceKernels.SUM;
    private static final int PROD = ReduceKernels.PROD;
    private static final int MIN = ReduceKernels.MIN;
    private static final int MAX = ReduceKernels.MAX;

    private Reductions() {
    }

    /** {@return the dtype of {@code sum}, {@code prod}, {@code cumsum}, {@code cumprod} of {@code t}} */
    public static DType sumType(DType t) {
        if (t.isBool() || (t.isInteger() && !t.isUnsigned())) {
            return DType.INT64;
        }
        return t.isUnsigned() ? DType.UINT64 : t;
    }

    /** {@return the dtype of {@code mean} of {@code t}} */
    public static DType meanType(DType t) {
        return t.isBool() || t.isInteger() ? DType.FLOAT64 : t;
    }

    /** {@return the dtype of {@code var} and {@code std} of {@code t}} */
    public static DType varType(DType t) {
        return switch (t) {
            case COMPLEX64 -> DType.FLOAT32;
            case COMPLEX128 -> DType.FLOAT64;
            default -> meanType(t);
        };
    }

    /**
     * {@return which axes of an {@code ndim}-dimensional array {@code axes} selects}
     *
     * @throws IllegalArgumentException if an axis is out of range or repeated
     */
    static boolean[] mask(int[] axes, int ndim) {
        boolean[] m = new boolean[ndim];
        if (axes == null) {
            Arrays.fill(m, true);
            return m;
        }
        for (int ax : axes) {
            int a = Shapes.axis(ax, ndim);
            if (m[a]) {
                throw new IllegalArgumentException("duplicate value in 'axis': axes " + Shapes.excerpt(axes)
                        + " name axis " + a + " twice");
            }
            m[a] = true;
        }
        return m;
    }

    private static long reducedCount(long[] shape, boolean[] mask) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                n *= shape[i];
            }
        }
        return n;
    }

    /** Runs one reduction into a new array of {@code outType}. */
    static ArrayImpl reduce(String op, ArrayImpl a, boolean[] mask, boolean keepDims, DType outType, boolean reorder,
            Supplier<Reducer> make, ReduceEngine.Runner runner) {
        long[] shape = a.shape;
        int kept = 0;
        for (boolean b : mask) {
            kept += b ? 0 : 1;
        }
        long[] outShape = new long[keepDims ? shape.length : kept];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (keepDims) {
                outShape[i] = mask[i] ? 1 : shape[i];
            } else if (!mask[i]) {
                outShape[j++] = shape[i];
            }
        }
        ArrayImpl out = ArrayImpl.zeros(outType, outShape);
        try (OpScope s = OpScope.enter(op, null, a)) {
            ReduceLayout lay = ReduceLayout.of(shape, a.strides, a.offset, mask, reorder);
            ReduceEngine.reduce(lay, a.memory.segment, out.memory.segment, make, runner);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    private static void requireNonEmpty(String numpyName, ArrayImpl a, boolean[] mask) {
        if (reducedCount(a.shape, mask) == 0) {
            throw new IllegalArgumentException("zero-size array to reduction operation " + numpyName
                    + " which has no identity (shape " + Shapes.str(a.shape) + ", reduced axes "
                    + axesOf(mask) + ")");
        }
    }

    private static String axesOf(boolean[] mask) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                sb.append(sb.length() > 1 ? ", " : "").append(i);
            }
        }
        return sb.append(']').toString();
    }

    /** Sum or product (see the class comment for dtypes). */
    public static ArrayImpl sumProd(ArrayImpl a, int[] axes, boolean keepDims, boolean product) {
        return sumProd(a, axes, keepDims, product, ReduceEngine.PARALLEL);
    }

    static ArrayImpl sumProd(ArrayImpl a, int[] axes, boolean keepDims, boolean product, ReduceEngine.Runner runner) {
        DType t = a.dtype();
        DType o = sumType(t);
        int op = product ? PROD : SUM;
        Supplier<Reducer> make;
        if (t.isBool() || t.isInteger()) {
            make = () -> new ReduceLong(t, o, op, ReduceBuffers.VALUES, ReduceLong.identity(op));
        } else if (t.isComplex() && product) {
            make = () -> new ReduceComplex(t, PROD);
        } else {
            make = () -> new ReduceDouble(t, o, op, 1, false);
        }
        return reduce(product ? "prod" : "sum", a, mask(axes, a.ndim()), keepDims, o, true, make, runner);
    }

    /** Arithmetic mean; the mean of no elements is NaN. */
    public static ArrayImpl mean(ArrayImpl a, int[] axes, boolean keepDims) {
        return mean(a, axes, keepDims, ReduceEngine.PARALLEL);
    }

    static ArrayImpl mean(ArrayImpl a, int[] axes, boolean keepDims, ReduceEngine.Runner runner) {
        DType t = a.dtype();
        DType o = meanType(t);
        boolean[] m = mask(axes, a.ndim());
        double n = reducedCount(a.shape, m);
        return reduce("mean", a, m, keepDims, o, true, () -> new ReduceDouble(t, o, SUM, n, false), runner);
    }

    /**
     * Variance (or, with {@code std}, standard deviation): the mean of {@code |x - mean(x)|^2}
     * with divisor {@code max(n - ddof, 0)}, computed in two passes in double.
     */
    public static ArrayImpl var(ArrayImpl a, int[] axes, boolean keepDims, int ddof, boolean std) {
        return var(a, axes, keepDims, ddof, std, ReduceEngine.PARALLEL);
    }

    static ArrayImpl var(ArrayImpl a, int[] axes, boolean keepDims, int ddof, boolean std, ReduceEngine.Runner runner) {
        DType t = a.dtype();
        DType o = varType(t);
        boolean[] m = mask(axes, a.ndim());
        long n = reducedCount(a.shape, m);
        DType mt = t.isComplex() ? DType.COMPLEX128 : DType.FLOAT64;
        String op = std ? "std" : "var";
        try (OpScope s = OpScope.enter(op, null, a);
                ArrayImpl mean = reduce(op, a, m, true, mt, true, () -> new ReduceDouble(t, mt, SUM, n, false, true),
                        runner);
                ArrayImpl dev = deviations(a, mean)) {
            double div = Math.max((double) n - ddof, 0);
            return reduce(op, dev, m, keepDims, o, true, () -> new ReduceDouble(DType.FLOAT64, o, SUM, div, std), runner);
        }
    }

    /** {@return a new float64 array of {@code |a - mean|^2}, {@code mean} broadcast to a's shape} */
    private static ArrayImpl deviations(ArrayImpl a, ArrayImpl mean) {
        long[] shape = a.shape;
        // every element is written below, or the array closed on failure
        ArrayImpl d = ArrayImpl.uninitialized(DType.FLOAT64, shape.clone());
        try {
            fillDeviations(a, mean, d);
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** Writes every element of {@code d}: see {@link #deviations}. */
    private static void fillDeviations(ArrayImpl a, ArrayImpl mean, ArrayImpl d) {
        long[] shape = a.shape;
        DType t = a.dtype();
        DType mt = mean.dtype();
        MemorySegment sa = a.memory.segment;
        MemorySegment sm = mean.memory.segment;
        MemorySegment sd = d.memory.segment;
        if (mean.size == 1 && mt == DType.FLOAT64 && (t == DType.FLOAT64 || t == DType.FLOAT32)
                && Shapes.isCContiguous(shape, a.strides)) {
            // the variance of a whole contiguous float array: one scalar mean, parallel bulk runs
            double mu = sm.get(Elements.F64, mean.offset * Double.BYTES);
            Parallel.forChunks(a.size, Strided.CHUNK,
                    (c, from, to) -> squaredDeviations(sa, t, a.offset + from, sd, from, to - from, mu));
            return;
        }
        int v = t.isComplex() ? 2 : 1;
        int block = 512;
        double[] x = new double[2 * block];
        double[] mu = new double[2 * block];
        long[][] st = {d.strides, a.strides, Shapes.broadcastStrides(mean.shape, mean.strides, shape)};
        long[] off = {0, a.offset, 0};
        boolean bulk = mt == DType.FLOAT64 && (t == DType.FLOAT64 || t == DType.FLOAT32);
        Strided.forEach(shape, st, off, (n, o0, s0, o1, s1, o2, s2) -> {
            if (bulk && s0 == 1 && s1 == 1 && s2 == 0 && n >= 64) {
                // one mean for a contiguous run (var along the last axis): the bulk loop
                squaredDeviations(sa, t, o1, sd, o0, n, sm.get(Elements.F64, o2 * Double.BYTES));
                return;
            }
            for (long i = 0; i < n; i += block) {
                int m = (int) Math.min(block, n - i);
                ReduceBuffers.loadD(sa, t, o1 + i * s1, s1, m, x, 0, 1);
                ReduceBuffers.loadD(sm, mt, o2 + i * s2, s2, m, mu, 0, 1);
                for (int k = 0; k < m; k++) {
                    double re = x[v * k] - mu[v * k];
                    double im = v == 2 ? x[2 * k + 1] - mu[2 * k + 1] : 0;
                    x[k] = re * re + im * im;
                }
                ReduceBuffers.storeD(x, 0, m, sd, DType.FLOAT64, o0 + i * s0, s0);
            }
        });
    }

    /**
     * {@code d[at + i] = (x - mu)^2} for the {@code n} contiguous float32 or float64 values
     * {@code x} from element {@code off} of {@code sa}, in double: the values of the general loop
     * above (whose {@code + im * im} adds +0.0 to a square, which is never -0.0), read and written
     * in bulk blocks and computed in a loop C2 vectorises.
     */
    private static void squaredDeviations(MemorySegment sa, DType t, long off, MemorySegment sd, long at, long n,
            double mu) {
        int block = 1024;
        double[] x = new double[block];
        float[] f = t == DType.FLOAT32 ? new float[block] : null;
        for (long i = 0; i < n; i += block) {
            int m = (int) Math.min(block, n - i);
            if (f != null) {
                MemorySegment.copy(sa, Elements.F32, (off + i) * Float.BYTES, f, 0, m);
                for (int k = 0; k < m; k++) {
                    double r = f[k] - mu;
                    x[k] = r * r;
                }
            } else {
                MemorySegment.copy(sa, Elements.F64, (off + i) * Double.BYTES, x, 0, m);
                for (int k = 0; k < m; k++) {
                    double r = x[k] - mu;
                    x[k] = r * r;
                }
            }
            MemorySegment.copy(x, 0, sd, Elements.F64, (at + i) * Double.BYTES, m);
        }
    }

    /** Minimum or maximum (NaN propagates; complex numbers compare lexicographically). */
    public static ArrayImpl minMax(ArrayImpl a, int[] axes, boolean keepDims, boolean max) {
        return minMax(a, axes, keepDims, max, ReduceEngine.PARALLEL);
    }

    static ArrayImpl minMax(ArrayImpl a, int[] axes, boolean keepDims, boolean max, ReduceEngine.Runner runner) {
        DType t = a.dtype();
        int op = max ? MAX : MIN;
        boolean[] m = mask(axes, a.ndim());
        requireNonEmpty(max ? "maximum" : "minimum", a, m);
        Supplier<Reducer> make;
        if (t.isBool() || t.isInteger()) {
            make = () -> new ReduceLong(t, t, op, ReduceBuffers.ORDERED, ReduceLong.identity(op));
        } else if (t.isComplex()) {
            make = () -> new ReduceComplex(t, op);
        } else {
            make = () -> new ReduceDouble(t, t, op, 1, false);
        }
        return reduce(max ? "max" : "min", a, m, keepDims, t, true, make, runner);
    }

    /** {@code all} (every element non-zero) or {@code any} (some element non-zero); NaN is non-zero. */
    public static ArrayImpl allAny(ArrayImpl a, int[] axes, boolean keepDims, boolean any) {
        return allAny(a, axes, keepDims, any, ReduceEngine.PARALLEL);
    }

    static ArrayImpl allAny(ArrayImpl a, int[] axes, boolean keepDims, boolean any, ReduceEngine.Runner runner) {
        DType t = a.dtype();
        int op = any ? MAX : MIN;
        long identity = any ? 0 : 1;
        boolean[] m = mask(axes, a.ndim());
        String name = any ? "any" : "all";
        boolean every = true;
        for (boolean r : m) {
            every &= r;
        }
        if (t == DType.BOOL && a.size > 0 && every && Shapes.isCContiguous(a.shape, a.strides)) {
            // the whole of a contiguous bool array: its first block on this thread first (the
            // reducer's own any/all route), as NumPy stops at the first deciding element, so
            // that an answer found there costs no parallel split (about 10 us)
            long[] shape = new long[keepDims ? a.ndim() : 0];
            Arrays.fill(shape, 1);
            ArrayImpl out = ArrayImpl.zeros(DType.BOOL, shape);
            try (OpScope s = OpScope.enter(name, null, a)) {
                ReduceLong probe = new ReduceLong(t, DType.BOOL, op, ReduceBuffers.NONZERO, identity);
                probe.begin(0);
                probe.run(a.memory.segment, a.offset, 1, Math.min(a.size, PROBE));
                probe.end(out.memory.segment, out.offset);
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
            if (out.memory.segment.get(ValueLayout.JAVA_BYTE, out.offset) == (any ? 1 : 0)) {
                return out;
            }
            out.close();
        }
        return reduce(name, a, m, keepDims, DType.BOOL, true,
                () -> new ReduceLong(t, DType.BOOL, op, ReduceBuffers.NONZERO, identity), runner);
    }

    /** Bool elements {@link #allAny} looks at before it splits the work: one block of the reducer's. */
    private static final long PROBE = 1 << 13;

    /**
     * Index of the first minimum (maximum) along {@code axis}, or in the flattened array (C order)
     * when {@code axis} is null; the first NaN counts as the extreme.
     *
     * @throws IllegalArgumentException if the axis is out of range or the sequence is empty
     */
    public static ArrayImpl argMinMax(ArrayImpl a, Integer axis, boolean keepDims, boolean max) {
        return argMinMax(a, axis, keepDims, max, ReduceEngine.PARALLEL);
    }

    static ArrayImpl argMinMax(ArrayImpl a, Integer axis, boolean keepDims, boolean max, ReduceEngine.Runner runner) {
        boolean[] m = mask(axis == null ? null : new int[] {axis}, a.ndim());
        if (reducedCount(a.shape, m) == 0) {
            throw new IllegalArgumentException("attempt to get " + (max ? "argmax" : "argmin")
                    + " of an empty sequence (shape " + Shapes.str(a.shape) + ", axis " + axis + ")");
        }
        DType t = a.dtype();
        return reduce(max ? "argmax" : "argmin", a, m, keepDims, DType.INT64, false,
                () -> new ReduceArg(t, max), runner);
    }
}
