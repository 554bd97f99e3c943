/**
 * NumPy's file formats: {@link org.ndpack.io.Npy} reads, writes and memory-maps {@code .npy}
 * files; {@link org.ndpack.io.Npz} reads and writes {@code .npz} archives (stored or deflated).
 * Files written here load in NumPy with the same bits, and are byte for byte what
 * {@code np.save} writes; files NumPy writes (format versions 1.0 to 3.0, either byte order, C or
 * Fortran order) read here. Files are treated as untrusted: headers are limited as NumPy limits
 * them ({@code max_header_size}, 10,000 characters unless the caller raises it), memory is never
 * allocated beyond what the file or the archive entry's stream actually holds, and every
 * malformed, unsupported or corrupt file gives {@link org.ndpack.io.NpyFormatException} naming
 * the file (and entry) with a message of a few hundred characters at most.
 */
package org.ndpack.io;
