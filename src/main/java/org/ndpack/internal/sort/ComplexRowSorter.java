package org.ndpack.internal.sort;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * The complex lane. NumPy orders complex numbers lexicographically by real part, then imaginary
 * part, with NaNs placed as {@code [R + Rj, R + nanj, nan + Rj, nan + nanj]}: within the second
 * group by the real part, within the third by the imaginary part. The argsort is three stable
 * passes (imaginary key, real key, NaN class), least significant first; the sort gathers the
 * source row's elements, bits unchanged, in argsort order.
 */
final class ComplexRowSorter extends RowSorter {
    private final double[] re;
    private final double[] im;
    private int[] order;

    ComplexRowSorter(DType t, int n) {
        super(t, n);
        this.re = new double[n];
        this.im = new double[n];
    }

    @Override
    void load(MemorySegment s, long off, long stride) {
        for (int j = 0; j < n; j++) {
            long p = off + j * stride;
            re[j] = Elements.getDouble(s, t, p);
            im[j] = Elements.getImag(s, t, p);
        }
    }

    @Override
    void storeSorted(MemorySegment src, long srcOff, long srcStride, MemorySegment d, long off, long stride) {
        if (order == null) {
            order = new int[n];
        }
        argsort(order);
        for (int j = 0; j < n; j++) {
            MemorySegment.copy(src, srcOff + order[j] * srcStride, d, off + j * stride, w);
        }
    }

    @Override
    void argsort(int[] idx) {
        long[] keys = keys();
        for (int j = 0; j < n; j++) {
            idx[j] = j;
        }
        for (int pass = 0; pass < 3; pass++) {
            for (int j = 0; j < n; j++) {
                int i = idx[j];
                keys[j] = switch (pass) {
                    case 0 -> im[i] != im[i] ? 0 : doubleKey(im[i]);
                    case 1 -> re[i] != re[i] ? 0 : doubleKey(re[i]);
                    default -> (re[i] != re[i] ? 2 : 0) + (im[i] != im[i] ? 1 : 0);
                };
            }
            keySort().sortStable(keys, idx, n);
        }
    }
}
