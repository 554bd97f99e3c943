package org.ndpack.dlpack;

/**
 * Whether a DLPack producer may, must or must not copy the data it exports: the {@code copy}
 * argument of Python's {@code __dlpack__(..., copy=...)}.
 *
 * <h2>Guarantees</h2>
 * An enum: immutable and thread-safe.
 */
public enum DLPackCopy {
    /** Share the memory when possible, copy only when the request cannot be met otherwise
     * (Python's {@code copy=None}). */
    IF_NEEDED,
    /** Always export a new copy that the consumer owns alone; a versioned export carries the
     * {@code IS_COPIED} flag (Python's {@code copy=True}). */
    ALWAYS,
    /** Never copy: fail with {@link DLPackCopyException} when the request needs a copy (Python's
     * {@code copy=False}). */
    NEVER
}
