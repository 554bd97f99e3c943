package org.ndpack.bench;

import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The locked form against the plain one, single-threaded: {@code Ufunc.ADD.apply(a, 1L, a)} on a 1M-element array,
 * plain and through {@code a.locked()} (the memory lock taken and released around the whole
 * operation, uncontended), and, for scale, the same on 16 elements, where the fixed cost shows.
 * Target: the 1M-element locked add under 5% slower than the plain one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class LockedAddBench {
    @Param({"1048576", "16"})
    public int n;
    @Param({"float64", "int16"})
    public String dtype;

    private NDArray a;
    private NDArray locked;
    private NDArray checked;

    @Setup
    public void setup() {
        a = NDArray.zeros(DType.fromNumpyName(dtype), n);
        locked = a.locked();
        checked = a.checked();
    }

    @TearDown
    public void tearDown() {
        a.close();
    }

    /** The plain in-place add. */
    @Benchmark
    public NDArray add_plain() {
        return Ufunc.ADD.apply(a, 1L, a);
    }

    /** The same add under the memory lock. */
    @Benchmark
    public NDArray add_locked() {
        return Ufunc.ADD.apply(locked, 1L, locked);
    }

    /** The same add in checked mode (registered with the race detector). */
    @Benchmark
    public NDArray add_checked() {
        return Ufunc.ADD.apply(checked, 1L, checked);
    }
}
