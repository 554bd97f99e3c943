/**
 * Element-wise operations: the binary and unary operation tables ({@code BinaryOp},
 * {@code UnaryOp}, each with its per-dtype kernel cache), their loop-dtype rules ({@code Rule}),
 * NumPy's scalar special cases ({@code Scalar}), and the driver that applies them with
 * broadcasting, promotion and the {@code out} rules ({@code Elementwise}), including
 * {@code where}, {@code clip}, {@code assign} and {@code fill}; and NumPy's ufunc methods
 * {@code reduce}, {@code accumulate} and {@code outer} ({@code UfuncMethods}).
 *
 * <p>May import: {@code array}, {@code concurrent}, {@code dtype}, {@code kernel}, {@code layout},
 * {@code memory}, {@code reduce} (for the reductions behind {@code add.reduce} and the like),
 * {@code shape}; of the public API only {@code org.ndpack.ReadOnlyArrayException},
 * the failure of a write to a read-only output.
 */
package org.ndpack.internal.ufunc;
