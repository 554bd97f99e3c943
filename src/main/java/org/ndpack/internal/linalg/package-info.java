/**
 * Linear algebra: {@code matmul}, {@code dot}, {@code outer}, {@code tensordot} ({@code MatMul}),
 * over the GEMM kernels and the optional system BLAS.
 *
 * <p>May import: {@code array}, {@code concurrent}, {@code dtype}, {@code kernel}, {@code layout},
 * {@code reduce} (its thread runner and n-d cursor), {@code shape}.
 */
package org.ndpack.internal.linalg;
