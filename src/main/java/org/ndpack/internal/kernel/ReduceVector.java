package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.W;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ndpack.internal.dtype.Elements;

/**
 * Vector API versions of the summation loops of {@link ReduceKernels}, with the same
 * association order and therefore the same bits: lane {@code j} of a leaf is lane {@code j % 8}
 * of float32 accumulator {@code j / 8}, or lane {@code j % 4} of double accumulator
 * {@code j / 4} (256-bit vectors), and every lane adds its values in sequence order.
 *
 * <p>Load this class only when {@link org.ndpack.internal.kernel.VectorSupport#ENABLED} is true.
 * Stateless and thread-safe.
 */
final class ReduceVector {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static {
        if (W != 16 || LEAF % W != 0) {
            throw new AssertionError("ReduceVector is written for 16 lanes");
        }
    }

    private ReduceVector() {
    }

    /**
     * Sums one full leaf of float32 values at byte offset {@code at} in float32 lanes (two
     * vectors of eight) and widens the lanes into {@code out[pos, pos + W)}.
     */
    static void leafF32(MemorySegment s, long at, double[] out, int pos) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        for (int i = 0; i < LEAF * 4; i += W * 4) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, s, at + i, LE));
            a1 = a1.add(FloatVector.fromMemorySegment(F, s, at + i + 32, LE));
        }
        ((DoubleVector) a0.convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos);
        ((DoubleVector) a0.convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 4);
        ((DoubleVector) a1.convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos + 8);
        ((DoubleVector) a1.convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 12);
    }

    /** {@link #leafF32} over a float buffer, {@code buf[from, from + LEAF)}. */
    static void leafFloats(float[] buf, int from, double[] out, int pos) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        for (int i = from, end = from + LEAF; i < end; i += W) {
            a0 = a0.add(FloatVector.fromArray(F, buf, i));
            a1 = a1.add(FloatVector.fromArray(F, buf, i + 8));
        }
        ((DoubleVector) a0.convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos);
        ((DoubleVector) a0.convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 4);
        ((DoubleVector) a1.convertShape(VectorOperators.F2D, D, 0)).intoArray(out, pos + 8);
        ((DoubleVector) a1.convertShape(VectorOperators.F2D, D, 1)).intoArray(out, pos + 12);
    }

    /**
     * Sums four full leaves of float32 values at byte offset {@code at} (each in float32 lanes,
     * widened) and combines them as the binary counter would, {@code (L0 + L1) + (L2 + L3)} in
     * double, into one level-2 node at {@code out[pos, pos + W)}.
     */
    static void quadF32(MemorySegment s, long at, double[] out, int pos) {
        DoubleVector p0 = DoubleVector.zero(D);
        DoubleVector p1 = p0;
        DoubleVector p2 = p0;
        DoubleVector p3 = p0;
        for (int leaf = 0; leaf < 4; leaf++) {
            FloatVector f0 = FloatVector.zero(F);
            FloatVector f1 = f0;
            for (int i = 0; i < LEAF * 4; i += W * 4) {
                f0 = f0.add(FloatVector.fromMemorySegment(F, s, at + i, LE));
                f1 = f1.add(FloatVector.fromMemorySegment(F, s, at + i + 32, LE));
            }
            at += LEAF * 4L;
            DoubleVector a0 = (DoubleVector) f0.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a1 = (DoubleVector) f0.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector a2 = (DoubleVector) f1.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a3 = (DoubleVector) f1.convertShape(VectorOperators.F2D, D, 1);
            if ((leaf & 1) == 0) {
                p0 = a0;
                p1 = a1;
                p2 = a2;
                p3 = a3;
            } else if (leaf == 1) {
                // park (L0 + L1) in the node slot until (L2 + L3) is ready
                p0.add(a0).intoArray(out, pos);
                p1.add(a1).intoArray(out, pos + 4);
                p2.add(a2).intoArray(out, pos + 8);
                p3.add(a3).intoArray(out, pos + 12);
            } else {
                DoubleVector.fromArray(D, out, pos).add(p0.add(a0)).intoArray(out, pos);
                DoubleVector.fromArray(D, out, pos + 4).add(p1.add(a1)).intoArray(out, pos + 4);
                DoubleVector.fromArray(D, out, pos + 8).add(p2.add(a2)).intoArray(out, pos + 8);
                DoubleVector.fromArray(D, out, pos + 12).add(p3.add(a3)).intoArray(out, pos + 12);
            }
        }
    }

    /** Sums one full leaf of float64 values at byte offset {@code at} into {@code out[pos, pos + W)}. */
    static void leafF64(MemorySegment s, long at, double[] out, int pos) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (long end = at + LEAF * 8L; at < end; at += W * 8) {
            a0 = a0.add(DoubleVector.fromMemorySegment(D, s, at, LE));
            a1 = a1.add(DoubleVector.fromMemorySegment(D, s, at + 32, LE));
            a2 = a2.add(DoubleVector.fromMemorySegment(D, s, at + 64, LE));
            a3 = a3.add(DoubleVector.fromMemorySegment(D, s, at + 96, LE));
        }
        a0.intoArray(out, pos);
        a1.intoArray(out, pos + 4);
        a2.intoArray(out, pos + 8);
        a3.intoArray(out, pos + 12);
    }

    /** Sums one full leaf {@code buf[from, from + LEAF)} into {@code out[pos, pos + W)}. */
    static void leafArray(double[] buf, int from, double[] out, int pos) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int i = from, end = from + LEAF; i < end; i += W) {
            a0 = a0.add(DoubleVector.fromArray(D, buf, i));
            a1 = a1.add(DoubleVector.fromArray(D, buf, i + 4));
            a2 = a2.add(DoubleVector.fromArray(D, buf, i + 8));
            a3 = a3.add(DoubleVector.fromArray(D, buf, i + 12));
        }
        a0.intoArray(out, pos);
        a1.intoArray(out, pos + 4);
        a2.intoArray(out, pos + 8);
        a3.intoArray(out, pos + 12);
    }

    /**
     * {@code acc[j] += ((x0[j] + x1[j]) + x2[j]) + x3[j]} in float32, for four rows of {@code n}
     * float32 values, {@code rowBytes} apart, the first at byte offset {@code at}.
     */
    static void groupF32(MemorySegment s, long at, long rowBytes, int n, float[] acc) {
        long r2 = 2 * rowBytes;
        long r3 = 3 * rowBytes;
        int j = 0;
        for (int end = n - 7; j < end; j += 8, at += 32) {
            FloatVector q = FloatVector.fromMemorySegment(F, s, at, LE)
                    .add(FloatVector.fromMemorySegment(F, s, at + rowBytes, LE))
                    .add(FloatVector.fromMemorySegment(F, s, at + r2, LE))
                    .add(FloatVector.fromMemorySegment(F, s, at + r3, LE));
            FloatVector.fromArray(F, acc, j).add(q).intoArray(acc, j);
        }
        for (; j < n; j++, at += 4) {
            float q = s.get(Elements.F32, at) + s.get(Elements.F32, at + rowBytes);
            q += s.get(Elements.F32, at + r2);
            q += s.get(Elements.F32, at + r3);
            acc[j] += q;
        }
    }

    /** {@link #groupF32} for float64 rows. */
    static void groupF64(MemorySegment s, long at, long rowBytes, int n, double[] acc) {
        long r2 = 2 * rowBytes;
        long r3 = 3 * rowBytes;
        int j = 0;
        for (int end = n - 3; j < end; j += 4, at += 32) {
            DoubleVector q = DoubleVector.fromMemorySegment(D, s, at, LE)
                    .add(DoubleVector.fromMemorySegment(D, s, at + rowBytes, LE))
                    .add(DoubleVector.fromMemorySegment(D, s, at + r2, LE))
                    .add(DoubleVector.fromMemorySegment(D, s, at + r3, LE));
            DoubleVector.fromArray(D, acc, j).add(q).intoArray(acc, j);
        }
        for (; j < n; j++, at += 8) {
            double q = s.get(Elements.F64, at) + s.get(Elements.F64, at + rowBytes);
            q += s.get(Elements.F64, at + r2);
            q += s.get(Elements.F64, at + r3);
            acc[j] += q;
        }
    }

    /** {@code a[ap + j] += b[bp + j]} in float32 for {@code j < n}. */
    static void addFloats(float[] a, int ap, float[] b, int bp, int n) {
        int j = 0;
        for (int end = n - 7; j < end; j += 8) {
            FloatVector.fromArray(F, a, ap + j).add(FloatVector.fromArray(F, b, bp + j)).intoArray(a, ap + j);
        }
        for (; j < n; j++) {
            a[ap + j] += b[bp + j];
        }
    }

    /** {@code a[ap + j] += b[bp + j]} for {@code j < n}. */
    static void addArray(double[] a, int ap, double[] b, int bp, int n) {
        int j = 0;
        for (int end = n - 3; j < end; j += 4) {
            DoubleVector.fromArray(D, a, ap + j).add(DoubleVector.fromArray(D, b, bp + j)).intoArray(a, ap + j);
        }
        for (; j < n; j++) {
            a[ap + j] += b[bp + j];
        }
    }
}
