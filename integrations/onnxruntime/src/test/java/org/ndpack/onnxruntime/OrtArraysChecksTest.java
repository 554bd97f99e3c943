package org.ndpack.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.dlpack.DLPack;

/**
 * Every bad input is refused before anything runs, with a message naming the value, what the model
 * declares and what was given; and no failure, before or during a run, leaves memory, leases or
 * outputs behind.
 */
class OrtArraysChecksTest {
    /** x [N, 4] float32 and z [N, 2] float32 (the same symbol N); y = x @ w, [N, 3]; v = z, [?, 2]. */
    private static OrtSession session;
    private long bytesBefore;
    private NDArray x;
    private NDArray z;

    @BeforeAll
    static void model() throws OrtException {
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = i - 5;
        }
        session = Models.session(new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, "N", 4L)
                .input("z", OnnxModelWriter.FLOAT, "N", 2L)
                .output("y", OnnxModelWriter.FLOAT, "N", 3L)
                .output("v", OnnxModelWriter.FLOAT, "", 2L)
                .initializer("w", new long[] {4, 3}, w)
                .node("MatMul", new String[] {"x", "w"}, new String[] {"y"})
                .node("Identity", new String[] {"z"}, new String[] {"v"})
                .build());
    }

    @AfterAll
    static void closeModel() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    @BeforeEach
    void arrays() {
        bytesBefore = NDArray.liveNativeBytes();
        x = NDArray.full(DType.FLOAT32, 1.0, 2, 4);
        z = NDArray.full(DType.FLOAT32, 2.0, 2, 2);
    }

    @AfterEach
    void nothingLeaked() {
        if (!x.isClosed()) {
            x.close();
        }
        z.close();
        assertEquals(0, DLPack.liveExports(), "leases (DLPack exports) still held");
        assertEquals(bytesBefore, NDArray.liveNativeBytes(), "ndpack native bytes");
    }

    /** Asserts the call throws {@code type} with a message containing each of {@code parts}. */
    private static void refused(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' lacks '" + p + "'");
        }
        assertTrue(e.getMessage().length() < 400, e::getMessage);
    }

    @Test
    void theValidCallWorks() throws OrtException {
        Map<String, NDArray> out = OrtArrays.run(session, Map.of("x", x, "z", z));
        try (NDArray y = out.get("y"); NDArray v = out.get("v")) {
            assertEquals(-5 - 2 + 1 + 4, y.getDouble(0, 0)); // column 0 of w: -5, -2, 1, 4
            assertEquals(z, v);
        }
    }

    @Test
    void missingInput() {
        refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", x)),
                "input 'z' is missing", "float32 [N, 2]", "[x]");
    }

    @Test
    void unknownInput() {
        refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", x, "z", z, "q", z)),
                "input 'q'", "no such input", "[x, z]");
    }

    @Test
    void nullInput() {
        Map<String, NDArray> in = new HashMap<>();
        in.put("x", x);
        in.put("z", null);
        refused(NullPointerException.class, () -> OrtArrays.run(session, in), "input 'z' is null");
    }

    @Test
    void wrongDtype() {
        try (NDArray xi = NDArray.zeros(DType.INT32, 2, 4)) {
            refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", xi, "z", z)),
                    "input 'x'", "declares float32 [N, 4]", "given int32 [2, 4]");
        }
    }

    @Test
    void wrongRank() {
        try (NDArray x3 = NDArray.zeros(DType.FLOAT32, 2, 4, 1)) {
            refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", x3, "z", z)),
                    "input 'x'", "float32 [N, 4] (rank 2)", "given float32 [2, 4, 1] (rank 3)");
        }
    }

    @Test
    void extentContradictsAStaticDimension() {
        try (NDArray x5 = NDArray.zeros(DType.FLOAT32, 2, 5)) {
            refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", x5, "z", z)),
                    "input 'x' axis 1", "float32 [N, 4]", "given float32 [2, 5]", "fixes 4");
        }
    }

    @Test
    void extentContradictsASymbolBoundByAnotherInput() {
        try (NDArray z3 = NDArray.zeros(DType.FLOAT32, 3, 2)) {
            refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", x, "z", z3)),
                    "input 'z' axis 0", "float32 [N, 2]", "given float32 [3, 2]", "N = 3", "N = 2");
        }
    }

    @Test
    void closedInput() {
        x.close();
        refused(IllegalStateException.class, () -> OrtArrays.run(session, Map.of("x", x, "z", z)),
                "input 'x' is closed");
    }

    @Test
    void closedInputAsLease() {
        x.close();
        assertThrows(IllegalStateException.class, () -> OrtArrays.toOnnxTensor(Models.env(), x));
    }

    @Test
    void dtypeWithoutAnOrtTensorType() {
        try (NDArray u = NDArray.zeros(DType.UINT32, 3)) {
            refused(IllegalArgumentException.class, () -> OrtArrays.toOnnxTensor(Models.env(), u), "uint32");
        }
    }

    @Test
    void nullArguments() {
        assertThrows(NullPointerException.class, () -> OrtArrays.run(null, Map.of("x", x)));
        assertThrows(NullPointerException.class, () -> OrtArrays.run(session, null));
        assertThrows(NullPointerException.class, () -> OrtArrays.run(session, Map.of("x", x, "z", z), null));
        assertThrows(NullPointerException.class, () -> OrtArrays.toOnnxTensor(null, x));
        assertThrows(NullPointerException.class, () -> OrtArrays.toOnnxTensor(Models.env(), null));
    }

    // ---------------------------------------------------------------------------------------------
    // Caller-provided outputs
    // ---------------------------------------------------------------------------------------------

    @Test
    void noOutputs() {
        refused(IllegalArgumentException.class, () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of()),
                "outputs is empty", "[y, v]");
    }

    @Test
    void unknownOutput() {
        try (NDArray o = NDArray.zeros(DType.FLOAT32, 2, 3)) {
            refused(IllegalArgumentException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("q", o)), "output 'q'", "[y, v]");
        }
    }

    @Test
    void outputOfWrongDtype() {
        try (NDArray o = NDArray.zeros(DType.FLOAT64, 2, 3)) {
            refused(IllegalArgumentException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("y", o)),
                    "output 'y'", "float32 [N, 3]", "given float64 [2, 3]");
        }
    }

    @Test
    void outputContradictingAStaticDimension() {
        try (NDArray o = NDArray.zeros(DType.FLOAT32, 2, 4)) {
            refused(IllegalArgumentException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("y", o)),
                    "output 'y' axis 1", "fixes 3");
        }
    }

    @Test
    void outputContradictingTheInputsSymbol() {
        try (NDArray o = NDArray.zeros(DType.FLOAT32, 3, 3)) {
            refused(IllegalArgumentException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("y", o)),
                    "output 'y' axis 0", "N = 3", "N = 2");
        }
    }

    @Test
    void readOnlyOutput() {
        try (NDArray o = NDArray.zeros(DType.FLOAT32, 2, 3)) {
            NDArray ro = o.asReadOnly();
            refused(ReadOnlyArrayException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("y", ro)), "output 'y'", "read-only");
            ro.close();
        }
    }

    @Test
    void nonContiguousOutput() {
        try (NDArray o = NDArray.zeros(DType.FLOAT32, 3, 2)) {
            NDArray t = o.transpose();
            refused(IllegalArgumentException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("y", t)), "output 'y'",
                    "not C-contiguous");
            t.close();
        }
    }

    @Test
    void closedOutput() {
        NDArray o = NDArray.zeros(DType.FLOAT32, 2, 3);
        o.close();
        refused(IllegalStateException.class, () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("y", o)),
                "output 'y' is closed");
    }

    /**
     * A dimension only ONNX Runtime can check (unnamed in input and output): it refuses during the
     * run; the caller's array is untouched and nothing is left behind (checked after each test).
     */
    @Test
    void outputShapeOnlyOrtCanCheckFailsTheRunCleanly() throws OrtException {
        try (OrtSession s = Models.session(new OnnxModelWriter()
                .input("a", OnnxModelWriter.FLOAT, "", 2L)
                .output("v", OnnxModelWriter.FLOAT, "", 2L)
                .node("Neg", new String[] {"a"}, new String[] {"v"})
                .build());
                NDArray o = NDArray.full(DType.FLOAT32, 9.0, 5, 2);
                NDArray nine = NDArray.full(DType.FLOAT32, 9.0, 5, 2)) {
            assertThrows(OrtException.class, () -> OrtArrays.run(s, Map.of("a", z), Map.of("v", o)));
            assertEquals(nine, o);
            try (NDArray right = NDArray.zeros(DType.FLOAT32, 2, 2); NDArray expected = z.mul(-1.0)) {
                OrtArrays.run(s, Map.of("a", z), Map.of("v", right));
                assertEquals(expected, right);
            }
        }
    }

    /** ONNX Runtime infers symbolic output dimensions through the graph: v = Identity(z) gets z's N. */
    @Test
    void symbolsInferredByOrtAreCheckedToo() {
        try (NDArray o = NDArray.zeros(DType.FLOAT32, 5, 2)) {
            refused(IllegalArgumentException.class,
                    () -> OrtArrays.run(session, Map.of("x", x, "z", z), Map.of("v", o)),
                    "output 'v' axis 0", "N = 5", "N = 2");
        }
    }

    /** A failing run of run(session, inputs) closes the outputs it had allocated. */
    @Test
    void failingRunClosesAllocatedOutputs() throws OrtException {
        // Reshape to a shape the data cannot fill fails inside ONNX Runtime, after y was allocated.
        try (OrtSession bad = Models.session(new OnnxModelWriter()
                .input("a", OnnxModelWriter.FLOAT, 2L, 3L)
                .input("shape", OnnxModelWriter.INT64, 1L)
                .output("y", OnnxModelWriter.FLOAT, 2L, 3L)
                .output("r", OnnxModelWriter.FLOAT, "")
                .node("Neg", new String[] {"a"}, new String[] {"y"})
                .node("Reshape", new String[] {"a", "shape"}, new String[] {"r"})
                .build());
                NDArray a = NDArray.zeros(DType.FLOAT32, 2, 3);
                NDArray shape = NDArray.of(new long[] {7}, 1)) {
            long before = NDArray.liveNativeBytes();
            assertThrows(OrtException.class, () -> OrtArrays.run(bad, Map.of("a", a, "shape", shape)));
            assertEquals(before, NDArray.liveNativeBytes(), "the allocated output y was closed");
        }
    }

    @Test
    void leaseRules() throws OrtException {
        OnnxTensorLease t = OrtArrays.toOnnxTensor(Models.env(), x);
        assertTrue(t.toString().contains("shared"), t::toString);
        t.close();
        assertTrue(t.isClosed());
        refused(IllegalStateException.class, t::tensor, "closed");
        refused(IllegalStateException.class, t::close, "already closed");
    }
}
