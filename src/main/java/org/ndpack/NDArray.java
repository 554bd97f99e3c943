package org.ndpack;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import org.ndpack.internal.ArrayAccess;
import org.ndpack.internal.Copier;
import org.ndpack.internal.Elements;
import org.ndpack.internal.Format;
import org.ndpack.internal.Memory;
import org.ndpack.internal.NativeAllocator;
import org.ndpack.internal.OpScope;
import org.ndpack.internal.Shapes;
import org.ndpack.internal.ops.BinaryOp;
import org.ndpack.internal.ops.Cumulative;
import org.ndpack.internal.ops.MatMul;
import org.ndpack.internal.ops.Reductions;
import org.ndpack.internal.ops.Ufunc;
import org.ndpack.internal.ops.UnaryOp;

/**
 * An n-dimensional array of one {@link DType} over off-heap memory, with NumPy's vocabulary.
 *
 * <p>An {@code NDArray} is an immutable <em>descriptor</em>: a dtype, a shape, strides (in
 * elements; zero for broadcast axes, negative for reversed ones), the element offset of its first
 * element and a read-only flag, over a region of native memory that it may share with other
 * arrays. Views ({@link #slice(String)}, {@link #reshape}, {@link #transpose()}, ...) are new
 * descriptors over the same memory: a write through one is seen through all.
 *
 * {@snippet :
 * try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3)) {
 *     NDArray col = a.slice(":, 1");        // a view: shares a's memory
 *     col.setDouble(10, 0);                 // a[0, 1] = 10
 *     System.out.println(a);                // array([[ 0., 10.,  2.], [ 3.,  4.,  5.]], dtype=float32)
 * }                                         // memory freed here
 * }
 *
 * <h2>Memory and lifetime</h2>
 * Memory allocated by ndpack is zeroed and 64-byte aligned. Every array created by a factory, by
 * {@link #copy()}, {@link #astype}, by an operation that returns a new array, by a file read or by
 * a DLPack import is the <em>owner</em> of its memory; views are not. The rules:
 * <ul>
 *   <li>{@link #close()} on the owner closes the memory: it is released at once, or, if another
 *       thread is running an operation on it, as soon as that operation ends. Every later use of
 *       the owner or of any view of it throws {@link IllegalStateException}.</li>
 *   <li>{@link #close()} on a view closes only that view (its later use throws
 *       {@link IllegalStateException}); the memory and other views are unaffected.</li>
 *   <li>Memory never closed is released by a {@link java.lang.ref.Cleaner} once the owner and
 *       every view of it are unreachable.</li>
 *   <li>Closing an array twice does nothing: {@code close()} is idempotent. Using a closed array
 *       throws {@link IllegalStateException} naming its dtype and shape and whether it is a view.</li>
 *   <li>An {@link NDScope} closes, at the end of a block, every owner created on its thread
 *       inside the block, except those it keeps.</li>
 * </ul>
 * {@link #liveNativeBytes()} counts the bytes ndpack has allocated and not yet released.
 *
 * <h2>Thread safety</h2>
 * The descriptor is immutable (all its fields are final) and therefore safely published: an
 * {@code NDArray} may be handed to other threads through any field, even a plain one. Element
 * values are shared mutable memory: concurrent access to <em>distinct</em> elements never
 * interferes; a read racing a write of the same aligned element sees the old or the new value,
 * never a mix. Operations are not atomic as a whole. See {@code docs/CONCURRENCY.md} for the full
 * contract and the opt-in tools (atomic view, memory lock, checked mode). No sequence of calls from
 * any number of threads can crash the JVM or touch memory the array does not own: every access is
 * bounds-checked, and memory is never released while an operation on it is in flight.
 *
 * <h2>Exceptions</h2>
 * Bad shapes, axes and dtypes throw {@link IllegalArgumentException}, out-of-range element indices
 * {@link IndexOutOfBoundsException}, writes to read-only arrays {@link ReadOnlyArrayException}, use
 * after close {@link IllegalStateException}; each message names the offending value and the rule.
 */
public final class NDArray implements AutoCloseable, org.ndpack.dlpack.DLPackProducer {

    private static final int READ_ONLY = ArrayAccess.READ_ONLY;
    private static final int OWNER = ArrayAccess.OWNER;
    private static final int INHERITED = ArrayAccess.INHERITED;

    static {
        ArrayAccess.install(new Access());
    }

    final Memory memory;
    final DType dtype;
    final long[] shape;
    final long[] strides;
    final long offset;
    final int flags;
    final long size;
    private volatile boolean closed;

    private NDArray(Memory memory, DType dtype, long[] shape, long[] strides, long offset, int flags) {
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
            NDScope.track(this);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Creation
    // ------------------------------------------------------------------------------------------

    private static NDArray allocate(DType dtype, long[] shape) {
        long[] sh = shape.clone();
        long bytes = Shapes.byteSize(sh, dtype.byteSize());
        return new NDArray(Memory.allocate(bytes), dtype, sh, Shapes.cStrides(sh), 0, OWNER);
    }

    /**
     * Creates a C-contiguous array of zeros.
     *
     * @param dtype the element type
     * @param shape the extents, each {@code >= 0}; none for a 0-d array
     * @return a new array owning new memory
     * @throws IllegalArgumentException if an extent is negative, there are more than 64
     *         dimensions, or the byte size overflows a long
     * @throws OutOfMemoryError if the native allocation fails
     */
    public static NDArray zeros(DType dtype, long... shape) {
        return allocate(dtype, shape);
    }

    /**
     * Creates a C-contiguous array of ones.
     *
     * @param dtype the element type
     * @param shape the extents
     * @return a new array
     * @throws IllegalArgumentException as {@link #zeros}
     */
    public static NDArray ones(DType dtype, long... shape) {
        return full(dtype, 1.0, shape);
    }

    /**
     * Creates a C-contiguous array filled with {@code value}, converted to {@code dtype} as
     * {@link #astype} converts a {@code float64}.
     *
     * @param dtype the element type
     * @param value the fill value
     * @param shape the extents
     * @return a new array
     * @throws IllegalArgumentException as {@link #zeros}
     */
    public static NDArray full(DType dtype, double value, long... shape) {
        NDArray a = allocate(dtype, shape);
        if (value != 0 || Double.doubleToRawLongBits(value) != 0) {
            Copier.fill(a, value);
        }
        return a;
    }

    /**
     * Creates a C-contiguous array filled with the exact 64-bit integer {@code value} (no rounding
     * through {@code double}), converted to {@code dtype} as integers convert.
     *
     * @param dtype the element type
     * @param value the fill value
     * @param shape the extents
     * @return a new array
     * @throws IllegalArgumentException as {@link #zeros}
     */
    public static NDArray full(DType dtype, long value, long... shape) {
        NDArray a = allocate(dtype, shape);
        if (value != 0) {
            Copier.fill(a, value);
        }
        return a;
    }

    /**
     * Creates the {@code int64} array {@code [0, 1, ..., n-1]}, like NumPy's {@code arange(n)}.
     *
     * @param n the number of elements, {@code >= 0}
     * @return a new 1-d array
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static NDArray arange(long n) {
        NDArray a = allocate(DType.INT64, new long[] {n});
        MemorySegment s = a.memory.segment;
        for (long i = 0; i < n; i++) {
            s.setAtIndex(Elements.I64, i, i);
        }
        return a;
    }

    /**
     * Creates evenly spaced values like NumPy's {@code arange(start, stop, step, dtype=dtype)}: the
     * length is {@code ceil((stop - start) / step)} computed in {@code float64}; as in NumPy, the
     * values are then filled in the target type's own arithmetic from its first two values
     * ({@code first = start}, {@code delta = (start + step) - first}, both converted to
     * {@code dtype} first; element {@code i} is {@code first + i * delta}), so a {@code float32}
     * range accumulates in {@code float32} and an integer range with a fractional step repeats
     * NumPy's integer stepping.
     *
     * @param dtype the element type
     * @param start the first value
     * @param stop the bound, excluded
     * @param step the spacing, not 0
     * @return a new 1-d array (empty if the range is empty)
     * @throws IllegalArgumentException if {@code step} is 0 or a bound or the step is not finite
     */
    public static NDArray arange(DType dtype, double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step
                    + "): bounds must be finite and step finite and non-zero");
        }
        long n = (long) Math.max(0, Math.ceil((stop - start) / step));
        NDArray a = allocate(dtype, new long[] {n});
        MemorySegment s = a.memory.segment;
        int w = dtype.byteSize();
        if (n == 0) {
            return a;
        }
        // first two values in the target type, then the type's own arithmetic (NumPy's *_fill)
        Elements.setDouble(s, dtype, 0, start);
        if (n == 1) {
            return a;
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
        return a;
    }

    /**
     * Creates {@code num} evenly spaced {@code float64} values from {@code start} to {@code stop}
     * inclusive, like NumPy's {@code linspace(start, stop, num)}.
     *
     * @param start the first value
     * @param stop the last value
     * @param num the number of values, {@code >= 0}
     * @return a new 1-d array
     * @throws IllegalArgumentException if {@code num < 0}
     */
    public static NDArray linspace(double start, double stop, long num) {
        return linspace(DType.FLOAT64, start, stop, num, true);
    }

