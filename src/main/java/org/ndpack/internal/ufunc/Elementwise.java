package org.ndpack.internal.ufunc;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.ndpack.DType;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Casting;
import org.ndpack.internal.dtype.Promotion;
import org.ndpack.internal.kernel.Clip;
import org.ndpack.internal.kernel.ElementCodec;
import org.ndpack.internal.kernel.Kernel1;
import org.ndpack.internal.kernel.Kernel2;
import org.ndpack.internal.kernel.Strided;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Memory;
import org.ndpack.internal.shape.Copier;

/**
 * Runs element-wise operations: type resolution (NumPy 2 promotion, weak Java scalars),
 * broadcasting, the result or {@code out} operand (same_kind casting), overlap between inputs and
 * output (an overlapping input is copied first, so results equal NumPy's), the operation's
 * {@link OpScope}, and the kernel walk ({@link Strided}).
 *
 * <p>Stateless and thread-safe. Every bulk operation runs inside one {@link OpScope} naming the
 * written array and the arrays read.
 */
public final class Elementwise {

    private Elementwise() {
    }

    // ---- allocation and layout helpers --------------------------------------------------------

    /** {@return a new zeroed C-contiguous array owning new memory; {@code shape} is not copied} */
    static ArrayImpl allocate(DType t, long[] shape) {
        long bytes = Shapes.byteSize(shape, t.byteSize());
        return new ArrayImpl(Memory.allocate(bytes), t, shape, Shapes.cStrides(shape), 0, ArrayImpl.OWNER);
    }

    /**
     * {@return a new C-contiguous array owning new memory whose bytes are unspecified}: the
     * zeroing of {@link #allocate} is skipped ({@link Memory#allocateUninitialized}). Only for a
     * result that is written completely (a kernel over its whole shape, a copy or a fill into it)
     * before it is returned, and closed unreturned if that throws: every caller below does both.
     * {@code shape} is not copied.
     */
    static ArrayImpl result(DType t, long[] shape) {
        return ArrayImpl.uninitialized(t, shape);
    }

    private static long[] byteStrides(ArrayImpl x, long[] shape) {
        long[] xs = x.shape;
        long[] st = Shapes.broadcastStrides(xs, x.strides, shape);
        int w = x.dtype().byteSize();
        for (int i = 0; i < st.length; i++) {
            st[i] *= w;
        }
        return st;
    }

    private static void checkWritable(String op, ArrayImpl out) {
        if (out.isReadOnly()) {
            throw new ReadOnlyArrayException("ufunc '" + op + "': output array is read-only (" + out.dtype()
                    + " array of shape " + Shapes.str(out.shape) + ")");
        }
    }

