/**
 * Operations that build arrays by copying: the strided copier and filler ({@code Copier}),
 * {@code astype}, copying reshape, and joins and repeats ({@code ShapeOps}: concatenate, stack,
 * split, tile, repeat, pad), and the element writing of the public factories and of the copies out
 * to Java arrays ({@code Factories}).
 *
 * <p>May import: {@code array}, {@code concurrent}, {@code dtype}, {@code kernel}, {@code layout},
 * {@code memory}.
 */
package org.ndpack.internal.shape;
