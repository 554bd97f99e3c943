package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.ndpack.DType;

/**
 * {@code floor_divide} and {@code remainder} of an int32 or int64 run by one broadcast divisor
 * (NumPy's {@code a // 7}, {@code a % 7}): a hardware division per element costs 20 to 40 cycles,
 * so the divisor is turned once per run into a multiplier and a shift (Granlund and Montgomery's
 * method: for {@code 0 <= n < 2^63} and {@code e >= 2} not a power of two, with
 * {@code c = ceil(log2 e)} and {@code m = ceil(2^(63 + c) / e)}, {@code floor(n / e)} is the high
 * half of the unsigned 128-bit product {@code n * m} shifted right by {@code c - 1}). A negative
 * dividend {@code x} is folded onto {@code ~x} ({@code floor(x / e) = ~floor(~x / e)}), a power of
 * two is an arithmetic shift, and a negative divisor {@code d = -e} gives
 * {@code floor(x / d) = -ceil(x / e)}. The results are those of the portable loop, element for
 * element: {@link Math#floorDiv(long, long)} and {@link Math#floorMod(long, long)} of the
 * sign-extended values, narrowed on store ({@code MIN // -1} wraps to {@code MIN}, as in NumPy).
 *
 * <p>Runs whose divisor is not broadcast (stride 0), a zero divisor (the portable loop gives 0,
 * NumPy's result) and the int64 divisor {@code Long.MIN_VALUE} (whose magnitude has no int64
 * form) run the portable kernel. Stateless apart from a racy one-entry cache of the last divisor
 * (an immutable record), and thread-safe.
 */
final class IntDivide implements Kernel2 {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Kernel2 portable;
    private final boolean remainder;
    private final boolean int32;
    /** When int32 runs switch to {@link IntDivideVector}. */
    private final VectorSwitch vector;
    /** The last divisor's constants: racy, immutable, so a stale read only costs a recomputation. */
    private Divisor last;

    /**
     * @param portable the kernel for every run this one does not take
     * @param remainder {@code remainder} (else {@code floor_divide})
     * @param loop INT32 or INT64
     */
    IntDivide(Kernel2 portable, boolean remainder, DType loop) {
        this(portable, remainder, loop, Kernels.WARMUP);
    }

    /** As above, the Vector API form (when usable) taking int32 runs after {@code vectorAfter} elements; for tests. */
    IntDivide(Kernel2 portable, boolean remainder, DType loop, long vectorAfter) {
        if (loop != DType.INT32 && loop != DType.INT64) {
            throw new IllegalArgumentException("IntDivide runs int32 and int64, not " + loop);
        }
        this.portable = portable;
        this.remainder = remainder;
        this.int32 = loop == DType.INT32;
        this.vector = new VectorSwitch(int32 && VectorSupport.ENABLED && IntDivideVector.USABLE, vectorAfter);
    }

    /** {@return whether {@link #IntDivide} takes this loop dtype} */
    static boolean supports(DType loop) {
        return loop == DType.INT32 || loop == DType.INT64;
    }

    /**
     * The constants of one divisor {@code d = ±e}.
     *
     * @param d the divisor
     * @param e its magnitude
     * @param pow2 whether {@code e} is a power of two (then {@code shift} is its logarithm)
     * @param m the multiplier (an unsigned 64-bit value) when not a power of two
     * @param shift {@code c - 1}, or the logarithm of a power of two
     */
    record Divisor(long d, long e, boolean pow2, long m, int shift) {
        /** {@return the constants of {@code d}, or null for 0 and {@code Long.MIN_VALUE}} */
        static Divisor of(long d) {
            if (d == 0 || d == Long.MIN_VALUE) {
                return null;
            }
            long e = Math.abs(d);
            if ((e & (e - 1)) == 0) {
                return new Divisor(d, e, true, 0, Long.numberOfTrailingZeros(e));
            }
            int c = 64 - Long.numberOfLeadingZeros(e); // ceil(log2 e), e not a power of two
            return new Divisor(d, e, false, ceilPow2Over(63 + c, e), c - 1);
        }

        /**
         * {@return {@code ceil(2^s / e)}} as an unsigned 64-bit value, for {@code e} not a power
         * of two and {@code s} such that the quotient is below {@code 2^64}: shift-and-subtract
         * long division, one quotient bit per step
         */
        static long ceilPow2Over(int s, long e) {
            long q = 0;
            long r = 0;
            for (int i = s; i >= 0; i--) {
                boolean carry = r < 0; // r is below 2e <= 2^64: its top bit would shift out
                r = (r << 1) | (i == s ? 1 : 0);
                q <<= 1;
                if (carry || Long.compareUnsigned(r, e) >= 0) {
                    r -= e;
                    q |= 1;
                }
            }
            return r == 0 ? q : q + 1;
        }

