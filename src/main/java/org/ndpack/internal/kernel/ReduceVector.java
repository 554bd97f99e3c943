package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.ROW_GROUP;
import static org.ndpack.internal.kernel.ReduceKernels.ROW_LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.W;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ndpack.internal.dtype.Elements;

/**
 * Vector API versions of the summation loops of {@link ReduceKernels} (and of its minimum and
 * maximum leaves), with the same association order and therefore the same bits: lane {@code j}
 * of a leaf is lane {@code j % 8} of float32 accumulator {@code j / 8}, or lane {@code j % 4} of
 * double accumulator {@code j / 4} (256-bit vectors), and every lane adds its values in sequence
 * order.
 *
 * <p>Load this class only when {@link org.ndpack.internal.kernel.VectorSupport#ENABLED} is true.
 * Stateless and thread-safe.
 */
final class ReduceVector {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    /** For lane-wise work, whose bits do not depend on the vector width: the widest vectors. */
    private static final VectorSpecies<Float> FP = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DP = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    // The species' vector classes, for the casts below (see the note after the constructor).
    private static final Class<DoubleVector> D_T = vectorClass(D);
    private static final Class<FloatVector> F_T = vectorClass(F);
    private static final Class<FloatVector> FP_T = vectorClass(FP);
    private static final Class<DoubleVector> DP_T = vectorClass(DP);

    static {
        if (W != 16 || LEAF % W != 0) {
            throw new AssertionError("ReduceVector is written for 16 lanes");
        }
    }

    private ReduceVector() {
    }

    /** {@return the concrete class of {@code species}' vectors} */
    @SuppressWarnings("unchecked")
    static <V> Class<V> vectorClass(VectorSpecies<?> species) {
        return (Class<V>) species.vectorType();
    }

    // Casts to a species' own (final) vector class. A vector method called on a value whose class
    // C2 does not know exactly (a loop's accumulator, a convertShape result, either arm of a
    // choice) is an abstract call, which C2 inlines only by the type profile of the Vector API's
    // own shared methods. When the JIT compiled those without profiling (it does so when its
    // queue is long, as at start-up), C2 left the call virtual: every vector was then a heap
    // object and the sums ran 15 to 30 times slower for the JVM's whole life (two JVMs in 27 on
    // this project's machine). Casting by a constant final class gives C2 the exact type whatever
    // the profile, and the check folds away in the compiled code. The casts are written out at
    // each use: Class.cast is a C2 intrinsic, while a helper method taking a vector boxes it
    // wherever C2 does not inline the helper. UnprofiledVectorTest checks every kernel here and
    // in GemmVectorF32 with all type profiles off.

