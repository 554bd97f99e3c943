package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * The float64 lane. Values sort as one-to-one 64-bit keys ({@link #orderKey}: {@code -0.0}
 * before {@code 0.0}, every NaN last) with {@link KeySort}, then the runs of zeros and NaNs are
 * repaired by {@link SpecialRuns}; the argsort sorts NumPy's canonical keys ({@link #doubleKey})
 * stably.
 */
final class DoubleRowSorter extends RowSorter {
    private final double[] v;
    private final SpecialRuns specials = new SpecialRuns();

    DoubleRowSorter(DType t, int n) {
        super(t, n);
        this.v = new double[n];
    }

    @Override
    void load(MemorySegment s, long off, long stride) {
        if (stride == 8) {
            MemorySegment.copy(s, Elements.F64, off, v, 0, n);
        } else {
            for (int j = 0; j < n; j++) {
                v[j] = s.get(Elements.F64, off + j * stride);
            }
        }
        specials.clear();
        for (int j = 0; j < n; j++) {
            specials.add(v[j]);
        }
    }

    @Override
    void storeSorted(MemorySegment src, long srcOff, long srcStride, MemorySegment d, long off, long stride) {
        long[] k = keys();
        for (int j = 0; j < n; j++) {
            k[j] = orderKey(v[j]);
        }
        keySort().sort(k, n);
        for (int j = 0; j < n; j++) {
            v[j] = fromOrderKey(k[j]);
        }
        if (stride == 8) {
            MemorySegment.copy(v, 0, d, Elements.F64, off, n);
        } else {
            for (int j = 0; j < n; j++) {
                d.set(Elements.F64, off + j * stride, v[j]);
            }
        }
        specials.restore(this, src, srcOff, srcStride, d, off, stride);
    }

    @Override
    void argsort(int[] idx) {
        long[] k = keys();
        for (int j = 0; j < n; j++) {
            k[j] = doubleKey(v[j]);
        }
        stableIndices(k, idx);
    }
}
