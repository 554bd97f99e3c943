package org.ndpack.internal.shape;

import java.lang.foreign.MemorySegment;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.layout.Shapes;

/**
 * The element-writing half of the public array factories ({@code arange}, {@code linspace},
 * {@code eye}, {@code of}) and of the copies out to Java arrays. The façade allocates each new
 * array itself (so that every owning array is made in one place) and hands it here to be filled;
 * the arrays passed in are new, C-contiguous and not yet shared, so no operation scope is needed
 * to fill them.
 */
public final class Factories {
    private Factories() {
    }

    /**
     * {@return the length of NumPy's {@code arange(start, stop, step)}, computed in float64}
     *
     * @throws IllegalArgumentException if a bound or the step is not finite, or the step is 0
     */
    public static long arangeLength(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step
                    + "): bounds must be finite and step finite and non-zero");
        }
        return (long) Math.max(0, Math.ceil((stop - start) / step));
    }

    /** Fills the new 1-d int64 array {@code a} with {@code 0, 1, ...}. */
    public static void iota(ArrayImpl a) {
        MemorySegment s = a.memory.segment;
        for (long i = 0; i < a.size; i++) {
            s.setAtIndex(Elements.I64, i, i);
        }
    }

    /**
     * Fills the new 1-d array {@code a} as NumPy's {@code arange} does: the first two values are
     * converted to the dtype, then the rest follow in the dtype's own arithmetic (NumPy's
     * {@code *_fill}).
     */
    public static void arange(ArrayImpl a, double start, double step) {
        long n = a.size;
        DType dtype = a.dtype;
        MemorySegment s = a.memory.segment;
        int w = dtype.byteSize();
        if (n == 0) {
            return;
        }
        Elements.setDouble(s, dtype, 0, start);
        if (n == 1) {
            return;
        }
        Elements.setDouble(s, dtype, w, start + step);
        if (dtype == DType.FLOAT64 || dtype == DType.COMPLEX128) {
            double first = Elements.getDouble(s, dtype, 0);
            double delta = Elements.getDouble(s, dtype, w) - first;
            for (long i = 2; i < n; i++) {
                Elements.setDouble(s, dtype, i * w, first + i * delta);
            }
        } else if (dtype.isFloating() || dtype.isComplex()) {
            float first = (float) Elements.getDouble(s, dtype, 0);
            float delta = (float) Elements.getDouble(s, dtype, w) - first;
            for (long i = 2; i < n; i++) {
                Elements.setDouble(s, dtype, i * w, first + (float) i * delta);
            }
        } else {
            long first = Elements.getLong(s, dtype, 0);
            long delta = Elements.getLong(s, dtype, w) - first;
            for (long i = 2; i < n; i++) {
                Elements.setLong(s, dtype, i * w, first + i * delta);
            }
        }
    }

    /** Fills the new 1-d array {@code a} as NumPy's {@code linspace(start, stop, a.size, endpoint)}. */
    public static void linspace(ArrayImpl a, double start, double stop, boolean endpoint) {
        long num = a.size;
        DType dtype = a.dtype;
        long div = endpoint ? num - 1 : num;
        double delta = stop - start;
        double step = div > 0 ? delta / div : Double.NaN;
        MemorySegment s = a.memory.segment;
        int w = dtype.byteSize();
        for (long i = 0; i < num; i++) {
            double v;
            if (div > 0) {
                v = step == 0 ? (double) i / div * delta + start : i * step + start;
            } else {
                v = i * delta + start;
            }
            Elements.setDouble(s, dtype, i * w, v);
        }
        if (endpoint && num > 1) {
            Elements.setDouble(s, dtype, (num - 1) * w, stop);
        }
    }

    /** Sets diagonal {@code k} of the new zeroed 2-d array {@code a} to one. */
    public static void eye(ArrayImpl a, long k) {
        long n = a.shape[0];
        long m = a.shape[1];
        MemorySegment s = a.memory.segment;
        int w = a.dtype.byteSize();
        for (long i = Math.max(0, -k); i < n && i + k < m; i++) {
            Elements.setLong(s, a.dtype, (i * m + i + k) * w, 1);
        }
    }

    /**
     * {@return the shape a Java array of {@code length} elements fills: {@code shape}, or
     * {@code [length]} if it is empty}
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code length} elements
     */
    public static long[] dataShape(long length, long[] shape) {
        if (shape.length == 0) {
            return new long[] {length};
        }
        long n = Shapes.size(shape);
        if (n != length) {
            throw new IllegalArgumentException("data of " + length + " elements cannot fill shape "
                    + Shapes.str(shape) + " (" + n + " elements)");
        }
        return shape.clone();
    }

    /** Copies the bytes of {@code heap} (a Java array of {@code a}'s element type) into the new array {@code a}. */
    public static void fromHeap(ArrayImpl a, MemorySegment heap) {
        MemorySegment.copy(heap, 0, a.memory.segment, 0, heap.byteSize());
    }

    /** Writes {@code data} into the new array {@code a}, each value converted as a float64 converts. */
    public static void fromDoubles(ArrayImpl a, double[] data) {
        int w = a.dtype.byteSize();
        for (int i = 0; i < data.length; i++) {
            Elements.setDouble(a.memory.segment, a.dtype, (long) i * w, data[i]);
        }
    }

    /** Writes {@code data} into the new array {@code a}, each value converted as an int64 converts. */
    public static void fromLongs(ArrayImpl a, long[] data) {
        int w = a.dtype.byteSize();
        for (int i = 0; i < data.length; i++) {
            Elements.setLong(a.memory.segment, a.dtype, (long) i * w, data[i]);
        }
    }

    /** Writes {@code data} into the new bool array {@code a} as 1 and 0. */
    public static void fromBooleans(ArrayImpl a, boolean[] data) {
        for (int i = 0; i < data.length; i++) {
            a.memory.segment.set(Elements.I8, i, (byte) (data[i] ? 1 : 0));
        }
    }

    /**
     * {@return a new Java array of {@code a}'s elements in C order, converted to {@code t} as
     * {@code astype} converts}
     *
     * @param newArray makes a Java array of {@code t}'s element type and the given length
     * @param heap views that Java array as a memory segment
     * @throws IllegalArgumentException if {@code a} has too many elements for a Java array
     * @throws IllegalStateException if {@code a} is closed
     */
    public static <J> J toJava(ArrayImpl a, DType t, IntFunction<J> newArray, Function<J, MemorySegment> heap) {
        if (a.size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of " + a.size + " elements does not fit a Java array");
        }
        J r = newArray.apply((int) a.size);
        toHeap(a, t, heap.apply(r));
        return r;
    }

    /**
     * Copies the elements of {@code a} in C order, converted to {@code t} as {@code astype}
     * converts, into {@code heap}, a Java array of {@code t}'s element type and of {@code a}'s
     * size; under an operation scope on the array read.
     *
     * @throws IllegalStateException if {@code a} is closed
     */
    private static void toHeap(ArrayImpl a, DType t, MemorySegment heap) {
        boolean direct = t == a.dtype && Shapes.isCContiguous(a.shape, a.strides);
        ArrayImpl src = direct ? a : ShapeOps.astype(a, t);
        try (OpScope s = OpScope.enter("toArray", null, src)) {
            if (a.size > 0) {
                MemorySegment.copy(src.memory.segment, src.offset * t.byteSize(), heap, 0, heap.byteSize());
            }
        } finally {
            if (!direct) {
                src.close();
            }
        }
    }
}
