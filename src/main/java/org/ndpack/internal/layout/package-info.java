/**
 * Shape and stride arithmetic without arrays ({@code Shapes}): extents, C and Fortran strides,
 * broadcasting, axis normalisation, byte sizes and spans. The walks over strided memory are in
 * {@code kernel.Strided}, the one n-d loop helper.
 *
 * <p>May import: no other internal package.
 */
package org.ndpack.internal.layout;
