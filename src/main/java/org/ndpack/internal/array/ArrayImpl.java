package org.ndpack.internal.array;


import org.ndpack.DType;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Memory;

/**
 * The array inside ndpack: a descriptor (dtype, shape, strides in elements, element offset, flags)
 * over a {@link Memory}, and the view arithmetic that makes new descriptors over the same memory
 * (basic indexing, reshape without copy, transpose, squeeze, broadcast, flip). Every internal
 * operation takes and returns this type; the public {@code NDArray} wraps exactly one of them.
 *
 * <p>The descriptor fields are final and the arrays behind {@link #shape} and {@link #strides} are
 * never modified after construction, so an instance is safely published through any field. The
 * only mutable state is the closed flag of a view. Views copy nothing; operations that must copy
 * (a reshape that cannot be a view, {@code astype}) live above this package, where they can take
 * the operation scope.
 */
public final class ArrayImpl implements AutoCloseable {
    /** Flag: writes are refused. */
    public static final int READ_ONLY = 1;
    /** Flag: this array owns its memory; closing it closes the memory. */
    public static final int OWNER = 2;
    /** Flag: operations on this array run under the memory-region lock. */
    public static final int LOCKED = 4;
    /** Flag: operations on this array register with the race detector. */
    public static final int CHECKED = 8;
    /** Flags that views inherit from their base. */
    public static final int INHERITED = READ_ONLY | LOCKED | CHECKED;

    /** Index entry kind: one integer, which removes the axis. */
    public static final int AT = 0;
    /** Index entry kind: a range {@code start:stop:step}. */
    public static final int RANGE = 1;
    /** Index entry kind: {@code ...}, the axes not otherwise indexed. */
    public static final int ELLIPSIS = 2;
    /** Index entry kind: {@code None}, a new axis of extent 1. */
    public static final int NEW_AXIS = 3;

    /** The memory this array views. */
    public final Memory memory;
    /** The element type. */
    public final DType dtype;
    /** The extents; never modified. */
    public final long[] shape;
    /** The strides in elements; never modified. */
    public final long[] strides;
    /** The element offset of the first element in {@link #memory}. */
    public final long offset;
    /** The flags ({@link #READ_ONLY}, {@link #OWNER}, {@link #LOCKED}, {@link #CHECKED}). */
    public final int flags;
    /** The number of elements. */
    public final long size;
    private volatile boolean closed;

    /**
     * Creates an array over {@code memory}. The layout is trusted: the caller has checked that every
     * element it can address lies inside the memory. The arrays are taken, not copied.
     */
    public ArrayImpl(Memory memory, DType dtype, long[] shape, long[] strides, long offset, int flags) {
        this.memory = memory;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.flags = flags;
        long n = 1;
        for (long e : shape) {
            n *= e;
        }
        this.size = n;
        if ((flags & OWNER) != 0) {
            OwnerHook h = ownerHook;
            if (h != null) {
                h.created(this);
            }
        }
    }

    /** Told of every new array that owns its memory (the public scopes' registration). */
    @FunctionalInterface
    public interface OwnerHook {
        /** Called on the creating thread, at the end of the new owner's constructor. */
        void created(ArrayImpl owner);
    }

    private static volatile OwnerHook ownerHook;

    /** Installs the one {@link OwnerHook}; called once, by the public scope class's initialiser. */
    public static void installOwnerHook(OwnerHook hook) {
        ownerHook = hook;
    }

    /**
     * Allocates a zeroed C-contiguous array that owns its memory.
     *
     * @throws IllegalArgumentException if an extent is negative, there are more than 64
     *         dimensions, or the byte size overflows a long
     */
    public static ArrayImpl zeros(DType dtype, long... shape) {
        return allocate(dtype, shape);
    }

