package org.ndpack.bench;

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
 * The twelfth session's workloads: float64 results of 2^20 elements (8 MiB) computed after the
 * program has made and closed a dozen temporaries of that size, as any program with intermediate
 * results does (the block cache then holds blocks nobody reuses), the JMH twins of the
 * {@code *_dropped} rows {@code jmh/compare.py} adds; NumPy's side makes and drops the same
 * temporaries. Results allocated and closed in every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class Gaps12Bench {
    private static final int N = 1 << 20;
    private NDArray x64;
    private NDArray w64;

    @Setup(Level.Trial)
    public void setUp() {
        x64 = Data.uniform(DType.FLOAT64, 42, N);
        try (NDArray w = x64.mul(200.0)) {
            w64 = w.sub(100.0);
        }
        // twelve temporaries of the results' size, alive together, then closed (closed one by
        // one as made, each would reuse the block of the one before); the first few take the
        // start-up blocks (64 MiB at most, never kept), the rest are kept by the block cache
        NDArray[] temporaries = new NDArray[12];
        for (int k = 0; k < temporaries.length; k++) {
            temporaries[k] = x64.mul(k + 2.0);
        }
        for (NDArray t : temporaries) {
            t.close();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x64.close();
        w64.close();
    }

    /** {@code x * 3.0}, float64. */
    @Benchmark
    public double mul3_f64_dropped_n1048576() {
        try (NDArray r = x64.mul(3.0)) {
            return r.getDouble(0);
        }
    }

    /** {@code floor(w)}, float64 of values in [-100, 100). */
    @Benchmark
    public double floor_f64_dropped_n1048576() {
        try (NDArray r = Ufunc.FLOOR.apply(w64)) {
            return r.getDouble(0);
        }
    }
}
