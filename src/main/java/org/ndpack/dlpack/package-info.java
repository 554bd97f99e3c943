/**
 * The DLPack bridge: zero-copy import and export of tensors with native runtimes (PyTorch, NumPy,
 * JAX, TVM and anything else that speaks the DLPack ABI).
 *
 * <p>{@link org.ndpack.dlpack.DLPack} is the entry point: {@code fromDLPack} and
 * {@code fromLegacyDLPack} import managed tensors as {@link org.ndpack.NDArray}s over the
 * producer's memory, {@code toDLPack} and {@code toLegacyDLPack} export arrays, and
 * {@code from(producer)} consumes any {@link org.ndpack.dlpack.DLPackProducer} (the Java side of
 * Python's {@code __dlpack__} protocol, which {@code NDArray} implements). Its class comment states
 * the ownership, threading and shutdown rules; {@link org.ndpack.dlpack.DLPackException} and its
 * subclasses are the refusals; {@link org.ndpack.dlpack.DLPackLayouts} mirrors the C structs of
 * {@code native-headers/dlpack/dlpack.h}. The user guide is {@code docs/DLPACK.md}.
 *
 * <p>Every type here is immutable or stateless, and every method thread-safe. The bridge's one
 * mutable thing is a single reference to an immutable state record, changed only by
 * compare-and-set.
 */
package org.ndpack.dlpack;
