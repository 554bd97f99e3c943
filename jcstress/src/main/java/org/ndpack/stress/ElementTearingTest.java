package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * No tearing, per dtype: a read racing a write of one element sees the old value or the new one,
 * never a mix of their bytes, for every real dtype (an aligned element of 1, 2, 4 or 8 bytes is read
 * and written as one unit: single-copy atomicity). Complex dtypes: {@link ComplexHalvesTest}.
 *
 * <p>One element of each of the 12 dtypes below, in 12 arrays. The writer sets each (0 before) to a
 * value with no zero byte, through {@code setLong} (integers: all bits set) or {@code setDouble}
 * (floats); the reader reads each through {@code getLong} or {@code getDouble}. The reader reports
 * r1: a bit mask of the dtypes it saw torn, bit i for {@code DTYPES[i]} (int8 = 1, uint8 = 2,
 * int16 = 4, uint16 = 8, int32 = 16, uint32 = 32, int64 = 64, uint64 = 128, float16 = 256,
 * bfloat16 = 512, float32 = 1024, float64 = 2048), which must be 0; and r2: how many elements it
 * saw new (any count is fine).
 */
@JCStressTest
@Outcome(id = "0, \\d+", expect = ACCEPTABLE, desc = "Every element old or new (r2 of them new).")
@Outcome(expect = FORBIDDEN, desc = "Torn: r1 has a bit set for each dtype seen as a mix of old and new bytes.")
@State
public class ElementTearingTest {
    static final DType[] DTYPES = {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.UINT32,
        DType.INT64, DType.UINT64, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64};
    /**
     * What the reader sees once the write is done: integers (written as -1, all bits set) as
     * {@code getLong} returns them; floats as their bits, chosen with no zero byte.
     */
    private static final long[] NEW = {-1L, 0xffL, -1L, 0xffffL, -1L, 0xffffffffL, -1L, -1L,
        0xBE7BL /* -1.6201171875 */, 0xBF9EL /* -1.234375 */, 0xBF9E0651L /* -1.2345678f */,
        0xBFF3C0CA428C59FBL /* -1.2345678901234567 */};

    private final NDArray[] arrays = new NDArray[DTYPES.length];

    public ElementTearingTest() {
        for (int i = 0; i < DTYPES.length; i++) {
            arrays[i] = NDArray.zeros(DTYPES[i], 3); // element 1 is raced on; 0 and 2 stay 0
        }
    }

    @Actor
    public void writer() {
        for (int i = 0; i < DTYPES.length; i++) {
            if (DTYPES[i].isInteger()) {
                arrays[i].setLong(-1L, 1);
            } else {
                arrays[i].setDouble(value(DTYPES[i], NEW[i]), 1);
            }
        }
    }

    @Actor
    public void reader(JJ_Result r) {
        long torn = 0;
        long seenNew = 0;
        for (int i = 0; i < DTYPES.length; i++) {
            DType t = DTYPES[i];
            long seen = t.isInteger() ? arrays[i].getLong(1) : bits(t, arrays[i].getDouble(1));
            if (seen == NEW[i]) {
                seenNew++;
            } else if (seen != 0) {
                torn |= 1L << i;
            }
        }
        r.r1 = torn;
        r.r2 = seenNew;
    }

    private static double value(DType t, long bits) {
        return switch (t) {
            case FLOAT16 -> Float.float16ToFloat((short) bits);
            case BFLOAT16 -> Float.intBitsToFloat((int) bits << 16);
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            default -> Double.longBitsToDouble(bits);
        };
    }

    private static long bits(DType t, double v) {
        return switch (t) {
            case FLOAT16 -> Float.floatToFloat16((float) v) & 0xffffL;
            case BFLOAT16 -> Float.floatToRawIntBits((float) v) >>> 16;
            case FLOAT32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            default -> Double.doubleToRawLongBits(v);
        };
    }
}
