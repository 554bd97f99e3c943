package org.ndpack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.dtype.Casts;
import org.ndpack.internal.dtype.Float8;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.memory.Memory;

/**
 * Atomic access to the elements of one array ({@link NDArray#atomic()}): the element operations of
 * {@link java.lang.invoke.VarHandle} and {@link java.util.concurrent.atomic.AtomicLongArray}, by
 * index, on native memory. The index comes last, as in {@link NDArray#getDouble}:
 * {@code counts.atomic().getAndAddLong(1, i, j)}.
 *
 * <h2>Which methods for which dtype</h2>
 * <ul>
 *   <li>{@code ...Long} methods: integer dtypes ({@code int8} to {@code uint64}). Values are
 *       exact: a {@code uint32} element is read as its unsigned value, a {@code uint64} as its
 *       two's-complement bits (as {@link NDArray#getLong}). Values written keep their low bits
 *       (so {@code getAndAddLong(-1, i)} decrements a {@code uint8} and wraps at 0, as Java's
 *       atomics and NumPy's integer arrays wrap; NumPy 2 would reject the Python scalar -1 for a
 *       {@code uint8}).</li>
 *   <li>{@code ...Double} methods: {@code float16}, {@code bfloat16}, {@code float32} and
 *       {@code float64}. {@code getAndAddDouble} adds as NumPy adds a Python float to such an
 *       array: the delta is first rounded to the element type; {@code float16} and
 *       {@code bfloat16} sums are computed in {@code float32} and rounded (NumPy's and ml_dtypes'
 *       loops), {@code float32} sums in {@code float32}, {@code float64} in {@code float64}.
 *       {@code accumulateAndGetDouble} computes in {@code double} and rounds the result once.</li>
 *   <li>{@code ...Boolean} methods: {@code bool} (any non-zero byte reads as true).</li>
 * </ul>
 * Calling a method of the wrong family throws {@link UnsupportedOperationException} naming the
 * family to use. Complex dtypes have no atomic view.
 *
 * <h2>Memory ordering: what pairs with what</h2>
 * <ul>
 *   <li><b>{@code set...Release} pairs with {@code get...Acquire}</b> (publication): if a thread
 *       reads with {@code getLongAcquire} the value another thread wrote with
 *       {@code setLongRelease}, everything the writer did before the release (plain element
 *       writes, whole operations) is visible to the reader after the acquire. It orders nothing
 *       else: two threads that each release one element and acquire another may both miss each
 *       other's writes.</li>
 *   <li><b>{@code set...Volatile} and {@code get...Volatile}</b> give that, and more: all volatile
 *       accesses and all read-modify-write operations of all threads appear in one total order
 *       (sequential consistency), so the "both miss each other" outcome above cannot happen.
 *       {@code get...Acquire} reading a volatile write, or {@code get...Volatile} reading a
 *       release write, still gives the publication guarantee.</li>
 *   <li><b>{@code compareAndSet...}, {@code getAndSet...}, {@code getAndAdd...},
 *       {@code accumulateAndGet...}</b> are atomic read-modify-write operations with volatile
 *       semantics: no update made by them is ever lost, whatever other atomic operations run on
 *       the same element, and they order like a volatile read followed by a volatile write.
 *       {@code compareAndSet...} is strong (it never fails spuriously).</li>
 *   <li><b>Plain accesses</b> ({@link NDArray#getDouble}, {@link NDArray#setDouble}, bulk
 *       operations) pair with nothing: a plain write racing an atomic update of the same element
 *       can erase it, and a plain read of an element another thread writes may see an old value
 *       for ever. Use them only for data handed over through one of the pairs above (or any other
 *       happens-before edge: a lock, {@code Thread.join}, an executor).</li>
 * </ul>
 *
 * <h2>Alignment, and why it is required</h2>
 * The processor's atomic instructions, and the JVM's atomic {@link java.lang.invoke.VarHandle}
 * access modes over memory segments, work only on naturally aligned addresses (an 8-byte element
 * at a multiple of 8). Memory ndpack allocates is always aligned; arrays over foreign memory
 * (DLPack imports, mapped files) may not be, and {@link NDArray#atomic()} refuses them with
 * {@link IllegalStateException} (check {@link NDArray#isAligned()}; a {@link NDArray#copy()} is
 * aligned). There is no compare-and-set of one or two bytes, so updates of 1- and 2-byte elements
 * (the {@code int8}, {@code uint8}, {@code bool}, {@code int16}, {@code uint16}, {@code float16}
 * and {@code bfloat16} dtypes) compare-and-set the aligned 4-byte word that contains the element,
 * leaving its neighbours' bytes as they are (a concurrent change to a neighbour only makes the
 * update retry). That word must lie inside the memory: always true for memory ndpack allocates.
 *
 * <h2>Guarantees</h2>
 * Immutable and thread-safe: share one view between all threads. Every access takes a lease on
 * the memory, so closing the array while other threads use the view never frees memory under
 * them: their accesses complete or throw {@link IllegalStateException}. For an array in
 * {@link NDArray#locked() locked form}, every access also takes the memory lock for the element's
 * bytes (shared for reads), so it waits for locked operations on overlapping regions; for an
 * array in {@link NDArray#checked() checked form}, atomic accesses are registered as atomic: they
 * never conflict with each other, only with plain reads and writes. Writes through a read-only
 * array throw {@link ReadOnlyArrayException}. Index errors throw
 * {@link IndexOutOfBoundsException} as {@link NDArray#getDouble} does.
 */