    /**
     * Sums one full leaf of float32 values at byte offset {@code at} in float32 lanes (two
     * vectors of eight) and widens the lanes into {@code out[pos, pos + W)}.
     */
    static void leafF32(MemorySegment s, long at, double[] out, int pos) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        for (int i = 0; i < LEAF * 4; i += W * 4) {
            a0 = F_T.cast(a0).add(FloatVector.fromMemorySegment(F, s, at + i, LE));
            a1 = F_T.cast(a1).add(FloatVector.fromMemorySegment(F, s, at + i + 32, LE));
        }
        D_T.cast((DoubleVector) F_T.cast(a0).convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos);
        D_T.cast((DoubleVector) F_T.cast(a0).convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 4);
        D_T.cast((DoubleVector) F_T.cast(a1).convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos + 8);
        D_T.cast((DoubleVector) F_T.cast(a1).convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 12);
    }

    /** {@link #leafF32} over a float buffer, {@code buf[from, from + LEAF)}. */
    static void leafFloats(float[] buf, int from, double[] out, int pos) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        for (int i = from, end = from + LEAF; i < end; i += W) {
            a0 = F_T.cast(a0).add(FloatVector.fromArray(F, buf, i));
            a1 = F_T.cast(a1).add(FloatVector.fromArray(F, buf, i + 8));
        }
        D_T.cast((DoubleVector) F_T.cast(a0).convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos);
        D_T.cast((DoubleVector) F_T.cast(a0).convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 4);
        D_T.cast((DoubleVector) F_T.cast(a1).convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos + 8);
        D_T.cast((DoubleVector) F_T.cast(a1).convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 12);
    }


    /**
     * Sums four full leaves of float32 values at byte offset {@code at} (each in float32 lanes,
     * widened) and combines them as the binary counter would, {@code (L0 + L1) + (L2 + L3)} in
     * double, into one level-2 node at {@code out[pos, pos + W)}: {@link #quadF32Wide} where a
     * vector holds a whole leaf's 16 lanes, else {@link #quadF32Narrow}. Each leaf has
     * accumulators of its own and each lane adds its 16 values in sequence order. The leaves are
     * read one after another, in address order, in four short loops; the out-of-order core still
     * overlaps the four independent chains of adds. Reading them side by side instead (one loop,
     * four streams 1 KiB apart, until the thirteenth session) ran at a third of the memory's speed
     * on an AMD Zen 4 host: a bare loop over 64 MiB took 6.5-7.6 ms against 2.6-3.0 ms in address
     * order, and the whole 16M-value sum on one thread 7.4-8.3 ms against 2.2-2.4 ms. On the Intel
     * host of the earlier sessions address order had been level or up to a quarter slower. The same
     * additions either way, so the same bits ({@code QuadLeafOrderTest}).
     */
    static void quadF32(MemorySegment s, long at, double[] out, int pos) {
        if (FP.length() == W) {
            quadF32Wide(s, at, out, pos);
        } else {
            quadF32Narrow(s, at, out, pos);
        }
    }

    /** {@link #quadF32} in 256-bit vectors: two float32 accumulators per leaf. */
    static void quadF32Narrow(MemorySegment s, long at, double[] out, int pos) {
        long q = LEAF * 4L;
        FloatVector f00 = FloatVector.zero(F);
        FloatVector f01 = f00;
        FloatVector f10 = f00;
        FloatVector f11 = f00;
        FloatVector f20 = f00;
        FloatVector f21 = f00;
        FloatVector f30 = f00;
        FloatVector f31 = f00;
        for (long i = at, end = at + q; i < end; i += W * 4) {
            f00 = F_T.cast(f00).add(FloatVector.fromMemorySegment(F, s, i, LE));
            f01 = F_T.cast(f01).add(FloatVector.fromMemorySegment(F, s, i + 32, LE));
        }
        for (long i = at + q, end = at + 2 * q; i < end; i += W * 4) {
            f10 = F_T.cast(f10).add(FloatVector.fromMemorySegment(F, s, i, LE));
            f11 = F_T.cast(f11).add(FloatVector.fromMemorySegment(F, s, i + 32, LE));
        }
        for (long i = at + 2 * q, end = at + 3 * q; i < end; i += W * 4) {
            f20 = F_T.cast(f20).add(FloatVector.fromMemorySegment(F, s, i, LE));
            f21 = F_T.cast(f21).add(FloatVector.fromMemorySegment(F, s, i + 32, LE));
        }
        for (long i = at + 3 * q, end = at + 4 * q; i < end; i += W * 4) {
            f30 = F_T.cast(f30).add(FloatVector.fromMemorySegment(F, s, i, LE));
            f31 = F_T.cast(f31).add(FloatVector.fromMemorySegment(F, s, i + 32, LE));
        }
        // (L0 + L1) + (L2 + L3) in double; written out here, as a helper taking vectors that
        // is not inlined would box them
        D_T.cast((DoubleVector) F_T.cast(f00).convertShape(VectorOperators.F2D, D, 0)).add(D_T.cast((DoubleVector) F_T.cast(f10).convertShape(VectorOperators.F2D, D, 0)))
                .add(D_T.cast((DoubleVector) F_T.cast(f20).convertShape(VectorOperators.F2D, D, 0)).add(D_T.cast((DoubleVector) F_T.cast(f30).convertShape(VectorOperators.F2D, D, 0))))
                .intoArray(out, pos);
        D_T.cast((DoubleVector) F_T.cast(f00).convertShape(VectorOperators.F2D, D, 1)).add(D_T.cast((DoubleVector) F_T.cast(f10).convertShape(VectorOperators.F2D, D, 1)))
                .add(D_T.cast((DoubleVector) F_T.cast(f20).convertShape(VectorOperators.F2D, D, 1)).add(D_T.cast((DoubleVector) F_T.cast(f30).convertShape(VectorOperators.F2D, D, 1))))
                .intoArray(out, pos + 4);
        D_T.cast((DoubleVector) F_T.cast(f01).convertShape(VectorOperators.F2D, D, 0)).add(D_T.cast((DoubleVector) F_T.cast(f11).convertShape(VectorOperators.F2D, D, 0)))
                .add(D_T.cast((DoubleVector) F_T.cast(f21).convertShape(VectorOperators.F2D, D, 0)).add(D_T.cast((DoubleVector) F_T.cast(f31).convertShape(VectorOperators.F2D, D, 0))))
                .intoArray(out, pos + 8);
        D_T.cast((DoubleVector) F_T.cast(f01).convertShape(VectorOperators.F2D, D, 1)).add(D_T.cast((DoubleVector) F_T.cast(f11).convertShape(VectorOperators.F2D, D, 1)))
                .add(D_T.cast((DoubleVector) F_T.cast(f21).convertShape(VectorOperators.F2D, D, 1)).add(D_T.cast((DoubleVector) F_T.cast(f31).convertShape(VectorOperators.F2D, D, 1))))
                .intoArray(out, pos + 12);
    }

    /**
     * {@link #quadF32} where a float vector holds a whole leaf's 16 lanes (512-bit vectors): one
     * accumulator per leaf, lane {@code j} of the leaf in vector lane {@code j}, so the same
     * additions in the same order with half the instructions (10-25 % less CPU per value in the
     * L2 cache).
     */
    static void quadF32Wide(MemorySegment s, long at, double[] out, int pos) {
        long q = LEAF * 4L;
        FloatVector f0 = FloatVector.zero(FP);
        FloatVector f1 = f0;
        FloatVector f2 = f0;
        FloatVector f3 = f0;
        // one leaf after another, in address order (see quadF32 for why not side by side)
        for (long i = at, end = at + q; i < end; i += W * 4) {
            f0 = FP_T.cast(f0).add(FloatVector.fromMemorySegment(FP, s, i, LE));
        }
        for (long i = at + q, end = at + 2 * q; i < end; i += W * 4) {
            f1 = FP_T.cast(f1).add(FloatVector.fromMemorySegment(FP, s, i, LE));
        }
        for (long i = at + 2 * q, end = at + 3 * q; i < end; i += W * 4) {
            f2 = FP_T.cast(f2).add(FloatVector.fromMemorySegment(FP, s, i, LE));
        }
        for (long i = at + 3 * q, end = at + 4 * q; i < end; i += W * 4) {
            f3 = FP_T.cast(f3).add(FloatVector.fromMemorySegment(FP, s, i, LE));
        }
        // (L0 + L1) + (L2 + L3) in double, lanes 0-7 then 8-15
        for (int part = 0; part < 2; part++) {
            DoubleVector l0 = DP_T.cast((DoubleVector) FP_T.cast(f0).convertShape(VectorOperators.F2D, DP, part));
            DoubleVector l1 = DP_T.cast((DoubleVector) FP_T.cast(f1).convertShape(VectorOperators.F2D, DP, part));
            DoubleVector l2 = DP_T.cast((DoubleVector) FP_T.cast(f2).convertShape(VectorOperators.F2D, DP, part));
            DoubleVector l3 = DP_T.cast((DoubleVector) FP_T.cast(f3).convertShape(VectorOperators.F2D, DP, part));
            DP_T.cast(DP_T.cast(l0.add(l1)).add(DP_T.cast(l2.add(l3)))).intoArray(out, pos + part * DP.length());
        }
    }

    /**
     * The minimum ({@code min}) or maximum of each lane of one full leaf of float32 values at
     * byte offset {@code at}, widened into {@code out[pos, pos + W)}: lane {@code j} takes
     * elements {@code j}, {@code j + W}, ... in order by {@link Math#min} or {@link Math#max}
     * lane-wise, the values the portable leaf gets from the same elements widened first (a
     * minimum or maximum is one of its inputs, and widening keeps the order and the signed
     * zeros). The lanes start from the first elements, as the identity would give them.
     */
    static void extremeF32(MemorySegment s, long at, boolean min, double[] out, int pos) {
        extremeF32(s, at, LEAF, min, out, pos);
    }

    /**
     * {@link #extremeF32} of the first {@code len} values only ({@code len} a positive multiple of
     * {@code W}): lane {@code j} takes elements {@code j}, {@code j + W}, ... below {@code len}.
     */
    static void extremeF32(MemorySegment s, long at, int len, boolean min, double[] out, int pos) {
        FloatVector a0 = FloatVector.fromMemorySegment(F, s, at, LE);
        FloatVector a1 = FloatVector.fromMemorySegment(F, s, at + 32, LE);
        long end = at + len * 4L;
        // two loops, so that each vector operation is a constant one (C2 intrinsifies no other)
        if (min) {
            for (long i = at + W * 4; i < end; i += W * 4) {
                a0 = F_T.cast(a0).min(FloatVector.fromMemorySegment(F, s, i, LE));
                a1 = F_T.cast(a1).min(FloatVector.fromMemorySegment(F, s, i + 32, LE));
            }
        } else {
            for (long i = at + W * 4; i < end; i += W * 4) {
                a0 = F_T.cast(a0).max(FloatVector.fromMemorySegment(F, s, i, LE));
                a1 = F_T.cast(a1).max(FloatVector.fromMemorySegment(F, s, i + 32, LE));
            }
        }
        D_T.cast((DoubleVector) F_T.cast(a0).convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos);
        D_T.cast((DoubleVector) F_T.cast(a0).convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 4);
        D_T.cast((DoubleVector) F_T.cast(a1).convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos + 8);
        D_T.cast((DoubleVector) F_T.cast(a1).convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 12);
    }

    /** {@link #extremeF32} for float64 values. */
    static void extremeF64(MemorySegment s, long at, boolean min, double[] out, int pos) {
        extremeF64(s, at, LEAF, min, out, pos);
    }

    /** {@link #extremeF64} of the first {@code len} values only (a positive multiple of {@code W}). */
    static void extremeF64(MemorySegment s, long at, int len, boolean min, double[] out, int pos) {
        DoubleVector a0 = DoubleVector.fromMemorySegment(D, s, at, LE);
        DoubleVector a1 = DoubleVector.fromMemorySegment(D, s, at + 32, LE);
        DoubleVector a2 = DoubleVector.fromMemorySegment(D, s, at + 64, LE);
        DoubleVector a3 = DoubleVector.fromMemorySegment(D, s, at + 96, LE);
        long end = at + len * 8L;
        if (min) {
            for (long i = at + W * 8; i < end; i += W * 8) {
                a0 = D_T.cast(a0).min(DoubleVector.fromMemorySegment(D, s, i, LE));
                a1 = D_T.cast(a1).min(DoubleVector.fromMemorySegment(D, s, i + 32, LE));
                a2 = D_T.cast(a2).min(DoubleVector.fromMemorySegment(D, s, i + 64, LE));
                a3 = D_T.cast(a3).min(DoubleVector.fromMemorySegment(D, s, i + 96, LE));
            }
        } else {
            for (long i = at + W * 8; i < end; i += W * 8) {
                a0 = D_T.cast(a0).max(DoubleVector.fromMemorySegment(D, s, i, LE));
                a1 = D_T.cast(a1).max(DoubleVector.fromMemorySegment(D, s, i + 32, LE));
                a2 = D_T.cast(a2).max(DoubleVector.fromMemorySegment(D, s, i + 64, LE));
                a3 = D_T.cast(a3).max(DoubleVector.fromMemorySegment(D, s, i + 96, LE));
            }
        }
        D_T.cast(a0).intoArray(out, pos);
        D_T.cast(a1).intoArray(out, pos + 4);
        D_T.cast(a2).intoArray(out, pos + 8);
        D_T.cast(a3).intoArray(out, pos + 12);
    }

    /** Sums one full leaf of float64 values at byte offset {@code at} into {@code out[pos, pos + W)}. */
    static void leafF64(MemorySegment s, long at, double[] out, int pos) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (long end = at + LEAF * 8L; at < end; at += W * 8) {
            a0 = D_T.cast(a0).add(DoubleVector.fromMemorySegment(D, s, at, LE));
            a1 = D_T.cast(a1).add(DoubleVector.fromMemorySegment(D, s, at + 32, LE));
            a2 = D_T.cast(a2).add(DoubleVector.fromMemorySegment(D, s, at + 64, LE));
            a3 = D_T.cast(a3).add(DoubleVector.fromMemorySegment(D, s, at + 96, LE));
        }
        D_T.cast(a0).intoArray(out, pos);
        D_T.cast(a1).intoArray(out, pos + 4);
        D_T.cast(a2).intoArray(out, pos + 8);
        D_T.cast(a3).intoArray(out, pos + 12);
    }

    /** Sums one full leaf {@code buf[from, from + LEAF)} into {@code out[pos, pos + W)}. */
    static void leafArray(double[] buf, int from, double[] out, int pos) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int i = from, end = from + LEAF; i < end; i += W) {
            a0 = D_T.cast(a0).add(DoubleVector.fromArray(D, buf, i));
            a1 = D_T.cast(a1).add(DoubleVector.fromArray(D, buf, i + 4));
            a2 = D_T.cast(a2).add(DoubleVector.fromArray(D, buf, i + 8));
            a3 = D_T.cast(a3).add(DoubleVector.fromArray(D, buf, i + 12));
        }
        D_T.cast(a0).intoArray(out, pos);
        D_T.cast(a1).intoArray(out, pos + 4);
        D_T.cast(a2).intoArray(out, pos + 8);
        D_T.cast(a3).intoArray(out, pos + 12);
    }

    /**
     * {@code acc[j] += ((x0[j] + x1[j]) + x2[j]) + x3[j]} in float32, for four rows of {@code n}
     * float32 values, {@code rowBytes} apart, the first at byte offset {@code at}.
     */
    static void groupF32(MemorySegment s, long at, long rowBytes, int n, float[] acc) {
        long r2 = 2 * rowBytes;
        long r3 = 3 * rowBytes;
        int j = 0;
        for (int step = FP.length(), end = n - step + 1; j < end; j += step, at += step * 4L) {
            FloatVector q = FloatVector.fromMemorySegment(FP, s, at, LE)
                    .add(FloatVector.fromMemorySegment(FP, s, at + rowBytes, LE))
                    .add(FloatVector.fromMemorySegment(FP, s, at + r2, LE))
                    .add(FloatVector.fromMemorySegment(FP, s, at + r3, LE));
            FloatVector.fromArray(FP, acc, j).add(q).intoArray(acc, j);
        }
        for (; j < n; j++, at += 4) {
            float q = s.get(Elements.F32, at) + s.get(Elements.F32, at + rowBytes);
            q += s.get(Elements.F32, at + r2);
            q += s.get(Elements.F32, at + r3);
            acc[j] += q;
        }
    }

    /**
     * A whole row leaf of float32 values: for {@code ROW_LEAF} rows of {@code n} values,
     * {@code rowBytes} apart, the first at byte offset {@code at}, writes to
     * {@code out[pos + j]} the leaf's value of column {@code j}, widened to double: the
     * {@code ROW_LEAF / ROW_GROUP} groups {@code ((x0 + x1) + x2) + x3} added in row order in
     * float32 to a running value that starts at 0, exactly as {@link #groupF32} four times from a
     * zeroed accumulator, but with each block of columns kept in a register across the leaf
     * instead of loaded and stored once per group. With {@code add}, the widened values are
     * added to {@code out[pos + j]} instead ({@code out + leaf}, in double): a leaf merged at once
     * into the binary counter's pending leaf node.
     */
    static void leafRowsF32(MemorySegment s, long at, long rowBytes, int n, double[] out, int pos, boolean add) {
        int step = FP.length();
        int j = 0;
        for (int end = n - step + 1; j < end; j += step, at += step * 4L) {
            FloatVector acc = FloatVector.zero(FP);
            for (long g = at, gend = at + ROW_LEAF * rowBytes; g < gend; g += ROW_GROUP * rowBytes) {
                acc = FP_T.cast(acc).add(FloatVector.fromMemorySegment(FP, s, g, LE)
                        .add(FloatVector.fromMemorySegment(FP, s, g + rowBytes, LE))
                        .add(FloatVector.fromMemorySegment(FP, s, g + 2 * rowBytes, LE))
                        .add(FloatVector.fromMemorySegment(FP, s, g + 3 * rowBytes, LE)));
            }
            for (int part = 0, dl = DP.length(); part < step / dl; part++) {
                DoubleVector wide = DP_T.cast((DoubleVector) FP_T.cast(acc).convertShape(VectorOperators.F2D, DP, part));
                int p = pos + j + part * dl;
                DP_T.cast(add ? DoubleVector.fromArray(DP, out, p).add(wide) : wide).intoArray(out, p);
            }
        }
        for (; j < n; j++, at += 4) {
            float acc = 0f;
            for (long g = at, gend = at + ROW_LEAF * rowBytes; g < gend; g += ROW_GROUP * rowBytes) {
                float q = s.get(Elements.F32, g) + s.get(Elements.F32, g + rowBytes);
                q += s.get(Elements.F32, g + 2 * rowBytes);
                q += s.get(Elements.F32, g + 3 * rowBytes);
                acc += q;
            }
            out[pos + j] = add ? out[pos + j] + acc : acc;
        }
    }

    /** {@link #groupF32} for float64 rows. */
    static void groupF64(MemorySegment s, long at, long rowBytes, int n, double[] acc) {
        long r2 = 2 * rowBytes;
        long r3 = 3 * rowBytes;
        int j = 0;
        for (int step = DP.length(), end = n - step + 1; j < end; j += step, at += step * 8L) {
            DoubleVector q = DoubleVector.fromMemorySegment(DP, s, at, LE)
                    .add(DoubleVector.fromMemorySegment(DP, s, at + rowBytes, LE))
                    .add(DoubleVector.fromMemorySegment(DP, s, at + r2, LE))
                    .add(DoubleVector.fromMemorySegment(DP, s, at + r3, LE));
            DoubleVector.fromArray(DP, acc, j).add(q).intoArray(acc, j);
        }
        for (; j < n; j++, at += 8) {
            double q = s.get(Elements.F64, at) + s.get(Elements.F64, at + rowBytes);
            q += s.get(Elements.F64, at + r2);
            q += s.get(Elements.F64, at + r3);
            acc[j] += q;
        }
    }

    /** Float32 vectors with as many lanes as {@link #DP}, for the extremes of rows. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
            jdk.incubator.vector.VectorShape.forBitSize(DP.vectorBitSize() / 2));
    private static final Class<FloatVector> FH_T = vectorClass(FH);

    /**
     * A group of {@code ROW_GROUP} rows for minima or maxima along an outer axis: for the
     * {@code n} columns of the float32 rows {@code rowBytes} apart from byte offset {@code at},
     * {@code acc[j] = op(acc[j], op(op(op(x0, x1), x2), x3))} with {@link Math#min} or
     * {@link Math#max}, as {@code ReduceDouble.row} four times and its group flush compute it
     * on the widened values. The group is taken in float32 lanes and widened after: a minimum or
     * maximum is one of its inputs (the same one, NaN for NaN), so the bits are the same.
     */
    static void groupExtremeF32(MemorySegment s, long at, long rowBytes, int n, double[] acc, boolean min) {
        long r2 = 2 * rowBytes;
        long r3 = 3 * rowBytes;
        int j = 0;
        int step = DP.length();
        // two loops, so that each vector operation is a constant one (C2 intrinsifies no other)
        if (min) {
            for (int end = n - step + 1; j < end; j += step, at += step * 4L) {
                FloatVector g = FH_T.cast(FloatVector.fromMemorySegment(FH, s, at, LE))
                        .min(FloatVector.fromMemorySegment(FH, s, at + rowBytes, LE));
                g = FH_T.cast(g).min(FloatVector.fromMemorySegment(FH, s, at + r2, LE));
                g = FH_T.cast(g).min(FloatVector.fromMemorySegment(FH, s, at + r3, LE));
                DoubleVector w = DP_T.cast((DoubleVector) FH_T.cast(g).convertShape(VectorOperators.F2D, DP, 0));
                DP_T.cast(DoubleVector.fromArray(DP, acc, j)).min(w).intoArray(acc, j);
            }
        } else {
            for (int end = n - step + 1; j < end; j += step, at += step * 4L) {
                FloatVector g = FH_T.cast(FloatVector.fromMemorySegment(FH, s, at, LE))
                        .max(FloatVector.fromMemorySegment(FH, s, at + rowBytes, LE));
                g = FH_T.cast(g).max(FloatVector.fromMemorySegment(FH, s, at + r2, LE));
                g = FH_T.cast(g).max(FloatVector.fromMemorySegment(FH, s, at + r3, LE));
                DoubleVector w = DP_T.cast((DoubleVector) FH_T.cast(g).convertShape(VectorOperators.F2D, DP, 0));
                DP_T.cast(DoubleVector.fromArray(DP, acc, j)).max(w).intoArray(acc, j);
            }
        }
        for (; j < n; j++, at += 4) {
            double x0 = s.get(Elements.F32, at);
            double x1 = s.get(Elements.F32, at + rowBytes);
            double x2 = s.get(Elements.F32, at + r2);
            double x3 = s.get(Elements.F32, at + r3);
            acc[j] = extreme(min, acc[j], extreme(min, extreme(min, extreme(min, x0, x1), x2), x3));
        }
    }

    /** {@link #groupExtremeF32} for float64 rows. */
    static void groupExtremeF64(MemorySegment s, long at, long rowBytes, int n, double[] acc, boolean min) {
        long r2 = 2 * rowBytes;
        long r3 = 3 * rowBytes;
        int j = 0;
        int step = DP.length();
        if (min) {
            for (int end = n - step + 1; j < end; j += step, at += step * 8L) {
                DoubleVector g = DP_T.cast(DoubleVector.fromMemorySegment(DP, s, at, LE))
                        .min(DoubleVector.fromMemorySegment(DP, s, at + rowBytes, LE));
                g = DP_T.cast(g).min(DoubleVector.fromMemorySegment(DP, s, at + r2, LE));
                g = DP_T.cast(g).min(DoubleVector.fromMemorySegment(DP, s, at + r3, LE));
                DP_T.cast(DoubleVector.fromArray(DP, acc, j)).min(g).intoArray(acc, j);
            }
        } else {
            for (int end = n - step + 1; j < end; j += step, at += step * 8L) {
                DoubleVector g = DP_T.cast(DoubleVector.fromMemorySegment(DP, s, at, LE))
                        .max(DoubleVector.fromMemorySegment(DP, s, at + rowBytes, LE));
                g = DP_T.cast(g).max(DoubleVector.fromMemorySegment(DP, s, at + r2, LE));
                g = DP_T.cast(g).max(DoubleVector.fromMemorySegment(DP, s, at + r3, LE));
                DP_T.cast(DoubleVector.fromArray(DP, acc, j)).max(g).intoArray(acc, j);
            }
        }
        for (; j < n; j++, at += 8) {
            double x0 = s.get(Elements.F64, at);
            double x1 = s.get(Elements.F64, at + rowBytes);
            double x2 = s.get(Elements.F64, at + r2);
            double x3 = s.get(Elements.F64, at + r3);
            acc[j] = extreme(min, acc[j], extreme(min, extreme(min, extreme(min, x0, x1), x2), x3));
        }
    }

    private static double extreme(boolean min, double a, double b) {
        return min ? Math.min(a, b) : Math.max(a, b);
    }

    /** {@code a[ap + j] += b[bp + j]} in float32 for {@code j < n} (lane-wise: the widest vectors). */
    static void addFloats(float[] a, int ap, float[] b, int bp, int n) {
        int j = 0;
        for (int step = FP.length(), end = n - step + 1; j < end; j += step) {
            FloatVector.fromArray(FP, a, ap + j).add(FloatVector.fromArray(FP, b, bp + j)).intoArray(a, ap + j);
        }
        for (; j < n; j++) {
            a[ap + j] += b[bp + j];
        }
    }

    /** {@code a[ap + j] += b[bp + j]} for {@code j < n} (lane-wise: the widest vectors). */
    static void addArray(double[] a, int ap, double[] b, int bp, int n) {
        int j = 0;
        for (int step = DP.length(), end = n - step + 1; j < end; j += step) {
            DoubleVector.fromArray(DP, a, ap + j).add(DoubleVector.fromArray(DP, b, bp + j)).intoArray(a, ap + j);
        }
        for (; j < n; j++) {
            a[ap + j] += b[bp + j];
        }
    }
}
