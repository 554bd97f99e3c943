package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.torch.TorchTestSupport.arange;
import static org.ndpack.torch.TorchTestSupport.torchGet;
import static org.ndpack.torch.TorchTestSupport.torchSet;

import java.util.stream.Stream;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/** Round trips with the real libtorch 2.10: every dtype, every layout, both ways. */
class TorchExchangeTest {
    private DLPack.Statistics before;

    @BeforeEach
    void start() throws InterruptedException {
        TorchTestSupport.assumeLibtorch();
        TorchTestSupport.awaitBalanced(0, 0);
        before = DLPack.statistics();
    }

    @AfterEach
    void balanced() throws InterruptedException {
        TorchTestSupport.awaitBalanced(0, 0);
        assertEquals(before.strayDeleterCalls(), DLPack.statistics().strayDeleterCalls(), "a deleter ran twice");
    }

    static Stream<Arguments> dtypes() {
        return Stream.of(
                Arguments.of(DType.BOOL, ScalarType.Bool), Arguments.of(DType.UINT8, ScalarType.Byte),
                Arguments.of(DType.INT8, ScalarType.Char), Arguments.of(DType.INT16, ScalarType.Short),
                Arguments.of(DType.INT32, ScalarType.Int), Arguments.of(DType.INT64, ScalarType.Long),
                Arguments.of(DType.UINT16, ScalarType.UInt16), Arguments.of(DType.UINT32, ScalarType.UInt32),
                Arguments.of(DType.UINT64, ScalarType.UInt64), Arguments.of(DType.FLOAT16, ScalarType.Half),
                Arguments.of(DType.BFLOAT16, ScalarType.BFloat16), Arguments.of(DType.FLOAT32, ScalarType.Float),
                Arguments.of(DType.FLOAT64, ScalarType.Double), Arguments.of(DType.COMPLEX64, ScalarType.ComplexFloat),
                Arguments.of(DType.COMPLEX128, ScalarType.ComplexDouble),
                Arguments.of(DType.FLOAT8_E4M3FN, ScalarType.Float8_e4m3fn),
                Arguments.of(DType.FLOAT8_E5M2, ScalarType.Float8_e5m2));
    }

    /** The value written at one end and expected at the other: bool stores 1 for any non-zero. */
    private static double written(DType d) {
        return d == DType.BOOL ? 1 : 7;
    }

