/**
 * Sorting: NumPy's stable {@code sort} and {@code argsort} along an axis ({@code Sorting}), with a
 * row sorter per element family and the repair of signed zeros and NaNs ({@code SpecialRuns}).
 *
 * <p>May import: {@code array}, {@code concurrent}, {@code dtype}, {@code kernel}, {@code layout},
 * {@code shape}.
 */
package org.ndpack.internal.sort;
