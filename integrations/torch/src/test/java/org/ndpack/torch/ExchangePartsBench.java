package org.ndpack.torch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
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
 * Where the time of {@code bench.ExchangeBench} goes: its two exchanges taken apart, and the floor
 * under them, what the cheapest JavaCPP calls cost. In this package to reach the package-private
 * parts of {@link Torch}.
 *
 * <ul>
 *   <li>{@code jni_defined}: one JavaCPP accessor that returns a primitive ({@code defined()}): the
 *       cost of one JNI call into libtorch, paid by each check of {@code toNDArray}.</li>
 *   <li>{@code jni_scalar_type}: one accessor that returns an enum, which JavaCPP allocates.</li>
 *   <li>{@code javacpp_copy_close}: the cheapest owned {@code Tensor} JavaCPP can hand out, a
 *       copy of a tensor handle ({@code new Tensor(t)}: one reference count up) and its
 *       {@code close()}: JavaCPP's allocation, its deallocator registration (with its memory
 *       accounting) and the delete; no libtorch operator runs. {@code toTensor} pays this for the
 *       {@code Tensor} it returns.</li>
 *   <li>{@code toNDArray_checks}: the checks {@code toNDArray} makes before calling libtorch
 *       (memory reads of the TensorImpl, see {@code ImplLayout}).</li>
 *   <li>{@code toNDArray_jniChecks}: the same checks through JavaCPP's accessors (nine JNI calls),
 *       which {@code toNDArray} used before and still uses to name a refusal.</li>
 *   <li>{@code toNDArray_rawDLPack}: {@code at::toDLPackVersioned} and the returned tensor's own
 *       deleter, called directly: libtorch's share of {@code toNDArray} + {@code close()}.</li>
 *   <li>{@code toTensor_export_discard}: ndpack's share of {@code toTensor}: the DLPack export and
 *       its deleter.</li>
 *   <li>{@code toTensor_ownedTensor}: {@code toTensor} + free without the checks of the array:
 *       the export, {@code at::fromDLPackVersioned} into a fresh slot, the {@code Tensor} of
 *       ndpack-torch's own ({@code OwnedTensor}: a Cleaner registration instead of JavaCPP's),
 *       its {@code close()}: {@code reset()}, which frees the tensor and runs ndpack's deleter,
 *       and the slot's free.</li>
 *   <li>{@code slot_malloc_free} and {@code cleaner_register_clean}: two parts of the above.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class ExchangePartsBench {
    private static final MethodHandle CALL_DELETER =
            Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private Tensor tensor;
    private NDArray array;

    @Setup
    public void setUp() {
        Torch.load();
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

    @Benchmark
    public boolean jni_defined() {
        return tensor.defined();
    }

    @Benchmark
    public Object jni_scalar_type() {
        return tensor.scalar_type();
    }

    @Benchmark
    public long javacpp_copy_close() {
        Tensor t = new Tensor(tensor);
        long n = t.address();
        t.close();
        return n;
    }

    @Benchmark
    public long toNDArray_checks() {
        return Tensors.importableAddress(tensor);
    }

    @Benchmark
    public long toNDArray_jniChecks() {
        return Tensors.checkImportable(tensor);
    }

    @Benchmark
    public long toNDArray_rawDLPack() throws Throwable {
        MemorySegment managed = (MemorySegment) Libtorch.TO_DLPACK_VERSIONED.invokeExact(
                MemorySegment.ofAddress(tensor.address()));
        MemorySegment m = managed.reinterpret(24);
        MemorySegment deleter = m.get(ValueLayout.ADDRESS, 16);
        CALL_DELETER.invokeExact(deleter, managed);
        return managed.address();
    }

    @Benchmark
    public long toTensor_ownedTensor() {
        MemorySegment managed = DLPack.export(array, DLPack.VERSION, null, DLPackCopy.NEVER).pointer();
        Tensor t = Tensors.fromDLPack(managed);
        long a = t.address();
        t.close();
        return a;
    }

    @Benchmark
    public long slot_malloc_free() {
        long slot = OwnedTensor.allocateSlot();
        OwnedTensor.freeSlot(slot);
        return slot;
    }

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private static final Runnable NOTHING = () -> { };

    @Benchmark
    public Object cleaner_register_clean() {
        Object o = new Object();
        CLEANER.register(o, NOTHING).clean();
        return o;
    }

    @Benchmark
    public long toTensor_export_discard() {
        var t = DLPack.export(array, DLPack.VERSION, null, DLPackCopy.NEVER);
        DLPack.discard(t);
        return t.pointer().address();
    }
}
