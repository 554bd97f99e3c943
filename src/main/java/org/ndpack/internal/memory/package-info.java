/**
 * Native memory and its lifetime: {@code Memory} (one region shared by all arrays that view it, with
 * the lease protocol that keeps it alive while an operation runs), the allocators
 * ({@code NativeAllocator}, {@code SlabAllocator}), and the per-memory guard state created on first
 * use: the byte-range lock ({@code RangeLock}), the checked-mode race detector
 * ({@code RaceDetector}), the range encoding they share ({@code Ranges}) and their entry points
 * for the operation scopes ({@code Guarding}).
 *
 * <p>May import: no other internal package; of the public API only
 * {@code org.ndpack.ConcurrentAccessException}, the failure the race detector reports.
 */
package org.ndpack.internal.memory;
