package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

/**
 * Element-wise operations of bool arrays: {@code and}, {@code or}, {@code xor} and their logical
 * forms, {@code add}/{@code multiply}/{@code maximum}/{@code minimum} (which NumPy defines on bool
 * as or/and), {@code equal}/{@code not_equal}, and {@code logical_not}. Each element is read as
 * true when its byte is non-zero and written as 0 or 1, as the portable loops do. Contiguous runs
 * (and a broadcast second operand) take a Vector API loop ({@code BoolVector}) once
 * {@link Kernels#WARMUP} elements have run here; the rest, and everything without the Vector
 * API, runs the portable kernel. Thread-safe.
 */
public final class BoolOps {
    /** Boolean functions of two inputs, as the four truth-table outputs' bits. */
    /** {@code x && y}. */
    public static final int AND = 0b1000;
    /** {@code x || y}. */
    public static final int OR = 0b1110;
    /** {@code x != y}. */
    public static final int XOR = 0b0110;
    /** {@code x == y}. */
    public static final int XNOR = 0b1001;
    private static final VectorSwitch VECTOR = new VectorSwitch(VectorSupport.ENABLED, Kernels.WARMUP);

    private BoolOps() {
    }

    /**
     * {@return the kernel of a two-input bool operation whose truth table is {@code table}}
     * ({@link #AND}, {@link #OR}, {@link #XOR}, {@link #XNOR}), falling back to {@code portable}
     */
    public static Kernel2 binary(Kernel2 portable, int table) {
        return (n, a, ao, as, b, bo, bs, o, oo, os) -> {
            if (as == 1 && os == 1 && (bs == 1 || bs == 0) && n >= 64 && VECTOR.take(n)) {
                long done = BoolVector.binary(table, n, a, ao, b, bo, bs == 0, o, oo);
                if (done < n) {
                    portable.run(n - done, a, ao + done, 1, b, bo + done * bs, bs, o, oo + done, 1);
                }
                return;
            }
            portable.run(n, a, ao, as, b, bo, bs, o, oo, os);
        };
    }

    /** {@return the kernel of {@code logical_not} of bool, falling back to {@code portable}} */
    public static Kernel1 not(Kernel1 portable) {
        return (n, a, ao, as, o, oo, os) -> {
            if (as == 1 && os == 1 && n >= 64 && VECTOR.take(n)) {
                long done = BoolVector.not(n, a, ao, o, oo);
                if (done < n) {
                    portable.run(n - done, a, ao + done, 1, o, oo + done, 1);
                }
                return;
            }
            portable.run(n, a, ao, as, o, oo, os);
        };
    }
}
