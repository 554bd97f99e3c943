package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * {@code left_shift}/{@code right_shift} by a scalar count: counts below the width take the
 * vector loop, others (the width and past it, negative) the portable one, which gives NumPy's 0
 * or sign fill. Every integer dtype against the rule written out, at lengths with a vector tail,
 * contiguous and strided. Tagged {@code kernels}.
 */
@Tag("kernels")
class ShiftRouteTest {
    private static long narrow(long v, DType t) {
        return switch (t) {
            case INT8 -> (byte) v;
            case INT16 -> (short) v;
            case INT32 -> (int) v;
            case UINT8 -> v & 0xFF;
            case UINT16 -> v & 0xFFFF;
            case UINT32 -> v & 0xFFFF_FFFFL;
            default -> v;
        };
    }

    @Test
    void shiftsByAScalarMatchTheRule() {
        Random r = new Random(33);
        DType[] types = {DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.UINT8, DType.UINT16, DType.UINT32,
            DType.UINT64};
        int n = 1003;
        long[] raw = new long[n];
        for (int i = 0; i < n; i++) {
            raw[i] = r.nextLong();
        }
        for (DType t : types) {
            int bits = 8 * t.byteSize();
            boolean unsigned = t.isUnsigned();
            long[] x = new long[n];
            for (int i = 0; i < n; i++) {
                x[i] = narrow(raw[i], t);
            }
            for (long c : new long[] {0, 1, 5, bits - 1, bits, bits + 3, -1}) {
                if (unsigned && c < 0) {
                    continue;
                }
                try (NDArray a = NDArray.of(x).astype(t); NDArray l = Ufunc.LEFT_SHIFT.apply(a, c);
                        NDArray rs = Ufunc.RIGHT_SHIFT.apply(a, c); NDArray st = a.slice("::2");
                        NDArray ls = Ufunc.LEFT_SHIFT.apply(st, c)) {
                    long[] gl = l.toLongArray();
                    long[] gr = rs.toLongArray();
                    long[] gs = ls.toLongArray();
                    for (int i = 0; i < n; i++) {
                        boolean in = c >= 0 && c < bits;
                        long wantL = in ? narrow(x[i] << c, t) : 0;
                        long wantR = in ? (unsigned ? x[i] >>> c : x[i] >> c) : (!unsigned && x[i] < 0 ? -1 : 0);
                        String at = t + " " + x[i] + " by " + c + " at " + i;
                        assertEquals(wantL, gl[i], at + " <<");
                        assertEquals(narrow(wantR, t), gr[i], at + " >>");
                        if (i % 2 == 0) {
                            assertEquals(wantL, gs[i / 2], at + " << (strided)");
                        }
                    }
                }
            }
        }
    }
}
