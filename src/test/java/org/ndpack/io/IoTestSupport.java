package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.function.Executable;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.Leaks;

/** Helpers shared by the io tests: raw element bytes, value generators, leak checks. */
public final class IoTestSupport {
    private IoTestSupport() {
    }

    /** {@return the raw bytes of {@code a}'s elements in C order (bit-exact: NaN payloads kept)} */
    static byte[] cBytes(NDArray a) {
        try (NDArray c = a.copy()) { // a same-dtype copy moves raw bytes
            MemorySegment s = impl(c).memory.segment;
            return s.asSlice(impl(c).offset * c.dtype().byteSize(), c.nbytes()).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Fills a new C-ordered array with random bit patterns mixed with special values. */
    static NDArray random(DType t, SplittableRandom r, long... shape) {
        NDArray a = NDArray.zeros(t, shape);
        MemorySegment s = impl(a).memory.segment;
        long n = a.size();
        int w = t.byteSize();
        for (long i = 0; i < n; i++) {
            long off = i * w;
            if (t.isBool()) {
                s.set(ValueLayout.JAVA_BYTE, off, (byte) (r.nextBoolean() ? 1 : 0));
                continue;
            }
            int parts = t.isComplex() ? 2 : 1;
            int pw = w / parts;
            for (int p = 0; p < parts; p++) {
                long bits = r.nextInt(4) == 0 ? special(t, r) : r.nextLong();
                for (int b = 0; b < pw; b++) {
                    s.set(ValueLayout.JAVA_BYTE, off + p * pw + b, (byte) (bits >>> (8 * b)));
                }
            }
        }
        return a;
    }

    /** Bit patterns worth testing: NaNs with payloads, signed zeros, infinities, subnormals. */
    private static long special(DType t, SplittableRandom r) {
        long[] f64 = {0x7ff8000000000123L, 0xfff0000000000001L, 0x8000000000000000L, 0x7ff0000000000000L, 1L,
            0x000fffffffffffffL, 0x3ff0000000000000L};
        long[] f32 = {0x7fc00123L, 0xff800001L, 0x80000000L, 0x7f800000L, 1L, 0x007fffffL, 0x3f800000L};
        long[] f16 = {0x7e01L, 0xfc01L, 0x8000L, 0x7c00L, 1L, 0x03ffL, 0x3c00L};
        long[] pick = switch (t) {
            case FLOAT64, COMPLEX128 -> f64;
            case FLOAT32, COMPLEX64 -> f32;
            case FLOAT16 -> f16;
            default -> new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE};
        };
        return pick[r.nextInt(pick.length)];
    }

    /**
     * Asserts that {@code body} throws {@code type} with a message containing every fragment,
     * and that native memory in use is the same afterwards as before.
     */
    static <T extends Throwable> T assertFailsWithoutLeak(Class<T> type, Executable body, String... fragments)
            throws InterruptedException {
        // Fast path: no settling when the live count is unchanged right after the call (a leak
        // would then have to be masked by a Cleaner freeing exactly as many bytes meanwhile).
        // Otherwise the count may have moved for other reasons (earlier garbage being cleaned):
        // settle, run the call again and compare the settled counts.
        long quick = NDArray.liveNativeBytes();
        T e = assertThrows(type, body);
        if (NDArray.liveNativeBytes() != quick) {
            long before = Leaks.settledLiveBytes();
            e = assertThrows(type, body);
            assertEquals(before, NDArray.liveNativeBytes(), "native bytes leaked by the failed call: " + e);
        }
        for (String f : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f),
                    "message should contain \"" + f + "\" but is: " + e.getMessage());
        }
        return e;
    }
}
