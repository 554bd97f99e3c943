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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The element-wise workloads of {@code numpy_baseline.py} that allocate their result, each closed
 * at once (try-with-resources), as NumPy frees a dropped temporary at once. One state per input
 * set, so a fork builds only what its benchmark reads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ElementwiseBench {

    /** 16 float32 elements: the fixed cost of a small operation (dispatch, allocation, leases). */
    @State(Scope.Benchmark)
    public static class Small {
        NDArray a;

        @Setup(Level.Trial)
        public void setUp() {
            a = Data.uniform(DType.FLOAT32, 1, 16);
        }
    }

    /** Two 4096 x 4096 float32 matrices. */
    @State(Scope.Benchmark)
    public static class Square {
        NDArray a;
        NDArray b;

        @Setup(Level.Trial)
        public void setUp() {
            a = Data.uniform(DType.FLOAT32, 1, 4096, 4096);
            b = Data.uniform(DType.FLOAT32, 2, 4096, 4096);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
        }
    }

    /** One 16M-element vector of a dtype. */
    @State(Scope.Benchmark)
    public static class F64 {
        NDArray a;

        @Setup(Level.Trial)
        public void setUp() {
            a = Data.uniform(DType.FLOAT64, 3, 1 << 24);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
        }
    }

    /** One 16M-element float32 vector. */
    @State(Scope.Benchmark)
    public static class F32 {
        NDArray a;

        @Setup(Level.Trial)
        public void setUp() {
            a = Data.uniform(DType.FLOAT32, 5, 1 << 24);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
        }
    }

    /** 16M float16 elements. */
    @State(Scope.Benchmark)
    public static class F16 {
        NDArray a;

        @Setup(Level.Trial)
        public void setUp() {
            a = Data.uniform(DType.FLOAT16, 4, 1 << 24);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
        }
    }

    /** 16M int32 elements {@code 0, 1, ...} (NumPy's arange). */
    @State(Scope.Benchmark)
    public static class I32 {
        NDArray a;

        @Setup(Level.Trial)
        public void setUp() {
            a = NDArray.arange(DType.INT32, 0, 1 << 24, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
        }
    }

    /** {@code a + a} on 16 float32, result allocated and closed. Target: under 0.2 us. */
    @Benchmark
    public long add_f32_alloc_n16(Small s) {
        try (NDArray r = s.a.add(s.a)) {
            return r.size();
        }
    }

    /** {@code A + B.T} on 4096 x 4096 float32: a transposed operand, cache-tiled. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long add_f32_transposed_4096(Square s) {
        try (NDArray r = s.a.add(s.b.transpose())) {
            return r.size();
        }
    }

    /** {@code A + B} on 4096 x 4096 float32: the contiguous reference for the transposed case. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long add_f32_contig_4096(Square s) {
        try (NDArray r = s.a.add(s.b)) {
            return r.size();
        }
    }

    /** {@code exp(y)} on 16M float64. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long exp_f64_n16777216(F64 s) {
        try (NDArray r = s.a.exp()) {
            return r.size();
        }
    }

    /** {@code exp(x)} on 16M float32. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long exp_f32_n16777216(F32 s) {
        try (NDArray r = s.a.exp()) {
            return r.size();
        }
    }

    /** {@code log(y)} on 16M float64. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long log_f64_n16777216(F64 s) {
        try (NDArray r = s.a.log()) {
            return r.size();
        }
    }

    /** {@code log(x)} on 16M float32. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long log_f32_n16777216(F32 s) {
        try (NDArray r = s.a.log()) {
            return r.size();
        }
    }

    /** {@code sin(y)} on 16M float64. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long sin_f64_n16777216(F64 s) {
        try (NDArray r = s.a.sin()) {
            return r.size();
        }
    }

    /** {@code sin(x)} on 16M float32. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long sin_f32_n16777216(F32 s) {
        try (NDArray r = s.a.sin()) {
            return r.size();
        }
    }

    /** {@code tanh(y)} on 16M float64. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long tanh_f64_n16777216(F64 s) {
        try (NDArray r = s.a.tanh()) {
            return r.size();
        }
    }

    /** {@code tanh(x)} on 16M float32. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long tanh_f32_n16777216(F32 s) {
        try (NDArray r = s.a.tanh()) {
            return r.size();
        }
    }

    /** {@code h + h} on 16M float16: widened to float32, added, rounded once. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long add_f16_n16777216(F16 s) {
        try (NDArray r = s.a.add(s.a)) {
            return r.size();
        }
    }

    /** {@code i + i} on 16M int32. */
    @Benchmark
    @Measurement(iterations = 5, time = 2)
    public long add_i32_n16777216(I32 s) {
        try (NDArray r = s.a.add(s.a)) {
            return r.size();
        }
    }
}
