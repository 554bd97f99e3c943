package org.ndpack.internal.layout;

/**
 * Walks the element offsets of up to three operands that share one shape, in C order, one
 * innermost run at a time. Axes that are contiguous for every operand are merged first, so a
 * C-contiguous array is one run. Used by the generic (element-at-a-time) paths; the kernels have
 * their own loops.
 */
public final class StridedLoop {

    /** Receives one innermost run: {@code n} elements starting at the given element offsets and
     * stepping by the given strides (all in elements). */
    @FunctionalInterface
    public interface Run {
        /** Processes one run. */
        void run(long n, long o0, long s0, long o1, long s1, long o2, long s2);
    }

    private StridedLoop() {
    }

    /**
     * Calls {@code body} for every innermost run of the layout.
     *
     * @param shape the common shape
     * @param st operand strides (each {@code shape.length} long, or {@code null} for an absent operand)
     * @param off operand element offsets
     */
    public static void forEach(long[] shape, long[][] st, long[] off, Run body) {
        int k = st.length;
        long[][] strides = new long[3][];
        for (int i = 0; i < 3; i++) {
            strides[i] = i < k && st[i] != null ? st[i] : new long[shape.length];
        }
        for (long e : shape) {
            if (e == 0) {
                return;
            }
        }
        // Merge axes: (n_i, n_{i+1}) merge when stride_i == n_{i+1} * stride_{i+1} for all operands.
        int nd = shape.length;
        long[] sh = new long[Math.max(nd, 1)];
        long[][] ss = new long[3][Math.max(nd, 1)];
        int m = 0;
        if (nd == 0) {
            sh[0] = 1;
            m = 1;
        }
        for (int i = 0; i < nd; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (m > 0) {
                boolean merge = true;
                for (int o = 0; o < 3; o++) {
                    if (ss[o][m - 1] != shape[i] * strides[o][i]) {
                        merge = false;
                        break;
                    }
                }
                if (merge) {
                    sh[m - 1] *= shape[i];
                    for (int o = 0; o < 3; o++) {
                        ss[o][m - 1] = strides[o][i];
                    }
                    continue;
                }
            }
            sh[m] = shape[i];
            for (int o = 0; o < 3; o++) {
                ss[o][m] = strides[o][i];
            }
            m++;
        }
        if (m == 0) {
            sh[0] = 1;
            m = 1;
        }
        long o0 = k > 0 ? off[0] : 0;
        long o1 = k > 1 ? off[1] : 0;
        long o2 = k > 2 ? off[2] : 0;
        int last = m - 1;
        long n = sh[last];
        long s0 = ss[0][last];
        long s1 = ss[1][last];
        long s2 = ss[2][last];
        long[] idx = new long[m];
        while (true) {
            body.run(n, o0, s0, o1, s1, o2, s2);
            int d = last - 1;
            while (d >= 0) {
                idx[d]++;
                o0 += ss[0][d];
                o1 += ss[1][d];
                o2 += ss[2][d];
                if (idx[d] < sh[d]) {
                    break;
                }
                o0 -= ss[0][d] * sh[d];
                o1 -= ss[1][d] * sh[d];
                o2 -= ss[2][d] * sh[d];
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
