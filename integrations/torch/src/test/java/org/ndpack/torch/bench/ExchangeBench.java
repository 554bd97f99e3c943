package org.ndpack.torch.bench;

import java.util.concurrent.TimeUnit;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.ndpack.DType;
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
 * The cost of one exchange through libtorch's DLPack functions, size independent (no copy): an
 * import and its close (PyTorch's deleter), an export and the tensor's free (ndpack's deleter).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class ExchangeBench {
    private Tensor tensor;
    private NDArray array;

    @Setup
    public void setUp() {
        try (Tensor a = torch.arange(new Scalar(1024))) {
            tensor = a.to(torch.ScalarType.Float).reshape(32, 32);
        }
        array = NDArray.arange(DType.FLOAT32, 0, 1024, 1).reshape(32, 32);
    }

    @TearDown
    public void tearDown() {
        tensor.close();
        array.close();
    }

    /** {@code Torch.toNDArray} then {@code close()}: toDLPackVersioned, import, PyTorch's deleter. */
    @Benchmark
    public long toNDArray_close() {
        try (NDArray a = Torch.toNDArray(tensor)) {
            return a.size();
        }
    }

    /**
     * Reference: the cheapest libtorch call that returns a new JavaCPP {@code Tensor}
     * ({@code detach()}, a view) and its {@code close()}: JavaCPP's own cost of handing out an
     * owned Tensor, which {@code toTensor} avoids (its Tensor is ndpack-torch's own subclass, freed by a
     * Cleaner instead of JavaCPP's accounted registration).
     */
    @Benchmark
    public long javacpp_detach_close() {
        Tensor t = tensor.detach();
        long n = t.address();
        t.close();
        return n;
    }

    /** {@code Torch.toTensor} then the tensor's {@code close()}: export, fromDLPackVersioned, ndpack's deleter. */
    @Benchmark
    public long toTensor_free() {
        Tensor t = Torch.toTensor(array);
        long n = t.address();
        t.close();
        return n;
    }
}
