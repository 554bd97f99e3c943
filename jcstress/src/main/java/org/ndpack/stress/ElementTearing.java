package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * The shared body of the per-dtype tearing tests (not a test itself): one thread writes an element
 * whose every byte changes (0 to a value with no zero byte) through {@link NDArray#setLong} or
 * {@link NDArray#setDouble}; another reads it through {@link NDArray#getLong} or
 * {@link NDArray#getDouble}.
 *
 * <p>The reader reports {@code r1}: 0 if it saw the old value, 1 if it saw the new one, 2 if it saw
 * anything else (a mix of old and new bytes), with the bits it saw in {@code r2} (0 otherwise).
 * The tests accept "0, 0" and "1, 0" and forbid everything else: an aligned element of 1, 2, 4 or 8
 * bytes is read and written as one unit (single-copy atomicity), on every platform.
 */
abstract class ElementTearing {
    private final DType dtype;
    private final long newBits;
    private final double newValue;
    /** Element 1 is the one raced on; elements 0 and 2 stay 0. */
    private final NDArray a;

    ElementTearing(DType dtype, long newBits) {
        this.dtype = dtype;
        this.newBits = newBits;
        this.newValue = value(dtype, newBits);
        this.a = NDArray.zeros(dtype, 3);
    }

    /** The value a floating dtype's bits stand for. */
    private static double value(DType t, long bits) {
        return switch (t) {
            case FLOAT16 -> Float.float16ToFloat((short) bits);
            case BFLOAT16 -> Float.intBitsToFloat((int) bits << 16);
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            case FLOAT64 -> Double.longBitsToDouble(bits);
            default -> 0;
        };
    }

    /** The bits of a value read as a double from a floating dtype. */
    private static long bits(DType t, double v) {
        return switch (t) {
            case FLOAT16 -> Float.floatToFloat16((float) v) & 0xffffL;
            case BFLOAT16 -> Float.floatToRawIntBits((float) v) >>> 16;
            case FLOAT32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            default -> Double.doubleToRawLongBits(v);
        };
    }

    final void write() {
        if (dtype.isInteger()) {
            a.setLong(newBits, 1);
        } else {
            a.setDouble(newValue, 1);
        }
    }

    final void read(JJ_Result r) {
        long mask = dtype.byteSize() == 8 ? -1L : (1L << (8 * dtype.byteSize())) - 1;
        long seen = dtype.isInteger() ? a.getLong(1) & mask : bits(dtype, a.getDouble(1));
        if (seen == 0) {
            r.r1 = 0;
        } else if (seen == (newBits & mask)) {
            r.r1 = 1;
        } else {
            r.r1 = 2;
            r.r2 = seen;
        }
    }
}
