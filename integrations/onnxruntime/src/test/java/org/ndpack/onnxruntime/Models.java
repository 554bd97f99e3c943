package org.ndpack.onnxruntime;

import static org.ndpack.onnxruntime.OnnxModelWriter.FLOAT;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.Assumptions;
import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;

/** The test models, written by {@link OnnxModelWriter}, and their sessions. */
final class Models {
    private Models() {
    }

    /** ONNX Runtime's environment, or null if its native library does not load here. */
    private static final OrtEnvironment ENV;
    private static final Throwable LOAD_FAILURE;

    static {
        OrtEnvironment env = null;
        Throwable failure = null;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            failure = e;
        }
        ENV = env;
        LOAD_FAILURE = failure;
    }

    /**
     * Skips the calling tests when ONNX Runtime's native library cannot be loaded on this machine
     * (saying why), or fails them under {@code CI=true}.
     */
    static void require() {
        if (ENV == null) {
            String msg = "ONNX Runtime (com.microsoft.onnxruntime:onnxruntime, from Maven) did not load its native "
                    + "library on this platform: " + LOAD_FAILURE + "; skipping the ONNX Runtime tests";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + msg, LOAD_FAILURE);
            }
            Assumptions.abort(msg);
        }
    }

    /** {@return ONNX Runtime's environment} */
    static OrtEnvironment env() {
        require();
        return ENV;
    }

    /** {@return a session on one intra-op thread (the tests share a small machine)} */
    static OrtSession session(byte[] model) throws OrtException {
        OrtEnvironment env = env();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            return env.createSession(model, o);
        }
    }

    /** y = (a + b) * c with a [2, 3], b [3], c [2, 1] (two broadcasts), all float32. */
    static byte[] addMul() {
        return new OnnxModelWriter()
                .input("a", FLOAT, 2L, 3L)
                .input("b", FLOAT, 3L)
                .input("c", FLOAT, 2L, 1L)
                .output("y", FLOAT, 2L, 3L)
                .node("Add", new String[] {"a", "b"}, new String[] {"s"})
                .node("Mul", new String[] {"s", "c"}, new String[] {"y"})
                .build();
    }

    /**
     * The MLP weights: w1 [IN, HIDDEN], b1 [HIDDEN], w2 [HIDDEN, OUT], b2 [OUT], float32, from a
     * seeded generator. The caller closes them.
     */
    record Mlp(int in, int hidden, int out, NDArray w1, NDArray b1, NDArray w2, NDArray b2) implements AutoCloseable {
        static Mlp create(int in, int hidden, int out, long seed) {
            Generator g = Generator.seeded(seed);
            return new Mlp(in, hidden, out,
                    g.uniform(DType.FLOAT32, -0.5, 0.5, in, hidden),
                    g.uniform(DType.FLOAT32, -0.5, 0.5, hidden),
                    g.uniform(DType.FLOAT32, -0.5, 0.5, hidden, out),
                    g.uniform(DType.FLOAT32, -0.5, 0.5, out));
        }

        /**
         * y = Relu(x @ w1 + b1) @ w2 + b2, x [batch, in]; the weights are initializers.
         *
         * @param batch a Long (static), a String (symbolic) or "" (dynamic without a symbol) for x
         * @param outBatch the same for y
         */
        byte[] model(Object batch, Object outBatch) {
            return new OnnxModelWriter()
                    .input("x", FLOAT, batch, (long) in)
                    .output("y", FLOAT, outBatch, (long) out)
                    .initializer("w1", w1.shape(), w1.toFloatArray())
                    .initializer("b1", b1.shape(), b1.toFloatArray())
                    .initializer("w2", w2.shape(), w2.toFloatArray())
                    .initializer("b2", b2.shape(), b2.toFloatArray())
                    .node("MatMul", new String[] {"x", "w1"}, new String[] {"h0"})
                    .node("Add", new String[] {"h0", "b1"}, new String[] {"h1"})
                    .node("Relu", new String[] {"h1"}, new String[] {"h"})
                    .node("MatMul", new String[] {"h", "w2"}, new String[] {"y0"})
                    .node("Add", new String[] {"y0", "b2"}, new String[] {"y"})
                    .build();
        }

        /** {@return ndpack's own computation of the model, a new array} */
        NDArray expected(NDArray x) {
            try (NDArray h0 = x.matmul(w1); NDArray h1 = h0.add(b1); NDArray h = h1.maximum(0.0);
                    NDArray y0 = h.matmul(w2)) {
                return y0.add(b2);
            }
        }

        @Override
        public void close() {
            w1.close();
            b1.close();
            w2.close();
            b2.close();
        }
    }
}
