package org.ndpack.internal.ops;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.Elements;
import org.ndpack.internal.Parallel;

/**
 * Sorts one row (the elements along the sort axis) at a time in a primitive Java array: the row
 * is loaded from native memory into the array of its lane, sorted there with the JDK's primitive
 * sorts, and written back. One instance per worker thread; it owns its buffers (sized for rows
 * of {@code n} elements) and is not thread-safe.
 *
 * <p>The lanes, chosen by {@link #of}: {@code int[]} for bool and the integer types up to 32 bits,
 * {@code long[]} for the 64-bit integers (unsigned types sort in unsigned order by flipping the
 * sign bit), {@code float[]} for float16, bfloat16 and float32 (the narrow types widen exactly),
 * {@code double[]} for float64, and a pair of {@code double[]} for the complex types.
 *
 * <p>Every lane orders like NumPy's stable sort: NaN after everything else, {@code -0.0} equal
 * to {@code 0.0} (zeros and NaNs keep their original order and bits), complex numbers
 * lexicographically with NumPy's NaN rules.
 */
abstract class RowSorter {
    /** Rows at least this long are sorted with the JDK's parallel sorts (same result). */
    static final int PARALLEL_ROW = 1 << 17;

    final DType t;
    final int n;
    final int w;

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
            case FLOAT16, BFLOAT16, FLOAT32 -> new FloatRowSorter(t, n);
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

    static void sort(long[] v, int n) {
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

    static void sort(double[] v, int n) {
        if (parallel(n)) {
            Arrays.parallelSort(v, 0, n);
        } else {
            Arrays.sort(v, 0, n);
        }
    }
}
