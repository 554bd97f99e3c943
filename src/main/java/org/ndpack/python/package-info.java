/**
 * The embedded-CPython bridge: exchange tensors with NumPy and PyTorch in-process.
 */
package org.ndpack.python;
