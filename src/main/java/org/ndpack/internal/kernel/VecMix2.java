package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.ndpack.DType;

/**
 * Template of the vector loop of float64 add, subtract, multiply and divide of operands of other
 * dtypes (int32, int64, float32 or float64, not both float64; NumPy's {@code int32 + float32},
 * {@code float32 * float64}, {@code int32 / int32}), specialised by {@link Specializer} on a
 * {@link VectorKernels.Mix}. Each operand is loaded in its own type, a float64 vector's worth of
 * lanes (a half-width vector for int32 and float32), converted to float64 in registers and
 * combined: one pass over memory, where converting an operand first and then adding takes two.
 * The conversions are Java's casts (exact for int32 and float32, to nearest for int64), so every
 * lane has the element loop's bits. Contiguous operands, or a contiguous first operand and a
 * broadcast second one; the rest runs the portable tail. Stateless and thread-safe; loaded only
 * when the Vector API is enabled.
 */
final class VecMix2 implements Kernel2 {
    private static final VectorKernels.Mix M = (VectorKernels.Mix) Specializer.data(MethodHandles.lookup());
    private static final VectorOperators.Binary OP = M.op();
    private static final DType TA = M.a();
    private static final DType TB = M.b();
    private static final Kernel2 TAIL = M.tail();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShape HALF = VectorShape.forBitSize(D.vectorBitSize() / 2);
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, HALF);
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, HALF);
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, D.vectorShape());
    private static final Class<DoubleVector> D_T = ReduceVector.vectorClass(D);
    private static final Class<FloatVector> F_T = ReduceVector.vectorClass(F);
    private static final Class<IntVector> I_T = ReduceVector.vectorClass(I);
    private static final Class<LongVector> L_T = ReduceVector.vectorClass(L);
    private static final long N = D.length();
    private static final long WA = TA.byteSize();
    private static final long WB = TB.byteSize();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        long i = 0;
        if (as == WA && os == Double.BYTES) {
            long bound = n - n % N;
            if (bs == WB) {
                for (; i < bound; i += N) {
                    load(TA, a, ao + i * WA).lanewise(OP, load(TB, b, bo + i * WB))
                            .intoMemorySegment(o, oo + i * Double.BYTES, NATIVE);
                }
            } else if (bs == 0 && bound > 0) {
                DoubleVector y = D_T.cast(DoubleVector.broadcast(D, ElementCodec.of(TB).getDouble(b, bo)));
                for (; i < bound; i += N) {
                    load(TA, a, ao + i * WA).lanewise(OP, y).intoMemorySegment(o, oo + i * Double.BYTES, NATIVE);
                }
            }
        }
        if (i < n) {
            TAIL.run(n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i * os, os);
        }
    }

    /** {@return {@link #N} elements of dtype {@code t} at byte offset {@code off}, as float64} ({@code t} is a constant) */
    private static DoubleVector load(DType t, MemorySegment s, long off) {
        if (t == DType.FLOAT64) {
            return D_T.cast(DoubleVector.fromMemorySegment(D, s, off, NATIVE));
        }
        if (t == DType.FLOAT32) {
            return D_T.cast(F_T.cast(FloatVector.fromMemorySegment(F, s, off, NATIVE)).convertShape(VectorOperators.F2D, D, 0));
        }
        if (t == DType.INT32) {
            return D_T.cast(I_T.cast(IntVector.fromMemorySegment(I, s, off, NATIVE)).convertShape(VectorOperators.I2D, D, 0));
        }
        return D_T.cast(L_T.cast(LongVector.fromMemorySegment(L, s, off, NATIVE)).convertShape(VectorOperators.L2D, D, 0));
    }
}
