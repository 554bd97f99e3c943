package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * The {@code int[]} lane: bool and the integers up to 32 bits. Each element loads as its exact
 * value ({@code uint32} with the sign bit flipped, so signed order is unsigned order); the sorted
 * values are written back as their low bits.
 */
final class IntRowSorter extends RowSorter {
    private final int[] v;
    private final int flip;
    private final boolean bulk;
    /** Added to a value to make its key non-negative: the radix sort then skips the upper digits
     * (one pass for 8-bit types, two for 16-bit ones). */
    private final long bias;

    IntRowSorter(DType t, int n) {
        super(t, n);
        this.v = new int[n];
        this.flip = t == DType.UINT32 ? Integer.MIN_VALUE : 0;
        this.bulk = t.byteSize() == 4;
        this.bias = switch (t) {
            case INT8 -> 1L << 7;
            case INT16 -> 1L << 15;
            case INT32, UINT32 -> 1L << 31;
            default -> 0;
        };
    }

    @Override
    void load(MemorySegment s, long off, long stride) {
        if (bulk && stride == 4) {
            MemorySegment.copy(s, Elements.I32, off, v, 0, n);
            if (flip != 0) {
                for (int j = 0; j < n; j++) {
                    v[j] ^= flip;
                }
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            long p = off + j * stride;
            v[j] = switch (t) {
                case BOOL, UINT8 -> s.get(Elements.I8, p) & 0xff;
                case INT8 -> s.get(Elements.I8, p);
                case INT16 -> s.get(Elements.I16, p);
                case UINT16 -> s.get(Elements.I16, p) & 0xffff;
                default -> s.get(Elements.I32, p) ^ flip;
            };
        }
    }

    @Override
    void storeSorted(MemorySegment src, long srcOff, long srcStride, MemorySegment d, long off, long stride) {
        sort(v, n);
        if (flip != 0) {
            for (int j = 0; j < n; j++) {
                v[j] ^= flip;
            }
        }
        if (bulk && stride == 4) {
            MemorySegment.copy(v, 0, d, Elements.I32, off, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            putRaw(d, off + j * stride, w, v[j]);
        }
    }

    @Override
    void argsort(int[] idx) {
        long[] k = keys();
        for (int j = 0; j < n; j++) {
            k[j] = v[j] + bias;
        }
        stableIndices(k, idx);
    }
}
