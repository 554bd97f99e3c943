package org.ndpack.internal.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.ndpack.DType;

/**
 * The Vector API kernels: maps a {@link VOp} and a loop dtype to a vector template specialised on
 * the species and the operator (a hidden-class copy per pair, see {@link Specializer}), or to
 * null when the pair has no vector form. Loaded only when {@code VectorSupport.ENABLED}.
 *
 * <p>Vector and portable loops give the same bits for every operation here except the
 * transcendental ones ({@code exp}, {@code log}, {@code sin}, {@code tanh}, {@code pow}): their vector forms
 * may use the platform's short-vector math library (Intel's SVML stubs on x86 with AVX-512 or
 * AVX2), whose results can differ from {@link Math}'s in the last place. {@code TranscendentalUlpTest}
 * measures both against a reference and bounds the error.
 */
final class VectorKernels {
    private VectorKernels() {
    }

    /** Class data of the same-type binary template. */
    record Binary(VectorSpecies<?> species, VectorOperators.Binary op, Kernel2 tail) {
    }

    /** Class data of the comparison template. */
    record Compare(VectorSpecies<?> species, VectorOperators.Comparison op, Kernel2 tail) {
    }

    /** Class data of the same-type unary template. */
    record Unary(VectorSpecies<?> species, VectorOperators.Unary op, Kernel1 tail) {
    }

    /** Class data of the rounding template ({@code mode} is FLOOR, CEIL, RINT or TRUNC). */
    record Round(VectorSpecies<?> species, VOp mode, Kernel1 tail) {
    }

    /** Class data of the mixed-dtype float64 template ({@code a}, {@code b}: int32, int64, float32, float64). */
    record Mix(VectorOperators.Binary op, DType a, DType b, Kernel2 tail) {
    }

    /**
     * {@return the vector kernel of float64 arithmetic {@code op} on operands of dtypes {@code a}
     * and {@code b}, or null} (see {@code VecMix2}: add, subtract, multiply, divide; each operand
     * int32, int64, float32 or float64)
     */
    static Kernel2 mixed(VOp op, DType a, DType b, Kernel2 portable) {
        boolean takes = op == VOp.ADD || op == VOp.SUB || op == VOp.MUL || op == VOp.DIV;
        for (DType t : new DType[] {a, b}) {
            takes &= t == DType.INT32 || t == DType.INT64 || t == DType.FLOAT32 || t == DType.FLOAT64;
        }
        return takes ? (Kernel2) Specializer.get("VecMix2", new Mix(floatOp(op), a, b, portable)) : null;
    }

    /** Class data of the bfloat16 binary template. */
    record Half(VectorOperators.Binary op, Kernel2 tail) {
    }

    /**
     * Whether the JDK computes {@code VectorOperators.POW} over the preferred species with a native
     * routine: on x86-64 its SVML stubs have pow for 512-bit vectors only (they also need
     * AVX512DQ, which every AVX-512 processor but the Xeon Phi has). Elsewhere (AVX2, other
     * architectures: not measured here) the Vector API's pow runs {@code Math.pow} lane by lane,
     * slower than the portable loop (38 ms against 30 for 2^20 float64 elements, AVX-512 with
     * the JDK's library turned off), so {@code power} keeps the portable loop.
     */
    static final boolean NATIVE_POW = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> DoubleVector.SPECIES_PREFERRED.vectorBitSize() == 512
                && !"java".equals(System.getProperty("jdk.incubator.vector.VectorMathLibrary"));
        default -> false;
    };

    static VectorSpecies<?> species(DType t) {
        return switch (t) {
            case INT8, UINT8 -> ByteVector.SPECIES_PREFERRED;
            case INT16, UINT16 -> ShortVector.SPECIES_PREFERRED;
            case INT32, UINT32 -> IntVector.SPECIES_PREFERRED;
            case INT64, UINT64 -> LongVector.SPECIES_PREFERRED;
            case FLOAT32 -> FloatVector.SPECIES_PREFERRED;
            case FLOAT64 -> DoubleVector.SPECIES_PREFERRED;
            default -> null;
        };
    }

    static Kernel2 binary(VOp op, DType t, Kernel2 portable) {
        if (t == DType.FLOAT16) {
            return null; // the portable heap-run loop (Loop2F16) is the vector form, see there
        }
        if (t == DType.BFLOAT16) {
            // pow in float32 lanes would not round as the portable loop's float64 pow does
            VectorOperators.Binary b = op == VOp.POW ? null : floatOp(op);
            return b == null ? null : (Kernel2) Specializer.get("VecHalf2", new Half(b, portable));
        }
        VectorSpecies<?> sp = species(t);
        if (sp == null) {
            return null;
        }
        if (op.isComparison()) {
            VectorOperators.Comparison c = comparison(op, t.isUnsigned());
            return c == null ? null : (Kernel2) Specializer.get("VecCompare2", new Compare(sp, c, portable));
        }
        VectorOperators.Binary b = t.isFloating() ? floatOp(op) : intOp(op, t.isUnsigned());
        if (b == null || op == VOp.POW && !NATIVE_POW) {
            return null;
        }
        // pow needs C's special cases blended in after the lanes' pow: a template of its own
        return (Kernel2) Specializer.get(op == VOp.POW ? "VecPow2" : "VecLoop2", new Binary(sp, b, portable));
    }

    static Kernel1 unary(VOp op, DType t, Kernel1 portable) {
        VectorSpecies<?> sp = species(t);
        if (sp == null) {
            return null;
        }
        if (op.isRounding()) {
            return t.isFloating() ? (Kernel1) Specializer.get("VecRound1", new Round(sp, op, portable)) : null;
        }
        VectorOperators.Unary u = switch (op) {
            case NEG -> VectorOperators.NEG;
            case ABS -> t.isUnsigned() ? null : VectorOperators.ABS;
            case SQRT -> t.isFloating() ? VectorOperators.SQRT : null;
            case EXP -> t.isFloating() ? VectorOperators.EXP : null;
            case LOG -> t.isFloating() ? VectorOperators.LOG : null;
            case SIN -> t.isFloating() ? VectorOperators.SIN : null;
            case TANH -> t.isFloating() ? VectorOperators.TANH : null;
            default -> null;
        };
        return u == null ? null : (Kernel1) Specializer.get("VecLoop1", new Unary(sp, u, portable));
    }

    private static VectorOperators.Binary floatOp(VOp op) {
        return switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
            case POW -> VectorOperators.POW;
            default -> null;
        };
    }

    private static VectorOperators.Binary intOp(VOp op, boolean unsigned) {
        return switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case MAX -> unsigned ? null : VectorOperators.MAX;
            case MIN -> unsigned ? null : VectorOperators.MIN;
            case AND -> VectorOperators.AND;
            case OR -> VectorOperators.OR;
            case XOR -> VectorOperators.XOR;
            case SHL -> VectorOperators.LSHL;
            case SHR -> unsigned ? VectorOperators.LSHR : VectorOperators.ASHR;
            default -> null;
        };
    }

    private static VectorOperators.Comparison comparison(VOp op, boolean unsigned) {
        return switch (op) {
            case EQ -> VectorOperators.EQ;
            case NE -> VectorOperators.NE;
            // the unsigned comparisons changed names between JDK releases: portable loop instead
            case LT -> unsigned ? null : VectorOperators.LT;
            case LE -> unsigned ? null : VectorOperators.LE;
            case GT -> unsigned ? null : VectorOperators.GT;
            case GE -> unsigned ? null : VectorOperators.GE;
            default -> throw new AssertionError(op);
        };
    }
}
