package org.ndpack.internal.ops;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.Elements;

/**
 * The {@code double[]} lane: float64. Sorted like {@link FloatRowSorter}: a primitive sort, then
 * the runs of zeros and NaNs repaired by {@link SpecialRuns}. The argsort sorts canonical 64-bit
 * keys ({@link #doubleKey}) with a stable merge sort.
 */
final class DoubleRowSorter extends RowSorter {
    private final double[] v;
    private final SpecialRuns specials = new SpecialRuns();
    private long[] keys;
    private long[] keyTmp;
    private int[] payloadTmp;

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
        sort(v, n);
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
        if (keys == null) {
            keys = new long[n];
            keyTmp = new long[n];
            payloadTmp = new int[n];
        }
        for (int j = 0; j < n; j++) {
            keys[j] = doubleKey(v[j]);
            idx[j] = j;
        }
        StableArgsort.sortPairs(keys, idx, n, keyTmp, payloadTmp);
    }
}
