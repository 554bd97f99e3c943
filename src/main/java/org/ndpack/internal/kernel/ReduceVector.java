package org.ndpack.internal.kernel;

import static org.ndpack.internal.kernel.ReduceKernels.LEAF;
import static org.ndpack.internal.kernel.ReduceKernels.W;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the summation loops of {@link ReduceKernels}, with the same
 * association order and therefore the same bits: lane {@code j} of a leaf is lane {@code j % 4}
 * of accumulator vector {@code j / 4} (four {@code double} lanes of 256 bits each), and every
 * lane adds its values in sequence order. Float32 values are widened exactly to double before
 * they are added.
 *
 * <p>Load this class only when {@link org.ndpack.internal.VectorSupport#ENABLED} is true.
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

    /** Sums one full leaf of float32 values at byte offset {@code at} into {@code out[pos, pos + W)}. */
    static void leafF32(MemorySegment s, long at, double[] out, int pos) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (long end = at + LEAF * 4L; at < end; at += W * 4) {
            FloatVector x = FloatVector.fromMemorySegment(F, s, at, LE);
            FloatVector y = FloatVector.fromMemorySegment(F, s, at + 32, LE);
            a0 = a0.add((DoubleVector) x.convertShape(VectorOperators.F2D, D, 0));
            a1 = a1.add((DoubleVector) x.convertShape(VectorOperators.F2D, D, 1));
            a2 = a2.add((DoubleVector) y.convertShape(VectorOperators.F2D, D, 0));
            a3 = a3.add((DoubleVector) y.convertShape(VectorOperators.F2D, D, 1));
        }
        store(a0, a1, a2, a3, out, pos);
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
        store(a0, a1, a2, a3, out, pos);
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
        store(a0, a1, a2, a3, out, pos);
    }

    private static void store(DoubleVector a0, DoubleVector a1, DoubleVector a2, DoubleVector a3, double[] out, int pos) {
        a0.intoArray(out, pos);
        a1.intoArray(out, pos + 4);
        a2.intoArray(out, pos + 8);
        a3.intoArray(out, pos + 12);
    }

    /** {@code acc[pos + j] += x[j]} for the {@code n} float32 values at byte offset {@code at}. */
    static void rowF32(MemorySegment s, long at, int n, double[] acc, int pos) {
        int j = 0;
        for (int end = n - 7; j < end; j += 8, at += 32) {
            FloatVector x = FloatVector.fromMemorySegment(F, s, at, LE);
            DoubleVector lo = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
            lo.add(DoubleVector.fromArray(D, acc, pos + j)).intoArray(acc, pos + j);
            hi.add(DoubleVector.fromArray(D, acc, pos + j + 4)).intoArray(acc, pos + j + 4);
        }
        for (; j < n; j++, at += 4) {
            acc[pos + j] += s.get(org.ndpack.internal.Elements.F32, at);
        }
    }

    /** {@code acc[pos + j] += x[j]} for the {@code n} float64 values at byte offset {@code at}. */
    static void rowF64(MemorySegment s, long at, int n, double[] acc, int pos) {
        int j = 0;
        for (int end = n - 3; j < end; j += 4, at += 32) {
            DoubleVector.fromMemorySegment(D, s, at, LE).add(DoubleVector.fromArray(D, acc, pos + j))
                    .intoArray(acc, pos + j);
        }
        for (; j < n; j++, at += 8) {
            acc[pos + j] += s.get(org.ndpack.internal.Elements.F64, at);
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
