package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;

/**
 * The count-then-switch dispatch of {@link Kernels}: a kernel with a bit-exact vector form runs
 * its portable loop until it has seen the threshold's worth of elements, then its vector loop,
 * and the bits do not change at the switch.
 */
@Tag("kernels")
class KernelWarmupTest {
    private static final ElementCodec F64 = ElementCodec.of(DType.FLOAT64);
    private static final Fn.D2 ADD = (x, y) -> x + y;

    @Test
    void switchesAfterTheThresholdWithTheSameBits() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the Vector API module is not in this run's boot layer");
        Kernel2 portable = Specializer.loop2(new Elem.Double2(F64, F64, F64, ADD));
        Kernels.Warm2 k = new Kernels.Warm2(portable, VOp.ADD, DType.FLOAT64, 1000);
        int n = 300;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8L * n, 64);
            MemorySegment b = arena.allocate(8L * n, 64);
            MemorySegment o = arena.allocate(8L * n, 64);
            for (int i = 0; i < n; i++) {
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 0.1 * i - 7.3);
                b.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 1.0 / (i + 3));
            }
            for (int round = 0; round < 6; round++) {
                // 300, 600, 900 elements seen: still portable; the fourth run (round 3) passes
                // 1000 and runs on the vector kernel
                assertEquals(round >= 4, k.isSwitched(), "switched before run " + round);
                if (round < 4) {
                    assertSame(portable, k.pick(0), "kernel picked before run " + round);
                }
                o.fill((byte) 0);
                k.run(n, a, 0, 8, b, 0, 8, o, 0, 8);
                for (int i = 0; i < n; i++) {
                    double want = a.getAtIndex(ValueLayout.JAVA_DOUBLE, i) + b.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    assertEquals(Double.doubleToRawLongBits(want),
                            Double.doubleToRawLongBits(o.getAtIndex(ValueLayout.JAVA_DOUBLE, i)), "run " + round + " element " + i);
                }
            }
            assertNotSame(portable, k.pick(0), "the vector kernel is used once switched");
        }
    }

    @Test
    void exactOperationsAreThoseWhoseVectorFormGivesThePortableBits() {
        assertTrue(Kernels.exact(VOp.ADD));
        assertTrue(Kernels.exact(VOp.SQRT));
        assertTrue(Kernels.exact(VOp.LT));
        assertFalse(Kernels.exact(VOp.EXP), "exp's vector form may differ in the last bit");
    }

    @Test
    void transcendentalOperationsWarmUpOnMathsFunctions() {
        // every operation with a vector form starts on its portable loop: the exact ones, and the
        // transcendental ones, which the Vector API computes with Math's functions (the portable
        // loop's) until C2 compiles their vector loop
        for (VOp op : VOp.values()) {
            assertTrue(Kernels.warms(op), op + " starts on its portable loop");
        }
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the Vector API module is not in this run's boot layer");
        Kernel1 portable = Specializer.loop1(new Elem.Double1(F64, F64, Math::exp));
        Kernels.Warm1 k = new Kernels.Warm1(portable, VOp.EXP, DType.FLOAT64, 1000);
        int n = 300;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8L * n, 64);
            MemorySegment o = arena.allocate(8L * n, 64);
            for (int i = 0; i < n; i++) {
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 0.37 * i - 50.3);
            }
            for (int round = 0; round < 3; round++) {
                k.run(n, a, 0, 8, o, 0, 8);
                for (int i = 0; i < n; i++) {
                    double want = Math.exp(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
                    assertEquals(Double.doubleToRawLongBits(want),
                            Double.doubleToRawLongBits(o.getAtIndex(ValueLayout.JAVA_DOUBLE, i)), "run " + round + " element " + i);
                }
            }
            assertFalse(k.isSwitched(), "900 elements seen, below 1000");
            k.run(n, a, 0, 8, o, 0, 8);
            assertTrue(k.isSwitched(), "switched when the fourth run passed 1000 elements");
            assertNotSame(portable, k.pick(0), "the vector kernel is used once switched");
        }
    }

    @Test
    void theDefaultKernelFollowsTheProperty() {
        Kernel2 k = Kernels.binary(new Elem.Double2(F64, F64, F64, ADD), VOp.ADD, DType.FLOAT64, DType.FLOAT64,
                DType.FLOAT64);
        boolean warm = VectorSupport.ENABLED && Kernels.WARMUP > 0;
        assertEquals(warm, k instanceof Kernels.Warm2, "warm-up wrapper with ENABLED=" + VectorSupport.ENABLED
                + " and " + Kernels.WARMUP_PROPERTY + "=" + Kernels.WARMUP);
    }

    @Test
    void matrixProductsWarmUpOnTheSameProperty() {
        // 64 multiply-adds per element of the element-wise threshold; 0 switches at once
        long want = Kernels.WARMUP <= 0 ? 0 : Kernels.WARMUP * 64;
        assertEquals(want, GemmF32.WARMUP, Kernels.WARMUP_PROPERTY + "=" + Kernels.WARMUP);
        assertEquals(want, GemmF64.WARMUP, Kernels.WARMUP_PROPERTY + "=" + Kernels.WARMUP);
        assertEquals(1L << 28, Kernels.DEFAULT_WARMUP * 64, "the default: 2^28 multiply-adds");
    }

    @Test
    void theSharedCounterSwitchesOnceTheWorkBeforeReachesTheThreshold() {
        Warmup w = new Warmup(1000);
        for (int call = 0; call < 4; call++) {
            // 0, 300, 600, 900 units before this call: portable
            assertFalse(w.pass(300), "call " + call);
            assertFalse(w.switched());
        }
        assertTrue(w.pass(300), "1200 units before the fifth call");
        assertTrue(w.switched());
        assertTrue(w.pass(0), "stays switched");
        Warmup atOnce = new Warmup(0);
        assertTrue(atOnce.switched());
        assertTrue(atOnce.pass(1));
    }
}