    /** {@return the target shape for an explicit output: the inputs must broadcast to it} */
    private static long[] outShape(ArrayImpl out, long[]... inputs) {
        long[] so = out.shape;
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
    static boolean overlaps(ArrayImpl x, ArrayImpl out, long[] shape) {
        Memory m = x.memory;
        if (m != out.memory || x.size() == 0 || out.size() == 0) {
            return false;
        }
        int wx = x.dtype().byteSize();
        int wo = out.dtype().byteSize();
        long[] sx = Shapes.span(x.shape, x.strides, x.offset);
        long[] so = Shapes.span(out.shape, out.strides, out.offset);
        long xlo = sx[0] * wx;
        long xhi = (sx[1] + 1) * wx;
        long olo = so[0] * wo;
        long ohi = (so[1] + 1) * wo;
        if (xhi <= olo || ohi <= xlo) {
            return false;
        }
        if (wx != wo || x.offset != out.offset) {
            return true;
        }
        long[] bx = Shapes.broadcastStrides(x.shape, x.strides, shape);
        long[] os = out.strides;
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
    static ArrayImpl copyOf(ArrayImpl x, DType t) {
        ArrayImpl c = result(t, x.shape);
        try {
            Copier.copy(x, c);
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    // ---- running kernels ----------------------------------------------------------------------

    private static boolean contiguousAs(ArrayImpl x, long[] shape) {
        long[] xs = x.shape;
        return Arrays.equals(xs, shape) && Shapes.isCContiguous(xs, x.strides);
    }

    /**
     * Runs {@code k} over {@code shape}: {@code out = k(a, b)}; the caller holds the leases.
     * {@code fresh}: out was just allocated by {@link #allocate} with this shape (C-contiguous).
     */
    static void exec2(Kernel2 k, long[] shape, ArrayImpl a, ArrayImpl b, ArrayImpl out, boolean fresh) {
        exec2(k, shape, a, b, out, fresh, Strided.RUN_CHUNK);
    }

    /** {@link #exec2(Kernel2, long[], ArrayImpl, ArrayImpl, ArrayImpl, boolean)} with {@code chunk} elements per parallel chunk. */
    static void exec2(Kernel2 k, long[] shape, ArrayImpl a, ArrayImpl b, ArrayImpl out, boolean fresh, long chunk) {
        MemorySegment sa = a.memory.segment;
        MemorySegment sb = b.memory.segment;
        MemorySegment so = out.memory.segment;
        int wa = a.dtype().byteSize();
        int wb = b.dtype().byteSize();
        int wo = out.dtype().byteSize();
        long ao = a.offset * wa;
        long bo = b.offset * wb;
        long oo = out.offset * wo;
        if (contiguousAs(a, shape) && (b == a || contiguousAs(b, shape)) && (fresh || contiguousAs(out, shape))) {
            Strided.contiguous2(k, out.size(), sa, ao, wa, sb, bo, wb, so, oo, wo, chunk);
            return;
        }
        Strided.run2(k, shape, sa, ao, byteStrides(a, shape), sb, bo, byteStrides(b, shape),
                so, oo, byteStrides(out, shape), chunk);
    }

    /** Runs {@code k} over {@code shape}: {@code out = k(a)}; the caller holds the leases. */
    static void exec1(Kernel1 k, long[] shape, ArrayImpl a, ArrayImpl out) {
        exec1(k, shape, a, out, Strided.RUN_CHUNK);
    }

    /** {@link #exec1(Kernel1, long[], ArrayImpl, ArrayImpl)} with {@code chunk} elements per parallel chunk. */
    static void exec1(Kernel1 k, long[] shape, ArrayImpl a, ArrayImpl out, long chunk) {
        int wa = a.dtype().byteSize();
        int wo = out.dtype().byteSize();
        Strided.run1(k, shape, a.memory.segment, a.offset * wa, byteStrides(a, shape),
                out.memory.segment, out.offset * wo, byteStrides(out, shape), chunk);
    }

    // ---- binary -------------------------------------------------------------------------------

    /**
     * Writes {@code op(a)} into {@code out}, broadcasting {@code a} to {@code out}'s shape; the
     * result is computed in the operation's loop dtype and cast to {@code out}'s under NumPy's
     * {@code same_kind} rule.
     *
     * @return {@code out}
     * @throws IllegalArgumentException if shapes or dtypes do not fit
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public static ArrayImpl unary(UnaryOp op, ArrayImpl a, ArrayImpl out) {
        checkWritable(op.numpyName, out);
        long[] shape = outShape(out, a.shape);
        try (ArrayImpl r = unary(op, a)) {
            Casting.checkOutput(op.numpyName, r.dtype(), out.dtype());
            try (OpScope s = OpScope.enter(op.numpyName, out, r)) {
                Copier.copy(r.broadcastTo(shape), out);
            }
        }
        return out;
    }

    /**
     * {@return {@code op(a, b)} in a new array of the broadcast shape}
     *
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are refused
     * @throws IllegalStateException if an operand is closed
     */
    public static ArrayImpl binary(BinaryOp op, ArrayImpl a, ArrayImpl b) {
        BinaryOp.Resolved r = op.resolve(a.dtype(), b.dtype());
        long[] sa = a.shape;
        long[] sb = b.shape;
        long[] shape = Arrays.equals(sa, sb) ? sa : Shapes.broadcast(sa, sb);
        checkPower(op, r, a, b);
        ArrayImpl res = result(r.out(), shape);
        try (OpScope s = OpScope.enter(op.numpyName, null, a, b)) {
            exec2(kernel(r, b, shape), shape, a, b, res, true, chunk(op, r, b, shape));
        } catch (RuntimeException | Error e) {
            res.close();
            throw e;
        }
        return res;
    }

    /**
     * {@return the kernel of {@code r} for second operand {@code b} over {@code shape}}: its
     * {@link BinaryOp.Resolved#scalarKernel} where {@code b} is one element everywhere, as NumPy's
     * loops see a broadcast scalar (every stride 0 over the shape: a 0-d or one-element operand
     * broadcast, or a stride-0 view), else its kernel. A one-element {@code b} of the result's
     * own shape with ordinary strides ({@code [x] ** [y]}) is an array, as in NumPy.
     */
    private static Kernel2 kernel(BinaryOp.Resolved r, ArrayImpl b, long[] shape) {
        Kernel2 k = r.kernel();
        return r.scalarKernel() == k || !oneElementEverywhere(b, shape) ? k : r.scalarKernel();
    }

    /** {@return whether {@code b} is one element everywhere over {@code shape}}, as {@link #kernel} means it */
    private static boolean oneElementEverywhere(ArrayImpl b, long[] shape) {
        for (long st : Shapes.broadcastStrides(b.shape, b.strides, shape)) {
            if (st != 0) {
                return false;
            }
        }
        if (shape.length > 0 && Arrays.equals(b.shape, shape)) {
            for (long st : b.strides) {
                if (st != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@return the elements per parallel chunk of {@code op} with second operand {@code b}}:
     * {@link Strided#HEAVY_CHUNK} for a costly operation ({@link BinaryOp#costly}) unless it is
     * integer division or remainder by a second operand that is one element everywhere (then a
     * multiplier per divisor, as cheap as a product); the same chunks on any number of threads,
     * so the split never shows in a result
     */
    private static long chunk(BinaryOp op, BinaryOp.Resolved r, ArrayImpl b, long[] shape) {
        if (!op.costly() || (op == BinaryOp.FLOOR_DIV || op == BinaryOp.MOD) && r.loop().isInteger()
                && oneElementEverywhere(b, shape)) {
            return Strided.RUN_CHUNK;
        }
        return Strided.HEAVY_CHUNK;
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
    public static ArrayImpl binary(BinaryOp op, ArrayImpl a, ArrayImpl b, ArrayImpl out) {
        BinaryOp.Resolved r = op.resolve(a.dtype(), b.dtype());
        checkWritable(op.numpyName, out);
        long[] shape = outShape(out, a.shape, b.shape);
        Casting.checkOutput(op.numpyName, r.out(), out.dtype());
        checkPower(op, r, a, b);
        try (OpScope s = OpScope.enter(op.numpyName, out, a, b)) {
            ArrayImpl ca = overlaps(a, out, shape) ? copyOf(a, a.dtype()) : null;
            ArrayImpl cb = b == a && ca != null ? ca : overlaps(b, out, shape) ? copyOf(b, b.dtype()) : null;
            try {
                ArrayImpl x = ca != null ? ca : a;
                ArrayImpl y = cb != null ? cb : b;
                if (out.dtype() == r.out()) {
                    exec2(kernel(r, y, shape), shape, x, y, out, false, chunk(op, r, y, shape));
                } else {
                    try (ArrayImpl tmp = result(r.out(), shape)) {
                        exec2(kernel(r, y, shape), shape, x, y, tmp, true, chunk(op, r, y, shape));
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
    public static ArrayImpl binary(BinaryOp op, ArrayImpl a, long v, ArrayImpl out) {
        DType t = Promotion.weakInteger(a.dtype());
        if (t.isInteger() && !fits(v, t)) {
            if (op.isPredicate() && op != BinaryOp.LOGICAL_AND && op != BinaryOp.LOGICAL_OR
                    && op != BinaryOp.LOGICAL_XOR) {
                return outOfRangeComparison(op, a, v > 0, out);
            }
            Promotion.checkWeakInteger(v, t);
        }
        try (ArrayImpl s = scalar(t, v)) {
            return out == null ? binary(op, a, s) : binary(op, a, s, out);
        }
    }

    /**
     * {@return {@code op(a, v)} for a Java floating scalar, weak like a Python float}: a floating or
     * complex array keeps its dtype, others compute in float64
     *
     * @param out the output, or null for a new array
     */
    public static ArrayImpl binary(BinaryOp op, ArrayImpl a, double v, ArrayImpl out) {
        DType t = Promotion.weakFloat(a.dtype());
        try (ArrayImpl s = scalar(t, v)) {
            return out == null ? binary(op, a, s) : binary(op, a, s, out);
        }
    }

    /** {@return a 0-d array holding {@code v} converted to {@code t}} */
    static ArrayImpl scalar(DType t, long v) {
        ArrayImpl s = result(t, new long[0]);
        ElementCodec.of(t).setLong(s.memory.segment, 0, v);
        return s;
    }

    /** {@return a 0-d array holding {@code v} converted to {@code t}} */
    static ArrayImpl scalar(DType t, double v) {
        ArrayImpl s = result(t, new long[0]);
        ElementCodec.of(t).setDouble(s.memory.segment, 0, v);
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
    private static ArrayImpl outOfRangeComparison(BinaryOp op, ArrayImpl a, boolean above, ArrayImpl out) {
        boolean value = switch (op) {
            case EQ -> false;
            case NE -> true;
            case LT, LE -> above;
            case GT, GE -> !above;
            default -> throw new AssertionError(op);
        };
        long[] shape;
        ArrayImpl res;
        if (out == null) {
            shape = a.shape;
            res = result(DType.BOOL, shape);
        } else {
            checkWritable(op.numpyName, out);
            shape = outShape(out, a.shape);
            res = out;
        }
        try (OpScope s = OpScope.enter(op.numpyName, out, a)) {
            Copier.fill(res, value ? 1L : 0L);
        }
        return res;
    }

    /** Integer power refuses negative exponents (NumPy's ValueError), checked before any write. */
    private static void checkPower(BinaryOp op, BinaryOp.Resolved r, ArrayImpl a, ArrayImpl b) {
        if (op != BinaryOp.POW || !r.loop().isInteger() || r.loop().isUnsigned()
                || b.dtype().isUnsigned() || b.dtype().isBool()) {
            return;
        }
        try (OpScope s = OpScope.enter("power", null, b)) {
            MemorySegment seg = b.memory.segment;
            ElementCodec io = ElementCodec.of(b.dtype());
            int w = b.dtype().byteSize();
            boolean[] neg = {false};
            Strided.forEach(b.shape, new long[][] {b.strides}, new long[] {b.offset},
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
    public static ArrayImpl inPlace(BinaryOp op, ArrayImpl a, ArrayImpl b) {
        return binary(op, a, b, a);
    }

    // ---- unary --------------------------------------------------------------------------------

    /** {@return {@code op(a)} in a new array} */
    public static ArrayImpl unary(UnaryOp op, ArrayImpl a) {
        UnaryOp.Resolved r = op.resolve(a.dtype());
        long[] shape = a.shape;
        ArrayImpl res = result(r.out(), shape);
        try (OpScope s = OpScope.enter(op.numpyName, null, a)) {
            exec1(r.kernel(), shape, a, res, op.costly() ? Strided.HEAVY_CHUNK : Strided.RUN_CHUNK);
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
    public static ArrayImpl assign(ArrayImpl dst, ArrayImpl src) {
        checkWritable("assign", dst);
        long[] shape = outShape(dst, src.shape);
        try (OpScope s = OpScope.enter("assign", dst, src)) {
            if (overlaps(src, dst, shape)) {
                try (ArrayImpl c = copyOf(src, src.dtype())) {
                    Copier.copy(c, dst);
                }
            } else {
                Copier.copy(src, dst);
            }
        }
        return dst;
    }

    /** Fills {@code dst} with {@code v} converted as a float64 is cast; returns {@code dst}. */
    public static ArrayImpl fill(ArrayImpl dst, double v) {
        checkWritable("fill", dst);
        try (OpScope s = OpScope.enter("fill", dst, null)) {
            Copier.fill(dst, v);
        }
        return dst;
    }

    /** Fills {@code dst} with {@code v} converted as an int64 is cast; returns {@code dst}. */
    public static ArrayImpl fill(ArrayImpl dst, long v) {
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
    public static ArrayImpl where(ArrayImpl cond, ArrayImpl x, ArrayImpl y) {
        DType t = Promotion.result(x.dtype(), y.dtype());
        long[] shape = Shapes.broadcast(cond.shape, x.shape, y.shape);
        ArrayImpl res = result(t, shape);
        try (OpScope s = OpScope.enter("where", null, cond, x, y)) {
            Copier.copy(y, res);
            ArrayImpl c = cond.dtype() == DType.BOOL ? cond : copyOf(cond, DType.BOOL);
            ArrayImpl xc = x.dtype() == t ? x : copyOf(x, t);
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
    public static ArrayImpl clip(ArrayImpl a, double lo, double hi) {
        DType t = a.dtype();
        if (t == DType.FLOAT32) {
            return clipFloat(a, (float) lo, (float) hi);
        }
        if (t == DType.FLOAT64) {
            return clipFloat(a, lo, hi);
        }
        return thenInPlace(binary(BinaryOp.MAXIMUM, a, lo, null), r -> binary(BinaryOp.MINIMUM, r, hi, r));
    }

    /** {@return NumPy's {@code clip(a, lo, hi)} with weak integer bounds} */
    public static ArrayImpl clip(ArrayImpl a, long lo, long hi) {
        DType t = a.dtype();
        if (t.isInteger()) {
            Promotion.checkWeakInteger(hi, t);
        } else if (t == DType.FLOAT32) {
            return clipFloat(a, (float) lo, (float) hi);
        } else if (t == DType.FLOAT64) {
            return clipFloat(a, (double) lo, (double) hi);
        }
        return thenInPlace(binary(BinaryOp.MAXIMUM, a, lo, null), r -> binary(BinaryOp.MINIMUM, r, hi, r));
    }

    /**
     * {@return NumPy's clip of a float32 or float64 array by bounds already rounded to its dtype}:
     * one pass of {@link Clip}'s compare-and-select (NumPy's rule, signed zeros included); a NaN
     * bound takes the two-pass form, which gives NaN everywhere as NumPy does
     */
    private static ArrayImpl clipFloat(ArrayImpl a, double lo, double hi) {
        Kernel1 k = Clip.of(a.dtype(), lo, hi);
        if (k == null) {
            return thenInPlace(binary(BinaryOp.MAXIMUM, a, lo, null), r -> binary(BinaryOp.MINIMUM, r, hi, r));
        }
        ArrayImpl res = result(a.dtype(), a.shape);
        try (OpScope s = OpScope.enter("clip", null, a)) {
            exec1(k, a.shape, a, res);
        } catch (RuntimeException | Error e) {
            res.close();
            throw e;
        }
        return res;
    }

    /** Applies an in-place step to a new result, closing the result if the step fails. */
    private static ArrayImpl thenInPlace(ArrayImpl r, UnaryOperator<ArrayImpl> step) {
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
    public static ArrayImpl real(ArrayImpl a) {
        return part(a, 0);
    }

    /**
     * {@return the imaginary part}: for a complex array a float view of the imaginary parts; for a
     * real array a new read-only array of zeros (NumPy's result), owning its memory
     */
    public static ArrayImpl imag(ArrayImpl a) {
        if (!a.dtype().isComplex()) {
            if (a.isClosed()) {
                throw a.closedError();
            }
            ArrayImpl z = allocate(a.dtype(), a.shape.clone());
            return new ArrayImpl(z.memory, a.dtype(), z.shape, z.strides, 0,
                    ArrayImpl.OWNER | ArrayImpl.READ_ONLY);
        }
        return part(a, 1);
    }

    private static ArrayImpl part(ArrayImpl a, int which) {
        if (a.isClosed()) {
            throw a.closedError();
        }
        int flags = a.flags & ArrayImpl.INHERITED;
        if (!a.dtype().isComplex()) {
            return new ArrayImpl(a.memory, a.dtype(), a.shape.clone(), a.strides.clone(), a.offset, flags);
        }
        DType f = a.dtype() == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
        long[] st = a.strides.clone();
        for (int i = 0; i < st.length; i++) {
            st[i] *= 2;
        }
        return new ArrayImpl(a.memory, f, a.shape.clone(), st, a.offset * 2 + which, flags);
    }
}
