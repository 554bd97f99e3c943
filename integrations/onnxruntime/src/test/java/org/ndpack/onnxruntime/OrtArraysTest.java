package org.ndpack.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/** Results, zero copy and lifetime of {@link OrtArrays} and {@link OnnxTensorLease}. */
class OrtArraysTest {
    private long bytesBefore;

    @BeforeEach
    void recordMemory() {
        Models.require();
        bytesBefore = NDArray.liveNativeBytes();
    }

    /** Every test closes what it made: ndpack memory and DLPack leases are back where they were. */
    @AfterEach
    void nothingLeaked() {
        assertEquals(0, DLPack.liveExports(), "leases (DLPack exports) still held");
        assertEquals(bytesBefore, NDArray.liveNativeBytes(), "ndpack native bytes");
    }

    /** Random inputs of {@link Models#addMul()} and ndpack's result for them. */
    private record AddMul(NDArray a, NDArray b, NDArray c, NDArray expected) implements AutoCloseable {
        static AddMul create(long seed) {
            Generator g = Generator.seeded(seed);
            NDArray a = g.uniform(DType.FLOAT32, -1, 1, 2, 3);
            NDArray b = g.uniform(DType.FLOAT32, -1, 1, 3);
            NDArray c = g.uniform(DType.FLOAT32, -1, 1, 2, 1);
            try (NDArray sum = a.add(b)) {
                return new AddMul(a, b, c, sum.mul(c));
            }
        }

        Map<String, NDArray> inputs() {
            return Map.of("a", a, "b", b, "c", c);
        }

        @Override
        public void close() {
            a.close();
            b.close();
            c.close();
            expected.close();
        }
    }

    @Test
    void addMulWithBroadcastingEqualsNdpack() throws OrtException {
        try (OrtSession s = Models.session(Models.addMul()); AddMul data = AddMul.create(1)) {
            NDArray expected = data.expected();
            Map<String, NDArray> out = OrtArrays.run(s, data.inputs());
            try (NDArray y = out.get("y")) {
                assertEquals(List.of("y"), List.copyOf(out.keySet()));
                assertEquals(DType.FLOAT32, y.dtype());
                assertArrayEquals(new long[] {2, 3}, y.shape());
                assertTrue(y.allClose(expected, 1e-6, 1e-7), () -> y + " vs " + expected);
            }
        }
    }

    @Test
    void mlpWithNdpackWeightsEqualsNdpack() throws OrtException {
        try (Models.Mlp mlp = Models.Mlp.create(8, 16, 4, 2);
                OrtSession s = Models.session(mlp.model(5L, 5L));
                NDArray x = Generator.seeded(3).uniform(DType.FLOAT32, -2, 2, 5, 8);
                NDArray expected = mlp.expected(x)) {
            try (NDArray y = OrtArrays.run(s, Map.of("x", x)).get("y")) {
                assertTrue(y.allClose(expected, 1e-5, 1e-6), () -> y + " vs " + expected);
                try (NDArray relu = expected.maximum(0.0)) {
                    assertNotEquals(expected, relu, "the test data exercise Relu's negative side");
                }
            }
        }
    }

    @Test
    void dynamicBatchOutputIsDerivedFromTheInput() throws OrtException {
        try (Models.Mlp mlp = Models.Mlp.create(8, 16, 4, 4); OrtSession s = Models.session(mlp.model("N", "N"))) {
            Generator g = Generator.seeded(5);
            for (long n : new long[] {1, 7, 33}) {
                try (NDArray x = g.uniform(DType.FLOAT32, -2, 2, n, 8); NDArray expected = mlp.expected(x);
                        NDArray y = OrtArrays.run(s, Map.of("x", x)).get("y")) {
                    assertArrayEquals(new long[] {n, 4}, y.shape());
                    assertTrue(y.allClose(expected, 1e-5, 1e-6), () -> "batch " + n + ": " + y + " vs " + expected);
                }
            }
        }
    }

    /** An output batch declared without a symbol (ONNX Runtime may infer N for it): still right. */
    @Test
    void outputBatchWithoutSymbolIsRight() throws OrtException {
        try (Models.Mlp mlp = Models.Mlp.create(8, 16, 4, 6); OrtSession s = Models.session(mlp.model("N", ""));
                NDArray x = Generator.seeded(7).uniform(DType.FLOAT32, -2, 2, 3, 8);
                NDArray expected = mlp.expected(x);
                NDArray y = OrtArrays.run(s, Map.of("x", x)).get("y")) {
            assertArrayEquals(new long[] {3, 4}, y.shape());
            assertTrue(y.allClose(expected, 1e-5, 1e-6));
        }
    }

