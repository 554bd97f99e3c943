package org.ndpack.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The eleventh session's workloads, the JMH twins of the rows {@code jmh/compare.py} adds under
 * the same names: {@code power} (an array exponent, float32 and float64, and a scalar 2.0),
 * {@code %} of two int64 arrays, true division of two int32 arrays, mixed-dtype additions
 * (int32 + float32, float32 + float64), and the roundings {@code floor} float64 and {@code trunc}
 * float32 of values in [-100, 100). 2^20 elements; inputs from one seeded stream (integers: values
 * in [0, 1000) scaled from it, divisors in [1, 1001)); results allocated and closed in every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class Gaps11Bench {
    private static final int N = 1 << 20;
    private NDArray x64;
    private NDArray y64;
    private NDArray x32;
    private NDArray y32;
    private NDArray a64;
    private NDArray b64;
    private NDArray a32;
    private NDArray b32;
    private NDArray w64;
    private NDArray w32;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        double[] x = new double[N];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = rnd.nextDouble();
            y[i] = rnd.nextDouble();
        }
        x64 = NDArray.of(x);
        y64 = NDArray.of(y);
        x32 = x64.astype(DType.FLOAT32);
        y32 = y64.astype(DType.FLOAT32);
        try (NDArray s = x64.mul(1000.0); NDArray t = y64.mul(1000.0); NDArray t1 = t.add(1.0);
                NDArray w = x64.mul(200.0)) {
            a64 = s.astype(DType.INT64);
            b64 = t1.astype(DType.INT64);
            a32 = s.astype(DType.INT32);
            b32 = t1.astype(DType.INT32);
            w64 = w.sub(100.0);
        }
        w32 = w64.astype(DType.FLOAT32);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (NDArray a : new NDArray[] {x64, y64, x32, y32, a64, b64, a32, b32, w64, w32}) {
            a.close();
        }
    }

    /** {@code x ** y}, float32 arrays. */
    @Benchmark
    public double pow_f32_n1048576() {
        try (NDArray r = x32.pow(y32)) {
            return r.getDouble(7);
        }
    }

    /** {@code x ** y}, float64 arrays. */
    @Benchmark
    public double pow_f64_n1048576() {
        try (NDArray r = x64.pow(y64)) {
            return r.getDouble(7);
        }
    }

    /** {@code x ** 2.0}, float64. */
    @Benchmark
    public double pow2_f64_n1048576() {
        try (NDArray r = x64.pow(2.0)) {
            return r.getDouble(7);
        }
    }

    /** {@code a % b}, int64 arrays. */
    @Benchmark
    public long mod_i64_n1048576() {
        try (NDArray r = a64.mod(b64)) {
            return r.getLong(7);
        }
    }

    /** {@code a / b}, int32 arrays (float64 result). */
    @Benchmark
    public double truediv_i32_n1048576() {
        try (NDArray r = a32.div(b32)) {
            return r.getDouble(7);
        }
    }

    /** {@code a + x}, int32 + float32 (float64 result). */
    @Benchmark
    public double add_i32_f32_n1048576() {
        try (NDArray r = a32.add(x32)) {
            return r.getDouble(7);
        }
    }

    /** {@code x + y}, float32 + float64. */
    @Benchmark
    public double add_f32_f64_n1048576() {
        try (NDArray r = x32.add(y64)) {
            return r.getDouble(7);
        }
    }

    /** {@code floor(w)}, float64 in [-100, 100). */
    @Benchmark
    public double floor_f64_n1048576() {
        try (NDArray r = Ufunc.FLOOR.apply(w64)) {
            return r.getDouble(7);
        }
    }

    /** {@code trunc(w)}, float32 in [-100, 100). */
    @Benchmark
    public double trunc_f32_n1048576() {
        try (NDArray r = Ufunc.TRUNC.apply(w32)) {
            return r.getDouble(7);
        }
    }
}