    @ParameterizedTest
    @MethodSource("dtypes")
    void torchToNdpack(DType dtype, ScalarType st) {
        Tensor t = arange(st, 3, 4);
        try (NDArray a = Torch.toNDArray(t)) {
            assertEquals(1, DLPack.liveImports());
            assertSame(dtype, a.dtype());
            assertArrayEquals(new long[] {3, 4}, a.shape());
            for (long i = 0; i < 3; i++) {
                for (long j = 0; j < 4; j++) {
                    assertEquals(torchGet(t, i, j), a.getDouble(i, j), dtype + " [" + i + "," + j + "]");
                }
            }
            a.setDouble(written(dtype), 2, 3);
            assertEquals(written(dtype), torchGet(t, 2, 3), "ndpack's write seen by libtorch");
            torchSet(t, 0, 1, 1);
            assertEquals(0, a.getDouble(1, 1), "libtorch's write seen by ndpack");
            t.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dtypes")
    void ndpackToTorch(DType dtype, ScalarType st) {
        long exports = DLPack.statistics().exports();
        try (NDArray a = NDArray.arange(12).reshape(3, 4).astype(dtype); Tensor t = Torch.toTensor(a)) {
            assertEquals(1, DLPack.liveExports());
            assertEquals(exports + 1, DLPack.statistics().exports());
            assertSame(st, t.scalar_type().intern());
            assertArrayEquals(new long[] {3, 4}, t.sizes().vec().get());
            for (long i = 0; i < 3; i++) {
                for (long j = 0; j < 4; j++) {
                    assertEquals(a.getDouble(i, j), torchGet(t, i, j), dtype + " [" + i + "," + j + "]");
                }
            }
            torchSet(t, written(dtype), 2, 3);
            assertEquals(written(dtype), a.getDouble(2, 3), "libtorch's write seen by ndpack");
            a.setDouble(0, 1, 1);
            assertEquals(0, torchGet(t, 1, 1), "ndpack's write seen by libtorch");
        }
        assertEquals(0, DLPack.liveExports(), "closing the tensor called ndpack's deleter");
    }

    @Test
    void complexPartsBothWays() {
        try (NDArray a = NDArray.zeros(DType.COMPLEX128, 2); Tensor t = Torch.toTensor(a)) {
            a.setComplex(1.5, -2.5, 1);
            try (NDArray back = Torch.toNDArray(t)) {
                assertEquals(1.5, back.getDouble(1));
                assertEquals(-2.5, back.getImag(1));
                back.setComplex(3, 4, 0);
            }
            assertEquals(3, a.getDouble(0));
            assertEquals(4, a.getImag(0));
            try (Tensor abs = t.abs(); NDArray m = Torch.toNDArray(abs)) {
                assertEquals(5.0, m.getDouble(0), "libtorch read the complex pair as (re, im)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Layouts, libtorch to ndpack
    // ---------------------------------------------------------------------------------------

    /** Checks a libtorch view imported as an ndpack view: same shape, values and memory. */
    private static void assertSharedView(Tensor view, long[] expectedStrides) {
        try (NDArray a = Torch.toNDArray(view)) {
            long[] shape = view.sizes().vec().get();
            assertArrayEquals(shape, a.shape());
            if (expectedStrides != null) {
                assertArrayEquals(expectedStrides, a.strides());
            }
            long n = a.size();
            try (NDArray flatT = Torch.toNDArray(view.reshape(-1).contiguous())) {
                try (NDArray flatA = a.reshape(n).copy()) {
                    assertEquals(flatT, flatA, "values");
                }
            }
            if (n > 0) {
                long[] last = new long[shape.length];
                for (int k = 0; k < shape.length; k++) {
                    last[k] = shape[k] - 1;
                }
                a.setDouble(-5, last);
                assertEquals(-5, torchGet(view, last), "write through the view");
            }
        }
    }

    @Test
    void torchLayoutsImportAsViews() {
        try (Tensor base = arange(ScalarType.Double, 4, 6)) {
            assertSharedView(base.t(), new long[] {1, 6});
            assertSharedView(base.slice(1, new LongOptional(1), new LongOptional(6), 2), new long[] {6, 2});
            assertSharedView(base.slice(0, new LongOptional(1), new LongOptional(3), 1).t(), new long[] {1, 6});
            try (Tensor row = arange(ScalarType.Double, 1, 6)) {
                Tensor expanded = row.expand(5, 6);
                try (NDArray a = Torch.toNDArray(expanded)) {
                    assertArrayEquals(new long[] {0, 1}, a.strides(), "stride 0 kept");
                    assertEquals(a.getDouble(0, 4), a.getDouble(4, 4));
                }
                expanded.close();
            }
            Tensor scalar = base.select(0, 2).select(0, 3);
            try (NDArray a = Torch.toNDArray(scalar)) {
                assertEquals(0, a.ndim());
                assertEquals(15.0, a.getDouble());
                a.setDouble(99);
                assertEquals(99.0, torchGet(base, 2, 3));
            }
            scalar.close();
            Tensor empty = base.narrow(0, 1, 0);
            try (NDArray a = Torch.toNDArray(empty)) {
                assertArrayEquals(new long[] {0, 6}, a.shape());
                assertEquals(0, a.size());
            }
            empty.close();
        }
        try (Tensor e = torch.empty(0, 3); NDArray a = Torch.toNDArray(e)) {
            assertArrayEquals(new long[] {0, 3}, a.shape());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Layouts, ndpack to libtorch
    // ---------------------------------------------------------------------------------------

    /** Checks an ndpack view handed to libtorch: same shape, strides, values and memory. */
    private static void assertTorchView(NDArray view) {
        try (Tensor t = Torch.toTensor(view)) {
            assertArrayEquals(view.shape(), t.sizes().vec().get());
            long[] strides = t.strides().vec().get();
            for (int k = 0; k < strides.length; k++) {
                if (view.shape(k) > 1) {
                    assertEquals(view.strides()[k], strides[k], "stride of axis " + k);
                }
            }
            try (Tensor c = t.contiguous(); NDArray back = Torch.toNDArray(c)) {
                assertEquals(view, back, "values seen by libtorch");
            }
            if (view.size() > 0) {
                long[] last = new long[view.ndim()];
                for (int k = 0; k < last.length; k++) {
                    last[k] = view.shape(k) - 1;
                }
                torchSet(t, -5, last);
                assertEquals(-5, view.getDouble(last), "libtorch's write seen through the view");
            }
        }
    }

    @Test
    void ndpackLayoutsExportAsViews() {
        try (NDArray base = NDArray.arange(DType.FLOAT64, 0, 24, 1).reshape(4, 6)) {
            assertTorchView(base.transpose());
            assertTorchView(base.slice("1:, ::2"));
            assertTorchView(base.slice("::3, 1:5").transpose());
            assertTorchView(base.slice("2, 3"));
            assertTorchView(base.slice("1:1"));
            // ndpack's own stride-0 views (broadcastTo) are read-only: libtorch gets a copy (policy test
            // below); a writable stride-0 array, imported from libtorch, goes back as a view
            try (Tensor row = arange(ScalarType.Double, 1, 6); Tensor expanded = row.expand(5, 6);
                    NDArray imported = Torch.toNDArray(expanded); Tensor back = Torch.toTensor(imported)) {
                assertArrayEquals(new long[] {0, 1}, back.strides().vec().get());
                imported.setDouble(42, 0, 2);
                assertEquals(42, torchGet(back, 4, 2));
                assertEquals(42, torchGet(row, 0, 2));
            }
        }
        try (NDArray s = NDArray.scalar(DType.FLOAT32, 2.5); Tensor t = Torch.toTensor(s)) {
            assertEquals(0, t.dim());
            assertEquals(2.5, t.item_double());
        }
        try (NDArray z = NDArray.zeros(DType.INT32, 0, 5); Tensor t = Torch.toTensor(z)) {
            assertEquals(0, t.numel());
            assertArrayEquals(new long[] {0, 5}, t.sizes().vec().get());
        }
    }

    @Test
    void roundTripThroughBothBridges() {
        // torch -> ndpack -> torch: the second tensor views the first's memory through two deleters
        try (Tensor t = arange(ScalarType.Float, 2, 3)) {
            NDArray a = Torch.toNDArray(t);
            Tensor u = Torch.toTensor(a.transpose());
            a.close();
            torchSet(u, 50, 2, 1);
            assertEquals(50, torchGet(t, 1, 2));
            assertEquals(1, DLPack.liveImports(), "the export pins the import");
            assertEquals(1, DLPack.liveExports());
            u.close();
        }
        assertEquals(0, DLPack.liveImports());
        assertEquals(0, DLPack.liveExports());
        assertFalse(DLPack.liveExports() > 0);
        assertTrue(DLPack.statistics().imports() > before.imports());
    }
}
