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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NumPy's {@code np.add(a, b, out=c)} on float32 vectors of n elements: the element-wise kernel
 * with no allocation (workloads {@code add_f32_out_n16} ... {@code add_f32_out_n16777216}).
 * Memory bound for large n: expect the rate of a plain C loop at 16M (12 bytes moved per
 * element), and per-call overhead well under NumPy's at n = 16.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class AddOutBench {
    @Param({"16", "65536", "1048576", "16777216"})
    public int n;

    NDArray a;
    NDArray b;
    NDArray c;

    @Setup(Level.Trial)
    public void setUp() {
        a = Data.uniform(DType.FLOAT32, 1, n);
        b = Data.uniform(DType.FLOAT32, 2, n);
        c = NDArray.zeros(DType.FLOAT32, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Benchmark
    public NDArray add_f32_out() {
        return Ufunc.ADD.apply(a, b, c);
    }
}
