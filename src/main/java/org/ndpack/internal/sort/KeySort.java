package org.ndpack.internal.sort;

import java.util.Arrays;

/**
 * Sorts 64-bit keys (signed order), alone or with an {@code int} payload carried along stably:
 * the building block of every argsort and of the 64-bit value sorts.
 *
 * <p>Long rows use a least-significant-digit radix sort: one pass counts all six 11-bit digits,
 * then one stable scatter pass per digit, skipping digits that are equal in every key (so keys
 * holding 32-bit values, biased to be non-negative, take three passes). A radix sort is stable by
 * construction and linear in the row length; measured here it is 2 to 4 times faster than
 * {@link Arrays#sort(long[])} on 2^20 keys. Short rows, where clearing the counts would dominate,
 * use {@link Arrays#sort(long[])} (keys alone: stability is invisible) or a merge sort (with a
 * payload: insertion sort on runs of 32, then merges that take the left element on ties).
 *
 * <p>One instance per row sorter: it owns scratch buffers for rows of up to {@code n} keys and is
 * not thread-safe.
 */
final class KeySort {
    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int DIGITS = (64 + BITS - 1) / BITS;
    /** Rows shorter than this use the comparison sorts. */
    static final int RADIX_MIN = 512;
    private static final int RUN = 32;

    private final long[] keyTmp;
    private int[] payloadTmp;
    private int[][] counts;

    KeySort(int n) {
        this.keyTmp = new long[n];
    }

    /** Sorts {@code keys[0..n)} ascending (signed). */
    void sort(long[] keys, int n) {
        if (n < RADIX_MIN) {
            Arrays.sort(keys, 0, n);
        } else {
            radix(keys, null, n);
        }
    }

    /** Sorts the pairs {@code (keys[i], payload[i])}, {@code i < n}, by key, stably. */
    void sortStable(long[] keys, int[] payload, int n) {
        if (payloadTmp == null) {
            payloadTmp = new int[keyTmp.length];
        }
        if (n < RADIX_MIN) {
            mergeSort(keys, payload, n);
        } else {
            radix(keys, payload, n);
        }
    }

    private void radix(long[] keys, int[] payload, int n) {
        if (counts == null) {
            counts = new int[DIGITS][BUCKETS];
        }
        int[][] c = counts;
        for (int[] row : c) {
            Arrays.fill(row, 0);
        }
        for (int i = 0; i < n; i++) {
            long k = keys[i] ^ Long.MIN_VALUE; // unsigned digits in signed order
            for (int d = 0; d < DIGITS; d++) {
                c[d][(int) (k >>> (d * BITS)) & MASK]++;
            }
        }
        long[] ka = keys;
        long[] kb = keyTmp;
        int[] pa = payload;
        int[] pb = payloadTmp;
        for (int d = 0; d < DIGITS; d++) {
            int[] cd = c[d];
            int shift = d * BITS;
            if (cd[(int) ((ka[0] ^ Long.MIN_VALUE) >>> shift) & MASK] == n) {
                continue; // every key has this digit: the pass would not move anything
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int x = cd[b];
                cd[b] = sum;
                sum += x;
            }
            if (pa != null) {
                for (int i = 0; i < n; i++) {
                    long k = ka[i];
                    int p = cd[(int) ((k ^ Long.MIN_VALUE) >>> shift) & MASK]++;
                    kb[p] = k;
                    pb[p] = pa[i];
                }
                int[] t = pa;
                pa = pb;
                pb = t;
            } else {
                for (int i = 0; i < n; i++) {
                    long k = ka[i];
                    kb[cd[(int) ((k ^ Long.MIN_VALUE) >>> shift) & MASK]++] = k;
                }
            }
            long[] t = ka;
            ka = kb;
            kb = t;
        }
        if (ka != keys) {
            System.arraycopy(ka, 0, keys, 0, n);
            if (payload != null) {
                System.arraycopy(pa, 0, payload, 0, n);
            }
        }
    }

    private void mergeSort(long[] keys, int[] payload, int n) {
        for (int lo = 0; lo < n; lo += RUN) {
            insertion(keys, payload, lo, Math.min(lo + RUN, n));
        }
        long[] ak = keys;
        int[] ap = payload;
        long[] bk = keyTmp;
        int[] bp = payloadTmp;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                merge(ak, ap, bk, bp, lo, Math.min(lo + width, n), Math.min(lo + 2 * width, n));
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
