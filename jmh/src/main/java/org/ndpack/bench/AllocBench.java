package org.ndpack.bench;

import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fixed cost of a small array: allocating 16 float32 elements, closed explicitly or left to
 * the Cleaner. Every operation that returns a new array pays this, so it bounds the small-op
 * overhead (target: a 16-element add with its result allocated well under 0.2 us).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class AllocBench {

    /** Allocate and close at once (try-with-resources). */
    @Benchmark
    public long alloc_f32_n16_closed() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 16)) {
            return a.size();
        }
    }

    /** Allocate and drop: the Cleaner reclaims the memory later. */
    @Benchmark
    public NDArray alloc_f32_n16_dropped() {
        return NDArray.zeros(DType.FLOAT32, 16);
    }
}
