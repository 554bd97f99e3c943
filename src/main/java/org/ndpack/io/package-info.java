/**
 * NumPy's file formats: {@link org.ndpack.io.Npy} reads, writes and memory-maps {@code .npy}
 * files; {@link org.ndpack.io.Npz} reads and writes {@code .npz} archives (stored or deflated).
 * Files written here load in NumPy with the same bits, and are byte for byte what
 * {@code np.save} writes; files NumPy writes (format versions 1.0 to 3.0, either byte order, C or
 * Fortran order) read here. Malformed or unsupported files give
 * {@link org.ndpack.io.NpyFormatException}, checked before any memory is allocated.
 */
package org.ndpack.io;
