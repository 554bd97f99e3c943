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
 * Float32 sums, the JMH twins of {@code numpy_baseline.py}'s sum workloads: a 16M-element vector
 * (64 MB, so memory-bound), and the column (axis 0) and row (axis 1) sums of a 4096 x 4096 matrix.
 * Inputs are uniform in [0, 1) like NumPy's {@code rng.random}. Each call allocates its result
 * and closes it, as NumPy allocates its own. Expected: at least 1.5x NumPy's throughput; ndpack
 * sums in double (more accurate than NumPy's float32 pairwise sum) and splits large sums over
 * {@code ndpack.threads} threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ReduceBench {
    private NDArray x;
    private NDArray m;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        float[] v = new float[1 << 24];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat();
        }
        x = NDArray.of(v);
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat();
        }
        m = NDArray.of(v, 4096, 4096);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        m.close();
    }

    /** {@code x.sum()} over 16M float32. */
    @Benchmark
    public double sum_f32_n16777216() {
        try (NDArray s = x.sum()) {
            return s.item();
        }
    }

    /** {@code A.sum(axis=0)}: column sums, rows streamed into a vector of partial sums. */
    @Benchmark
    public double sum_f32_axis0_4096() {
        try (NDArray s = m.sum(0)) {
            return s.getDouble(7);
        }
    }

    /** {@code A.sum(axis=1)}: one contiguous sum per row. */
    @Benchmark
    public double sum_f32_axis1_4096() {
        try (NDArray s = m.sum(1)) {
            return s.getDouble(7);
        }
    }
}
