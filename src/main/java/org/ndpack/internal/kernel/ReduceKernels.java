package org.ndpack.internal.kernel;

import java.util.Arrays;

import org.ndpack.internal.kernel.VectorSupport;

/**
 * The association order of floating-point reductions, and its portable loops.
 *
 * <p>A floating reduction of a sequence of values (a complex element counts as two values, real
 * then imaginary) is computed in this fixed order:
 * <ol>
 *   <li>The sequence is cut into <em>leaves</em> of {@link #LEAF} values (the last may be
 *       shorter). Within a leaf, value {@code i} goes to <em>lane</em> {@code i % }{@link #W};
 *       each lane starts at the identity and combines its 16 values in sequence order. Sums of
 *       float32, float16, bfloat16 and complex64 values add the lanes in float32 (like NumPy's
 *       blocks of eight accumulators, each over 16 values); every other reduction works in
 *       {@code double} throughout.</li>
 *   <li>Leaves, as {@code double}, are combined pairwise, lane by lane, by a binary counter
 *       ({@link Stack}): two nodes of the same level merge (older on the left) into a node one
 *       level up; at the end the remaining nodes are folded from the newest to the oldest.</li>
 *   <li>The {@code W} lanes of the last node are folded by halves:
 *       {@code lane[j] op lane[j + W/2]}, then {@code W/4}, ... down to one value (two for
 *       complex, whose even lanes are real parts and odd lanes imaginary parts), which is
 *       rounded once to the result dtype.</li>
 * </ol>
 * The order depends only on the length of the sequence. Because every chunk of
 * {@code LEAF * 2^k} values collapses to one node, a sequence split into such chunks (for
 * parallel work) gives the same bits as the unsplit sequence, and the Vector API path
 * ({@link ReduceVector}), which keeps each lane in a vector lane, gives the same bits as these
 * portable loops. Rows of an outer-axis reduction (one lane per output) use the same counter,
 * with leaves of {@link #ROW_LEAF} rows: within a leaf, each group of {@link #ROW_GROUP}
 * consecutive rows is combined in row order ({@code ((x0 + x1) + x2) + x3}, fewer at the end of
 * the sequence) and each group's result is combined into the leaf's running value, which starts at
 * the identity (in float32 or double as above).
 *
 * <p>Error bound of a sum of n values: at most 16 roundings in the lane precision, then
 * {@code log2(n / 256) + 4} roundings of {@code double}. For float32 this is below NumPy's
 * pairwise summation (16 sequential float32 adds per accumulator, then {@code log2(n / 128)}
 * more float32 levels); for float64 it is the same as NumPy's.
 *
 * <p>Stateless apart from {@link Stack} instances, which are confined to one task.
 */
public final class ReduceKernels {
    /** Lanes of a leaf. */
    public static final int W = 16;
    /** Values per leaf ({@code W} lanes of 16 values). */
    public static final int LEAF = 256;
    /** Rows per leaf of an outer-axis reduction. */
    public static final int ROW_LEAF = 16;
    /** Rows per group within a row leaf: a group is combined in row order, then into the leaf. */
    public static final int ROW_GROUP = 4;
    /** Operation codes. */
    public static final int SUM = 0;
    /** Product. */
    public static final int PROD = 1;
    /** Minimum; NaN propagates; {@code -0.0} is below {@code 0.0} ({@link Math#min}). */
    public static final int MIN = 2;
    /** Maximum; NaN propagates; {@code 0.0} is above {@code -0.0} ({@link Math#max}). */
    public static final int MAX = 3;

    /** Whether the Vector API sum kernels may be used (tests may compare both paths). */
    static final boolean VECTOR = VectorSupport.ENABLED;
    /**
     * Values that sums, minima and maxima run through the portable loops before the Vector API
     * ones ({@link ReduceVector}) take over: the element-wise kernels' threshold,
     * {@link Kernels#WARMUP_PROPERTY} (see there why), counted over all of them together (the
     * minima's and maxima's of float32 and float64 runs only); 0 at once.
     * Both give the same bits, so the switch never shows in a result.
     */
    static final long WARMUP = Math.max(Kernels.WARMUP, 0);
    /** Values counted towards {@link #WARMUP}. */
    private static final Warmup WARM = new Warmup(WARMUP);

    private ReduceKernels() {
    }

    /**
     * Counts {@code n} values towards {@link #WARMUP}; {@return whether the Vector API loops run
     * them} (false until the warm-up's worth of values has been summed before them, or without
     * the Vector API).
     */
    static boolean vector(long n) {
        return VECTOR && WARM.pass(n);
    }

    /** {@return whether the Vector API loops have taken over} (without counting anything) */
    static boolean vector() {
        return VECTOR && WARM.switched();
    }

    /** {@return the identity of {@code op}} */
    public static double identity(int op) {
        return switch (op) {
            case SUM -> 0.0;
            case PROD -> 1.0;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> Double.NEGATIVE_INFINITY;
        };
    }

