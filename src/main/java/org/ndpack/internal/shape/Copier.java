package org.ndpack.internal.shape;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Casts;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.kernel.FastCasts;
import org.ndpack.internal.kernel.Kernel1;
import org.ndpack.internal.kernel.Kernels;
import org.ndpack.internal.kernel.Parallel;
import org.ndpack.internal.kernel.Strided;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Memory;

/**
 * Copies and fills on the kernels of {@code internal.kernel} (copy with conversion, fill), and
 * generic strided loops for equality, hashing and closeness, element by element through
 * {@link Elements}. Callers hold the leases ({@link OpScope}).
 */
public final class Copier {

    private Copier() {
    }

    /**
     * Copies {@code src} into {@code dst}, broadcasting src to dst's shape and converting elements
     * to {@code dst}'s dtype with NumPy's casts. The caller holds the leases and guarantees that the
     * two do not overlap in memory.
     *
     * <p>Same-dtype C-contiguous copies are one bulk copy, C-contiguous conversions between
     * float32, float64, int32 and int64 run {@link FastCasts}; others run the specialised cast (or
     * raw-move) kernels over the N-d walk of {@link Strided}, cache-tiled for transposes and split
     * over cores when large.
     */
    public static void copy(ArrayImpl src, ArrayImpl dst) {
        DType st = src.dtype();
        DType dt = dst.dtype();
        long[] shape = dst.shape;
        long n = dst.size();
        if (n == 0) {
            return;
        }
        MemorySegment s = src.memory.segment;
        MemorySegment d = dst.memory.segment;
        int sw = st.byteSize();
        int dw = dt.byteSize();
        if (st == dt && Arrays.equals(src.shape, shape) && Shapes.isCContiguous(shape, src.strides)
                && Shapes.isCContiguous(shape, dst.strides)) {
            long so = src.offset * sw;
            long dOff = dst.offset * dw;
            if (n * sw < Parallel.THRESHOLD) {
                MemorySegment.copy(s, so, d, dOff, n * sw);
            } else {
                Parallel.forChunks(n * sw, Strided.CHUNK * 8,
                        (c, from, to) -> MemorySegment.copy(s, so + from, d, dOff + from, to - from));
            }
            return;
        }
        if (FastCasts.supports(st, dt) && Arrays.equals(src.shape, shape) && Shapes.isCContiguous(shape, src.strides)
                && Shapes.isCContiguous(shape, dst.strides)) {
            FastCasts.run(s, src.offset * sw, d, dst.offset * dw, n, st, dt);
            return;
        }
        Kernel1 k = st == dt ? Kernels.move(st) : Kernels.cast(st, dt);
        Strided.run1(k, shape, s, src.offset * sw, byteStrides(src, shape, sw),
                d, dst.offset * dw, byteStrides(dst, shape, dw));
    }

    private static long[] byteStrides(ArrayImpl x, long[] shape, int w) {
        long[] st = Shapes.broadcastStrides(x.shape, x.strides, shape);
        for (int i = 0; i < st.length; i++) {
            st[i] *= w;
        }
        return st;
    }

    /** Fills {@code dst} with {@code v} converted as a float64. */
    public static void fill(ArrayImpl dst, double v) {
        fillFrom(dst, DType.FLOAT64, Double.doubleToRawLongBits(v));
    }

    /** Fills {@code dst} with {@code v} converted as an int64. */
    public static void fill(ArrayImpl dst, long v) {
        fillFrom(dst, DType.INT64, v);
    }

    /** Casts the 8-byte scalar {@code bits} of dtype {@code from} into every element of {@code dst}. */
    private static void fillFrom(ArrayImpl dst, DType from, long bits) {
        Memory m = Memory.allocate(8);
        try {
            m.segment.set(Elements.I64, 0, bits);
            DType dt = dst.dtype();
            int dw = dt.byteSize();
            long[] shape = dst.shape;
            long n = dst.size();
            MemorySegment d = dst.memory.segment;
            if (n > 1 && Shapes.isCContiguous(shape, dst.strides)) {
                // convert once, then double the filled prefix with bulk copies
                long base = dst.offset * dw;
                Kernels.cast(from, dt).run(1, m.segment, 0, 0, d, base, dw);
                long total = n * dw;
                for (long done = dw; done < total; done *= 2) {
                    MemorySegment.copy(d, base, d, base + done, Math.min(done, total - done));
                }
                return;
            }
            Strided.run1(Kernels.cast(from, dt), shape, m.segment, 0, new long[shape.length],
                    d, dst.offset * dw, byteStrides(dst, shape, dw));
        } finally {
            m.close();
        }
    }

