package org.ndpack.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.Generator;
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
 * Sorting 1M (2^20) uniform random values: {@code NDArray.sort()} and {@code argsort()} against
 * the floor of the same work on the heap ({@code float[].clone()} then {@link Arrays#sort}).
 * NumPy's twins: {@code np.sort(x)} (introsort, NumPy's default), {@code np.sort(x, kind='stable')}
 * and {@code np.argsort(x, kind='stable')} on {@code rng.random(2**20, dtype=np.float32)}.
 * Expected: float32 and int32 sorts within ~1.3x of the heap floor (one copy in, one out, a
 * counting pass); argsort about 2-3x the floor (a stable radix sort of keys carrying positions);
 * float64 slower than float32 (its radix sort moves 64-bit keys, and the JDK's vectorised sort
 * covers only 32-bit types on AVX2 machines).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class SortBench {
    private static final int N = 1 << 20;

    private NDArray f32;
    private NDArray f64;
    private NDArray i32;
    private float[] heap;

    /** Fills the inputs once; the sorts never modify them. */
    @Setup(Level.Trial)
    public void setUp() {
        Generator g = Generator.seeded(42);
        f32 = g.uniform(DType.FLOAT32, 0, 1, N);
        f64 = g.uniform(DType.FLOAT64, 0, 1, N);
        i32 = g.integers(DType.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE, N);
        heap = f32.toFloatArray();
    }

    /** Releases the inputs. */
    @TearDown(Level.Trial)
    public void tearDown() {
        f32.close();
        f64.close();
        i32.close();
    }

    /** The twin of {@code np.sort(x)} for float32. */
    @Benchmark
    public long sort_f32_n1048576() {
        try (NDArray s = f32.sort()) {
            return s.size();
        }
    }

    /** The twin of {@code np.argsort(x, kind='stable')} for float32. */
    @Benchmark
    public long argsort_f32_n1048576() {
        try (NDArray s = f32.argsort()) {
            return s.size();
        }
    }

    /** The twin of {@code np.sort(x)} for float64. */
    @Benchmark
    public long sort_f64_n1048576() {
        try (NDArray s = f64.sort()) {
            return s.size();
        }
    }

    /** The twin of {@code np.sort(x)} for int32. */
    @Benchmark
    public long sort_i32_n1048576() {
        try (NDArray s = i32.sort()) {
            return s.size();
        }
    }

    /** The heap floor: clone and sort a float[] of the same values. */
    @Benchmark
    public float jdk_sort_f32_heap_n1048576() {
        float[] c = heap.clone();
        Arrays.sort(c);
        return c[N / 2];
    }
}
