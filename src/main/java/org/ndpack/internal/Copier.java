package org.ndpack.internal;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Generic strided loops of the array model: copy with conversion, fill, equality, hashing and
 * closeness. They run element by element through {@link Elements} (same-dtype copies move raw
 * bytes); callers hold the leases ({@link OpScope}).
 */
public final class Copier {
    private static final ArrayAccess A = ArrayAccess.get();

    private Copier() {
    }

    /**
     * Copies {@code src} into {@code dst} (same shape), converting elements to {@code dst}'s dtype.
     * The caller guarantees the two do not overlap in memory.
     */
    public static void copy(NDArray src, NDArray dst) {
        DType st = src.dtype();
        DType dt = dst.dtype();
        MemorySegment s = A.memory(src).segment;
        MemorySegment d = A.memory(dst).segment;
        int sw = st.byteSize();
        int dw = dt.byteSize();
        long[] shape = A.shape(dst);
        long[][] strides = {Shapes.broadcastStrides(A.shape(src), A.strides(src), shape), A.strides(dst)};
        long[] off = {A.offset(src), A.offset(dst)};
        if (st == dt) {
            StridedLoop.forEach(shape, strides, off, (n, o0, s0, o1, s1, o2, s2) -> {
                if (s0 == 1 && s1 == 1) {
                    MemorySegment.copy(s, o0 * sw, d, o1 * dw, n * sw);
                } else {
                    for (long i = 0; i < n; i++) {
                        MemorySegment.copy(s, (o0 + i * s0) * sw, d, (o1 + i * s1) * dw, sw);
                    }
                }
            });
        } else {
            StridedLoop.forEach(shape, strides, off, (n, o0, s0, o1, s1, o2, s2) -> {
                for (long i = 0; i < n; i++) {
                    Elements.convert(s, st, (o0 + i * s0) * sw, d, dt, (o1 + i * s1) * dw);
                }
            });
        }
    }

    /** Fills {@code dst} with {@code v} converted as a float64. */
    public static void fill(NDArray dst, double v) {
        DType t = dst.dtype();
        MemorySegment d = A.memory(dst).segment;
        int w = t.byteSize();
        StridedLoop.forEach(A.shape(dst), new long[][] {A.strides(dst)}, new long[] {A.offset(dst)},
                (n, o0, s0, o1, s1, o2, s2) -> {
                    for (long i = 0; i < n; i++) {
                        Elements.setDouble(d, t, (o0 + i * s0) * w, v);
                    }
                });
    }

    /** Fills {@code dst} with {@code v} converted as an int64. */
    public static void fill(NDArray dst, long v) {
        DType t = dst.dtype();
        MemorySegment d = A.memory(dst).segment;
        int w = t.byteSize();
        StridedLoop.forEach(A.shape(dst), new long[][] {A.strides(dst)}, new long[] {A.offset(dst)},
                (n, o0, s0, o1, s1, o2, s2) -> {
                    for (long i = 0; i < n; i++) {
                        Elements.setLong(d, t, (o0 + i * s0) * w, v);
                    }
                });
    }

    private static boolean same(double x, double y) {
        return x == y || (x != x && y != y);
    }

    /** {@return true if two arrays of one dtype and shape hold equal values (NaN equals NaN)} */
    public static boolean valuesEqual(NDArray a, NDArray b) {
        DType t = a.dtype();
        MemorySegment sa = A.memory(a).segment;
        MemorySegment sb = A.memory(b).segment;
        int w = t.byteSize();
        boolean[] eq = {true};
        boolean exact = t.isInteger() || t.isBool();
        StridedLoop.forEach(A.shape(a), new long[][] {A.strides(a), A.strides(b)},
                new long[] {A.offset(a), A.offset(b)}, (n, o0, s0, o1, s1, o2, s2) -> {
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
    public static int valuesHash(NDArray a) {
        DType t = a.dtype();
        MemorySegment s = A.memory(a).segment;
        int w = t.byteSize();
        boolean exact = t.isInteger() || t.isBool();
        int[] h = {1};
        StridedLoop.forEach(A.shape(a), new long[][] {A.strides(a)}, new long[] {A.offset(a)},
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
    public static boolean allClose(NDArray a, NDArray b, long[] target, double rtol, double atol) {
        DType ta = a.dtype();
        DType tb = b.dtype();
        MemorySegment sa = A.memory(a).segment;
        MemorySegment sb = A.memory(b).segment;
        int wa = ta.byteSize();
        int wb = tb.byteSize();
        long[][] st = {Shapes.broadcastStrides(A.shape(a), A.strides(a), target),
            Shapes.broadcastStrides(A.shape(b), A.strides(b), target)};
        boolean[] ok = {true};
        StridedLoop.forEach(target, st, new long[] {A.offset(a), A.offset(b)}, (n, o0, s0, o1, s1, o2, s2) -> {
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
