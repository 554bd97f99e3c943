package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * The {@code float[]} lane: float16, bfloat16 (both widen to float exactly and narrow back
 * exactly) and float32. {@link java.util.Arrays#sort(float[])} orders {@code -0.0} before
 * {@code 0.0} and puts NaNs last in no particular order; NumPy's stable sort keeps zeros and NaNs
 * in their original order, so when the row holds zeros of both signs, or NaNs, those two runs are
 * rewritten from the source row ({@link SpecialRuns}).
 */
final class FloatRowSorter extends RowSorter {
    private final float[] v;
    private final SpecialRuns specials = new SpecialRuns();

    FloatRowSorter(DType t, int n) {
        super(t, n);
        this.v = new float[n];
    }

    @Override
    void load(MemorySegment s, long off, long stride) {
        if (t == DType.FLOAT32 && stride == 4) {
            MemorySegment.copy(s, Elements.F32, off, v, 0, n);
        } else {
            for (int j = 0; j < n; j++) {
                long p = off + j * stride;
                v[j] = (float) Elements.getDouble(s, t, p); // exact for every type this sorter takes
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
        if (t == DType.FLOAT32 && stride == 4) {
            MemorySegment.copy(v, 0, d, Elements.F32, off, n);
        } else {
            for (int j = 0; j < n; j++) {
                long p = off + j * stride;
                Elements.setDouble(d, t, p, v[j]); // the values came from t: stored back exactly
            }
        }
        specials.restore(this, src, srcOff, srcStride, d, off, stride);
    }

    @Override
    void argsort(int[] idx) {
        long[] k = keys();
        for (int j = 0; j < n; j++) {
            k[j] = biased(floatKey(v[j]));
        }
        stableIndices(k, idx);
    }
}
