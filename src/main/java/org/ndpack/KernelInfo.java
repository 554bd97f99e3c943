package org.ndpack;

import org.ndpack.internal.kernel.VectorSupport;
import org.ndpack.internal.kernel.Blas;

/**
 * Which kernels this JVM runs, as {@link NDArray#kernelInfo()} reports it.
 *
 * <p>ndpack's element-wise, reduction and matrix-product kernels have two forms that give the
 * same results (but for the last place of {@code exp}): a fast one on
 * the JDK's Vector API, used when the {@code jdk.incubator.vector} module is present (start the
 * JVM with {@value #VECTOR_FLAG}) and not turned off with {@code -Dndpack.vector=false}, and a
 * portable one otherwise. The first time the kernels are chosen without the Vector API, ndpack
 * logs one notice naming the flag to {@link System.Logger} {@code "org.ndpack"} (level
 * {@code INFO}; {@code DEBUG} when it was turned off on purpose).
 *
 * <p>Immutable and thread-safe; the values do not change during the life of the JVM.
 *
 * @param vectorActive true if the Vector API kernels run
 * @param vectorBits the width in bits of the preferred vector (the element-wise kernels use
 *        {@code vectorBits / 64} float64 lanes, {@code vectorBits / 32} float32 lanes, ...), or 0
 *        when the Vector API kernels do not run
 * @param reason why the Vector API kernels do not run, or the empty string when they do
 * @param vectorFlag the JVM option that makes the Vector API available: {@value #VECTOR_FLAG}
 * @param blas the native BLAS library that float32/float64 matrix products are sent to
 *        ({@code -Dndpack.blas=system}), or {@code "none"} when ndpack's Java kernels compute them
 */
public record KernelInfo(boolean vectorActive, int vectorBits, String reason, String vectorFlag, String blas) {

    /** The JVM option that makes the Vector API available. */
    public static final String VECTOR_FLAG = VectorSupport.FLAG;

    private static final KernelInfo CURRENT = probe();

    /** {@return the kernels of this JVM} */
    static KernelInfo current() {
        return CURRENT;
    }

    private static KernelInfo probe() {
        String blas = Blas.LIBRARY == null ? "none" : Blas.LIBRARY;
        if (VectorSupport.ENABLED) {
            return new KernelInfo(true, VectorSupport.vectorBits(), "", VECTOR_FLAG, blas);
        }
        return new KernelInfo(false, 0, VectorSupport.REASON, VECTOR_FLAG, blas);
    }

    /**
     * {@return one line for people}, for instance {@code "Vector API kernels on (256-bit vectors:
     * 4 float64 lanes, 8 float32 lanes); BLAS: none"}
     */
    @Override
    public String toString() {
        String v = vectorActive
                ? "Vector API kernels on (" + vectorBits + "-bit vectors: " + vectorBits / 64 + " float64 lanes, "
                        + vectorBits / 32 + " float32 lanes)"
                : "Vector API kernels off (" + reason + "; portable kernels run)";
        return v + "; BLAS: " + blas;
    }
}
