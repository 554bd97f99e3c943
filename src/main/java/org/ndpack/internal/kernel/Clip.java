package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.ndpack.DType;

/**
 * NumPy's {@code clip} of float32 and float64 values by two bounds that are not NaN, in one pass:
 * {@code r = x < lo ? lo : x}, then {@code r > hi ? hi : r}. That is NumPy 2's own rule, which
 * differs from {@code minimum(maximum(x, lo), hi)} with Java's {@link Math#max}/{@link Math#min}
 * only on signed zeros ({@code clip(-0.0, 0.0, 1.0)} is {@code -0.0}, and {@code clip(0.0, -1.0,
 * -0.0)} is {@code 0.0}); a NaN element comes out as itself. A NaN bound is not taken here
 * (NumPy then gives NaN everywhere, as the two-pass form does).
 *
 * <p>Contiguous runs take a Vector API loop ({@code ClipVector}) once {@link Kernels#WARMUP}
 * elements have been clipped in this JVM (a racy count), the same bits as the scalar loop.
 * Stateless apart from that count, and thread-safe.
 */
public final class Clip {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** When contiguous runs switch to {@code ClipVector}. */
    private static final VectorSwitch VECTOR = new VectorSwitch(VectorSupport.ENABLED, Kernels.WARMUP);

    private Clip() {
    }

    /**
     * {@return the kernel clipping {@code t} values to {@code [lo, hi]}, or null if this class
     * does not take the case} (a dtype other than float32 and float64, or a NaN bound)
     *
     * @param lo the lower bound, exactly representable in {@code t}
     * @param hi the upper bound, exactly representable in {@code t}
     */
    public static Kernel1 of(DType t, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return null;
        }
        if (t == DType.FLOAT32) {
            float l = (float) lo;
            float h = (float) hi;
            return (n, a, ao, as, o, oo, os) -> {
                long i = 0;
                if (as == 4 && os == 4 && VECTOR.take(n)) {
                    i = ClipVector.f32(n, a, ao, o, oo, l, h);
                }
                for (; i < n; i++) {
                    float x = a.get(F32, ao + i * as);
                    x = x < l ? l : x;
                    o.set(F32, oo + i * os, x > h ? h : x);
                }
            };
        }
        if (t == DType.FLOAT64) {
            return (n, a, ao, as, o, oo, os) -> {
                long i = 0;
                if (as == 8 && os == 8 && VECTOR.take(n)) {
                    i = ClipVector.f64(n, a, ao, o, oo, lo, hi);
                }
                for (; i < n; i++) {
                    double x = a.get(F64, ao + i * as);
                    x = x < lo ? lo : x;
                    o.set(F64, oo + i * os, x > hi ? hi : x);
                }
            };
        }
        return null;
    }
}
