package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.kernel.Parallel;

/**
 * Sorts one row (the elements along the sort axis) at a time in a primitive Java array: the row
 * is loaded from native memory into the array of its lane, sorted there, and written back. One
 * instance per worker thread; it owns its buffers (sized for rows of {@code n} elements) and is
 * not thread-safe.
 *
 * <p>The lanes, chosen by {@link #of}: {@code int[]} for bool and the integer types up to 32 bits,
 * {@code long[]} for the 64-bit integers (unsigned types sort in unsigned order by flipping the
 * sign bit), {@code float[]} for float16, bfloat16 and float32 (the narrow types widen exactly),
 * {@code double[]} for float64, and a pair of {@code double[]} for the complex types. The 32-bit
 * lanes sort values with {@link Arrays#sort(int[])} and {@link Arrays#sort(float[])} (which the
 * JDK vectorises); the 64-bit value sorts and every argsort sort 64-bit keys with
 * {@link KeySort}.
 *
 * <p>Every lane orders like NumPy's stable sort: NaN after everything else, {@code -0.0} equal
 * to {@code 0.0} (zeros and NaNs keep their original order and bits), complex numbers
 * lexicographically with NumPy's NaN rules.
 */
abstract class RowSorter {
    /** Rows at least this long are sorted with the JDK's parallel sorts (same result), when several
     * threads may be used. */
    static final int PARALLEL_ROW = 1 << 17;

    final DType t;
    final int n;
    final int w;
    private long[] keys;
    private KeySort keySort;

    RowSorter(DType t, int n) {
        this.t = t;
        this.n = n;
        this.w = t.byteSize();
    }

    /** {@return a sorter for rows of {@code n} elements of {@code t}} */
    static RowSorter of(DType t, int n) {
        return switch (t) {
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32 -> new IntRowSorter(t, n);
            case INT64, UINT64 -> new LongRowSorter(t, n);
            case FLOAT8_E4M3FN, FLOAT8_E5M2, FLOAT16, BFLOAT16, FLOAT32 -> new FloatRowSorter(t, n);
            case FLOAT64 -> new DoubleRowSorter(t, n);
            case COMPLEX64, COMPLEX128 -> new ComplexRowSorter(t, n);
        };
    }

    /** Loads the row of {@code n} elements at byte offset {@code off}, {@code stride} bytes apart. */
    abstract void load(MemorySegment s, long off, long stride);

    /**
     * Writes the loaded row, sorted, to {@code d}. The source row (the one loaded) is passed again
     * for lanes that copy some elements' original bits from it.
     */
    abstract void storeSorted(MemorySegment src, long srcOff, long srcStride, MemorySegment d, long off, long stride);

    /** Writes to {@code idx[0..n)} the stable permutation that sorts the loaded row. */
    abstract void argsort(int[] idx);

    // ------------------------------------------------------------------------------------------
    // shared helpers
    // ------------------------------------------------------------------------------------------

    /** {@return this sorter's buffer of {@code n} sort keys} */
    final long[] keys() {
        if (keys == null) {
            keys = new long[n];
        }
        return keys;
    }

    /** {@return this sorter's key sort (scratch for rows of {@code n})} */
    final KeySort keySort() {
        if (keySort == null) {
            keySort = new KeySort(n);
        }
        return keySort;
    }

    /** Writes to {@code idx} the stable permutation that sorts {@code keys[0..n)} (signed order). */
    final void stableIndices(long[] keys, int[] idx) {
        for (int j = 0; j < n; j++) {
            idx[j] = j;
        }
        keySort().sortStable(keys, idx, n);
    }

    /** {@return a 32-bit key biased to a non-negative long of the same order (radix sorts skip its
     * upper digits)} */
    static long biased(int key) {
        return (key ^ Integer.MIN_VALUE) & 0xffffffffL;
    }

    /** Writes the low {@code w} bytes of {@code bits}. */
    static void putRaw(MemorySegment d, long p, int w, long bits) {
        switch (w) {
            case 1 -> d.set(Elements.I8, p, (byte) bits);
            case 2 -> d.set(Elements.I16, p, (short) bits);
            case 4 -> d.set(Elements.I32, p, (int) bits);
            default -> d.set(Elements.I64, p, bits);
        }
    }

    /** {@return a 32-bit key ordering floats like NumPy: -0.0 equal to 0.0, NaN last, all NaNs equal} */
    static int floatKey(float f) {
        if (f != f) {
            return Integer.MAX_VALUE;
        }
        if (f == 0) {
            return 0;
        }
        int b = Float.floatToRawIntBits(f);
        return b ^ ((b >> 31) & Integer.MAX_VALUE);
    }

    /**
     * {@return a 64-bit key ordering doubles, one-to-one except that every NaN maps to the largest
     * key}: {@code -0.0} sorts before {@code 0.0}. {@link #fromOrderKey} inverts it for non-NaNs.
     */
    static long orderKey(double d) {
        if (d != d) {
            return Long.MAX_VALUE;
        }
        long b = Double.doubleToRawLongBits(d);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    /** {@return the double of an {@link #orderKey} (a NaN for the NaN key)} */
    static double fromOrderKey(long k) {
        return Double.longBitsToDouble(k ^ ((k >> 63) & Long.MAX_VALUE));
    }

    /** {@return a 64-bit key ordering doubles like NumPy: -0.0 equal to 0.0, NaN last, all NaNs equal} */
    static long doubleKey(double d) {
        if (d != d) {
            return Long.MAX_VALUE;
        }
        if (d == 0) {
            return 0;
        }
        long b = Double.doubleToRawLongBits(d);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    private static boolean parallel(int n) {
        return n >= PARALLEL_ROW && Parallel.THREADS > 1;
    }

    static void sort(int[] v, int n) {
        if (parallel(n)) {
            Arrays.parallelSort(v, 0, n);
        } else {
            Arrays.sort(v, 0, n);
        }
    }

    static void sort(float[] v, int n) {
        if (parallel(n)) {
            Arrays.parallelSort(v, 0, n);
        } else {
            Arrays.sort(v, 0, n);
        }
    }
}