    /** An output the model declares without a shape: ONNX Runtime infers [2, 3] from the input. */
    @Test
    void outputShapeInferredByOrtIsUsed() throws OrtException {
        byte[] model = new OnnxModelWriter()
                .input("a", OnnxModelWriter.FLOAT, 2L, 3L)
                .output("y", OnnxModelWriter.FLOAT)
                .node("Neg", new String[] {"a"}, new String[] {"y"})
                .build();
        try (OrtSession s = Models.session(model); NDArray a = range(2, 3);
                NDArray expected = a.mul(-1.0); NDArray y = OrtArrays.run(s, Map.of("a", a)).get("y")) {
            assertEquals(expected, y);
        }
    }

    /**
     * Input and output of unknown rank: ONNX Runtime reports both as rank 0, so the input's shape
     * is not checked and the output takes the copying path, with its real shape.
     */
    @Test
    void unknownRankIsNotCheckedAndItsOutputIsCopied() throws OrtException {
        byte[] model = new OnnxModelWriter()
                .input("a", OnnxModelWriter.FLOAT)
                .output("y", OnnxModelWriter.FLOAT)
                .node("Neg", new String[] {"a"}, new String[] {"y"})
                .build();
        try (OrtSession s = Models.session(model); NDArray a = range(3, 2);
                NDArray expected = a.mul(-1.0); NDArray y = OrtArrays.run(s, Map.of("a", a)).get("y")) {
            assertEquals(0, s.getOutputInfo().get("y").getInfo() instanceof ai.onnxruntime.TensorInfo t
                    ? t.getShape().length : -1, "ONNX Runtime reports the unknown rank as 0");
            assertEquals(expected, y);
        }
    }