public final class AtomicView {
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private static final int INTEGER = 0;
    private static final int FLOATING = 1;
    private static final int BOOLEAN = 2;

    private static final int GET = OpScope.READ | OpScope.ATOMIC;
    private static final int UPDATE = OpScope.WRITE | OpScope.ATOMIC;

    private final NDArray array;
    private final DType dtype;
    private final int kind;
    private final int width;
    /** The array's memory as atomic accesses see it: extended to a 4-byte boundary when ours. */
    private final MemorySegment segment;
    private final long address;
    /** Mask of the element's bits in a long. */
    private final long mask;

    AtomicView(NDArray a) {
        DType t = a.dtype();
        if (t.isComplex()) {
            throw new UnsupportedOperationException("atomic view of a " + t + " array: a complex element is two"
                    + " scalars and no atomic instruction covers both; update the real and imaginary parts"
                    + " through " + (t == DType.COMPLEX64 ? "float32" : "float64") + " arrays instead");
        }
        Memory m = a.impl.memory;
        int w = t.byteSize();
        if (!a.isAligned()) {
            throw new IllegalStateException("atomic view of a " + t + " array whose first element is at address 0x"
                    + Long.toHexString(m.address() + a.offset() * w) + ", not a multiple of " + t.alignment()
                    + ": atomic instructions need naturally aligned elements (foreign memory may not be;"
                    + " use copy() for an aligned array)");
        }
        MemorySegment seg = w < 4 ? m.wordSegment() : m.segment;
        if (w < 4 && a.size() > 0) {
            long[] span = Shapes.span(a.impl.shape, a.impl.strides, a.offset());
            long first = m.address() + span[0] * w;
            long last = m.address() + span[1] * w;
            long wordLo = first & -4L;
            long wordHi = (last & -4L) + 4;
            if (wordLo < seg.address() || wordHi > seg.address() + seg.byteSize()) {
                throw new IllegalStateException("atomic view of a " + t + " array: atomic updates of " + w
                        + "-byte elements compare-and-set the aligned 4-byte word around each element, and the"
                        + " words around this array's elements (addresses 0x" + Long.toHexString(wordLo) + " to 0x"
                        + Long.toHexString(wordHi) + ") reach outside its foreign memory (0x"
                        + Long.toHexString(seg.address()) + " to 0x" + Long.toHexString(seg.address() + seg.byteSize())
                        + "); use copy() for an array in memory of ndpack's own");
            }
        }
        this.array = a;
        this.dtype = t;
        this.kind = t.isBool() ? BOOLEAN : t.isInteger() ? INTEGER : FLOATING;
        this.width = w;
        this.segment = seg;
        this.address = seg.address();
        this.mask = w == 8 ? -1L : (1L << (8 * w)) - 1;
    }

