package org.ndpack;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ndpack.dlpack.DLDevice;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackCopyException;
import org.ndpack.dlpack.DLPackDeviceException;
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
import org.ndpack.internal.shape.Factories;
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
 * <h2>Element-wise operations</h2>
 * The common ufuncs have short forms here; every ufunc, with its {@code out} forms and NumPy's
 * {@code reduce}, {@code accumulate} and {@code outer}, is an object of {@link Ufunc}, whose
 * documentation states once the rules of broadcasting, promotion, integer overflow, 16-bit floats
 * and {@code out}, and each ufunc's own special cases. The short forms are exactly:
 * <ul>
 *   <li>{@code a.add(b)} is {@code Ufunc.ADD.apply(a, b)}: a new C-contiguous array of the
 *       broadcast shape, which the caller owns. {@code a.add(2.5)} and {@code a.add(2L)} take a
 *       <em>weak</em> Java scalar, as NumPy 2 takes a Python one: the array's dtype decides
 *       ({@code int8 + 0.5} computes in float64; {@code int8 + 300L} is refused because 300 does
 *       not fit int8). The bitwise forms take no {@code double}: bitwise ufuncs refuse floats.</li>
 *   <li>{@code a.addi(b)} is {@code Ufunc.ADD.apply(a, b, a)}, NumPy's {@code a += b}: {@code b}
 *       broadcasts to {@code a}'s shape (not {@code a} to {@code b}'s), the result is cast to
 *       {@code a}'s dtype where NumPy's {@code same_kind} rule allows (int32 {@code addi} a float64
 *       array is refused), an operand overlapping {@code a} is read as if copied first, and the
 *       method returns {@code a}. The in-place forms with a scalar are
 *       {@code Ufunc.ADD.apply(a, 2L, a)}.</li>
 *   <li>{@code a.sqrt()} is {@code Ufunc.SQRT.apply(a)}. As in NumPy, where {@code np.sinh(a)} has
 *       no {@code a.sinh()}, the rarer ufuncs ({@code sinh}, {@code log1p}, {@code isnan},
 *       {@code floor}, {@code arctan2}, {@code logical_and}, the shifts, ...) and the in-place
 *       forms without an operator in NumPy ({@code np.maximum(a, b, out=a)}) are only ufunc
 *       objects: {@code Ufunc.SINH.apply(a)}, {@code Ufunc.MAXIMUM.apply(a, b, a)}.</li>
 * </ul>
 * They throw {@link IllegalArgumentException} if the shapes do not broadcast (the message names
 * both shapes), the ufunc refuses the dtypes (the message names the operation and the dtypes), a
 * weak integer scalar does not fit the array's integer dtype, or an in-place result cannot be cast
 * to this array's dtype; the in-place forms throw {@link ReadOnlyArrayException} if this array is
 * read-only. An element-wise operation reads its operands as they are while it runs: it is not
 * atomic with respect to concurrent writers, and it leases the operands' memory, so closing an
 * operand concurrently cannot free memory under it.
 *
 * <h2>Reductions</h2>
 * {@link #sum(int[], boolean) sum}, {@code prod}, {@code mean}, {@code var}, {@code std},
 * {@code min}, {@code max}, {@code all}, {@code any}, {@code argmin}, {@code argmax},
 * {@code cumsum} and {@code cumprod} follow NumPy: each returns a new array that owns its memory
 * (0-d for a reduction over every axis: read it with {@link #item()}), leaves this array
 * unchanged, and leases this array's memory while it runs, so a concurrent {@code close()} waits
 * for it. An {@code int[]} of axes may be {@code null} (every axis) or empty (no axis); with
 * {@code keepDims} the reduced axes stay in the result with extent 1. A 0-d array has no axis, so
 * any explicit axis is out of range (NumPy accepts 0 and -1 in some integer forms). An axis out of
 * range or repeated throws {@link IllegalArgumentException} naming it. The shorter forms are the
 * full form with {@code null} axes (or the one axis) and {@code keepDims = false}.
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
 * {@link IndexOutOfBoundsException}, writes to read-only arrays {@link ReadOnlyArrayException};
 * each message names the offending value and the rule. Every operation that reads or writes
 * elements, and every view, throws {@link IllegalStateException} if this array or an array
 * argument is closed (the descriptor accessors such as {@link #dtype()} and {@link #shape()}, and
 * {@link #toString()}, do not); a null argument throws {@link NullPointerException} unless the
 * method allows null. The methods below do not repeat these two rules. Axes count from the end
 * when negative.
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

    // ---- Creation ----

    private static NDArray allocate(DType dtype, long[] shape) {
        return new NDArray(ArrayImpl.allocate(dtype, shape));
    }

    /**
     * Creates a C-contiguous array of zeros.
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
     * @param n the number of elements, {@code >= 0}
     * @return a new 1-d array
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static NDArray arange(long n) {
        NDArray a = allocate(DType.INT64, new long[] {n});
        Factories.iota(a.impl);
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
     * @param dtype the element type
     * @param start the first value
     * @param stop the bound, excluded
     * @param step the spacing, not 0
     * @return a new 1-d array (empty if the range is empty)
     * @throws IllegalArgumentException if {@code step} is 0 or a bound or the step is not finite
     */
    public static NDArray arange(DType dtype, double start, double stop, double step) {
        NDArray a = allocate(dtype, new long[] {Factories.arangeLength(start, stop, step)});
        Factories.arange(a.impl, start, step);
        return a;
    }

    /**
     * Creates {@code num} evenly spaced {@code float64} values from {@code start} to {@code stop}
     * inclusive, like NumPy's {@code linspace(start, stop, num)}.
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
        Factories.linspace(a.impl, start, stop, endpoint);
        return a;
    }

    /**
     * Creates the {@code n x n} {@code float64} identity matrix.
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
     * @param dtype the element type
     * @param n rows, {@code >= 0}
     * @param m columns, {@code >= 0}
     * @param k the diagonal
     * @return a new 2-d array
     * @throws IllegalArgumentException if {@code n} or {@code m} is negative
     */
    public static NDArray eye(DType dtype, long n, long m, long k) {
        NDArray a = allocate(dtype, new long[] {n, m});
        Factories.eye(a.impl, k);
        return a;
    }

    private static NDArray fromHeap(DType dtype, MemorySegment heap, long length, long[] shape) {
        NDArray a = allocate(dtype, Factories.dataShape(length, shape));
        Factories.fromHeap(a.impl, heap);
        return a;
    }

    /**
     * {@return a new {@code float32} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(float[] data, long... shape) {
        return fromHeap(DType.FLOAT32, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code float64} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(double[] data, long... shape) {
        return fromHeap(DType.FLOAT64, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code int8} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(byte[] data, long... shape) {
        return fromHeap(DType.INT8, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code int16} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(short[] data, long... shape) {
        return fromHeap(DType.INT16, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code uint16} array holding a copy of {@code data} (Java's unsigned 16-bit type) in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(char[] data, long... shape) {
        return fromHeap(DType.UINT16, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code int32} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(int[] data, long... shape) {
        return fromHeap(DType.INT32, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code int64} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(long[] data, long... shape) {
        return fromHeap(DType.INT64, MemorySegment.ofArray(data), data.length, shape);
    }

    /**
     * {@return a new {@code bool} array holding a copy of {@code data} in C order}
     * @param data the values
     * @param shape the extents, whose product must be {@code data.length}; none for a 1-d array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements or is invalid
     */
    public static NDArray of(boolean[] data, long... shape) {
        NDArray a = allocate(DType.BOOL, Factories.dataShape(data.length, shape));
        Factories.fromBooleans(a.impl, data);
        return a;
    }

    /**
     * Creates an array of any dtype from {@code double} values, each converted as
     * {@link #astype} converts a {@code float64}.
     * @param dtype the element type
     * @param data the values, in C order
     * @param shape the extents; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements
     */
    public static NDArray of(DType dtype, double[] data, long... shape) {
        NDArray a = allocate(dtype, Factories.dataShape(data.length, shape));
        Factories.fromDoubles(a.impl, data);
        return a;
    }

    /**
     * Creates an array of any dtype from {@code long} values, each converted as an {@code int64}
     * converts (integers keep their low bits, so {@code -1L} gives the maximum of an unsigned
     * type).
     * @param dtype the element type
     * @param data the values, in C order
     * @param shape the extents; none for a 1-d array
     * @return a new array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
     *         elements
     */
    public static NDArray of(DType dtype, long[] data, long... shape) {
        NDArray a = allocate(dtype, Factories.dataShape(data.length, shape));
        Factories.fromLongs(a.impl, data);
        return a;
    }

    /**
     * Creates a 0-d array holding {@code value} converted to {@code dtype}.
     * @param dtype the element type
     * @param value the value
     * @return a new 0-d array
     */
    public static NDArray scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    // ---- Descriptor ----

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

    /**
     * {@return which kernels this JVM runs}: whether the Vector API fast path is active (and, if
     * not, why and the flag that turns it on), the vector width, and the BLAS used for matrix
     * products, if any
     */
    public static KernelInfo kernelInfo() {
        return KernelInfo.current();
    }

    // ---- Lifetime ----

    /**
     * Closes this array. On the owner of the memory this closes the memory: it is released now,
     * or when the last operation running on it ends; every view of it becomes unusable. On a view
     * it closes only the view. Closing a closed array does nothing (the memory is released once),
     * so an explicit {@code close()} inside try-with-resources is harmless. Any thread may close
     * an array, also one tracked by an {@link NDScope}.
     */
    @Override
    public void close() {
        impl.close();
    }

    // ---- Element access ----

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
     * @param index one index per axis, negative counting from the end; none for a 0-d array
     * @return the value
     * @throws IndexOutOfBoundsException if an index is out of range or the count is wrong; the
     *         message names the index, the axis and its extent
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
     * @param index one index per axis
     * @return the imaginary part
     * @throws IndexOutOfBoundsException as {@link #getDouble}
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
     * @param index one index per axis
     * @return the value
     * @throws IndexOutOfBoundsException as {@link #getDouble}
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
     * @param index one index per axis
     * @return the value
     * @throws IndexOutOfBoundsException as {@link #getDouble}
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
     * @param value the value
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
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
     * @param value the value
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
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
     * @param value the value
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
     */
    public void setBoolean(boolean value, long... index) {
        setLong(value ? 1 : 0, index);
    }

    /**
     * Writes one complex element; for a real dtype the imaginary part is dropped, as NumPy's cast.
     * @param re the real part
     * @param im the imaginary part
     * @param index one index per axis
     * @throws IndexOutOfBoundsException as {@link #getDouble}
     * @throws ReadOnlyArrayException if the array is read-only
     */
    public void setComplex(double re, double im, long... index) {
        long b = impl.elementByteOffset(index);
        try (OpScope s = writeScope("setComplex", b)) {
            Elements.setComplex(impl.memory.segment, impl.dtype, b, re, im);
        }
    }

    /**
     * {@return the only element of a one-element array (0-d or any shape of size 1) as a double}
     * @throws IllegalArgumentException if the array does not have exactly one element
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
     * @throws IllegalArgumentException if the array does not have exactly one element
     */
    public long itemLong() {
        if (impl.size != 1) {
            throw new IllegalArgumentException("itemLong() needs an array of size 1, this one has shape "
                    + Shapes.str(impl.shape) + " (" + impl.size + " elements)");
        }
        return getLong(new long[impl.shape.length]);
    }

    // ---- Views ----

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
     * {@return the view selected by a NumPy basic index in typed form; see {@link #slice(String)}}
     * @param index the index entries
     * @throws IllegalArgumentException if there is more than one ellipsis
     * @throws IndexOutOfBoundsException if an integer is out of range or there are more indices
     *         than axes
     */
    public NDArray slice(Index... index) {
        return ret(Slicing.apply(impl, index));
    }

    /**
     * {@return the same elements in a new shape}, like NumPy's {@code reshape} in C order: a view when the
     * strides allow it, otherwise a C-contiguous copy (check {@link #sharesMemory}). One extent
     * may be {@code -1}: it is inferred.
     * @param newShape the extents; their product must equal {@link #size()}
     * @throws IllegalArgumentException if the sizes differ, more than one extent is -1, or an
     *         extent is below -1; the message names both shapes
     */
    public NDArray reshape(long... newShape) {
        return ret(ShapeOps.reshape(impl, newShape));
    }

    /**
     * {@return the view with permuted axes: its axis {@code i} is axis {@code axes[i]} of this array}
     * @param axes a permutation of the axes
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
     * {@return the view without one axis of extent 1}
     * @param axis the axis
     * @throws IllegalArgumentException if the axis is out of range or its extent is not 1
     */
    public NDArray squeeze(int axis) {
        return ret(impl.squeeze(axis));
    }

    /**
     * {@return the view with a new axis of extent 1, like NumPy's {@code expand_dims}}
     * @param axis the position of the new axis in the result, in {@code [-ndim-1, ndim]}
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray expandDims(int axis) {
        return ret(impl.expandDims(axis));
    }

    /**
     * {@return the read-only view of this array broadcast to {@code newShape} by NumPy's rule}
     * Stretched axes get stride 0; like NumPy's {@code broadcast_to}, the view is read-only, since
     * its elements alias.
     * @param newShape the target shape
     * @throws IllegalArgumentException if this shape does not broadcast to {@code newShape}
     */
    public NDArray broadcastTo(long... newShape) {
        return ret(impl.broadcastTo(newShape));
    }

    /**
     * {@return the view with the elements of one axis in reverse order (a negative stride)}
     * @param axis the axis
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
     * {@return a read-only view of this array} Writes through it throw
     * {@link ReadOnlyArrayException}; the memory stays writable through other arrays.
     */
    public NDArray asReadOnly() {
        return ret(impl.withFlags(READ_ONLY));
    }

    /** {@return a new C-contiguous, writable copy of this array, owning new memory} */
    public NDArray copy() {
        return astype(impl.dtype);
    }

    /**
     * Returns a new C-contiguous array of the elements converted to {@code dtype} with NumPy's
     * casting results: integers wrap to the narrower type; float to integer truncates toward zero;
     * <b>NaN to an integer type gives 0</b> and finite values outside {@code int64} saturate before
     * narrowing (NumPy's results for these depend on the C compiler: this is ndpack's defined
     * choice); to {@code bool} is "non-zero" (NaN is true); complex to real drops the imaginary part.
     * @param dtype the target type
     * @return a new array (always a copy, even for the same dtype)
     */
    public NDArray astype(DType dtype) {
        return ret(ShapeOps.astype(impl, dtype));
    }

    // ---- Java arrays out ----

    /** {@return the elements in C order as floats (converted as {@link #astype} to float32)} */
    public float[] toFloatArray() {
        return Factories.toJava(impl, DType.FLOAT32, float[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as doubles (converted as {@link #astype} to float64)} */
    public double[] toDoubleArray() {
        return Factories.toJava(impl, DType.FLOAT64, double[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as longs (converted as {@link #astype} to int64)} */
    public long[] toLongArray() {
        return Factories.toJava(impl, DType.INT64, long[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as ints (converted as {@link #astype} to int32)} */
    public int[] toIntArray() {
        return Factories.toJava(impl, DType.INT32, int[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as shorts (converted as {@link #astype} to int16)} */
    public short[] toShortArray() {
        return Factories.toJava(impl, DType.INT16, short[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as chars (converted as {@link #astype} to uint16)} */
    public char[] toCharArray() {
        return Factories.toJava(impl, DType.UINT16, char[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as bytes (converted as {@link #astype} to int8)} */
    public byte[] toByteArray() {
        return Factories.toJava(impl, DType.INT8, byte[]::new, MemorySegment::ofArray);
    }

    /** {@return the elements in C order as booleans (non-zero is true)} */
    public boolean[] toBooleanArray() {
        byte[] b = Factories.toJava(impl, DType.BOOL, byte[]::new, MemorySegment::ofArray);
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[i] != 0;
        }
        return r;
    }

    // ---- Text, equality ----

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
     * @param o another object
     * @return true if {@code o} is an NDArray of the same dtype and shape with equal values
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

    /** {@return a hash of dtype, shape and values, consistent with {@link #equals}} */
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
     * @param other the other array; the shapes must broadcast together
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     * @return true if every pair is close
     * @throws IllegalArgumentException if the shapes do not broadcast
     */
    public boolean allClose(NDArray other, double rtol, double atol) {
        long[] target = Shapes.broadcast(impl.shape, other.impl.shape);
        try (OpScope s = OpScope.enter("allClose", null, impl, other.impl)) {
            return Copier.allClose(impl, other.impl, target, rtol, atol);
        }
    }

    /**
     * {@return {@code allClose(other, 1e-5, 1e-8)}, NumPy's default tolerances}
     * @param other the array compared with this one
     */
    public boolean allClose(NDArray other) {
        return allClose(other, 1e-5, 1e-8);
    }

    // ---- Element-wise short forms (rules: "Element-wise operations" above, and Ufunc), assign, fill ----

    /**
     * {@return {@code this + other}, {@link Ufunc#ADD}}
     * @param other the second operand
     */
    public NDArray add(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.ADD, impl, other.impl));
    }

    /**
     * {@return {@code this + value} with a weak floating scalar, {@link Ufunc#ADD}}
     * @param value the second operand
     */
    public NDArray add(double value) {
        return ret(Elementwise.binary(BinaryOp.ADD, impl, value, null));
    }

    /**
     * {@return {@code this + value} with a weak integer scalar, {@link Ufunc#ADD}}
     * @param value the second operand
     */
    public NDArray add(long value) {
        return ret(Elementwise.binary(BinaryOp.ADD, impl, value, null));
    }

    /**
     * {@return {@code this - other}, {@link Ufunc#SUBTRACT}}
     * @param other the second operand
     */
    public NDArray sub(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.SUB, impl, other.impl));
    }

    /**
     * {@return {@code this - value} with a weak floating scalar, {@link Ufunc#SUBTRACT}}
     * @param value the second operand
     */
    public NDArray sub(double value) {
        return ret(Elementwise.binary(BinaryOp.SUB, impl, value, null));
    }

    /**
     * {@return {@code this - value} with a weak integer scalar, {@link Ufunc#SUBTRACT}}
     * @param value the second operand
     */
    public NDArray sub(long value) {
        return ret(Elementwise.binary(BinaryOp.SUB, impl, value, null));
    }

    /**
     * {@return {@code this * other}, {@link Ufunc#MULTIPLY}}
     * @param other the second operand
     */
    public NDArray mul(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MUL, impl, other.impl));
    }

    /**
     * {@return {@code this * value} with a weak floating scalar, {@link Ufunc#MULTIPLY}}
     * @param value the second operand
     */
    public NDArray mul(double value) {
        return ret(Elementwise.binary(BinaryOp.MUL, impl, value, null));
    }

    /**
     * {@return {@code this * value} with a weak integer scalar, {@link Ufunc#MULTIPLY}}
     * @param value the second operand
     */
    public NDArray mul(long value) {
        return ret(Elementwise.binary(BinaryOp.MUL, impl, value, null));
    }

    /**
     * {@return {@code this / other}, {@link Ufunc#DIVIDE}}
     * @param other the second operand
     */
    public NDArray div(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.DIV, impl, other.impl));
    }

    /**
     * {@return {@code this / value} with a weak floating scalar, {@link Ufunc#DIVIDE}}
     * @param value the second operand
     */
    public NDArray div(double value) {
        return ret(Elementwise.binary(BinaryOp.DIV, impl, value, null));
    }

    /**
     * {@return {@code this / value} with a weak integer scalar, {@link Ufunc#DIVIDE}}
     * @param value the second operand
     */
    public NDArray div(long value) {
        return ret(Elementwise.binary(BinaryOp.DIV, impl, value, null));
    }

    /**
     * {@return {@code this // other}, {@link Ufunc#FLOOR_DIVIDE}}
     * @param other the second operand
     */
    public NDArray floorDiv(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.FLOOR_DIV, impl, other.impl));
    }

    /**
     * {@return {@code this // value} with a weak floating scalar, {@link Ufunc#FLOOR_DIVIDE}}
     * @param value the second operand
     */
    public NDArray floorDiv(double value) {
        return ret(Elementwise.binary(BinaryOp.FLOOR_DIV, impl, value, null));
    }

    /**
     * {@return {@code this // value} with a weak integer scalar, {@link Ufunc#FLOOR_DIVIDE}}
     * @param value the second operand
     */
    public NDArray floorDiv(long value) {
        return ret(Elementwise.binary(BinaryOp.FLOOR_DIV, impl, value, null));
    }

    /**
     * {@return {@code this % other}, {@link Ufunc#REMAINDER}}
     * @param other the second operand
     */
    public NDArray mod(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MOD, impl, other.impl));
    }

    /**
     * {@return {@code this % value} with a weak floating scalar, {@link Ufunc#REMAINDER}}
     * @param value the second operand
     */
    public NDArray mod(double value) {
        return ret(Elementwise.binary(BinaryOp.MOD, impl, value, null));
    }

    /**
     * {@return {@code this % value} with a weak integer scalar, {@link Ufunc#REMAINDER}}
     * @param value the second operand
     */
    public NDArray mod(long value) {
        return ret(Elementwise.binary(BinaryOp.MOD, impl, value, null));
    }

    /**
     * {@return {@code this ** other}, {@link Ufunc#POWER}}
     * @param other the second operand
     */
    public NDArray pow(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.POW, impl, other.impl));
    }

    /**
     * {@return {@code this ** value} with a weak floating scalar, {@link Ufunc#POWER}}
     * @param value the second operand
     */
    public NDArray pow(double value) {
        return ret(Elementwise.binary(BinaryOp.POW, impl, value, null));
    }

    /**
     * {@return {@code this ** value} with a weak integer scalar, {@link Ufunc#POWER}}
     * @param value the second operand
     */
    public NDArray pow(long value) {
        return ret(Elementwise.binary(BinaryOp.POW, impl, value, null));
    }

    /**
     * {@return NumPy's {@code maximum(this, other)}, {@link Ufunc#MAXIMUM}}
     * @param other the second operand
     */
    public NDArray maximum(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MAXIMUM, impl, other.impl));
    }

    /**
     * {@return NumPy's {@code maximum(this, value)} with a weak floating scalar, {@link Ufunc#MAXIMUM}}
     * @param value the second operand
     */
    public NDArray maximum(double value) {
        return ret(Elementwise.binary(BinaryOp.MAXIMUM, impl, value, null));
    }

    /**
     * {@return NumPy's {@code maximum(this, value)} with a weak integer scalar, {@link Ufunc#MAXIMUM}}
     * @param value the second operand
     */
    public NDArray maximum(long value) {
        return ret(Elementwise.binary(BinaryOp.MAXIMUM, impl, value, null));
    }

    /**
     * {@return NumPy's {@code minimum(this, other)}, {@link Ufunc#MINIMUM}}
     * @param other the second operand
     */
    public NDArray minimum(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.MINIMUM, impl, other.impl));
    }

    /**
     * {@return NumPy's {@code minimum(this, value)} with a weak floating scalar, {@link Ufunc#MINIMUM}}
     * @param value the second operand
     */
    public NDArray minimum(double value) {
        return ret(Elementwise.binary(BinaryOp.MINIMUM, impl, value, null));
    }

    /**
     * {@return NumPy's {@code minimum(this, value)} with a weak integer scalar, {@link Ufunc#MINIMUM}}
     * @param value the second operand
     */
    public NDArray minimum(long value) {
        return ret(Elementwise.binary(BinaryOp.MINIMUM, impl, value, null));
    }

    /**
     * {@return {@code this & other}, {@link Ufunc#BITWISE_AND}}
     * @param other the second operand
     */
    public NDArray and(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.AND, impl, other.impl));
    }

    /**
     * {@return {@code this & value} with a weak integer scalar, {@link Ufunc#BITWISE_AND}}
     * @param value the second operand
     */
    public NDArray and(long value) {
        return ret(Elementwise.binary(BinaryOp.AND, impl, value, null));
    }

    /**
     * {@return {@code this | other}, {@link Ufunc#BITWISE_OR}}
     * @param other the second operand
     */
    public NDArray or(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.OR, impl, other.impl));
    }

    /**
     * {@return {@code this | value} with a weak integer scalar, {@link Ufunc#BITWISE_OR}}
     * @param value the second operand
     */
    public NDArray or(long value) {
        return ret(Elementwise.binary(BinaryOp.OR, impl, value, null));
    }

    /**
     * {@return {@code this ^ other}, {@link Ufunc#BITWISE_XOR}}
     * @param other the second operand
     */
    public NDArray xor(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.XOR, impl, other.impl));
    }

    /**
     * {@return {@code this ^ value} with a weak integer scalar, {@link Ufunc#BITWISE_XOR}}
     * @param value the second operand
     */
    public NDArray xor(long value) {
        return ret(Elementwise.binary(BinaryOp.XOR, impl, value, null));
    }

    /**
     * {@return {@code this == other}, {@link Ufunc#EQUAL}}
     * @param other the second operand
     */
    public NDArray eq(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.EQ, impl, other.impl));
    }

    /**
     * {@return {@code this == value} with a weak floating scalar, {@link Ufunc#EQUAL}}
     * @param value the second operand
     */
    public NDArray eq(double value) {
        return ret(Elementwise.binary(BinaryOp.EQ, impl, value, null));
    }

    /**
     * {@return {@code this == value} with a weak integer scalar, {@link Ufunc#EQUAL}}
     * @param value the second operand
     */
    public NDArray eq(long value) {
        return ret(Elementwise.binary(BinaryOp.EQ, impl, value, null));
    }

    /**
     * {@return {@code this != other}, {@link Ufunc#NOT_EQUAL}}
     * @param other the second operand
     */
    public NDArray ne(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.NE, impl, other.impl));
    }

    /**
     * {@return {@code this != value} with a weak floating scalar, {@link Ufunc#NOT_EQUAL}}
     * @param value the second operand
     */
    public NDArray ne(double value) {
        return ret(Elementwise.binary(BinaryOp.NE, impl, value, null));
    }

    /**
     * {@return {@code this != value} with a weak integer scalar, {@link Ufunc#NOT_EQUAL}}
     * @param value the second operand
     */
    public NDArray ne(long value) {
        return ret(Elementwise.binary(BinaryOp.NE, impl, value, null));
    }

    /**
     * {@return {@code this < other}, {@link Ufunc#LESS}}
     * @param other the second operand
     */
    public NDArray lt(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LT, impl, other.impl));
    }

    /**
     * {@return {@code this < value} with a weak floating scalar, {@link Ufunc#LESS}}
     * @param value the second operand
     */
    public NDArray lt(double value) {
        return ret(Elementwise.binary(BinaryOp.LT, impl, value, null));
    }

    /**
     * {@return {@code this < value} with a weak integer scalar, {@link Ufunc#LESS}}
     * @param value the second operand
     */
    public NDArray lt(long value) {
        return ret(Elementwise.binary(BinaryOp.LT, impl, value, null));
    }

    /**
     * {@return {@code this <= other}, {@link Ufunc#LESS_EQUAL}}
     * @param other the second operand
     */
    public NDArray le(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.LE, impl, other.impl));
    }

    /**
     * {@return {@code this <= value} with a weak floating scalar, {@link Ufunc#LESS_EQUAL}}
     * @param value the second operand
     */
    public NDArray le(double value) {
        return ret(Elementwise.binary(BinaryOp.LE, impl, value, null));
    }

    /**
     * {@return {@code this <= value} with a weak integer scalar, {@link Ufunc#LESS_EQUAL}}
     * @param value the second operand
     */
    public NDArray le(long value) {
        return ret(Elementwise.binary(BinaryOp.LE, impl, value, null));
    }

    /**
     * {@return {@code this > other}, {@link Ufunc#GREATER}}
     * @param other the second operand
     */
    public NDArray gt(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.GT, impl, other.impl));
    }

    /**
     * {@return {@code this > value} with a weak floating scalar, {@link Ufunc#GREATER}}
     * @param value the second operand
     */
    public NDArray gt(double value) {
        return ret(Elementwise.binary(BinaryOp.GT, impl, value, null));
    }

    /**
     * {@return {@code this > value} with a weak integer scalar, {@link Ufunc#GREATER}}
     * @param value the second operand
     */
    public NDArray gt(long value) {
        return ret(Elementwise.binary(BinaryOp.GT, impl, value, null));
    }

    /**
     * {@return {@code this >= other}, {@link Ufunc#GREATER_EQUAL}}
     * @param other the second operand
     */
    public NDArray ge(NDArray other) {
        return ret(Elementwise.binary(BinaryOp.GE, impl, other.impl));
    }

    /**
     * {@return {@code this >= value} with a weak floating scalar, {@link Ufunc#GREATER_EQUAL}}
     * @param value the second operand
     */
    public NDArray ge(double value) {
        return ret(Elementwise.binary(BinaryOp.GE, impl, value, null));
    }

    /**
     * {@return {@code this >= value} with a weak integer scalar, {@link Ufunc#GREATER_EQUAL}}
     * @param value the second operand
     */
    public NDArray ge(long value) {
        return ret(Elementwise.binary(BinaryOp.GE, impl, value, null));
    }

    /**
     * {@return this array, after {@code this += other} in place, {@link Ufunc#ADD}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray addi(NDArray other) {
        Elementwise.binary(BinaryOp.ADD, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this -= other} in place, {@link Ufunc#SUBTRACT}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray subi(NDArray other) {
        Elementwise.binary(BinaryOp.SUB, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this *= other} in place, {@link Ufunc#MULTIPLY}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray muli(NDArray other) {
        Elementwise.binary(BinaryOp.MUL, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this /= other} in place, {@link Ufunc#DIVIDE}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray divi(NDArray other) {
        Elementwise.binary(BinaryOp.DIV, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this //= other} in place, {@link Ufunc#FLOOR_DIVIDE}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray floorDivi(NDArray other) {
        Elementwise.binary(BinaryOp.FLOOR_DIV, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this %= other} in place, {@link Ufunc#REMAINDER}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray modi(NDArray other) {
        Elementwise.binary(BinaryOp.MOD, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this **= other} in place, {@link Ufunc#POWER}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray powi(NDArray other) {
        Elementwise.binary(BinaryOp.POW, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this &= other} in place, {@link Ufunc#BITWISE_AND}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray andi(NDArray other) {
        Elementwise.binary(BinaryOp.AND, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this |= other} in place, {@link Ufunc#BITWISE_OR}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray ori(NDArray other) {
        Elementwise.binary(BinaryOp.OR, impl, other.impl, impl);
        return this;
    }

    /**
     * {@return this array, after {@code this ^= other} in place, {@link Ufunc#BITWISE_XOR}}
     * @param other the second operand, broadcast to this array's shape
     */
    public NDArray xori(NDArray other) {
        Elementwise.binary(BinaryOp.XOR, impl, other.impl, impl);
        return this;
    }

    /** {@return {@code -this}, {@link Ufunc#NEGATIVE}} */
    public NDArray neg() {
        return ret(Elementwise.unary(UnaryOp.NEG, impl));
    }

    /** {@return {@code |this|}, {@link Ufunc#ABSOLUTE}} */
    public NDArray abs() {
        return ret(Elementwise.unary(UnaryOp.ABS, impl));
    }

    /** {@return the element-wise square root, {@link Ufunc#SQRT}} */
    public NDArray sqrt() {
        return ret(Elementwise.unary(UnaryOp.SQRT, impl));
    }

    /** {@return {@code this * this}, {@link Ufunc#SQUARE}} */
    public NDArray square() {
        return ret(Elementwise.unary(UnaryOp.SQUARE, impl));
    }

    /** {@return {@code e^this}, {@link Ufunc#EXP}} */
    public NDArray exp() {
        return ret(Elementwise.unary(UnaryOp.EXP, impl));
    }

    /** {@return the element-wise natural logarithm, {@link Ufunc#LOG}} */
    public NDArray log() {
        return ret(Elementwise.unary(UnaryOp.LOG, impl));
    }

    /** {@return the element-wise sine, {@link Ufunc#SIN}} */
    public NDArray sin() {
        return ret(Elementwise.unary(UnaryOp.SIN, impl));
    }

    /** {@return the element-wise cosine, {@link Ufunc#COS}} */
    public NDArray cos() {
        return ret(Elementwise.unary(UnaryOp.COS, impl));
    }

    /** {@return the element-wise hyperbolic tangent, {@link Ufunc#TANH}} */
    public NDArray tanh() {
        return ret(Elementwise.unary(UnaryOp.TANH, impl));
    }

    /** {@return the element-wise complex conjugate, {@link Ufunc#CONJUGATE}} */
    public NDArray conj() {
        return ret(Elementwise.unary(UnaryOp.CONJ, impl));
    }

    /**
     * {@return the elements limited to {@code [lo, hi]}}, NumPy's {@code clip}: {@code minimum(maximum(this, lo), hi)}
     * with weak floating scalars (a floating array keeps its dtype, others give float64). NaN
     * elements stay NaN, a NaN bound gives NaN everywhere; if {@code lo > hi} every element
     * becomes {@code hi}, as NumPy. For float32 and float64 an element is compared with the
     * bounds as NumPy 2 does ({@code x < lo ? lo : x}, then {@code > hi ? hi :}), so a zero keeps
     * its sign: {@code clip(-0.0, 0.0, 1.0)} is {@code -0.0} (earlier builds gave {@code 0.0},
     * {@link Math#max}'s answer).
     * @param lo the lower bound
     * @param hi the upper bound
     */
    public NDArray clip(double lo, double hi) {
        return ret(Elementwise.clip(impl, lo, hi));
    }

    /**
     * {@return the elements limited to {@code [lo, hi]} with weak integer scalars} The result keeps
     * this array's dtype; see {@link #clip(double, double)}.
     * @param lo the lower bound
     * @param hi the upper bound
     * @throws IllegalArgumentException if a bound is out of range for this integer dtype
     */
    public NDArray clip(long lo, long hi) {
        return ret(Elementwise.clip(impl, lo, hi));
    }

    /**
     * {@return the chosen elements}, NumPy's {@code where(cond, x, y)}: {@code x}'s element where {@code cond}
     * is true (non-zero), else {@code y}'s; the three broadcast together; the dtype is the
     * promotion of x's and y's.
     * @param cond the condition, any dtype
     * @param x the elements chosen where cond is true
     * @param y the elements chosen elsewhere
     * @throws IllegalArgumentException if the shapes do not broadcast
     */
    public static NDArray where(NDArray cond, NDArray x, NDArray y) {
        return wrap(Elementwise.where(cond.impl, x.impl, y.impl));
    }

    /**
     * {@return the real part, NumPy's {@code .real}, a view (never the owner of the memory)} For a
     * complex array it views float32 or float64 elements over the real halves (strides doubled;
     * writes go through); for a real array, its own elements.
     */
    public NDArray real() {
        return ret(Elementwise.real(impl));
    }

    /**
     * {@return the imaginary part, NumPy's {@code .imag}} For a complex array a view over the
     * imaginary halves (writes go through); for a real array a new read-only array of zeros of this
     * dtype and shape (it owns its memory).
     */
    public NDArray imag() {
        return ret(Elementwise.imag(impl));
    }

    /**
     * Copies {@code src} into this array, NumPy's {@code this[...] = src}: src broadcasts to this
     * shape, and elements convert with NumPy's casts (unsafe casting, as {@link #astype}: float to
     * integer truncates, NaN to integer gives 0). Writes through to the memory this array views;
     * an overlapping {@code src} is read as if copied first.
     * @param src the values
     * @return this array
     * @throws IllegalArgumentException if src does not broadcast to this shape
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray assign(NDArray src) {
        Elementwise.assign(impl, src.impl);
        return this;
    }

    /**
     * {@return this array, every element set to {@code value} converted as {@link #astype} converts a float64}
     * @param value the value
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray fill(double value) {
        Elementwise.fill(impl, value);
        return this;
    }

    /**
     * {@return this array, every element set to the exact 64-bit integer {@code value}} Integer
     * dtypes keep its low bits.
     * @param value the value
     * @throws ReadOnlyArrayException if this array is read-only
     */
    public NDArray fill(long value) {
        Elementwise.fill(impl, value);
        return this;
    }


    // ---- Reductions, cumulative ops, matmul, dot, outer, tensordot ----


    /** {@return the sum of all elements, a 0-d array; see {@link #sum(int[], boolean)}} */
    public NDArray sum() {
        return ret(Reductions.sumProd(impl, null, false, false));
    }

    /**
     * {@return the sum along one axis; see {@link #sum(int[], boolean)}}
     * @param axis the axis
     */
    public NDArray sum(int axis) {
        return ret(Reductions.sumProd(impl, new int[] {axis}, false, false));
    }

    /**
     * {@return the sum along the axes}, like NumPy's {@code a.sum(axis=axes, keepdims=keepDims)}.
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
     * @param axes the axes to reduce; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay in the result with extent 1
     */
    public NDArray sum(int[] axes, boolean keepDims) {
        return ret(Reductions.sumProd(impl, axes, keepDims, false));
    }

    /** {@return the product of all elements, a 0-d array; see {@link #prod(int[], boolean)}} */
    public NDArray prod() {
        return ret(Reductions.sumProd(impl, null, false, true));
    }

    /**
     * {@return the product along one axis; see {@link #prod(int[], boolean)}}
     * @param axis the axis
     */
    public NDArray prod(int axis) {
        return ret(Reductions.sumProd(impl, new int[] {axis}, false, true));
    }

    /**
     * {@return the product along the axes}, like NumPy's {@code a.prod(axis=axes, keepdims=keepDims)}.
     * Result dtypes as {@link #sum(int[], boolean)}; integers wrap around; real floating values
     * are multiplied in {@code double} (so an intermediate product beyond the float32 range does
     * not overflow, unlike NumPy's float32 product); complex values are multiplied one after the
     * other in their order along the axes. The product of no elements is 1.
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     */
    public NDArray prod(int[] axes, boolean keepDims) {
        return ret(Reductions.sumProd(impl, axes, keepDims, true));
    }

    /** {@return the mean of all elements, a 0-d array; see {@link #mean(int[], boolean)}} */
    public NDArray mean() {
        return ret(Reductions.mean(impl, null, false));
    }

    /**
     * {@return the mean along one axis; see {@link #mean(int[], boolean)}}
     * @param axis the axis
     */
    public NDArray mean(int axis) {
        return ret(Reductions.mean(impl, new int[] {axis}, false));
    }

    /**
     * {@return the mean along the axes}, like NumPy's {@code a.mean(axis=axes, keepdims=keepDims)}:
     * the sum (accumulated as {@link #sum(int[], boolean)} describes) divided by the number of
     * elements. Result dtype: {@code float64} for bool and integers, the input dtype otherwise.
     * The mean of no elements is NaN (NumPy also warns).
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     */
    public NDArray mean(int[] axes, boolean keepDims) {
        return ret(Reductions.mean(impl, axes, keepDims));
    }

    /**
     * {@return the variance of all elements with {@code ddof = 0}, a 0-d array; see
     * {@link #var(int[], boolean, int)}}
     */
    public NDArray var() {
        return ret(Reductions.var(impl, null, false, 0, false));
    }

    /**
     * {@return the variance along one axis with {@code ddof = 0}; see {@link #var(int[], boolean, int)}}
     * @param axis the axis
     */
    public NDArray var(int axis) {
        return ret(Reductions.var(impl, new int[] {axis}, false, 0, false));
    }

    /**
     * {@return the variance along the axes with {@code ddof = 0}; see {@link #var(int[], boolean, int)}}
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     */
    public NDArray var(int[] axes, boolean keepDims) {
        return ret(Reductions.var(impl, axes, keepDims, 0, false));
    }

    /**
     * {@return the variance along the axes}, like NumPy's
     * {@code a.var(axis=axes, keepdims=keepDims, ddof=ddof)}: {@code sum(|x - mean(x)|^2) / max(n - ddof, 0)}
     * over the {@code n} elements of each reduction, computed in two passes in {@code double}
     * (with a {@code float64} temporary the size of this array). A divisor of 0 gives infinity, or
     * NaN for a zero sum, as in NumPy. Result dtype: {@code float64} for bool and integers, the
     * real type of the same precision for complex types, the input dtype otherwise.
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @param ddof "delta degrees of freedom", subtracted from the element count
     */
    public NDArray var(int[] axes, boolean keepDims, int ddof) {
        return ret(Reductions.var(impl, axes, keepDims, ddof, false));
    }

    /**
     * {@return the standard deviation of all elements with {@code ddof = 0}, a 0-d array; see
     * {@link #std(int[], boolean, int)}}
     */
    public NDArray std() {
        return ret(Reductions.var(impl, null, false, 0, true));
    }

    /**
     * {@return the standard deviation along one axis with {@code ddof = 0}; see {@link #std(int[], boolean, int)}}
     * @param axis the axis
     */
    public NDArray std(int axis) {
        return ret(Reductions.var(impl, new int[] {axis}, false, 0, true));
    }

    /**
     * {@return the standard deviation along the axes with {@code ddof = 0}; see {@link #std(int[], boolean, int)}}
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     */
    public NDArray std(int[] axes, boolean keepDims) {
        return ret(Reductions.var(impl, axes, keepDims, 0, true));
    }

    /**
     * {@return the standard deviation along the axes}, like NumPy's
     * {@code a.std(axis=axes, keepdims=keepDims, ddof=ddof)}: the square root of
     * {@link #var(int[], boolean, int)}, taken in {@code double} before the one rounding to the
     * result dtype.
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @param ddof subtracted from the element count
     */
    public NDArray std(int[] axes, boolean keepDims, int ddof) {
        return ret(Reductions.var(impl, axes, keepDims, ddof, true));
    }

    /**
     * {@return the smallest element, a 0-d array; see {@link #min(int[], boolean)}} It throws
     * {@link IllegalArgumentException} if this array is empty.
     */
    public NDArray min() {
        return ret(Reductions.minMax(impl, null, false, false));
    }

    /**
     * {@return the smallest element along one axis; see {@link #min(int[], boolean)}} It throws
     * {@link IllegalArgumentException} if the axis has extent 0.
     * @param axis the axis
     */
    public NDArray min(int axis) {
        return ret(Reductions.minMax(impl, new int[] {axis}, false, false));
    }

    /**
     * {@return the smallest element along the axes}, like NumPy's {@code a.min(axis=axes, keepdims=keepDims)}.
     * The dtype is kept. NaN propagates: a reduction that meets a NaN gives NaN. Complex numbers
     * compare lexicographically (real part first), as in NumPy. Between {@code -0.0} and
     * {@code 0.0} the result is {@code -0.0} ({@link Math#min}); NumPy returns whichever comes
     * later, a deliberate difference that only the sign of a zero can show.
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @throws IllegalArgumentException if an axis is out of range or repeated, or if the reduced
     *         axes hold no element ("zero-size array to reduction operation minimum which has no
     *         identity")
     */
    public NDArray min(int[] axes, boolean keepDims) {
        return ret(Reductions.minMax(impl, axes, keepDims, false));
    }

    /**
     * {@return the largest element, a 0-d array; see {@link #max(int[], boolean)}} It throws
     * {@link IllegalArgumentException} if this array is empty.
     */
    public NDArray max() {
        return ret(Reductions.minMax(impl, null, false, true));
    }

    /**
     * {@return the largest element along one axis; see {@link #max(int[], boolean)}} It throws
     * {@link IllegalArgumentException} if the axis has extent 0.
     * @param axis the axis
     */
    public NDArray max(int axis) {
        return ret(Reductions.minMax(impl, new int[] {axis}, false, true));
    }

    /**
     * {@return the largest element along the axes}, like NumPy's {@code a.max(axis=axes, keepdims=keepDims)};
     * the rules of {@link #min(int[], boolean)} apply ({@code 0.0} is above {@code -0.0}).
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     * @throws IllegalArgumentException if an axis is out of range or repeated, or if the reduced
     *         axes hold no element
     */
    public NDArray max(int[] axes, boolean keepDims) {
        return ret(Reductions.minMax(impl, axes, keepDims, true));
    }

    /** {@return whether every element is non-zero of all elements, a 0-d array; see {@link #all(int[], boolean)}} */
    public NDArray all() {
        return ret(Reductions.allAny(impl, null, false, false));
    }

    /**
     * {@return whether every element is non-zero along one axis; see {@link #all(int[], boolean)}}
     * @param axis the axis
     */
    public NDArray all(int axis) {
        return ret(Reductions.allAny(impl, new int[] {axis}, false, false));
    }

    /**
     * {@return a {@code bool} array: whether every element along the axes is non-zero (NaN is)}
     * Like NumPy's {@code a.all(axis=axes, keepdims=keepDims)}; true for no elements.
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     */
    public NDArray all(int[] axes, boolean keepDims) {
        return ret(Reductions.allAny(impl, axes, keepDims, false));
    }

    /** {@return whether some element is non-zero of all elements, a 0-d array; see {@link #any(int[], boolean)}} */
    public NDArray any() {
        return ret(Reductions.allAny(impl, null, false, true));
    }

    /**
     * {@return whether some element is non-zero along one axis; see {@link #any(int[], boolean)}}
     * @param axis the axis
     */
    public NDArray any(int axis) {
        return ret(Reductions.allAny(impl, new int[] {axis}, false, true));
    }

    /**
     * {@return a {@code bool} array: whether some element along the axes is non-zero (NaN is)}
     * Like NumPy's {@code a.any(axis=axes, keepdims=keepDims)}; false for no elements.
     * @param axes the axes; {@code null} for every axis, empty for none
     * @param keepDims whether the reduced axes stay with extent 1
     */
    public NDArray any(int[] axes, boolean keepDims) {
        return ret(Reductions.allAny(impl, axes, keepDims, true));
    }

    /**
     * {@return the C-order position of the first smallest element of the flattened array, a 0-d
     * {@code int64} array; see {@link #argmin(int, boolean)}} It throws {@link IllegalArgumentException} if this
     * array is empty.
     */
    public NDArray argmin() {
        return ret(Reductions.argMinMax(impl, null, false, false));
    }

    /**
     * {@return the index of the first smallest element along one axis, an {@code int64} array; see
     * {@link #argmin(int, boolean)}}
     * @param axis the axis
     */
    public NDArray argmin(int axis) {
        return ret(Reductions.argMinMax(impl, axis, false, false));
    }

    /**
     * {@return the index of the first smallest element along one axis, an {@code int64} array}, like NumPy's
     * {@code a.argmin(axis, keepdims=keepDims)}: ties give the first index; the first NaN counts
     * as the smallest element (for complex, the first element with a NaN part); complex numbers
     * compare lexicographically and {@code uint64} unsigned.
     * @param axis the axis, negative counting from the end
     * @param keepDims whether the axis stays with extent 1
     * @throws IllegalArgumentException if the axis is out of range, or it has extent 0 ("attempt
     *         to get argmin of an empty sequence")
     */
    public NDArray argmin(int axis, boolean keepDims) {
        return ret(Reductions.argMinMax(impl, axis, keepDims, false));
    }

    /**
     * {@return the C-order position of the first largest element of the flattened array, a 0-d
     * {@code int64} array; see {@link #argmax(int, boolean)}} It throws {@link IllegalArgumentException} if this
     * array is empty.
     */
    public NDArray argmax() {
        return ret(Reductions.argMinMax(impl, null, false, true));
    }

    /**
     * {@return the index of the first largest element along one axis, an {@code int64} array; see
     * {@link #argmax(int, boolean)}}
     * @param axis the axis
     */
    public NDArray argmax(int axis) {
        return ret(Reductions.argMinMax(impl, axis, false, true));
    }

    /**
     * {@return the index of the first largest element along one axis, an {@code int64} array}, like NumPy's
     * {@code a.argmax(axis, keepdims=keepDims)}; the rules of {@link #argmin(int, boolean)} apply
     * (the first NaN counts as the largest element).
     * @param axis the axis, negative counting from the end
     * @param keepDims whether the axis stays with extent 1
     * @throws IllegalArgumentException if the axis is out of range or has extent 0
     */
    public NDArray argmax(int axis, boolean keepDims) {
        return ret(Reductions.argMinMax(impl, axis, keepDims, true));
    }

    /** {@return the running sum of the flattened array (C order), 1-d; see {@link #cumsum(int)}} */
    public NDArray cumsum() {
        return ret(Cumulative.scan(impl, null, false));
    }

    /**
     * {@return the running sum along one axis, an array of this shape}, like NumPy's
     * {@code a.cumsum(axis)}: element {@code i} of the result is the sum of elements {@code 0..i}, added one after the other. The result dtype
     * is that of {@link #sum(int[], boolean)}; floating values accumulate in {@code double} and
     * each result is rounded once (NumPy accumulates float16 in float16; this is a deliberate
     * difference).
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray cumsum(int axis) {
        return ret(Cumulative.scan(impl, axis, false));
    }

    /** {@return the running product of the flattened array (C order), 1-d; see {@link #cumprod(int)}} */
    public NDArray cumprod() {
        return ret(Cumulative.scan(impl, null, true));
    }

    /**
     * {@return the running product along one axis, an array of this shape} Like NumPy's
     * {@code a.cumprod(axis)}, with the dtype and accumulation rules of {@link #cumsum(int)}.
     * @param axis the axis
     */
    public NDArray cumprod(int axis) {
        return ret(Cumulative.scan(impl, axis, true));
    }

    /**
     * {@return the matrix product}, like NumPy's {@code a @ b} ({@code np.matmul}). Both operands must have
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
     * every 256 terms, the restarts' values added in order; where the result has one row or one
     * column and the long operand is read along the summed index (a C-order matrix times a
     * vector, a vector times a transposed one, an inner product), each 256 terms are instead 16
     * chains (term {@code p} in chain {@code p % 16}) added pairwise, as BLAS sums in vector
     * lanes. Either way its bits do not depend on the thread count or on the Vector API, except
     * which NaN (its sign and payload) comes out where NaNs meet: Java leaves that to the
     * compiler, which may swap the operands of an addition (with
     * {@code -Dndpack.blas=system} a system BLAS may be used instead for float32 and float64; see
     * {@code org.ndpack.internal.kernel.Blas}). Results may differ from NumPy's, which uses BLAS,
     * in the last bits.
     * @param other the right operand
     * @throws IllegalArgumentException if an operand is 0-d, the summed extents differ ("matmul:
     *         input operand 1 has a mismatch in its core dimension 0 ... (size 4 is different from
     *         3): shapes [2, 3] and [4, 2]"), or the batch axes do not broadcast; the message
     *         names both shapes
     */
    public NDArray matmul(NDArray other) {
        return ret(MatMul.matmul(impl, other.impl));
    }

    /**
     * {@return NumPy's {@code np.dot(a, b)}}: for 1-d operands the inner product (a 0-d result), for 2-d
     * ones the matrix product, with a 0-d operand the product by that scalar, for an N-d array and
     * a 1-d one the sum product over their last axes, and for an N-d and an M-d array (M >= 2) the
     * sum product over the last axis of this array and the second-to-last of {@code other}
     * ({@code dot(a, b)[i, j, k, m] = sum(a[i, j, :] * b[k, :, m])}). Dtypes and rounding as
     * {@link #matmul}.
     * @param other the right operand
     * @throws IllegalArgumentException if the summed extents differ ("shapes (2,3) and (4,2) not
     *         aligned: 3 (dim 1) != 4 (dim 0)")
     */
    public NDArray dot(NDArray other) {
        return ret(MatMul.dot(impl, other.impl));
    }

    /**
     * {@return the outer product, a 2-d array of shape {@code (size(), other.size())}} Like NumPy's
     * {@code np.outer(a, b)}: both arrays are flattened in C order and
     * {@code result[i, j] = a[i] * b[j]}, with the dtype of {@link #matmul}.
     * @param other the right operand
     */
    public NDArray outer(NDArray other) {
        return ret(MatMul.outer(impl, other.impl));
    }

    /**
     * {@return the sum of products over pairs of axes}, like NumPy's
     * {@code np.tensordot(a, b, axes=(axesA, axesB))}: axis {@code axesA[i]} of this array is
     * summed against axis {@code axesB[i]} of {@code other}; the result has the remaining axes of
     * this array, then those of {@code other}, in order. Dtypes and rounding as {@link #matmul}.
     * @param other the right operand
     * @param axesA axes of this array, negative counting from the end
     * @param axesB axes of {@code other}, as many as {@code axesA}
     * @throws IllegalArgumentException if the lists differ in length, an axis is out of range or
     *         repeated, or paired extents differ; the message names the axes and shapes
     */
    public NDArray tensordot(NDArray other, int[] axesA, int[] axesB) {
        return ret(MatMul.tensordot(impl, other.impl, axesA, axesB));
    }

    /**
     * {@return the sum of products over {@code n} pairs of axes}, like NumPy's {@code np.tensordot(a, b, axes=n)}: the last {@code n} axes of this array are
     * summed against the first {@code n} axes of {@code other}; {@code n = 0} gives the outer
     * product with the shapes concatenated.
     * @param other the right operand
     * @param n how many axes to sum over
     * @throws IllegalArgumentException if {@code n} is negative or exceeds either rank, or the
     *         paired extents differ
     */
    public NDArray tensordot(NDArray other, int n) {
        return ret(MatMul.tensordot(impl, other.impl, n));
    }


    // ---- Joins, splits, tile, repeat, pad, sort, argsort ----

    /**
     * {@return the arrays joined along an existing axis}, like NumPy's {@code concatenate(arrays, axis)}. The
     * result's dtype is the NumPy 2 promotion of all the inputs' dtypes ({@code int8} with
     * {@code uint8} gives {@code int16}); the inputs are converted as {@link #astype} converts.
     *
     * {@snippet :
     * NDArray ab = NDArray.concatenate(0, a, b);   // a: [2, 3], b: [4, 3] -> [6, 3]
     * }
     * Each input is read inside an operation of its own, one after another: if other threads write
     * the inputs meanwhile, the result is not a snapshot taken at one instant.
     * @param axis the axis to join along, negative counting from the end
     * @param arrays the arrays, at least one; all of the same number of dimensions ({@code >= 1})
     *        and the same extents on every axis but {@code axis}
     * @throws IllegalArgumentException if there are no arrays, an array is 0-d, the numbers of
     *         dimensions differ, the axis is out of range, or an extent other than the axis's
     *         differs (the message names the axis, the dimension and both shapes)
     * @throws IllegalStateException if an input is closed (nothing is returned; the partial
     *         result is released)
     */
    public static NDArray concatenate(int axis, NDArray... arrays) {
        return wrap(ShapeOps.concatenate(axis, unwrap(arrays)));
    }

    /**
     * {@return {@link #concatenate(int, NDArray...) concatenate(0, arrays)}}
     * @param arrays the arrays
     */
    public static NDArray concatenate(NDArray... arrays) {
        return wrap(ShapeOps.concatenate(0, unwrap(arrays)));
    }

    /**
     * {@return the arrays, of one shape, joined along a new axis}, like NumPy's {@code stack(arrays, axis)}: the
     * result has one more dimension, of extent {@code arrays.length}, at position {@code axis}.
     * Dtypes promote as in {@link #concatenate(int, NDArray...)}. 0-d arrays stack into a 1-d
     * array.
     * @param axis the position of the new axis in the result, in {@code [-ndim-1, ndim]}
     * @param arrays the arrays, at least one, all of the same shape
     * @throws IllegalArgumentException if there are no arrays, the shapes differ (the message
     *         names both) or the axis is out of range for the result
     */
    public static NDArray stack(int axis, NDArray... arrays) {
        return wrap(ShapeOps.stack(axis, unwrap(arrays)));
    }

    /**
     * {@return {@link #stack(int, NDArray...) stack(0, arrays)}}
     * @param arrays the arrays
     */
    public static NDArray stack(NDArray... arrays) {
        return wrap(ShapeOps.stack(0, unwrap(arrays)));
    }

    /**
     * Splits this array into {@code sections} equal parts along {@code axis}, like NumPy's
     * {@code split(a, sections, axis)}. The parts are <em>views</em>: they share this array's
     * memory (writes show through) and closing them does not release it.
     * @param sections the number of parts, {@code > 0}, dividing the axis's extent exactly
     * @param axis the axis, negative counting from the end
     * @return an unmodifiable list of {@code sections} views, in order
     * @throws IllegalArgumentException if the axis is out of range, {@code sections <= 0}, or
     *         the extent is not a multiple of {@code sections} (the message names both)
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
     * @param indices the split positions
     * @param axis the axis, negative counting from the end
     * @return an unmodifiable list of {@code indices.length + 1} views, in order
     * @throws IllegalArgumentException if the axis is out of range
     */
    public List<NDArray> split(long[] indices, int axis) {
        return wrap(ShapeOps.split(impl, indices, axis));
    }

    /**
     * {@return the whole array repeated {@code reps[i]} times along each axis}, like NumPy's
     * {@code tile(a, reps)}: if {@code reps} is shorter than the number of dimensions it is
     * padded with leading 1s; if it is longer, the array gains leading axes of extent 1.
     * @param reps the repetitions per axis, each {@code >= 0}; none gives a copy
     * @throws IllegalArgumentException if a repetition is negative (the message names it and
     *         its position) or the result's extent overflows a long
     */
    public NDArray tile(long... reps) {
        return ret(ShapeOps.tile(impl, reps));
    }

    /**
     * {@return each element repeated {@code repeats} times along {@code axis}}, like NumPy's
     * {@code repeat(a, repeats, axis)}: {@code [1, 2]} repeated twice is {@code [1, 1, 2, 2]}.
     * As in NumPy, a 0-d array is treated as 1-d.
     * @param repeats the count, {@code >= 0}
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if {@code repeats < 0} or the axis is out of range
     */
    public NDArray repeat(long repeats, int axis) {
        return ret(ShapeOps.repeat(impl, repeats, axis));
    }

    /**
     * {@return the element at position {@code i} of {@code axis} repeated {@code repeats[i]} times}, like
     * NumPy's {@code repeat(a, repeats, axis)} with an array of counts. A single count applies to
     * every position.
     * @param repeats one count per position on the axis (or one count), each {@code >= 0}
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if a count is negative (the message names it and its
     *         position), the number of counts is neither 1 nor the axis's extent, the axis is out
     *         of range, or the total overflows a long
     */
    public NDArray repeat(long[] repeats, int axis) {
        return ret(ShapeOps.repeat(impl, repeats, axis));
    }

    /**
     * {@return a 1-d array of each element of the flattened array (C order) {@code repeats} times}
     * Like NumPy's {@code repeat(a, repeats)} without an axis.
     * @param repeats the count, {@code >= 0}
     * @throws IllegalArgumentException if {@code repeats < 0} or the size overflows a long
     */
    public NDArray repeat(long repeats) {
        return ret(ShapeOps.repeat(impl, repeats));
    }

    /**
     * {@return this array padded with a constant}, like NumPy's {@code pad(a, padWidth, constant_values=value)}: axis
     * {@code i} grows by {@code padWidth[i][0]} elements before and {@code padWidth[i][1]} after,
     * all set to {@code value} converted to this dtype as {@link #astype} converts a
     * {@code float64} (so 300 becomes 44 in {@code uint8}, as in NumPy).
     * @param padWidth one {@code {before, after}} row per axis, or a single row for every axis; a
     *        row of one entry pads both sides by it
     * @param value the fill value; must be finite for integer dtypes (NumPy raises too)
     * @throws IllegalArgumentException if a width is negative (the message names the row and its
     *         axis), the number of rows is neither 1 nor {@link #ndim()}, a row does not have 1 or
     *         2 entries, or {@code value} is NaN or infinite for an integer dtype
     */
    public NDArray pad(long[][] padWidth, double value) {
        return ret(ShapeOps.pad(impl, padWidth, value));
    }

    /**
     * {@return this array padded by {@code width} elements on both sides of every axis; see
     * {@link #pad(long[][], double)}}
     * @param width the width, {@code >= 0}
     * @param value the fill value
     */
    public NDArray pad(long width, double value) {
        return ret(ShapeOps.pad(impl, new long[][] {{width, width}}, value));
    }

    /**
     * {@return a C-contiguous copy of the same dtype and shape, sorted along {@code axis}}, in the order of NumPy's
     * {@code sort(a, axis, kind='stable')}: ascending; NaN after everything else (for float16 and
     * bfloat16 too); {@code -0.0} and {@code 0.0} equal, so they keep their original relative order,
     * as do NaNs of different bits; unsigned integers in unsigned order; bool {@code false} before
     * {@code true}; complex numbers by real part, then imaginary part, with NumPy's NaN order
     * {@code [R + Rj, R + nanj, nan + Rj, nan + nanj]}. Every element of the result is one of
     * the input's, bits unchanged. Large arrays are sorted on several cores; the result does not
     * depend on their number.
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if the axis is out of range (a 0-d array has none, as in
     *         NumPy) or the axis is longer than {@code 2^31 - 9} elements
     */
    public NDArray sort(int axis) {
        return ret(Sorting.sort(impl, axis));
    }

    /**
     * {@return a copy sorted along the last axis; see {@link #sort(int)}} It throws
     * {@link IllegalArgumentException} if this array is 0-d.
     */
    public NDArray sort() {
        return ret(Sorting.sort(impl, -1));
    }

    /**
     * {@return the indices that sort this array along {@code axis}: a C-contiguous {@code int64} array
     * of this shape, holding positions on the axis}, like NumPy's
     * {@code argsort(a, axis, kind='stable')}: the sort is <em>stable</em> (equal elements,
     * including {@code -0.0} and {@code 0.0} and all NaNs, keep their original order), in the
     * order of {@link #sort(int)}. As in NumPy, a 0-d array gives the 1-d array {@code [0]}.
     * @param axis the axis, negative counting from the end
     * @throws IllegalArgumentException if the axis is out of range or longer than
     *         {@code 2^31 - 9} elements
     */
    public NDArray argsort(int axis) {
        return ret(Sorting.argsort(impl, axis));
    }

    /** {@return the stable sorting indices along the last axis; see {@link #argsort(int)}} */
    public NDArray argsort() {
        return ret(Sorting.argsort(impl, -1));
    }


    // ---- Atomic view, locked form, checked mode ----

    /**
     * {@return this array in <em>locked form</em>}: a view (same memory, shape and flags, not the
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
     * {@return this array in <em>checked form</em>}: a view whose every operation registers the
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
     * @return the held lock; close it on this thread
     * @see RegionLock
     */
    public RegionLock lockShared() {
        return RegionLock.shared(this);
    }

    /**
     * Returns the atomic view of this array: per-element volatile, acquire/release, compare-and-set,
     * get-and-set, get-and-add and accumulate operations, for integer, floating-point and bool
     * dtypes. See {@link AtomicView} for what each operation pairs with.
     * @return the atomic view (it accesses this array; closing this array makes it unusable)
     * @throws IllegalStateException if the array is closed, or its elements are not naturally
     *         aligned ({@link #isAligned()}), or (1- and 2-byte dtypes) the aligned 4-byte word
     *         around an element reaches outside the memory; the message says which
     * @throws UnsupportedOperationException for complex dtypes (an element is two scalars; no
     *         atomic instruction covers both)
     */
    public AtomicView atomic() {
        if (isClosed()) {
            throw impl.closedError();
        }
        return new AtomicView(this);
    }

    /** The byte offset of an element in the memory, for {@link AtomicView}; checks the index. */
    long elementByteOffset(long[] index) {
        return impl.elementByteOffset(index);
    }


    // ---- The DLPack producer protocol ----

    /**
     * Exports this array as a managed DLPack tensor, like NumPy's
     * {@code __dlpack__(max_version=..., dl_device=..., copy=...)}; the rules are those of
     * {@link DLPack#export DLPack.export}. Unless a copy is made, the tensor
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
     * @throws DLPackDeviceException if {@code device} is not CPU:0
     * @throws DLPackCopyException if {@code copy} is {@code NEVER} and a copy is
     *         needed (a read-only array asked for as a legacy struct)
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
