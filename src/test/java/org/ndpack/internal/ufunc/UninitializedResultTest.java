package org.ndpack.internal.ufunc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.kernel.ElementCodec;
import org.ndpack.internal.memory.NativeAllocator;

/**
 * Element-wise results are allocated without zeroing ({@link Elementwise#result}); this checks
 * that every kernel writes every element of such a result. Before each operation a block of the
 * result's exact size is filled with a poison byte and freed into the allocator's block cache, so
 * that the result reuses it (asserted by address); the result must then equal, byte for byte, the
 * same operation written into a zeroed {@code out=} array. A kernel that skipped an element would
 * leave poison there.
 */
class UninitializedResultTest {
    /** Elements per operand: every result is at least 64 KiB, the smallest cached block. */
    private static final int N = 70_001;

    private static ArrayImpl operand(DType t, int salt) {
        ArrayImpl a = ArrayImpl.zeros(t, N);
        ElementCodec c = ElementCodec.of(t);
        MemorySegment s = a.memory.segment;
        int w = t.byteSize();
        for (int i = 0; i < N; i++) {
            double v = ((i * 7L + salt) % 13) * 0.5 + (t.isInteger() || t.isBool() ? 0 : 0.25);
            if (t.isComplex()) {
                c.setComplex(s, (long) i * w, v, -v);
            } else {
                c.setDouble(s, (long) i * w, v);
            }
        }
        return a;
    }

    /** Frees a poisoned block of {@code bytes} into the cache; {@return its aligned address} */
    private static long poison(long bytes) {
        NativeAllocator.Block b = NativeAllocator.allocate(bytes);
        b.segment().fill((byte) 0xA5);
        long address = b.segment().address();
        b.free();
        return address;
    }

    /**
     * Compares; {@return 1 if the result reused the poisoned block, else 0} (an operation whose
     * inputs are cast first may give the block to a cast copy of the same size, written whole by
     * the cast; the comparison still holds).
     */
    private static int check(String what, ArrayImpl fresh, ArrayImpl zeroed, long poisoned) {
        long at = fresh.memory.segment.mismatch(zeroed.memory.segment);
        if (at >= 0 && VECTOR_MATH.contains(what)) {
            withinAnUlp(what, fresh, zeroed);
        } else {
            assertEquals(-1L, at, what + ": byte " + at + " differs from the result written into zeros");
        }
        return fresh.memory.address() == poisoned ? 1 : 0;
    }

    /**
     * The Vector API's exp, log, sin and tanh run as scalar {@link Math} calls until C2 compiles
     * the loop, and through the platform's vector math library after: two runs may differ in the
     * last place. For those the results must agree within an ulp (poison would not).
     */
    private static final java.util.Set<String> VECTOR_MATH = java.util.Set.of("EXP float32", "EXP float64",
            "LOG float32", "LOG float64", "SIN float32", "SIN float64", "TANH float32", "TANH float64");

    private static void withinAnUlp(String what, ArrayImpl fresh, ArrayImpl zeroed) {
        boolean f32 = fresh.dtype() == DType.FLOAT32;
        for (int i = 0; i < N; i++) {
            double x = f32 ? fresh.memory.segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i)
                    : fresh.memory.segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i);
            double y = f32 ? zeroed.memory.segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i)
                    : zeroed.memory.segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i);
            double ulp = f32 ? Math.ulp((float) y) : Math.ulp(y);
            assertTrue(Math.abs(x - y) <= ulp, what + ": element " + i + " is " + x + ", written into zeros " + y);
        }
    }

    @Test
    void everyBinaryKernelWritesItsWholeResult() {
        int checked = 0;
        int reused = 0;
        for (DType t : DType.values()) {
            try (ArrayImpl a = operand(t, 1); ArrayImpl b = operand(t, 5)) {
                for (BinaryOp op : BinaryOp.values()) {
                    BinaryOp.Resolved r;
                    try {
                        r = op.resolve(t, t);
                    } catch (IllegalArgumentException unsupported) {
                        continue;
                    }
                    long poisoned = poison((long) N * r.out().byteSize());
                    try (ArrayImpl fresh = Elementwise.binary(op, a, b);
                            ArrayImpl zeroed = ArrayImpl.zeros(r.out(), N)) {
                        Elementwise.binary(op, a, b, zeroed);
                        reused += check(op + " " + t, fresh, zeroed, poisoned);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 200, "binary kernels checked: " + checked);
        assertTrue(reused > checked * 3 / 4, "results in a poisoned block: " + reused + " of " + checked);
    }

    @Test
    void everyUnaryKernelWritesItsWholeResult() {
        int checked = 0;
        int reused = 0;
        for (DType t : DType.values()) {
            try (ArrayImpl a = operand(t, 3)) {
                for (UnaryOp op : UnaryOp.values()) {
                    UnaryOp.Resolved r;
                    try {
                        r = op.resolve(t);
                    } catch (IllegalArgumentException unsupported) {
                        continue;
                    }
                    long poisoned = poison((long) N * r.out().byteSize());
                    try (ArrayImpl fresh = Elementwise.unary(op, a);
                            ArrayImpl zeroed = ArrayImpl.zeros(r.out(), N)) {
                        Elementwise.unary(op, a, zeroed);
                        reused += check(op + " " + t, fresh, zeroed, poisoned);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 200, "unary kernels checked: " + checked);
        assertTrue(reused > checked * 3 / 4, "results in a poisoned block: " + reused + " of " + checked);
    }

    @Test
    void copiesAndSelectionsWriteTheirWholeResult() {
        try (ArrayImpl a = operand(DType.FLOAT32, 2); ArrayImpl y = operand(DType.FLOAT32, 4);
                ArrayImpl cond = operand(DType.BOOL, 6)) {
            long poisoned = poison((long) N * 8);
            try (ArrayImpl fresh = Elementwise.copyOf(a, DType.FLOAT64);
                    ArrayImpl zeroed = ArrayImpl.zeros(DType.FLOAT64, N)) {
                Elementwise.assign(zeroed, a);
                assertEquals(1, check("copyOf float32 -> float64", fresh, zeroed, poisoned));
            }
            poisoned = poison((long) N * 4);
            try (ArrayImpl fresh = Elementwise.where(cond, a, y);
                    ArrayImpl expected = ArrayImpl.zeros(DType.FLOAT32, N)) {
                ElementCodec f = ElementCodec.of(DType.FLOAT32);
                ElementCodec c = ElementCodec.of(DType.BOOL);
                for (int i = 0; i < N; i++) {
                    ArrayImpl from = c.getLong(cond.memory.segment, i) != 0 ? a : y;
                    f.setDouble(expected.memory.segment, 4L * i, f.getDouble(from.memory.segment, 4L * i));
                }
                assertEquals(1, check("where", fresh, expected, poisoned));
            }
        }
    }

    @Test
    void aResultWhoseOperationFailsIsClosed() {
        ArrayImpl a = operand(DType.FLOAT32, 1);
        a.close();
        try (ArrayImpl b = operand(DType.FLOAT32, 2)) {
            long live = NativeAllocator.liveBytes();
            assertThrows(IllegalStateException.class, () -> Elementwise.binary(BinaryOp.ADD, b, a));
            assertThrows(IllegalStateException.class, () -> Elementwise.unary(UnaryOp.EXP, a));
            assertEquals(live, NativeAllocator.liveBytes(), "the results allocated were freed");
        }
    }
}
