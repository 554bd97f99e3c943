package org.ndpack;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ndpack.dlpack.DLDevice;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackProducer;
import org.ndpack.dlpack.DLPackTensor;
import org.ndpack.dlpack.DLPackVersion;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.linalg.MatMul;
import org.ndpack.internal.memory.NativeAllocator;
import org.ndpack.internal.reduce.Cumulative;
import org.ndpack.internal.reduce.Reductions;
import org.ndpack.internal.shape.Copier;
import org.ndpack.internal.shape.ShapeOps;
import org.ndpack.internal.sort.Sorting;
import org.ndpack.internal.text.Format;
import org.ndpack.internal.ufunc.BinaryOp;
import org.ndpack.internal.ufunc.Elementwise;
import org.ndpack.internal.ufunc.UnaryOp;

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
 *   <li>Closing an array twice throws {@link IllegalStateException}: it reveals a bug.</li>
 * </ul>
 * {@link #liveNativeBytes()} counts the bytes ndpack has allocated and not yet released;
 * {@link NativeMemory} limits them, collecting dropped arrays before it gives up.
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
public final class NDArray implements AutoCloseable, DLPackProducer {

    private static final int READ_ONLY = ArrayImpl.READ_ONLY;
    private static final int OWNER = ArrayImpl.OWNER;

    static {
        Facade.install(new Facade<NDArray>() {
            @Override
            public NDArray wrap(ArrayImpl a) {
                return new NDArray(a);
            }

            @Override
            public ArrayImpl unwrap(NDArray a) {
                return a.impl;
            }
        });
    }

    /** The internal array this façade stands for; one per {@code NDArray}. */
    final ArrayImpl impl;

    private NDArray(ArrayImpl impl) {
        this.impl = impl;
    }

    /** {@return the public array for {@code a}: this one if {@code a} is its own internal array} */
    private NDArray ret(ArrayImpl a) {
        return a == impl ? this : new NDArray(a);
    }

    static NDArray wrap(ArrayImpl a) {
        return new NDArray(a);
    }

    private static ArrayImpl[] unwrap(NDArray[] arrays) {
        ArrayImpl[] r = new ArrayImpl[arrays.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = arrays[i].impl;
        }
        return r;
    }

    private static List<NDArray> wrap(List<ArrayImpl> arrays) {
        List<NDArray> r = new ArrayList<>(arrays.size());
        for (ArrayImpl a : arrays) {
            r.add(new NDArray(a));
        }
        return List.copyOf(r);
    }

    // ------------------------------------------------------------------------------------------
    // Creation
    // ------------------------------------------------------------------------------------------

    private static NDArray allocate(DType dtype, long[] shape) {
        return new NDArray(ArrayImpl.allocate(dtype, shape));
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
            Copier.fill(a.impl, value);
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
            Copier.fill(a.impl, value);
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
        MemorySegment s = a.impl.memory.segment;
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
        MemorySegment s = a.impl.memory.segment;
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
        MemorySegment s = a.impl.memory.segment;
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
        MemorySegment s = a.impl.memory.segment;
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
        MemorySegment.copy(heap, 0, a.impl.memory.segment, 0, heap.byteSize());
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
        MemorySegment s = a.impl.memory.segment;
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
        MemorySegment s = a.impl.memory.segment;
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
        MemorySegment s = a.impl.memory.segment;
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
        return impl.dtype;
    }

    /** {@return a copy of the shape} */
    public long[] shape() {
        return impl.shape.clone();
    }

    /**
     * {@return the extent of one axis}
     *
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if the axis is out of range
     */
    public long shape(int axis) {
        return impl.shape[Shapes.axis(axis, impl.shape.length)];
    }

    /** {@return a copy of the strides, in elements} */
    public long[] strides() {
        return impl.strides.clone();
    }

    /** {@return the number of dimensions} */
    public int ndim() {
        return impl.shape.length;
    }

    /** {@return the number of elements} */
    public long size() {
        return impl.size;
    }

    /** {@return the number of bytes of the elements ({@code size() * dtype().byteSize()})} */
    public long nbytes() {
        return impl.size * impl.dtype.byteSize();
    }

    /** {@return the position of the first element in the memory, counted in elements} */
    public long offset() {
        return impl.offset;
    }

    /** {@return true if writes through this array are refused} */
    public boolean isReadOnly() {
        return (impl.flags & READ_ONLY) != 0;
    }

    /** {@return true if this array owns its memory (closing it closes the memory)} */
    public boolean isOwner() {
        return (impl.flags & OWNER) != 0;
    }

    /** {@return true if the elements are laid out in C (row-major) order without gaps} */
    public boolean isCContiguous() {
        return Shapes.isCContiguous(impl.shape, impl.strides);
    }

    /** {@return true if the elements are laid out in Fortran (column-major) order without gaps} */
    public boolean isFContiguous() {
        return Shapes.isFContiguous(impl.shape, impl.strides);
    }

    /**
     * {@return true if every element is naturally aligned} (its address a multiple of
     * {@link DType#alignment()}), which is what the no-tearing guarantee of concurrent element
     * access needs. Arrays ndpack allocates are always aligned; imported foreign memory may not be.
     */
    public boolean isAligned() {
        return (impl.memory.address() + impl.offset * impl.dtype.byteSize()) % impl.dtype.alignment() == 0;
    }

    /** {@return true if this array or its memory has been closed} */
    public boolean isClosed() {
        return impl.isClosed();
    }

    /**
     * {@return true if {@code other} views the same memory as this array} (whether or not their
     * elements overlap)
     *
     * @param other another array
     */
    public boolean sharesMemory(NDArray other) {
        return impl.memory == other.impl.memory;
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

    // ------------------------------------------------------------------------------------------
    // Lifetime
    // ------------------------------------------------------------------------------------------

    /**
     * Closes this array. On the owner of the memory this closes the memory: it is released now,
     * or when the last operation running on it ends; every view of it becomes unusable. On a view
     * it closes only the view.
     *
     * @throws IllegalStateException if this array was already closed (or, for the owner, its
     *         memory was)
     */
    @Override
    public void close() {
        impl.close();
    }

    // ------------------------------------------------------------------------------------------
    // Element access
    // ------------------------------------------------------------------------------------------

    private void checkWritable() {
        if ((impl.flags & READ_ONLY) != 0) {
            throw new ReadOnlyArrayException("array is read-only: cannot write an element of a "
                    + impl.dtype + " array of shape " + Shapes.str(impl.shape));
        }
    }

    /** The scope of a one-element access: locked and checked arrays guard only that element's bytes. */
    private OpScope readScope(String op, long byteOffset) {
        return OpScope.enterElement(op, impl, byteOffset, impl.dtype.byteSize(), OpScope.READ);
    }

    private OpScope writeScope(String op, long byteOffset) {
        checkWritable();
        return OpScope.enterElement(op, impl, byteOffset, impl.dtype.byteSize(), OpScope.WRITE);
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
        long b = impl.elementByteOffset(index);
        if ((impl.flags & ~(READ_ONLY | OWNER)) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            impl.acquire();
            try {
                return Elements.getDouble(impl.memory.segment, impl.dtype, b);
            } finally {
                impl.memory.release();
            }
        }
        try (OpScope s = readScope("getDouble", b)) {
            return Elements.getDouble(impl.memory.segment, impl.dtype, b);
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
        long b = impl.elementByteOffset(index);
        try (OpScope s = readScope("getImag", b)) {
            return Elements.getImag(impl.memory.segment, impl.dtype, b);
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
        long b = impl.elementByteOffset(index);
        if ((impl.flags & ~(READ_ONLY | OWNER)) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            impl.acquire();
            try {
                return Elements.getLong(impl.memory.segment, impl.dtype, b);
            } finally {
                impl.memory.release();
            }
        }
        try (OpScope s = readScope("getLong", b)) {
            return Elements.getLong(impl.memory.segment, impl.dtype, b);
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
        long b = impl.elementByteOffset(index);
        try (OpScope s = readScope("getBoolean", b)) {
            return Elements.getBoolean(impl.memory.segment, impl.dtype, b);
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
        long b = impl.elementByteOffset(index);
        if ((impl.flags & ~OWNER) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            impl.acquire();
            try {
                Elements.setDouble(impl.memory.segment, impl.dtype, b, value);
            } finally {
                impl.memory.release();
            }
            return;
        }
        try (OpScope s = writeScope("setDouble", b)) {
            Elements.setDouble(impl.memory.segment, impl.dtype, b, value);
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
        long b = impl.elementByteOffset(index);
        if ((impl.flags & ~OWNER) == 0 && !OpScope.CHECKED_EVERYWHERE) {
            impl.acquire();
            try {
                Elements.setLong(impl.memory.segment, impl.dtype, b, value);
            } finally {
                impl.memory.release();
            }
            return;
        }
        try (OpScope s = writeScope("setLong", b)) {
            Elements.setLong(impl.memory.segment, impl.dtype, b, value);
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
        long b = impl.elementByteOffset(index);
        try (OpScope s = writeScope("setComplex", b)) {
            Elements.setComplex(impl.memory.segment, impl.dtype, b, re, im);
        }
    }

    /**
     * {@return the only element of a one-element array (0-d or any shape of size 1) as a double}
     *
     * @throws IllegalArgumentException if the array does not have exactly one element
     * @throws IllegalStateException if the array is closed
     */
    public double item() {
        if (impl.size != 1) {
            throw new IllegalArgumentException("item() needs an array of size 1, this one has shape "
                    + Shapes.str(impl.shape) + " (" + impl.size + " elements)");
        }
        return getDouble(new long[impl.shape.length]);
    }

    /**
     * {@return the only element of a one-element array as a long, as {@link #getLong}}
     *
     * @throws IllegalArgumentException if the array does not have exactly one element
     * @throws IllegalStateException if the array is closed
     */
    public long itemLong() {
        if (impl.size != 1) {
            throw new IllegalArgumentException("itemLong() needs an array of size 1, this one has shape "
                    + Shapes.str(impl.shape) + " (" + impl.size + " elements)");
        }
        return getLong(new long[impl.shape.length]);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

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
        int n = index.length;
        int[] kinds = new int[n];
        long[] starts = new long[n];
        boolean[] hasStart = new boolean[n];
        long[] stops = new long[n];
        boolean[] hasStop = new boolean[n];
        long[] steps = new long[n];
        for (int i = 0; i < n; i++) {
            switch (index[i]) {
                case Index.At at -> {
                    kinds[i] = ArrayImpl.AT;
                    starts[i] = at.index();
                }
                case Index.Range r -> {
                    kinds[i] = ArrayImpl.RANGE;
                    hasStart[i] = r.start().isPresent();
                    starts[i] = r.start().orElse(0);
                    hasStop[i] = r.stop().isPresent();
                    stops[i] = r.stop().orElse(0);
                    steps[i] = r.step();
                }
                case Index.Ellipsis e -> kinds[i] = ArrayImpl.ELLIPSIS;
                case Index.NewAxis na -> kinds[i] = ArrayImpl.NEW_AXIS;
            }
        }
        return ret(impl.slice(Arrays.toString(index), kinds, starts, hasStart, stops, hasStop, steps));
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
        return ret(ShapeOps.reshape(impl, newShape));
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
        return ret(impl.transpose(axes));
    }

    /** {@return the view with the axes reversed (for a matrix, its transpose)} */
    public NDArray transpose() {
        return ret(impl.transpose());
    }

    /** {@return the view without the axes of extent 1} */
    public NDArray squeeze() {
        return ret(impl.squeeze());
    }

    /**
     * Removes one axis of extent 1.
     *
     * @param axis the axis, negative counting from the end
     * @return the view
     * @throws IllegalArgumentException if the axis is out of range or its extent is not 1
     */
    public NDArray squeeze(int axis) {
        return ret(impl.squeeze(axis));
    }

    /**
     * Inserts an axis of extent 1, like NumPy's {@code expand_dims}.
     *
     * @param axis the position of the new axis in the result, in {@code [-ndim-1, ndim]}
     * @return the view
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray expandDims(int axis) {
        return ret(impl.expandDims(axis));
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
        return ret(impl.broadcastTo(newShape));
    }

    /**
     * Reverses the order of the elements along one axis (a negative stride).
     *
     * @param axis the axis, negative counting from the end
     * @return the view
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray flip(int axis) {
        return ret(impl.flip(axis));
    }

    /** {@return a 1-d array of the elements in C order: a view when possible, else a copy} */
    public NDArray ravel() {
        return reshape(impl.size);
    }

    /** {@return a new C-contiguous 1-d copy of the elements in C order} */
    public NDArray flatten() {
        return ret(ShapeOps.flatten(impl));
    }

    /**
     * Returns a read-only view of this array: writes through it throw
     * {@link ReadOnlyArrayException}; the memory stays writable through other arrays.
     *
     * @return the view
     */
    public NDArray asReadOnly() {
        return ret(impl.withFlags(READ_ONLY));
    }

    /**
     * {@return a new C-contiguous, writable copy of this array, owning new memory}
     *
     * @throws IllegalStateException if the array is closed
     */
    public NDArray copy() {
        return astype(impl.dtype);
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
        return ret(ShapeOps.astype(impl, dtype));
    }

    // ------------------------------------------------------------------------------------------
    // Java arrays out
    // ------------------------------------------------------------------------------------------

    private NDArray contiguousAs(DType t) {
        if (t == impl.dtype && isCContiguous()) {
            return null;
        }
        return astype(t);
    }

    private void copyOut(DType t, MemorySegment heap) {
        NDArray c = contiguousAs(t);
        NDArray src = c == null ? this : c;
        try (OpScope s = OpScope.enter("toArray", null, src.impl)) {
            if (impl.size > 0) {
                MemorySegment.copy(src.impl.memory.segment, src.impl.offset * t.byteSize(), heap, 0, heap.byteSize());
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    private int javaLength() {
        if (impl.size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of " + impl.size + " elements does not fit a Java array");
        }
        return (int) impl.size;
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
            return "array(<closed>, dtype=" + impl.dtype + ")";
        }
        try (OpScope s = OpScope.enter("toString", null, impl)) {
            return Format.repr(impl);
        } catch (IllegalStateException e) {
            return "array(<closed>, dtype=" + impl.dtype + ")";
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
        if (!(o instanceof NDArray b) || b.impl.dtype != impl.dtype || !Arrays.equals(impl.shape, b.impl.shape)) {
            return false;
        }
        try (OpScope s = OpScope.enter("equals", null, impl, b.impl)) {
            return Copier.valuesEqual(impl, b.impl);
        }
    }

    /**
     * {@return a hash of dtype, shape and values, consistent with {@link #equals}}
     *
     * @throws IllegalStateException if the array is closed
     */
    @Override
    public int hashCode() {
        try (OpScope s = OpScope.enter("hashCode", null, impl)) {
            return 31 * (31 * impl.dtype.hashCode() + Arrays.hashCode(impl.shape)) + Copier.valuesHash(impl);
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
        long[] target = Shapes.broadcast(impl.shape, other.impl.shape);
        try (OpScope s = OpScope.enter("allClose", null, impl, other.impl)) {
            return Copier.allClose(impl, other.impl, target, rtol, atol);
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
    // ufuncs, in-place ops, assign, fill, where, clip, complex parts
    // ==========================================================================================

    /**
     * Element-wise sum {@code this + other} (bool: logical or), NumPy's {@code add}.
     *
     * <p>Broadcasting, type promotion (also of the weak scalars of {@link #add(double)} and
     * {@link #add(long)}), integer overflow and the precision of 16-bit floats follow the rules
     * written once on {@link Ufunc}; every element-wise method of this class follows them.
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
     */
    public NDArray add(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.ADD, impl, other.impl));
    }

    /**
     * {@return {@link #add(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray add(double value) {
        return ret(Elementwise.binary(BinaryOp.ADD, impl, value, null));
    }

    /**
     * {@return {@link #add(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray add(long value) {
        return ret(Elementwise.binary(BinaryOp.ADD, impl, value, null));
    }

    /**
     * Element-wise difference {@code this - other} (refused for bool, as NumPy). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray sub(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.SUB, impl, other.impl));
    }

    /**
     * {@return {@link #sub(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray sub(double value) {
        return ret(Elementwise.binary(BinaryOp.SUB, impl, value, null));
    }

    /**
     * {@return {@link #sub(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray sub(long value) {
        return ret(Elementwise.binary(BinaryOp.SUB, impl, value, null));
    }

    /**
     * Element-wise product {@code this * other} (bool: logical and). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray mul(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MUL, impl, other.impl));
    }

    /**
     * {@return {@link #mul(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray mul(double value) {
        return ret(Elementwise.binary(BinaryOp.MUL, impl, value, null));
    }

    /**
     * {@return {@link #mul(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray mul(long value) {
        return ret(Elementwise.binary(BinaryOp.MUL, impl, value, null));
    }

    /**
     * Element-wise true quotient {@code this / other}: bool and integers compute in float64 (an integer division by zero gives {@code inf} or {@code nan}, as NumPy). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray div(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.DIV, impl, other.impl));
    }

    /**
     * {@return {@link #div(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray div(double value) {
        return ret(Elementwise.binary(BinaryOp.DIV, impl, value, null));
    }

    /**
     * {@return {@link #div(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray div(long value) {
        return ret(Elementwise.binary(BinaryOp.DIV, impl, value, null));
    }

    /**
     * Element-wise floor of the quotient, Python's {@code //} (NumPy's {@code floor_divide}); for integers a division by zero gives <b>0</b> (NumPy's result, which NumPy also warns about); bool computes in int8; refused for complex. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray floorDiv(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.FLOOR_DIV, impl, other.impl));
    }

    /**
     * {@return {@link #floorDiv(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray floorDiv(double value) {
        return ret(Elementwise.binary(BinaryOp.FLOOR_DIV, impl, value, null));
    }

    /**
     * {@return {@link #floorDiv(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray floorDiv(long value) {
        return ret(Elementwise.binary(BinaryOp.FLOOR_DIV, impl, value, null));
    }

    /**
     * Element-wise remainder with the sign of the divisor, Python's {@code %} (NumPy's {@code remainder}); for integers a remainder by zero gives <b>0</b> (NumPy's result); for floats it gives NaN; refused for complex. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray mod(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MOD, impl, other.impl));
    }

    /**
     * {@return {@link #mod(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray mod(double value) {
        return ret(Elementwise.binary(BinaryOp.MOD, impl, value, null));
    }

    /**
     * {@return {@link #mod(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray mod(long value) {
        return ret(Elementwise.binary(BinaryOp.MOD, impl, value, null));
    }

    /**
     * Element-wise power {@code this ** other} (NumPy's {@code power}); integer powers wrap around; bool computes in int8; refused for complex. A negative exponent with a signed integer result throws {@link IllegalArgumentException} before anything is written, as NumPy's ValueError. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray pow(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.POW, impl, other.impl));
    }

    /**
     * {@return {@link #pow(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray pow(double value) {
        return ret(Elementwise.binary(BinaryOp.POW, impl, value, null));
    }

    /**
     * {@return {@link #pow(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray pow(long value) {
        return ret(Elementwise.binary(BinaryOp.POW, impl, value, null));
    }

    /**
     * Element-wise larger element, NumPy's {@code maximum}: a NaN operand gives NaN; complex compares lexicographically. Of {@code -0.0} and {@code 0.0} the result is {@code 0.0} in either order (Java's {@link Math#max}; NumPy returns the first operand, a difference only in the sign of zero). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray maximum(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MAXIMUM, impl, other.impl));
    }

    /**
     * {@return {@link #maximum(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray maximum(double value) {
        return ret(Elementwise.binary(BinaryOp.MAXIMUM, impl, value, null));
    }

    /**
     * {@return {@link #maximum(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray maximum(long value) {
        return ret(Elementwise.binary(BinaryOp.MAXIMUM, impl, value, null));
    }

    /**
     * Element-wise smaller element, NumPy's {@code minimum}: a NaN operand gives NaN; complex compares lexicographically; of {@code -0.0} and {@code 0.0} the result is {@code -0.0} in either order. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray minimum(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MINIMUM, impl, other.impl));
    }

    /**
     * {@return {@link #minimum(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray minimum(double value) {
        return ret(Elementwise.binary(BinaryOp.MINIMUM, impl, value, null));
    }

    /**
     * {@return {@link #minimum(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray minimum(long value) {
        return ret(Elementwise.binary(BinaryOp.MINIMUM, impl, value, null));
    }

    /**
     * Element-wise arc tangent of {@code this / other} using both signs (NumPy's {@code arctan2}); bool and integers compute in the smallest float holding them (int8 gives float16, int16 float32, wider float64); refused for complex. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray atan2(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.ATAN2, impl, other.impl));
    }

    /**
     * {@return {@link #atan2(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray atan2(double value) {
        return ret(Elementwise.binary(BinaryOp.ATAN2, impl, value, null));
    }

    /**
     * {@return {@link #atan2(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray atan2(long value) {
        return ret(Elementwise.binary(BinaryOp.ATAN2, impl, value, null));
    }

    /**
     * Element-wise {@code sqrt(this² + other²)} without undue overflow; dtypes as {@link #atan2(NDArray)}. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray hypot(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.HYPOT, impl, other.impl));
    }

    /**
     * {@return {@link #hypot(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray hypot(double value) {
        return ret(Elementwise.binary(BinaryOp.HYPOT, impl, value, null));
    }

    /**
     * {@return {@link #hypot(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray hypot(long value) {
        return ret(Elementwise.binary(BinaryOp.HYPOT, impl, value, null));
    }

    /**
     * Element-wise bitwise and (NumPy's {@code bitwise_and}, {@code &}); bool and integer dtypes only. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray and(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.AND, impl, other.impl));
    }

    /**
     * {@return {@link #and(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray and(double value) {
        return ret(Elementwise.binary(BinaryOp.AND, impl, value, null));
    }

    /**
     * {@return {@link #and(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray and(long value) {
        return ret(Elementwise.binary(BinaryOp.AND, impl, value, null));
    }

    /**
     * Element-wise bitwise or (NumPy's {@code bitwise_or}, {@code |}); bool and integer dtypes only. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray or(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.OR, impl, other.impl));
    }

    /**
     * {@return {@link #or(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray or(double value) {
        return ret(Elementwise.binary(BinaryOp.OR, impl, value, null));
    }

    /**
     * {@return {@link #or(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray or(long value) {
        return ret(Elementwise.binary(BinaryOp.OR, impl, value, null));
    }

    /**
     * Element-wise bitwise exclusive or (NumPy's {@code bitwise_xor}, {@code ^}); bool and integer dtypes only. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray xor(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.XOR, impl, other.impl));
    }

    /**
     * {@return {@link #xor(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray xor(double value) {
        return ret(Elementwise.binary(BinaryOp.XOR, impl, value, null));
    }

    /**
     * {@return {@link #xor(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray xor(long value) {
        return ret(Elementwise.binary(BinaryOp.XOR, impl, value, null));
    }

    /**
     * Element-wise left shift {@code this << other} (NumPy's {@code left_shift}); a count that is negative or at least the width gives 0; integer dtypes only (bool computes in int8). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray shiftLeft(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.SHL, impl, other.impl));
    }

    /**
     * {@return {@link #shiftLeft(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray shiftLeft(double value) {
        return ret(Elementwise.binary(BinaryOp.SHL, impl, value, null));
    }

    /**
     * {@return {@link #shiftLeft(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray shiftLeft(long value) {
        return ret(Elementwise.binary(BinaryOp.SHL, impl, value, null));
    }

    /**
     * Element-wise arithmetic right shift {@code this >> other} (NumPy's {@code right_shift}); a count that is negative or at least the width gives 0, or -1 for a negative signed value; integer dtypes only (bool computes in int8). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray shiftRight(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.SHR, impl, other.impl));
    }

    /**
     * {@return {@link #shiftRight(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray shiftRight(double value) {
        return ret(Elementwise.binary(BinaryOp.SHR, impl, value, null));
    }

    /**
     * {@return {@link #shiftRight(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray shiftRight(long value) {
        return ret(Elementwise.binary(BinaryOp.SHR, impl, value, null));
    }

    /**
     * Element-wise comparison {@code this == other}, a bool array (NaN equals nothing). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray eq(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.EQ, impl, other.impl));
    }

    /**
     * {@return {@link #eq(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray eq(double value) {
        return ret(Elementwise.binary(BinaryOp.EQ, impl, value, null));
    }

    /**
     * {@return {@link #eq(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray eq(long value) {
        return ret(Elementwise.binary(BinaryOp.EQ, impl, value, null));
    }

    /**
     * Element-wise comparison {@code this != other}, a bool array (NaN differs from everything). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray ne(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.NE, impl, other.impl));
    }

    /**
     * {@return {@link #ne(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray ne(double value) {
        return ret(Elementwise.binary(BinaryOp.NE, impl, value, null));
    }

    /**
     * {@return {@link #ne(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray ne(long value) {
        return ret(Elementwise.binary(BinaryOp.NE, impl, value, null));
    }

    /**
     * Element-wise comparison {@code this < other}, a bool array (complex: lexicographic, as NumPy). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray lt(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LT, impl, other.impl));
    }

    /**
     * {@return {@link #lt(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray lt(double value) {
        return ret(Elementwise.binary(BinaryOp.LT, impl, value, null));
    }

    /**
     * {@return {@link #lt(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray lt(long value) {
        return ret(Elementwise.binary(BinaryOp.LT, impl, value, null));
    }

    /**
     * Element-wise comparison {@code this <= other}, a bool array (complex: lexicographic). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray le(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LE, impl, other.impl));
    }

    /**
     * {@return {@link #le(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray le(double value) {
        return ret(Elementwise.binary(BinaryOp.LE, impl, value, null));
    }

    /**
     * {@return {@link #le(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray le(long value) {
        return ret(Elementwise.binary(BinaryOp.LE, impl, value, null));
    }

    /**
     * Element-wise comparison {@code this > other}, a bool array (complex: lexicographic). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray gt(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.GT, impl, other.impl));
    }

    /**
     * {@return {@link #gt(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray gt(double value) {
        return ret(Elementwise.binary(BinaryOp.GT, impl, value, null));
    }

    /**
     * {@return {@link #gt(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray gt(long value) {
        return ret(Elementwise.binary(BinaryOp.GT, impl, value, null));
    }

    /**
     * Element-wise comparison {@code this >= other}, a bool array (complex: lexicographic). Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray ge(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.GE, impl, other.impl));
    }

    /**
     * {@return {@link #ge(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray ge(double value) {
        return ret(Elementwise.binary(BinaryOp.GE, impl, value, null));
    }

    /**
     * {@return {@link #ge(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray ge(long value) {
        return ret(Elementwise.binary(BinaryOp.GE, impl, value, null));
    }

    /**
     * Element-wise truth of both operands (non-zero is true, NaN too), a bool array. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray logicalAnd(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_AND, impl, other.impl));
    }

    /**
     * {@return {@link #logicalAnd(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray logicalAnd(double value) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_AND, impl, value, null));
    }

    /**
     * {@return {@link #logicalAnd(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray logicalAnd(long value) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_AND, impl, value, null));
    }

    /**
     * Element-wise truth of either operand, a bool array. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray logicalOr(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_OR, impl, other.impl));
    }

    /**
     * {@return {@link #logicalOr(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray logicalOr(double value) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_OR, impl, value, null));
    }

    /**
     * {@return {@link #logicalOr(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray logicalOr(long value) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_OR, impl, value, null));
    }

    /**
     * Element-wise truth of exactly one operand, a bool array. Broadcasting, promotion and errors as {@link #add(NDArray)}.
     *
     * @param other the second operand
     * @return a new array
     * @throws IllegalArgumentException if the shapes do not broadcast or the dtypes are not supported
     */
    public NDArray logicalXor(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_XOR, impl, other.impl));
    }

    /**
     * {@return {@link #logicalXor(NDArray)} with a weak floating scalar}, as {@link Ufunc.Binary#apply(NDArray, double)}
     *
     * @param value the second operand
     */
    public NDArray logicalXor(double value) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_XOR, impl, value, null));
    }

    /**
     * {@return {@link #logicalXor(NDArray)} with a weak integer scalar}, as {@link Ufunc.Binary#apply(NDArray, long)}
     *
     * @param value the second operand
     */
    public NDArray logicalXor(long value) {
        return ret(Elementwise.binary(BinaryOp.LOGICAL_XOR, impl, value, null));
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
     */
    public NDArray addi(NDArray other) {
        Elementwise.binary(BinaryOp.ADD, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #sub(NDArray)}: {@code this = this.sub(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray subi(NDArray other) {
        Elementwise.binary(BinaryOp.SUB, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #mul(NDArray)}: {@code this = this.mul(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray muli(NDArray other) {
        Elementwise.binary(BinaryOp.MUL, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #div(NDArray)}: {@code this = this.div(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray divi(NDArray other) {
        Elementwise.binary(BinaryOp.DIV, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #floorDiv(NDArray)}: {@code this = this.floorDiv(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray floorDivi(NDArray other) {
        Elementwise.binary(BinaryOp.FLOOR_DIV, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #mod(NDArray)}: {@code this = this.mod(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray modi(NDArray other) {
        Elementwise.binary(BinaryOp.MOD, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #pow(NDArray)}: {@code this = this.pow(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray powi(NDArray other) {
        Elementwise.binary(BinaryOp.POW, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #maximum(NDArray)}: {@code this = this.maximum(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray maximumi(NDArray other) {
        Elementwise.binary(BinaryOp.MAXIMUM, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #minimum(NDArray)}: {@code this = this.minimum(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray minimumi(NDArray other) {
        Elementwise.binary(BinaryOp.MINIMUM, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #and(NDArray)}: {@code this = this.and(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray andi(NDArray other) {
        Elementwise.binary(BinaryOp.AND, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #or(NDArray)}: {@code this = this.or(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray ori(NDArray other) {
        Elementwise.binary(BinaryOp.OR, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #xor(NDArray)}: {@code this = this.xor(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray xori(NDArray other) {
        Elementwise.binary(BinaryOp.XOR, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #shiftLeft(NDArray)}: {@code this = this.shiftLeft(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray shiftLefti(NDArray other) {
        Elementwise.binary(BinaryOp.SHL, impl, other.impl, impl);
        return this;
    }

    /**
     * In-place {@link #shiftRight(NDArray)}: {@code this = this.shiftRight(other)}, with the casting
     * and overlap rules of {@link #addi(NDArray)}.
     *
     * @param other the second operand, broadcast to this array's shape
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or the
     *         dtypes are not supported or not castable
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray shiftRighti(NDArray other) {
        Elementwise.binary(BinaryOp.SHR, impl, other.impl, impl);
        return this;
    }

    /**
     * Element-wise negation {@code -this} (NumPy's {@code negative}; unsigned integers wrap; refused for bool).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray neg() {
        return ret(Elementwise.unary(UnaryOp.NEG, impl));
    }

    /**
     * Element-wise absolute value (NumPy's {@code absolute}); the most negative integer stays itself (wraps); complex gives the modulus as float32 or float64.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray abs() {
        return ret(Elementwise.unary(UnaryOp.ABS, impl));
    }

    /**
     * Element-wise sign: -1, 0 or 1 (0 for both zeros, NaN stays NaN); complex gives {@code z / |z|} (NumPy 2's definition; 0 for 0); refused for bool.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray sign() {
        return ret(Elementwise.unary(UnaryOp.SIGN, impl));
    }

    /**
     * Element-wise square root; NaN for negative values. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray sqrt() {
        return ret(Elementwise.unary(UnaryOp.SQRT, impl));
    }

    /**
     * Element-wise square {@code this * this}; integers wrap; bool computes in int8.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray square() {
        return ret(Elementwise.unary(UnaryOp.SQUARE, impl));
    }

    /**
     * Element-wise exponential {@code e^this}; complex supported. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray exp() {
        return ret(Elementwise.unary(UnaryOp.EXP, impl));
    }

    /**
     * Element-wise {@code e^this - 1}, accurate near 0. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray expm1() {
        return ret(Elementwise.unary(UnaryOp.EXPM1, impl));
    }

    /**
     * Element-wise natural logarithm; NaN for negative values, {@code -inf} for 0. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray log() {
        return ret(Elementwise.unary(UnaryOp.LOG, impl));
    }

    /**
     * Element-wise {@code log(1 + this)}, accurate near 0. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray log1p() {
        return ret(Elementwise.unary(UnaryOp.LOG1P, impl));
    }

    /**
     * Element-wise base-2 logarithm (exact for powers of two). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray log2() {
        return ret(Elementwise.unary(UnaryOp.LOG2, impl));
    }

    /**
     * Element-wise base-10 logarithm. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray log10() {
        return ret(Elementwise.unary(UnaryOp.LOG10, impl));
    }

    /**
     * Element-wise sine (radians). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray sin() {
        return ret(Elementwise.unary(UnaryOp.SIN, impl));
    }

    /**
     * Element-wise cosine (radians). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray cos() {
        return ret(Elementwise.unary(UnaryOp.COS, impl));
    }

    /**
     * Element-wise tangent (radians). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray tan() {
        return ret(Elementwise.unary(UnaryOp.TAN, impl));
    }

    /**
     * Element-wise arc sine (NumPy's {@code arcsin}). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray asin() {
        return ret(Elementwise.unary(UnaryOp.ASIN, impl));
    }

    /**
     * Element-wise arc cosine (NumPy's {@code arccos}). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray acos() {
        return ret(Elementwise.unary(UnaryOp.ACOS, impl));
    }

    /**
     * Element-wise arc tangent (NumPy's {@code arctan}). Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray atan() {
        return ret(Elementwise.unary(UnaryOp.ATAN, impl));
    }

    /**
     * Element-wise hyperbolic sine. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray sinh() {
        return ret(Elementwise.unary(UnaryOp.SINH, impl));
    }

    /**
     * Element-wise hyperbolic cosine. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray cosh() {
        return ret(Elementwise.unary(UnaryOp.COSH, impl));
    }

    /**
     * Element-wise hyperbolic tangent. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray tanh() {
        return ret(Elementwise.unary(UnaryOp.TANH, impl));
    }

    /**
     * Element-wise largest integer not above the element; bool and integer arrays keep their dtype and values (NumPy 2.3+; older NumPy gave floats).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray floor() {
        return ret(Elementwise.unary(UnaryOp.FLOOR, impl));
    }

    /**
     * Element-wise smallest integer not below the element; bool and integers keep their dtype, as {@link #floor()}.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray ceil() {
        return ret(Elementwise.unary(UnaryOp.CEIL, impl));
    }

    /**
     * Element-wise nearest integer, ties to even. Integers compute in the smallest float holding them, as NumPy ({@link Ufunc}).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray rint() {
        return ret(Elementwise.unary(UnaryOp.RINT, impl));
    }

    /**
     * Element-wise integer part, rounding toward zero (keeps the sign of zero); bool and integers keep their dtype, as {@link #floor()}.
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray trunc() {
        return ret(Elementwise.unary(UnaryOp.TRUNC, impl));
    }

    /**
     * Element-wise NaN test, a bool array (integers: all false; complex: either part NaN).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray isNaN() {
        return ret(Elementwise.unary(UnaryOp.IS_NAN, impl));
    }

    /**
     * Element-wise infinity test, a bool array (complex: either part infinite).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray isInf() {
        return ret(Elementwise.unary(UnaryOp.IS_INF, impl));
    }

    /**
     * Element-wise finiteness test, a bool array (integers: all true; complex: both parts finite).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray isFinite() {
        return ret(Elementwise.unary(UnaryOp.IS_FINITE, impl));
    }

    /**
     * Element-wise truth negation, a bool array (zero is false, NaN is true).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray logicalNot() {
        return ret(Elementwise.unary(UnaryOp.LOGICAL_NOT, impl));
    }

    /**
     * Element-wise complex conjugate (NumPy's {@code conjugate}) in a new array; real dtypes give a copy (bool an int8 copy).
     *
     * @return a new array of this shape
     * @throws IllegalArgumentException if the operation does not support this dtype
     */
    public NDArray conj() {
        return ret(Elementwise.unary(UnaryOp.CONJ, impl));
    }

    /**
     * Limits the elements to {@code [lo, hi]}, NumPy's {@code clip}: {@code minimum(maximum(this, lo), hi)}
     * with weak floating scalars (a floating array keeps its dtype, others give float64). NaN
     * elements stay NaN; if {@code lo > hi} every element becomes {@code hi}, as NumPy.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return a new array
     */
    public NDArray clip(double lo, double hi) {
        return ret(Elementwise.clip(impl, lo, hi));
    }

    /**
     * Limits the elements to {@code [lo, hi]} with weak integer scalars: the result keeps this
     * array's dtype; see {@link #clip(double, double)}.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return a new array
     * @throws IllegalArgumentException if a bound is out of range for this integer dtype
     */
    public NDArray clip(long lo, long hi) {
        return ret(Elementwise.clip(impl, lo, hi));
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
     */
    public static NDArray where(NDArray cond, NDArray x, NDArray y) {
        return wrap(Elementwise.where(cond.impl, x.impl, y.impl));
    }

    /**
     * The real part, NumPy's {@code .real}: for a complex array a <em>view</em> of float32 or
     * float64 elements over the real halves (strides doubled; writes go through); for a real array
     * a view of its own elements.
     *
     * @return the view (never the owner of the memory)
     */
    public NDArray real() {
        return ret(Elementwise.real(impl));
    }

    /**
     * The imaginary part, NumPy's {@code .imag}: for a complex array a view over the imaginary
     * halves (writes go through); for a real array a new read-only array of zeros of this dtype
     * and shape (it owns its memory).
     *
     * @return the view, or the zeros
     */
    public NDArray imag() {
        return ret(Elementwise.imag(impl));
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
        Elementwise.assign(impl, src.impl);
        return this;
    }

    /**
     * Sets every element to {@code value}, converted as {@link #astype} converts a float64.
     *
     * @param value the value
     * @return this array
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray fill(double value) {
        Elementwise.fill(impl, value);
        return this;
    }

    /**
     * Sets every element to the exact 64-bit integer {@code value} (integers keep its low bits).
     *
     * @param value the value
     * @return this array
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray fill(long value) {
        Elementwise.fill(impl, value);
        return this;
    }


    // ==========================================================================================
    // reductions, cumulative ops, matmul, dot, outer, tensordot
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
     */
    public NDArray sum() {
        return ret(Reductions.sumProd(impl, null, false, false));
    }

    /**
     * Sums along one axis, like NumPy's {@code a.sum(axis)}. See {@link #sum(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array without that axis
     * @throws IllegalArgumentException if the axis is out of range; the message names it
     */
    public NDArray sum(int axis) {
        return ret(Reductions.sumProd(impl, new int[] {axis}, false, false));
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
     */
    public NDArray sum(int[] axes, boolean keepDims) {
        return ret(Reductions.sumProd(impl, axes, keepDims, false));
    }

    /**
     * Multiplies all elements. See {@link #prod(int[], boolean)}.
     *
     * @return a new 0-d array
     */
    public NDArray prod() {
        return ret(Reductions.sumProd(impl, null, false, true));
    }

    /**
     * Multiplies along one axis. See {@link #prod(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray prod(int axis) {
        return ret(Reductions.sumProd(impl, new int[] {axis}, false, true));
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
     */
    public NDArray prod(int[] axes, boolean keepDims) {
        return ret(Reductions.sumProd(impl, axes, keepDims, true));
    }

    /**
     * Averages all elements. See {@link #mean(int[], boolean)}.
     *
     * @return a new 0-d array
     */
    public NDArray mean() {
        return ret(Reductions.mean(impl, null, false));
    }

    /**
     * Averages along one axis. See {@link #mean(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray mean(int axis) {
        return ret(Reductions.mean(impl, new int[] {axis}, false));
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
     */
    public NDArray mean(int[] axes, boolean keepDims) {
        return ret(Reductions.mean(impl, axes, keepDims));
    }

    /**
     * The variance of all elements, with {@code ddof = 0}. See {@link #var(int[], boolean, int)}.
     *
     * @return a new 0-d array
     */
    public NDArray var() {
        return ret(Reductions.var(impl, null, false, 0, false));
    }

    /**
     * The variance along one axis, with {@code ddof = 0}. See {@link #var(int[], boolean, int)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray var(int axis) {
        return ret(Reductions.var(impl, new int[] {axis}, false, 0, false));
    }

    /**
     * The variance along a set of axes, with {@code ddof = 0}. See {@link #var(int[], boolean, int)}.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     */
    public NDArray var(int[] axes, boolean keepDims) {
        return ret(Reductions.var(impl, axes, keepDims, 0, false));
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
     */
    public NDArray var(int[] axes, boolean keepDims, int ddof) {
        return ret(Reductions.var(impl, axes, keepDims, ddof, false));
    }

    /**
     * The standard deviation of all elements, with {@code ddof = 0}. See {@link #std(int[], boolean, int)}.
     *
     * @return a new 0-d array
     */
    public NDArray std() {
        return ret(Reductions.var(impl, null, false, 0, true));
    }

    /**
     * The standard deviation along one axis, with {@code ddof = 0}. See {@link #std(int[], boolean, int)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray std(int axis) {
        return ret(Reductions.var(impl, new int[] {axis}, false, 0, true));
    }

    /**
     * The standard deviation along a set of axes, with {@code ddof = 0}. See {@link #std(int[], boolean, int)}.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     */
    public NDArray std(int[] axes, boolean keepDims) {
        return ret(Reductions.var(impl, axes, keepDims, 0, true));
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
     */
    public NDArray std(int[] axes, boolean keepDims, int ddof) {
        return ret(Reductions.var(impl, axes, keepDims, ddof, true));
    }

    /**
     * The smallest element. See {@link #min(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalArgumentException if this array is empty
     */
    public NDArray min() {
        return ret(Reductions.minMax(impl, null, false, false));
    }

    /**
     * The smallest element along one axis. See {@link #min(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     */
    public NDArray min(int axis) {
        return ret(Reductions.minMax(impl, new int[] {axis}, false, false));
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
     */
    public NDArray min(int[] axes, boolean keepDims) {
        return ret(Reductions.minMax(impl, axes, keepDims, false));
    }

    /**
     * The largest element. See {@link #max(int[], boolean)}.
     *
     * @return a new 0-d array
     * @throws IllegalArgumentException if this array is empty
     */
    public NDArray max() {
        return ret(Reductions.minMax(impl, null, false, true));
    }

    /**
     * The largest element along one axis. See {@link #max(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     */
    public NDArray max(int axis) {
        return ret(Reductions.minMax(impl, new int[] {axis}, false, true));
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
     */
    public NDArray max(int[] axes, boolean keepDims) {
        return ret(Reductions.minMax(impl, axes, keepDims, true));
    }

    /**
     * Whether every element is non-zero. See {@link #all(int[], boolean)}.
     *
     * @return a new 0-d {@code bool} array
     */
    public NDArray all() {
        return ret(Reductions.allAny(impl, null, false, false));
    }

    /**
     * Whether every element along one axis is non-zero. See {@link #all(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray all(int axis) {
        return ret(Reductions.allAny(impl, new int[] {axis}, false, false));
    }

    /**
     * Whether every element along a set of axes is non-zero (NaN counts as non-zero), like
     * NumPy's {@code a.all(axis=axes, keepdims=keepDims)}; true for no elements.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     */
    public NDArray all(int[] axes, boolean keepDims) {
        return ret(Reductions.allAny(impl, axes, keepDims, false));
    }

    /**
     * Whether some element is non-zero. See {@link #any(int[], boolean)}.
     *
     * @return a new 0-d {@code bool} array
     */
    public NDArray any() {
        return ret(Reductions.allAny(impl, null, false, true));
    }

    /**
     * Whether some element along one axis is non-zero. See {@link #any(int[], boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray any(int axis) {
        return ret(Reductions.allAny(impl, new int[] {axis}, false, true));
    }

    /**
     * Whether some element along a set of axes is non-zero (NaN counts as non-zero), like
     * NumPy's {@code a.any(axis=axes, keepdims=keepDims)}; false for no elements.
     *
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @return a new {@code bool} array
     * @throws IllegalArgumentException if an axis is out of range or repeated
     */
    public NDArray any(int[] axes, boolean keepDims) {
        return ret(Reductions.allAny(impl, axes, keepDims, true));
    }

    /**
     * The C-order position of the first smallest element of the flattened array, like NumPy's
     * {@code a.argmin()}. See {@link #argmin(int, boolean)}.
     *
     * @return a new 0-d {@code int64} array
     * @throws IllegalArgumentException if this array is empty
     */
    public NDArray argmin() {
        return ret(Reductions.argMinMax(impl, null, false, false));
    }

    /**
     * The index of the first smallest element along one axis. See {@link #argmin(int, boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code int64} array without that axis
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     */
    public NDArray argmin(int axis) {
        return ret(Reductions.argMinMax(impl, axis, false, false));
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
     */
    public NDArray argmin(int axis, boolean keepDims) {
        return ret(Reductions.argMinMax(impl, axis, keepDims, false));
    }

    /**
     * The C-order position of the first largest element of the flattened array. See
     * {@link #argmax(int, boolean)}.
     *
     * @return a new 0-d {@code int64} array
     * @throws IllegalArgumentException if this array is empty
     */
    public NDArray argmax() {
        return ret(Reductions.argMinMax(impl, null, false, true));
    }

    /**
     * The index of the first largest element along one axis. See {@link #argmax(int, boolean)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new {@code int64} array without that axis
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     */
    public NDArray argmax(int axis) {
        return ret(Reductions.argMinMax(impl, axis, false, true));
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
     */
    public NDArray argmax(int axis, boolean keepDims) {
        return ret(Reductions.argMinMax(impl, axis, keepDims, true));
    }

    /**
     * The running sum of the flattened array (C order), like NumPy's {@code a.cumsum()}. See
     * {@link #cumsum(int)}.
     *
     * @return a new 1-d array
     */
    public NDArray cumsum() {
        return ret(Cumulative.scan(impl, null, false));
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
     */
    public NDArray cumsum(int axis) {
        return ret(Cumulative.scan(impl, axis, false));
    }

    /**
     * The running product of the flattened array (C order). See {@link #cumprod(int)}.
     *
     * @return a new 1-d array
     */
    public NDArray cumprod() {
        return ret(Cumulative.scan(impl, null, true));
    }

    /**
     * The running product along one axis, like NumPy's {@code a.cumprod(axis)}, with the dtype and
     * accumulation rules of {@link #cumsum(int)}.
     *
     * @param axis the axis, negative counting from the end
     * @return a new array of this shape
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray cumprod(int axis) {
        return ret(Cumulative.scan(impl, axis, true));
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
        return ret(MatMul.matmul(impl, other.impl));
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
        return ret(MatMul.dot(impl, other.impl));
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
        return ret(MatMul.outer(impl, other.impl));
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
        return ret(MatMul.tensordot(impl, other.impl, axesA, axesB));
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
        return ret(MatMul.tensordot(impl, other.impl, n));
    }


    // ==========================================================================================
    // concatenate, stack, split, tile, repeat, pad, sort, argsort
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
        return wrap(ShapeOps.concatenate(axis, unwrap(arrays)));
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
        return wrap(ShapeOps.concatenate(0, unwrap(arrays)));
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
        return wrap(ShapeOps.stack(axis, unwrap(arrays)));
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
        return wrap(ShapeOps.stack(0, unwrap(arrays)));
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
        return wrap(ShapeOps.split(impl, sections, axis));
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
        return wrap(ShapeOps.split(impl, indices, axis));
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
        return ret(ShapeOps.tile(impl, reps));
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
        return ret(ShapeOps.repeat(impl, repeats, axis));
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
        return ret(ShapeOps.repeat(impl, repeats, axis));
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
        return ret(ShapeOps.repeat(impl, repeats));
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
        return ret(ShapeOps.pad(impl, padWidth, value));
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
        return ret(ShapeOps.pad(impl, new long[][] {{width, width}}, value));
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
        return ret(Sorting.sort(impl, axis));
    }

    /**
     * {@return a copy sorted along the last axis} See {@link #sort(int)}.
     *
     * @throws IllegalArgumentException if the array is 0-d
     * @throws IllegalStateException if this array is closed
     */
    public NDArray sort() {
        return ret(Sorting.sort(impl, -1));
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
        return ret(Sorting.argsort(impl, axis));
    }

    /**
     * {@return the stable sorting indices along the last axis} See {@link #argsort(int)}.
     *
     * @throws IllegalStateException if this array is closed
     */
    public NDArray argsort() {
        return ret(Sorting.argsort(impl, -1));
    }


    // ==========================================================================================
    // atomic view, locked form, checked mode
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
        return ret(impl.withFlags(ArrayImpl.LOCKED));
    }

    /** {@return true if operations on this array take the memory lock (see {@link #locked()})} */
    public boolean isLocked() {
        return (impl.flags & ArrayImpl.LOCKED) != 0;
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
        return ret(impl.withFlags(ArrayImpl.CHECKED));
    }

    /** {@return true if operations on this array register with the race detector (see {@link #checked()})} */
    public boolean isChecked() {
        return (impl.flags & ArrayImpl.CHECKED) != 0;
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
            throw new IllegalStateException("array is closed");
        }
        return new AtomicView(this);
    }

    /** The byte offset of an element in the memory, for {@link AtomicView}; checks the index. */
    long elementByteOffset(long[] index) {
        return impl.elementByteOffset(index);
    }


    // ==========================================================================================
    // the DLPack producer protocol
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
    public DLPackTensor toDLPack(DLPackVersion maxVersion,
            DLDevice device, DLPackCopy copy) {
        return DLPack.export(this, maxVersion, device, copy);
    }

    /** {@return the device of every ndpack array, {@code CPU:0}}, like NumPy's {@code __dlpack_device__()} */
    @Override
    public DLDevice dlpackDevice() {
        return DLDevice.CPU_0;
    }

}
