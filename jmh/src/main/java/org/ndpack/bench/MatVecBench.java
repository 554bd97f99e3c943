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
 * Products with one row or one column: a 1000 x 1000 matrix times a vector and a vector times it,
 * and the inner product of two vectors of 2^20 elements ({@code np.dot}), the JMH twins of the
 * {@code matvec_*}, {@code vecmat_*} and {@code dot_*} rows that {@code jmh/compare.py} adds to
 * NumPy's side. Inputs uniform in [0, 1); results allocated and closed in every call. These keep
 * the matrix kernels' summation order (a fused chain per 256-term panel), which leaves them
 * scalar, so they trail NumPy's BLAS, which sums in vector lanes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class MatVecBench {
    private NDArray m32;
    private NDArray v32;
    private NDArray m64;
    private NDArray v64;
    private NDArray a32;
    private NDArray b32;
    private NDArray a64;
    private NDArray b64;

    private static NDArray random(DType t, Random rnd, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble();
        }
        try (NDArray d = NDArray.of(v, shape)) {
            return d.astype(t);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        m32 = random(DType.FLOAT32, rnd, 1000, 1000);
        v32 = random(DType.FLOAT32, rnd, 1000);
        m64 = random(DType.FLOAT64, rnd, 1000, 1000);
        v64 = random(DType.FLOAT64, rnd, 1000);
        a32 = random(DType.FLOAT32, rnd, 1 << 20);
        b32 = random(DType.FLOAT32, rnd, 1 << 20);
        a64 = random(DType.FLOAT64, rnd, 1 << 20);
        b64 = random(DType.FLOAT64, rnd, 1 << 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (NDArray x : new NDArray[] {m32, v32, m64, v64, a32, b32, a64, b64}) {
            x.close();
        }
    }

    /** {@code M @ v}, float32, 1000 x 1000. */
    @Benchmark
    public double matvec_f32_1000() {
        try (NDArray r = m32.matmul(v32)) {
            return r.getDouble(7);
        }
    }

    /** {@code v @ M}, float32, 1000 x 1000. */
    @Benchmark
    public double vecmat_f32_1000() {
        try (NDArray r = v32.matmul(m32)) {
            return r.getDouble(7);
        }
    }

    /** {@code M @ v}, float64, 1000 x 1000. */
    @Benchmark
    public double matvec_f64_1000() {
        try (NDArray r = m64.matmul(v64)) {
            return r.getDouble(7);
        }
    }

    /** {@code np.dot(a, b)}, float32, 2^20 elements each. */
    @Benchmark
    public double dot_f32_n1048576() {
        try (NDArray r = a32.dot(b32)) {
            return r.getDouble();
        }
    }

    /** {@code np.dot(a, b)}, float64, 2^20 elements each. */
    @Benchmark
    public double dot_f64_n1048576() {
        try (NDArray r = a64.dot(b64)) {
            return r.getDouble();
        }
    }
}
