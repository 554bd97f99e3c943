package org.ndpack.python;

import static org.ndpack.testing.Internals.impl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import org.ndpack.NDArray;

/** Raw facts about arrays for exchange tests: element bytes in C order, and addresses. */
final class Raw {
    
    private Raw() {
    }

    /** {@return the address of the first element of {@code a}} */
    static long address(NDArray a) {
        return impl(a).memory.address() + impl(a).offset * a.dtype().byteSize();
    }

    /** {@return the bytes of {@code a}'s elements in C order, as lowercase hex (NumPy's {@code a.tobytes().hex()})} */
    static String hex(NDArray a) {
        long[] shape = a.shape();
        long[] strides = a.strides();
        int w = a.dtype().byteSize();
        MemorySegment s = impl(a).memory.segment;
        long base = impl(a).offset;
        StringBuilder sb = new StringBuilder();
        long[] idx = new long[shape.length];
        long n = a.size();
        byte[] one = new byte[w];
        for (long k = 0; k < n; k++) {
            long e = base;
            for (int d = 0; d < shape.length; d++) {
                e += idx[d] * strides[d];
            }
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, e * w, one, 0, w);
            sb.append(HexFormat.of().formatHex(one));
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return sb.toString();
    }
}
