/**
 * Reductions and scans: the public reductions ({@code Reductions}: sum, prod, mean, var, min,
 * max, all, any, argmin, argmax), the cumulative scans ({@code Cumulative}), and how they walk
 * their input ({@code ReduceLayout}) and split it over threads ({@code ReduceEngine}).
 *
 * <p>May import: {@code array}, {@code concurrent}, {@code dtype}, {@code kernel}, {@code layout},
 * {@code shape}.
 */
package org.ndpack.internal.reduce;
