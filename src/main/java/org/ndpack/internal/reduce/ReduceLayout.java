package org.ndpack.internal.reduce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a reduction walks its input: the kept axes (one output per index, in the output's C
 * order) and the reduced axes (the sequence each output reduces), both with axes of extent 1
 * dropped and neighbouring axes merged where the strides allow.
 *
 * <p>For an order-insensitive operation ({@code reorder}), reduced axes with negative strides are
 * flipped and the reduced axes are sorted by decreasing stride, so that the sequence follows
 * memory order. Argmin/argmax keep the logical order.
 *
 * <p>Two walks: <em>inner</em>, when the reduced axes are innermost in memory, runs each output's
 * sequence as contiguous or strided runs; <em>outer</em>, when a kept axis is innermost (the
 * column sums of a C-ordered matrix) or the sequences are short, streams rows of that kept axis
 * (the <em>tile</em> axis) into a vector of partial results instead of walking strided columns.
 * Immutable.
 */
final class ReduceLayout {
    /** Sequences shorter than this use the outer walk whenever there is a kept axis. */
    static final long SHORT = 32;

    final long offset;
    final long[] keptShape;
    final long[] keptIn;
    final long[] keptOut;
    final long[] redShape;
    final long[] redIn;
    final long nOut;
    final long nRed;
    /** Index of the tile axis in the kept arrays for the outer walk; -1 for the inner walk. */
    final int tile;

    private ReduceLayout(long offset, long[] keptShape, long[] keptIn, long[] redShape, long[] redIn,
            long nOut, long nRed, int tile) {
        this.offset = offset;
        this.keptShape = keptShape;
        this.keptIn = keptIn;
        this.redShape = redShape;
        this.redIn = redIn;
        this.nOut = nOut;
        this.nRed = nRed;
        this.tile = tile;
        this.keptOut = new long[keptShape.length];
        long s = 1;
        for (int i = keptShape.length - 1; i >= 0; i--) {
            keptOut[i] = s;
            s *= keptShape[i];
        }
    }

    /**
     * Plans a reduction.
     *
     * @param shape the input shape
     * @param strides the input strides, in elements
     * @param offset the input's element offset
     * @param reduce which axes are reduced
     * @param reorder whether the sequence may be reordered (flips, memory order)
     */
    static ReduceLayout of(long[] shape, long[] strides, long offset, boolean[] reduce, boolean reorder) {
        long nOut = 1;
        long nRed = 1;
        List<long[]> kept = new ArrayList<>();
        List<long[]> red = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (reduce[i]) {
                nRed *= shape[i];
            } else {
                nOut *= shape[i];
            }
            if (shape[i] == 1) {
                continue;
            }
            long s = strides[i];
            if (reduce[i] && reorder && s < 0) {
                offset += (shape[i] - 1) * s;
                s = -s;
            }
            (reduce[i] ? red : kept).add(new long[] {shape[i], s});
        }
        if (nOut == 0 || nRed == 0) {
            return new ReduceLayout(offset, new long[0], new long[0], new long[0], new long[0], nOut, nRed, -1);
        }
        if (reorder) {
            red.sort(Comparator.comparingLong((long[] a) -> -Math.abs(a[1])));
        }
        merge(kept);
        merge(red);
        long[] ks = column(kept, 0);
        long[] ki = column(kept, 1);
        long[] rs = column(red, 0);
        long[] ri = column(red, 1);
        int tile = -1;
        if (ks.length > 0) {
            int best = -1;
            for (int i = 0; i < ki.length; i++) {
                if (ki[i] != 0 && (best < 0 || Math.abs(ki[i]) < Math.abs(ki[best]))) {
                    best = i;
                }
            }
            // no reduced axis left (extents of 1, or none): one row, which the outer walk takes
            // a tile at a time rather than one output at a time
            if (best >= 0 && (rs.length == 0 || Math.abs(ki[best]) < Math.abs(ri[ri.length - 1]) || nRed < SHORT)) {
                tile = best;
            }
        }
        return new ReduceLayout(offset, ks, ki, rs, ri, nOut, nRed, tile);
    }

    /** Merges neighbours (n1, s1), (n2, s2) with s1 == n2 * s2 into (n1 * n2, s2). */
    private static void merge(List<long[]> axes) {
        for (int i = axes.size() - 2; i >= 0; i--) {
            long[] a = axes.get(i);
            long[] b = axes.get(i + 1);
            if (a[1] == b[0] * b[1]) {
                b[0] *= a[0];
                axes.remove(i);
            }
        }
    }

    private static long[] column(List<long[]> axes, int c) {
        long[] r = new long[axes.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = axes.get(i)[c];
        }
        return r;
    }
}
