/**
 * Element types below the array: NumPy's type promotion ({@code Promotion}), its casts between
 * element types ({@code Casts}, {@code Casting}'s {@code same_kind} rule) and the element
 * accessors that read and write one element of any dtype at a byte offset ({@code Elements}, used
 * for element access and generic loops; the kernels' per-dtype codec builds on it), and the
 * float8 formats' one encoder and decoder ({@code Float8}).
 *
 * <p>May import: {@code org.ndpack.DType} only; no other internal package.
 */
package org.ndpack.internal.dtype;