    /** {@return the array this view accesses} */
    public NDArray array() {
        return array;
    }

    // ------------------------------------------------------------------------------------------
    // Integer dtypes
    // ------------------------------------------------------------------------------------------

    /**
     * Reads an element with volatile semantics.
     *
     * @param index one index per axis
     * @return the value (exact; unsigned dtypes as their unsigned value, {@code uint64} as bits)
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public long getLongVolatile(long... index) {
        return decodeLong(get("getLongVolatile", INTEGER, true, index));
    }

    /**
     * Reads an element with acquire semantics: pairs with {@link #setLongRelease}.
     *
     * @param index one index per axis
     * @return the value
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public long getLongAcquire(long... index) {
        return decodeLong(get("getLongAcquire", INTEGER, false, index));
    }

    /**
     * Writes an element with volatile semantics (its low bits, for dtypes narrower than 64 bits).
     *
     * @param value the value
     * @param index one index per axis
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public void setLongVolatile(long value, long... index) {
        set("setLongVolatile", INTEGER, true, value & mask, index);
    }

    /**
     * Writes an element with release semantics: a thread that reads this value with
     * {@link #getLongAcquire} sees everything this thread wrote before.
     *
     * @param value the value
     * @param index one index per axis
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public void setLongRelease(long value, long... index) {
        set("setLongRelease", INTEGER, false, value & mask, index);
    }

    /**
     * Sets an element to {@code newValue} if it currently equals {@code expected}, atomically. A
     * value outside the dtype's range never equals an element.
     *
     * @param expected the value the element must have
     * @param newValue the value to write (its low bits)
     * @param index one index per axis
     * @return true if the element was {@code expected} and is now {@code newValue}
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public boolean compareAndSetLong(long expected, long newValue, long... index) {
        long off = offset("compareAndSetLong", INTEGER, true, index);
        if (decodeLong(expected & mask) != expected) {
            return false;
        }
        try (OpScope s = OpScope.enterElement("compareAndSetLong", array.impl, off, width, UPDATE)) {
            return cas(off, expected & mask, newValue & mask);
        }
    }

    /**
     * Writes an element and returns the value it replaced, atomically.
     *
     * @param value the new value (its low bits)
     * @param index one index per axis
     * @return the previous value
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public long getAndSetLong(long value, long... index) {
        long off = offset("getAndSetLong", INTEGER, true, index);
        try (OpScope s = OpScope.enterElement("getAndSetLong", array.impl, off, width, UPDATE)) {
            return decodeLong(getAndSetRaw(off, value & mask));
        }
    }

    /**
     * Adds {@code delta} to an element and returns the value it had, atomically; the sum wraps
     * around at the dtype's range.
     *
     * @param delta the amount to add (negative to subtract)
     * @param index one index per axis
     * @return the previous value
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public long getAndAddLong(long delta, long... index) {
        long off = offset("getAndAddLong", INTEGER, true, index);
        try (OpScope s = OpScope.enterElement("getAndAddLong", array.impl, off, width, UPDATE)) {
            switch (width) {
                case 8:
                    return (long) LONG.getAndAdd(segment, off, delta);
                case 4:
                    return decodeLong((int) INT.getAndAdd(segment, off, (int) delta) & mask);
                default:
                    long raw;
                    do {
                        raw = getRaw(off, true);
                    } while (!cas(off, raw, (decodeLong(raw) + delta) & mask));
                    return decodeLong(raw);
            }
        }
    }

    /**
     * Replaces an element with {@code op(current, x)} and returns the new value, atomically. Under
     * contention {@code op} may run more than once, so it must be free of side effects.
     *
     * @param x the second operand of {@code op}
     * @param op the function, called with the current value and {@code x}
     * @param index one index per axis
     * @return the value written (the low bits of {@code op}'s result, as the dtype reads them)
     * @throws UnsupportedOperationException if the dtype is not an integer type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     * @throws NullPointerException if {@code op} is null
     */
    public long accumulateAndGetLong(long x, LongBinaryOperator op, long... index) {
        java.util.Objects.requireNonNull(op, "op");
        long off = offset("accumulateAndGetLong", INTEGER, true, index);
        try (OpScope s = OpScope.enterElement("accumulateAndGetLong", array.impl, off, width, UPDATE)) {
            long raw;
            long next;
            do {
                raw = getRaw(off, true);
                next = op.applyAsLong(decodeLong(raw), x) & mask;
            } while (!cas(off, raw, next));
            return decodeLong(next);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Floating-point dtypes
    // ------------------------------------------------------------------------------------------

    /**
     * Reads an element with volatile semantics.
     *
     * @param index one index per axis
     * @return the value, exactly
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public double getDoubleVolatile(long... index) {
        return decodeDouble(get("getDoubleVolatile", FLOATING, true, index));
    }

    /**
     * Reads an element with acquire semantics: pairs with {@link #setDoubleRelease}.
     *
     * @param index one index per axis
     * @return the value, exactly
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public double getDoubleAcquire(long... index) {
        return decodeDouble(get("getDoubleAcquire", FLOATING, false, index));
    }

    /**
     * Writes an element, rounded to the dtype, with volatile semantics.
     *
     * @param value the value
     * @param index one index per axis
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public void setDoubleVolatile(double value, long... index) {
        set("setDoubleVolatile", FLOATING, true, encodeDouble(value), index);
    }

    /**
     * Writes an element, rounded to the dtype, with release semantics: pairs with
     * {@link #getDoubleAcquire}.
     *
     * @param value the value
     * @param index one index per axis
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public void setDoubleRelease(double value, long... index) {
        set("setDoubleRelease", FLOATING, false, encodeDouble(value), index);
    }

    /**
     * Sets an element to {@code newValue} (rounded to the dtype) if it currently equals
     * {@code expected}, atomically. Equality is {@link Double#equals}'s: NaN equals NaN, and
     * {@code -0.0} differs from {@code 0.0}.
     *
     * @param expected the value the element must have
     * @param newValue the value to write
     * @param index one index per axis
     * @return true if the element was {@code expected} and now holds {@code newValue}
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public boolean compareAndSetDouble(double expected, double newValue, long... index) {
        long off = offset("compareAndSetDouble", FLOATING, true, index);
        long next = encodeDouble(newValue);
        long want = Double.doubleToLongBits(expected);
        try (OpScope s = OpScope.enterElement("compareAndSetDouble", array.impl, off, width, UPDATE)) {
            while (true) {
                long raw = getRaw(off, true);
                if (Double.doubleToLongBits(decodeDouble(raw)) != want) {
                    return false;
                }
                if (cas(off, raw, next)) {
                    return true;
                }
            }
        }
    }

    /**
     * Writes an element (rounded to the dtype) and returns the value it replaced, atomically.
     *
     * @param value the new value
     * @param index one index per axis
     * @return the previous value
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public double getAndSetDouble(double value, long... index) {
        long off = offset("getAndSetDouble", FLOATING, true, index);
        try (OpScope s = OpScope.enterElement("getAndSetDouble", array.impl, off, width, UPDATE)) {
            return decodeDouble(getAndSetRaw(off, encodeDouble(value)));
        }
    }

    /**
     * Adds {@code delta} to an element and returns the value it had, atomically (a
     * compare-and-set loop on the element's bits). The sum is NumPy's for an array of this dtype
     * plus a Python float: {@code delta} rounded to the dtype first, {@code float16},
     * {@code bfloat16} and {@code float32} sums computed in {@code float32}.
     *
     * @param delta the amount to add
     * @param index one index per axis
     * @return the previous value
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public double getAndAddDouble(double delta, long... index) {
        long off = offset("getAndAddDouble", FLOATING, true, index);
        try (OpScope s = OpScope.enterElement("getAndAddDouble", array.impl, off, width, UPDATE)) {
            if (dtype == DType.FLOAT64) {
                long raw;
                double old;
                do {
                    raw = getRaw(off, true);
                    old = Double.longBitsToDouble(raw);
                } while (!cas(off, raw, Double.doubleToRawLongBits(old + delta)));
                return old;
            }
            float d = (float) decodeDouble(encodeDouble(delta));
            long raw;
            float old;
            do {
                raw = getRaw(off, true);
                old = (float) decodeDouble(raw);
            } while (!cas(off, raw, encodeFloat(old + d)));
            return old;
        }
    }

    /**
     * Replaces an element with {@code op(current, x)}, computed in {@code double} and rounded to
     * the dtype, and returns the new value, atomically. Under contention {@code op} may run more
     * than once, so it must be free of side effects.
     *
     * @param x the second operand of {@code op}
     * @param op the function, called with the current value and {@code x}
     * @param index one index per axis
     * @return the value written (after rounding)
     * @throws UnsupportedOperationException if the dtype is not a floating-point type
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     * @throws NullPointerException if {@code op} is null
     */
    public double accumulateAndGetDouble(double x, DoubleBinaryOperator op, long... index) {
        java.util.Objects.requireNonNull(op, "op");
        long off = offset("accumulateAndGetDouble", FLOATING, true, index);
        try (OpScope s = OpScope.enterElement("accumulateAndGetDouble", array.impl, off, width, UPDATE)) {
            long raw;
            long next;
            do {
                raw = getRaw(off, true);
                next = encodeDouble(op.applyAsDouble(decodeDouble(raw), x));
            } while (!cas(off, raw, next));
            return decodeDouble(next);
        }
    }

    // ------------------------------------------------------------------------------------------
    // bool
    // ------------------------------------------------------------------------------------------

    /**
     * Reads a {@code bool} element with volatile semantics.
     *
     * @param index one index per axis
     * @return true if the byte is non-zero
     * @throws UnsupportedOperationException if the dtype is not {@code bool}
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public boolean getBooleanVolatile(long... index) {
        return get("getBooleanVolatile", BOOLEAN, true, index) != 0;
    }

    /**
     * Reads a {@code bool} element with acquire semantics: pairs with {@link #setBooleanRelease}.
     *
     * @param index one index per axis
     * @return true if the byte is non-zero
     * @throws UnsupportedOperationException if the dtype is not {@code bool}
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public boolean getBooleanAcquire(long... index) {
        return get("getBooleanAcquire", BOOLEAN, false, index) != 0;
    }

    /**
     * Writes a {@code bool} element (1 or 0) with volatile semantics.
     *
     * @param value the value
     * @param index one index per axis
     * @throws UnsupportedOperationException if the dtype is not {@code bool}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public void setBooleanVolatile(boolean value, long... index) {
        set("setBooleanVolatile", BOOLEAN, true, value ? 1 : 0, index);
    }

    /**
     * Writes a {@code bool} element (1 or 0) with release semantics: pairs with
     * {@link #getBooleanAcquire}.
     *
     * @param value the value
     * @param index one index per axis
     * @throws UnsupportedOperationException if the dtype is not {@code bool}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public void setBooleanRelease(boolean value, long... index) {
        set("setBooleanRelease", BOOLEAN, false, value ? 1 : 0, index);
    }

    /**
     * Sets a {@code bool} element to {@code newValue} if it currently reads as {@code expected},
     * atomically.
     *
     * @param expected the value the element must have
     * @param newValue the value to write
     * @param index one index per axis
     * @return true if the element was {@code expected} and now holds {@code newValue}
     * @throws UnsupportedOperationException if the dtype is not {@code bool}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public boolean compareAndSetBoolean(boolean expected, boolean newValue, long... index) {
        long off = offset("compareAndSetBoolean", BOOLEAN, true, index);
        try (OpScope s = OpScope.enterElement("compareAndSetBoolean", array.impl, off, width, UPDATE)) {
            while (true) {
                long raw = getRaw(off, true);
                if ((raw != 0) != expected) {
                    return false;
                }
                if (cas(off, raw, newValue ? 1 : 0)) {
                    return true;
                }
            }
        }
    }

    /**
     * Writes a {@code bool} element and returns the value it replaced, atomically.
     *
     * @param value the new value
     * @param index one index per axis
     * @return the previous value
     * @throws UnsupportedOperationException if the dtype is not {@code bool}
     * @throws ReadOnlyArrayException if the array is read-only
     * @throws IndexOutOfBoundsException if the index is out of range
     * @throws IllegalStateException if the array is closed
     */
    public boolean getAndSetBoolean(boolean value, long... index) {
        long off = offset("getAndSetBoolean", BOOLEAN, true, index);
        try (OpScope s = OpScope.enterElement("getAndSetBoolean", array.impl, off, width, UPDATE)) {
            return getAndSetRaw(off, value ? 1 : 0) != 0;
        }
    }

    /** {@return a description: the dtype and shape of the array} */
    @Override
    public String toString() {
        return "AtomicView[" + dtype + " " + Shapes.str(array.shape()) + "]";
    }

    // ------------------------------------------------------------------------------------------
    // The accesses: raw element bits (zero-extended) at a byte offset of the segment
    // ------------------------------------------------------------------------------------------

    /** Checks the family (and writability), then the index; returns the element's byte offset. */
    private long offset(String op, int family, boolean write, long[] index) {
        if (kind != family) {
            throw new UnsupportedOperationException(op + ": needs " + familyName(family) + ", but this array's dtype is "
                    + dtype + "; use the " + methodSuffix(kind) + " methods");
        }
        if (write && array.isReadOnly()) {
            throw new ReadOnlyArrayException(op + ": the array is read-only");
        }
        return array.elementByteOffset(index);
    }

    private static String familyName(int family) {
        return switch (family) {
            case INTEGER -> "an integer dtype (int8 to uint64)";
            case FLOATING -> "a floating-point dtype (float16, bfloat16, float32, float64)";
            default -> "the bool dtype";
        };
    }

    private static String methodSuffix(int family) {
        return switch (family) {
            case INTEGER -> "...Long";
            case FLOATING -> "...Double";
            default -> "...Boolean";
        };
    }

    private long get(String op, int family, boolean volatileRead, long[] index) {
        long off = offset(op, family, false, index);
        try (OpScope s = OpScope.enterElement(op, array.impl, off, width, GET)) {
            return getRaw(off, volatileRead);
        }
    }

    private void set(String op, int family, boolean volatileWrite, long bits, long[] index) {
        long off = offset(op, family, true, index);
        try (OpScope s = OpScope.enterElement(op, array.impl, off, width, UPDATE)) {
            setRaw(off, bits, volatileWrite);
        }
    }

    private long getRaw(long off, boolean volatileRead) {
        return switch (width) {
            case 1 -> (volatileRead ? (byte) BYTE.getVolatile(segment, off) : (byte) BYTE.getAcquire(segment, off)) & 0xffL;
            case 2 -> (volatileRead ? (short) SHORT.getVolatile(segment, off) : (short) SHORT.getAcquire(segment, off))
                    & 0xffffL;
            case 4 -> (volatileRead ? (int) INT.getVolatile(segment, off) : (int) INT.getAcquire(segment, off))
                    & 0xffffffffL;
            default -> volatileRead ? (long) LONG.getVolatile(segment, off) : (long) LONG.getAcquire(segment, off);
        };
    }

    private void setRaw(long off, long bits, boolean volatileWrite) {
        switch (width) {
            case 1 -> {
                if (volatileWrite) {
                    BYTE.setVolatile(segment, off, (byte) bits);
                } else {
                    BYTE.setRelease(segment, off, (byte) bits);
                }
            }
            case 2 -> {
                if (volatileWrite) {
                    SHORT.setVolatile(segment, off, (short) bits);
                } else {
                    SHORT.setRelease(segment, off, (short) bits);
                }
            }
            case 4 -> {
                if (volatileWrite) {
                    INT.setVolatile(segment, off, (int) bits);
                } else {
                    INT.setRelease(segment, off, (int) bits);
                }
            }
            default -> {
                if (volatileWrite) {
                    LONG.setVolatile(segment, off, bits);
                } else {
                    LONG.setRelease(segment, off, bits);
                }
            }
        }
    }

    /** Strong compare-and-set of the element's bits; 1- and 2-byte elements through their word. */
    private boolean cas(long off, long expected, long next) {
        switch (width) {
            case 8:
                return LONG.compareAndSet(segment, off, expected, next);
            case 4:
                return INT.compareAndSet(segment, off, (int) expected, (int) next);
            default:
                long inWord = (address + off) & 3;
                long wordOff = off - inWord;
                int shift = 8 * (int) (BIG_ENDIAN ? 4 - width - inWord : inWord);
                int m = (int) mask << shift;
                while (true) {
                    int word = (int) INT.getVolatile(segment, wordOff);
                    if (((word & m) >>> shift) != expected) {
                        return false;
                    }
                    int updated = (word & ~m) | ((int) next << shift);
                    if (INT.compareAndSet(segment, wordOff, word, updated)) {
                        return true;
                    }
                }
        }
    }

    private long getAndSetRaw(long off, long bits) {
        switch (width) {
            case 8:
                return (long) LONG.getAndSet(segment, off, bits);
            case 4:
                return (int) INT.getAndSet(segment, off, (int) bits) & 0xffffffffL;
            default:
                long raw;
                do {
                    raw = getRaw(off, true);
                } while (!cas(off, raw, bits));
                return raw;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Values <-> bits
    // ------------------------------------------------------------------------------------------

    private long decodeLong(long raw) {
        return switch (dtype) {
            case INT8 -> (byte) raw;
            case INT16 -> (short) raw;
            case INT32 -> (int) raw;
            default -> raw; // unsigned types are zero-extended; 64-bit types are the bits
        };
    }

    private double decodeDouble(long raw) {
        return switch (dtype) {
            case FLOAT16 -> Casts.halfToFloat((short) raw);
            case BFLOAT16 -> Casts.bfloat16ToFloat((short) raw);
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> Float8.of(dtype).decode((byte) raw);
            case FLOAT32 -> Float.intBitsToFloat((int) raw);
            default -> Double.longBitsToDouble(raw);
        };
    }

    /** The bits of {@code v} rounded (to nearest, ties to even) to the dtype. */
    private long encodeDouble(double v) {
        return switch (dtype) {
            case FLOAT16 -> Casts.doubleToHalf(v) & 0xffffL;
            case BFLOAT16 -> Casts.doubleToBfloat16(v) & 0xffffL;
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> Float8.of(dtype).encode(v) & 0xffL;
            case FLOAT32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            default -> Double.doubleToRawLongBits(v);
        };
    }

    /** The bits of a float32 value rounded to a 16- or 32-bit floating dtype. */
    private long encodeFloat(float v) {
        return switch (dtype) {
            case FLOAT16 -> Casts.floatToHalf(v) & 0xffffL;
            case BFLOAT16 -> Casts.floatToBfloat16(v) & 0xffffL;
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> Float8.of(dtype).encode(v) & 0xffL;
            default -> Float.floatToRawIntBits(v) & 0xffffffffL;
        };
    }
}
