package org.ndpack.internal.ufunc;

import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.reduce.Cumulative;
import org.ndpack.internal.reduce.Reductions;
import org.ndpack.internal.shape.Copier;
import org.ndpack.internal.shape.ShapeOps;

/**
 * NumPy's ufunc methods for the binary operations: {@code reduce}, {@code accumulate} and
 * {@code outer}. Add, multiply, maximum, minimum, logical and/or reduce through the reduction
 * engine (as {@code np.add.reduce} is {@code np.sum}); add and multiply accumulate through the
 * scans ({@code np.cumsum}); every other operation folds slice by slice with the element-wise
 * driver, in the operation's own loop dtype. Stateless.
 */
public final class UfuncMethods {
    private UfuncMethods() {
    }

    /**
     * NumPy's {@code op.reduce(a, axis=axes, keepdims=keepDims)}.
     *
     * @param axes the axes, or null for all
     * @throws IllegalArgumentException if an axis is out of range or repeated, a reduction of an
     *         empty axis has no identity, or a non-reorderable operation gets several axes
     */
    public static ArrayImpl reduce(BinaryOp op, ArrayImpl a, int[] axes, boolean keepDims) {
        switch (op) {
            case ADD, MUL -> {
                return Reductions.sumProd(a, axes, keepDims, op == BinaryOp.MUL);
            }
            case MAXIMUM, MINIMUM -> {
                return Reductions.minMax(a, axes, keepDims, op == BinaryOp.MAXIMUM);
            }
            case LOGICAL_AND, LOGICAL_OR -> {
                return Reductions.allAny(a, axes, keepDims, op == BinaryOp.LOGICAL_OR);
            }
            default -> {
                return fold(op, a, axes, keepDims);
            }
        }
    }

    /**
     * NumPy's {@code op.accumulate(a, axis=axis)}: element {@code i} along the axis is
     * {@code op(result[i - 1], a[i])}. A 0-d array is refused, as NumPy refuses it.
     *
     * @throws IllegalArgumentException if {@code a} is 0-d or the axis is out of range
     */
    public static ArrayImpl accumulate(BinaryOp op, ArrayImpl a, int axis) {
        if (a.ndim() == 0) {
            throw new IllegalArgumentException("cannot accumulate ('" + op.numpyName + "') on a 0-d array");
        }
        int ax = Shapes.axis(axis, a.ndim());
        if (op == BinaryOp.ADD || op == BinaryOp.MUL) {
            return Cumulative.scan(a, ax, op == BinaryOp.MUL);
        }
        DType t = loopOut(op, a.dtype());
        ArrayImpl r = ShapeOps.astype(a, t);
        try {
            for (long i = 1, n = a.shape[ax]; i < n; i++) {
                Elementwise.binary(op, r.axisRange(ax, i - 1, 1), a.axisRange(ax, i, 1), r.axisRange(ax, i, 1));
            }
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
        return r;
    }

    /**
     * NumPy's {@code op.outer(a, b)}: the result has shape {@code a.shape + b.shape}, element
     * {@code [i..., j...]} being {@code op(a[i...], b[j...])}.
     */
    public static ArrayImpl outer(BinaryOp op, ArrayImpl a, ArrayImpl b) {
        int na = a.ndim();
        long[] shape = Arrays.copyOf(a.shape, na + b.ndim());
        Arrays.fill(shape, na, shape.length, 1);
        long[] strides = Arrays.copyOf(a.strides, shape.length);
        return Elementwise.binary(op, a.view(shape, strides, a.offset), b);
    }

    /**
     * {@return the dtype a fold of {@code t} runs in}: the loop's, which must also be its output so
     * that each result feeds the next step (the logical ufuncs fold in bool, their inputs cast to
     * bool, as NumPy's)
     *
     * @throws IllegalArgumentException for a comparison of non-bool inputs, whose bool result
     *         cannot feed back (NumPy: no matching loop)
     */
    private static DType loopOut(BinaryOp op, DType t) {
        BinaryOp.Resolved r = op.resolve(t, t);
        boolean logical = op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR || op == BinaryOp.LOGICAL_XOR;
        if (r.out() != r.loop() && !logical) {
            throw new IllegalArgumentException("ufunc '" + op.numpyName + "' cannot reduce or accumulate " + t
                    + ": its " + r.out() + " result cannot be fed back as a " + r.loop() + " operand");
        }
        return r.out();
    }

    /** The identity NumPy gives the operation, or null. */
    private static Long identity(BinaryOp op) {
        return switch (op) {
            case OR, XOR, LOGICAL_XOR -> 0L;
            case AND -> -1L;
            default -> null;
        };
    }

    private static boolean reorderable(BinaryOp op) {
        return identity(op) != null;
    }

    /** The generic reduce: fold each axis, slice by slice, from the highest axis down. */
    private static ArrayImpl fold(BinaryOp op, ArrayImpl a, int[] axes, boolean keepDims) {
        int nd = a.ndim();
        boolean[] reduced = new boolean[nd];
        int count = 0;
        if (axes == null) {
            Arrays.fill(reduced, true);
            count = nd;
        } else {
            for (int ax : axes) {
                int k = Shapes.axis(ax, nd);
                if (reduced[k]) {
                    throw new IllegalArgumentException("axes " + Shapes.excerpt(axes) + ": repeated axis " + ax);
                }
                reduced[k] = true;
                count++;
            }
        }
        if (count > 1 && !reorderable(op)) {
            throw new IllegalArgumentException("reduction operation '" + op.numpyName
                    + "' is not reorderable, so at most one axis may be specified (got " + count + ")");
        }
        DType t = loopOut(op, a.dtype());
        ArrayImpl r = null;
        ArrayImpl src = a;
        try {
            for (int k = nd - 1; k >= 0; k--) {
                if (reduced[k]) {
                    ArrayImpl next = foldAxis(op, src, k, t);
                    if (r != null) {
                        r.close();
                    }
                    r = next;
                    src = r;
                }
            }
            if (r == null) {
                r = ShapeOps.astype(a, t);
            }
            if (keepDims) {
                return r;
            }
            long[] shape = new long[nd - count];
            for (int k = 0, j = 0; k < nd; k++) {
                if (!reduced[k]) {
                    shape[j++] = a.shape[k];
                }
            }
            return new ArrayImpl(r.memory, t, shape, Shapes.cStrides(shape), 0, r.flags);
        } catch (RuntimeException | Error e) {
            if (r != null) {
                r.close();
            }
            throw e;
        }
    }

    /** {@return a new C-contiguous array: {@code src} folded along axis {@code ax}, kept with extent 1} */
    private static ArrayImpl foldAxis(BinaryOp op, ArrayImpl src, int ax, DType t) {
        long n = src.shape[ax];
        if (n == 0) {
            long[] shape = src.shape.clone();
            shape[ax] = 1;
            ArrayImpl r = ArrayImpl.zeros(t, shape);
            Long id = identity(op);
            if (id == null) {
                if (r.size() > 0) {
                    r.close();
                    throw new IllegalArgumentException("zero-size array to reduction operation " + op.numpyName
                            + " which has no identity");
                }
            } else {
                Copier.fill(r, id.longValue());
            }
            return r;
        }
        ArrayImpl r = ShapeOps.astype(src.axisRange(ax, 0, 1), t);
        try {
            for (long i = 1; i < n; i++) {
                Elementwise.binary(op, r, src.axisRange(ax, i, 1), r);
            }
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
        return r;
    }
}
