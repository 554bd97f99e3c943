package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.Gemm.MR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import org.ndpack.internal.dtype.Elements;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link GemmF32}: a 12-row by two-vector tile of C (vectors
 * of the machine's preferred size) held in 24 of AVX-512's 32 vector registers, with two for the
 * row of packed B and one for the broadcast element of packed A (a machine with 16 vector
 * registers, AVX2, spills some of them), each lane a fused multiply-add chain over the packed
 * depth in order (the same operations as the portable {@link GemmF32#kernel}). Twelve rows of two
 * vectors run faster than eight rows of three under C2: with 28 live registers of 32 it keeps
 * every accumulator in a register, where the 8 x 3 tile (24 + 3 + 1, but C2 hoists several
 * broadcasts at once) spilled two accumulators to the stack in the inner loop. Load only when
 * {@link org.ndpack.internal.kernel.VectorSupport#ENABLED} is true.
 *
 * <p>This class is the template from which its float64 twin is generated at build time
 * ({@code src/build/GenerateKernels.java}): edit this file, never the generated one. Stateless
 * and thread-safe.
 */
final class GemmVectorF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes of the machine's preferred vector (16 with AVX-512). */
    static final int L = S.length();
    private static final int NR = 2 * L;
    /** Whether {@code GemmF32}'s lanes are whole vectors of this machine, at most eight of them
     * (else they run portable). */
    static final boolean LANES_FIT = GemmF32.LANES % L == 0 && GemmF32.LANES / L <= 8;
    /** Vectors per row's {@code GemmF32.LANES} lanes: 1 with AVX-512 float32, 2 for float64. */
    private static final int P = LANES_FIT ? GemmF32.LANES / L : 1;
    /** Rows (or panels) per pass of the eight-accumulator kernels: accumulator {@code k} of a pass
     * holds the {@code L} lanes from {@code (k % P) * L} of row {@code g + k / P}, {@code g} the
     * pass's first row, so that a pass reads every line of its rows in one sweep. */
    private static final int R = 8 / P;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /**
     * The species' vector class. The accumulators and either arm of a choice are cast to it
     * before a vector method is called on them, so that C2 binds the call without a type profile
     * (see the note in {@link ReduceVector}); the cast folds away in compiled code.
     */
    private static final Class<FloatVector> T = ReduceVector.vectorClass(S);
    /** Lane {@code i} takes element {@code 2 i} (resp. {@code 2 i + 1}) of two vectors laid end
     * to end: the even (odd) elements, for the combine in vectors (the note after
     * {@code pairIndexes}). */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromArray(S, pairIndexes(0), 0);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromArray(S, pairIndexes(1), 0);

    static {
        if (MR != 12) {
            throw new AssertionError("the micro-kernel is written for 12 rows of two vectors");
        }
        if (GemmF32.CHAINS != 8) {
            throw new AssertionError("the lanes' loops are written for eight chains");
        }
    }

    private GemmVectorF32() {
    }

    /** The indexes of {@link #EVEN} or {@link #ODD}: an element of the second vector is an
     * exceptional (negative) index, {@code L} less than its lane. */
    private static int[] pairIndexes(int first) {
        int[] v = new int[L];
        for (int i = 0; i < L; i++) {
            int e = 2 * i + first;
            v[i] = e < L ? e : e - 2 * L;
        }
        return v;
    }

    /*
     * The combine in vectors ("pairs"): T.cast(x).rearrange(EVEN, y).add(T.cast(x).rearrange(ODD, y))
     * gives in lane i element 2i plus element 2i + 1 of the 2L elements of x followed by y. Four
     * rounds of it over a pass's eight accumulators (its rows' LANES lanes laid end to end, see R)
     * are GemmF32.combine of every row at once: the same pairwise tree, each sum with the same two
     * operands, so the same bits. Written out where used: as a method C2 does not inline it
     * ("callee uses too much stack"), and the vectors are then boxed. Measured on AVX-512 only:
     * where vectors hold two lanes (float64 on 128-bit NEON) C2 may not compile these rearranges,
     * which would make the combine slow there (not wrong).
     */

    /**
     * Multiplies the packed sliver of A at {@code ap[a]} by the packed sliver of B at {@code bp[b]}
     * over depth {@code kc} and writes the tile to {@code tile} (row {@code i} at {@code i * NR}).
     * The write-back to C is a separate, small method: a kernel that also wrote C (stored or added,
     * three variants of 24 vectors each) grew past what C1 can compile and traps C2 whenever a
     * variant it had not yet seen came along, leaving the first calls interpreted and boxed. For
     * the same reason the readiness race ({@code GemmF32.Ready}) gives the kernel an odd depth:
     * C2 then compiles the odd last step instead of a trap that the first odd product would hit.
     */
    static void kernel(int kc, float[] ap, int a, float[] bp, int b, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        FloatVector c80 = c00;
        FloatVector c81 = c00;
        FloatVector c90 = c00;
        FloatVector c91 = c00;
        FloatVector ca0 = c00;
        FloatVector ca1 = c00;
        FloatVector cb0 = c00;
        FloatVector cb1 = c00;
        // two depth steps per iteration: C2 does not unroll this loop itself, and the loop's
        // index arithmetic, halved, then takes fewer issue slots from the FMAs (the same
        // multiply-adds in the same order per element, so the same bits)
        int bo;
        int ao;
        FloatVector b0;
        FloatVector b1;
        FloatVector x;
        int p = 0;
        // (p < even, not p + 2 <= kc: C2 makes only the first a counted loop, without range checks)
        for (int even = kc & -2; p < even; p += 2) {
            bo = b + p * NR;
            ao = a + p * MR;
            b0 = FloatVector.fromArray(S, bp, bo);
            b1 = FloatVector.fromArray(S, bp, bo + L);
            x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, ap[ao + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, ap[ao + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, ap[ao + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, ap[ao + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
            bo = b + (p + 1) * NR;
            ao = a + (p + 1) * MR;
            b0 = FloatVector.fromArray(S, bp, bo);
            b1 = FloatVector.fromArray(S, bp, bo + L);
            x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, ap[ao + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, ap[ao + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, ap[ao + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, ap[ao + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        T.cast(c00).intoArray(tile, 0);
        T.cast(c01).intoArray(tile, L);
        T.cast(c10).intoArray(tile, NR);
        T.cast(c11).intoArray(tile, NR + L);
        T.cast(c20).intoArray(tile, 2 * NR);
        T.cast(c21).intoArray(tile, 2 * NR + L);
        T.cast(c30).intoArray(tile, 3 * NR);
        T.cast(c31).intoArray(tile, 3 * NR + L);
        T.cast(c40).intoArray(tile, 4 * NR);
        T.cast(c41).intoArray(tile, 4 * NR + L);
        T.cast(c50).intoArray(tile, 5 * NR);
        T.cast(c51).intoArray(tile, 5 * NR + L);
        T.cast(c60).intoArray(tile, 6 * NR);
        T.cast(c61).intoArray(tile, 6 * NR + L);
        T.cast(c70).intoArray(tile, 7 * NR);
        T.cast(c71).intoArray(tile, 7 * NR + L);
        T.cast(c80).intoArray(tile, 8 * NR);
        T.cast(c81).intoArray(tile, 8 * NR + L);
        T.cast(c90).intoArray(tile, 9 * NR);
        T.cast(c91).intoArray(tile, 9 * NR + L);
        T.cast(ca0).intoArray(tile, 10 * NR);
        T.cast(ca1).intoArray(tile, 10 * NR + L);
        T.cast(cb0).intoArray(tile, 11 * NR);
        T.cast(cb1).intoArray(tile, 11 * NR + L);
        if (p < kc) {
            // an odd depth's last step, on the stored tile: the same fused multiply-add per element
            bo = b + p * NR;
            ao = a + p * MR;
            for (int i = 0; i < MR; i++) {
                float xi = ap[ao + i];
                for (int j = 0; j < NR; j++) {
                    tile[i * NR + j] = Math.fma(xi, bp[bo + j], tile[i * NR + j]);
                }
            }
        }
    }

    /**
     * Where {@link #packA} takes each element of a sliver's block of {@code L} steps from the
     * block staged row by row: element {@code j = l * MR + i} (step {@code l}, row {@code i}) from
     * {@code i * L + l}.
     */
    private static final int[] TRANSPOSE = new int[MR * L];

    static {
        for (int j = 0; j < MR * L; j++) {
            TRANSPOSE[j] = j % MR * L + j / MR;
        }
    }

    /**
     * Packs {@code mr <= MR} rows by {@code kc} columns of A, float32 with contiguous columns,
     * rows {@code rowBytes} apart from byte offset {@code at} of {@code a}, as one sliver at
     * {@code ap[base]}, negated when {@code negate}: element {@code (i, p)} at
     * {@code base + p * MR + i}, rows from {@code mr} on zero (or negative zero), as
     * {@link GemmF32#packA} does. {@code L} steps at a time: a vector of each row is stored to
     * {@code buf} ({@code MR * L} elements at least), row after row, and the block is gathered
     * from there in the sliver's order and stored whole. Scattering each row's vector straight
     * to its places in the sliver took 1.3 to 1.5 times as long (a 1024 by 1024 A, one thread:
     * float32 0.59-0.76 ms against 0.35-0.52, float64 1.12-1.17 against 0.84-0.88): an
     * AVX-512 scatter stores about one lane per cycle.
     */
    static void packA(MemorySegment a, long at, long rowBytes, int mr, int kc, float[] ap, int base,
            boolean negate, float[] buf) {
        FloatVector zero = FloatVector.zero(S);
        int p = 0;
        for (; p + L <= kc; p += L) {
            int o = base + p * MR;
            long x = at + (long) p * Float.BYTES;
            for (int i = 0; i < MR; i++) {
                FloatVector v = i < mr ? FloatVector.fromMemorySegment(S, a, x + i * rowBytes, LE) : zero;
                T.cast(negate ? T.cast(v).neg() : v).intoArray(buf, i * L);
            }
            for (int j = 0; j < MR * L; j += L) {
                FloatVector.fromArray(S, buf, 0, TRANSPOSE, j).intoArray(ap, o + j);
            }
        }
        // the last columns one by one
        for (; p < kc; p++) {
            int o = base + p * MR;
            for (int i = 0; i < MR; i++) {
                float v = i < mr ? a.get(Elements.F32, at + i * rowBytes + (long) p * Float.BYTES) : 0;
                ap[o + i] = negate ? -v : v;
            }
        }
    }

    /**
     * Packs {@code kc} rows by {@code nc} columns of B, float32 with contiguous columns, rows
     * {@code rowBytes} apart from byte offset {@code at} of {@code b}, into slivers of {@code NR}
     * columns as {@link GemmF32#packB} does (columns past {@code nc} zero): vector loads from the
     * memory straight into the slivers, a masked pair for a last partial sliver.
     */
    static void packB(MemorySegment b, long at, long rowBytes, int kc, int nc, float[] bp) {
        int full = nc / NR * NR;
        for (int p = 0; p < kc; p++) {
            long r = at + p * rowBytes;
            int o = p * NR;
            int jr = 0;
            for (; jr < full; jr += NR) {
                long x = r + (long) jr * Float.BYTES;
                FloatVector.fromMemorySegment(S, b, x, LE).intoArray(bp, jr * kc + o);
                FloatVector.fromMemorySegment(S, b, x + (long) L * Float.BYTES, LE).intoArray(bp, jr * kc + o + L);
            }
            if (jr < nc) {
                for (int v = 0; v < NR; v += L) {
                    VectorMask<Float> m = S.indexInRange(jr + v, nc);
                    FloatVector.fromMemorySegment(S, b, r + (long) (jr + v) * Float.BYTES, LE, m)
                            .intoArray(bp, jr * kc + o + v);
                }
            }
        }
    }

    /**
     * Stores a whole tile ({@link Gemm#MR} rows of {@code NR} columns, row {@code i} at
     * {@code tile[i * NR]}) to C at byte offset {@code cb}, rows {@code rowBytes} apart and
     * columns contiguous, adding it to C's values when {@code add}: {@link #store} without its
     * loops and masks, for the tiles inside C.
     */
    static void storeFull(float[] tile, MemorySegment c, long cb, long rowBytes, boolean add) {
        for (int i = 0; i < MR; i++) {
            long r = cb + i * rowBytes;
            FloatVector t0 = FloatVector.fromArray(S, tile, i * NR);
            FloatVector t1 = FloatVector.fromArray(S, tile, i * NR + L);
            if (add) {
                t0 = FloatVector.fromMemorySegment(S, c, r, LE).add(t0);
                t1 = FloatVector.fromMemorySegment(S, c, r + (long) L * Float.BYTES, LE).add(t1);
            }
            t0.intoMemorySegment(c, r, LE);
            t1.intoMemorySegment(c, r + (long) L * Float.BYTES, LE);
        }
    }

    /**
     * Stores the {@code rows x cols} corner of a tile, row {@code i} at {@code tile[i * NR]}, to C
     * at byte offset {@code cb}, rows {@code rowBytes} apart and columns contiguous, adding it to
     * C's values when {@code add}; a last partial vector of a row is written under a mask.
     */
    static void store(float[] tile, int rows, int cols, MemorySegment c, long cb, long rowBytes, boolean add) {
        for (int i = 0; i < rows; i++) {
            long r = cb + i * rowBytes;
            for (int v = 0; v < cols; v += L) {
                long o = r + (long) v * Float.BYTES;
                FloatVector t = FloatVector.fromArray(S, tile, i * NR + v);
                if (v + L <= cols) {
                    if (add) {
                        t = FloatVector.fromMemorySegment(S, c, o, LE).add(t);
                    }
                    t.intoMemorySegment(c, o, LE);
                } else {
                    VectorMask<Float> m = S.indexInRange(v, cols);
                    if (add) {
                        t = FloatVector.fromMemorySegment(S, c, o, LE, m).add(t);
                    }
                    t.intoMemorySegment(c, o, LE, m);
                }
            }
        }
    }

    /**
     * The whole steps of {@code GemmF32}'s lanes for eight rows side by side, from heap copies:
     * row {@code q} is {@code w} from {@code q * ws + o} times {@code x} from {@code q * xs + o}
     * ({@code xs} 0 for one vector shared by the rows, {@code KC} for eight panels of one row);
     * for {@code p < full} (a multiple of {@code LANES}), {@code lanes[q * LANES + p % LANES]} =
     * the fused chain over its terms in order, from zero. A vector holds {@code L} neighbouring
     * lanes, so a row's {@code LANES} lanes are {@link #P} vectors, and a pass runs
     * {@link #R} rows with all of their vectors: every row is read in one sweep of whole lines
     * (with float64 on AVX-512, two passes of four rows; before, two passes of eight rows each read
     * every other line). Per pass the eight accumulators are independent chains, eight in the
     * unrolled statements below because C2 keeps vectors in registers only as separate locals (the
     * same holds for {@link #rowLanesSeg} and {@link #panelLanesSeg}). Which lane a term joins,
     * and in what order, is the same for every {@code P}: only the schedule differs.
     */
    static void lanes8(float[] w, int ws, float[] x, int xs, int o, int full, float[] lanes) {
        final int n = GemmF32.LANES;
        for (int g = 0; g < 8; g += R) {
            // accumulator k: row g + k / P, lanes (k % P) * L on (constants folded by C2)
            int w0 = (g + 0 / P) * ws + 0 % P * L + o;
            int w1 = (g + 1 / P) * ws + 1 % P * L + o;
            int w2 = (g + 2 / P) * ws + 2 % P * L + o;
            int w3 = (g + 3 / P) * ws + 3 % P * L + o;
            int w4 = (g + 4 / P) * ws + 4 % P * L + o;
            int w5 = (g + 5 / P) * ws + 5 % P * L + o;
            int w6 = (g + 6 / P) * ws + 6 % P * L + o;
            int w7 = (g + 7 / P) * ws + 7 % P * L + o;
            int x0 = (g + 0 / P) * xs + 0 % P * L + o;
            int x1 = (g + 1 / P) * xs + 1 % P * L + o;
            int x2 = (g + 2 / P) * xs + 2 % P * L + o;
            int x3 = (g + 3 / P) * xs + 3 % P * L + o;
            int x4 = (g + 4 / P) * xs + 4 % P * L + o;
            int x5 = (g + 5 / P) * xs + 5 % P * L + o;
            int x6 = (g + 6 / P) * xs + 6 % P * L + o;
            int x7 = (g + 7 / P) * xs + 7 % P * L + o;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            for (int p = 0; p < full; p += n) {
                a0 = FloatVector.fromArray(S, w, w0 + p).fma(FloatVector.fromArray(S, x, x0 + p), a0);
                a1 = FloatVector.fromArray(S, w, w1 + p).fma(FloatVector.fromArray(S, x, x1 + p), a1);
                a2 = FloatVector.fromArray(S, w, w2 + p).fma(FloatVector.fromArray(S, x, x2 + p), a2);
                a3 = FloatVector.fromArray(S, w, w3 + p).fma(FloatVector.fromArray(S, x, x3 + p), a3);
                a4 = FloatVector.fromArray(S, w, w4 + p).fma(FloatVector.fromArray(S, x, x4 + p), a4);
                a5 = FloatVector.fromArray(S, w, w5 + p).fma(FloatVector.fromArray(S, x, x5 + p), a5);
                a6 = FloatVector.fromArray(S, w, w6 + p).fma(FloatVector.fromArray(S, x, x6 + p), a6);
                a7 = FloatVector.fromArray(S, w, w7 + p).fma(FloatVector.fromArray(S, x, x7 + p), a7);
            }
            T.cast(a0).intoArray(lanes, (g + 0 / P) * n + 0 % P * L);
            T.cast(a1).intoArray(lanes, (g + 1 / P) * n + 1 % P * L);
            T.cast(a2).intoArray(lanes, (g + 2 / P) * n + 2 % P * L);
            T.cast(a3).intoArray(lanes, (g + 3 / P) * n + 3 % P * L);
            T.cast(a4).intoArray(lanes, (g + 4 / P) * n + 4 % P * L);
            T.cast(a5).intoArray(lanes, (g + 5 / P) * n + 5 % P * L);
            T.cast(a6).intoArray(lanes, (g + 6 / P) * n + 6 % P * L);
            T.cast(a7).intoArray(lanes, (g + 7 / P) * n + 7 % P * L);
        }
    }

    /**
     * {@link #lanes8} for rows times a shared vector, the rows read straight from float32 memory
     * instead of a heap copy, and the tail of a partial step included: row {@code q} starts at
     * byte {@code base + min(q, rows - 1) * rowBytes} of {@code u} (rows past {@code rows} repeat
     * the last, their values unused), its terms {@code p < kc} are times {@code x[o + p]}. Each
     * row's lanes are combined in vectors into {@code s[q]} ({@code GemmF32.combine}'s values;
     * {@code s} has at least {@code 8 + L} elements, the ones past 8 scratch). When {@code kc} is
     * not a whole number of steps ({@code kc % LANES != 0}) a pass's lanes go through
     * {@code lanes} ({@code 8 * LANES} elements at least) for {@link #tailLanes} to add the
     * partial last step, and come back for the combine; else {@code lanes} is not written.
     */
    static void rowLanesSeg(MemorySegment u, long base, long rowBytes, int rows, float[] x, int o, int kc,
            float[] lanes, float[] s) {
        final int n = GemmF32.LANES;
        final long w = Float.BYTES;
        final int last = rows - 1;
        int full = kc / n * n;
        boolean whole = full == kc;
        for (int g = 0; g < 8; g += R) {
            // accumulator k: row g + k / P (rows past the last repeat it), lanes (k % P) * L on
            long r0 = base + Math.min(g + 0 / P, last) * rowBytes + 0 % P * L * w;
            long r1 = base + Math.min(g + 1 / P, last) * rowBytes + 1 % P * L * w;
            long r2 = base + Math.min(g + 2 / P, last) * rowBytes + 2 % P * L * w;
            long r3 = base + Math.min(g + 3 / P, last) * rowBytes + 3 % P * L * w;
            long r4 = base + Math.min(g + 4 / P, last) * rowBytes + 4 % P * L * w;
            long r5 = base + Math.min(g + 5 / P, last) * rowBytes + 5 % P * L * w;
            long r6 = base + Math.min(g + 6 / P, last) * rowBytes + 6 % P * L * w;
            long r7 = base + Math.min(g + 7 / P, last) * rowBytes + 7 % P * L * w;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            for (int p = 0; p < full; p += n) {
                long b = p * w;
                int xp = o + p;
                a0 = FloatVector.fromMemorySegment(S, u, r0 + b, LE).fma(FloatVector.fromArray(S, x, xp + 0 % P * L), a0);
                a1 = FloatVector.fromMemorySegment(S, u, r1 + b, LE).fma(FloatVector.fromArray(S, x, xp + 1 % P * L), a1);
                a2 = FloatVector.fromMemorySegment(S, u, r2 + b, LE).fma(FloatVector.fromArray(S, x, xp + 2 % P * L), a2);
                a3 = FloatVector.fromMemorySegment(S, u, r3 + b, LE).fma(FloatVector.fromArray(S, x, xp + 3 % P * L), a3);
                a4 = FloatVector.fromMemorySegment(S, u, r4 + b, LE).fma(FloatVector.fromArray(S, x, xp + 4 % P * L), a4);
                a5 = FloatVector.fromMemorySegment(S, u, r5 + b, LE).fma(FloatVector.fromArray(S, x, xp + 5 % P * L), a5);
                a6 = FloatVector.fromMemorySegment(S, u, r6 + b, LE).fma(FloatVector.fromArray(S, x, xp + 6 % P * L), a6);
                a7 = FloatVector.fromMemorySegment(S, u, r7 + b, LE).fma(FloatVector.fromArray(S, x, xp + 7 % P * L), a7);
            }
            if (!whole) {
                // the partial last step on the stored lanes of this pass's rows, then back
                T.cast(a0).intoArray(lanes, (g + 0 / P) * n + 0 % P * L);
                T.cast(a1).intoArray(lanes, (g + 1 / P) * n + 1 % P * L);
                T.cast(a2).intoArray(lanes, (g + 2 / P) * n + 2 % P * L);
                T.cast(a3).intoArray(lanes, (g + 3 / P) * n + 3 % P * L);
                T.cast(a4).intoArray(lanes, (g + 4 / P) * n + 4 % P * L);
                T.cast(a5).intoArray(lanes, (g + 5 / P) * n + 5 % P * L);
                T.cast(a6).intoArray(lanes, (g + 6 / P) * n + 6 % P * L);
                T.cast(a7).intoArray(lanes, (g + 7 / P) * n + 7 % P * L);
                tailLanes(u, base, rowBytes, g, Math.min(g + R, rows), x, o, full, kc, lanes);
                a0 = FloatVector.fromArray(S, lanes, (g + 0 / P) * n + 0 % P * L);
                a1 = FloatVector.fromArray(S, lanes, (g + 1 / P) * n + 1 % P * L);
                a2 = FloatVector.fromArray(S, lanes, (g + 2 / P) * n + 2 % P * L);
                a3 = FloatVector.fromArray(S, lanes, (g + 3 / P) * n + 3 % P * L);
                a4 = FloatVector.fromArray(S, lanes, (g + 4 / P) * n + 4 % P * L);
                a5 = FloatVector.fromArray(S, lanes, (g + 5 / P) * n + 5 % P * L);
                a6 = FloatVector.fromArray(S, lanes, (g + 6 / P) * n + 6 % P * L);
                a7 = FloatVector.fromArray(S, lanes, (g + 7 / P) * n + 7 % P * L);
            }
            // GemmF32.combine of each row, in vectors (see pairs)
            FloatVector b0 = T.cast(a0).rearrange(EVEN, a1).add(T.cast(a0).rearrange(ODD, a1));
            FloatVector b1 = T.cast(a2).rearrange(EVEN, a3).add(T.cast(a2).rearrange(ODD, a3));
            FloatVector b2 = T.cast(a4).rearrange(EVEN, a5).add(T.cast(a4).rearrange(ODD, a5));
            FloatVector b3 = T.cast(a6).rearrange(EVEN, a7).add(T.cast(a6).rearrange(ODD, a7));
            FloatVector c0 = T.cast(b0).rearrange(EVEN, b1).add(T.cast(b0).rearrange(ODD, b1));
            FloatVector c1 = T.cast(b2).rearrange(EVEN, b3).add(T.cast(b2).rearrange(ODD, b3));
            FloatVector d0 = T.cast(c0).rearrange(EVEN, c1).add(T.cast(c0).rearrange(ODD, c1));
            FloatVector e0 = T.cast(d0).rearrange(EVEN, d0).add(T.cast(d0).rearrange(ODD, d0));
            T.cast(e0).intoArray(s, g); // rows g to g + R; to g + L, overwritten by the next pass
        }
    }

    /**
     * The partial last step of {@link #rowLanesSeg} ({@code full < kc}) for its rows
     * {@code [from, to)}, on the lanes it stored: lane {@code l} of row {@code q} takes term
     * {@code full + l} when there is one, the others are not written (a masked store; adding a
     * zero product instead would turn a chain's -0, which an underflow can leave, into +0). The
     * loads are masked too, so nothing past the depth is read. The same chains as one scalar
     * fused multiply-add per term, the step's old form, which read the terms one by one through
     * the segment.
     */
    private static void tailLanes(MemorySegment u, long base, long rowBytes, int from, int to, float[] x, int o,
            int full, int kc, float[] lanes) {
        final int n = GemmF32.LANES;
        for (int j = full; j < kc; j += L) {
            // one mask and one load of the vector's part for all the rows
            VectorMask<Float> m = S.indexInRange(j, kc);
            FloatVector xj = FloatVector.fromArray(S, x, o + j, m);
            for (int q = from; q < to; q++) {
                int l = q * n + j - full;
                long at = base + q * rowBytes + j * (long) Float.BYTES;
                FloatVector t = FloatVector.fromMemorySegment(S, u, at, LE, m);
                T.cast(t).fma(xj, FloatVector.fromArray(S, lanes, l)).intoArray(lanes, l, m);
            }
        }
    }

    /**
     * {@link #lanes8} for eight whole panels of one row, both operands read straight from float32
     * memory, the lanes combined in vectors: {@code s[q]} = {@code GemmF32.combine} of the lanes of
     * panel {@code q}, which is {@code KC} elements from byte {@code ub + q * KC * 4} of {@code u}
     * times as many from {@code vb + q * KC * 4} of {@code v}. {@code s} has at least {@code 8 + L}
     * elements; those past 8 are scratch.
     */
    static void panelLanesSeg(MemorySegment u, long ub, MemorySegment v, long vb, float[] s) {
        final int kc = Gemm.KC;
        final int n = GemmF32.LANES;
        final long w = Float.BYTES;
        final long pb = kc * w;
        for (int g = 0; g < 8; g += R) {
            // accumulator k: panel g + k / P, lanes (k % P) * L on
            long o0 = (g + 0 / P) * pb + 0 % P * L * w;
            long o1 = (g + 1 / P) * pb + 1 % P * L * w;
            long o2 = (g + 2 / P) * pb + 2 % P * L * w;
            long o3 = (g + 3 / P) * pb + 3 % P * L * w;
            long o4 = (g + 4 / P) * pb + 4 % P * L * w;
            long o5 = (g + 5 / P) * pb + 5 % P * L * w;
            long o6 = (g + 6 / P) * pb + 6 % P * L * w;
            long o7 = (g + 7 / P) * pb + 7 % P * L * w;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            for (int p = 0; p < kc; p += n) {
                long uo = ub + p * w;
                long vo = vb + p * w;
                a0 = FloatVector.fromMemorySegment(S, u, uo + o0, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o0, LE), a0);
                a1 = FloatVector.fromMemorySegment(S, u, uo + o1, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o1, LE), a1);
                a2 = FloatVector.fromMemorySegment(S, u, uo + o2, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o2, LE), a2);
                a3 = FloatVector.fromMemorySegment(S, u, uo + o3, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o3, LE), a3);
                a4 = FloatVector.fromMemorySegment(S, u, uo + o4, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o4, LE), a4);
                a5 = FloatVector.fromMemorySegment(S, u, uo + o5, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o5, LE), a5);
                a6 = FloatVector.fromMemorySegment(S, u, uo + o6, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o6, LE), a6);
                a7 = FloatVector.fromMemorySegment(S, u, uo + o7, LE).fma(FloatVector.fromMemorySegment(S, v, vo + o7, LE), a7);
            }
            // GemmF32.combine of each row, in vectors (see pairs)
            FloatVector b0 = T.cast(a0).rearrange(EVEN, a1).add(T.cast(a0).rearrange(ODD, a1));
            FloatVector b1 = T.cast(a2).rearrange(EVEN, a3).add(T.cast(a2).rearrange(ODD, a3));
            FloatVector b2 = T.cast(a4).rearrange(EVEN, a5).add(T.cast(a4).rearrange(ODD, a5));
            FloatVector b3 = T.cast(a6).rearrange(EVEN, a7).add(T.cast(a6).rearrange(ODD, a7));
            FloatVector c0 = T.cast(b0).rearrange(EVEN, b1).add(T.cast(b0).rearrange(ODD, b1));
            FloatVector c1 = T.cast(b2).rearrange(EVEN, b3).add(T.cast(b2).rearrange(ODD, b3));
            FloatVector d0 = T.cast(c0).rearrange(EVEN, c1).add(T.cast(c0).rearrange(ODD, c1));
            FloatVector e0 = T.cast(d0).rearrange(EVEN, d0).add(T.cast(d0).rearrange(ODD, d0));
            T.cast(e0).intoArray(s, g); // rows g to g + R; to g + L, overwritten by the next pass
        }
    }

    /**
     * Four depth steps of {@code GemmF32.axpyRows}' column chains, the rows read straight from
     * float32 memory: for {@code j < nc}, {@code acc[j]} = the fused chain of {@code acc[j]}
     * with {@code x0} times row 0's element {@code j} (at byte {@code o + 4 j} of {@code w}),
     * then {@code x1} times row 1's (at {@code o + rowBytes + 4 j}), and so on: the portable
     * {@code axpy4}'s operations, lane by lane, the tail in scalar code.
     */
    static void axpy4Seg(int nc, float x0, float x1, float x2, float x3, MemorySegment w, long o, long rowBytes,
            float[] acc) {
        final long e = Float.BYTES;
        FloatVector b0 = FloatVector.broadcast(S, x0);
        FloatVector b1 = FloatVector.broadcast(S, x1);
        FloatVector b2 = FloatVector.broadcast(S, x2);
        FloatVector b3 = FloatVector.broadcast(S, x3);
        long o1 = o + rowBytes;
        long o2 = o1 + rowBytes;
        long o3 = o2 + rowBytes;
        int j = 0;
        for (int end = nc - L; j <= end; j += L) {
            long at = j * e;
            FloatVector a = FloatVector.fromArray(S, acc, j);
            a = b0.fma(FloatVector.fromMemorySegment(S, w, o + at, LE), a);
            a = b1.fma(FloatVector.fromMemorySegment(S, w, o1 + at, LE), a);
            a = b2.fma(FloatVector.fromMemorySegment(S, w, o2 + at, LE), a);
            a = b3.fma(FloatVector.fromMemorySegment(S, w, o3 + at, LE), a);
            T.cast(a).intoArray(acc, j);
        }
        for (; j < nc; j++) {
            long at = j * e;
            acc[j] = Math.fma(x3, w.get(Elements.F32, o3 + at), Math.fma(x2, w.get(Elements.F32, o2 + at),
                    Math.fma(x1, w.get(Elements.F32, o1 + at), Math.fma(x0, w.get(Elements.F32, o + at), acc[j]))));
        }
    }

    /** One depth step of {@link #axpy4Seg}: {@code acc[j]} = the fused {@code x * w(j) + acc[j]}. */
    static void axpy1Seg(int nc, float x, MemorySegment w, long o, float[] acc) {
        final long e = Float.BYTES;
        FloatVector b = FloatVector.broadcast(S, x);
        int j = 0;
        for (int end = nc - L; j <= end; j += L) {
            FloatVector a = FloatVector.fromArray(S, acc, j);
            T.cast(b.fma(FloatVector.fromMemorySegment(S, w, o + j * e, LE), a)).intoArray(acc, j);
        }
        for (; j < nc; j++) {
            acc[j] = Math.fma(x, w.get(Elements.F32, o + j * e), acc[j]);
        }
    }
}
