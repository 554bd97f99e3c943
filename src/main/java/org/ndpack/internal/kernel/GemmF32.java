package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.Gemm.KC;
import static org.ndpack.internal.kernel.Gemm.MR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.kernel.Parallel;
import org.ndpack.internal.kernel.VectorSupport;

/**
 * Matrix multiply in float32: {@code C (+)= (-)A B} accumulated in float32, with the blocking
 * of {@link Gemm} and a register tile of 12 rows by two vectors (512-bit with AVX-512) (the Vector
 * API kernel {@link GemmVectorF32} when enabled and warmed up ({@link #WARMUP}), a portable
 * {@link Math#fma} loop with the same order of operations otherwise). Operands may have any
 * strides and any dtype that {@link ReduceBuffers#loadF} converts; C is float32 memory.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one.
 * Thread-safe; its only state is the warm-up count and the vector kernels' readiness ({@link Ready},
 * {@link SkinnyReady}).
 */
public final class GemmF32 {
    private static final boolean VECTOR = VectorSupport.ENABLED;
    /**
     * Multiply-adds that products run on the portable path before the Vector API kernel takes
     * over: 64 per element of {@link Kernels#WARMUP_PROPERTY} (2^28 by default), 0 at once. Until
     * C2 has compiled {@link GemmVectorF32}'s kernel, the Vector API runs boxed (an allocation per
     * vector operation), several times slower than the portable loops, which C2 compiles within a
     * few products; so a short program's first products, and a program that never multiplies
     * much, never pay for it (nor load the Vector API). A product of at least this many
     * multiply-adds takes the Vector API kernel at once: a portable run of a large product left
     * the compiled vector path of later products 1.2 to 1.8 times slower in JMH (1024^3 float32),
     * and a large product warms the vector kernel within itself anyway. Either way the vector
     * kernel is used only once {@link Ready} has seen C2's code of it beat the portable loops.
     * Both paths give the same bits, so the switch never shows in a result.
     */
    static final long WARMUP = Kernels.WARMUP <= 0 ? 0
            : Kernels.WARMUP > Long.MAX_VALUE / 64 ? Long.MAX_VALUE : Kernels.WARMUP * 64;
    /** Multiply-adds counted towards {@link #WARMUP}. */
    private static final Warmup WARM = new Warmup(WARMUP);
    /** Columns of a micro-tile of the portable path (two 512-bit vectors' worth, as C2 vectorises its loops). */
    private static final int PORTABLE_NR = 2 * (64 / Float.BYTES);
    /** Most columns of B per column block on the portable path: {@link Gemm#PORTABLE_PANEL_BYTES} at most. */
    static final int PORTABLE_NC = Gemm.PORTABLE_PANEL_BYTES / (KC * Float.BYTES) / PORTABLE_NR * PORTABLE_NR;
    /** Most rows of A packed at once per panel: {@link Gemm#A_BYTES} at most, whole slivers. */
    static final int MA = Gemm.A_BYTES / (KC * Float.BYTES) / MR * MR;

    /**
     * The tile of the Vector API kernel, in a class of its own so that it is initialised (and the
     * Vector API loaded) only when that kernel first runs.
     */
    static final class Tiles {
        /** Lanes of the Vector API kernel's vectors (the machine's preferred size), else of a 512-bit vector. */
        static final int LANES = VECTOR ? GemmVectorF32.L : 64 / Float.BYTES;
        /** Columns of the micro-tile: two vectors. */
        static final int NR = 2 * LANES;
        /** Most columns of B per column block: a packed panel of {@link Gemm#PANEL_BYTES_F32} at most, whole tiles. */
        static final int NC = Gemm.PANEL_BYTES_F32 / (KC * Float.BYTES) / NR * NR;

        private Tiles() {
        }
    }

    /**
     * The packing buffers of the Vector API path, kept per platform thread between products so
     * that a product neither allocates nor zeroes them (every element a kernel reads is written
     * by the packing first, so their old contents never matter). A thread takes its buffers out
     * of its slot while it uses them, so a nested product on the same thread (none is known, but
     * a thread that joins tasks may run another one) allocates its own. What a thread keeps is
     * bounded: a packed block of A and a packed panel of B of at most {@link #KEEP} elements each
     * (2 MiB: all that a 1024 by 1024 product needs), the 12-row tile and a row of scratch;
     * larger buffers serve one product and are dropped. Virtual threads keep nothing (there may
     * be millions of them). Each element type has its own class and so its own buffers.
     */
    private static final class Scratch {
        /** Elements of the largest block of A or panel of B a thread keeps: 2 MiB. */
        static final int KEEP = (2 << 20) / Float.BYTES;
        private static final float[] NONE = {};
        private static final ThreadLocal<Scratch> LOCAL = new ThreadLocal<>();
        float[] ap = NONE;
        float[] bp = NONE;
        float[] tile = NONE;
        float[] rows = NONE;
        /**
         * The product ({@link #PRODUCTS}' number, 0 for none) whose panel of B at depth
         * {@link #panelP} and column {@link #panelJ} {@link #bp} holds, so that the thread's next
         * task of the same product skips packing it again.
         */
        long panelOf;
        long panelP;
        long panelJ;

        /** {@return this thread's buffers, removed from its slot until {@link #give}, or new ones} */
        static Scratch take() {
            Scratch s = Thread.currentThread().isVirtual() ? null : LOCAL.get();
            if (s == null) {
                return new Scratch();
            }
            LOCAL.set(null);
            return s;
        }

        /** Puts the buffers back into this thread's slot, less those above {@link #KEEP}. */
        void give() {
            if (!Thread.currentThread().isVirtual()) {
                ap = ap.length > KEEP ? NONE : ap;
                if (bp.length > KEEP) {
                    bp = NONE;
                    panelOf = 0;
                }
                LOCAL.set(this);
            }
        }

        /** {@return {@code x} when it holds {@code n} elements, else a new array of {@code n}} */
        static float[] fit(float[] x, int n) {
            return x.length >= n ? x : new float[n];
        }
    }

    /** Numbers the products that split their rows finely, for {@link Scratch#panelOf}. */
    private static final AtomicLong PRODUCTS = new AtomicLong();
    /** Tasks per thread of a product whose B is one packed panel. */
    private static final int FINE = 4;

    private GemmF32() {
    }

    /**
     * Computes {@code C = A B}, or {@code C += A B} with {@code accumulate}, with A negated when
     * {@code negate}.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k columns of A, rows of B
     * @param a the left operand
     * @param b the right operand
     * @param c float32 memory of C
     * @param cOff element offset of {@code C[0, 0]}
     * @param rsc row stride of C in elements
     * @param csc column stride of C in elements
     * @param accumulate whether to add to C instead of overwriting it
     * @param negate whether to use {@code -A}
     * @param parallel whether blocks may run on several threads
     */
    public static void gemm(long m, long n, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c, long cOff, long rsc,
            long csc, boolean accumulate, boolean negate, boolean parallel) {
        if (isSkinny(m, n, k)) {
            // the lanes' Vector API loops serve once C2 has compiled them (same bits either way)
            boolean lanes = VECTOR && SkinnyReady.R.readyNow();
            skinny(m, n, k, a, b, c, cOff, rsc, csc, accumulate, negate, parallel, lanes);
            if (VECTOR && !lanes) {
                SkinnyReady.R.ready();
            }
            return;
        }
        boolean wanted = VECTOR && (m * n * k >= WARMUP || WARM.pass(m * n * k));
        boolean vector = wanted && Ready.R.readyNow();
        gemm(m, n, k, a, b, c, cOff, rsc, csc, accumulate, negate, parallel, vector);
        if (wanted && !vector) {
            // the race starts after the product that found the kernel not ready, not during it:
            // its thread and the kernel's compilation would take a core and the compiler from the
            // product's portable loops, which are still being compiled in a fresh JVM
            Ready.R.ready();
        }
    }

