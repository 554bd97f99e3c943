package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * The {@code long[]} lane: {@code int64} and {@code uint64} ({@code uint64} with the sign bit
 * flipped, so signed order is unsigned order). Values and argsort both go through
 * {@link KeySort}, whose radix sort beats {@link java.util.Arrays#sort(long[])} on long rows.
 */
final class LongRowSorter extends RowSorter {
    private final long[] v;
    private final long flip;

    LongRowSorter(DType t, int n) {
        super(t, n);
        this.v = new long[n];
        this.flip = t == DType.UINT64 ? Long.MIN_VALUE : 0;
    }

    @Override
    void load(MemorySegment s, long off, long stride) {
        if (stride == 8) {
            MemorySegment.copy(s, Elements.I64, off, v, 0, n);
            if (flip != 0) {
                for (int j = 0; j < n; j++) {
                    v[j] ^= flip;
                }
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            v[j] = s.get(Elements.I64, off + j * stride) ^ flip;
        }
    }

    @Override
    void storeSorted(MemorySegment src, long srcOff, long srcStride, MemorySegment d, long off, long stride) {
        keySort().sort(v, n);
        if (stride == 8 && flip == 0) {
            MemorySegment.copy(v, 0, d, Elements.I64, off, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            d.set(Elements.I64, off + j * stride, v[j] ^ flip);
        }
    }

    @Override
    void argsort(int[] idx) {
        stableIndices(v, idx); // sorts the loaded row in place: it is not needed again
    }
}
