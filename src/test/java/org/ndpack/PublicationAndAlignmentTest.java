package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;
import static org.ndpack.testing.Internals.wrap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.memory.Memory;

/**
 * The descriptor is immutable (so safely published through any field), and {@code isAligned()}
 * tells the truth about every element of every array, however it was made.
 */
class PublicationAndAlignmentTest {
    
    /**
     * Every instance field of NDArray (the façade) is final; so is every field of the descriptor
     * behind it, except the documented, volatile {@code closed}.
     */
    @Test
    void theDescriptorIsImmutable() {
        assertEquals(List.of(), mutableFields(NDArray.class));
        assertEquals(List.of("closed (volatile)"), mutableFields(ArrayImpl.class));
        NDArray a = NDArray.arange(6);
        long[] sh = a.shape();
        sh[0] = 99;
        long[] st = a.strides();
        st[0] = 99;
        assertEquals(6, a.shape(0), "shape() is a copy");
        assertEquals(1, a.strides()[0], "strides() is a copy");
    }

    private static List<String> mutableFields(Class<?> c) {
        List<String> mutable = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) && !Modifier.isFinal(m)) {
                mutable.add(f.getName() + (Modifier.isVolatile(m) ? " (volatile)" : ""));
            }
        }
        return mutable;
    }

    /** The atomic view and Memory are safely published too: final fields, or volatile ones set by CAS. */
    @Test
    void theAtomicViewAndTheMemoryAreSafelyPublished() {
        for (Class<?> c : List.of(AtomicView.class, Memory.class)) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m)) {
                    assertTrue(Modifier.isFinal(m) || Modifier.isVolatile(m), c.getSimpleName() + "." + f.getName());
                }
            }
        }
    }

    /** {@return isAligned() computed independently: every element's address is a multiple of the alignment} */
    private static boolean everyElementAligned(NDArray a) {
        long base = impl(a).memory.address();
        int w = a.dtype().byteSize();
        long[] shape = a.shape();
        long[] strides = a.strides();
        long[] idx = new long[shape.length];
        if (a.size() == 0) {
            return (base + a.offset() * w) % a.dtype().alignment() == 0;
        }
        while (true) {
            long e = a.offset();
            for (int i = 0; i < idx.length; i++) {
                e += idx[i] * strides[i];
            }
            long addr = base + e * w;
            if (addr % a.dtype().alignment() != 0) {
                return false;
            }
            int d = idx.length - 1;
            while (d >= 0 && ++idx[d] == shape[d]) {
                idx[d--] = 0;
            }
            if (d < 0) {
                return true;
            }
        }
    }

    private static List<NDArray> viewsOf(NDArray base) {
        NDArray m = base.reshape(4, 6);
        return List.of(base, m, m.slice("1:, ::-2"), m.slice("::3, 1::2"), m.transpose(), m.slice("2, 3:"),
                m.slice(":, 5"), m.flip(0).flip(1), m.slice("None, 1:3, ..."), m.slice("1:2").squeeze(),
                m.expandDims(1), m.slice(":, :1").broadcastTo(4, 6), m.asReadOnly().locked().checked(),
                m.slice("3:3"), base.slice("7:8").reshape());
    }

    @Test
    void everyArrayNdpackMakesIsAlignedAndSaysSo() {
        for (DType t : DType.values()) {
            NDArray base = NDArray.zeros(t, 24);
            for (NDArray v : viewsOf(base)) {
                assertTrue(everyElementAligned(v), t + " " + v.offset());
                assertTrue(v.isAligned(), t + " view " + java.util.Arrays.toString(v.shape()));
            }
            assertTrue(NDArray.full(t, 1.0, 3).isAligned() && NDArray.arange(t, 0, 9, 1).isAligned()
                    && base.astype(DType.INT8).isAligned() && base.slice("::5").copy().isAligned()
                    && NDArray.zeros(t).isAligned());
        }
    }

    @Test
    void misalignedForeignMemoryIsReportedForEveryView() {
        for (DType t : DType.values()) {
            if (t.alignment() == 1) {
                continue;
            }
            MemorySegment seg = Arena.ofAuto().allocate(24L * t.byteSize() + 64, 64).asSlice(1, 24L * t.byteSize());
            NDArray base = wrap(new ArrayImpl(Memory.wrap(seg, () -> { }), t, new long[] {24}, new long[] {1}, 0, ArrayImpl.OWNER));
            for (NDArray v : viewsOf(base)) {
                assertEquals(everyElementAligned(v), v.isAligned(), t + " view " + java.util.Arrays.toString(v.shape()));
                assertFalse(v.isAligned(), t.toString());
            }
            assertTrue(base.copy().isAligned(), "a copy is ours, hence aligned");
        }
    }
}
