package org.ndpack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.io.Npy;
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
 * .npy files and printing, each with a NumPy twin of the same name (np.load, np.save,
 * np.load(mmap_mode="r"), repr): reading a 64 MiB float32 file (one read from the file into native
 * memory: expected close to a memory copy from the page cache, like NumPy), writing it (straight
 * from native memory; a transposed view goes through the gather buffer), mapping it (no copy: the
 * cost is the system call, independent of the size), and repr of 1000 float64 values (two passes
 * of exact shortest-digit formatting, as NumPy does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class NpyBench {
    private static final long N = 1 << 24;

    private Path dir;
    private Path file;
    private Path out;
    private NDArray a;
    private NDArray square;
    private NDArray small;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("ndpack-npy-bench");
        file = dir.resolve("a.npy");
        out = dir.resolve("out.npy");
        a = NDArray.arange(DType.FLOAT32, 0, N, 1);
        square = a.reshape(4096, 4096);
        Npy.write(file, a);
        SplittableRandom r = new SplittableRandom(42);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        small = NDArray.of(v);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        a.close();
        small.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(out);
        Files.deleteIfExists(dir);
    }

    /** Npy.read of a 64 MiB float32 file (twin: np.load). */
    @Benchmark
    public long npy_read_f32_n16777216() throws IOException {
        try (NDArray b = Npy.read(file)) {
            return b.size();
        }
    }

    /** Npy.write of a contiguous 64 MiB float32 array (twin: np.save). */
    @Benchmark
    public void npy_write_f32_n16777216() throws IOException {
        Npy.write(out, a);
    }

    /** Npy.write of the reversed-columns view of a 4096 x 4096 array, gathered into C order
     * through the copy buffer (twin: np.save of a[:, ::-1]). */
    @Benchmark
    public void npy_write_f32_strided_4096() throws IOException {
        Npy.write(out, square.slice(":, ::-1"));
    }

    /** Npy.map then close of the 64 MiB file (twin: np.load(mmap_mode="r")). */
    @Benchmark
    public long npy_map_f32_n16777216() throws IOException {
        try (NDArray m = Npy.map(file)) {
            return m.size();
        }
    }

    /** toString of 1000 random float64 values (twin: repr). */
    @Benchmark
    public String repr_f64_n1000() {
        return small.toString();
    }
}