    /**
     * Whether the Vector API kernel is compiled yet ({@link VectorReadiness}): products that the
     * warm-up count sends to it run the portable loops until it is, so that a large first product
     * never runs the boxed Vector API for as long as the compiler takes (seconds under load). Its
     * own class, so that nothing of it is made before a product would take the vector path.
     */
    static final class Ready {
        static final VectorReadiness R = new VectorReadiness("ndpack-warmup-" + GemmF32.class.getSimpleName(),
                WARMUP <= 0, VectorReadiness.GIVE_UP_NANOS, Ready::race);

        private Ready() {
        }

        /**
         * A round: four 48 by 64 products of depth {@link Gemm#KC} + 1, one thread, on the chosen
         * path; the second panel, of depth 1, takes the odd step and adds to C, so that C2 has seen
         * those branches taken before a product needs them.
         */
        static VectorReadiness.Race race() {
            int m = 4 * MR;
            int n = 2 * Tiles.NR;
            int k = KC + 1;
            float[] x = new float[m * k];
            float[] y = new float[k * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 7 - 3) * 0.25f;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = (i % 5 - 2) * 0.5f;
            }
            // native memory, as the products': C2 compiles the segment accesses for the kind of
            // segment it has seen, and heap segments here would leave the products' kind to a
            // deoptimisation at the switch (the Arena's own allocator: no downcall; freed by the GC)
            Arena arena = Arena.ofAuto();
            MemorySegment xs = arena.allocate((long) x.length * Float.BYTES, 64);
            MemorySegment ys = arena.allocate((long) y.length * Float.BYTES, 64);
            MemorySegment.copy(x, 0, xs, Elements.F32, 0, x.length);
            MemorySegment.copy(y, 0, ys, Elements.F32, 0, y.length);
            Gemm.Mat a = new Gemm.Mat(xs, DType.FLOAT32, 0, k, 1);
            Gemm.Mat b = new Gemm.Mat(ys, DType.FLOAT32, 0, n, 1);
            MemorySegment z = arena.allocate((long) m * n * Float.BYTES, 64);
            return vector -> {
                for (int r = 0; r < 4; r++) {
                    gemm(m, n, k, a, b, z, 0, n, 1, false, false, false, vector);
                }
            };
        }
    }

    /**
     * Whether the Vector API loops of the skinny products ({@link GemmVectorF32#lanes8},
     * {@link GemmVectorF32#rowLanesSeg}, {@link GemmVectorF32#panelLanesSeg},
     * {@link GemmVectorF32#axpy4Seg}, {@link GemmVectorF32#axpy1Seg}) are compiled yet: until they are, skinny products run the
     * portable loops, which give the same bits. Its own class, as {@link Ready}.
     */
    static final class SkinnyReady {
        static final VectorReadiness R = new VectorReadiness("ndpack-warmup-skinny-" + GemmF32.class.getSimpleName(),
                WARMUP <= 0, VectorReadiness.GIVE_UP_NANOS, SkinnyReady::race);

        private SkinnyReady() {
        }

        /**
         * A round: four times a 64-row matrix times a vector and an inner product, both of depth
         * {@code 8 * KC + 3} (whole groups of panels, a partial group and a tail of lanes), and a
         * vector times 63 rows of the same matrix, every other time negated, one thread, on the
         * chosen path.
         */
        static VectorReadiness.Race race() {
            int m = 64;
            int k = 8 * KC + 3;
            Arena arena = Arena.ofAuto();
            MemorySegment xs = arena.allocate((long) m * k * Float.BYTES, 64);
            MemorySegment ys = arena.allocate((long) k * Float.BYTES, 64);
            for (long i = 0; i < (long) m * k; i++) {
                xs.setAtIndex(Elements.F32, i, (i % 7 - 3) * 0.25f);
            }
            for (long i = 0; i < k; i++) {
                ys.setAtIndex(Elements.F32, i, (i % 5 - 2) * 0.5f);
            }
            Gemm.Mat a = new Gemm.Mat(xs, DType.FLOAT32, 0, k, 1);
            Gemm.Mat b = new Gemm.Mat(ys, DType.FLOAT32, 0, 1, 1);
            MemorySegment z = arena.allocate((long) m * Float.BYTES, 64);
            // a row of 64 times A (64 x k, by rows): the column chains of axpyRows
            Gemm.Mat row = new Gemm.Mat(ys, DType.FLOAT32, 0, m, 1);
            MemorySegment zk = arena.allocate((long) k * Float.BYTES, 64);
            return vector -> {
                for (int r = 0; r < 4; r++) {
                    // A in place, then negated (as complex products ask): heap copies, the other
                    // kernel; the vector times the matrix negates its vector, and its depth of 63
                    // takes both column kernels (four rows at a time, then one)
                    boolean negate = (r & 1) != 0;
                    skinny(m, 1, k, a, b, z, 0, 1, 1, false, negate, false, vector);
                    skinny(1, 1, k, a, b, z, 0, 1, 1, false, negate, false, vector);
                    skinny(1, k, m - 1, row, a, zk, 0, k, 1, false, negate, false, vector);
                }
            };
        }
    }

    /**
     * {@link #gemm(long, long, long, Gemm.Mat, Gemm.Mat, MemorySegment, long, long, long, boolean,
     * boolean, boolean)} on the chosen path (tests run both): {@code vector} picks the Vector API
     * kernel, when it is enabled, and the portable loops otherwise.
     */
    static void gemm(long m, long n, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c, long cOff, long rsc,
            long csc, boolean accumulate, boolean negate, boolean parallel, boolean vector) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (long i = 0; i < m; i++) {
                    for (long j = 0; j < n; j++) {
                        c.set(Elements.F32, (cOff + i * rsc + j * csc) * Float.BYTES, 0);
                    }
                }
            }
            return;
        }
        if (isSkinny(m, n, k)) {
            // before the small products, whatever the size: which order a skinny product's
            // elements take depends on its arrangement alone, never on m or k
            skinny(m, n, k, a, b, c, cOff, rsc, csc, accumulate, negate, parallel, vector && VECTOR);
            return;
        }
        if (m * n * k <= Gemm.SMALL && k <= KC) {
            small((int) m, (int) n, (int) k, a, b, c, cOff, rsc, csc, accumulate, negate);
            return;
        }
        boolean vec = vector && VECTOR;
        int nr = vec ? Tiles.NR : PORTABLE_NR;
        int nc = vec ? Tiles.NC : PORTABLE_NC;
        // the columns are cut into equal blocks of whole tiles (not NC and a remainder), so that
        // the tasks of the parallel split are of one size
        long colBlocks = (n + nc - 1) / nc;
        long colsPer = ((n + colBlocks - 1) / colBlocks + nr - 1) / nr * nr;
        colBlocks = (n + colsPer - 1) / colsPer;
        // the rows are cut into groups of equal numbers of slivers, one per thread, and each group
        // meets every column block, so that A is packed once per panel; with fewer slivers than
        // threads the column blocks are split over the threads instead
        long slivers = (m + MR - 1) / MR;
        boolean par = parallel && m * n * k >= 1 << 21;
        // when B is one packed panel (one column block, k <= KC), each thread packs it once per
        // product (Scratch.panelOf) whatever the number of its tasks, so the rows are cut finer:
        // the calling thread starts at once and a helper thread that starts late takes fewer tasks,
        // instead of the product waiting for the helper's half
        boolean fine = par && vec && colBlocks == 1 && k <= KC;
        long rowGroups = par ? Math.min(slivers, Parallel.THREADS * (fine ? FINE : 1)) : 1;
        long colGroups = par && rowGroups < Parallel.THREADS ? colBlocks : 1;
        long rowsPer = (slivers + rowGroups - 1) / rowGroups * MR;
        long groups = (m + rowsPer - 1) / rowsPer;
        long colsPerTask = colGroups == 1 ? n : colsPer;
        long product = fine ? PRODUCTS.incrementAndGet() : 0;
        Gemm.forTasks((int) (groups * colGroups), par, t -> {
            long i0 = t / colGroups * rowsPer;
            long j0 = t % colGroups * colsPerTask;
            long i1 = Math.min(m, i0 + rowsPer);
            long j1 = Math.min(n, j0 + colsPerTask);
            if (vec) {
                block(i0, i1, j0, j1, colsPer, k, a, b, c, cOff, rsc, csc, accumulate, negate, product);
            } else {
                portableBlock(i0, i1, j0, j1, colsPer, k, a, b, c, cOff, rsc, csc, accumulate, negate);
            }
        });
    }

    /**
     * Computes the C rows {@code [i0, i1)} by columns {@code [j0, j1)} with the Vector API
     * micro-kernel: per panel of depth, up to {@link #MA} rows of A are packed once and met by
     * each column block of {@code nb} columns of B in turn. A panel of B that this thread packed
     * last for the same {@code product} (a number of {@link #PRODUCTS}; 0 for none) is not packed
     * again.
     */
    private static void block(long i0, long i1, long j0, long j1, long nb, long k, Gemm.Mat a, Gemm.Mat b,
            MemorySegment c, long cOff, long rsc, long csc, boolean accumulate, boolean negate, long product) {
        int ncMax = (int) Math.min(nb, j1 - j0);
        // rows in chunks of at most MA, of equal numbers of slivers (each chunk packs B again)
        long slivers = (i1 - i0 + MR - 1) / MR;
        long chunks = (slivers + MA / MR - 1) / (MA / MR);
        int chunkRows = (int) ((slivers + chunks - 1) / chunks * MR);
        Scratch s = Scratch.take();
        try {
            float[] bp = Scratch.fit(s.bp, KC * ((ncMax + Tiles.NR - 1) / Tiles.NR * Tiles.NR));
            if (bp != s.bp) {
                s.bp = bp;
                s.panelOf = 0;
            }
            float[] ap = s.ap = Scratch.fit(s.ap, KC * chunkRows);
            s.tile = Scratch.fit(s.tile, MR * Tiles.NR);
            s.rows = Scratch.fit(s.rows, MR * KC);
            block(i0, i1, j0, j1, nb, k, a, b, c, cOff, rsc, csc, accumulate, negate, chunkRows, ap, s, product);
        } finally {
            s.give();
        }
    }

    /** {@link #block} with the thread's buffers: at least the sizes it computes, contents irrelevant but for the kept panel of B. */
    private static void block(long i0, long i1, long j0, long j1, long nb, long k, Gemm.Mat a, Gemm.Mat b,
            MemorySegment c, long cOff, long rsc, long csc, boolean accumulate, boolean negate, int chunkRows,
            float[] ap, Scratch s, long product) {
        float[] bp = s.bp;
        float[] tile = s.tile;
        float[] rows = s.rows;
        boolean direct = csc == 1;
        for (long ic = i0; ic < i1; ic += chunkRows) {
            int mc = (int) Math.min(chunkRows, i1 - ic);
            for (long pc = 0; pc < k; pc += KC) {
                int kc = (int) Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                Gemm.Mat aa = a.at(ic, pc);
                if (aa.cs() == 1 && aa.dtype() == DType.FLOAT32) {
                    for (int ir = 0; ir < mc; ir += MR) {
                        GemmVectorF32.packA(aa.seg(), (aa.off() + ir * aa.rs()) * Float.BYTES, aa.rs() * Float.BYTES,
                                Math.min(MR, mc - ir), kc, ap, ir * kc, negate, rows);
                    }
                } else {
                    packA(aa, mc, kc, ap, negate, rows);
                }
                for (long jc = j0; jc < j1; jc += nb) {
                    int nc = (int) Math.min(nb, j1 - jc);
                    if (product == 0 || s.panelOf != product || s.panelP != pc || s.panelJ != jc) {
                        s.panelOf = 0; // until the packing is whole
                        Gemm.Mat bb = b.at(pc, jc);
                        if (bb.cs() == 1 && bb.dtype() == DType.FLOAT32) {
                            GemmVectorF32.packB(bb.seg(), bb.off() * Float.BYTES, bb.rs() * Float.BYTES, kc, nc, bp);
                        } else {
                            packB(bb, kc, nc, bp, rows);
                        }
                        s.panelOf = product;
                        s.panelP = pc;
                        s.panelJ = jc;
                    }
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        for (int jr = 0; jr < nc; jr += Tiles.NR) {
                            int nr = Math.min(Tiles.NR, nc - jr);
                            long cAt = cOff + (ic + ir) * rsc + (jc + jr) * csc;
                            GemmVectorF32.kernel(kc, ap, ir * kc, bp, jr * kc, tile);
                            if (direct && mr == MR && nr == Tiles.NR) {
                                GemmVectorF32.storeFull(tile, c, cAt * Float.BYTES, rsc * Float.BYTES, add);
                            } else if (direct) {
                                GemmVectorF32.store(tile, mr, nr, c, cAt * Float.BYTES, rsc * Float.BYTES, add);
                            } else {
                                writeBack(tile, mr, nr, c, cAt, rsc, csc, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs {@code mc} rows by {@code kc} columns of A into slivers of {@link Gemm#MR} rows: sliver
     * {@code s} holds element {@code (s * MR + i, p)} at {@code s * MR * kc + p * MR + i}; rows past
     * {@code mc} are zero. {@code rows} is scratch of {@code MR * kc} elements at least.
     */
    static void packA(Gemm.Mat a, int mc, int kc, float[] ap, boolean negate, float[] rows) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (Math.abs(a.cs()) <= Math.abs(a.rs())) {
                // rows of A along p: read each row whole, then spread it over the sliver (a
                // store stride of the constant MR, which C2 range-checks once per loop)
                for (int i = 0; i < mr; i++) {
                    load(a, a.off() + (ir + i) * a.rs(), a.cs(), kc, rows, 0);
                    for (int p = 0; p < kc; p++) {
                        ap[base + i + p * MR] = rows[p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    load(a, a.off() + ir * a.rs() + p * a.cs(), a.rs(), mr, ap, base + p * MR);
                }
            }
            for (int i = mr; i < MR; i++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + p * MR + i] = 0;
                }
            }
        }
        if (negate) {
            negate(ap, 0, ((mc + MR - 1) / MR) * MR * kc);
        }
    }

    /**
     * Packs {@code kc} rows by {@code nc} columns of B into slivers of {@link Tiles#NR} columns: sliver
     * {@code s} holds element {@code (p, s * NR + j)} at {@code s * NR * kc + p * NR + j}; columns
     * past {@code nc} are zero. {@code scratch} holds {@code kc} elements at least. Contiguous
     * float rows take {@link GemmVectorF32#packB} instead (the tests compare the two).
     */
    static void packB(Gemm.Mat b, int kc, int nc, float[] bp, float[] scratch) {
        for (int jr = 0; jr < nc; jr += Tiles.NR) {
            int nr = Math.min(Tiles.NR, nc - jr);
            int base = jr * kc;
            if (Math.abs(b.cs()) <= Math.abs(b.rs())) {
                for (int p = 0; p < kc; p++) {
                    load(b, b.off() + p * b.rs() + jr * b.cs(), b.cs(), nr, bp, base + p * Tiles.NR);
                }
            } else {
                // columns of B along p: read each column whole, then spread it over the sliver
                for (int j = 0; j < nr; j++) {
                    load(b, b.off() + (jr + j) * b.cs(), b.rs(), kc, scratch, 0);
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * Tiles.NR + j] = scratch[p];
                    }
                }
            }
            if (nr < Tiles.NR) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(bp, base + p * Tiles.NR + nr, base + (p + 1) * Tiles.NR, 0);
                }
            }
        }
    }

    /**
     * Loads {@code n} elements of {@code x}'s memory from element offset {@code off}, {@code st}
     * apart, into {@code dst[p]} onwards: one bulk copy when they are contiguous float32, else
     * through {@link ReduceBuffers#loadF}.
     */
    private static void load(Gemm.Mat x, long off, long st, int n, float[] dst, int p) {
        if (st == 1 && x.dtype() == DType.FLOAT32) {
            MemorySegment.copy(x.seg(), Elements.F32, off * Float.BYTES, dst, p, n);
        } else {
            ReduceBuffers.loadF(x.seg(), x.dtype(), off, st, n, dst, p, 1);
        }
    }

    /**
     * Computes the C block of rows {@code [i0, i1)} and columns {@code [j0, j1)} without the Vector
     * API: B's panel is packed as one heap row per depth step and C accumulated in four heap rows,
     * four rows of A by four depth steps per pass over the columns ({@link #rank4}), in loops that
     * C2 compiles to vector instructions. Every array in those loops is indexed by the column
     * alone, so that C2 can prove that the stores do not overlap the loads; over a
     * {@code MemorySegment}, or at different offsets of one array, it would not vectorise them.
     * Each element is the same fused chain over {@code p} as in the micro-kernel, so the bits are
     * the Vector API path's.
     */
    private static void portableBlock(long i0, long i1, long j0, long j1, long nb, long k, Gemm.Mat a, Gemm.Mat b,
            MemorySegment c, long cOff, long rsc, long csc, boolean accumulate, boolean negate) {
        for (long jc = j0; jc < j1; jc += nb) {
            portableColumns(i0, i1, jc, Math.min(j1, jc + nb), k, a, b, c, cOff, rsc, csc, accumulate, negate);
        }
    }

    /** {@link #portableBlock} for one column block. */
    private static void portableColumns(long i0, long i1, long j0, long j1, long k, Gemm.Mat a, Gemm.Mat b,
            MemorySegment c, long cOff, long rsc, long csc, boolean accumulate, boolean negate) {
        int nc = (int) (j1 - j0);
        float[][] brows = new float[KC][nc];
        // the four rows of A of a pass, row r at r * kc: copied straight from A's memory (rank4
        // reads 16 of them per call, so they need no sliver layout)
        float[] x = new float[4 * KC];
        float[] rows = new float[KC];
        // the four rows are allocated one after the other (in one thread-local allocation buffer,
        // as a rule), each padded so that the next starts a quarter of 4 KiB further on (see rowPad)
        int rowLength = nc + rowPad(nc);
        float[] c0 = new float[rowLength];
        float[] c1 = new float[rowLength];
        float[] c2 = new float[rowLength];
        float[] c3 = new float[rowLength];
        float[][] acc = {c0, c1, c2, c3};
        float[] cRow = new float[nc];
        for (long pc = 0; pc < k; pc += KC) {
            int kc = (int) Math.min(KC, k - pc);
            boolean add = accumulate || pc > 0;
            Gemm.Mat bb = b.at(pc, j0);
            if (Math.abs(bb.cs()) <= Math.abs(bb.rs())) {
                for (int p = 0; p < kc; p++) {
                    load(bb, bb.off() + p * bb.rs(), bb.cs(), nc, brows[p], 0);
                }
            } else {
                for (int j = 0; j < nc; j++) {
                    load(bb, bb.off() + j * bb.cs(), bb.rs(), kc, rows, 0);
                    for (int p = 0; p < kc; p++) {
                        brows[p][j] = rows[p];
                    }
                }
            }
            for (long i = i0; i < i1; i += 4) {
                int mr = (int) Math.min(4, i1 - i);
                Gemm.Mat aa = a.at(i, pc);
                for (int r = 0; r < mr; r++) {
                    load(aa, aa.off() + r * aa.rs(), aa.cs(), kc, x, r * kc);
                }
                Arrays.fill(x, mr * kc, 4 * kc, 0);
                if (negate) {
                    negate(x, 0, mr * kc);
                }
                for (float[] row : acc) {
                    Arrays.fill(row, 0, nc, 0);
                }
                int p = 0;
                for (; p + 4 <= kc; p += 4) {
                    rank4(nc, x, p, kc, brows[p], brows[p + 1], brows[p + 2], brows[p + 3], c0, c1, c2, c3);
                }
                for (; p < kc; p++) {
                    float[] bRow = brows[p];
                    for (int r = 0; r < 4; r++) {
                        float xr = x[r * kc + p];
                        float[] cr = acc[r];
                        for (int j = 0; j < nc; j++) {
                            cr[j] = Math.fma(xr, bRow[j], cr[j]);
                        }
                    }
                }
                for (int r = 0; r < mr; r++) {
                    writeRow(acc[r], nc, c, cOff + (i + r) * rsc + j0 * csc, csc, add, cRow);
                }
            }
        }
    }

    /**
     * Elements to add to an accumulator row of {@code nc} elements of {@link #portableColumns} so
     * that rows allocated one after the other start 1 KiB apart modulo 4 KiB (assuming an array
     * header of 16 bytes; another header size only moves them a few bytes). Unpadded, rows of 1024
     * elements start 16 bytes apart modulo 4 KiB, and the CPU takes each vector load of a row for
     * a possible overlap with the store to the row before it that is still in flight (the
     * addresses' low 12 bits overlap); with the rows a quarter of 4 KiB apart, the loop ran about
     * 1.3 times faster (1024 float32 columns, one thread).
     */
    static int rowPad(int nc) {
        return Math.floorMod(1024 - 16 - nc * Float.BYTES, 4096) / Float.BYTES;
    }

    /**
     * Four depth steps of four rows: {@code cr[j]} = the fused chain of {@code cr[j]} with the
     * products of A's elements {@code x[r * kc + p + q]} (step {@code p + q}, row {@code r}) by
     * {@code bq[j]}, steps in order.
     */
    private static void rank4(int nc, float[] x, int p, int kc, float[] b0, float[] b1, float[] b2, float[] b3,
            float[] c0, float[] c1, float[] c2, float[] c3) {
        float x00 = x[p];
        float x01 = x[kc + p];
        float x02 = x[2 * kc + p];
        float x03 = x[3 * kc + p];
        float x10 = x[p + 1];
        float x11 = x[kc + p + 1];
        float x12 = x[2 * kc + p + 1];
        float x13 = x[3 * kc + p + 1];
        float x20 = x[p + 2];
        float x21 = x[kc + p + 2];
        float x22 = x[2 * kc + p + 2];
        float x23 = x[3 * kc + p + 2];
        float x30 = x[p + 3];
        float x31 = x[kc + p + 3];
        float x32 = x[2 * kc + p + 3];
        float x33 = x[3 * kc + p + 3];
        for (int j = 0; j < nc; j++) {
            float v0 = b0[j];
            float v1 = b1[j];
            float v2 = b2[j];
            float v3 = b3[j];
            c0[j] = Math.fma(x30, v3, Math.fma(x20, v2, Math.fma(x10, v1, Math.fma(x00, v0, c0[j]))));
            c1[j] = Math.fma(x31, v3, Math.fma(x21, v2, Math.fma(x11, v1, Math.fma(x01, v0, c1[j]))));
            c2[j] = Math.fma(x32, v3, Math.fma(x22, v2, Math.fma(x12, v1, Math.fma(x02, v0, c2[j]))));
            c3[j] = Math.fma(x33, v3, Math.fma(x23, v2, Math.fma(x13, v1, Math.fma(x03, v0, c3[j]))));
        }
    }

    /** Writes (or adds, C's value first) {@code nc} accumulated values to a row of C, through {@code tmp}. */
    private static void writeRow(float[] acc, int nc, MemorySegment c, long at, long csc, boolean add, float[] tmp) {
        if (csc == 1) {
            long o = at * Float.BYTES;
            if (add) {
                MemorySegment.copy(c, Elements.F32, o, tmp, 0, nc);
                for (int j = 0; j < nc; j++) {
                    tmp[j] = tmp[j] + acc[j];
                }
                MemorySegment.copy(tmp, 0, c, Elements.F32, o, nc);
            } else {
                MemorySegment.copy(acc, 0, c, Elements.F32, o, nc);
            }
        } else {
            for (int j = 0; j < nc; j++) {
                long o = (at + j * csc) * Float.BYTES;
                c.set(Elements.F32, o, add ? c.get(Elements.F32, o) + acc[j] : acc[j]);
            }
        }
    }

    /** The portable micro-kernel: {@code tile[i * NR + j]} = the fused chain over {@code p} of
     * {@code ap[a + p * MR + i] * bp[b + p * NR + j]}, starting from zero. */
    static void kernel(int kc, float[] ap, int a, float[] bp, int b, float[] tile) {
        Arrays.fill(tile, 0);
        for (int p = 0; p < kc; p++) {
            int ao = a + p * MR;
            int bo = b + p * Tiles.NR;
            for (int i = 0; i < MR; i++) {
                float x = ap[ao + i];
                int to = i * Tiles.NR;
                for (int j = 0; j < Tiles.NR; j++) {
                    tile[to + j] = Math.fma(x, bp[bo + j], tile[to + j]);
                }
            }
        }
    }

    /** Writes (or adds) the {@code mr x nr} corner of a tile to C. */
    private static void writeBack(float[] tile, int mr, int nr, MemorySegment c, long cAt, long rsc, long csc,
            boolean add) {
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                long o = (cAt + i * rsc + j * csc) * Float.BYTES;
                float v = tile[i * Tiles.NR + j];
                c.set(Elements.F32, o, add ? c.get(Elements.F32, o) + v : v);
            }
        }
    }

    /** A small product without packing: each element is one fused chain over {@code p < k <= KC},
     * as in the blocked kernel. */
    private static void small(int m, int n, int k, Gemm.Mat a, Gemm.Mat b, MemorySegment c, long cOff, long rsc,
            long csc, boolean accumulate, boolean negate) {
        float[] av = new float[m * k];
        float[] bv = new float[k * n];
        for (int i = 0; i < m; i++) {
            ReduceBuffers.loadF(a.seg(), a.dtype(), a.off() + i * a.rs(), a.cs(), k, av, i * k, 1);
        }
        for (int p = 0; p < k; p++) {
            ReduceBuffers.loadF(b.seg(), b.dtype(), b.off() + p * b.rs(), b.cs(), n, bv, p * n, 1);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float x = av[i * k + p];
                    s = Math.fma(negate ? -x : x, bv[p * n + j], s);
                }
                long o = (cOff + i * rsc + j * csc) * Float.BYTES;
                c.set(Elements.F32, o, accumulate ? c.get(Elements.F32, o) + s : s);
            }
        }
    }
    // ---- products with one row or one column of C ------------------------------------------

    /** Fused chains that a skinny product runs side by side (rows, or depth panels of one row). */
    static final int CHAINS = 8;
    /**
     * Lanes of a panel's value where a skinny product reads its long operand along the depth
     * ({@link #dotRows}, {@link #dotPanels}): term {@code p} of a panel goes to lane
     * {@code p % LANES}, each lane a fused chain in order, the lanes {@link #combine}d. Sixteen
     * whatever the vector size or element type, and the same with or without the Vector API.
     */
    static final int LANES = 16;
    /** Columns of C per block of {@link #axpyRows}. */
    private static final int ROW_BLOCK = 1024;
    /** Depth loaded at once by {@link #dotRows}: four whole panels. */
    private static final int DEPTH = 4 * KC;
    /**
     * Elements from one row to the next in {@link #dotRows}' buffer at the longest stretch: a
     * cache line more than {@link #DEPTH}, so that the rows' lines do not all fall into one set of
     * the L1 cache as at a multiple of 4 KiB (a shorter depth takes its length plus a line).
     */
    static final int STRIDE = DEPTH + 64 / Float.BYTES;
    /** Multiply-adds from which a skinny product may use several threads. */
    private static final long SKINNY_PARALLEL = 1 << 18;

    /**
     * {@return whether {@link #skinny} computes this product} One row or one column of C (a matrix
     * times a vector, a vector times a matrix, an inner product) of depth {@code k > 0}, of any
     * size: a small one too, so that a row's bits never depend on how many rows there are (a
     * depth of 0 takes {@link #gemm}'s own loop, which zeroes C or leaves it).
     */
    static boolean isSkinny(long m, long n, long k) {
        return m > 0 && n > 0 && k > 0 && (m == 1 || n == 1);
    }

    /**
     * A product with one row or one column of C, without the micro-tiles, which would spend 11 of
     * their 12 rows or 31 of their 32 columns on padding. Per depth panel of {@link Gemm#KC}
     * terms, the panels' values added to C in order, A negated where asked (on A's values, as the
     * blocked kernels do, so that a NaN keeps the same sign), each element's panel value is:
     * <ul>
     *   <li>where the long operand is read along the depth (rows of A times B's column, B's
     *       columns times A's row, an inner product: {@link #dotRows}, {@link #dotPanels}), the
     *       {@link #combine}d {@link #LANES} lanes of fused chains from zero, term {@code p} in
     *       lane {@code p % LANES}: eight rows (or eight panels of one row) side by side, each
     *       row's lanes in vectors on the Vector API path (read straight from float32 memory when
     *       A is not negated), in scalar loops on the portable path, with the same bits;</li>
     *   <li>elsewhere (A's columns or B's rows scaled and added: {@link #axpyRows}), one fused
     *       chain from zero, as in the blocked kernels, the columns of a block of C side by side:
     *       in vectors reading the rows in place on the Vector API path (float32 memory, A not
     *       negated), else in a loop over heap copies that C2 vectorises.</li>
     * </ul>
     * The bits do not depend on the threads or the path, but for which NaN survives where NaNs
     * meet: where both factors of a product are NaN (the two factors' order in the fused
     * multiply-add is not always the blocked kernels'), and where two NaNs are added (C2 may swap
     * an addition's operands, and x86 keeps the first's NaN: a row with NaNs of both signs in two
     * lanes or two panels gave -NaN with different payloads on the two paths).
     */
    private static void skinny(long m, long n, long k, Gemm.Mat a, Gemm.Mat b, MemorySegment c, long cOff,
            long rsc, long csc, boolean accumulate, boolean negate, boolean parallel, boolean vector) {
        // vectors of more than LANES lanes, or of fewer than LANES / 8 (none today), do not fit the
        // eight-accumulator lanes kernels: portable loops
        boolean vec = vector && GemmVectorF32.LANES_FIT;
        if (n == 1 && (m == 1 || Math.abs(a.cs()) <= Math.abs(a.rs()))) {
            // rows of A along the depth, times B's column
            dotRows(m, k, a, b, b.rs(), c, cOff, rsc, accumulate, negate, false, parallel, vec);
        } else if (n == 1) {
            // columns of A along the depth: A's columns scaled by B's elements, added up
            Gemm.Mat at = new Gemm.Mat(a.seg(), a.dtype(), a.off(), a.cs(), a.rs());
            axpyRows(m, k, at, b, b.rs(), c, cOff, rsc, accumulate, negate, false, parallel, vec);
        } else if (Math.abs(b.cs()) <= Math.abs(b.rs())) {
            // m == 1, rows of B along the columns: B's rows scaled by A's elements, added up
            axpyRows(n, k, b, a, a.cs(), c, cOff, csc, accumulate, false, negate, parallel, vec);
        } else {
            // m == 1, columns of B along the depth: each times A's row
            Gemm.Mat bt = new Gemm.Mat(b.seg(), b.dtype(), b.off(), b.cs(), b.rs());
            dotRows(n, k, bt, a, a.cs(), c, cOff, csc, accumulate, false, negate, parallel, vec);
        }
    }

    /**
     * {@code out[i] (+)= sum over p of u(i, p) * (-)v[p]} for {@code i < rows}, {@code out[i]} at
     * element {@code cOff + i * cst} of C, {@code v[p]} at element {@code v.off() + p * vst} of
     * {@code v}'s memory (its strides are not used).
     */
    private static void dotRows(long rows, long k, Gemm.Mat u, Gemm.Mat v, long vst, MemorySegment c, long cOff,
            long cst, boolean accumulate, boolean negU, boolean negV, boolean parallel, boolean vec) {
        boolean par = parallel && rows * k >= SKINNY_PARALLEL;
        if (rows < CHAINS) {
            dotPanels(rows, k, u, v, vst, c, cOff, cst, accumulate, negU, negV, par, vec);
            return;
        }
        long blocks = (rows + CHAINS - 1) / CHAINS;
        int tasks = par ? (int) Math.min(blocks, 4L * Parallel.THREADS) : 1;
        // at most 2^20 rows per task: a task keeps its rows' running values in one heap array
        long per = Math.min((blocks + tasks - 1) / tasks, (1 << 20) / CHAINS);
        Gemm.forTasks(Math.toIntExact((blocks + per - 1) / per), par, t -> {
            long i0 = t * per * CHAINS;
            long i1 = Math.min(rows, i0 + per * CHAINS);
            // one stretch of the whole depth when it fits (then no panel straddles a stretch),
            // so that a short product allocates little; else stretches of whole panels
            int depth = (int) (k <= DEPTH ? k : DEPTH);
            int stride = depth + 64 / Float.BYTES;
            // LANES past the depth: the vector loads of a partial last step stay inside the array
            float[] x = new float[depth + LANES];
            boolean direct = inPlace(u, negU, vec);
            float[] w = direct ? null : new float[CHAINS * stride];
            float[] s = new float[CHAINS + LANES]; // the vector combine writes past CHAINS
            float[] lanes = new float[CHAINS * LANES];
            float[] r = new float[(int) (i1 - i0)];
            // a stretch of the depth at a time: B's part of it loaded once, then each group of
            // eight rows read in place (direct) or loaded whole (few, long copies) and its
            // panels' lanes run
            for (long d0 = 0; d0 < k; d0 += depth) {
                int dl = (int) Math.min(depth, k - d0);
                loadVector(v, v.off() + d0 * vst, vst, dl, x, negV);
                for (long i = i0; i < i1; i += CHAINS) {
                    int nr = (int) Math.min(CHAINS, i1 - i);
                    if (direct) {
                        // the rows straight from memory: no copy
                        long base = (u.off() + i * u.rs() + d0) * Float.BYTES;
                        for (int po = 0; po < dl; po += KC) {
                            int kc = Math.min(KC, dl - po);
                            GemmVectorF32.rowLanesSeg(u.seg(), base + po * Float.BYTES, u.rs() * Float.BYTES, nr, x,
                                    po, kc, lanes, s);
                            addPanel(r, (int) (i - i0), nr, s, d0 + po > 0, accumulate, c, cOff, cst, i);
                        }
                        continue;
                    }
                    for (int q = 0; q < nr; q++) {
                        load(u, u.off() + (i + q) * u.rs() + d0 * u.cs(), u.cs(), dl, w, q * stride);
                        if (negU) {
                            negate(w, q * stride, dl);
                        }
                    }
                    if (nr < CHAINS) {
                        Arrays.fill(w, nr * stride, CHAINS * stride, 0); // the unused chains run on zeros
                    }
                    for (int po = 0; po < dl; po += KC) {
                        int kc = Math.min(KC, dl - po);
                        rowLanes(w, stride, po, x, kc, lanes, s, vec);
                        addPanel(r, (int) (i - i0), nr, s, d0 + po > 0, accumulate, c, cOff, cst, i);
                    }
                }
            }
            for (long i = i0; i < i1; i++) {
                c.set(Elements.F32, (cOff + i * cst) * Float.BYTES, r[(int) (i - i0)]);
            }
        });
    }

    /**
     * {@return whether the Vector API loops read operand {@code m} in place}: contiguous float32
     * rows, not negated (a negated or converted operand goes through heap copies)
     */
    private static boolean inPlace(Gemm.Mat m, boolean negated, boolean vec) {
        return vec && m.cs() == 1 && m.dtype() == DType.FLOAT32 && !negated;
    }

    /**
     * Adds one panel's values {@code s[0, nr)} of rows {@code i, i + 1, ...} to their running
     * values {@code r[at, at + nr)}: after the first panel to the running value, for the first
     * to C's element when {@code accumulate}, else they start it.
     */
    private static void addPanel(float[] r, int at, int nr, float[] s, boolean later, boolean accumulate,
            MemorySegment c, long cOff, long cst, long i) {
        if (later) {
            for (int q = 0; q < nr; q++) {
                r[at + q] = r[at + q] + s[q];
            }
        } else {
            for (int q = 0; q < nr; q++) {
                r[at + q] = accumulate ? c.get(Elements.F32, (cOff + (i + q) * cst) * Float.BYTES) + s[q] : s[q];
            }
        }
    }

    /**
     * {@link #dotRows} for fewer than {@link #CHAINS} rows: the depth panels of a row run side by
     * side, eight at a time (also split over the threads), each panel's combined lanes kept, and
     * the panels' values are added up in panel order at the end.
     */
    private static void dotPanels(long rows, long k, Gemm.Mat u, Gemm.Mat v, long vst, MemorySegment c, long cOff,
            long cst, boolean accumulate, boolean negU, boolean negV, boolean par, boolean vec) {
        long panels = (k + KC - 1) / KC;
        float[] part = new float[Math.toIntExact(rows * panels)];
        long groups = (panels + CHAINS - 1) / CHAINS;
        int tasks = par ? (int) Math.min(groups, 4L * Parallel.THREADS) : 1;
        long per = (groups + tasks - 1) / tasks;
        Gemm.forTasks((int) ((groups + per - 1) / per), par, t -> {
            int size = (int) Math.min(CHAINS * KC, k); // a short inner product allocates little
            float[] s = new float[CHAINS + LANES]; // the vector combine writes past CHAINS
            boolean direct = inPlace(u, negU, vec) && vst == 1 && v.dtype() == DType.FLOAT32 && !negV;
            // the heap copies and the lanes only where a group is copied (always, unless direct):
            // panelLanesSeg combines its lanes itself
            float[] x = direct && k % (CHAINS * KC) == 0 ? null : new float[size];
            float[] w = x == null ? null : new float[size];
            float[] lanes = x == null ? null : new float[CHAINS * LANES];
            long end = Math.min(groups, (t + 1) * per);
            for (long g = t * per; g < end; g++) {
                long p0 = g * CHAINS * KC;
                int len = (int) Math.min(CHAINS * KC, k - p0);
                if (direct && len == CHAINS * KC) {
                    // whole groups straight from memory: no copies
                    for (long i = 0; i < rows; i++) {
                        GemmVectorF32.panelLanesSeg(u.seg(), (u.off() + i * u.rs() + p0) * Float.BYTES, v.seg(),
                                (v.off() + p0) * Float.BYTES, s);
                        System.arraycopy(s, 0, part, (int) (i * panels + g * CHAINS), CHAINS);
                    }
                    continue;
                }
                loadVector(v, v.off() + p0 * vst, vst, len, x, negV);
                for (long i = 0; i < rows; i++) {
                    int at = (int) (i * panels + g * CHAINS);
                    load(u, u.off() + i * u.rs() + p0 * u.cs(), u.cs(), len, w, 0);
                    if (negU) {
                        negate(w, 0, len);
                    }
                    if (len == CHAINS * KC) {
                        panelLanes(w, x, lanes, s, vec);
                        System.arraycopy(s, 0, part, at, CHAINS);
                    } else {
                        for (int q = 0; q * KC < len; q++) {
                            part[at + q] = laneChain(w, x, q * KC, Math.min(KC, len - q * KC), lanes);
                        }
                    }
                }
            }
        });
        for (long i = 0; i < rows; i++) {
            long o = (cOff + i * cst) * Float.BYTES;
            int at = (int) (i * panels);
            float r = accumulate ? c.get(Elements.F32, o) + part[at] : part[at];
            for (int q = 1; q < panels; q++) {
                r = r + part[at + q];
            }
            c.set(Elements.F32, o, r);
        }
    }

    /**
     * {@code out[j] (+)= sum over p of (-)v[p] * w(p, j)} for {@code j < cols}, {@code out[j]} at
     * element {@code cOff + j * cst} of C, {@code v[p]} at element {@code v.off() + p * vst}: per
     * block of columns and depth panel, each row of {@code w} is scaled into the block's chains
     * in one pass over the columns: read in place by {@link GemmVectorF32#axpy4Seg} on the Vector
     * API path (float32 memory, not negated), else loaded into a heap row for a loop that C2
     * vectorises.
     */
    private static void axpyRows(long cols, long k, Gemm.Mat w, Gemm.Mat v, long vst, MemorySegment c, long cOff,
            long cst, boolean accumulate, boolean negW, boolean negV, boolean parallel, boolean vec) {
        // the rows read in place by the Vector API (same operations), unless converted or negated
        boolean direct = inPlace(w, negW, vec);
        boolean par = parallel && cols * k >= SKINNY_PARALLEL;
        // blocks of whole 64-column runs, at least one per task when parallel
        long width = par ? Math.min(ROW_BLOCK, ((cols + Parallel.THREADS - 1) / Parallel.THREADS + 63) / 64 * 64)
                : ROW_BLOCK;
        long blocks = (cols + width - 1) / width;
        Gemm.forTasks((int) blocks, par && blocks > 1, t -> {
            int nb = (int) Math.min(width, cols); // a short row allocates little
            float[] x = new float[(int) Math.min(KC, k)];
            float[] row = direct ? null : new float[nb];
            float[] row1 = direct ? null : new float[nb];
            float[] row2 = direct ? null : new float[nb];
            float[] row3 = direct ? null : new float[nb];
            float[] acc = new float[nb];
            float[] r = new float[nb];
            long j0 = t * width;
            int nc = (int) Math.min(width, cols - j0);
            for (long pc = 0; pc < k; pc += KC) {
                int kc = (int) Math.min(KC, k - pc);
                loadVector(v, v.off() + pc * vst, vst, kc, x, negV);
                Arrays.fill(acc, 0, nc, 0);
                int p = 0;
                if (direct) {
                    long rb = w.rs() * Float.BYTES;
                    long o = (w.off() + pc * w.rs() + j0) * Float.BYTES;
                    for (; p + 4 <= kc; p += 4) {
                        GemmVectorF32.axpy4Seg(nc, x[p], x[p + 1], x[p + 2], x[p + 3], w.seg(), o + p * rb, rb, acc);
                    }
                    for (; p < kc; p++) {
                        GemmVectorF32.axpy1Seg(nc, x[p], w.seg(), o + p * rb, acc);
                    }
                }
                for (; p + 4 <= kc; p += 4) {
                    long o = w.off() + (pc + p) * w.rs() + j0 * w.cs();
                    load(w, o, w.cs(), nc, row, 0);
                    load(w, o + w.rs(), w.cs(), nc, row1, 0);
                    load(w, o + 2 * w.rs(), w.cs(), nc, row2, 0);
                    load(w, o + 3 * w.rs(), w.cs(), nc, row3, 0);
                    if (negW) {
                        negate(row, 0, nc);
                        negate(row1, 0, nc);
                        negate(row2, 0, nc);
                        negate(row3, 0, nc);
                    }
                    axpy4(nc, x[p], x[p + 1], x[p + 2], x[p + 3], row, row1, row2, row3, acc);
                }
                for (; p < kc; p++) {
                    load(w, w.off() + (pc + p) * w.rs() + j0 * w.cs(), w.cs(), nc, row, 0);
                    if (negW) {
                        negate(row, 0, nc);
                    }
                    axpy1(nc, x[p], row, acc);
                }
                if (pc > 0) {
                    for (int j = 0; j < nc; j++) {
                        r[j] = r[j] + acc[j];
                    }
                } else if (accumulate) {
                    for (int j = 0; j < nc; j++) {
                        r[j] = c.get(Elements.F32, (cOff + (j0 + j) * cst) * Float.BYTES) + acc[j];
                    }
                } else {
                    System.arraycopy(acc, 0, r, 0, nc);
                }
            }
            if (cst == 1) {
                MemorySegment.copy(r, 0, c, Elements.F32, (cOff + j0) * Float.BYTES, nc);
            } else {
                for (int j = 0; j < nc; j++) {
                    c.set(Elements.F32, (cOff + (j0 + j) * cst) * Float.BYTES, r[j]);
                }
            }
        });
    }

    /**
     * Four depth steps of {@link #axpyRows}' chains: {@code acc[j]} = the fused chain of
     * {@code acc[j]} with {@code x0 * r0[j]}, then {@code x1 * r1[j]} and so on. Its own method,
     * every array indexed by {@code j} alone: inlined into the task's loop C2 left it scalar.
     */
    private static void axpy4(int nc, float x0, float x1, float x2, float x3, float[] r0, float[] r1, float[] r2,
            float[] r3, float[] acc) {
        for (int j = 0; j < nc; j++) {
            acc[j] = Math.fma(x3, r3[j], Math.fma(x2, r2[j], Math.fma(x1, r1[j], Math.fma(x0, r0[j], acc[j]))));
        }
    }

    /** One depth step of {@link #axpyRows}' chains. */
    private static void axpy1(int nc, float x, float[] r, float[] acc) {
        for (int j = 0; j < nc; j++) {
            acc[j] = Math.fma(x, r[j], acc[j]);
        }
    }

    /** Loads {@code n} elements of a vector operand ({@code st} apart) into {@code x}, negated when asked. */
    private static void loadVector(Gemm.Mat v, long off, long st, int n, float[] x, boolean negate) {
        load(v, off, st, n, x, 0);
        if (negate) {
            negate(x, 0, n);
        }
    }

    /** Negates {@code x[from, from + n)}: the negation of A, always applied to A's own values. */
    private static void negate(float[] x, int from, int n) {
        for (int p = from; p < from + n; p++) {
            x[p] = -x[p];
        }
    }

    /**
     * Eight rows' values over one panel of {@code kc <= KC} terms in lane order ({@link #LANES}):
     * {@code s[q]} = {@link #combine} of the lanes of the products {@code w[q * st + o + p] *
     * x[o + p]}, lane {@code p % LANES} of each a fused chain over its terms in order, from zero.
     * {@code lanes} is scratch of {@code CHAINS * LANES} elements. {@code vec}: the Vector API
     * loops for the whole steps of {@link #LANES} (same bits).
     */
    private static void rowLanes(float[] w, int st, int o, float[] x, int kc, float[] lanes, float[] s, boolean vec) {
        int full = kc / LANES * LANES;
        if (vec) {
            GemmVectorF32.lanes8(w, st, x, 0, o, full, lanes);
        } else {
            Arrays.fill(lanes, 0);
            for (int q = 0; q < CHAINS; q++) {
                steps(w, q * st + o, x, o, full, lanes, q * LANES);
            }
        }
        for (int q = 0; q < CHAINS; q++) {
            int l = q * LANES;
            int wo = q * st + o;
            for (int p = full; p < kc; p++) {
                lanes[l + p - full] = Math.fma(w[wo + p], x[o + p], lanes[l + p - full]);
            }
            s[q] = combine(lanes, l);
        }
    }

    /**
     * Eight whole panels side by side in lane order: {@code s[q]} = the value of panel {@code q}
     * ({@code w[q * KC + p] * x[q * KC + p]} for {@code p < KC}), as {@link #laneChain}.
     */
    private static void panelLanes(float[] w, float[] x, float[] lanes, float[] s, boolean vec) {
        if (vec) {
            GemmVectorF32.lanes8(w, KC, x, KC, 0, KC, lanes);
        } else {
            Arrays.fill(lanes, 0);
            for (int q = 0; q < CHAINS; q++) {
                steps(w, q * KC, x, q * KC, KC, lanes, q * LANES);
            }
        }
        for (int q = 0; q < CHAINS; q++) {
            s[q] = combine(lanes, q * LANES);
        }
    }

    /**
     * The whole steps of the portable lanes: for {@code p < full} (a multiple of {@link #LANES}),
     * {@code lanes[l + p % LANES]} = the fused multiply-add of {@code w[wo + p] * x[xo + p]} and
     * itself, the terms of each lane in order.
     */
    private static void steps(float[] w, int wo, float[] x, int xo, int full, float[] lanes, int l) {
        // sixteen chains in locals, one row at a time (a running row in an array, run[p] from
        // run[p - LANES], was neither vectorised by C2 nor faster: 3x slower than these)
        float s0 = lanes[l];
        float s1 = lanes[l + 1];
        float s2 = lanes[l + 2];
        float s3 = lanes[l + 3];
        float s4 = lanes[l + 4];
        float s5 = lanes[l + 5];
        float s6 = lanes[l + 6];
        float s7 = lanes[l + 7];
        float s8 = lanes[l + 8];
        float s9 = lanes[l + 9];
        float s10 = lanes[l + 10];
        float s11 = lanes[l + 11];
        float s12 = lanes[l + 12];
        float s13 = lanes[l + 13];
        float s14 = lanes[l + 14];
        float s15 = lanes[l + 15];
        for (int p = 0; p < full; p += LANES) {
            int a = wo + p;
            int b = xo + p;
            s0 = Math.fma(w[a], x[b], s0);
            s1 = Math.fma(w[a + 1], x[b + 1], s1);
            s2 = Math.fma(w[a + 2], x[b + 2], s2);
            s3 = Math.fma(w[a + 3], x[b + 3], s3);
            s4 = Math.fma(w[a + 4], x[b + 4], s4);
            s5 = Math.fma(w[a + 5], x[b + 5], s5);
            s6 = Math.fma(w[a + 6], x[b + 6], s6);
            s7 = Math.fma(w[a + 7], x[b + 7], s7);
            s8 = Math.fma(w[a + 8], x[b + 8], s8);
            s9 = Math.fma(w[a + 9], x[b + 9], s9);
            s10 = Math.fma(w[a + 10], x[b + 10], s10);
            s11 = Math.fma(w[a + 11], x[b + 11], s11);
            s12 = Math.fma(w[a + 12], x[b + 12], s12);
            s13 = Math.fma(w[a + 13], x[b + 13], s13);
            s14 = Math.fma(w[a + 14], x[b + 14], s14);
            s15 = Math.fma(w[a + 15], x[b + 15], s15);
        }
        lanes[l] = s0;
        lanes[l + 1] = s1;
        lanes[l + 2] = s2;
        lanes[l + 3] = s3;
        lanes[l + 4] = s4;
        lanes[l + 5] = s5;
        lanes[l + 6] = s6;
        lanes[l + 7] = s7;
        lanes[l + 8] = s8;
        lanes[l + 9] = s9;
        lanes[l + 10] = s10;
        lanes[l + 11] = s11;
        lanes[l + 12] = s12;
        lanes[l + 13] = s13;
        lanes[l + 14] = s14;
        lanes[l + 15] = s15;
    }

    /**
     * One panel's value in lane order: the products {@code w[o + p] * x[o + p]} for {@code p < n}
     * in {@link #LANES} fused chains from zero (term {@code p} in lane {@code p % LANES}), then
     * {@link #combine}d. {@code lanes} is scratch of {@link #LANES} elements at least.
     */
    private static float laneChain(float[] w, float[] x, int o, int n, float[] lanes) {
        Arrays.fill(lanes, 0, LANES, 0);
        int full = n / LANES * LANES;
        steps(w, o, x, o, full, lanes, 0);
        for (int p = full; p < n; p++) {
            lanes[p - full] = Math.fma(w[o + p], x[o + p], lanes[p - full]);
        }
        return combine(lanes, 0);
    }

    /**
     * The sum of the {@link #LANES} lanes at {@code l[at]}: neighbours added pairwise, then the
     * pairs' sums pairwise, and so on ({@code ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))}
     * and the same for the upper eight, those two added last).
     */
    static float combine(float[] l, int at) {
        float lo = ((l[at] + l[at + 1]) + (l[at + 2] + l[at + 3])) + ((l[at + 4] + l[at + 5]) + (l[at + 6] + l[at + 7]));
        float hi = ((l[at + 8] + l[at + 9]) + (l[at + 10] + l[at + 11]))
                + ((l[at + 12] + l[at + 13]) + (l[at + 14] + l[at + 15]));
        return lo + hi;
    }
}
