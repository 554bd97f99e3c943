package org.ndpack.internal.ops;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.internal.ArrayAccess;
import org.ndpack.internal.Copier;
import org.ndpack.internal.Memory;
import org.ndpack.internal.OpScope;
import org.ndpack.internal.Promotion;
import org.ndpack.internal.Shapes;
import org.ndpack.internal.StridedLoop;
import org.ndpack.internal.kernel.IO;
import org.ndpack.internal.kernel.Kernel1;
import org.ndpack.internal.kernel.Kernel2;
import org.ndpack.internal.kernel.Strided;

/**
 * Runs element-wise operations: type resolution (NumPy 2 promotion, weak Java scalars),
 * broadcasting, the result or {@code out} operand (same_kind casting), overlap between inputs and
 * output (an overlapping input is copied first, so results equal NumPy's), the operation's
 * {@link OpScope}, and the kernel walk ({@link Strided}).
 *
 * <p>Stateless and thread-safe. Every bulk operation runs inside one {@link OpScope} naming the
 * written array and the arrays read.
 */
public final class Ufunc {
    private static final ArrayAccess A = ArrayAccess.get();

    private Ufunc() {
    }

    // ---- allocation and layout helpers --------------------------------------------------------

    /** {@return a new C-contiguous array owning new memory; {@code shape} is not copied} */
    static NDArray allocate(DType t, long[] shape) {
        long bytes = Shapes.byteSize(shape, t.byteSize());
        return A.create(Memory.allocate(bytes), t, shape, Shapes.cStrides(shape), 0, ArrayAccess.OWNER);
    }

    private static long[] byteStrides(NDArray x, long[] shape) {
        long[] xs = A.shape(x);
        long[] st = Shapes.broadcastStrides(xs, A.strides(x), shape);
        int w = x.dtype().byteSize();
        for (int i = 0; i < st.length; i++) {
            st[i] *= w;
        }
        return st;
    }

    private static void checkWritable(String op, NDArray out) {
        if (out.isReadOnly()) {
            throw new ReadOnlyArrayException("ufunc '" + op + "': output array is read-only (" + out.dtype()
                    + " array of shape " + Shapes.str(A.shape(out)) + ")");
        }
    }

    /** {@return the target shape for an explicit output: the inputs must broadcast to it} */
    private static long[] outShape(NDArray out, long[]... inputs) {
        long[] so = A.shape(out);
        boolean same = true;
        for (long[] s : inputs) {
            same &= Arrays.equals(s, so);
        }
        if (same) {
            return so;
        }
        long[][] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = so;
        long[] shape = Shapes.broadcast(all);
        if (!Arrays.equals(shape, so)) {
            throw new IllegalArgumentException("non-broadcastable output operand with shape " + Shapes.str(so)
                    + " doesn't match the broadcast shape " + Shapes.str(shape));
        }
        return so;
    }

