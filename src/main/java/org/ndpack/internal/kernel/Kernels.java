package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.UnaryOperator;

import org.ndpack.DType;
import org.ndpack.internal.kernel.VectorSupport;

/**
 * Picks the kernel of an operation: the portable loop specialised on its element function, or,
 * when the Vector API is enabled ({@link VectorSupport#ENABLED}) and the operation has a vector
 * form for its dtype, a vector loop that falls back to the portable one for tails and strided
 * runs. Both give the same bits for the operations with a vector form except the transcendental
 * ones ({@code exp}, {@code log}, {@code sin}, {@code tanh}, {@code pow}), whose compiled vector form may differ
 * from the portable one in the last bit (see {@code VectorKernels}).
 * Operations start on the portable loop and switch to the vector one after
 * {@link #WARMUP_PROPERTY} elements (see there why, and {@link #warms} for which).
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * Elements a kernel runs through its portable loop before it switches to the vector one
     * ({@link #warms}): the system property {@value #WARMUP_PROPERTY}, default
     * 4194304 (2^22). Until C2 has compiled a vector loop, the Vector API runs boxed
     * (an allocation per vector operation) and is tens of times slower than the portable loop,
     * which C1 and C2 compile quickly; a short program, or the first calls of a long one, so never
     * pays for the Vector API (nor loads its classes), and the work a kernel has already done
     * bounds the cost of warming its vector form. 0 switches at once. Matrix products
     * ({@link GemmF32}, {@link GemmF64}: 64 multiply-adds per element) and floating sums, minima
     * and maxima ({@link ReduceKernels#WARMUP}: the values reduced, over all of them) warm up on
     * the same property.
     */
    public static final String WARMUP_PROPERTY = "ndpack.vectorWarmup";
    static final long DEFAULT_WARMUP = 1L << 22;
    static final long WARMUP = Long.getLong(WARMUP_PROPERTY, DEFAULT_WARMUP);

    /**
     * {@return the kernel of a two-operand operation}
     *
     * @param e the element function (portable form)
     * @param vop the vector form, or null; it must be {@code e}'s own operation: for add,
     *     subtract, multiply and divide the portable float loops compute {@code vop} and never call
     *     {@code e} (checked once when the kernel is built, see {@link Specializer#loop2(Elem.E2, VOp)})
     * @param loop the loop dtype
     * @param a the first input's dtype
     * @param b the second input's dtype
     */
    public static Kernel2 binary(Elem.E2 e, VOp vop, DType loop, DType a, DType b) {
        Kernel2 portable = Specializer.loop2(e, vop);
        if (VectorSupport.ENABLED && vop != null && loop == DType.FLOAT64 && (a != loop || b != loop)
                && e instanceof Elem.Double2 d && d.o() == ElementCodec.of(DType.FLOAT64)) {
            // float64 arithmetic of other dtypes: converted in registers (VecMix2), exact like the rest
            if (WARMUP > 0) {
                return new Warm2(portable, WARMUP, p -> VectorKernels.mixed(vop, a, b, p));
            }
            Kernel2 v = VectorKernels.mixed(vop, a, b, portable);
            return v != null ? v : portable;
        }
        if (!VectorSupport.ENABLED || vop == null || a != loop || b != loop) {
            return portable;
        }
        if (WARMUP > 0 && warms(vop)) {
            return new Warm2(portable, vop, loop, WARMUP);
        }
        Kernel2 v = VectorKernels.binary(vop, loop, portable);
        return v != null ? v : portable;
    }

    /**
     * {@return the kernel of {@code floor_divide} or {@code remainder} for integer loop dtype
     * {@code loop}}: {@code portable} itself, or for int32 and int64 a kernel that divides runs by
     * a broadcast divisor through a precomputed multiplier ({@link IntDivide}, the same results)
     * and hands every other run to {@code portable}
     */
    public static Kernel2 intDivide(Kernel2 portable, boolean remainder, DType loop) {
        return IntDivide.supports(loop) ? new IntDivide(portable, remainder, loop) : portable;
    }

    /**
     * {@return the kernel of {@code left_shift} ({@code left}) or {@code right_shift} for integer
     * loop dtype {@code loop}}: runs whose count is broadcast (stride 0) and below the width take
     * the vector loop (its warm-up as {@link #binary}'s), where a lane shift gives the portable
     * loop's value; every other run (counts past the width or negative, which NumPy maps to 0 or
     * the sign, and per-element counts) takes {@code portable}
     */
    public static Kernel2 shift(Kernel2 portable, boolean left, DType loop) {
        if (!VectorSupport.ENABLED || !loop.isInteger()) {
            return portable;
        }
        VOp op = left ? VOp.SHL : VOp.SHR;
        Kernel2 vec = WARMUP > 0 ? new Warm2(portable, op, loop, WARMUP) : VectorKernels.binary(op, loop, portable);
        if (vec == null) {
            return portable;
        }
        int w = loop.byteSize();
        int bits = 8 * w;
        return (n, a, ao, as, b, bo, bs, o, oo, os) -> {
            if (bs == 0) {
                long c = switch (w) {
                    case 1 -> b.get(ValueLayout.JAVA_BYTE, bo);
                    case 2 -> b.get(ValueLayout.JAVA_SHORT_UNALIGNED, bo);
                    case 4 -> b.get(ValueLayout.JAVA_INT_UNALIGNED, bo);
                    default -> b.get(ValueLayout.JAVA_LONG_UNALIGNED, bo);
                };
                if (c >= 0 && c < bits) {
                    vec.run(n, a, ao, as, b, bo, bs, o, oo, os);
                    return;
                }
            }
            portable.run(n, a, ao, as, b, bo, bs, o, oo, os);
        };
    }

    /** {@return the kernel of a one-operand operation}; see {@link #binary}. */
    public static Kernel1 unary(Elem.E1 e, VOp vop, DType loop, DType a) {
        Kernel1 portable = Specializer.loop1(e);
        if (!VectorSupport.ENABLED || vop == null || a != loop) {
            return portable;
        }
        if (WARMUP > 0 && warms(vop)) {
            return new Warm1(portable, vop, loop, WARMUP);
        }
        Kernel1 v = VectorKernels.unary(vop, loop, portable);
        return v != null ? v : portable;
    }

    /**
     * {@return whether the vector form of {@code op} gives the portable loop's bits}: for these,
     * the switch between the two never shows in a result (neither how warm a kernel was, nor
     * between the parallel chunks of one operation). One exception below the values: the sign of
     * a NaN from {@code rint}, which {@link Math#rint} itself drops while it runs interpreted.
     */
    static boolean exact(VOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAX, MIN, AND, OR, XOR, SHL, SHR, EQ, NE, LT, LE, GT, GE, NEG, ABS, SQRT,
                    FLOOR, CEIL, RINT, TRUNC -> true;
            default -> false;
        };
    }

    /**
     * {@return whether {@code op} starts on its portable loop} The {@link #exact} operations,
     * and the transcendental ones ({@code exp}, {@code log}, {@code sin}, {@code tanh},
     * {@code pow}): until C2
     * compiles a vector loop, the Vector API computes these lane by lane with {@link Math}'s
     * functions, which are the portable loop's, so during a warm-up the portable loop gives the
     * bits the vector form gives at that stage anyway, tens of times faster. Their vector form's
     * own bits (the platform's short-vector library, which may differ in the last place) then
     * come after the warm-up's count instead of whenever C2 happens to compile the vector loop.
     */
    static boolean warms(VOp op) {
        return exact(op) || switch (op) {
            case EXP, LOG, SIN, TANH, POW -> true;
            default -> false;
        };
    }

    /**
     * The switch from the portable loop to the vector one, shared by {@link Warm1} and
     * {@link Warm2}: counts the elements run so far (a racy count, which only moves the switch
     * by a few runs) and makes the vector kernel, loading the Vector API, when they pass the
     * threshold. For the {@link #exact} operations both kernels give the same bits, so which one
     * a run takes never shows in a result (for the others see {@link #warms}). Thread-safe.
     */
    abstract static class Warm<K> {
        /** The portable kernel. */
        final K portable;
        private final long threshold;
        /** The kernel in use once switched (the portable one if the vector form is missing), else null. */
        private volatile K switched;
        private long seen;

        Warm(K portable, long threshold) {
            this.portable = portable;
            this.threshold = threshold;
        }

        /** {@return the kernel to run {@code n} more elements with} */
        final K pick(long n) {
            K k = switched;
            if (k != null) {
                return k;
            }
            long s = seen + n;
            seen = s;
            if (s < threshold) {
                return portable;
            }
            K v = vector();
            switched = k = v != null ? v : portable;
            return k;
        }

        /** {@return whether the vector kernel (or its absence) has been chosen} */
        final boolean isSwitched() {
            return switched != null;
        }

        /** {@return the vector kernel, or null if the operation has none for its dtype} */
        abstract K vector();
    }

    /** A two-operand kernel that warms up on its portable loop; see {@link Warm}. */
    static final class Warm2 extends Warm<Kernel2> implements Kernel2 {
        /** Makes the vector kernel from the portable one (null: none for these dtypes). */
        private final UnaryOperator<Kernel2> make;

        Warm2(Kernel2 portable, VOp op, DType loop, long threshold) {
            this(portable, threshold, p -> VectorKernels.binary(op, loop, p));
        }

        Warm2(Kernel2 portable, long threshold, UnaryOperator<Kernel2> make) {
            super(portable, threshold);
            this.make = make;
        }

        @Override
        Kernel2 vector() {
            return make.apply(portable);
        }

        @Override
        public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                MemorySegment o, long oo, long os) {
            pick(n).run(n, a, ao, as, b, bo, bs, o, oo, os);
        }
    }

    /** A one-operand kernel that warms up on its portable loop; see {@link Warm}. */
    static final class Warm1 extends Warm<Kernel1> implements Kernel1 {
        private final VOp op;
        private final DType loop;

        Warm1(Kernel1 portable, VOp op, DType loop, long threshold) {
            super(portable, threshold);
            this.op = op;
            this.loop = loop;
        }

        @Override
        Kernel1 vector() {
            return VectorKernels.unary(op, loop, portable);
        }

        @Override
        public void run(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os) {
            pick(n).run(n, a, ao, as, o, oo, os);
        }
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
