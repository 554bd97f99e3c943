package org.ndpack.bench;

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
 * {@code a + a} on float32 with the result allocated and closed in every call, the twin of
 * compare.py's {@code add_f32_alloc_n<n>} (NumPy's {@code a + a}). At 1M elements the cost is the
 * result's memory (fresh pages, zeroing), not the arithmetic: this is the allocator's benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class AddAllocBench {
    @Param({"65536", "1048576", "16777216"})
    public int n;

    private NDArray a;

    @Setup(Level.Trial)
    public void setUp() {
        a = Data.uniform(DType.FLOAT32, 1, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
    }

    /** {@code a + a}, result allocated and closed. */
    @Benchmark
    public long add_f32_alloc() {
        try (NDArray r = a.add(a)) {
            return r.size();
        }
    }
}
