package org.ndpack.onnxruntime;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The MLP y = Relu(x @ w1 + b1) @ w2 + b2 (256 -> 16 -> 16, float32, one intra-op thread) run
 * through ONNX Runtime three ways:
 * <ul>
 *   <li>{@code ndpackCallerOutput}: {@link OrtArrays#run(OrtSession, Map, Map)}: input and output
 *       shared with ndpack arrays;</li>
 *   <li>{@code ndpackReturnedOutput}: {@link OrtArrays#run(OrtSession, Map)}: the output array
 *       allocated per call (zeroed) and written in place;</li>
 *   <li>{@code ortJavaArrays}: ONNX Runtime's own path for Java data:
 *       {@code OnnxTensor.createTensor(env, float[][])} (a copy in), run, {@code getValue()} into a
 *       {@code float[][]} (a copy out);</li>
 *   <li>{@code ortHeapBuffers}: ONNX Runtime's cheaper copying path, a heap {@code FloatBuffer} in
 *       (copied to a direct buffer), {@code getFloatBuffer()} out (a copy);</li>
 *   <li>{@code ortPinnedBuffers}: ONNX Runtime with direct buffers made once and pinned outputs:
 *       the least work a run can be; {@code ndpackCallerOutput} minus this is the adapter's cost;</li>
 *   <li>{@code partLease}, {@code partOrtTensor}: the two per-array parts of that cost (a lease on
 *       ndpack memory through a DLPack export; an ONNX Runtime tensor made and closed).</li>
 * </ul>
 * {@code batch = 65536} makes the input 64 MiB; {@code batch = 1} measures per-call overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class OrtMlpBenchmark {
    private static final int IN = 256;
    private static final int HIDDEN = 16;
    private static final int OUT = 16;

    @Param({"1", "65536"})
    public int batch;

    private Models.Mlp mlp;
    private OrtSession session;
    private NDArray x;
    private NDArray y;
    private float[][] xJava;
    private float[] xFlat;
    private OnnxTensorLease xTensor;
    private OnnxTensorLease yTensor;
    private java.nio.ByteBuffer yBuffer;
    private long[] yShape;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        mlp = Models.Mlp.create(IN, HIDDEN, OUT, 1);
        session = Models.session(mlp.model("N", "N"));
        x = Generator.seeded(2).uniform(DType.FLOAT32, -1, 1, batch, IN);
        y = NDArray.zeros(DType.FLOAT32, batch, OUT);
        float[] flat = x.toFloatArray();
        xFlat = flat;
        xJava = new float[batch][IN];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(flat, i * IN, xJava[i], 0, IN);
        }
        xTensor = OrtArrays.toOnnxTensor(OrtEnvironment.getEnvironment(), x);
        yTensor = OrtArrays.toOnnxTensor(OrtEnvironment.getEnvironment(), y);
        yBuffer = java.nio.ByteBuffer.allocateDirect((int) y.nbytes()).order(java.nio.ByteOrder.nativeOrder());
        yShape = y.shape();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        xTensor.close();
        yTensor.close();
        x.close();
        y.close();
        session.close();
        mlp.close();
    }

    @Benchmark
    public NDArray ndpackCallerOutput() throws OrtException {
        OrtArrays.run(session, Map.of("x", x), Map.of("y", y));
        return y;
    }

    @Benchmark
    public double ndpackReturnedOutput() throws OrtException {
        try (NDArray out = OrtArrays.run(session, Map.of("x", x)).get("y")) {
            return out.getDouble(0, 0);
        }
    }

    @Benchmark
    public float[][] ortJavaArrays() throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), xJava);
                OrtSession.Result r = session.run(Map.of("x", t))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    /**
     * ONNX Runtime's cheaper copying path: a heap {@code FloatBuffer} (copied into a direct buffer
     * by {@code createTensor}) in, {@code getFloatBuffer()} (a copy) out.
     */
    @Benchmark
    public java.nio.FloatBuffer ortHeapBuffers() throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), java.nio.FloatBuffer.wrap(xFlat),
                new long[] {batch, IN}); OrtSession.Result r = session.run(Map.of("x", t))) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer();
        }
    }

    /** Part of the adapter's cost: taking and releasing one lease (a DLPack export and its deleter). */
    @Benchmark
    public long partLease() {
        try (Pin p = Pin.of(y)) {
            return p.segment().address();
        }
    }

    /** Part of the adapter's cost: ONNX Runtime making and closing one tensor over a direct buffer. */
    @Benchmark
    public Object partOrtTensor() throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), yBuffer, yShape,
                ai.onnxruntime.OnnxJavaType.FLOAT)) {
            return t;
        }
    }

    @Benchmark
    public NDArray ortPinnedBuffers() throws OrtException {
        session.run(Map.of("x", xTensor.tensor()), Map.of("y", yTensor.tensor())).close();
        return y;
    }
}
