package org.ndpack.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackLayouts;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The DLPack bridge's fixed costs.
 *
 * <ul>
 *   <li>{@code dlpack_roundtrip}: export a 12-element float32 array, import the tensor back and
 *       close the import (which calls the export's deleter): the twin of NumPy's
 *       {@code np.from_dlpack(s)} in {@code numpy_baseline.py} (about 0.5 us there; target here
 *       under 0.25 us). Average time per round trip.</li>
 *   <li>{@code import_close_1t} / {@code import_close_2t}: import a ready-made tensor and close
 *       the array, on one thread and on two threads at once, as throughput. Each import and each
 *       release is a compare-and-set on the one global state record, so two threads contend on
 *       it; the ratio of the two figures shows what contention costs (ideal: 2x on two idle
 *       cores). Each thread has its own tensor (a versioned float32 [12] over its own native
 *       memory, NULL deleter), so the figures measure the bridge and not a producer.</li>
 *   <li>{@code control_alloc_close_1t} / {@code control_alloc_close_2t}: allocate and close a
 *       12-element float32 array, on one and two threads: work of a similar size that shares no
 *       state between threads (small arrays come from per-thread slabs), so its 2-thread/1-thread
 *       ratio is what the machine allows at that moment. Read the import figures against it: on a
 *       loaded machine neither scales.</li>
 * </ul>
 *
 * <p>Measured on the shared 2-core development machine (other builds running), each sitting
 * beside {@code numpy_baseline.py}'s {@code dlpack_roundtrip} (NumPy 1.24):
 * <ul>
 *   <li>load 1.6 to 2.5: {@code dlpack_roundtrip} 202 to 224 ns, NumPy 0.42 to 0.72 us (median
 *       about 0.45): about 0.45 of NumPy; {@code import_close_1t} 6.2 to 7.7 ops/us;</li>
 *   <li>load 4.5: {@code dlpack_roundtrip} 395 to 415 ns, NumPy 0.41 to 1.08 us (median about 1.0);
 *       2-thread/1-thread throughput ratio 0.71 and 0.63 for import+close, 0.85 and 1.42 for the
 *       control, so the machine, not the bridge, decides whether anything scales there.</li>
 * </ul>
 * What contention costs, in thread CPU time (which preemption does not inflate): a claim and a drop
 * on the shared state take 45 ns on one thread and 59 ns with two threads contending, against 38
 * and 37 ns for the same work on per-thread state, i.e. sharing one record costs about 14 ns per
 * import+close under full contention and no retry storm. A quiet machine is needed for the
 * wall-clock scaling figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DLPackBench {

    /** The exported array of the round trip. */
    @State(Scope.Thread)
    public static class Source {
        NDArray array;

        @Setup
        public void setUp() {
            array = NDArray.arange(DType.FLOAT32, 0, 12, 1);
        }

        @TearDown
        public void tearDown() {
            array.close();
        }
    }

    /** A versioned float32 [12] tensor built in Java, NULL deleter: importable again after each close. */
    @State(Scope.Thread)
    public static class Tensor {
        Arena arena;
        MemorySegment managed;

        @Setup(Level.Trial)
        public void setUp() {
            arena = Arena.ofShared();
            MemorySegment data = arena.allocate(48, 64);
            MemorySegment shape = arena.allocateFrom(ValueLayout.JAVA_LONG, 12);
            managed = arena.allocate(DLPackLayouts.DL_MANAGED_TENSOR_VERSIONED);
            set(ValueLayout.JAVA_INT, 1, "version", "major");
            set(ValueLayout.JAVA_INT, 3, "version", "minor");
            set(ValueLayout.ADDRESS, data, "dl_tensor", "data");
            set(ValueLayout.JAVA_INT, 1, "dl_tensor", "device", "device_type"); // CPU
            set(ValueLayout.JAVA_INT, 1, "dl_tensor", "ndim");
            set(ValueLayout.JAVA_BYTE, (byte) 2, "dl_tensor", "dtype", "code"); // float
            set(ValueLayout.JAVA_BYTE, (byte) 32, "dl_tensor", "dtype", "bits");
            set(ValueLayout.JAVA_SHORT, (short) 1, "dl_tensor", "dtype", "lanes");
            set(ValueLayout.ADDRESS, shape, "dl_tensor", "shape"); // strides NULL: row-major
        }

        private void set(ValueLayout layout, Object value, String... path) {
            MemoryLayout.PathElement[] p = new MemoryLayout.PathElement[path.length];
            for (int i = 0; i < path.length; i++) {
                p[i] = MemoryLayout.PathElement.groupElement(path[i]);
            }
            long offset = DLPackLayouts.DL_MANAGED_TENSOR_VERSIONED.byteOffset(p);
            layout.varHandle().set(managed, offset, value);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    /** Export, import back, close the import (its release runs the export's deleter). */
    @Benchmark
    public long dlpack_roundtrip(Source s) {
        MemorySegment p = DLPack.toDLPack(s.array);
        try (NDArray b = DLPack.fromDLPack(p)) {
            return b.size();
        }
    }

    /** Import and close, one thread. */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long import_close_1t(Tensor t) {
        return importClose(t);
    }

    /** Import and close, two threads contending on the bridge state. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long import_close_2t(Tensor t) {
        return importClose(t);
    }

    /** Control: allocate and close a small array, one thread (no state shared between threads). */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long control_alloc_close_1t() {
        return allocClose();
    }

    /** Control: allocate and close a small array, two threads. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long control_alloc_close_2t() {
        return allocClose();
    }

    private static long allocClose() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 12)) {
            return a.size();
        }
    }

    private static long importClose(Tensor t) {
        try (NDArray b = DLPack.fromDLPack(t.managed)) {
            return b.size();
        }
    }
}
