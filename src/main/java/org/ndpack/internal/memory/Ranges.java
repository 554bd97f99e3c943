package org.ndpack.internal.memory;

/**
 * Byte ranges packed in one {@code long[]}, three longs per range: first byte, end (exclusive) and
 * access mode ({@link #READ}, or {@link #WRITE} and/or {@link #ATOMIC} bits).
 * One array per operation and memory keeps the guarded path to a few allocations. Stateless.
 */
public final class Ranges {
    /** Access mode: the operation reads the range. */
    public static final int READ = 0;
    /** Access mode bit: the operation writes the range. */
    public static final int WRITE = 1;
    /** Access mode bit: the operation accesses the range atomically. */
    public static final int ATOMIC = 2;

    private Ranges() {
    }

    /** {@return the number of ranges in {@code r}} */
    static int count(long[] r) {
        return r.length / 3;
    }

    /** {@return the first byte of range {@code i}} */
    static long lo(long[] r, int i) {
        return r[3 * i];
    }

    /** {@return the end (exclusive) of range {@code i}} */
    static long hi(long[] r, int i) {
        return r[3 * i + 1];
    }

    /** {@return the access mode of range {@code i}} */
    static int mode(long[] r, int i) {
        return (int) r[3 * i + 2];
    }

    /** {@return true if range {@code i} is written} */
    static boolean written(long[] r, int i) {
        return (r[3 * i + 2] & WRITE) != 0;
    }

    /** {@return true if range {@code i} of {@code a} and range {@code j} of {@code b} share a byte} */
    static boolean overlap(long[] a, int i, long[] b, int j) {
        return a[3 * i] < b[3 * j + 1] && b[3 * j] < a[3 * i + 1];
    }

    /** {@return range {@code i} written as {@code [lo, hi)}} */
    static String str(long[] r, int i) {
        return "[" + lo(r, i) + ", " + hi(r, i) + ")";
    }
}