        /**
         * {@return the multiplier for {@code e >= 2}}: {@code m}, or for {@code e = 2^c} the
         * value {@code 2^63} (as an unsigned value), which with the shift {@code c - 1} gives
         * the same formula: the high half of {@code n * 2^63} is {@code n >> 1}
         */
        long multiplier() {
            return pow2 ? Long.MIN_VALUE : m;
        }

        /** {@return the shift that goes with {@link #multiplier()}} */
        int multiplierShift() {
            return pow2 ? shift - 1 : shift;
        }

        /** {@return {@code floor(x / d)}, as {@link Math#floorDiv(long, long)} gives it} */
        long floorDiv(long x) {
            long q;
            if (pow2) {
                q = x >> shift;
            } else {
                long sg = x >> 63;
                q = (Math.unsignedMultiplyHigh(x ^ sg, m) >>> shift) ^ sg;
            }
            if (d < 0) {
                long r = x - q * e;
                q = -q - ((r | -r) >>> 63);
            }
            return q;
        }
    }

    private Divisor divisor(long d) {
        Divisor v = last;
        if (v == null || v.d != d) {
            v = Divisor.of(d);
            if (v == null) {
                return null;
            }
            last = v;
        }
        return v;
    }

    @Override
    public void run(long n, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
            MemorySegment o, long oo, long os) {
        Divisor v = bs != 0 ? null : divisor(int32 ? b.get(I32, bo) : b.get(I64, bo));
        if (v == null) {
            portable.run(n, a, ao, as, b, bo, bs, o, oo, os);
            return;
        }
        if (int32 && as == 4 && os == 4 && vector.take(n)) {
            long done = IntDivideVector.run(n, a, ao, o, oo, v.d, remainder);
            if (done == n) {
                return;
            }
            n -= done;
            ao += 4 * done;
            oo += 4 * done;
        }
        if (v.d > 1 && as == (int32 ? 4 : 8) && os == as) {
            if (int32) {
                contiguous32(n, a, ao, o, oo, v, remainder);
            } else {
                contiguous64(n, a, ao, o, oo, v, remainder);
            }
            return;
        }
        general(n, a, ao, as, o, oo, os, v, remainder, int32);
    }

    /**
     * The common case, contiguous runs and a divisor of 2 or more, with constant strides (a
     * variable stride costs a multiplication per access, on the port the 128-bit product needs).
     */
    private static void contiguous32(long n, MemorySegment a, long ao, MemorySegment o, long oo, Divisor v, boolean rem) {
        long m = v.multiplier();
        int sh = v.multiplierShift();
        long d = v.d;
        if (rem) {
            for (long i = 0; i < n; i++) {
                long x = a.get(I32, ao + 4 * i);
                long sg = x >> 63;
                long q = (Math.unsignedMultiplyHigh(x ^ sg, m) >>> sh) ^ sg;
                o.set(I32, oo + 4 * i, (int) (x - q * d));
            }
        } else {
            for (long i = 0; i < n; i++) {
                long x = a.get(I32, ao + 4 * i);
                long sg = x >> 63;
                o.set(I32, oo + 4 * i, (int) ((Math.unsignedMultiplyHigh(x ^ sg, m) >>> sh) ^ sg));
            }
        }
    }

    private static void contiguous64(long n, MemorySegment a, long ao, MemorySegment o, long oo, Divisor v, boolean rem) {
        long m = v.multiplier();
        int sh = v.multiplierShift();
        long d = v.d;
        if (rem) {
            for (long i = 0; i < n; i++) {
                long x = a.get(I64, ao + 8 * i);
                long sg = x >> 63;
                long q = (Math.unsignedMultiplyHigh(x ^ sg, m) >>> sh) ^ sg;
                o.set(I64, oo + 8 * i, x - q * d);
            }
        } else {
            for (long i = 0; i < n; i++) {
                long x = a.get(I64, ao + 8 * i);
                long sg = x >> 63;
                o.set(I64, oo + 8 * i, (Math.unsignedMultiplyHigh(x ^ sg, m) >>> sh) ^ sg);
            }
        }
    }

    /** Every other run: any strides, powers of two, negative divisors. */
    private static void general(long n, MemorySegment a, long ao, long as, MemorySegment o, long oo, long os,
            Divisor v, boolean rem, boolean int32) {
        long d = v.d;
        for (long i = 0; i < n; i++) {
            long x = int32 ? a.get(I32, ao + i * as) : a.get(I64, ao + i * as);
            long q = v.floorDiv(x);
            long r = rem ? x - q * d : q;
            if (int32) {
                o.set(I32, oo + i * os, (int) r);
            } else {
                o.set(I64, oo + i * os, r);
            }
        }
    }
}
