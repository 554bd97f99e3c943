package org.ndpack.internal.ops;

import java.util.Arrays;

/**
 * Stable orderings of primitive keys, without boxing: the permutation that sorts the keys, equal
 * keys keeping their original order (NumPy's {@code argsort(kind='stable')}).
 *
 * <ul>
 *   <li>32-bit keys: each key and its position are packed into one {@code long}
 *       ({@code key << 32 | position}) and the longs are sorted with {@link Arrays#sort(long[])}:
 *       the positions, all distinct, break ties in original order, so the unstable primitive sort
 *       gives a stable permutation.</li>
 *   <li>64-bit keys: a bottom-up merge sort of (key, payload) pairs, stable by construction
 *       (insertion sort on runs of 32, then merges that take the left element on ties).</li>
 * </ul>
 * Stateless and thread-safe; callers own the buffers they pass.
 */
final class StableArgsort {
    private static final int RUN = 32;

    private StableArgsort() {
    }

    /**
     * Writes to {@code idx[0..n)} the stable permutation sorting {@code keys[0..n)} (signed order).
     *
     * @param packed scratch of at least {@code n} longs
     */
    static void ofInts(int[] keys, int n, long[] packed, int[] idx) {
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) keys[i] << 32) | i;
        }
        RowSorter.sort(packed, n);
        for (int i = 0; i < n; i++) {
            idx[i] = (int) packed[i];
        }
    }

    /**
     * Sorts the pairs {@code (keys[i], payload[i])}, {@code i < n}, by key (signed order), stably:
     * pairs with equal keys keep their relative order.
     *
     * @param keyTmp scratch of at least {@code n} longs
     * @param payloadTmp scratch of at least {@code n} ints
     */
    static void sortPairs(long[] keys, int[] payload, int n, long[] keyTmp, int[] payloadTmp) {
        for (int lo = 0; lo < n; lo += RUN) {
            insertion(keys, payload, lo, Math.min(lo + RUN, n));
        }
        long[] ak = keys;
        int[] ap = payload;
        long[] bk = keyTmp;
        int[] bp = payloadTmp;
        for (long width = RUN; width < n; width *= 2) {
            for (long lo = 0; lo < n; lo += 2 * width) {
                int mid = (int) Math.min(lo + width, n);
                int hi = (int) Math.min(lo + 2 * width, n);
                merge(ak, ap, bk, bp, (int) lo, mid, hi);
            }
            long[] tk = ak;
            ak = bk;
            bk = tk;
            int[] tp = ap;
            ap = bp;
            bp = tp;
        }
        if (ak != keys) {
            System.arraycopy(ak, 0, keys, 0, n);
            System.arraycopy(ap, 0, payload, 0, n);
        }
    }

    private static void insertion(long[] k, int[] p, int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            long key = k[i];
            int pay = p[i];
            int j = i - 1;
            while (j >= lo && k[j] > key) {
                k[j + 1] = k[j];
                p[j + 1] = p[j];
                j--;
            }
            k[j + 1] = key;
            p[j + 1] = pay;
        }
    }

    private static void merge(long[] ak, int[] ap, long[] bk, int[] bp, int lo, int mid, int hi) {
        if (mid >= hi || ak[mid - 1] <= ak[mid]) {
            System.arraycopy(ak, lo, bk, lo, hi - lo);
            System.arraycopy(ap, lo, bp, lo, hi - lo);
            return;
        }
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
            if (ak[j] < ak[i]) {
                bk[o] = ak[j];
                bp[o++] = ap[j++];
            } else {
                bk[o] = ak[i];
                bp[o++] = ap[i++];
            }
        }
        System.arraycopy(ak, i, bk, o, mid - i);
        System.arraycopy(ap, i, bp, o, mid - i);
        o += mid - i;
        System.arraycopy(ak, j, bk, o, hi - j);
        System.arraycopy(ap, j, bp, o, hi - j);
    }
}
