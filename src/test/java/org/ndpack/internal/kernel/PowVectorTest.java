package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.DType;

/**
 * The vector {@code pow} kernel ({@link VecPow2}) on a grid of special values, after C2 has
 * compiled it: every pair of bases (signed zeros, subnormals, ±1 and its neighbours, negatives,
 * huge and tiny values, infinities, NaN) and exponents (signed zeros, ±0.5, ±1, 2, 3, ±1.5,
 * large odd and even integers, huge and tiny values, infinities, NaN), with the exponent as an
 * array and broadcast. Where C's {@code pow} has an exact answer (a special operand: a zero, an
 * infinity, NaN, ±1 as the base, 0 as the exponent; or a NaN result) the result must be its
 * bits; elsewhere its sign, and a value within one ulp of it. Skips, saying so, without the
 * Vector API or without the JDK's native vector pow ({@link VectorKernels#NATIVE_POW}); tagged
 * {@code kernels}.
 */
@Tag("kernels")
class PowVectorTest {
    /** C's pow, as {@code Scalar.pow} (the portable loop's). */
    static double cPow(double x, double y) {
        return x == 1 || x == -1 && Double.isInfinite(y) ? 1 : Math.pow(x, y);
    }

    static final double[] X = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, Double.MIN_NORMAL,
        1e-40, -1e-40, 0.5, -0.5, 1, -1, Math.nextUp(1.0), Math.nextDown(1.0), -Math.nextUp(1.0), 2, -2, 3, -3, -2.5,
        10, -10, 1e10, -1e10, 3e38, -3e38, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Math.nextUp(1.0f), -0.75};
    static final double[] Y = {0.0, -0.0, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 1.5, -1.5, 7, -7, 0x1p53 - 1, -(0x1p53 - 1),
        0x1p52 + 1, 0x1p53, 0x1p24 - 1, -(0x1p24 - 1), 0x1p23 + 1, 0x1p24, 0x1p31 + 1, 1e10 + 1, 1e300, -1e300,
        Double.MIN_VALUE, 1e-40, 1e-300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1000.5, -1075,
        150, -150};

    private static boolean exactCase(double x, double y, double want) {
        return Double.isNaN(want) || x == 0 || Double.isNaN(x)
                || Double.isInfinite(x) || Math.abs(x) == 1 || y == 0 || Double.isNaN(y) || Double.isInfinite(y);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void specialValuesGiveCsPowBitForBit(DType t) {
        boolean f32 = t == DType.FLOAT32;
        Kernel2 k = vectorPow(t);
        long w = t.byteSize();
        int reps = 16; // every element in a vector lane: n is a multiple of the lane count (at most 16)
        int n = X.length * Y.length * reps;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(w * n, 64);
            MemorySegment b = arena.allocate(w * n, 64);
            MemorySegment o = arena.allocate(w * n, 64);
            MemorySegment s = arena.allocate(w * X.length * reps, 64);
            MemorySegment e = arena.allocate(w, 8);
            MemorySegment so = arena.allocate(w * X.length * reps, 64);
            for (int i = 0; i < n; i++) {
                set(a, i, X[i % X.length], f32);
                set(b, i, Y[(i / X.length) % Y.length], f32);
            }
            for (int i = 0; i < X.length * reps; i++) {
                set(s, i, X[i % X.length], f32);
            }
            // uncompiled, the Vector API computes Math.pow lane by lane; compiled, the SVML stub
            grid(k, n, a, b, o, s, e, so, f32, "uncompiled");
            for (int round = 0; round < 400; round++) {
                k.run(n, a, 0, w, b, 0, w, o, 0, w);
                set(e, 0, Y[round % Y.length], f32);
                k.run(X.length * reps, s, 0, w, e, 0, 0, so, 0, w);
            }
            grid(k, n, a, b, o, s, e, so, f32, "compiled");
        }
    }

    /**
     * Vectors whose bases are all positive and not 1 take a short path (the lanes' pow alone):
     * each vector here holds one such base and exponents of every kind, special ones included.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void vectorsOfPositiveBasesGiveCsPowBitForBit(DType t) {
        boolean f32 = t == DType.FLOAT32;
        Kernel2 k = vectorPow(t);
        double[] bases = java.util.Arrays.stream(X).filter(x -> x > 0 && x != 1).toArray();
        long w = t.byteSize();
        int block = 16 * Y.length; // a whole number of vectors per base, every exponent in it
        int n = bases.length * block;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(w * n, 64);
            MemorySegment b = arena.allocate(w * n, 64);
            MemorySegment o = arena.allocate(w * n, 64);
            for (int i = 0; i < n; i++) {
                set(a, i, bases[i / block], f32);
                set(b, i, Y[i % Y.length], f32);
            }
            for (int round = 0; round < 2; round++) {
                k.run(n, a, 0, w, b, 0, w, o, 0, w);
                for (int i = 0; i < n; i++) {
                    check(get(a, i, f32), get(b, i, f32), get(o, i, f32), f32, round == 0 ? "uncompiled" : "compiled");
                }
                for (int warm = 0; round == 0 && warm < 400; warm++) {
                    k.run(n, a, 0, w, b, 0, w, o, 0, w);
                }
            }
        }
    }

    /**
     * {@return a fresh vector pow kernel for {@code t}} (its tail a capturing function: a kernel of
     * this test's own, so its first runs are uncompiled); skips, saying why, where there is none.
     */
    private static Kernel2 vectorPow(DType t) {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "skipped: the Vector API kernels are off: " + VectorSupport.REASON);
        Assumptions.assumeTrue(VectorKernels.NATIVE_POW, "skipped: the JDK has no native vector pow on this machine "
                + "(x86-64 with 512-bit vectors only), so power keeps its portable loop");
        boolean f32 = t == DType.FLOAT32;
        ElementCodec c = ElementCodec.of(t);
        Kernel2 portable = Specializer.loop2(new Elem.Double2(c, c, c, (x, y) -> f32 ? (float) cPow(x, y) : cPow(x, y)));
        Kernel2 k = VectorKernels.binary(VOp.POW, t, portable);
        assertNotNull(k, "a vector pow kernel for " + t);
        assertTrue(k.getClass().getName().contains("VecPow2"), "the VecPow2 template: " + k.getClass());
        return k;
    }

    private static void grid(Kernel2 k, int n, MemorySegment a, MemorySegment b, MemorySegment o, MemorySegment s,
            MemorySegment e, MemorySegment so, boolean f32, String stage) {
        long w = f32 ? 4 : 8;
        long ns = s.byteSize() / w;
        k.run(n, a, 0, w, b, 0, w, o, 0, w);
        for (int i = 0; i < X.length * Y.length; i++) {
            check(get(a, i, f32), get(b, i, f32), get(o, i, f32), f32, stage + ", arrays");
        }
        for (double y : Y) {
            set(e, 0, y, f32);
            k.run(ns, s, 0, w, e, 0, 0, so, 0, w);
            for (int i = 0; i < X.length; i++) {
                check(get(s, i, f32), get(e, 0, f32), get(so, i, f32), f32, stage + ", broadcast exponent");
            }
        }
    }

    private static void check(double x, double y, double got, boolean f32, String how) {
        double want = f32 ? (float) cPow(x, y) : cPow(x, y);
        String what = (f32 ? "float32 " : "float64 ") + x + " ** " + y + " (" + how + "): want " + want + ", got " + got;
        if (exactCase(x, y, want) || Double.doubleToLongBits(want) == Double.doubleToLongBits(got)) {
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what);
        } else {
            assertEquals(Math.copySign(1, want), Math.copySign(1, got), what + " (sign)");
            double ulp = f32 ? Math.ulp((float) want) : Math.ulp(want);
            assertTrue(Math.abs(got - want) <= ulp, what + " (more than an ulp off)");
        }
    }

    private static void set(MemorySegment m, int i, double v, boolean f32) {
        if (f32) {
            m.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        } else {
            m.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
    }

    private static double get(MemorySegment m, int i, boolean f32) {
        return f32 ? m.getAtIndex(ValueLayout.JAVA_FLOAT, i) : m.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }
}
