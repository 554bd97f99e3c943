package org.ndpack.bench;

import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.python.PyObject;
import org.ndpack.python.Python;
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
 * The cost of crossing into the embedded CPython and back, per call, on the 12-element float32
 * array of NumPy's own {@code dlpack_roundtrip} row in {@code numpy_baseline.py}
 * ({@code np.from_dlpack(s)}: one NumPy export and one NumPy import).
 *
 * <ul>
 *   <li>{@code dlpack_roundtrip_java_numpy_java}: Java array to NumPy ({@code toPython}, then
 *       {@code np.from_dlpack}) and NumPy's view back to Java ({@code fromPython}), everything
 *       closed: two exports, two imports, three Python calls. Needs NumPy 2.1+ (older NumPy
 *       imports DLPack read-only and refuses to export read-only arrays).</li>
 *   <li>{@code dlpack_roundtrip_one_call}: the same round trip through
 *       {@link PyObject#callArray} ({@code np.from_dlpack} called on the Java array, its
 *       {@code numpy.ndarray} imported back): the same two exports and two imports, with the GIL
 *       taken twice (the call, the result's deleter) instead of six times and no
 *       {@code PyObject} wrappers.</li>
 *   <li>{@code java_to_numpy}: the first half; {@code numpy_to_java}: the second half, on a
 *       NumPy array that stays alive.</li>
 *   <li>{@code call_noop}: one call of a Python function with no arguments, the floor under
 *       every call (GIL taken and released, one {@code PyObject} made and closed).</li>
 * </ul>
 * Run beside {@code python3 numpy_baseline.py} in the same sitting and compare as a ratio. The
 * interpreter is found as {@link Python#start()} finds it ({@code NDPACK_PYTHON} to choose).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class PythonBench {
    private Python py;
    private NDArray a;
    private PyObject fromDlpack;
    private PyObject numpyArray;
    private PyObject noop;

    /** Starts Python, imports NumPy, makes the arrays. */
    @Setup(Level.Trial)
    public void setUp() {
        py = Python.start();
        py.exec("import numpy as np\ndef noop():\n    pass\ns = np.arange(12, dtype=np.float32)");
        fromDlpack = py.eval("np.from_dlpack");
        numpyArray = py.get("s");
        noop = py.get("noop");
        a = NDArray.arange(DType.FLOAT32, 0, 12, 1);
    }

    /** Gives everything back. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fromDlpack.close();
        numpyArray.close();
        noop.close();
        a.close();
    }

    /** Java -> NumPy -> Java, zero-copy both ways. */
    @Benchmark
    public double dlpack_roundtrip_java_numpy_java() {
        try (PyObject x = py.toPython(a); PyObject y = fromDlpack.call(x); NDArray b = py.fromPython(y)) {
            return b.getDouble(11);
        }
    }

    /** Java -> NumPy -> Java in one call: {@code fromDlpack.callArray(a)}. */
    @Benchmark
    public double dlpack_roundtrip_one_call() {
        try (NDArray b = fromDlpack.callArray(a)) {
            return b.getDouble(11);
        }
    }

    /** Java -> NumPy: {@code np.from_dlpack(py.toPython(a))}. */
    @Benchmark
    public void java_to_numpy() {
        try (PyObject x = py.toPython(a); PyObject y = fromDlpack.call(x)) {
            // both closed: NumPy's view is freed and the export's deleter runs
        }
    }

    /** NumPy -> Java: {@code fromPython} of a NumPy array, then close. */
    @Benchmark
    public double numpy_to_java() {
        try (NDArray b = py.fromPython(numpyArray)) {
            return b.getDouble(11);
        }
    }

    /** The bare cost of one Python call from Java. */
    @Benchmark
    public void call_noop() {
        try (PyObject r = noop.call()) {
            // None
        }
    }
}