    private static boolean same(double x, double y) {
        return x == y || (x != x && y != y);
    }

    /** {@return true if two arrays of one dtype and shape hold equal values (NaN equals NaN)} */
    public static boolean valuesEqual(ArrayImpl a, ArrayImpl b) {
        DType t = a.dtype();
        MemorySegment sa = a.memory.segment;
        MemorySegment sb = b.memory.segment;
        int w = t.byteSize();
        boolean[] eq = {true};
        boolean exact = t.isInteger() || t.isBool();
        Strided.forEach(a.shape, new long[][] {a.strides, b.strides},
                new long[] {a.offset, b.offset}, (n, o0, s0, o1, s1, o2, s2) -> {
                    for (long i = 0; i < n && eq[0]; i++) {
                        long pa = (o0 + i * s0) * w;
                        long pb = (o1 + i * s1) * w;
                        boolean e = exact
                                ? Elements.getLong(sa, t, pa) == Elements.getLong(sb, t, pb)
                                : same(Elements.getDouble(sa, t, pa), Elements.getDouble(sb, t, pb))
                                        && same(Elements.getImag(sa, t, pa), Elements.getImag(sb, t, pb));
                        eq[0] = e;
                    }
                });
        return eq[0];
    }

    /** {@return a hash of the values of {@code a} in C order, consistent with valuesEqual} */
    public static int valuesHash(ArrayImpl a) {
        DType t = a.dtype();
        MemorySegment s = a.memory.segment;
        int w = t.byteSize();
        boolean exact = t.isInteger() || t.isBool();
        int[] h = {1};
        Strided.forEach(a.shape, new long[][] {a.strides}, new long[] {a.offset},
                (n, o0, s0, o1, s1, o2, s2) -> {
                    for (long i = 0; i < n; i++) {
                        long p = (o0 + i * s0) * w;
                        int e;
                        if (exact) {
                            e = Long.hashCode(Elements.getLong(s, t, p));
                        } else {
                            e = 31 * hash(Elements.getDouble(s, t, p)) + hash(Elements.getImag(s, t, p));
                        }
                        h[0] = 31 * h[0] + e;
                    }
                });
        return h[0];
    }

    private static int hash(double x) {
        return x == 0 ? 0 : Double.hashCode(x); // -0.0 == 0.0; all NaNs hash alike
    }

    /** NumPy's allclose over the broadcast shape {@code target}. */
    public static boolean allClose(ArrayImpl a, ArrayImpl b, long[] target, double rtol, double atol) {
        DType ta = a.dtype();
        DType tb = b.dtype();
        MemorySegment sa = a.memory.segment;
        MemorySegment sb = b.memory.segment;
        int wa = ta.byteSize();
        int wb = tb.byteSize();
        long[][] st = {Shapes.broadcastStrides(a.shape, a.strides, target),
            Shapes.broadcastStrides(b.shape, b.strides, target)};
        boolean[] ok = {true};
        Strided.forEach(target, st, new long[] {a.offset, b.offset}, (n, o0, s0, o1, s1, o2, s2) -> {
            for (long i = 0; i < n && ok[0]; i++) {
                long pa = (o0 + i * s0) * wa;
                long pb = (o1 + i * s1) * wb;
                double xr = Elements.getDouble(sa, ta, pa);
                double xi = Elements.getImag(sa, ta, pa);
                double yr = Elements.getDouble(sb, tb, pb);
                double yi = Elements.getImag(sb, tb, pb);
                ok[0] = close(xr, yr, xi, yi, rtol, atol);
            }
        });
        return ok[0];
    }

    private static boolean close(double xr, double yr, double xi, double yi, double rtol, double atol) {
        if (Double.isNaN(xr) || Double.isNaN(yr) || Double.isNaN(xi) || Double.isNaN(yi)) {
            return false;
        }
        if (Double.isInfinite(xr) || Double.isInfinite(yr) || Double.isInfinite(xi) || Double.isInfinite(yi)) {
            return xr == yr && xi == yi;
        }
        double diff = Math.hypot(xr - yr, xi - yi);
        return diff <= atol + rtol * Math.hypot(yr, yi);
    }
}
