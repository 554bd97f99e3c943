package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.internal.dtype.Elements;

/**
 * What a primitive sort of floats gets wrong for NumPy's stable order, and the repair.
 * {@link java.util.Arrays#sort(double[])} puts {@code -0.0} before {@code 0.0} and NaNs last in no
 * particular order, while a stable sort keeps the zeros (equal whatever their sign) and the NaNs
 * in their original order. {@link #add} counts, while a row is loaded, the negatives, zeros,
 * negative zeros and NaNs; after the primitive sort, {@link #restore} rewrites the run of zeros
 * (only if both signs occur) and the run of NaNs from the source row, in source order, bits
 * unchanged. Not thread-safe; one per row sorter.
 */
final class SpecialRuns {
    private int negatives;
    private int zeros;
    private int negativeZeros;
    private int nans;

    void clear() {
        negatives = 0;
        zeros = 0;
        negativeZeros = 0;
        nans = 0;
    }

    /** Counts one loaded value (a float widens to double exactly, sign of zero included). */
    void add(double x) {
        if (x < 0) {
            negatives++;
        } else if (x == 0) {
            zeros++;
            negativeZeros += (int) (Double.doubleToRawLongBits(x) >>> 63);
        } else if (x != x) {
            nans++;
        }
    }

    /**
     * Repairs the sorted row at {@code (d, off, stride)} from the source row at
     * {@code (src, srcOff, srcStride)}: {@code n} elements of dtype {@code rs.t}.
     */
    void restore(RowSorter rs, MemorySegment src, long srcOff, long srcStride, MemorySegment d, long off,
            long stride) {
        boolean fixZeros = negativeZeros > 0 && negativeZeros < zeros;
        if (!fixZeros && nans == 0) {
            return;
        }
        int zi = negatives;
        int ni = rs.n - nans;
        for (int j = 0; j < rs.n; j++) {
            long p = srcOff + j * srcStride;
            double x = Elements.getDouble(src, rs.t, p);
            if (x == 0 && fixZeros) {
                MemorySegment.copy(src, p, d, off + (long) zi++ * stride, rs.w);
            } else if (x != x) {
                MemorySegment.copy(src, p, d, off + (long) ni++ * stride, rs.w);
            }
        }
    }
}
