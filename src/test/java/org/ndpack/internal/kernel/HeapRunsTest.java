package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.NDScope;
import org.ndpack.Ufunc;

/**
 * The heap runs of the portable loops ({@link HeapRuns}): contiguous float32 and float64 runs
 * longer than a chunk, with a contiguous or broadcast second operand, in place or not, give
 * exactly Java's arithmetic on every element (on the vector path the same operations check the
 * vector loops).
 */
@Tag("kernels")
class HeapRunsTest {
    /** Two chunks and a remainder. */
    private static final int N = 2 * HeapRuns.CHUNK + 77;

    private static double[] data(long seed) {
        Random r = new Random(seed);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = i % 101 == 0 ? -0.0 : (r.nextDouble() - 0.3) * Math.scalb(1.0, r.nextInt(40) - 20);
        }
        return x;
    }

    @Test
    void float64BinaryRunsAreExact() {
        double[] x = data(1);
        double[] y = data(2);
        check(Ufunc.ADD, Double::sum, x, y);
        check(Ufunc.SUBTRACT, (p, q) -> p - q, x, y);
        check(Ufunc.DIVIDE, (p, q) -> p / q, x, y);
        check(Ufunc.MAXIMUM, Math::max, x, y);
    }

    private static void check(Ufunc.Binary f, DoubleBinaryOperator ref, double[] x, double[] y) {
        try (NDScope s = NDScope.open()) {
            NDArray a = NDArray.of(x);
            NDArray b = NDArray.of(y);
            double[] got = f.apply(a, b).toDoubleArray();
            double c = y[5];
            double[] scalar = f.apply(a, NDArray.scalar(DType.FLOAT64, c)).toDoubleArray();
            f.apply(a, b, a); // in place
            double[] inPlace = a.toDoubleArray();
            for (int i = 0; i < N; i++) {
                assertBits(ref.applyAsDouble(x[i], y[i]), got[i], "contiguous " + i);
                assertBits(ref.applyAsDouble(x[i], c), scalar[i], "broadcast " + i);
                assertBits(ref.applyAsDouble(x[i], y[i]), inPlace[i], "in place " + i);
            }
        }
    }

    @Test
    void float32BinaryRunsRoundOnceLikeJava() {
        double[] x = data(3);
        double[] y = data(4);
        try (NDScope s = NDScope.open()) {
            NDArray a = NDArray.of(x).astype(DType.FLOAT32);
            NDArray b = NDArray.of(y).astype(DType.FLOAT32);
            float[] fx = a.toFloatArray();
            float[] fy = b.toFloatArray();
            float[] mul = a.mul(b).toFloatArray();
            float[] scaled = a.mul(NDArray.scalar(DType.FLOAT32, fy[9])).toFloatArray();
            for (int i = 0; i < N; i++) {
                assertEquals(Float.floatToRawIntBits(fx[i] * fy[i]), Float.floatToRawIntBits(mul[i]), "mul " + i);
                assertEquals(Float.floatToRawIntBits(fx[i] * fy[9]), Float.floatToRawIntBits(scaled[i]), "scaled " + i);
            }
        }
    }

    /**
     * The four arithmetic operations run in float32 itself on the heap runs; each must give the
     * bits of the same kernel computing through its float64 function (the element loop's way, and
     * so every other path's), also at the edges: signed zeros, infinities, NaN, subnormals,
     * overflow and underflow. The kernels are called directly, so this holds whether or not the
     * Vector API is on.
     */
    @Test
    void float32ArithmeticRunsGiveTheBitsOfTheFloat64Function() {
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, -3f, 1e-30f, 3e30f, 0.1f};
        Random r = new Random(7);
        float[] x = new float[N];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = i < edges.length * edges.length ? edges[i / edges.length]
                    : (float) ((r.nextDouble() - 0.3) * Math.scalb(1.0, r.nextInt(60) - 30));
            y[i] = i < edges.length * edges.length ? edges[i % edges.length]
                    : (float) ((r.nextDouble() - 0.6) * Math.scalb(1.0, r.nextInt(60) - 30));
        }
        ElementCodec f32 = ElementCodec.of(DType.FLOAT32);
        Object[][] ops = {{VOp.ADD, (Fn.D2) (p, q) -> p + q}, {VOp.SUB, (Fn.D2) (p, q) -> p - q},
            {VOp.MUL, (Fn.D2) (p, q) -> p * q}, {VOp.DIV, (Fn.D2) (p, q) -> p / q}};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
            MemorySegment b = arena.allocateFrom(ValueLayout.JAVA_FLOAT, y);
            MemorySegment got = arena.allocate(ValueLayout.JAVA_FLOAT, N);
            MemorySegment want = arena.allocate(ValueLayout.JAVA_FLOAT, N);
            long w = Float.BYTES;
            for (Object[] op : ops) {
                Elem.Double2 e = new Elem.Double2(f32, f32, f32, (Fn.D2) op[1]);
                Kernel2 arithmetic = Specializer.loop2(e, (VOp) op[0]);
                Kernel2 function = Specializer.loop2(e);
                assertTemplate(Loop2F32.class, arithmetic);
                for (long bs : new long[] {w, 0}) {
                    long bo = bs == 0 ? 11 * w : 0;
                    arithmetic.run(N, a, 0, w, b, bo, bs, got, 0, w);
                    function.run(N, a, 0, w, b, bo, bs, want, 0, w);
                    for (int i = 0; i < N; i++) {
                        assertEquals(Float.floatToRawIntBits(want.getAtIndex(ValueLayout.JAVA_FLOAT, i)),
                                Float.floatToRawIntBits(got.getAtIndex(ValueLayout.JAVA_FLOAT, i)),
                                op[0] + " " + x[i] + ", " + (bs == 0 ? y[11] : y[i]) + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void unaryRunsAreExact() {
        double[] x = data(5);
        check(Ufunc.NEGATIVE, p -> -p, x);
        check(Ufunc.SQRT, Math::sqrt, x);
    }

    private static void check(Ufunc.Unary f, DoubleUnaryOperator ref, double[] x) {
        try (NDScope s = NDScope.open()) {
            double[] got = f.apply(NDArray.of(x)).toDoubleArray();
            float[] xf = NDArray.of(x).astype(DType.FLOAT32).toFloatArray();
            float[] gotF = f.apply(NDArray.of(x).astype(DType.FLOAT32)).toFloatArray();
            for (int i = 0; i < N; i++) {
                assertBits(ref.applyAsDouble(x[i]), got[i], "float64 " + i);
                assertEquals(Float.floatToRawIntBits((float) ref.applyAsDouble(xf[i])), Float.floatToRawIntBits(gotF[i]),
                        "float32 " + i);
            }
        }
    }

    @Test
    void eachFunctionGetsItsHeapRunTemplate() {
        Fn.D2 sub = (p, q) -> p - q;
        ElementCodec f32 = ElementCodec.of(DType.FLOAT32);
        ElementCodec f64 = ElementCodec.of(DType.FLOAT64);
        assertTemplate(Loop2F32.class, Specializer.loop2(new Elem.Double2(f32, f32, f32, sub)));
        assertTemplate(Loop2F64.class, Specializer.loop2(new Elem.Double2(f64, f64, f64, sub)));
        assertTemplate(Loop2Mix.class, Specializer.loop2(new Elem.Double2(f32, f64, f64, sub)));
        ElementCodec i32 = ElementCodec.of(DType.INT32);
        ElementCodec i8 = ElementCodec.of(DType.INT8);
        ElementCodec f16 = ElementCodec.of(DType.FLOAT16);
        assertTemplate(Loop2Mix.class, Specializer.loop2(new Elem.Double2(i32, i32, f64, sub)));
        assertTemplate(Loop2.class, Specializer.loop2(new Elem.Double2(i8, f64, f64, sub)));
        assertTemplate(Loop2.class, Specializer.loop2(new Elem.Double2(f32, f64, f32, sub)));
        assertTemplate(Loop2F16.class, Specializer.loop2(new Elem.Double2(f16, f16, f16, sub), VOp.SUB));
        assertTemplate(Loop2.class, Specializer.loop2(new Elem.Double2(f16, f16, f16, Math::atan2)));
        Fn.L2 mod = (p, q) -> q == 0 ? 0 : Math.floorMod(p, q);
        ElementCodec i64 = ElementCodec.of(DType.INT64);
        assertTemplate(Loop2Int.class, Specializer.loop2(new Elem.Long2(i64, i64, i64, mod)));
        assertTemplate(Loop2Int.class, Specializer.loop2(new Elem.Long2(i32, i32, i32, mod)));
        assertTemplate(Loop2.class, Specializer.loop2(new Elem.Long2(i32, i64, i64, mod)));
        assertTemplate(Loop2.class, Specializer.loop2(new Elem.Long2(ElementCodec.of(DType.UINT32),
                ElementCodec.of(DType.UINT32), ElementCodec.of(DType.UINT32), mod)));
        assertTemplate(Loop1F32.class, Specializer.loop1(new Elem.Double1(f32, f32, Math::sqrt)));
        assertTemplate(Loop1F64.class, Specializer.loop1(new Elem.Double1(f64, f64, Math::sqrt)));
        assertTemplate(Loop1.class, Specializer.loop1(new Elem.Double1(f32, f64, Math::sqrt)));
    }

    private static void assertTemplate(Class<?> template, Object kernel) {
        assertTrue(kernel.getClass().getName().startsWith(template.getName() + "/"),
                kernel.getClass().getName() + " is specialised from " + template.getSimpleName());
    }

    @Test
    void stridedRunsOfTheHeapRunTemplatesGoThroughTheElementLoop() {
        double[] x = data(6);
        try (NDScope s = NDScope.open()) {
            NDArray a = NDArray.of(x).astype(DType.FLOAT32);
            float[] xf = a.toFloatArray();
            NDArray every3 = a.slice("::3");
            float[] got = every3.add(every3).toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(Float.floatToRawIntBits(xf[3 * i] + xf[3 * i]), Float.floatToRawIntBits(got[i]), "strided " + i);
            }
        }
    }

    private static void assertBits(double want, double got, String what) {
        // NaN payloads are not specified; every other value bit for bit
        if (Double.isNaN(want) && Double.isNaN(got)) {
            return;
        }
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), what);
    }
}
