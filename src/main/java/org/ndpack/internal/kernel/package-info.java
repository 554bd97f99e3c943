/**
 * The lowest layer of computation: loops over raw memory segments, specialised per dtype and operation.
 * {@code Specializer} builds hidden classes whose element functions are constants to the JIT;
 * {@code Kernels}, the {@code Loop}/{@code VecLoop} families and {@code Strided} (the one n-d
 * walk: parallel and tiled for kernels, sequential in C order for the generic paths) run them over
 * contiguous and strided runs; {@code Parallel} splits large work into fixed chunks;
 * {@code VectorSupport} says whether the Vector API path is on; {@code ElementCodec} reads and
 * writes one element per dtype inside a specialised loop (a constant to the JIT). The GEMM and
 * reduction kernels ({@code Gemm*}, {@code Reduce*}) live here too.
 *
 * <p>Kernels see segments, byte offsets and strides, never arrays. May import: {@code dtype} and
 * {@code org.ndpack.DType}; nothing above.
 */
package org.ndpack.internal.kernel;
