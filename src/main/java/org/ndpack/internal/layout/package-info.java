/**
 * Shape and stride arithmetic without arrays: extents, strides, broadcasting, axes, spans
 * ({@code Shapes}) and the n-d loop over strided operands ({@code StridedLoop}).
 *
 * <p>May import: no other internal package.
 */
package org.ndpack.internal.layout;
