package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;

/**
 * libtorch 2.10 as the oracle of ndpack's float8 types: every bit pattern decoded by both, and
 * float32 values at every rounding midpoint, its neighbours and the overflow boundaries converted
 * by both ({@code Tensor.to(Float8_...)} against {@code NDArray.astype}).
 */
class TorchFloat8Test {
    @BeforeEach
    void start() throws InterruptedException {
        TorchTestSupport.assumeLibtorch();
        TorchTestSupport.awaitBalanced(0, 0);
    }

    @AfterEach
    void balanced() throws InterruptedException {
        TorchTestSupport.awaitBalanced(0, 0);
    }

    private static ScalarType scalarType(DType t) {
        return t == DType.FLOAT8_E4M3FN ? ScalarType.Float8_e4m3fn : ScalarType.Float8_e5m2;
    }

    /** The 256 bit patterns as an array of {@code t}: a uint8 array relabelled through a DLPack export. */
    private static NDArray allPatterns(DType t) {
        long[] b = new long[256];
        for (int i = 0; i < 256; i++) {
            b[i] = i;
        }
        try (NDArray bytes = NDArray.of(DType.UINT8, b, 256)) {
            MemorySegment m = DLPack.export(bytes, DLPack.VERSION, null, DLPackCopy.ALWAYS).pointer();
            MemorySegment struct = m.reinterpret(80);
            struct.set(ValueLayout.JAVA_BYTE, 32 + 20, (byte) t.dlpackCode()); // dl_tensor.dtype.code
            return DLPack.fromDLPack(m);
        }
    }

    private static void assertSameValue(double expect, double got, String what) {
        if (Double.isNaN(expect)) {
            assertTrue(Double.isNaN(got), what + ": expected NaN, got " + got);
        } else {
            assertEquals(expect, got, 0.0, what);
            assertEquals(Double.doubleToRawLongBits(expect) < 0, Double.doubleToRawLongBits(got) < 0, what + " sign");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void everyPatternDecodesAsLibtorchDecodesIt(DType t) {
        try (NDArray p = allPatterns(t); NDArray ours = p.astype(DType.FLOAT32); Tensor tp = Torch.toTensor(p);
                Tensor tf = tp.to(ScalarType.Float); NDArray theirs = Torch.toNDArray(tf)) {
            assertSame(scalarType(t), tp.scalar_type().intern(), "exported with the code libtorch reads as " + t);
            for (int i = 0; i < 256; i++) {
                assertSameValue(theirs.getDouble(i), ours.getDouble(i), t + " pattern 0x" + Integer.toHexString(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT8_E4M3FN", "FLOAT8_E5M2"})
    void float32RoundsAsLibtorchRoundsIt(DType t) {
        List<Float> probes = new ArrayList<>();
        try (NDArray p = allPatterns(t); NDArray v = p.astype(DType.FLOAT64)) {
            for (int i = 0; i < 0x7f; i++) {
                double a = v.getDouble(i);
                double b = v.getDouble(i + 1);
                double next = Double.isFinite(b) ? b : 2 * a - v.getDouble(i - 1);
                double mid = (a + next) / 2;
                for (float x : new float[] {(float) a, (float) mid, Math.nextUp((float) mid), Math.nextDown((float) mid),
                    (float) (next * 1.5)}) {
                    probes.add(x);
                    probes.add(-x);
                }
                if (!Double.isFinite(b)) {
                    break;
                }
            }
        }
        for (float x : new float[] {448, 464, 465, 479.9f, 480, 1e6f, 57344, 61439, 61440, 65536, 1e-9f, 1e30f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f}) {
            probes.add(x);
        }
        float[] xs = new float[probes.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = probes.get(i);
        }
        try (NDArray src = NDArray.of(xs); NDArray ours = src.astype(t); Tensor ts = Torch.toTensor(src);
                Tensor tc = ts.to(scalarType(t)); NDArray theirs = Torch.toNDArray(tc)) {
            assertSame(t, theirs.dtype());
            for (int i = 0; i < xs.length; i++) {
                assertSameValue(theirs.getDouble(i), ours.getDouble(i), t + " from float32 " + xs[i]);
            }
        }
    }
}