    /** {@return {@code a op b}} */
    public static double apply(int op, double a, double b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MIN -> Math.min(a, b);
            default -> Math.max(a, b);
        };
    }

    /**
     * Reduces one leaf, {@code buf[from, from + n)} with {@code n <= LEAF}, into the lanes
     * {@code out[pos, pos + W)} (portable loop); {@code scratch}, at least as long as
     * {@code buf}, may be overwritten.
     */
    public static void leaf(double[] buf, int from, int n, int op, double[] scratch, double[] out, int pos) {
        if (op == SUM && n == LEAF) {
            LeafF64.sum(buf, from, scratch, out, pos);
            return;
        }
        if (op == SUM) {
            LeafF64.partial(buf, from, n, scratch, out, pos);
            return;
        }
        runningLeaf(buf, from, n, op, scratch, out, pos);
    }

    /**
     * {@link #leaf} for {@code PROD}, {@code MIN} and {@code MAX}, a full or a partial leaf of
     * {@code n} values: the same operations in the same order per lane (lane {@code j} starts from
     * the identity and takes elements {@code j}, {@code j + W}, ... below {@code n} in turn; a lane
     * with none keeps the identity), written as running values {@code W} apart in {@code scratch},
     * a form C2 turns into vector instructions (the lane index modulo {@code W} of a plain loop it
     * does not).
     */
    private static void runningLeaf(double[] buf, int from, int n, int op, double[] scratch, double[] out, int pos) {
        int end = from + n;
        int first = from + Math.min(n, W);
        switch (op) {
            case PROD -> {
                for (int i = from; i < first; i++) {
                    scratch[i] = 1.0 * buf[i];
                }
                for (int i = from + W; i < end; i++) {
                    scratch[i] = scratch[i - W] * buf[i];
                }
            }
            case MIN -> {
                for (int i = from; i < first; i++) {
                    scratch[i] = Math.min(Double.POSITIVE_INFINITY, buf[i]);
                }
                for (int i = from + W; i < end; i++) {
                    scratch[i] = Math.min(scratch[i - W], buf[i]);
                }
            }
            default -> {
                for (int i = from; i < first; i++) {
                    scratch[i] = Math.max(Double.NEGATIVE_INFINITY, buf[i]);
                }
                for (int i = from + W; i < end; i++) {
                    scratch[i] = Math.max(scratch[i - W], buf[i]);
                }
            }
        }
        if (n == LEAF) {
            System.arraycopy(scratch, end - W, out, pos, W);
            return;
        }
        double id = identity(op);
        for (int j = 0; j < W; j++) {
            // lane j's last running value below n, if it has one
            out[pos + j] = j < n ? scratch[from + j + (n - 1 - j) / W * W] : id;
        }
    }

    /**
     * Sums one leaf of float32 values, {@code buf[from, from + n)} with {@code n <= LEAF}, in
     * float32 lanes, and widens the lanes into {@code out[pos, pos + W)} (portable loop);
     * {@code lanes}, a scratch array at least as long as {@code buf} and {@code W}, may be
     * overwritten.
     */
    public static void leafNarrow(float[] buf, int from, int n, float[] lanes, double[] out, int pos) {
        if (n == LEAF) {
            LeafF32.sum(buf, from, lanes, out, pos);
        } else {
            LeafF32.partial(buf, from, n, lanes, out, pos);
        }
    }

    /**
     * {@code a[ap + j] += b[bp + j]} in float32 for {@code j < n}. (The portable loop has a twin
     * for offsets 0, the row buffers' case: C2 vectorises {@code a[j] += b[j]}, but not a loop
     * whose two arrays, possibly the same one, are read at offsets it cannot compare.)
     */
    public static void addFloats(float[] a, int ap, float[] b, int bp, int n) {
        if (vector()) {
            ReduceVector.addFloats(a, ap, b, bp, n);
            return;
        }
        if (ap == 0 && bp == 0) {
            for (int j = 0; j < n; j++) {
                a[j] += b[j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            a[ap + j] += b[bp + j];
        }
    }

    /** {@code a[ap + j] = a[ap + j] op b[bp + j]} for {@code j < n}: lane-wise combination. */
    public static void combine(double[] a, int ap, double[] b, int bp, int n, int op) {
        if (op == SUM && vector()) {
            ReduceVector.addArray(a, ap, b, bp, n);
            return;
        }
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) a[ap + j] += b[bp + j]; }
            case PROD -> { for (int j = 0; j < n; j++) a[ap + j] *= b[bp + j]; }
            case MIN -> { for (int j = 0; j < n; j++) a[ap + j] = Math.min(a[ap + j], b[bp + j]); }
            default -> { for (int j = 0; j < n; j++) a[ap + j] = Math.max(a[ap + j], b[bp + j]); }
        }
    }

    /**
     * Folds the {@code W} lanes at {@code x[pos]} by halves into {@code x[pos]} (and, for complex
     * sequences, {@code x[pos + 1]}: {@code keep} is 2).
     */
    public static void fold(double[] x, int pos, int op, int keep) {
        for (int half = W / 2; half >= keep; half >>= 1) {
            for (int j = 0; j < half; j++) {
                x[pos + j] = apply(op, x[pos + j], x[pos + j + half]);
            }
        }
    }

    /**
     * The binary counter that combines leaves (or row leaves) pairwise. Nodes are arrays of
     * {@code width} lanes held in one growing buffer. Used by one thread at a time: a thread's own
     * counter stays with it, and a task's partial (a {@link #compact} copy) passes to the task
     * that merges it, through the engine's atomic hand-off.
     */
    public static final class Stack {
        private final int width;
        private double[] nodes;
        private int[] level;
        private int top;

        /**
         * Creates an empty counter of nodes of {@code width} lanes (room for a few; it grows).
         * A wide counter (a tile of an outer-axis reduction) starts with room for four nodes,
         * what a row chunk of {@link Reducer#ROW_CHUNK} rows fed whole row leaves needs, so that
         * such a task never grows it (from two nodes it grew once, allocating and copying).
         */
        public Stack(int width) {
            this(width, width <= W ? 8 : 4);
        }

        private Stack(int width, int capacity) {
            this.width = width;
            this.nodes = new double[capacity * width];
            this.level = new int[capacity];
        }

        /** {@return the node width} */
        public int width() {
            return width;
        }

        /** Empties the counter. */
        public void clear() {
            top = 0;
        }

        /** {@return the buffer holding the nodes (valid until the next {@link #slot()})} */
        public double[] nodes() {
            return nodes;
        }

        /** {@return the offset in {@link #nodes()} where the next node is to be written} */
        public int slot() {
            if (top == level.length) {
                nodes = Arrays.copyOf(nodes, nodes.length * 2);
                level = Arrays.copyOf(level, level.length * 2);
            }
            return top * width;
        }

        /** Pushes the node written at {@link #slot()} at level {@code lvl} and merges equal levels. */
        public void push(int lvl, int op) {
            level[top++] = lvl;
            while (top >= 2 && level[top - 1] == level[top - 2]) {
                combine(nodes, (top - 2) * width, nodes, (top - 1) * width, width, op);
                level[top - 2]++;
                top--;
            }
        }

        /**
         * {@return the offset in {@link #nodes()} of the newest node if it is a single leaf (level
         * 0), which the next leaf pushed would merge with at once, or -1} A caller may add the
         * next leaf into that node itself ({@code node[j] += leaf[j]}, as {@link #push} would)
         * and then call {@link #mergedLeaf}.
         */
        public int pendingLeaf() {
            return top > 0 && level[top - 1] == 0 ? (top - 1) * width : -1;
        }

        /** Records that a leaf was added into the node {@link #pendingLeaf()} named: the node
         * moves up a level and merges on as {@link #push} would. */
        public void mergedLeaf(int op) {
            top--;
            push(1, op);
        }

        /** {@return a copy holding just the nodes in use (to keep as a chunk's partial result)} */
        public Stack compact() {
            Stack c = new Stack(width, Math.max(1, top));
            System.arraycopy(nodes, 0, c.nodes, 0, top * width);
            System.arraycopy(level, 0, c.level, 0, top);
            c.top = top;
            return c;
        }

        /** Pushes every node of {@code other}, oldest first, as {@link #push} would have. */
        public void pushAll(Stack other, int op) {
            for (int k = 0; k < other.top; k++) {
                int s = slot();
                System.arraycopy(other.nodes, k * width, nodes, s, width);
                push(other.level[k], op);
            }
        }

        /**
         * Adds the nodes of {@code right}, a counter over the values right after this one's, as
         * {@link #pushAll} does; when both hold one node of the same level, which is what two
         * halves of a block of full chunks hold, in place (the merged node replaces this one's,
         * one level up) without growing this counter.
         */
        public void merge(Stack right, int op) {
            if (top == 1 && right.top == 1 && level[0] == right.level[0] && right.width == width) {
                combine(nodes, 0, right.nodes, 0, width, op);
                level[0]++;
            } else {
                pushAll(right, op);
            }
        }

        /**
         * Folds the counter from the newest node to the oldest into {@code out[pos, pos + width)};
         * an empty counter gives the identity.
         */
        public void finish(int op, double[] out, int pos) {
            if (top == 0) {
                Arrays.fill(out, pos, pos + width, identity(op));
                return;
            }
            for (int k = top - 1; k > 0; k--) {
                combine(nodes, (k - 1) * width, nodes, k * width, width, op);
            }
            System.arraycopy(nodes, 0, out, pos, width);
            top = 0;
        }
    }
}