    /** uint32, which ONNX Runtime's Java API cannot make tensors of, comes back through the copying path. */
    @Test
    void outputOfATypeOrtJavaCannotCreateIsCopied() throws OrtException {
        byte[] model = new OnnxModelWriter()
                .input("a", OnnxModelWriter.INT32, 2L, 3L)
                .output("y", OnnxModelWriter.UINT32, 2L, 3L)
                .node("Cast", new String[] {"a"}, new String[] {"y"}, "to", OnnxModelWriter.UINT32)
                .build();
        try (OrtSession s = Models.session(model); NDArray f = range(2, 3); NDArray a = f.astype(DType.INT32);
                NDArray expected = a.astype(DType.UINT32); NDArray y = OrtArrays.run(s, Map.of("a", a)).get("y");
                NDArray u = NDArray.zeros(DType.UINT32, 2, 3)) {
            assertEquals(expected, y);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OrtArrays.run(s, Map.of("a", a), Map.of("y", u)));
            assertTrue(e.getMessage().contains("output 'y'") && e.getMessage().contains("uint32"), e::getMessage);
        }
    }

    /** A batch of 0 rows: empty tensors go through both paths. */
    @Test
    void emptyBatch() throws OrtException {
        try (Models.Mlp mlp = Models.Mlp.create(8, 16, 4, 12); OrtSession s = Models.session(mlp.model("N", "N"));
                NDArray x = NDArray.zeros(DType.FLOAT32, 0, 8);
                NDArray y = OrtArrays.run(s, Map.of("x", x)).get("y");
                NDArray y2 = NDArray.zeros(DType.FLOAT32, 0, 4)) {
            assertArrayEquals(new long[] {0, 4}, y.shape());
            OrtArrays.run(s, Map.of("x", x), Map.of("y", y2));
        }
    }

    /** A closed session: ONNX Runtime's IllegalStateException, and nothing left behind. */
    @Test
    void closedSession() throws OrtException {
        OrtSession s = Models.session(Models.addMul());
        try (NDArray a = range(2, 3); NDArray b = NDArray.zeros(DType.FLOAT32, 3);
                NDArray c = NDArray.zeros(DType.FLOAT32, 2, 1); NDArray y = NDArray.zeros(DType.FLOAT32, 2, 3)) {
            OrtArrays.run(s, Map.of("a", a, "b", b, "c", c), Map.of("y", y)); // caches the signature
            s.close();
            assertThrows(IllegalStateException.class, () -> OrtArrays.run(s, Map.of("a", a, "b", b, "c", c)));
            assertThrows(IllegalStateException.class,
                    () -> OrtArrays.run(s, Map.of("a", a, "b", b, "c", c), Map.of("y", y)));
        }
    }

    /** Every dtype of the issue, through Transpose (type-agnostic in ONNX Runtime): inputs and outputs shared. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "FLOAT16", "BFLOAT16", "INT8", "INT16", "INT32",
            "INT64", "UINT8", "BOOL"})
    void everyDtypeRoundTrips(DType dtype) throws OrtException {
        int code = onnxType(dtype);
        byte[] model = new OnnxModelWriter()
                .input("a", code, 2L, 3L)
                .output("y", code, 3L, 2L)
                .node("Transpose", new String[] {"a"}, new String[] {"y"})
                .build();
        try (OrtSession s = Models.session(model); NDArray a = sample(dtype); NDArray expected = a.transpose().copy()) {
            try (NDArray y = OrtArrays.run(s, Map.of("a", a)).get("y")) {
                assertEquals(expected, y, () -> dtype + ": " + y + " vs " + expected);
            }
            try (NDArray y = NDArray.zeros(dtype, 3, 2)) {
                OrtArrays.run(s, Map.of("a", a), Map.of("y", y));
                assertEquals(expected, y);
            }
            try (OnnxTensorLease t = OrtArrays.toOnnxTensor(Models.env(), a); OrtSession.Result r = s.run(Map.of("a", t.tensor()))) {
                assertFalse(t.isCopy());
                ByteBuffer bytes = ((OnnxTensor) r.get(0)).getByteBuffer();
                assertEquals(6 * dtype.byteSize(), bytes.remaining());
            }
        }
    }

    /** Arithmetic per dtype where ONNX Runtime's CPU provider has Add: exact for integers. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "INT32", "INT64"})
    void addPerDtypeEqualsNdpack(DType dtype) throws OrtException {
        int code = onnxType(dtype);
        byte[] model = new OnnxModelWriter()
                .input("a", code, "N", 3L)
                .input("b", code, 3L)
                .output("y", code, "N", 3L)
                .node("Add", new String[] {"a", "b"}, new String[] {"y"})
                .build();
        try (OrtSession s = Models.session(model);
                NDArray ai = Generator.seeded(8).integers(DType.INT64, -1000, 1000, 4, 3);
                NDArray bi = Generator.seeded(9).integers(DType.INT64, -1000, 1000, 3);
                NDArray a = ai.astype(dtype);
                NDArray b = bi.astype(dtype);
                NDArray expected = a.add(b);
                NDArray y = OrtArrays.run(s, Map.of("a", a, "b", b)).get("y")) {
            assertEquals(expected, y);
        }
    }

    /** A caller's output array is written in place: another view of the same memory sees the result. */
    @Test
    void callerOutputIsWrittenInPlace() throws OrtException {
        try (OrtSession s = Models.session(Models.addMul()); AddMul data = AddMul.create(10);
                NDArray big = NDArray.full(DType.FLOAT32, 7.0, 4, 3)) {
            NDArray expected = data.expected();
            NDArray out = big.slice("1:3");            // rows 1 and 2 of big: C-contiguous, shares big's memory
            OrtArrays.run(s, data.inputs(), Map.of("y", out));
            NDArray other = big.slice("1:3");          // another view of the same rows
            assertTrue(other.allClose(expected, 1e-6, 1e-7), () -> big.toString());
            assertEquals(7.0, big.getDouble(0, 0), "row 0 untouched");
            assertEquals(7.0, big.getDouble(3, 2), "row 3 untouched");
            out.close();
            other.close();
        }
    }

    /** A leased input tensor shares the array: a change between runs shows in the next run, no re-wrapping. */
    @Test
    void changingALeasedInputChangesTheNextRun() throws OrtException {
        try (OrtSession s = Models.session(Models.addMul());
                NDArray a = range(2, 3);
                NDArray b = NDArray.full(DType.FLOAT32, 1.0, 3);
                NDArray c = NDArray.full(DType.FLOAT32, 2.0, 2, 1);
                OnnxTensorLease ta = OrtArrays.toOnnxTensor(Models.env(), a);
                OnnxTensorLease tb = OrtArrays.toOnnxTensor(Models.env(), b);
                OnnxTensorLease tc = OrtArrays.toOnnxTensor(Models.env(), c)) {
            Map<String, OnnxTensor> in = Map.of("a", ta.tensor(), "b", tb.tensor(), "c", tc.tensor());
            float[] first = run(s, in);
            assertEquals(2 * (0 + 1), first[0]);
            a.setDouble(100, 0, 0);
            c.setDouble(-1, 1, 0);
            float[] second = run(s, in);
            try (NDArray sum = a.add(b); NDArray expected = sum.mul(c)) {
                assertArrayEquals(expected.toFloatArray(), second);
            }
            assertEquals(2 * (100 + 1), second[0]);
            assertEquals(-(5 + 1), second[5]);
        }
    }

    /** A non-contiguous array is leased as a copy, and says so: later changes to it are not seen. */
    @Test
    void nonContiguousInputIsCopied() throws OrtException {
        try (OrtSession s = Models.session(Models.addMul());
                NDArray base = range(3, 2);
                NDArray b = NDArray.full(DType.FLOAT32, 0.0, 3);
                NDArray c = NDArray.full(DType.FLOAT32, 1.0, 2, 1)) {
            NDArray a = base.transpose();   // [[0, 2, 4], [1, 3, 5]], not C-contiguous
            assertFalse(a.isCContiguous());
            try (NDArray y = OrtArrays.run(s, Map.of("a", a, "b", b, "c", c)).get("y"); NDArray expected = a.copy()) {
                assertEquals(expected, y);
            }
            try (OnnxTensorLease ta = OrtArrays.toOnnxTensor(Models.env(), a);
                    OnnxTensorLease tb = OrtArrays.toOnnxTensor(Models.env(), b);
                    OnnxTensorLease tc = OrtArrays.toOnnxTensor(Models.env(), c)) {
                assertTrue(ta.isCopy());
                base.setDouble(50, 0, 1);    // a[1, 0]
                float[] y = run(s, Map.of("a", ta.tensor(), "b", tb.tensor(), "c", tc.tensor()));
                assertEquals(1, y[3], "the copy was taken at toOnnxTensor time");
            }
            a.close();
        }
    }

    /** Closing the array first is safe: the lease keeps the memory until it is closed. */
    @Test
    void closingTheArrayBeforeTheLeaseIsSafe() throws OrtException {
        try (OrtSession s = Models.session(Models.addMul());
                NDArray b = NDArray.full(DType.FLOAT32, 1.0, 3);
                NDArray c = NDArray.full(DType.FLOAT32, 3.0, 2, 1);
                OnnxTensorLease tb = OrtArrays.toOnnxTensor(Models.env(), b);
                OnnxTensorLease tc = OrtArrays.toOnnxTensor(Models.env(), c)) {
            NDArray a = range(2, 3);
            long withA = NDArray.liveNativeBytes();
            OnnxTensorLease ta = OrtArrays.toOnnxTensor(Models.env(), a);
            a.close();
            assertEquals(withA, NDArray.liveNativeBytes(), "the lease keeps a's memory");
            float[] y = run(s, Map.of("a", ta.tensor(), "b", tb.tensor(), "c", tc.tensor()));
            assertArrayEquals(new float[] {3, 6, 9, 12, 15, 18}, y);
            OnnxTensor t = ta.tensor();
            Buffer kept = t.getBufferRef().orElseThrow();
            ta.close();
            assertTrue(t.isClosed(), "closing the lease closes the tensor");
            assertEquals(withA - 24, NDArray.liveNativeBytes(), "closing the lease frees a's memory");
            assertThrows(IllegalStateException.class, () -> ((ByteBuffer) kept).get(0),
                    "the tensor's buffer is invalid once the lease is closed");
            assertThrows(IllegalStateException.class, ta::tensor);
            assertThrows(IllegalStateException.class, ta::close, "closing twice reveals a bug");
        }
    }

    private static float[] run(OrtSession s, Map<String, OnnxTensor> in) throws OrtException {
        try (OrtSession.Result r = s.run(in)) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().array();
        }
    }

    /** {@return a new C-contiguous float32 array 0, 1, 2, ... of the given shape, owning its memory} */
    static NDArray range(long rows, long cols) {
        float[] v = new float[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return NDArray.of(v, rows, cols);
    }

    static int onnxType(DType d) {
        return switch (d) {
            case FLOAT32 -> OnnxModelWriter.FLOAT;
            case FLOAT64 -> OnnxModelWriter.DOUBLE;
            case FLOAT16 -> OnnxModelWriter.FLOAT16;
            case BFLOAT16 -> OnnxModelWriter.BFLOAT16;
            case INT8 -> OnnxModelWriter.INT8;
            case INT16 -> OnnxModelWriter.INT16;
            case INT32 -> OnnxModelWriter.INT32;
            case INT64 -> OnnxModelWriter.INT64;
            case UINT8 -> OnnxModelWriter.UINT8;
            case UINT16 -> OnnxModelWriter.UINT16;
            case UINT32 -> OnnxModelWriter.UINT32;
            case BOOL -> OnnxModelWriter.BOOL;
            default -> throw new IllegalArgumentException(d.toString());
        };
    }

    /** {@return a [2, 3] array of distinct values of {@code dtype} (negative ones where the type has them)} */
    static NDArray sample(DType dtype) {
        if (dtype == DType.BOOL) {
            return NDArray.of(new boolean[] {true, false, false, true, true, false}, 2, 3);
        }
        try (NDArray f = NDArray.arange(DType.FLOAT64, -3, 3, 1)) {
            NDArray view = f.reshape(2, 3);
            return view.astype(dtype);
        }
    }
}
