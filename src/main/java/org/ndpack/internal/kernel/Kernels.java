package org.ndpack.internal.kernel;

import org.ndpack.DType;
import org.ndpack.internal.kernel.VectorSupport;

/**
 * Picks the kernel of an operation: the portable loop specialised on its element function, or,
 * when the Vector API is enabled ({@link VectorSupport#ENABLED}) and the operation has a vector
 * form for its dtype, a vector loop that falls back to the portable one for tails and strided
 * runs. Both give the same bits for the operations with a vector form except {@code exp}, whose
 * vector form may differ from the portable one in the last bit (see {@code VectorKernels}).
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * {@return the kernel of a two-operand operation}
     *
     * @param e the element function (portable form)
     * @param vop the vector form, or null
     * @param loop the loop dtype
     * @param a the first input's dtype
     * @param b the second input's dtype
     */
    public static Kernel2 binary(Elem.E2 e, VOp vop, DType loop, DType a, DType b) {
        Kernel2 portable = Specializer.loop2(e);
        if (VectorSupport.ENABLED && vop != null && a == loop && b == loop) {
            Kernel2 v = VectorKernels.binary(vop, loop, portable);
            if (v != null) {
                return v;
            }
        }
        return portable;
    }

    /** {@return the kernel of a one-operand operation}; see {@link #binary}. */
    public static Kernel1 unary(Elem.E1 e, VOp vop, DType loop, DType a) {
        Kernel1 portable = Specializer.loop1(e);
        if (VectorSupport.ENABLED && vop != null && a == loop) {
            Kernel1 v = VectorKernels.unary(vop, loop, portable);
            if (v != null) {
                return v;
            }
        }
        return portable;
    }

    /**
     * {@return the kernel converting elements of {@code from} to {@code to} with NumPy's casts}
     * (integers through long, floats through double, complex through both parts)
     */
    public static Kernel1 cast(DType from, DType to) {
        int i = from.ordinal() * N + to.ordinal();
        Kernel1 k = CASTS[i];
        if (k == null) {
            k = makeCast(from, to);
            CASTS[i] = k; // racy publication of a stateless kernel
        }
        return k;
    }

    private static final int N = DType.values().length;
    private static final Kernel1[] CASTS = new Kernel1[N * N];

    private static Kernel1 makeCast(DType from, DType to) {
        ElementCodec s = ElementCodec.of(from);
        ElementCodec d = ElementCodec.of(to);
        Elem.E1 e;
        if (from.isComplex()) {
            e = new Elem.Complex1(s, d, CONJ_ID);
        } else if (from.isFloating() || (from == DType.UINT64 && (to.isFloating() || to.isComplex()))) {
            e = new Elem.Double1(s, d, D_ID);
        } else {
            e = new Elem.Long1(s, d, L_ID);
        }
        return Specializer.loop1(e);
    }

    /**
     * {@return the kernel moving elements of {@code t} unchanged} (their bits, through the integer
     * type of the same width, or both parts for complex128)
     */
    public static Kernel1 move(DType t) {
        return switch (t.byteSize()) {
            case 1 -> cast(DType.UINT8, DType.UINT8);
            case 2 -> cast(DType.UINT16, DType.UINT16);
            case 4 -> cast(DType.UINT32, DType.UINT32);
            case 8 -> cast(DType.INT64, DType.INT64);
            default -> Specializer.loop1(new Elem.Move16());
        };
    }

    private static final Fn.L1 L_ID = x -> x;
    private static final Fn.D1 D_ID = x -> x;
    private static final Fn.C1 CONJ_ID = new Fn.C1() {
        @Override
        public double re(double r, double i) {
            return r;
        }

        @Override
        public double im(double r, double i) {
            return i;
        }
    };
}
