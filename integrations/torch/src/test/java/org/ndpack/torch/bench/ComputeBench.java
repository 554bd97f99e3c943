package org.ndpack.torch.bench;

import java.util.concurrent.TimeUnit;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;
import org.ndpack.torch.Torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compute table with libtorch 2.10 beside ndpack in the same JVM, on the same memory: each
 * libtorch operand is a {@link Torch#toTensor} view of the ndpack operand. Both allocate their
 * result, as NumPy's {@code a + b} does. libtorch runs on 2 intra-op threads
 * ({@code torch.set_num_threads(2)}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
        "-Xmx4g"})
@State(Scope.Benchmark)
public class ComputeBench {
    private NDArray f32m1;
    private NDArray f32m16;
    private NDArray f64m16;
    private NDArray f16m16;
    private NDArray f32sq;
    private NDArray f64sq;
    private Tensor tf32m1;
    private Tensor tf32m16;
    private Tensor tf64m16;
    private Tensor tf16m16;
    private Tensor tf32sq;
    private Tensor tf64sq;

    @Setup
    public void setUp() {
        torch.set_num_threads(2);
        Generator g = Generator.seeded(42);
        f32m1 = random(g, DType.FLOAT32, 1 << 20);
        f32m16 = random(g, DType.FLOAT32, 1 << 24);
        f64m16 = random(g, DType.FLOAT64, 1 << 24);
        f16m16 = random(g, DType.FLOAT16, 1 << 24);
        f32sq = random(g, DType.FLOAT32, 1024, 1024);
        f64sq = random(g, DType.FLOAT64, 1024, 1024);
        tf32m1 = Torch.toTensor(f32m1);
        tf32m16 = Torch.toTensor(f32m16);
        tf64m16 = Torch.toTensor(f64m16);
        tf16m16 = Torch.toTensor(f16m16);
        tf32sq = Torch.toTensor(f32sq);
        tf64sq = Torch.toTensor(f64sq);
    }

    private static NDArray random(Generator g, DType dtype, long... shape) {
        try (NDArray u = g.uniform(shape)) {
            return u.astype(dtype);
        }
    }

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[] {tf32m1, tf32m16, tf64m16, tf16m16, tf32sq, tf64sq}) {
            t.close();
        }
        for (NDArray a : new NDArray[] {f32m1, f32m16, f64m16, f16m16, f32sq, f64sq}) {
            a.close();
        }
    }

    private static long done(NDArray r) {
        try (r) {
            return r.size();
        }
    }

    private static long done(Tensor r) {
        try (r) {
            return r.numel();
        }
    }

    @Benchmark public long add_f32_1M_ndpack() { return done(f32m1.add(f32m1)); }
    @Benchmark public long add_f32_1M_torch() { return done(torch.add(tf32m1, tf32m1)); }
    @Benchmark public long add_f32_16M_ndpack() { return done(f32m16.add(f32m16)); }
    @Benchmark public long add_f32_16M_torch() { return done(torch.add(tf32m16, tf32m16)); }
    @Benchmark public long sum_f32_16M_ndpack() { return done(f32m16.sum()); }
    @Benchmark public long sum_f32_16M_torch() { return done(tf32m16.sum()); }
    @Benchmark public long matmul_f32_1024_ndpack() { return done(f32sq.matmul(f32sq)); }
    @Benchmark public long matmul_f32_1024_torch() { return done(torch.matmul(tf32sq, tf32sq)); }
    @Benchmark public long matmul_f64_1024_ndpack() { return done(f64sq.matmul(f64sq)); }
    @Benchmark public long matmul_f64_1024_torch() { return done(torch.matmul(tf64sq, tf64sq)); }
    @Benchmark public long exp_f64_16M_ndpack() { return done(f64m16.exp()); }
    @Benchmark public long exp_f64_16M_torch() { return done(torch.exp(tf64m16)); }
    @Benchmark public long add_f16_16M_ndpack() { return done(f16m16.add(f16m16)); }
    @Benchmark public long add_f16_16M_torch() { return done(torch.add(tf16m16, tf16m16)); }
}