    /**
     * Creates {@code num} evenly spaced values, like NumPy's
     * {@code linspace(start, stop, num, endpoint, dtype=dtype)}: value {@code i} is
     * {@code start + i * step} computed in {@code float64}, with {@code step = (stop - start) / div}
     * where {@code div} is {@code num - 1} with the endpoint and {@code num} without; with the
     * endpoint the last value is exactly {@code stop}.
     *
     * @param dtype the element type
     * @param start the first value
     * @param stop the end value
     * @param num the number of values, {@code >= 0}
     * @param endpoint whether {@code stop} is the last value
     * @return a new 1-d array
     * @throws IllegalArgumentException if {@code num < 0}
     */
    public static NDArray linspace(DType dtype, double start, double stop, long num, boolean endpoint) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace num " + num + ": must be >= 0");
        }
        NDArray a = allocate(dtype, new long[] {num});
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
        return a;
    }

    /**
     * Creates the {@code n x n} {@code float64} identity matrix.
     *
     * @param n the number of rows and columns, {@code >= 0}
     * @return a new 2-d array
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static NDArray eye(long n) {
        return eye(DType.FLOAT64, n, n, 0);
    }

    /**
     * Creates an {@code n x m} array with ones on diagonal {@code k} (0 the main diagonal,
     * positive above it, negative below), like NumPy's {@code eye(n, m, k, dtype)}.
     *
     * @param dtype the element type
     * @param n rows, {@code >= 0}
     * @param m columns, {@code >= 0}
     * @param k the diagonal
     * @return a new 2-d array
     * @throws IllegalArgumentException if {@code n} or {@code m} is negative
     */
    public static NDArray eye(DType dtype, long n, long m, long k) {
        NDArray a = allocate(dtype, new long[] {n, m});
        MemorySegment s = a.memory.segment;
        int w = dtype.byteSize();
        for (long i = Math.max(0, -k); i < n && i + k < m; i++) {
            Elements.setLong(s, dtype, (i * m + i + k) * w, 1);
        }
        return a;
    }

    private static long[] dataShape(long length, long[] shape) {
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

    private static NDArray fromHeap(DType dtype, MemorySegment heap, long length, long[] shape) {
        NDArray a = allocate(dtype, dataShape(length, shape));
        MemorySegment.copy(heap, 0, a.memory.segment, 0, heap.byteSize());
        return a;
    }

    /**
     * Creates a {@code float32} array holding a copy of {@code data} in C order.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(float[] data, long... shape) {
        return fromHeap(DType.FLOAT32, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates a {@code float64} array from {@code data}.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(double[] data, long... shape) {
        return fromHeap(DType.FLOAT64, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates an {@code int8} array from {@code data}.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(byte[] data, long... shape) {
        return fromHeap(DType.INT8, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates an {@code int16} array from {@code data}.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(short[] data, long... shape) {
        return fromHeap(DType.INT16, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates a {@code uint16} array from {@code data} (Java's unsigned 16-bit type).
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(char[] data, long... shape) {
        return fromHeap(DType.UINT16, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates an {@code int32} array from {@code data}.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(int[] data, long... shape) {
        return fromHeap(DType.INT32, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates an {@code int64} array from {@code data}.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(long[] data, long... shape) {
        return fromHeap(DType.INT64, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * Creates a {@code bool} array from {@code data}.
     *
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(boolean[] data, long... shape) {
        NDArray a = allocate(DType.BOOL, dataShape(data.length, shape));
        MemorySegment s = a.memory.segment;
        for (int i = 0; i < data.length; i++) {
            s.set(Elements.I8, i, (byte) (data[i] ? 1 : 0));
        }
        return a;
    }

    /**
     * Creates an array of any dtype from {@code double} values, each converted as
     * {@link #astype} converts a {@code float64}.
     *
     * @param dtype the element type
     * @param data the values, in C order
     * @param shape the extents; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements
     */
    public static NDArray of(DType dtype, double[] data, long... shape) {
        NDArray a = allocate(dtype, dataShape(data.length, shape));
        MemorySegment s = a.memory.segment;
        int w = dtype.byteSize();
        for (int i = 0; i < data.length; i++) {
            Elements.setDouble(s, dtype, (long) i * w, data[i]);
        }
        return a;
    }

    /**
     * Creates an array of any dtype from {@code long} values, each converted as an {@code int64}
     * converts (integers keep their low bits, so {@code -1L} gives the maximum of an unsigned
     * type).
     *
     * @param dtype the element type
     * @param data the values, in C order
     * @param shape the extents; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements
     */
    public static NDArray of(DType dtype, long[] data, long... shape) {
        NDArray a = allocate(dtype, dataShape(data.length, shape));
        MemorySegment s = a.memory.segment;
        int w = dtype.byteSize();
        for (int i = 0; i < data.length; i++) {
            Elements.setLong(s, dtype, (long) i * w, data[i]);
        }
        return a;
    }

    /**
     * Creates a 0-d array holding {@code value} converted to {@code dtype}.
     *
     * @param dtype the element type
     * @param value the value
     * @return a new 0-d array
     */
    public static NDArray scalar(DType dtype, double value) {
        return full(dtype, value);
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

    /**
     * {@return the extent of one axis}
     *
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if the axis is out of range
     */
    public long shape(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    /** {@return a copy of the strides, in elements} */
    public long[] strides() {
        return strides.clone();
    }

    /** {@return the number of dimensions} */
    public int ndim() {
        return shape.length;
    }

    /** {@return the number of elements} */
    public long size() {
        return size;
    }

    /** {@return the number of bytes of the elements ({@code size() * dtype().byteSize()})} */
    public long nbytes() {
        return size * dtype.byteSize();
    }

    /** {@return the position of the first element in the memory, counted in elements} */
    public long offset() {
        return offset;
    }

    /** {@return true if writes through this array are refused} */
    public boolean isReadOnly() {
        return (flags & READ_ONLY) != 0;
    }

    /** {@return true if this array owns its memory (closing it closes the memory)} */
    public boolean isOwner() {
        return (flags & OWNER) != 0;
    }

    /** {@return true if the elements are laid out in C (row-major) order without gaps} */
    public boolean isCContiguous() {
        return Shapes.isCContiguous(shape, strides);
    }

    /** {@return true if the elements are laid out in Fortran (column-major) order without gaps} */
    public boolean isFContiguous() {
        return Shapes.isFContiguous(shape, strides);
    }

    /**
     * {@return true if every element is naturally aligned} (its address a multiple of
     * {@link DType#alignment()}), which is what the no-tearing guarantee of concurrent element
     * access needs. Arrays ndpack allocates are always aligned; imported foreign memory may not be.
     */
    public boolean isAligned() {
        return (memory.address() + offset * dtype.byteSize()) % dtype.alignment() == 0;
    }

    /** {@return true if this array or its memory has been closed} */
    public boolean isClosed() {
        return closed || memory.isClosed();
    }

    /**
     * {@return true if {@code other} views the same memory as this array} (whether or not their
     * elements overlap)
     *
     * @param other another array
     */
    public boolean sharesMemory(NDArray other) {
        return memory == other.memory;
    }

    /**
     * {@return the number of bytes of native memory ndpack has allocated and not yet released}
     *
     * <p>Arrays of at most 512 bytes share 32 KiB native slabs (so that they need no Cleaner of
     * their own). Such an array that is closed is uncounted at once; one that is dropped without
     * {@code close()} stays counted until its slab is released, which happens once the slab has
     * been filled and none of its arrays is reachable. Leak checks should therefore close arrays,
     * or allow for up to a few slabs of small arrays that are garbage but not yet released.
     */
    public static long liveNativeBytes() {
        return NativeAllocator.liveBytes();
    }

    /**
     * {@return which kernels this JVM runs}: whether the Vector API fast path is active (and, if
     * not, why and the flag that turns it on), the vector width, and the BLAS used for matrix
     * products, if any
     */
    public static KernelInfo kernelInfo() {
        return KernelInfo.current();
    }

    // ------------------------------------------------------------------------------------------
    // Lifetime
    // ------------------------------------------------------------------------------------------

    /**
     * Closes this array. On the owner of the memory this closes the memory: it is released now,
     * or when the last operation running on it ends; every view of it becomes unusable. On a view
     * it closes only the view. Closing a closed array does nothing (the memory is released once),
     * so an explicit {@code close()} inside try-with-resources is harmless. Any thread may close
     * an array, also one tracked by an {@link NDScope}.
     */
    @Override
    public void close() {
        if ((flags & OWNER) != 0) {
            memory.close(); // false if it was closed already: nothing more to do
        }
        closed = true;
    }

    private void lease() {
        if (closed) {
            throw UseAfterClose.of(this);
        }
        try {
            memory.acquire();
        } catch (IllegalStateException e) {
            throw memory.isClosed() ? UseAfterClose.of(this) : e;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Element access
    // ------------------------------------------------------------------------------------------

    /** Byte offset in the memory of the element at {@code index}; checks rank and bounds. */
    private long byteOffset(long[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has " + index.length
                    + " entries, but the array is " + shape.length + "-dimensional (shape "
                    + Shapes.str(shape) + ")");
        }
        long e = offset;
        for (int i = 0; i < index.length; i++) {
            long ix = index[i];
            long n = shape[i];
            if (ix < -n || ix >= n) {
                throw new IndexOutOfBoundsException("index " + ix + " is out of bounds for axis " + i
                        + " with size " + n);
            }
            e += (ix < 0 ? ix + n : ix) * strides[i];
        }
        return e * dtype.byteSize();
    }

    private void checkWritable() {
        if ((flags & READ_ONLY) != 0) {
            throw new ReadOnlyArrayException("array is read-only: cannot write an element of a "
                    + dtype + " array of shape " + Shapes.str(shape));
        }
    }

    /** The scope of a one-element access: locked and checked arrays guard only that element's bytes. */
    private OpScope readScope(String op, long byteOffset) {
        return OpScope.enterElement(op, this, byteOffset, dtype.byteSize(), OpScope.READ);
    }

    private OpScope writeScope(String op, long byteOffset) {
        checkWritable();
        return OpScope.enterElement(op, this, byteOffset, dtype.byteSize(), OpScope.WRITE);
    }

    /**
     * Reads one element as a {@code double} (complex: the real part; bool: 0 or 1; {@code uint64}:
     * its unsigned value, rounded).
     *
     * @param index one index per axis, negative counting from the end; none for a 0-d array
     * @return the value
     * @throws IndexOutOfBoundsException if an index is out of range or the count is wrong; the
     *         message names the index, the axis and its extent
     * @throws IllegalStateException if the array is closed
     */
    public double getDouble(long... index) {
        long b = byteOffset(index);
        if ((flags & ~(READ_ONLY | OWNER)) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            lease();
            try {
                return Elements.getDouble(memory.segment, dtype, b);
            } finally {
                memory.release();
            }
        }
        try (OpScope s = readScope("getDouble", b)) {
            return Elements.getDouble(memory.segment, dtype, b);
        }
    }

    /**
     * Reads the imaginary part of one element (0 for non-complex dtypes).
     *
     * @param index one index per axis
     * @return the imaginary part
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws IllegalStateException if the array is closed
     */
    public double getImag(long... index) {
        long b = byteOffset(index);
        try (OpScope s = readScope("getImag", b)) {
            return Elements.getImag(memory.segment, dtype, b);
        }
    }

    /**
     * Reads one element as a {@code long}: integers exactly ({@code uint64} as its two's-complement
     * bits), floats truncated toward zero (NaN gives 0), bool as 0 or 1.
     *
     * @param index one index per axis
     * @return the value
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws IllegalStateException if the array is closed
     */
    public long getLong(long... index) {
        long b = byteOffset(index);
        if ((flags & ~(READ_ONLY | OWNER)) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            lease();
            try {
                return Elements.getLong(memory.segment, dtype, b);
            } finally {
                memory.release();
            }
        }
        try (OpScope s = readScope("getLong", b)) {
            return Elements.getLong(memory.segment, dtype, b);
        }
    }

    /**
     * Reads one element as a {@code boolean}: true if non-zero (NaN is true, as in NumPy).
     *
     * @param index one index per axis
     * @return the value
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws IllegalStateException if the array is closed
     */
    public boolean getBoolean(long... index) {
        long b = byteOffset(index);
        try (OpScope s = readScope("getBoolean", b)) {
            return Elements.getBoolean(memory.segment, dtype, b);
        }
    }

    /**
     * Writes one element, converting {@code value} as {@link #astype} converts a {@code float64}
     * (complex: the imaginary part becomes 0).
     *
     * @param value the value
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IllegalStateException if the array is closed
     */
    public void setDouble(double value, long... index) {
        long b = byteOffset(index);
        if ((flags & ~OWNER) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            lease();
            try {
                Elements.setDouble(memory.segment, dtype, b, value);
            } finally {
                memory.release();
            }
            return;
        }
        try (OpScope s = writeScope("setDouble", b)) {
            Elements.setDouble(memory.segment, dtype, b, value);
        }
    }

    /**
     * Writes one element from an exact 64-bit integer (integer dtypes keep the low bits).
     *
     * @param value the value
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IllegalStateException if the array is closed
     */
    public void setLong(long value, long... index) {
        long b = byteOffset(index);
        if ((flags & ~OWNER) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            lease();
            try {
                Elements.setLong(memory.segment, dtype, b, value);
            } finally {
                memory.release();
            }
            return;
        }
        try (OpScope s = writeScope("setLong", b)) {
            Elements.setLong(memory.segment, dtype, b, value);
        }
    }

    /**
     * Writes one element from a boolean (1 or 0 in the array's dtype).
     *
     * @param value the value
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IllegalStateException if the array is closed
     */
    public void setBoolean(boolean value, long... index) {
        setLong(value ? 1 : 0, index);
    }

    /**
     * Writes one complex element; for a real dtype the imaginary part is dropped, as NumPy's cast.
     *
     * @param re the real part
     * @param im the imaginary part
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IllegalStateException if the array is closed
     */
    public void setComplex(double re, double im, long... index) {
        long b = byteOffset(index);
        try (OpScope s = writeScope("setComplex", b)) {
            Elements.setComplex(memory.segment, dtype, b, re, im);
        }
    }

    /**
     * {@return the only element of a one-element array (0-d or any shape of size 1) as a double}
     *
     * @throws IllegalArgumentException if the array does not have exactly one element
     * @throws IllegalStateException if the array is closed
     */
    public double item() {
        if (size != 1) {
            throw new IllegalArgumentException("item() needs an array of size 1, this one has shape "
                    + Shapes.str(shape) + " (" + size + " elements)");
        }
        return getDouble(new long[shape.length]);
    }

    /**
     * {@return the only element of a one-element array as a long, as {@link #getLong}}
     *
     * @throws IllegalArgumentException if the array does not have exactly one element
     * @throws IllegalStateException if the array is closed
     */
    public long itemLong() {
        if (size != 1) {
            throw new IllegalArgumentException("itemLong() needs an array of size 1, this one has shape "
                    + Shapes.str(shape) + " (" + size + " elements)");
        }
        return getLong(new long[shape.length]);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    private NDArray view(long[] newShape, long[] newStrides, long newOffset) {
        return view(newShape, newStrides, newOffset, flags & INHERITED);
    }

    private NDArray view(long[] newShape, long[] newStrides, long newOffset, int newFlags) {
        if (closed || memory.isClosed()) {
            throw UseAfterClose.of(this);
        }
        return new NDArray(memory, dtype, newShape, newStrides, newOffset, newFlags & ~OWNER);
    }

    /**
     * Returns a view selected by a NumPy basic index written as text, as between the brackets of
     * {@code a[...]}: integers, ranges {@code start:stop:step} (any part may be omitted; negative
     * values count from the end; out-of-range bounds clamp), one {@code ...} and {@code None}.
     *
     * {@snippet :
     * NDArray v = a.slice("1:5:2, ..., ::-1, 3, None");
     * }
     *
     * @param index the index
     * @return the view (shares memory; 0-d if every axis is indexed by an integer)
     * @throws IllegalArgumentException if the text is not index syntax or has two ellipses; the
     *         message quotes it
     * @throws IndexOutOfBoundsException if an integer is out of range or there are more indices
     *         than axes
     */
    public NDArray slice(String index) {
        return slice(Index.parse(index).toArray(new Index[0]));
    }

    /**
     * Returns a view selected by a NumPy basic index in typed form; see {@link #slice(String)}.
     *
     * @param index the index entries
     * @return the view
     * @throws IllegalArgumentException if there is more than one ellipsis
     * @throws IndexOutOfBoundsException if an integer is out of range or there are more indices
     *         than axes
     */
    public NDArray slice(Index... index) {
        int consumed = 0;
        int ellipses = 0;
        for (Index ix : index) {
            if (ix instanceof Index.At || ix instanceof Index.Range) {
                consumed++;
            } else if (ix instanceof Index.Ellipsis) {
                ellipses++;
            }
        }
        if (ellipses > 1) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + ": at most one ellipsis ('...')");
        }
        if (consumed > shape.length) {
            throw new IndexOutOfBoundsException("too many indices for array: array is " + shape.length
                    + "-dimensional, but " + consumed + " were indexed");
        }
        List<Long> nShape = new ArrayList<>();
        List<Long> nStrides = new ArrayList<>();
        long off = offset;
        int axis = 0;
        boolean sawEllipsis = false;
        for (Index ix : index) {
            switch (ix) {
                case Index.At at -> {
                    long n = shape[axis];
                    long i = at.index();
                    if (i < -n || i >= n) {
                        throw new IndexOutOfBoundsException("index " + i + " is out of bounds for axis " + axis
                                + " with size " + n);
                    }
                    off += (i < 0 ? i + n : i) * strides[axis];
                    axis++;
                }
                case Index.Range r -> {
                    long[] sel = resolve(r, shape[axis]);
                    off += sel[0] * strides[axis];
                    nShape.add(sel[1]);
                    nStrides.add(sel[1] <= 1 ? strides[axis] : strides[axis] * r.step());
                    axis++;
                }
                case Index.Ellipsis e -> {
                    sawEllipsis = true;
                    int full = shape.length - consumed;
                    for (int k = 0; k < full; k++) {
                        nShape.add(shape[axis]);
                        nStrides.add(strides[axis]);
                        axis++;
                    }
                }
                case Index.NewAxis na -> {
                    nShape.add(1L);
                    nStrides.add(0L);
                }
            }
        }
        if (!sawEllipsis) {
            for (; axis < shape.length; axis++) {
                nShape.add(shape[axis]);
                nStrides.add(strides[axis]);
            }
        }
        return view(toArray(nShape), toArray(nStrides), off);
    }

    /** {start, length} of a range on an axis of extent n, with NumPy's clamping. */
    private static long[] resolve(Index.Range r, long n) {
        long step = r.step();
        long start;
        long stop;
        if (step > 0) {
            start = clamp(r.start(), n, 0, 0, n);
            stop = clamp(r.stop(), n, n, 0, n);
        } else {
            start = clamp(r.start(), n, n - 1, -1, n - 1);
            stop = clamp(r.stop(), n, -1, -1, n - 1);
        }
        long len;
        if (step > 0) {
            len = stop > start ? (stop - start + step - 1) / step : 0;
        } else {
            len = start > stop ? (start - stop + (-step) - 1) / (-step) : 0;
        }
        return new long[] {len == 0 ? 0 : start, len};
    }

    private static long clamp(OptionalLong v, long n, long dflt, long lo, long hi) {
        if (v.isEmpty()) {
            return dflt;
        }
        long x = v.getAsLong();
        if (x < 0) {
            x += n;
        }
        return Math.min(Math.max(x, lo), hi);
    }

    private static long[] toArray(List<Long> l) {
        long[] a = new long[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    /**
     * Gives the same elements a new shape, like NumPy's {@code reshape} in C order: a view when the
     * strides allow it, otherwise a C-contiguous copy (check {@link #sharesMemory}). One extent
     * may be {@code -1}: it is inferred.
     *
     * @param newShape the extents; their product must equal {@link #size()}
     * @return a view or a copy
     * @throws IllegalArgumentException if the sizes differ, more than one extent is -1, or an
     *         extent is below -1; the message names both shapes
     */
    public NDArray reshape(long... newShape) {
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
        long[] st = size == 0 ? Shapes.cStrides(ns) : nocopyStrides(ns);
        if (st != null) {
            return view(ns, st, offset);
        }
        NDArray c = copy();
        return new NDArray(c.memory, dtype, ns, Shapes.cStrides(ns), 0, c.flags);
    }

    /** NumPy's attempt at a no-copy reshape: strides for newShape over this layout, or null. */
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
     * Permutes the axes: axis {@code i} of the result is axis {@code axes[i]} of this array.
     * Negative axes count from the end.
     *
     * @param axes a permutation of the axes
     * @return the view
     * @throws IllegalArgumentException if {@code axes} is not a permutation of {@code 0..ndim-1}
     */
    public NDArray transpose(int... axes) {
        int nd = shape.length;
        if (axes.length != nd) {
            throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " don't match array of dimension " + nd);
        }
        boolean[] seen = new boolean[nd];
        long[] nsh = new long[nd];
        long[] nst = new long[nd];
        for (int i = 0; i < nd; i++) {
            int a = Shapes.axis(axes[i], nd);
            if (seen[a]) {
                throw new IllegalArgumentException("axes " + Arrays.toString(axes) + ": repeated axis " + axes[i]);
            }
            seen[a] = true;
            nsh[i] = shape[a];
            nst[i] = strides[a];
        }
        return view(nsh, nst, offset);
    }

    /** {@return the view with the axes reversed (for a matrix, its transpose)} */
    public NDArray transpose() {
        int nd = shape.length;
        int[] axes = new int[nd];
        for (int i = 0; i < nd; i++) {
            axes[i] = nd - 1 - i;
        }
        return transpose(axes);
    }

    /** {@return the view without the axes of extent 1} */
    public NDArray squeeze() {
        List<Long> sh = new ArrayList<>();
        List<Long> st = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                sh.add(shape[i]);
                st.add(strides[i]);
            }
        }
        return view(toArray(sh), toArray(st), offset);
    }

    /**
     * Removes one axis of extent 1.
     *
     * @param axis the axis, negative counting from the end
     * @return the view
     * @throws IllegalArgumentException if the axis is out of range or its extent is not 1
     */
    public NDArray squeeze(int axis) {
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
     * Inserts an axis of extent 1, like NumPy's {@code expand_dims}.
     *
     * @param axis the position of the new axis in the result, in {@code [-ndim-1, ndim]}
     * @return the view
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray expandDims(int axis) {
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
     * Views this array broadcast to {@code newShape} by NumPy's rule (stretched axes get stride 0).
     * Like NumPy's {@code broadcast_to}, the view is read-only, since its elements alias.
     *
     * @param newShape the target shape
     * @return the read-only view
     * @throws IllegalArgumentException if this shape does not broadcast to {@code newShape}
     */
    public NDArray broadcastTo(long... newShape) {
        long[] ns = newShape.clone();
        Shapes.size(ns);
        long[] st = Shapes.broadcastStrides(shape, strides, ns);
        return view(ns, st, offset, (flags & INHERITED) | READ_ONLY);
    }

    /**
     * Reverses the order of the elements along one axis (a negative stride).
     *
     * @param axis the axis, negative counting from the end
     * @return the view
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray flip(int axis) {
        int a = Shapes.axis(axis, shape.length);
        long[] st = strides.clone();
        long off = offset;
        if (shape[a] > 0) {
            off += (shape[a] - 1) * strides[a];
        }
        st[a] = -st[a];
        return view(shape.clone(), st, off);
    }

    /** {@return a 1-d array of the elements in C order: a view when possible, else a copy} */
    public NDArray ravel() {
        return reshape(size);
    }

    /** {@return a new C-contiguous 1-d copy of the elements in C order} */
    public NDArray flatten() {
        NDArray c = copy();
        return new NDArray(c.memory, dtype, new long[] {size}, new long[] {1}, 0, c.flags);
    }

    /**
     * Returns a read-only view of this array: writes through it throw
     * {@link ReadOnlyArrayException}; the memory stays writable through other arrays.
     *
     * @return the view
     */
    public NDArray asReadOnly() {
        return view(shape.clone(), strides.clone(), offset, (flags & INHERITED) | READ_ONLY);
    }

    /**
     * {@return a new C-contiguous, writable copy of this array, owning new memory}
     *
     * @throws IllegalStateException if the array is closed
     */
    public NDArray copy() {
        return astype(dtype);
    }

    /**
     * Returns a new C-contiguous array of the elements converted to {@code dtype} with NumPy's
     * casting results: integers wrap to the narrower type; float to integer truncates toward zero;
     * <b>NaN to an integer type gives 0</b> and finite values outside {@code int64} saturate before
     * narrowing (NumPy's results for these depend on the C compiler: this is ndpack's defined
     * choice); to {@code bool} is "non-zero" (NaN is true); complex to real drops the imaginary part.
     *
     * @param dtype the target type
     * @return a new array (always a copy, even for the same dtype)
     * @throws IllegalStateException if the array is closed
     */
    public NDArray astype(DType dtype) {
        NDArray out = allocate(dtype, shape);
        try (OpScope s = OpScope.enter("astype", null, this)) {
            Copier.copy(this, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Java arrays out
    // ------------------------------------------------------------------------------------------

    private NDArray contiguousAs(DType t) {
        if (t == dtype && isCContiguous()) {
            return null;
        }
        return astype(t);
    }

    private void copyOut(DType t, MemorySegment heap) {
        NDArray c = contiguousAs(t);
        NDArray src = c == null ? this : c;
        try (OpScope s = OpScope.enter("toArray", null, src)) {
            if (size > 0) {
                MemorySegment.copy(src.memory.segment, src.offset * t.byteSize(), heap, 0, heap.byteSize());
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    private int javaLength() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of " + size + " elements does not fit a Java array");
        }
        return (int) size;
    }

    /** {@return the elements in C order as floats (converted as {@link #astype} to float32)} */
    public float[] toFloatArray() {
        float[] r = new float[javaLength()];
        copyOut(DType.FLOAT32, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as doubles (converted as {@link #astype} to float64)} */
    public double[] toDoubleArray() {
        double[] r = new double[javaLength()];
        copyOut(DType.FLOAT64, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as longs (converted as {@link #astype} to int64)} */
    public long[] toLongArray() {
        long[] r = new long[javaLength()];
        copyOut(DType.INT64, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as ints (converted as {@link #astype} to int32)} */
    public int[] toIntArray() {
        int[] r = new int[javaLength()];
        copyOut(DType.INT32, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as shorts (converted as {@link #astype} to int16)} */
    public short[] toShortArray() {
        short[] r = new short[javaLength()];
        copyOut(DType.INT16, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as chars (converted as {@link #astype} to uint16)} */
    public char[] toCharArray() {
        char[] r = new char[javaLength()];
        copyOut(DType.UINT16, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as bytes (converted as {@link #astype} to int8)} */
    public byte[] toByteArray() {
        byte[] r = new byte[javaLength()];
        copyOut(DType.INT8, MemorySegment.ofArray(r));
        return r;
    }

    /** {@return the elements in C order as booleans (non-zero is true)} */
    public boolean[] toBooleanArray() {
        byte[] b = new byte[javaLength()];
        copyOut(DType.BOOL, MemorySegment.ofArray(b));
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[i] != 0;
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------
    // Text, equality
    // ------------------------------------------------------------------------------------------

    /**
     * {@return the array printed as NumPy's {@code repr} prints it}, e.g.
     * {@code array([[1., 2.], [3., 4.]], dtype=float32)} (NumPy's line breaks included), summarised
     * with {@code ...} past 1000 elements. A closed array prints as {@code array(<closed>)}.
     */
    @Override
    public String toString() {
        if (isClosed()) {
            return "array(<closed>, dtype=" + dtype + ")";
        }
        try (OpScope s = OpScope.enter("toString", null, this)) {
            return Format.repr(this);
        } catch (IllegalStateException e) {
            return "array(<closed>, dtype=" + dtype + ")";
        }
    }

    /**
     * Compares dtype, shape and values. Values compare as numbers, except that NaN equals NaN (so
     * that {@code equals} is reflexive) and {@code -0.0} equals {@code 0.0}. Layout (strides,
     * offset), memory and flags do not matter.
     *
     * @param o another object
     * @return true if {@code o} is an NDArray of the same dtype and shape with equal values
     * @throws IllegalStateException if either array is closed
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NDArray b) || b.dtype != dtype || !Arrays.equals(shape, b.shape)) {
            return false;
        }
        try (OpScope s = OpScope.enter("equals", null, this, b)) {
            return Copier.valuesEqual(this, b);
        }
    }

    /**
     * {@return a hash of dtype, shape and values, consistent with {@link #equals}}
     *
     * @throws IllegalStateException if the array is closed
     */
    @Override
    public int hashCode() {
        try (OpScope s = OpScope.enter("hashCode", null, this)) {
            return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Copier.valuesHash(this);
        }
    }

    /**
     * Tests element-wise closeness like NumPy's {@code allclose(a, b, rtol, atol)}:
     * {@code |a - b| <= atol + rtol * |b|} for every pair of the broadcast arrays; NaN is close to
     * nothing; infinities are close only to themselves. Complex elements compare by modulus of the
     * difference.
     *
     * @param other the other array; the shapes must broadcast together
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     * @return true if every pair is close
     * @throws IllegalArgumentException if the shapes do not broadcast
     * @throws IllegalStateException if either array is closed
     */
    public boolean allClose(NDArray other, double rtol, double atol) {
        long[] target = Shapes.broadcast(shape, other.shape);
        try (OpScope s = OpScope.enter("allClose", null, this, other)) {
            return Copier.allClose(this, other, target, rtol, atol);
        }
    }

    /**
     * {@return {@code allClose(other, 1e-5, 1e-8)}, NumPy's default tolerances}
     *
     * @param other the array compared with this one
     */
    public boolean allClose(NDArray other) {
        return allClose(other, 1e-5, 1e-8);
    }

    // ==========================================================================================
    // region compute-elementwise (issue 3: ufuncs, in-place ops, assign, fill, where, clip, complex parts)
    // ==========================================================================================

    /**
     * Element-wise sum {@code this + other} (bool: logical or), NumPy's {@code add}.
     *
     * <h4>Rules shared by every element-wise operation</h4>
     * <ul>
     *   <li><b>Broadcasting</b>: the operands' shapes are aligned at their last axes; an axis of
     *       extent 1 (or a missing one) stretches to the other's extent. The result has the
     *       broadcast shape, is C-contiguous, and owns new memory.</li>
     *   <li><b>Type promotion</b>: NumPy 2's ({@code np.result_type}); e.g. int16 with uint8 gives
     *       int16, int64 with float32 gives float64, uint64 with int64 gives float64. A Java scalar
     *       argument is <em>weak</em>, like a Python scalar (NEP 50): {@code int16Array.add(1)} stays
     *       int16, {@code float32Array.add(0.1)} stays float32 (0.1 is rounded to float32 first),
     *       {@code int16Array.add(1.5)} is float64, a bool array with a {@code long} gives int64.</li>
     *   <li><b>Integer overflow wraps around</b> (two's complement), as NumPy's.</li>
     *   <li><b>float16 and bfloat16</b> compute in float32 (or double) and round once to the
     *       result type. bfloat16, which NumPy lacks, promotes like float16; the two together give
     *       float32.</li>
     *   <li><b>Results</b> are the same with and without the Vector API (bit for bit for
     *       {@code + - * /}, sqrt, comparisons, min and max; {@code exp} may differ in the last
     *       place). Functions of float32 and 16-bit floats compute in double and round once, so
     *       they may differ from NumPy's in the last place.</li>
     * </ul>
     *
     * <p>Thread safety: the operation reads the operands as they are while it runs; it is not
     * atomic with respect to concurrent writers (see the class documentation). It leases the
     * operands' memory, so closing an operand concurrently cannot free memory under it.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast (the message names both
     *         shapes), or the operation does not support the dtypes (the message names the
     *         operation and both dtypes)
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray add(NDArray other) {
        return Ufunc.binary(BinaryOp.ADD, this, other);
    }

    /**
     * {@link #add(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray add(double value) {
        return Ufunc.binary(BinaryOp.ADD, this, value, null);
    }

    /**
     * {@link #add(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray add(long value) {
        return Ufunc.binary(BinaryOp.ADD, this, value, null);
    }

    /**
     * {@link #add(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray add(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.ADD, this, other, out);
    }

    /**
     * Element-wise difference {@code this - other} (refused for bool, as NumPy). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray sub(NDArray other) {
        return Ufunc.binary(BinaryOp.SUB, this, other);
    }

    /**
     * {@link #sub(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sub(double value) {
        return Ufunc.binary(BinaryOp.SUB, this, value, null);
    }

    /**
     * {@link #sub(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sub(long value) {
        return Ufunc.binary(BinaryOp.SUB, this, value, null);
    }

    /**
     * {@link #sub(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray sub(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.SUB, this, other, out);
    }

    /**
     * Element-wise product {@code this * other} (bool: logical and). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray mul(NDArray other) {
        return Ufunc.binary(BinaryOp.MUL, this, other);
    }

    /**
     * {@link #mul(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mul(double value) {
        return Ufunc.binary(BinaryOp.MUL, this, value, null);
    }

    /**
     * {@link #mul(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mul(long value) {
        return Ufunc.binary(BinaryOp.MUL, this, value, null);
    }

    /**
     * {@link #mul(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray mul(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.MUL, this, other, out);
    }

    /**
     * Element-wise true quotient {@code this / other}: bool and integers compute in float64 (an integer division by zero gives {@code inf} or {@code nan}, as NumPy). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray div(NDArray other) {
        return Ufunc.binary(BinaryOp.DIV, this, other);
    }

    /**
     * {@link #div(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray div(double value) {
        return Ufunc.binary(BinaryOp.DIV, this, value, null);
    }

    /**
     * {@link #div(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray div(long value) {
        return Ufunc.binary(BinaryOp.DIV, this, value, null);
    }

    /**
     * {@link #div(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray div(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.DIV, this, other, out);
    }

    /**
     * Element-wise floor of the quotient, Python's {@code //} (NumPy's {@code floor_divide}); for integers a division by zero gives <b>0</b> (NumPy's result, which NumPy also warns about); bool computes in int8; refused for complex. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray floorDiv(NDArray other) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, other);
    }

    /**
     * {@link #floorDiv(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray floorDiv(double value) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, value, null);
    }

    /**
     * {@link #floorDiv(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray floorDiv(long value) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, value, null);
    }

    /**
     * {@link #floorDiv(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray floorDiv(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, other, out);
    }

    /**
     * Element-wise remainder with the sign of the divisor, Python's {@code %} (NumPy's {@code remainder}); for integers a remainder by zero gives <b>0</b> (NumPy's result); for floats it gives NaN; refused for complex. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray mod(NDArray other) {
        return Ufunc.binary(BinaryOp.MOD, this, other);
    }

    /**
     * {@link #mod(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mod(double value) {
        return Ufunc.binary(BinaryOp.MOD, this, value, null);
    }

    /**
     * {@link #mod(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mod(long value) {
        return Ufunc.binary(BinaryOp.MOD, this, value, null);
    }

    /**
     * {@link #mod(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray mod(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.MOD, this, other, out);
    }

    /**
     * Element-wise power {@code this ** other} (NumPy's {@code power}); integer powers wrap around; bool computes in int8; refused for complex. A negative exponent with a signed integer result throws {@link IllegalArgumentException} before anything is written, as NumPy's ValueError. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray pow(NDArray other) {
        return Ufunc.binary(BinaryOp.POW, this, other);
    }

    /**
     * {@link #pow(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray pow(double value) {
        return Ufunc.binary(BinaryOp.POW, this, value, null);
    }

    /**
     * {@link #pow(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray pow(long value) {
        return Ufunc.binary(BinaryOp.POW, this, value, null);
    }

    /**
     * {@link #pow(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray pow(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.POW, this, other, out);
    }

    /**
     * Element-wise larger element, NumPy's {@code maximum}: a NaN operand gives NaN; complex compares lexicographically. Of {@code -0.0} and {@code 0.0} the result is {@code 0.0} in either order (Java's {@link Math#max}; NumPy returns the first operand, a difference only in the sign of zero). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray maximum(NDArray other) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, other);
    }

    /**
     * {@link #maximum(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray maximum(double value) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, value, null);
    }

    /**
     * {@link #maximum(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray maximum(long value) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, value, null);
    }

    /**
     * {@link #maximum(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray maximum(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, other, out);
    }

    /**
     * Element-wise smaller element, NumPy's {@code minimum}: a NaN operand gives NaN; complex compares lexicographically; of {@code -0.0} and {@code 0.0} the result is {@code -0.0} in either order. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray minimum(NDArray other) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, other);
    }

    /**
     * {@link #minimum(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray minimum(double value) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, value, null);
    }

    /**
     * {@link #minimum(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray minimum(long value) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, value, null);
    }

    /**
     * {@link #minimum(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray minimum(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, other, out);
    }

    /**
     * Element-wise arc tangent of {@code this / other} using both signs (NumPy's {@code arctan2}); bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64); refused for complex. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray atan2(NDArray other) {
        return Ufunc.binary(BinaryOp.ATAN2, this, other);
    }

    /**
     * {@link #atan2(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray atan2(double value) {
        return Ufunc.binary(BinaryOp.ATAN2, this, value, null);
    }

    /**
     * {@link #atan2(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray atan2(long value) {
        return Ufunc.binary(BinaryOp.ATAN2, this, value, null);
    }

    /**
     * {@link #atan2(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray atan2(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.ATAN2, this, other, out);
    }

    /**
     * Element-wise {@code sqrt(this² + other²)} without undue overflow; dtypes as {@link #atan2(NDArray)}. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray hypot(NDArray other) {
        return Ufunc.binary(BinaryOp.HYPOT, this, other);
    }

    /**
     * {@link #hypot(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray hypot(double value) {
        return Ufunc.binary(BinaryOp.HYPOT, this, value, null);
    }

    /**
     * {@link #hypot(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray hypot(long value) {
        return Ufunc.binary(BinaryOp.HYPOT, this, value, null);
    }

    /**
     * {@link #hypot(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray hypot(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.HYPOT, this, other, out);
    }

    /**
     * Element-wise bitwise and (NumPy's {@code bitwise_and}, {@code &}); bool and integer dtypes only. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray and(NDArray other) {
        return Ufunc.binary(BinaryOp.AND, this, other);
    }

    /**
     * {@link #and(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray and(double value) {
        return Ufunc.binary(BinaryOp.AND, this, value, null);
    }

    /**
     * {@link #and(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray and(long value) {
        return Ufunc.binary(BinaryOp.AND, this, value, null);
    }

    /**
     * {@link #and(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray and(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.AND, this, other, out);
    }

    /**
     * Element-wise bitwise or (NumPy's {@code bitwise_or}, {@code |}); bool and integer dtypes only. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray or(NDArray other) {
        return Ufunc.binary(BinaryOp.OR, this, other);
    }

    /**
     * {@link #or(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray or(double value) {
        return Ufunc.binary(BinaryOp.OR, this, value, null);
    }

    /**
     * {@link #or(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray or(long value) {
        return Ufunc.binary(BinaryOp.OR, this, value, null);
    }

    /**
     * {@link #or(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray or(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.OR, this, other, out);
    }

    /**
     * Element-wise bitwise exclusive or (NumPy's {@code bitwise_xor}, {@code ^}); bool and integer dtypes only. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray xor(NDArray other) {
        return Ufunc.binary(BinaryOp.XOR, this, other);
    }

    /**
     * {@link #xor(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray xor(double value) {
        return Ufunc.binary(BinaryOp.XOR, this, value, null);
    }

    /**
     * {@link #xor(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray xor(long value) {
        return Ufunc.binary(BinaryOp.XOR, this, value, null);
    }

    /**
     * {@link #xor(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray xor(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.XOR, this, other, out);
    }

    /**
     * Element-wise left shift {@code this << other} (NumPy's {@code left_shift}); a count that is negative or at least the width gives 0; integer dtypes only (bool computes in int8). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray shiftLeft(NDArray other) {
        return Ufunc.binary(BinaryOp.SHL, this, other);
    }

    /**
     * {@link #shiftLeft(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftLeft(double value) {
        return Ufunc.binary(BinaryOp.SHL, this, value, null);
    }

    /**
     * {@link #shiftLeft(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftLeft(long value) {
        return Ufunc.binary(BinaryOp.SHL, this, value, null);
    }

    /**
     * {@link #shiftLeft(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray shiftLeft(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.SHL, this, other, out);
    }

    /**
     * Element-wise arithmetic right shift {@code this >> other} (NumPy's {@code right_shift}); a count that is negative or at least the width gives 0, or -1 for a negative signed value; integer dtypes only (bool computes in int8). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray shiftRight(NDArray other) {
        return Ufunc.binary(BinaryOp.SHR, this, other);
    }

    /**
     * {@link #shiftRight(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftRight(double value) {
        return Ufunc.binary(BinaryOp.SHR, this, value, null);
    }

    /**
     * {@link #shiftRight(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftRight(long value) {
        return Ufunc.binary(BinaryOp.SHR, this, value, null);
    }

    /**
     * {@link #shiftRight(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray shiftRight(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.SHR, this, other, out);
    }

    /**
     * Element-wise comparison {@code this == other}, a bool array (NaN equals nothing). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray eq(NDArray other) {
        return Ufunc.binary(BinaryOp.EQ, this, other);
    }

    /**
     * {@link #eq(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray eq(double value) {
        return Ufunc.binary(BinaryOp.EQ, this, value, null);
    }

    /**
     * {@link #eq(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray eq(long value) {
        return Ufunc.binary(BinaryOp.EQ, this, value, null);
    }

    /**
     * {@link #eq(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray eq(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.EQ, this, other, out);
    }

    /**
     * Element-wise comparison {@code this != other}, a bool array (NaN differs from everything). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray ne(NDArray other) {
        return Ufunc.binary(BinaryOp.NE, this, other);
    }

    /**
     * {@link #ne(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ne(double value) {
        return Ufunc.binary(BinaryOp.NE, this, value, null);
    }

    /**
     * {@link #ne(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ne(long value) {
        return Ufunc.binary(BinaryOp.NE, this, value, null);
    }

    /**
     * {@link #ne(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray ne(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.NE, this, other, out);
    }

    /**
     * Element-wise comparison {@code this < other}, a bool array (complex: lexicographic, as NumPy). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray lt(NDArray other) {
        return Ufunc.binary(BinaryOp.LT, this, other);
    }

    /**
     * {@link #lt(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray lt(double value) {
        return Ufunc.binary(BinaryOp.LT, this, value, null);
    }

    /**
     * {@link #lt(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray lt(long value) {
        return Ufunc.binary(BinaryOp.LT, this, value, null);
    }

    /**
     * {@link #lt(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray lt(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.LT, this, other, out);
    }

    /**
     * Element-wise comparison {@code this <= other}, a bool array (complex: lexicographic). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray le(NDArray other) {
        return Ufunc.binary(BinaryOp.LE, this, other);
    }

    /**
     * {@link #le(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray le(double value) {
        return Ufunc.binary(BinaryOp.LE, this, value, null);
    }

    /**
     * {@link #le(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray le(long value) {
        return Ufunc.binary(BinaryOp.LE, this, value, null);
    }

    /**
     * {@link #le(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray le(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.LE, this, other, out);
    }

    /**
     * Element-wise comparison {@code this > other}, a bool array (complex: lexicographic). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray gt(NDArray other) {
        return Ufunc.binary(BinaryOp.GT, this, other);
    }

    /**
     * {@link #gt(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray gt(double value) {
        return Ufunc.binary(BinaryOp.GT, this, value, null);
    }

    /**
     * {@link #gt(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray gt(long value) {
        return Ufunc.binary(BinaryOp.GT, this, value, null);
    }

    /**
     * {@link #gt(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray gt(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.GT, this, other, out);
    }

    /**
     * Element-wise comparison {@code this >= other}, a bool array (complex: lexicographic). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray ge(NDArray other) {
        return Ufunc.binary(BinaryOp.GE, this, other);
    }

    /**
     * {@link #ge(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ge(double value) {
        return Ufunc.binary(BinaryOp.GE, this, value, null);
    }

    /**
     * {@link #ge(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ge(long value) {
        return Ufunc.binary(BinaryOp.GE, this, value, null);
    }

    /**
     * {@link #ge(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray ge(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.GE, this, other, out);
    }

    /**
     * Element-wise truth of both operands (non-zero is true, NaN too), a bool array. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray logicalAnd(NDArray other) {
        return Ufunc.binary(BinaryOp.LOGICAL_AND, this, other);
    }

    /**
     * {@link #logicalAnd(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalAnd(double value) {
        return Ufunc.binary(BinaryOp.LOGICAL_AND, this, value, null);
    }

    /**
     * {@link #logicalAnd(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalAnd(long value) {
        return Ufunc.binary(BinaryOp.LOGICAL_AND, this, value, null);
    }

    /**
     * {@link #logicalAnd(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray logicalAnd(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.LOGICAL_AND, this, other, out);
    }

    /**
     * Element-wise truth of either operand, a bool array. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray logicalOr(NDArray other) {
        return Ufunc.binary(BinaryOp.LOGICAL_OR, this, other);
    }

    /**
     * {@link #logicalOr(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalOr(double value) {
        return Ufunc.binary(BinaryOp.LOGICAL_OR, this, value, null);
    }

    /**
     * {@link #logicalOr(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalOr(long value) {
        return Ufunc.binary(BinaryOp.LOGICAL_OR, this, value, null);
    }

    /**
     * {@link #logicalOr(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray logicalOr(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.LOGICAL_OR, this, other, out);
    }

    /**
     * Element-wise truth of exactly one operand, a bool array. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray logicalXor(NDArray other) {
        return Ufunc.binary(BinaryOp.LOGICAL_XOR, this, other);
    }

    /**
     * {@link #logicalXor(NDArray)} with a weak floating scalar: the result keeps this array's dtype if
     * it is floating or complex, else it is float64 (NEP 50).
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalXor(double value) {
        return Ufunc.binary(BinaryOp.LOGICAL_XOR, this, value, null);
    }

    /**
     * {@link #logicalXor(NDArray)} with a weak integer scalar: the result keeps this array's dtype
     * (a bool array gives int64), as NumPy 2 treats a Python int.
     *
     * @param value the second operand
     * @return a new array
     * @throws IllegalArgumentException if {@code value} is out of range for this array's integer
     *         dtype (NumPy 2's OverflowError; comparisons instead give the exact constant answer,
     *         as NumPy 2), or the operation does not support the dtypes
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalXor(long value) {
        return Ufunc.binary(BinaryOp.LOGICAL_XOR, this, value, null);
    }

    /**
     * {@link #logicalXor(NDArray)} into {@code out} (NumPy's {@code out=}): the operands broadcast to
     * out's shape, the result is cast to out's dtype where NumPy's {@code same_kind} rule allows,
     * and {@code out} may be (or overlap) an operand: the result is as if the operands were copied
     * first.
     *
     * @param other the second operand
     * @param out the array written
     * @return {@code out}
     * @throws IllegalArgumentException if the operands do not broadcast to out's shape, the
     *         dtypes are not supported, or the result dtype cannot be cast to out's
     * @throws ReadOnlyArrayException if {@code out} is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray logicalXor(NDArray other, NDArray out) {
        return Ufunc.binary(BinaryOp.LOGICAL_XOR, this, other, out);
    }

    /**
     * In-place {@link #add(NDArray)}: {@code this = this.add(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray addi(NDArray other) {
        return Ufunc.binary(BinaryOp.ADD, this, other, this);
    }

    /**
     * In-place {@link #add(double)}; see {@link #addi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray addi(double value) {
        return Ufunc.binary(BinaryOp.ADD, this, value, this);
    }

    /**
     * In-place {@link #add(long)}; see {@link #addi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray addi(long value) {
        return Ufunc.binary(BinaryOp.ADD, this, value, this);
    }

    /**
     * In-place {@link #sub(NDArray)}: {@code this = this.sub(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray subi(NDArray other) {
        return Ufunc.binary(BinaryOp.SUB, this, other, this);
    }

    /**
     * In-place {@link #sub(double)}; see {@link #subi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray subi(double value) {
        return Ufunc.binary(BinaryOp.SUB, this, value, this);
    }

    /**
     * In-place {@link #sub(long)}; see {@link #subi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray subi(long value) {
        return Ufunc.binary(BinaryOp.SUB, this, value, this);
    }

    /**
     * In-place {@link #mul(NDArray)}: {@code this = this.mul(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray muli(NDArray other) {
        return Ufunc.binary(BinaryOp.MUL, this, other, this);
    }

    /**
     * In-place {@link #mul(double)}; see {@link #muli(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray muli(double value) {
        return Ufunc.binary(BinaryOp.MUL, this, value, this);
    }

    /**
     * In-place {@link #mul(long)}; see {@link #muli(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray muli(long value) {
        return Ufunc.binary(BinaryOp.MUL, this, value, this);
    }

    /**
     * In-place {@link #div(NDArray)}: {@code this = this.div(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray divi(NDArray other) {
        return Ufunc.binary(BinaryOp.DIV, this, other, this);
    }

    /**
     * In-place {@link #div(double)}; see {@link #divi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray divi(double value) {
        return Ufunc.binary(BinaryOp.DIV, this, value, this);
    }

    /**
     * In-place {@link #div(long)}; see {@link #divi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray divi(long value) {
        return Ufunc.binary(BinaryOp.DIV, this, value, this);
    }

    /**
     * In-place {@link #floorDiv(NDArray)}: {@code this = this.floorDiv(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray floorDivi(NDArray other) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, other, this);
    }

    /**
     * In-place {@link #floorDiv(double)}; see {@link #floorDivi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray floorDivi(double value) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, value, this);
    }

    /**
     * In-place {@link #floorDiv(long)}; see {@link #floorDivi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray floorDivi(long value) {
        return Ufunc.binary(BinaryOp.FLOOR_DIV, this, value, this);
    }

    /**
     * In-place {@link #mod(NDArray)}: {@code this = this.mod(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray modi(NDArray other) {
        return Ufunc.binary(BinaryOp.MOD, this, other, this);
    }

    /**
     * In-place {@link #mod(double)}; see {@link #modi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray modi(double value) {
        return Ufunc.binary(BinaryOp.MOD, this, value, this);
    }

    /**
     * In-place {@link #mod(long)}; see {@link #modi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray modi(long value) {
        return Ufunc.binary(BinaryOp.MOD, this, value, this);
    }

    /**
     * In-place {@link #pow(NDArray)}: {@code this = this.pow(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray powi(NDArray other) {
        return Ufunc.binary(BinaryOp.POW, this, other, this);
    }

    /**
     * In-place {@link #pow(double)}; see {@link #powi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray powi(double value) {
        return Ufunc.binary(BinaryOp.POW, this, value, this);
    }

    /**
     * In-place {@link #pow(long)}; see {@link #powi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray powi(long value) {
        return Ufunc.binary(BinaryOp.POW, this, value, this);
    }

    /**
     * In-place {@link #maximum(NDArray)}: {@code this = this.maximum(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray maximumi(NDArray other) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, other, this);
    }

    /**
     * In-place {@link #maximum(double)}; see {@link #maximumi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray maximumi(double value) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, value, this);
    }

    /**
     * In-place {@link #maximum(long)}; see {@link #maximumi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray maximumi(long value) {
        return Ufunc.binary(BinaryOp.MAXIMUM, this, value, this);
    }

    /**
     * In-place {@link #minimum(NDArray)}: {@code this = this.minimum(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray minimumi(NDArray other) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, other, this);
    }

    /**
     * In-place {@link #minimum(double)}; see {@link #minimumi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray minimumi(double value) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, value, this);
    }

    /**
     * In-place {@link #minimum(long)}; see {@link #minimumi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray minimumi(long value) {
        return Ufunc.binary(BinaryOp.MINIMUM, this, value, this);
    }

    /**
     * In-place {@link #and(NDArray)}: {@code this = this.and(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray andi(NDArray other) {
        return Ufunc.binary(BinaryOp.AND, this, other, this);
    }

    /**
     * In-place {@link #and(double)}; see {@link #andi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray andi(double value) {
        return Ufunc.binary(BinaryOp.AND, this, value, this);
    }

    /**
     * In-place {@link #and(long)}; see {@link #andi(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray andi(long value) {
        return Ufunc.binary(BinaryOp.AND, this, value, this);
    }

    /**
     * In-place {@link #or(NDArray)}: {@code this = this.or(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray ori(NDArray other) {
        return Ufunc.binary(BinaryOp.OR, this, other, this);
    }

    /**
     * In-place {@link #or(double)}; see {@link #ori(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ori(double value) {
        return Ufunc.binary(BinaryOp.OR, this, value, this);
    }

    /**
     * In-place {@link #or(long)}; see {@link #ori(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ori(long value) {
        return Ufunc.binary(BinaryOp.OR, this, value, this);
    }

    /**
     * In-place {@link #xor(NDArray)}: {@code this = this.xor(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray xori(NDArray other) {
        return Ufunc.binary(BinaryOp.XOR, this, other, this);
    }

    /**
     * In-place {@link #xor(double)}; see {@link #xori(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray xori(double value) {
        return Ufunc.binary(BinaryOp.XOR, this, value, this);
    }

    /**
     * In-place {@link #xor(long)}; see {@link #xori(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray xori(long value) {
        return Ufunc.binary(BinaryOp.XOR, this, value, this);
    }

    /**
     * In-place {@link #shiftLeft(NDArray)}: {@code this = this.shiftLeft(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray shiftLefti(NDArray other) {
        return Ufunc.binary(BinaryOp.SHL, this, other, this);
    }

    /**
     * In-place {@link #shiftLeft(double)}; see {@link #shiftLefti(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftLefti(double value) {
        return Ufunc.binary(BinaryOp.SHL, this, value, this);
    }

    /**
     * In-place {@link #shiftLeft(long)}; see {@link #shiftLefti(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftLefti(long value) {
        return Ufunc.binary(BinaryOp.SHL, this, value, this);
    }

    /**
     * In-place {@link #shiftRight(NDArray)}: {@code this = this.shiftRight(other)}, written through to the
     * memory this array views. The result is cast to this array's dtype where NumPy's
     * {@code same_kind} rule allows (int32 {@code addi} a float64 array is refused, like NumPy's
     * {@code +=}). Overlapping operands give NumPy's result (as if {@code other} were copied first).
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if an operand is closed
     */
    public NDArray shiftRighti(NDArray other) {
        return Ufunc.binary(BinaryOp.SHR, this, other, this);
    }

    /**
     * In-place {@link #shiftRight(double)}; see {@link #shiftRighti(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftRighti(double value) {
        return Ufunc.binary(BinaryOp.SHR, this, value, this);
    }

    /**
     * In-place {@link #shiftRight(long)}; see {@link #shiftRighti(NDArray)}.
     *
     * @param value the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code value} is out of range for this integer dtype,
     *         or the dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray shiftRighti(long value) {
        return Ufunc.binary(BinaryOp.SHR, this, value, this);
    }

    /**
     * Element-wise negation {@code -this} (NumPy's {@code negative}; unsigned integers wrap; refused for bool).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray neg() {
        return Ufunc.unary(UnaryOp.NEG, this);
    }

    /**
     * Element-wise absolute value (NumPy's {@code absolute}); the most negative integer stays itself (wraps); complex gives the modulus as float32 or float64.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray abs() {
        return Ufunc.unary(UnaryOp.ABS, this);
    }

    /**
     * Element-wise sign: -1, 0 or 1 (0 for both zeros, NaN stays NaN); complex gives {@code z / |z|} (NumPy 2's definition; 0 for 0); refused for bool.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sign() {
        return Ufunc.unary(UnaryOp.SIGN, this);
    }

    /**
     * Element-wise square root; NaN for negative values. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sqrt() {
        return Ufunc.unary(UnaryOp.SQRT, this);
    }

    /**
     * Element-wise square {@code this * this}; integers wrap; bool computes in int8.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray square() {
        return Ufunc.unary(UnaryOp.SQUARE, this);
    }

    /**
     * Element-wise exponential {@code e^this}; complex supported. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray exp() {
        return Ufunc.unary(UnaryOp.EXP, this);
    }

    /**
     * Element-wise {@code e^this - 1}, accurate near 0. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray expm1() {
        return Ufunc.unary(UnaryOp.EXPM1, this);
    }

    /**
     * Element-wise natural logarithm; NaN for negative values, {@code -inf} for 0. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray log() {
        return Ufunc.unary(UnaryOp.LOG, this);
    }

    /**
     * Element-wise {@code log(1 + this)}, accurate near 0. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray log1p() {
        return Ufunc.unary(UnaryOp.LOG1P, this);
    }

    /**
     * Element-wise base-2 logarithm (exact for powers of two). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray log2() {
        return Ufunc.unary(UnaryOp.LOG2, this);
    }

    /**
     * Element-wise base-10 logarithm. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray log10() {
        return Ufunc.unary(UnaryOp.LOG10, this);
    }

    /**
     * Element-wise sine (radians). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sin() {
        return Ufunc.unary(UnaryOp.SIN, this);
    }

    /**
     * Element-wise cosine (radians). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray cos() {
        return Ufunc.unary(UnaryOp.COS, this);
    }

    /**
     * Element-wise tangent (radians). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray tan() {
        return Ufunc.unary(UnaryOp.TAN, this);
    }

    /**
     * Element-wise arc sine (NumPy's {@code arcsin}). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray asin() {
        return Ufunc.unary(UnaryOp.ASIN, this);
    }

    /**
     * Element-wise arc cosine (NumPy's {@code arccos}). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray acos() {
        return Ufunc.unary(UnaryOp.ACOS, this);
    }

    /**
     * Element-wise arc tangent (NumPy's {@code arctan}). Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray atan() {
        return Ufunc.unary(UnaryOp.ATAN, this);
    }

    /**
     * Element-wise hyperbolic sine. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sinh() {
        return Ufunc.unary(UnaryOp.SINH, this);
    }

    /**
     * Element-wise hyperbolic cosine. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray cosh() {
        return Ufunc.unary(UnaryOp.COSH, this);
    }

    /**
     * Element-wise hyperbolic tangent. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray tanh() {
        return Ufunc.unary(UnaryOp.TANH, this);
    }

    /**
     * Element-wise largest integer not above the element; bool and integer arrays keep their dtype and values (NumPy 2.3+; older NumPy gave floats).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray floor() {
        return Ufunc.unary(UnaryOp.FLOOR, this);
    }

    /**
     * Element-wise smallest integer not below the element; bool and integers keep their dtype, as {@link #floor()}.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray ceil() {
        return Ufunc.unary(UnaryOp.CEIL, this);
    }

    /**
     * Element-wise nearest integer, ties to even. Bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64), as NumPy.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray rint() {
        return Ufunc.unary(UnaryOp.RINT, this);
    }

    /**
     * Element-wise integer part, rounding toward zero (keeps the sign of zero); bool and integers keep their dtype, as {@link #floor()}.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray trunc() {
        return Ufunc.unary(UnaryOp.TRUNC, this);
    }

    /**
     * Element-wise NaN test, a bool array (integers: all false; complex: either part NaN).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray isNaN() {
        return Ufunc.unary(UnaryOp.IS_NAN, this);
    }

    /**
     * Element-wise infinity test, a bool array (complex: either part infinite).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray isInf() {
        return Ufunc.unary(UnaryOp.IS_INF, this);
    }

    /**
     * Element-wise finiteness test, a bool array (integers: all true; complex: both parts finite).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray isFinite() {
        return Ufunc.unary(UnaryOp.IS_FINITE, this);
    }

    /**
     * Element-wise truth negation, a bool array (zero is false, NaN is true).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray logicalNot() {
        return Ufunc.unary(UnaryOp.LOGICAL_NOT, this);
    }

    /**
     * Element-wise complex conjugate (NumPy's {@code conjugate}) in a new array; real dtypes give a copy (bool an int8 copy).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype (the message
     *         names both)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray conj() {
        return Ufunc.unary(UnaryOp.CONJ, this);
    }

    /**
     * Limits the elements to {@code [lo, hi]}, NumPy's {@code clip}: {@code minimum(maximum(this, lo), hi)}
     * with weak floating scalars (a floating array keeps its dtype, others give float64). NaN
     * elements stay NaN; if {@code lo > hi} every element becomes {@code hi}, as NumPy.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return a new array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray clip(double lo, double hi) {
        return Ufunc.clip(this, lo, hi);
    }

    /**
     * Limits the elements to {@code [lo, hi]} with weak integer scalars: the result keeps this
     * array's dtype; see {@link #clip(double, double)}.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return a new array
     * @throws IllegalArgumentException if a bound is out of range for this integer dtype
     * @throws IllegalStateException if this array is closed
     */
    public NDArray clip(long lo, long hi) {
        return Ufunc.clip(this, lo, hi);
    }

    /**
     * Chooses elements, NumPy's {@code where(cond, x, y)}: {@code x}'s element where {@code cond}
     * is true (non-zero), else {@code y}'s; the three broadcast together; the dtype is the
     * promotion of x's and y's.
     *
     * @param cond the condition, any dtype
     * @param x the elements chosen where cond is true
     * @param y the elements chosen elsewhere
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast
     * @throws IllegalStateException if an operand is closed
     */
    public static NDArray where(NDArray cond, NDArray x, NDArray y) {
        return Ufunc.where(cond, x, y);
    }

    /**
     * The real part, NumPy's {@code .real}: for a complex array a <em>view</em> of float32 or
     * float64 elements over the real halves (strides doubled; writes go through); for a real array
     * a view of its own elements.
     *
     * @return the view (never the owner of the memory)
     * @throws IllegalStateException if this array is closed
     */
    public NDArray real() {
        return Ufunc.real(this);
    }

    /**
     * The imaginary part, NumPy's {@code .imag}: for a complex array a view over the imaginary
     * halves (writes go through); for a real array a new read-only array of zeros of this dtype
     * and shape (it owns its memory).
     *
     * @return the view, or the zeros
     * @throws IllegalStateException if this array is closed
     */
    public NDArray imag() {
        return Ufunc.imag(this);
    }

    /**
     * Copies {@code src} into this array, NumPy's {@code this[...] = src}: src broadcasts to this
     * shape, and elements convert with NumPy's casts (unsafe casting, as {@link #astype}: float to
     * integer truncates, NaN to integer gives 0). Writes through to the memory this array views;
     * an overlapping {@code src} is read as if copied first.
     *
     * @param src the values
     * @return this array
     * @throws IllegalArgumentException if src does not broadcast to this shape
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if either array is closed
     */
    public NDArray assign(NDArray src) {
        return Ufunc.assign(this, src);
    }

    /**
     * Sets every element to {@code value}, converted as {@link #astype} converts a float64.
     *
     * @param value the value
     * @return this array
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray fill(double value) {
        return Ufunc.fill(this, value);
    }

    /**
     * Sets every element to the exact 64-bit integer {@code value} (integers keep its low bits).
     *
     * @param value the value
     * @return this array
     * @throws ReadOnlyArrayException if this array is read-only
     * @throws IllegalStateException if this array is closed
     */
    public NDArray fill(long value) {
        return Ufunc.fill(this, value);
    }

    // endregion compute-elementwise

    // ==========================================================================================
    // region compute-reductions-linalg (issue 3: reductions, cumulative ops, matmul, dot, outer, tensordot)
    // ==========================================================================================

    // Reductions follow NumPy: every method returns a new array that owns its memory (0-d for a
    // reduction over every axis: read it with item()), leaves this array unchanged, and holds a
    // lease on this array while it runs, so a concurrent close() waits for it. Axes count from
    // the end when negative; an int[] of axes may be null (every axis) or empty (no axis). A 0-d
    // array has no axis, so any explicit axis is out of range (NumPy accepts 0 and -1 in the
    // integer form of some reductions). Result dtypes and the accumulation order are described on
    // sum(int[], boolean).

    /**
     * Sums all elements. See {@link #sum(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sum() {
        return Reductions.sumProd(this, null, false, false);
    }

    /**
     * Sums along one axis, like NumPy's {@code a.sum(axis)}. See {@link #sum(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array without that axis
     * @throws IllegalArgumentException if the axis is out of range; the message names it
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sum(int axis) {
        return Reductions.sumProd(this, new int[] {axis}, false, false);
    }

    /**
     * Sums along a set of axes, like NumPy's {@code a.sum(axis=axes, keepdims=keepDims)}.
     *
     * <p>Result dtype: {@code int64} for bool and signed integers, {@code uint64} for unsigned
     * integers (both wrap around on overflow, as NumPy), the input dtype for floating and complex
     * types. Floating and complex values are summed by blocked pairwise summation: blocks of 256
     * values in 16 lanes of 16 values each (float32, float16, bfloat16 and complex64 values added
     * in float32 within a lane, as NumPy adds float16 and float32 in blocks; float64 and complex128
     * in double), the blocks combined pairwise in double, and the result rounded once to the
     * result dtype. Each term passes through at most 16 roundings in the lane precision and a
     * logarithmic number in double, so the result is at least as accurate as NumPy's and its last
     * bits may differ. The order of the additions depends only on the shape, strides and axes,
     * never on the number of threads or on whether the Vector API is enabled. The sum of no
     * elements is 0.
     *
     * @param axes the axes to reduce, each negative counting from the end; {@code null} for every
     *        axis, empty for none
     * @param keepDims whether the reduced axes stay in the result with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated; the message names it
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sum(int[] axes, boolean keepDims) {
        return Reductions.sumProd(this, axes, keepDims, false);
    }

    /**
     * Multiplies all elements. See {@link #prod(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray prod() {
        return Reductions.sumProd(this, null, false, true);
    }

    /**
     * Multiplies along one axis. See {@link #prod(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray prod(int axis) {
        return Reductions.sumProd(this, new int[] {axis}, false, true);
    }

    /**
     * Multiplies along a set of axes, like NumPy's {@code a.prod(axis=axes, keepdims=keepDims)}.
     * Result dtypes as {@link #sum(int[], boolean)}; integers wrap around; real floating values
     * are multiplied in {@code double} (so an intermediate product beyond the float32 range does
     * not overflow, unlike NumPy's float32 product); complex values are multiplied one after the
     * other in their order along the axes. The product of no elements is 1.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray prod(int[] axes, boolean keepDims) {
        return Reductions.sumProd(this, axes, keepDims, true);
    }

    /**
     * Averages all elements. See {@link #mean(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mean() {
        return Reductions.mean(this, null, false);
    }

    /**
     * Averages along one axis. See {@link #mean(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mean(int axis) {
        return Reductions.mean(this, new int[] {axis}, false);
    }

    /**
     * Averages along a set of axes, like NumPy's {@code a.mean(axis=axes, keepdims=keepDims)}:
     * the sum (accumulated as {@link #sum(int[], boolean)} describes) divided by the number of
     * elements. Result dtype: {@code float64} for bool and integers, the input dtype otherwise.
     * The mean of no elements is NaN (NumPy also warns).
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /**
     * The variance of all elements, with {@code ddof = 0}. See {@link #var(int[], boolean, int)}.
     *
     * @return a new 0-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray var() {
        return Reductions.var(this, null, false, 0, false);
    }

    /**
     * The variance along one axis, with {@code ddof = 0}. See {@link #var(int[], boolean, int)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray var(int axis) {
        return Reductions.var(this, new int[] {axis}, false, 0, false);
    }

    /**
     * The variance along a set of axes, with {@code ddof = 0}. See {@link #var(int[], boolean, int)}.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray var(int[] axes, boolean keepDims) {
        return Reductions.var(this, axes, keepDims, 0, false);
    }

    /**
     * The variance along a set of axes, like NumPy's
     * {@code a.var(axis=axes, keepdims=keepDims, ddof=ddof)}: {@code sum(|x - mean(x)|^2) / max(n - ddof, 0)}
     * over the {@code n} elements of each reduction, computed in two passes in {@code double}
     * (with a {@code float64} temporary the size of this array). A divisor of 0 gives infinity, or
     * NaN for a zero sum, as in NumPy. Result dtype: {@code float64} for bool and integers, the
     * real type of the same precision for complex types, the input dtype otherwise.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @param ddof "delta degrees of freedom", subtracted from the element count
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray var(int[] axes, boolean keepDims, int ddof) {
        return Reductions.var(this, axes, keepDims, ddof, false);
    }

    /**
     * The standard deviation of all elements, with {@code ddof = 0}. See {@link #std(int[], boolean, int)}.
     *
     * @return a new 0-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray std() {
        return Reductions.var(this, null, false, 0, true);
    }

    /**
     * The standard deviation along one axis, with {@code ddof = 0}. See {@link #std(int[], boolean, int)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray std(int axis) {
        return Reductions.var(this, new int[] {axis}, false, 0, true);
    }

    /**
     * The standard deviation along a set of axes, with {@code ddof = 0}. See {@link #std(int[], boolean, int)}.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray std(int[] axes, boolean keepDims) {
        return Reductions.var(this, axes, keepDims, 0, true);
    }

    /**
     * The standard deviation along a set of axes, like NumPy's
     * {@code a.std(axis=axes, keepdims=keepDims, ddof=ddof)}: the square root of
     * {@link #var(int[], boolean, int)}, taken in {@code double} before the one rounding to the
     * result dtype.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @param ddof subtracted from the element count
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray std(int[] axes, boolean keepDims, int ddof) {
        return Reductions.var(this, axes, keepDims, ddof, true);
    }

    /**
     * The smallest element. See {@link #min(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalArgumentException if this array is empty
     * @throws IllegalStateException if this array is closed
     */
    public NDArray min() {
        return Reductions.minMax(this, null, false, false);
    }

    /**
     * The smallest element along one axis. See {@link #min(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     * @throws IllegalStateException if this array is closed
     */
    public NDArray min(int axis) {
        return Reductions.minMax(this, new int[] {axis}, false, false);
    }

    /**
     * The smallest element along a set of axes, like NumPy's {@code a.min(axis=axes, keepdims=keepDims)}.
     * The dtype is kept. NaN propagates: a reduction that meets a NaN gives NaN. Complex numbers
     * compare lexicographically (real part first), as in NumPy. Between {@code -0.0} and
     * {@code 0.0} the result is {@code -0.0} ({@link Math#min}); NumPy returns whichever comes
     * later, a deliberate difference that only the sign of a zero can show.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated, or if the reduced
     *         axes hold no element ("zero-size array to reduction operation minimum which has no
     *         identity")
     * @throws IllegalStateException if this array is closed
     */
    public NDArray min(int[] axes, boolean keepDims) {
        return Reductions.minMax(this, axes, keepDims, false);
    }

    /**
     * The largest element. See {@link #max(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalArgumentException if this array is empty
     * @throws IllegalStateException if this array is closed
     */
    public NDArray max() {
        return Reductions.minMax(this, null, false, true);
    }

    /**
     * The largest element along one axis. See {@link #max(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     * @throws IllegalStateException if this array is closed
     */
    public NDArray max(int axis) {
        return Reductions.minMax(this, new int[] {axis}, false, true);
    }

    /**
     * The largest element along a set of axes, like NumPy's {@code a.max(axis=axes, keepdims=keepDims)};
     * the rules of {@link #min(int[], boolean)} apply ({@code 0.0} is above {@code -0.0}).
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated, or if the reduced
     *         axes hold no element
     * @throws IllegalStateException if this array is closed
     */
    public NDArray max(int[] axes, boolean keepDims) {
        return Reductions.minMax(this, axes, keepDims, true);
    }

    /**
     * Whether every element is non-zero. See {@link #all(int[], boolean)}.
     *
     * @return a new 0-d {@code bool} array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray all() {
        return Reductions.allAny(this, null, false, false);
    }

    /**
     * Whether every element along one axis is non-zero. See {@link #all(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray all(int axis) {
        return Reductions.allAny(this, new int[] {axis}, false, false);
    }

    /**
     * Whether every element along a set of axes is non-zero (NaN counts as non-zero), like
     * NumPy's {@code a.all(axis=axes, keepdims=keepDims)}; true for no elements.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray all(int[] axes, boolean keepDims) {
        return Reductions.allAny(this, axes, keepDims, false);
    }

    /**
     * Whether some element is non-zero. See {@link #any(int[], boolean)}.
     *
     * @return a new 0-d {@code bool} array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray any() {
        return Reductions.allAny(this, null, false, true);
    }

    /**
     * Whether some element along one axis is non-zero. See {@link #any(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray any(int axis) {
        return Reductions.allAny(this, new int[] {axis}, false, true);
    }

    /**
     * Whether some element along a set of axes is non-zero (NaN counts as non-zero), like
     * NumPy's {@code a.any(axis=axes, keepdims=keepDims)}; false for no elements.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     * @throws IllegalStateException if this array is closed
     */
    public NDArray any(int[] axes, boolean keepDims) {
        return Reductions.allAny(this, axes, keepDims, true);
    }

    /**
     * The C-order position of the first smallest element of the flattened array, like NumPy's
     * {@code a.argmin()}. See {@link #argmin(int, boolean)}.
     *
     * @return a new 0-d {@code int64} array
     * @throws IllegalArgumentException if this array is empty
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argmin() {
        return Reductions.argMinMax(this, null, false, false);
    }

    /**
     * The index of the first smallest element along one axis. See {@link #argmin(int, boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code int64} array without that axis
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argmin(int axis) {
        return Reductions.argMinMax(this, axis, false, false);
    }

    /**
     * The index of the first smallest element along one axis, like NumPy's
     * {@code a.argmin(axis, keepdims=keepDims)}: ties give the first index; the first NaN counts
     * as the smallest element (for complex, the first element with a NaN part); complex numbers
     * compare lexicographically and {@code uint64} unsigned.
     *
     * @param axis the axis, negative counting from the end
     * @param keepDims whether the axis stays with extent 1
     * @return a new {@code int64} array
     * @throws IllegalArgumentException if the axis is out of range, or it has extent 0 ("attempt
     *         to get argmin of an empty sequence")
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argmin(int axis, boolean keepDims) {
        return Reductions.argMinMax(this, axis, keepDims, false);
    }

    /**
     * The C-order position of the first largest element of the flattened array. See
     * {@link #argmax(int, boolean)}.
     *
     * @return a new 0-d {@code int64} array
     * @throws IllegalArgumentException if this array is empty
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argmax() {
        return Reductions.argMinMax(this, null, false, true);
    }

    /**
     * The index of the first largest element along one axis. See {@link #argmax(int, boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code int64} array without that axis
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argmax(int axis) {
        return Reductions.argMinMax(this, axis, false, true);
    }

    /**
     * The index of the first largest element along one axis, like NumPy's
     * {@code a.argmax(axis, keepdims=keepDims)}; the rules of {@link #argmin(int, boolean)} apply
     * (the first NaN counts as the largest element).
     *
     * @param axis the axis, negative counting from the end
     * @param keepDims whether the axis stays with extent 1
     * @return a new {@code int64} array
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argmax(int axis, boolean keepDims) {
        return Reductions.argMinMax(this, axis, keepDims, true);
    }

    /**
     * The running sum of the flattened array (C order), like NumPy's {@code a.cumsum()}. See
     * {@link #cumsum(int)}.
     *
     * @return a new 1-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray cumsum() {
        return Cumulative.scan(this, null, false);
    }

    /**
     * The running sum along one axis, like NumPy's {@code a.cumsum(axis)}: element {@code i} of
     * the result is the sum of elements {@code 0..i}, added one after the other. The result dtype
     * is that of {@link #sum(int[], boolean)}; floating values accumulate in {@code double} and
     * each result is rounded once (NumPy accumulates float16 in float16; this is a deliberate
     * difference).
     *
     * @param axis the axis, negative counting from the end
     * @return a new array of this shape
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray cumsum(int axis) {
        return Cumulative.scan(this, axis, false);
    }

    /**
     * The running product of the flattened array (C order). See {@link #cumprod(int)}.
     *
     * @return a new 1-d array
     * @throws IllegalStateException if this array is closed
     */
    public NDArray cumprod() {
        return Cumulative.scan(this, null, true);
    }

    /**
     * The running product along one axis, like NumPy's {@code a.cumprod(axis)}, with the dtype and
     * accumulation rules of {@link #cumsum(int)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array of this shape
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray cumprod(int axis) {
        return Cumulative.scan(this, axis, true);
    }

    /**
     * The matrix product, like NumPy's {@code a @ b} ({@code np.matmul}). Both operands must have
     * at least one dimension. A 1-d left operand is treated as a row and a 1-d right operand as a
     * column, and that axis is removed from the result; the last two axes are the matrix axes and
     * the axes before them are batch axes, which broadcast (a {@code (2, 1, 3, 4)} times a
     * {@code (5, 4, 6)} gives {@code (2, 5, 3, 6)}).
     *
     * <p>The result dtype is NumPy's promotion of the two dtypes; the operands are converted to it
     * element by element as they are read. Integer products wrap around in the result dtype
     * exactly as NumPy's; a bool product is "some pair of true elements". Float32 (and complex64)
     * products accumulate in float32, like BLAS {@code sgemm}; float16 and bfloat16 accumulate in
     * float32 and round once, as NumPy does for float16; float64 (and complex128) in float64. Each
     * result element is a chain of fused multiply-adds in order of the summed index, restarted
     * every 256 terms, so its bits do not depend on the thread count or on the Vector API (with
     * {@code -Dndpack.blas=system} a system BLAS may be used instead for float32 and float64; see
     * {@code org.ndpack.internal.kernel.Blas}). Results may differ from NumPy's, which uses BLAS,
     * in the last bits.
     *
     * @param other the right operand
     * @return a new array owning its memory
     * @throws IllegalArgumentException if an operand is 0-d, the summed extents differ ("matmul:
     *         input operand 1 has a mismatch in its core dimension 0 ... (size 4 is different from
     *         3): shapes [2, 3] and [4, 2]"), or the batch axes do not broadcast; the message
     *         names both shapes
     * @throws IllegalStateException if either array is closed
     */
    public NDArray matmul(NDArray other) {
        return MatMul.matmul(this, other);
    }

    /**
     * NumPy's {@code np.dot(a, b)}: for 1-d operands the inner product (a 0-d result), for 2-d
     * ones the matrix product, with a 0-d operand the product by that scalar, for an N-d array and
     * a 1-d one the sum product over their last axes, and for an N-d and an M-d array (M >= 2) the
     * sum product over the last axis of this array and the second-to-last of {@code other}
     * ({@code dot(a, b)[i, j, k, m] = sum(a[i, j, :] * b[k, :, m])}). Dtypes and rounding as
     * {@link #matmul}.
     *
     * @param other the right operand
     * @return a new array owning its memory
     * @throws IllegalArgumentException if the summed extents differ ("shapes (2,3) and (4,2) not
     *         aligned: 3 (dim 1) != 4 (dim 0)")
     * @throws IllegalStateException if either array is closed
     */
    public NDArray dot(NDArray other) {
        return MatMul.dot(this, other);
    }

    /**
     * The outer product, like NumPy's {@code np.outer(a, b)}: both arrays are flattened in C
     * order and {@code result[i, j] = a[i] * b[j]}, with the dtype of {@link #matmul}.
     *
     * @param other the right operand
     * @return a new 2-d array of shape {@code (size(), other.size())}
     * @throws IllegalStateException if either array is closed
     */
    public NDArray outer(NDArray other) {
        return MatMul.outer(this, other);
    }

    /**
     * The sum of products over pairs of axes, like NumPy's
     * {@code np.tensordot(a, b, axes=(axesA, axesB))}: axis {@code axesA[i]} of this array is
     * summed against axis {@code axesB[i]} of {@code other}; the result has the remaining axes of
     * this array, then those of {@code other}, in order. Dtypes and rounding as {@link #matmul}.
     *
     * @param other the right operand
     * @param axesA axes of this array, negative counting from the end
     * @param axesB axes of {@code other}, as many as {@code axesA}
     * @return a new array owning its memory
     * @throws IllegalArgumentException if the lists differ in length, an axis is out of range or
     *         repeated, or paired extents differ; the message names the axes and shapes
     * @throws IllegalStateException if either array is closed
     */
    public NDArray tensordot(NDArray other, int[] axesA, int[] axesB) {
        return MatMul.tensordot(this, other, axesA, axesB);
    }

    /**
     * Like NumPy's {@code np.tensordot(a, b, axes=n)}: the last {@code n} axes of this array are
     * summed against the first {@code n} axes of {@code other}; {@code n = 0} gives the outer
     * product with the shapes concatenated.
     *
     * @param other the right operand
     * @param n how many axes to sum over
     * @return a new array owning its memory
     * @throws IllegalArgumentException if {@code n} is negative or exceeds either rank, or the
     *         paired extents differ
     * @throws IllegalStateException if either array is closed
     */
    public NDArray tensordot(NDArray other, int n) {
        return MatMul.tensordot(this, other, n);
    }

    // endregion compute-reductions-linalg

    // ==========================================================================================
    // region shape-tools (issue 3: concatenate, stack, split, tile, repeat, pad, sort, argsort)
    // ==========================================================================================

    /**
     * Joins arrays along an existing axis, like NumPy's {@code concatenate(arrays, axis)}. The
     * result's dtype is the NumPy 2 promotion of all the inputs' dtypes ({@code int8} with
     * {@code uint8} gives {@code int16}); the inputs are converted as {@link #astype} converts.
     *
     * {@snippet :
     * NDArray ab = NDArray.concatenate(0, a, b);   // a: [2, 3], b: [4, 3] -> [6, 3]
     * }
     * Each input is read inside an operation of its own, one after another: if other threads write
     * the inputs meanwhile, the result is not a snapshot taken at one instant.
     *
     * @param axis the axis to join along, negative counting from the end
     * @param arrays the arrays, at least one; all of the same number of dimensions ({@code >= 1})
     *        and the same extents on every axis but {@code axis}
     * @return a new C-contiguous array owning new memory
     * @throws IllegalArgumentException if there are no arrays, an array is 0-d, the numbers of
     *         dimensions differ, the axis is out of range, or an extent other than the axis's
     *         differs (the message names the axis, the dimension and both shapes)
     * @throws NullPointerException if {@code arrays} or one of them is null
     * @throws IllegalStateException if an input is closed (nothing is returned; the partial
     *         result is released)
     */
    public static NDArray concatenate(int axis, NDArray... arrays) {
        return org.ndpack.internal.ops.ShapeOps.concatenate(axis, arrays);
    }

    /**
     * Joins arrays along axis 0; see {@link #concatenate(int, NDArray...)}.
     *
     * @param arrays the arrays
     * @return a new array
     * @throws IllegalArgumentException as {@link #concatenate(int, NDArray...)}
     * @throws NullPointerException if {@code arrays} or one of them is null
     * @throws IllegalStateException if an input is closed
     */
    public static NDArray concatenate(NDArray... arrays) {
        return org.ndpack.internal.ops.ShapeOps.concatenate(0, arrays);
    }

    /**
     * Joins arrays of one shape along a new axis, like NumPy's {@code stack(arrays, axis)}: the
     * result has one more dimension, of extent {@code arrays.length}, at position {@code axis}.
     * Dtypes promote as in {@link #concatenate(int, NDArray...)}. 0-d arrays stack into a 1-d
     * array.
     *
     * @param axis the position of the new axis in the result, in {@code [-ndim-1, ndim]}
     * @param arrays the arrays, at least one, all of the same shape
     * @return a new C-contiguous array owning new memory
     * @throws IllegalArgumentException if there are no arrays, the shapes differ (the message
     *         names both) or the axis is out of range for the result
     * @throws NullPointerException if {@code arrays} or one of them is null
     * @throws IllegalStateException if an input is closed
     */
    public static NDArray stack(int axis, NDArray... arrays) {
        return org.ndpack.internal.ops.ShapeOps.stack(axis, arrays);
    }

    /**
     * Stacks arrays along a new first axis; see {@link #stack(int, NDArray...)}.
     *
     * @param arrays the arrays
     * @return a new array
     * @throws IllegalArgumentException as {@link #stack(int, NDArray...)}
     * @throws NullPointerException if {@code arrays} or one of them is null
     * @throws IllegalStateException if an input is closed
     */
    public static NDArray stack(NDArray... arrays) {
        return org.ndpack.internal.ops.ShapeOps.stack(0, arrays);
    }

    /**
     * Splits this array into {@code sections} equal parts along {@code axis}, like NumPy's
     * {@code split(a, sections, axis)}. The parts are <em>views</em>: they share this array's
     * memory (writes show through) and closing them does not release it.
     *
     * @param sections the number of parts, {@code > 0}, dividing the axis's extent exactly
     * @param axis the axis, negative counting from the end
     * @return an unmodifiable list of {@code sections} views, in order
     * @throws IllegalArgumentException if the axis is out of range, {@code sections <= 0}, or
     *         the extent is not a multiple of {@code sections} (the message names both)
     * @throws IllegalStateException if this array is closed
     */
    public List<NDArray> split(int sections, int axis) {
        return org.ndpack.internal.ops.ShapeOps.split(this, sections, axis);
    }

    /**
     * Splits this array along {@code axis} before each of the given positions, like NumPy's
     * {@code split(a, indices, axis)}: part {@code k} is the slice
     * {@code indices[k-1]:indices[k]} on the axis (the first part starts at 0, the last ends at
     * the extent), with Python's slice rules (negative positions count from the end, positions
     * past the end clamp, a decreasing pair gives an empty part). The parts are views.
     *
     * @param indices the split positions
     * @param axis the axis, negative counting from the end
     * @return an unmodifiable list of {@code indices.length + 1} views, in order
     * @throws IllegalArgumentException if the axis is out of range
     * @throws NullPointerException if {@code indices} is null
     * @throws IllegalStateException if this array is closed
     */
    public List<NDArray> split(long[] indices, int axis) {
        return org.ndpack.internal.ops.ShapeOps.split(this, indices, axis);
    }

    /**
     * Repeats the whole array {@code reps[i]} times along each axis, like NumPy's
     * {@code tile(a, reps)}: if {@code reps} is shorter than the number of dimensions it is
     * padded with leading 1s; if it is longer, the array gains leading axes of extent 1.
     *
     * @param reps the repetitions per axis, each {@code >= 0}; none gives a copy
     * @return a new C-contiguous array owning new memory
     * @throws IllegalArgumentException if a repetition is negative (the message names it and
     *         its position) or the result's extent overflows a long
     * @throws IllegalStateException if this array is closed
     */
    public NDArray tile(long... reps) {
        return org.ndpack.internal.ops.ShapeOps.tile(this, reps);
    }

    /**
     * Repeats each element {@code repeats} times along {@code axis}, like NumPy's
     * {@code repeat(a, repeats, axis)}: {@code [1, 2]} repeated twice is {@code [1, 1, 2, 2]}.
     * As in NumPy, a 0-d array is treated as 1-d.
     *
     * @param repeats the count, {@code >= 0}
     * @param axis the axis, negative counting from the end
     * @return a new C-contiguous array owning new memory
     * @throws IllegalArgumentException if {@code repeats < 0} or the axis is out of range
     * @throws IllegalStateException if this array is closed
     */
    public NDArray repeat(long repeats, int axis) {
        return org.ndpack.internal.ops.ShapeOps.repeat(this, repeats, axis);
    }

    /**
     * Repeats the element at position {@code i} of {@code axis} {@code repeats[i]} times, like
     * NumPy's {@code repeat(a, repeats, axis)} with an array of counts. A single count applies to
     * every position.
     *
     * @param repeats one count per position on the axis (or one count), each {@code >= 0}
     * @param axis the axis, negative counting from the end
     * @return a new C-contiguous array owning new memory
     * @throws IllegalArgumentException if a count is negative (the message names it and its
     *         position), the number of counts is neither 1 nor the axis's extent, the axis is out
     *         of range, or the total overflows a long
     * @throws NullPointerException if {@code repeats} is null
     * @throws IllegalStateException if this array is closed
     */
    public NDArray repeat(long[] repeats, int axis) {
        return org.ndpack.internal.ops.ShapeOps.repeat(this, repeats, axis);
    }

    /**
     * Repeats each element of the flattened array (C order) {@code repeats} times, like NumPy's
     * {@code repeat(a, repeats)} without an axis.
     *
     * @param repeats the count, {@code >= 0}
     * @return a new 1-d array owning new memory
     * @throws IllegalArgumentException if {@code repeats < 0} or the size overflows a long
     * @throws IllegalStateException if this array is closed
     */
    public NDArray repeat(long repeats) {
        return org.ndpack.internal.ops.ShapeOps.repeat(this, repeats);
    }

    /**
     * Pads with a constant, like NumPy's {@code pad(a, padWidth, constant_values=value)}: axis
     * {@code i} grows by {@code padWidth[i][0]} elements before and {@code padWidth[i][1]} after,
     * all set to {@code value} converted to this dtype as {@link #astype} converts a
     * {@code float64} (so 300 becomes 44 in {@code uint8}, as in NumPy).
     *
     * @param padWidth one {@code {before, after}} row per axis, or a single row for every axis; a
     *        row of one entry pads both sides by it
     * @param value the fill value; must be finite for integer dtypes (NumPy raises too)
     * @return a new C-contiguous array owning new memory
     * @throws IllegalArgumentException if a width is negative (the message names the row and its
     *         axis), the number of rows is neither 1 nor {@link #ndim()}, a row does not have 1 or
     *         2 entries, or {@code value} is NaN or infinite for an integer dtype
     * @throws NullPointerException if {@code padWidth} or a row is null
     * @throws IllegalStateException if this array is closed
     */
    public NDArray pad(long[][] padWidth, double value) {
        return org.ndpack.internal.ops.ShapeOps.pad(this, padWidth, value);
    }

    /**
     * Pads every axis by {@code width} elements on both sides with {@code value}; see
     * {@link #pad(long[][], double)}.
     *
     * @param width the width, {@code >= 0}
     * @param value the fill value
     * @return a new array
     * @throws IllegalArgumentException as {@link #pad(long[][], double)}
     * @throws IllegalStateException if this array is closed
     */
    public NDArray pad(long width, double value) {
        return org.ndpack.internal.ops.ShapeOps.pad(this, new long[][] {{width, width}}, value);
    }

    /**
     * Returns a copy sorted along {@code axis}, in the order of NumPy's
     * {@code sort(a, axis, kind='stable')}: ascending; NaN after everything else (for float16 and
     * bfloat16 too); {@code -0.0} and {@code 0.0} equal, so they keep their original relative order,
     * as do NaNs of different bits; unsigned integers in unsigned order; bool {@code false} before
     * {@code true}; complex numbers by real part, then imaginary part, with NumPy's NaN order
     * {@code [R + Rj, R + nanj, nan + Rj, nan + nanj]}. Every element of the result is one of
     * the input's, bits unchanged. Large arrays are sorted on several cores; the result does not
     * depend on their number.
     *
     * @param axis the axis, negative counting from the end
     * @return a new C-contiguous array of the same dtype and shape
     * @throws IllegalArgumentException if the axis is out of range (a 0-d array has none, as in
     *         NumPy) or the axis is longer than {@code 2^31 - 9} elements
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sort(int axis) {
        return org.ndpack.internal.ops.Sorting.sort(this, axis);
    }

    /**
     * {@return a copy sorted along the last axis} See {@link #sort(int)}.
     *
     * @throws IllegalArgumentException if the array is 0-d
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sort() {
        return org.ndpack.internal.ops.Sorting.sort(this, -1);
    }

    /**
     * Returns the indices that sort this array along {@code axis}, like NumPy's
     * {@code argsort(a, axis, kind='stable')}: the sort is <em>stable</em> (equal elements,
     * including {@code -0.0} and {@code 0.0} and all NaNs, keep their original order), in the
     * order of {@link #sort(int)}. As in NumPy, a 0-d array gives the 1-d array {@code [0]}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new C-contiguous {@code int64} array of the same shape, holding positions on the
     *         axis
     * @throws IllegalArgumentException if the axis is out of range or longer than
     *         {@code 2^31 - 9} elements
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argsort(int axis) {
        return org.ndpack.internal.ops.Sorting.argsort(this, axis);
    }

    /**
     * {@return the stable sorting indices along the last axis} See {@link #argsort(int)}.
     *
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argsort() {
        return org.ndpack.internal.ops.Sorting.argsort(this, -1);
    }

    // endregion shape-tools

    // ==========================================================================================
    // region concurrency (issue 5: atomic view, locked form, checked mode)
    // ==========================================================================================

    /**
     * Returns this array in <em>locked form</em>: a view (same memory, shape and flags, not the
     * owner) whose every operation runs as one step under the <em>memory lock</em>. The lock
     * belongs to the memory, so it is shared by every view of it, and it covers the operation's
     * span of each operand (the bytes from its lowest to its highest element): operations on
     * disjoint parts of one buffer run in parallel, overlapping ones one at a time, writers
     * exclusively and readers together. An operation with several operands locks all of their
     * spans at once, in a global order, so locked operations never deadlock. Views of a locked
     * array are locked too.
     *
     * {@snippet :
     * NDArray shared = counts.locked();
     * // on any number of threads:
     * shared.addi(1);              // each addi is atomic with respect to other locked operations
     * }
     *
     * <p>The lock is advisory: operations on a view that is not locked do not wait for it. Element
     * access on a locked array ({@link #getDouble}, ...) and its {@link #atomic() atomic view} take
     * the lock for the one element's bytes. For several operations as one step use
     * {@link #lock()}. Cost: two monitor enters per operation on an uncontended memory; closing the
     * view closes only the view.
     *
     * @return the locked view
     * @throws IllegalStateException if the array is closed
     * @see RegionLock
     */
    public NDArray locked() {
        return view(shape.clone(), strides.clone(), offset, (flags & INHERITED) | ArrayAccess.LOCKED);
    }

    /** {@return true if operations on this array take the memory lock (see {@link #locked()})} */
    public boolean isLocked() {
        return (flags & ArrayAccess.LOCKED) != 0;
    }

    /**
     * Returns this array in <em>checked form</em>: a view whose every operation registers the
     * bytes it reads or writes with its memory's race detector while it runs. An operation that
     * would read bytes another thread's operation is writing, or write bytes another thread's
     * operation reads or writes, throws {@link ConcurrentAccessException} naming both operations
     * and both threads, before it touches anything. An operation involving any checked array
     * registers all of its operands. Views of a checked array are checked too.
     *
     * <p>Checked mode finds races that happen during a run, for tests and debugging; both racing
     * operations must be checked (or checked mode switched on for all arrays with
     * {@code -Dndpack.checked=true}). Atomic accesses ({@link #atomic()}) never race with each
     * other, but race with plain reads and writes of the same bytes. Cost: a few monitor enters
     * per operation when on; when off (the default), one predictable branch per operation.
     *
     * @return the checked view
     * @throws IllegalStateException if the array is closed
     */
    public NDArray checked() {
        return view(shape.clone(), strides.clone(), offset, (flags & INHERITED) | ArrayAccess.CHECKED);
    }

    /** {@return true if operations on this array register with the race detector (see {@link #checked()})} */
    public boolean isChecked() {
        return (flags & ArrayAccess.CHECKED) != 0;
    }

    /**
     * Locks this array's region of its memory for writing, for several operations that must be
     * one step. Until the returned lock is closed, no other thread's explicit lock or locked
     * operation on overlapping bytes runs; this thread's own operations on locked views proceed.
     *
     * {@snippet :
     * try (RegionLock l = a.lock()) {
     *     a.locked().subi(x);
     *     b.locked().addi(x);     // b's bytes are not covered unless b overlaps a: lock both at once
     * }                           // with RegionLock.exclusive(a, b)
     * }
     *
     * @return the held lock; close it on this thread
     * @throws IllegalStateException if the array is closed, or this thread holds a shared lock on
     *         an overlapping region
     * @see RegionLock
     */
    public RegionLock lock() {
        return RegionLock.exclusive(this);
    }

    /**
     * Locks this array's region of its memory for reading: other readers may hold it too; writers
     * (explicit or locked operations) wait until it is closed.
     *
     * @return the held lock; close it on this thread
     * @throws IllegalStateException if the array is closed
     * @see RegionLock
     */
    public RegionLock lockShared() {
        return RegionLock.shared(this);
    }

    /**
     * Returns the atomic view of this array: per-element volatile, acquire/release, compare-and-set,
     * get-and-set, get-and-add and accumulate operations, for integer, floating-point and bool
     * dtypes. See {@link AtomicView} for what each operation pairs with.
     *
     * @return the atomic view (it accesses this array; closing this array makes it unusable)
     * @throws IllegalStateException if the array is closed, or its elements are not naturally
     *         aligned ({@link #isAligned()}), or (1- and 2-byte dtypes) the aligned 4-byte word
     *         around an element reaches outside the memory; the message says which
     * @throws UnsupportedOperationException for complex dtypes (an element is two scalars; no
     *         atomic instruction covers both)
     */
    public AtomicView atomic() {
        if (isClosed()) {
            throw UseAfterClose.of(this);
        }
        return new AtomicView(this);
    }

    /** The byte offset of an element in the memory, for {@link AtomicView}; checks the index. */
    long elementByteOffset(long[] index) {
        return byteOffset(index);
    }

    // endregion concurrency

    // ==========================================================================================
    // region dlpack (issue 4: the DLPack producer protocol)
    // ==========================================================================================

    /**
     * Exports this array as a managed DLPack tensor, like NumPy's
     * {@code __dlpack__(max_version=..., dl_device=..., copy=...)}; the rules are those of
     * {@link org.ndpack.dlpack.DLPack#export DLPack.export}. Unless a copy is made, the tensor
     * shares this array's memory, which stays valid until the consumer calls the deleter, even if
     * this array is closed meanwhile.
     *
     * {@snippet :
     * DLPackTensor t = a.toDLPack(DLPack.VERSION, null, DLPackCopy.IF_NEEDED);
     * }
     *
     * @param maxVersion the highest DLPack version the consumer understands, or {@code null} if it
     *        only understands the legacy struct
     * @param device the device wanted, or {@code null} (this array's own: CPU:0)
     * @param copy the copy policy
     * @return the managed tensor, owned by the caller until handed to a consumer
     * @throws NullPointerException if {@code copy} is null
     * @throws org.ndpack.dlpack.DLPackDeviceException if {@code device} is not CPU:0
     * @throws org.ndpack.dlpack.DLPackCopyException if {@code copy} is {@code NEVER} and a copy is
     *         needed (a read-only array asked for as a legacy struct)
     * @throws IllegalStateException if this array is closed
     */
    @Override
    public org.ndpack.dlpack.DLPackTensor toDLPack(org.ndpack.dlpack.DLPackVersion maxVersion,
            org.ndpack.dlpack.DLDevice device, org.ndpack.dlpack.DLPackCopy copy) {
        return org.ndpack.dlpack.DLPack.export(this, maxVersion, device, copy);
    }

    /** {@return the device of every ndpack array, {@code CPU:0}}, like NumPy's {@code __dlpack_device__()} */
    @Override
    public org.ndpack.dlpack.DLDevice dlpackDevice() {
        return org.ndpack.dlpack.DLDevice.CPU_0;
    }

    // endregion dlpack

    // ------------------------------------------------------------------------------------------
    // Internal access
    // ------------------------------------------------------------------------------------------

    private static final class Access extends ArrayAccess {
        @Override
        public NDArray create(Memory memory, DType dtype, long[] shape, long[] strides, long offset, int flags) {
            return new NDArray(memory, dtype, shape, strides, offset, flags);
        }

        @Override
        public Memory memory(NDArray a) {
            return a.memory;
        }

        @Override
        public long[] shape(NDArray a) {
            return a.shape;
        }

        @Override
        public long[] strides(NDArray a) {
            return a.strides;
        }

        @Override
        public long offset(NDArray a) {
            return a.offset;
        }

        @Override
        public int flags(NDArray a) {
            return a.flags;
        }

        @Override
        public void acquire(NDArray a) {
            a.lease();
        }
    }
}
