/**
 * The array inside ndpack: {@code ArrayImpl}, a descriptor (dtype, shape, strides, offset, flags)
 * over a {@code Memory}, and the view arithmetic (basic indexing, reshape without copy,
 * transpose, squeeze, broadcast, flip). {@code Facade} is the one crossing to the public
 * {@code NDArray}: a wrap/unwrap pair the public type installs.
 *
 * <p>May import: {@code dtype}, {@code layout}, {@code memory}; never the public array type.
 */
package org.ndpack.internal.array;