    /**
     * {@return a new C-contiguous array owning new memory whose bytes are unspecified}: the
     * zeroing of {@link #zeros} is skipped ({@link Memory#allocateUninitialized}). Only for a
     * result that is written completely before anyone sees it, and closed unreturned if that
     * throws. {@code shape} is not copied.
     *
     * @throws IllegalArgumentException if the byte size overflows a long
     */
    public static ArrayImpl uninitialized(DType dtype, long[] shape) {
        long bytes = Shapes.byteSize(shape, dtype.byteSize());
        return new ArrayImpl(Memory.allocateUninitialized(bytes), dtype, shape, Shapes.cStrides(shape), 0, OWNER);
    }

    /** As {@link #zeros}. */
    public static ArrayImpl allocate(DType dtype, long[] shape) {
        long[] sh = shape.clone();
        long bytes = Shapes.byteSize(sh, dtype.byteSize());
        return new ArrayImpl(Memory.allocate(bytes), dtype, sh, Shapes.cStrides(sh), 0, OWNER);
    }

    // ------------------------------------------------------------------------------------------
    // Descriptor
    // ------------------------------------------------------------------------------------------

    /** {@return the element type} */
    public DType dtype() {
        return dtype;
    }

    /** {@return a copy of the shape} */
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the number of dimensions} */
    public int ndim() {
        return shape.length;
    }

    /** {@return the number of elements} */
    public long size() {
        return size;
    }

    /** {@return true if writes are refused} */
    public boolean isReadOnly() {
        return (flags & READ_ONLY) != 0;
    }

    /** {@return true if this array owns its memory} */
    public boolean isOwner() {
        return (flags & OWNER) != 0;
    }

    /** {@return true if the elements are contiguous in C order} */
    public boolean isCContiguous() {
        return Shapes.isCContiguous(shape, strides);
    }

    /** {@return true if {@code other} views the same memory} */
    public boolean sharesMemory(ArrayImpl other) {
        return memory == other.memory;
    }

    /** {@return true if this array or its memory is closed} */
    public boolean isClosed() {
        return closed || memory.isClosed();
    }

    /** {@return the byte offset of the first element in the memory} */
    public long byteOffset() {
        return offset * dtype.byteSize();
    }

    // ------------------------------------------------------------------------------------------
    // Lifetime
    // ------------------------------------------------------------------------------------------

    /**
     * Closes this array: the memory on the owner, only this descriptor on a view. Idempotent: a
     * second close does nothing, and the memory is released once.
     */
    @Override
    public void close() {
        if ((flags & OWNER) != 0) {
            memory.close(); // false when it was closed already: nothing more to do
        }
        closed = true;
    }

    /**
     * Takes a lease on the memory; the caller gives it back with {@code memory.release()}.
     *
     * @throws IllegalStateException if this array or its memory is closed (the message names the
     *         array: {@link #closedError()})
     */
    public void acquire() {
        if (closed) {
            throw closedError();
        }
        try {
            memory.acquire();
        } catch (IllegalStateException e) {
            throw memory.isClosed() ? closedError() : e;
        }
    }

    /**
     * {@return the exception for a use of this array after it, or the memory it views, was
     * closed}: its message names the dtype, the shape, and whether it is a view
     */
    public IllegalStateException closedError() {
        String what = dtype + ((flags & OWNER) != 0 ? " array" : " view") + " of shape " + Shapes.str(shape);
        if ((flags & OWNER) == 0 && !closed && memory.isClosed()) {
            return new IllegalStateException(what + " is unusable: the array it views was closed");
        }
        return new IllegalStateException(what + " is closed");
    }

    /**
     * {@return the byte offset in the memory of the element at {@code index}}, negative indices
     * counting from the end
     *
     * @throws IndexOutOfBoundsException if the rank differs or an index is out of bounds
     */
    public long elementByteOffset(long[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Shapes.excerpt(index) + " has " + index.length
                    + " entries, but the array is " + shape.length + "-dimensional (shape "
                    + Shapes.str(shape) + ")");
        }
        long e = offset;
        for (int i = 0; i < index.length; i++) {
            e += checkIndex(index[i], i) * strides[i];
        }
        return e * dtype.byteSize();
    }

    /** {@return index {@code ix} of axis {@code axis}, negative counting from the end} */
    private long checkIndex(long ix, int axis) {
        long n = shape[axis];
        if (ix < -n || ix >= n) {
            throw new IndexOutOfBoundsException("index " + ix + " is out of bounds for axis " + axis + " with size " + n);
        }
        return ix < 0 ? ix + n : ix;
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /** A view with this array's inherited flags. */
    public ArrayImpl view(long[] newShape, long[] newStrides, long newOffset) {
        return view(newShape, newStrides, newOffset, flags & INHERITED);
    }

    /**
     * A view with the given flags ({@link #OWNER} is dropped).
     *
     * @throws IllegalStateException if this array is closed
     */
    public ArrayImpl view(long[] newShape, long[] newStrides, long newOffset, int newFlags) {
        if (isClosed()) {
            throw closedError();
        }
        return new ArrayImpl(memory, dtype, newShape, newStrides, newOffset, newFlags & ~OWNER);
    }

    /** {@return a view of the same layout with {@code extra} flags added to the inherited ones} */
    public ArrayImpl withFlags(int extra) {
        return view(shape.clone(), strides.clone(), offset, (flags & INHERITED) | extra);
    }

    /**
     * A NumPy basic index. Entry {@code i} has kind {@code kinds[i]} ({@link #AT}, {@link #RANGE},
     * {@link #ELLIPSIS}, {@link #NEW_AXIS}); for {@code AT} the index is {@code starts[i]}; for
     * {@code RANGE} the bounds are {@code starts[i]}/{@code stops[i]} when {@code hasStart[i]}/
     * {@code hasStop[i]}, and the step is {@code steps[i]} (non-zero).
     *
     * @param text the index as the user wrote it, for messages
     * @throws IllegalArgumentException if there is more than one ellipsis
     * @throws IndexOutOfBoundsException if an integer is out of range or there are more indices
     *         than axes
     */
    public ArrayImpl slice(String text, int[] kinds, long[] starts, boolean[] hasStart, long[] stops,
            boolean[] hasStop, long[] steps) {
        int consumed = 0;
        int ellipses = 0;
        for (int k : kinds) {
            if (k == AT || k == RANGE) {
                consumed++;
            } else if (k == ELLIPSIS) {
                ellipses++;
            }
        }
        if (ellipses > 1) {
            throw new IllegalArgumentException("index " + text + ": at most one ellipsis ('...')");
        }
        if (consumed > shape.length) {
            throw new IndexOutOfBoundsException("too many indices for array: array is " + shape.length
                    + "-dimensional, but " + consumed + " were indexed");
        }
        int nd = shape.length - consumed;
        for (int k : kinds) {
            nd += k == NEW_AXIS || k == RANGE ? 1 : 0;
        }
        long[] nShape = new long[nd];
        long[] nStrides = new long[nd];
        int j = 0;
        long off = offset;
        int axis = 0;
        boolean sawEllipsis = false;
        for (int e = 0; e < kinds.length; e++) {
            switch (kinds[e]) {
                case AT -> {
                    off += checkIndex(starts[e], axis) * strides[axis];
                    axis++;
                }
                case RANGE -> {
                    long n = shape[axis];
                    long step = steps[e];
                    long start;
                    long stop;
                    if (step > 0) {
                        start = clamp(hasStart[e], starts[e], n, 0, 0, n);
                        stop = clamp(hasStop[e], stops[e], n, n, 0, n);
                    } else {
                        start = clamp(hasStart[e], starts[e], n, n - 1, -1, n - 1);
                        stop = clamp(hasStop[e], stops[e], n, -1, -1, n - 1);
                    }
                    long len;
                    if (step > 0) {
                        len = stop > start ? (stop - start + step - 1) / step : 0;
                    } else {
                        len = start > stop ? (start - stop + (-step) - 1) / (-step) : 0;
                    }
                    off += (len == 0 ? 0 : start) * strides[axis];
                    nShape[j] = len;
                    nStrides[j++] = len <= 1 ? strides[axis] : strides[axis] * step;
                    axis++;
                }
                case ELLIPSIS -> {
                    sawEllipsis = true;
                    for (int k = 0, full = shape.length - consumed; k < full; k++) {
                        nShape[j] = shape[axis];
                        nStrides[j++] = strides[axis++];
                    }
                }
                default -> {
                    nShape[j] = 1;
                    nStrides[j++] = 0;
                }
            }
        }
        if (!sawEllipsis) {
            for (; axis < shape.length; axis++) {
                nShape[j] = shape[axis];
                nStrides[j++] = strides[axis];
            }
        }
        return view(nShape, nStrides, off);
    }

    private static long clamp(boolean present, long x, long n, long dflt, long lo, long hi) {
        if (!present) {
            return dflt;
        }
        if (x < 0) {
            x += n;
        }
        return Math.min(Math.max(x, lo), hi);
    }

    /** {@return the view of {@code len} elements from {@code start} along axis {@code ax}} */
    public ArrayImpl axisRange(int ax, long start, long len) {
        long[] sh = shape.clone();
        sh[ax] = len;
        return view(sh, strides.clone(), offset + (len == 0 ? 0 : start) * strides[ax]);
    }

    /**
     * Resolves a requested shape (one extent may be {@code -1}) against this array's size.
     *
     * @throws IllegalArgumentException if the shape has two unknowns, a negative extent, or
     *         another size
     */
    public long[] resolveShape(long[] newShape) {
        long[] ns = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < ns.length; i++) {
            if (ns[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("cannot reshape array of shape " + Shapes.str(shape)
                            + " into " + Shapes.str(newShape) + ": can only specify one unknown dimension");
                }
                infer = i;
            } else if (ns[i] < 0) {
                throw new IllegalArgumentException("cannot reshape into " + Shapes.str(newShape)
                        + ": extents must be >= 0 or -1");
            } else {
                known = Math.multiplyExact(known, ns[i]);
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape array of size " + size + " into shape "
                        + Shapes.str(newShape));
            }
            ns[infer] = size / known;
        }
        if (Shapes.size(ns) != size) {
            throw new IllegalArgumentException("cannot reshape array of size " + size + " into shape "
                    + Shapes.str(newShape));
        }
        return ns;
    }

    /**
     * {@return the reshaped view, or null if the new shape cannot be a view of this layout}
     *
     * @param ns a shape resolved by {@link #resolveShape}
     */
    public ArrayImpl reshapeView(long[] ns) {
        long[] st = size == 0 ? Shapes.cStrides(ns) : nocopyStrides(ns);
        return st == null ? null : view(ns, st, offset);
    }

    /** NumPy's attempt to reshape without copying: the new strides, or null if a copy is needed. */
    private long[] nocopyStrides(long[] newShape) {
        int oldnd = 0;
        long[] od = new long[shape.length];
        long[] os = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                od[oldnd] = shape[i];
                os[oldnd++] = strides[i];
            }
        }
        int newnd = newShape.length;
        long[] ns = new long[newnd];
        int oi = 0;
        int oj = 1;
        int ni = 0;
        int nj = 1;
        while (ni < newnd && oi < oldnd) {
            long np = newShape[ni];
            long op = od[oi];
            while (np != op) {
                if (np < op) {
                    np *= newShape[nj++];
                } else {
                    op *= od[oj++];
                }
            }
            for (int ok = oi; ok < oj - 1; ok++) {
                if (os[ok] != od[ok + 1] * os[ok + 1]) {
                    return null;
                }
            }
            ns[nj - 1] = os[oj - 1];
            for (int nk = nj - 1; nk > ni; nk--) {
                ns[nk - 1] = ns[nk] * newShape[nk];
            }
            ni = nj++;
            oi = oj++;
        }
        long last = ni >= 1 ? ns[ni - 1] : 1;
        for (int nk = ni; nk < newnd; nk++) {
            ns[nk] = last;
        }
        return ns;
    }

    /**
     * {@return the view with axes permuted: axis {@code i} of the result is {@code axes[i]} here}
     *
     * @throws IllegalArgumentException if {@code axes} is not a permutation of the axes
     */
    public ArrayImpl transpose(int... axes) {
        int nd = shape.length;
        if (axes.length != nd) {
            throw new IllegalArgumentException("axes " + Shapes.excerpt(axes) + " don't match array of dimension " + nd);
        }
        boolean[] seen = new boolean[nd];
        long[] nsh = new long[nd];
        long[] nst = new long[nd];
        for (int i = 0; i < nd; i++) {
            int a = Shapes.axis(axes[i], nd);
            if (seen[a]) {
                throw new IllegalArgumentException("axes " + Shapes.excerpt(axes) + ": repeated axis " + axes[i]);
            }
            seen[a] = true;
            nsh[i] = shape[a];
            nst[i] = strides[a];
        }
        return view(nsh, nst, offset);
    }

    /** {@return the view with the axes reversed} */
    public ArrayImpl transpose() {
        int nd = shape.length;
        int[] axes = new int[nd];
        for (int i = 0; i < nd; i++) {
            axes[i] = nd - 1 - i;
        }
        return transpose(axes);
    }

    /** {@return the view without the axes of extent 1} */
    public ArrayImpl squeeze() {
        int nd = 0;
        for (long e : shape) {
            nd += e != 1 ? 1 : 0;
        }
        long[] sh = new long[nd];
        long[] st = new long[nd];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                sh[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        return view(sh, st, offset);
    }

    /**
     * {@return the view without axis {@code axis}}
     *
     * @throws IllegalArgumentException if the axis is out of range or its extent is not 1
     */
    public ArrayImpl squeeze(int axis) {
        int a = Shapes.axis(axis, shape.length);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("cannot select an axis to squeeze out which has size not equal to one: axis "
                    + axis + " has extent " + shape[a]);
        }
        return view(remove(shape, a), remove(strides, a), offset);
    }

    private static long[] remove(long[] x, int i) {
        long[] r = new long[x.length - 1];
        System.arraycopy(x, 0, r, 0, i);
        System.arraycopy(x, i + 1, r, i, x.length - i - 1);
        return r;
    }

    /**
     * {@return the view with a new axis of extent 1 at position {@code axis}}
     *
     * @throws IllegalArgumentException if the axis is out of range
     */
    public ArrayImpl expandDims(int axis) {
        int a = Shapes.axis(axis, shape.length + 1);
        long[] sh = new long[shape.length + 1];
        long[] st = new long[shape.length + 1];
        for (int i = 0, j = 0; i < sh.length; i++) {
            if (i == a) {
                sh[i] = 1;
                st[i] = 0;
            } else {
                sh[i] = shape[j];
                st[i] = strides[j++];
            }
        }
        return view(sh, st, offset);
    }

    /**
     * {@return the read-only view broadcast to {@code newShape}}
     *
     * @throws IllegalArgumentException if the shapes are not broadcast-compatible
     */
    public ArrayImpl broadcastTo(long[] newShape) {
        long[] ns = newShape.clone();
        Shapes.size(ns);
        long[] st = Shapes.broadcastStrides(shape, strides, ns);
        return view(ns, st, offset, (flags & INHERITED) | READ_ONLY);
    }

    /**
     * {@return the view with axis {@code axis} reversed}
     *
     * @throws IllegalArgumentException if the axis is out of range
     */
    public ArrayImpl flip(int axis) {
        int a = Shapes.axis(axis, shape.length);
        long[] st = strides.clone();
        long off = offset;
        if (shape[a] > 0) {
            off += (shape[a] - 1) * strides[a];
        }
        st[a] = -st[a];
        return view(shape.clone(), st, off);
    }
}
