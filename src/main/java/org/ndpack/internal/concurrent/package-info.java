/**
 * The concurrency contract of operations: {@code OpScope} (every operation's leases on its
 * operands' memory, and the slow path in {@code Guards}: region locks for locked arrays and race
 * detector registration for checked ones, taken deadlock-free) and {@code RegionLocks}, the
 * explicit multi-array lock behind {@code org.ndpack.RegionLock}.
 *
 * <p>May import: {@code array}, {@code kernel}, {@code layout}, {@code memory}.
 */
package org.ndpack.internal.concurrent;
