package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;

import org.ndpack.DType;
import org.ndpack.internal.kernel.Parallel;

/**
 * What the matrix-multiply kernels share: the description of a strided matrix operand, the
 * blocking constants, and how the independent blocks of one product are run.
 *
 * <p>The kernels ({@link GemmF32}, {@link GemmF64}, {@link GemmLong}) compute
 * {@code C = A B} (or {@code C += A B}, or with {@code -A}) the way optimised BLAS libraries
 * do: panels of B ({@link #KC} rows, {@link #PANEL_BYTES_F32} or {@link #PANEL_BYTES_F64} at
 * most) and blocks of A ({@link #A_BYTES} at most) are copied ("packed") into contiguous heap
 * buffers (which the Vector API path keeps per platform thread between products, a few MiB at
 * most), converting the element type on the way, and a register-tiled micro-kernel multiplies
 * an {@link #MR}-row sliver of A by an {@code NR}-column sliver of B. Each element of C (of a
 * product with more than one row and column) is one chain of fused multiply-adds over
 * {@code k} in order, restarted every {@code KC} terms and added to C between panels, so its
 * bits depend only on {@code k}: neither on the blocking of {@code m} and {@code n}, nor on the
 * thread count, nor on the Vector API being enabled (the
 * portable path runs the same {@link Math#fma} chains in loops over heap rows that C2
 * vectorises). Products with one row or one column of C (a matrix times a vector, an inner
 * product) take loops of their own ({@code GemmF32.skinny}) without the tiles' padding: where
 * they read the long operand along the depth, each panel's terms go to 16 lanes of fused chains
 * ({@code GemmF32.LANES}, vector lanes on the Vector API path, the same chains in scalar code on
 * the portable one) added pairwise; elsewhere they run the blocked kernels' chains. Their bits
 * too depend on neither the size, the threads nor the path. In all of them, where NaNs meet,
 * which one survives (sign and payload) is left to the compiled code and may differ.
 */
public final class Gemm {
    /** Rows of the Vector API micro-tile. */
    public static final int MR = 12;
    /** Depth of a packed panel: the length of one fused multiply-add chain. */
    public static final int KC = 256;
    /**
     * Bytes of A packed at once per panel on the Vector API path: a thread packs its rows of A
     * (this many bytes of them at most) once per panel and runs them against every column block
     * of B, instead of packing them again for each column block.
     */
    public static final int A_BYTES = 1 << 22;
    /**
     * Bytes of a packed float32 panel of B on the Vector API path ({@link #KC} rows by
     * {@code GemmF32.Tiles.NC} columns, 256 of them): a quarter of the L2 cache of an AMD Zen 4
     * core (1 MiB), this project's host since the tenth session, so the panel stays there while
     * the slivers of A stream through the same cache past it. 512 KiB (a quarter of the Intel
     * host's 2 MiB L2, from the seventh to the twelfth session) ran the 1024 and 2048 float32
     * products 2-7 % slower on Zen 4 (six JVMs each, alternated; see docs/PERFORMANCE.md), and
     * 1 MiB had been 2-8 % slower than 512 KiB on the Intel host. The blocking never changes a bit
     * of a result.
     */
    public static final int PANEL_BYTES_F32 = 1 << 18;
    /**
     * Bytes of a packed float64 panel of B on the Vector API path: half of L2, 1 MiB (512 and
     * 768 KiB measured 0.94-1.07 times as fast in runs a few minutes apart: no consistent gain).
     */
    public static final int PANEL_BYTES_F64 = 1 << 20;
    /** Bytes of a panel of B on the portable path, as heap rows: 1 MiB (not measured smaller). */
    public static final int PORTABLE_PANEL_BYTES = 1 << 20;
    /** Below this many multiply-adds, a product runs unpacked (same bits when {@code k <= KC}). */
    public static final long SMALL = 32 * 32 * 32;

    private Gemm() {
    }

    /**
     * A matrix operand: element {@code (i, j)} is at element offset {@code off + i * rs + j * cs}
     * of {@code seg}, of type {@code dtype}. For one part of a complex matrix, {@code dtype} is
     * the real component type and the offset and strides count components.
     *
     * @param seg the memory
     * @param dtype the element type (real)
     * @param off element offset of {@code (0, 0)}
     * @param rs row stride in elements
     * @param cs column stride in elements
     */
    public record Mat(MemorySegment seg, DType dtype, long off, long rs, long cs) {
        /** {@return the sub-matrix starting at {@code (i, j)}} */
        Mat at(long i, long j) {
            return new Mat(seg, dtype, off + i * rs + j * cs, rs, cs);
        }
    }

    /**
     * Runs {@code body} for every task in {@code [0, tasks)}, over {@link Parallel}'s fixed chunks
     * when {@code parallel}, else one after the other on the calling thread.
     */
    static void forTasks(int tasks, boolean parallel, IntConsumer body) {
        if (tasks == 1 || !parallel) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
        } else {
            long unit = Parallel.THRESHOLD;
            Parallel.forChunks(tasks * unit, unit, (c, from, to) -> body.accept(c));
        }
    }
}