    /**
     * {@return true if {@code x} and {@code out} share memory in a way an element-wise operation
     * cannot handle in place}: their byte spans intersect and {@code x} does not read every element
     * exactly where {@code out} writes it.
     */
    static boolean overlaps(NDArray x, NDArray out, long[] shape) {
        Memory m = A.memory(x);
        if (m != A.memory(out) || x.size() == 0 || out.size() == 0) {
            return false;
        }
        int wx = x.dtype().byteSize();
        int wo = out.dtype().byteSize();
        long[] sx = Shapes.span(A.shape(x), A.strides(x), A.offset(x));
        long[] so = Shapes.span(A.shape(out), A.strides(out), A.offset(out));
        long xlo = sx[0] * wx;
        long xhi = (sx[1] + 1) * wx;
        long olo = so[0] * wo;
        long ohi = (so[1] + 1) * wo;
        if (xhi <= olo || ohi <= xlo) {
            return false;
        }
        if (wx != wo || A.offset(x) != A.offset(out)) {
            return true;
        }
        long[] bx = Shapes.broadcastStrides(A.shape(x), A.strides(x), shape);
        long[] os = A.strides(out);
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1 && bx[i] != os[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return a new C-contiguous copy of {@code x} converted to {@code t}}, for use inside an
     * operation's scope that already holds x's lease (no nested scope: a locked array's region lock
     * is taken once per operation)
     */
    static NDArray copyOf(NDArray x, DType t) {
        NDArray c = allocate(t, A.shape(x));
        try {
            Copier.copy(x, c);
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    // ---- running kernels ----------------------------------------------------------------------

    private static boolean contiguousAs(NDArray x, long[] shape) {
        long[] xs = A.shape(x);
        return Arrays.equals(xs, shape) && Shapes.isCContiguous(xs, A.strides(x));
    }

    /**
     * Runs {@code k} over {@code shape}: {@code out = k(a, b)}; the caller holds the leases.
     * {@code fresh}: out was just allocated by {@link #allocate} with this shape (C-contiguous).
     */
    static void exec2(Kernel2 k, long[] shape, NDArray a, NDArray b, NDArray out, boolean fresh) {
        MemorySegment sa = A.memory(a).segment;
        MemorySegment sb = A.memory(b).segment;
        MemorySegment so = A.memory(out).segment;
        int wa = a.dtype().byteSize();
        int wb = b.dtype().byteSize();
        int wo = out.dtype().byteSize();
        long ao = A.offset(a) * wa;
        long bo = A.offset(b) * wb;
        long oo = A.offset(out) * wo;
        if (contiguousAs(a, shape) && (b == a || contiguousAs(b, shape)) && (fresh || contiguousAs(out, shape))) {
            Strided.contiguous2(k, out.size(), sa, ao, wa, sb, bo, wb, so, oo, wo);
            return;
        }
        Strided.run2(k, shape, sa, ao, byteStrides(a, shape), sb, bo, byteStrides(b, shape),
                so, oo, byteStrides(out, shape));
    }

    /** Runs {@code k} over {@code shape}: {@code out = k(a)}; the caller holds the leases. */
    static void exec1(Kernel1 k, long[] shape, NDArray a, NDArray out) {
        int wa = a.dtype().byteSize();
        int wo = out.dtype().byteSize();
        Strided.run1(k, shape, A.memory(a).segment, A.offset(a) * wa, byteStrides(a, shape),
                A.memory(out).segment, A.offset(out) * wo, byteStrides(out, shape));
    }

    // ---- binary -------------------------------------------------------------------------------

    /**
     * {@return {@code op(a, b)} in a new array of the broadcast shape}
     *
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are refused
     * @throws IllegalStateException if an operand is closed
     */
    public static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        BinaryOp.Resolved r = op.resolve(a.dtype(), b.dtype());
        long[] sa = A.shape(a);
        long[] sb = A.shape(b);
        long[] shape = Arrays.equals(sa, sb) ? sa : Shapes.broadcast(sa, sb);
        checkPower(op, r, a, b);
        NDArray res = allocate(r.out(), shape);
        try (OpScope s = OpScope.enter(op.numpyName, null, a, b)) {
            exec2(r.kernel(), shape, a, b, res, true);
        } catch (RuntimeException | Error e) {
            res.close();
            throw e;
        }
        return res;
    }

    /**
     * Computes {@code op(a, b)} into {@code out} (NumPy's {@code out=}): the inputs broadcast to
     * out's shape, the result is cast to out's dtype if {@code same_kind} allows it, inputs that
     * overlap out are read as if copied first.
     *
     * @return {@code out}
     * @throws IllegalArgumentException if shapes or dtypes do not fit
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public static NDArray binary(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        BinaryOp.Resolved r = op.resolve(a.dtype(), b.dtype());
        checkWritable(op.numpyName, out);
        long[] shape = outShape(out, A.shape(a), A.shape(b));
        Casting.checkOutput(op.numpyName, r.out(), out.dtype());
        checkPower(op, r, a, b);
        try (OpScope s = OpScope.enter(op.numpyName, out, a, b)) {
            NDArray ca = overlaps(a, out, shape) ? copyOf(a, a.dtype()) : null;
            NDArray cb = b == a && ca != null ? ca : overlaps(b, out, shape) ? copyOf(b, b.dtype()) : null;
            try {
                NDArray x = ca != null ? ca : a;
                NDArray y = cb != null ? cb : b;
                if (out.dtype() == r.out()) {
                    exec2(r.kernel(), shape, x, y, out, false);
                } else {
                    try (NDArray tmp = allocate(r.out(), shape)) {
                        exec2(r.kernel(), shape, x, y, tmp, true);
                        Copier.copy(tmp, out);
                    }
                }
            } finally {
                if (ca != null) {
                    ca.close();
                }
                if (cb != null && cb != ca) {
                    cb.close();
                }
            }
        }
        return out;
    }

    /**
     * {@return {@code op(a, v)} for a Java integer scalar, weak like a Python int}: the array's
     * dtype decides (a bool array gives int64)
     *
     * @param out the output, or null for a new array
     * @throws IllegalArgumentException if {@code v} does not fit an integer dtype it is combined
     *         with (NumPy 2's OverflowError), or shapes/dtypes do not fit
     */
    public static NDArray binary(BinaryOp op, NDArray a, long v, NDArray out) {
        DType t = Promotion.weakInteger(a.dtype());
        if (t.isInteger() && !fits(v, t)) {
            if (op.isPredicate() && op != BinaryOp.LOGICAL_AND && op != BinaryOp.LOGICAL_OR
                    && op != BinaryOp.LOGICAL_XOR) {
                return outOfRangeComparison(op, a, v > 0, out);
            }
            Promotion.checkWeakInteger(v, t);
        }
        try (NDArray s = scalar(t, v)) {
            return out == null ? binary(op, a, s) : binary(op, a, s, out);
        }
    }

    /**
     * {@return {@code op(a, v)} for a Java floating scalar, weak like a Python float}: a floating or
     * complex array keeps its dtype, others compute in float64
     *
     * @param out the output, or null for a new array
     */
    public static NDArray binary(BinaryOp op, NDArray a, double v, NDArray out) {
        DType t = Promotion.weakFloat(a.dtype());
        try (NDArray s = scalar(t, v)) {
            return out == null ? binary(op, a, s) : binary(op, a, s, out);
        }
    }

    /** {@return a 0-d array holding {@code v} converted to {@code t}} */
    static NDArray scalar(DType t, long v) {
        NDArray s = allocate(t, new long[0]);
        IO.of(t).setLong(A.memory(s).segment, 0, v);
        return s;
    }

    /** {@return a 0-d array holding {@code v} converted to {@code t}} */
    static NDArray scalar(DType t, double v) {
        NDArray s = allocate(t, new long[0]);
        IO.of(t).setDouble(A.memory(s).segment, 0, v);
        return s;
    }

    private static boolean fits(long v, DType t) {
        try {
            Promotion.checkWeakInteger(v, t);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** NumPy 2 compares an integer array with an out-of-range Python int exactly: a constant. */
    private static NDArray outOfRangeComparison(BinaryOp op, NDArray a, boolean above, NDArray out) {
        boolean value = switch (op) {
            case EQ -> false;
            case NE -> true;
            case LT, LE -> above;
            case GT, GE -> !above;
            default -> throw new AssertionError(op);
        };
        long[] shape;
        NDArray res;
        if (out == null) {
            shape = A.shape(a);
            res = allocate(DType.BOOL, shape);
        } else {
            checkWritable(op.numpyName, out);
            shape = outShape(out, A.shape(a));
            res = out;
        }
        try (OpScope s = OpScope.enter(op.numpyName, out, a)) {
            Copier.fill(res, value ? 1L : 0L);
        }
        return res;
    }

    /** Integer power refuses negative exponents (NumPy's ValueError), checked before any write. */
    private static void checkPower(BinaryOp op, BinaryOp.Resolved r, NDArray a, NDArray b) {
        if (op != BinaryOp.POW || !r.loop().isInteger() || r.loop().isUnsigned()
                || b.dtype().isUnsigned() || b.dtype().isBool()) {
            return;
        }
        try (OpScope s = OpScope.enter("power", null, b)) {
            MemorySegment seg = A.memory(b).segment;
            IO io = IO.of(b.dtype());
            int w = b.dtype().byteSize();
            boolean[] neg = {false};
            StridedLoop.forEach(A.shape(b), new long[][] {A.strides(b)}, new long[] {A.offset(b)},
                    (n, o0, s0, o1, s1, o2, s2) -> {
                        for (long i = 0; i < n && !neg[0]; i++) {
                            neg[0] = io.getLong(seg, (o0 + i * s0) * w) < 0;
                        }
                    });
            if (neg[0]) {
                throw new IllegalArgumentException("Integers to negative integer powers are not allowed ("
                        + a.dtype() + " ** " + b.dtype() + ")");
            }
        }
    }

    /**
     * Computes {@code a = op(a, b)} in place: the result is cast to a's dtype, refused where
     * NumPy's {@code same_kind} rule refuses.
     *
     * @return {@code a}
     */
    public static NDArray inPlace(BinaryOp op, NDArray a, NDArray b) {
        return binary(op, a, b, a);
    }

    // ---- unary --------------------------------------------------------------------------------

    /** {@return {@code op(a)} in a new array} */
    public static NDArray unary(UnaryOp op, NDArray a) {
        UnaryOp.Resolved r = op.resolve(a.dtype());
        long[] shape = A.shape(a);
        NDArray res = allocate(r.out(), shape);
        try (OpScope s = OpScope.enter(op.numpyName, null, a)) {
            exec1(r.kernel(), shape, a, res);
        } catch (RuntimeException | Error e) {
            res.close();
            throw e;
        }
        return res;
    }

    // ---- copies, fills, selection -------------------------------------------------------------

    /**
     * Copies {@code src}, broadcast to {@code dst}'s shape, into {@code dst}, converting with
     * NumPy's (unsafe) casts, like {@code dst[...] = src}; an overlapping source is copied first.
     *
     * @return {@code dst}
     */
    public static NDArray assign(NDArray dst, NDArray src) {
        checkWritable("assign", dst);
        long[] shape = outShape(dst, A.shape(src));
        try (OpScope s = OpScope.enter("assign", dst, src)) {
            if (overlaps(src, dst, shape)) {
                try (NDArray c = copyOf(src, src.dtype())) {
                    Copier.copy(c, dst);
                }
            } else {
                Copier.copy(src, dst);
            }
        }
        return dst;
    }

    /** Fills {@code dst} with {@code v} converted as a float64 is cast; returns {@code dst}. */
    public static NDArray fill(NDArray dst, double v) {
        checkWritable("fill", dst);
        try (OpScope s = OpScope.enter("fill", dst, null)) {
            Copier.fill(dst, v);
        }
        return dst;
    }

    /** Fills {@code dst} with {@code v} converted as an int64 is cast; returns {@code dst}. */
    public static NDArray fill(NDArray dst, long v) {
        checkWritable("fill", dst);
        try (OpScope s = OpScope.enter("fill", dst, null)) {
            Copier.fill(dst, v);
        }
        return dst;
    }

    /**
     * {@return NumPy's {@code where(cond, x, y)}}: elements of {@code x} where {@code cond} is
     * true (non-zero), else of {@code y}, all three broadcast together; dtype is the promotion of
     * x's and y's
     */
    public static NDArray where(NDArray cond, NDArray x, NDArray y) {
        DType t = Promotion.result(x.dtype(), y.dtype());
        long[] shape = Shapes.broadcast(A.shape(cond), A.shape(x), A.shape(y));
        NDArray res = allocate(t, shape);
        try (OpScope s = OpScope.enter("where", null, cond, x, y)) {
            Copier.copy(y, res);
            NDArray c = cond.dtype() == DType.BOOL ? cond : copyOf(cond, DType.BOOL);
            NDArray xc = x.dtype() == t ? x : copyOf(x, t);
            try {
                exec2(Selects.of(t), shape, c, xc, res, true);
            } finally {
                if (c != cond) {
                    c.close();
                }
                if (xc != x) {
                    xc.close();
                }
            }
        } catch (RuntimeException | Error e) {
            res.close();
            throw e;
        }
        return res;
    }

    /** {@return NumPy's {@code clip(a, lo, hi)} with weak floating bounds: minimum(maximum(a, lo), hi)} */
    public static NDArray clip(NDArray a, double lo, double hi) {
        return thenInPlace(binary(BinaryOp.MAXIMUM, a, lo, null), r -> binary(BinaryOp.MINIMUM, r, hi, r));
    }

    /** {@return NumPy's {@code clip(a, lo, hi)} with weak integer bounds} */
    public static NDArray clip(NDArray a, long lo, long hi) {
        if (a.dtype().isInteger()) {
            Promotion.checkWeakInteger(hi, a.dtype());
        }
        return thenInPlace(binary(BinaryOp.MAXIMUM, a, lo, null), r -> binary(BinaryOp.MINIMUM, r, hi, r));
    }

    /** Applies an in-place step to a new result, closing the result if the step fails. */
    private static NDArray thenInPlace(NDArray r, java.util.function.UnaryOperator<NDArray> step) {
        try {
            return step.apply(r);
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    // ---- complex parts ------------------------------------------------------------------------

    /**
     * {@return the real part as a view}: for a complex array a float view with doubled strides
     * (writes go to the real parts); for a real array the array's own elements, as a view
     */
    public static NDArray real(NDArray a) {
        return part(a, 0);
    }

    /**
     * {@return the imaginary part}: for a complex array a float view of the imaginary parts; for a
     * real array a new read-only array of zeros (NumPy's result), owning its memory
     */
    public static NDArray imag(NDArray a) {
        if (!a.dtype().isComplex()) {
            if (a.isClosed()) {
                A.acquire(a); // throws: a is closed; the message names the array
            }
            NDArray z = allocate(a.dtype(), A.shape(a).clone());
            return A.create(A.memory(z), a.dtype(), A.shape(z), A.strides(z), 0,
                    ArrayAccess.OWNER | ArrayAccess.READ_ONLY);
        }
        return part(a, 1);
    }

    private static NDArray part(NDArray a, int which) {
        if (a.isClosed()) {
            A.acquire(a); // throws: a is closed; the message names the array
        }
        int flags = A.flags(a) & ArrayAccess.INHERITED;
        if (!a.dtype().isComplex()) {
            return A.create(A.memory(a), a.dtype(), A.shape(a).clone(), A.strides(a).clone(), A.offset(a), flags);
        }
        DType f = a.dtype() == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
        long[] st = A.strides(a).clone();
        for (int i = 0; i < st.length; i++) {
            st[i] *= 2;
        }
        return A.create(A.memory(a), f, A.shape(a).clone(), st, A.offset(a) * 2 + which, flags);
    }
}
