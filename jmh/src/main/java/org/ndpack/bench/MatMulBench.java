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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square matrix products, the JMH twins of {@code numpy_baseline.py}'s {@code M @ M} workloads
 * (2 n^3 flops each). Inputs are uniform in [0, 1). The result is allocated and closed in every
 * call. Expected: at least 0.8x NumPy (NumPy calls the system BLAS; on Debian's default reference
 * BLAS ndpack's packed Vector API kernel is many times faster, against OpenBLAS it is slower).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class MatMulBench {
    private NDArray f256;
    private NDArray f1024;
    private NDArray d1024;

    private static NDArray random(DType t, int n, Random rnd) {
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble();
        }
        try (NDArray d = NDArray.of(v, n, n)) {
            return d.astype(t);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        f256 = random(DType.FLOAT32, 256, rnd);
        f1024 = random(DType.FLOAT32, 1024, rnd);
        d1024 = random(DType.FLOAT64, 1024, rnd);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f256.close();
        f1024.close();
        d1024.close();
    }

    /** {@code M @ M}, float32, 256 x 256. */
    @Benchmark
    public double matmul_f32_256() {
        try (NDArray r = f256.matmul(f256)) {
            return r.getDouble(1, 2);
        }
    }

    /** {@code M @ M}, float32, 1024 x 1024. */
    @Benchmark
    public double matmul_f32_1024() {
        try (NDArray r = f1024.matmul(f1024)) {
            return r.getDouble(1, 2);
        }
    }

    /** {@code M @ M}, float64, 1024 x 1024. */
    @Benchmark
    public double matmul_f64_1024() {
        try (NDArray r = d1024.matmul(d1024)) {
            return r.getDouble(1, 2);
        }
    }

    /** Inputs of the larger and the float64 sizes, built only by the benchmarks that read them. */
    @State(Scope.Benchmark)
    public static class Sized {
        @Param({"256", "2048"})
        public int size;
        NDArray f;
        NDArray d;

        @Setup(Level.Trial)
        public void setUp() {
            Random rnd = new Random(7);
            f = random(DType.FLOAT32, size, rnd);
            d = random(DType.FLOAT64, size, rnd);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            f.close();
            d.close();
        }
    }

    /** {@code M @ M}, float32, {@code size x size}: compare.py's {@code matmul_f32_<size>}. */
    @Benchmark
    public double matmul_f32(Sized s) {
        try (NDArray r = s.f.matmul(s.f)) {
            return r.getDouble(1, 2);
        }
    }

    /** {@code M @ M}, float64, {@code size x size}: compare.py's {@code matmul_f64_<size>}. */
    @Benchmark
    public double matmul_f64(Sized s) {
        try (NDArray r = s.d.matmul(s.d)) {
            return r.getDouble(1, 2);
        }
    }
}
