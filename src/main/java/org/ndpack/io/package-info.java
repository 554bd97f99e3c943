/**
 * NumPy's file formats: {@code .npy} (read, write, memory-map) and {@code .npz} archives.
 */
package org.ndpack.io;
