package org.ndpack.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
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
 * Workloads the tenth session's sweep found far behind NumPy (jmh/sweep/), the JMH twins of the
 * rows {@code jmh/compare.py} adds to NumPy's side under the same names: integer floor division
 * by a scalar, {@code clip}, {@code astype}, {@code cumsum}, minima and maxima along either axis
 * of a 1000 x 1000 matrix and {@code argmax} along its rows. 2^20 elements or 1000 x 1000;
 * inputs uniform in [0, 1) (integers: scaled by 1000); results allocated and closed in every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class GapsBench {
    private static final int N = 1 << 20;
    private NDArray f32;
    private NDArray f64;
    private NDArray i32;
    private NDArray i64;
    private NDArray m32;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = rnd.nextDouble();
        }
        f64 = NDArray.of(v);
        f32 = f64.astype(DType.FLOAT32);
        try (NDArray scaled = f64.mul(1000.0)) {
            i32 = scaled.astype(DType.INT32);
            i64 = scaled.astype(DType.INT64);
        }
        try (NDArray m = f32.slice(":1000000")) {
            m32 = m.reshape(1000, 1000).copy();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (NDArray x : new NDArray[] {f32, f64, i32, i64, m32}) {
            x.close();
        }
    }

    /** {@code a // 7}, int64. */
    @Benchmark
    public long floordiv_i64_n1048576() {
        try (NDArray r = i64.floorDiv(7L)) {
            return r.getLong(7);
        }
    }

    /** {@code a // 7}, int32. */
    @Benchmark
    public long floordiv_i32_n1048576() {
        try (NDArray r = i32.floorDiv(7L)) {
            return r.getLong(7);
        }
    }

    /** {@code np.clip(a, 0.2, 0.8)}, float32. */
    @Benchmark
    public double clip_f32_n1048576() {
        try (NDArray r = f32.clip(0.2, 0.8)) {
            return r.getDouble(7);
        }
    }

    /** {@code a.astype(np.int32)} of float32 values. */
    @Benchmark
    public long astype_f32_i32_n1048576() {
        try (NDArray r = f32.astype(DType.INT32)) {
            return r.getLong(7);
        }
    }

    /** {@code a.astype(np.float32)} of float64 values. */
    @Benchmark
    public double astype_f64_f32_n1048576() {
        try (NDArray r = f64.astype(DType.FLOAT32)) {
            return r.getDouble(7);
        }
    }

    /** {@code np.cumsum(a)}, float32. */
    @Benchmark
    public double cumsum_f32_n1048576() {
        try (NDArray r = f32.cumsum()) {
            return r.getDouble(N - 1);
        }
    }

    /** {@code M.max(axis=0)}, float32, 1000 x 1000. */
    @Benchmark
    public double max_axis0_f32_1000() {
        try (NDArray r = m32.max(0)) {
            return r.getDouble(7);
        }
    }

    /** {@code M.max(axis=1)}, float32, 1000 x 1000. */
    @Benchmark
    public double max_axis1_f32_1000() {
        try (NDArray r = m32.max(1)) {
            return r.getDouble(7);
        }
    }

    /** {@code M.argmax(axis=1)}, float32, 1000 x 1000. */
    @Benchmark
    public long argmax_axis1_f32_1000() {
        try (NDArray r = m32.argmax(1)) {
            return r.getLong(7);
        }
    }
}
