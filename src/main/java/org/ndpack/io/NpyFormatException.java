package org.ndpack.io;

import java.io.IOException;

/**
 * Thrown when a {@code .npy} file or a {@code .npz} archive is not well formed or holds something
 * ndpack cannot represent: wrong magic bytes, an unsupported format version, a header that is not
 * the Python dict literal NumPy writes, an unknown or unsupported dtype (object, structured,
 * string, extended precision), a bad shape, a header longer than the reader's
 * {@code maxHeaderSize}, data shorter than the shape needs, a corrupt zip archive (a damaged
 * deflate stream, an entry shorter or longer than its records, a wrong CRC-32) or an archive entry
 * that is not a {@code .npy} file. Every corrupt file gives this exception, never a bare
 * {@link java.io.EOFException} or {@link java.util.zip.ZipException}; failures to read the file at
 * all (missing, unreadable, a failing disk) stay plain {@link IOException}s.
 *
 * <p>The message names the file (and the archive entry), what is wrong and the offending value,
 * e.g. {@code "data.npy: shape (1000, 1000) of dtype float64 needs 8000000 bytes of data, but only
 * 16 follow the header"}. Text quoted from the file is cut after a couple of hundred characters,
 * with a note of its full length, so a hostile file cannot make a long message. It is an {@link IOException} because it describes the content of a file:
 * callers that already handle I/O failures handle it too, and can catch it separately to tell a
 * bad file from a failing disk.
 */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file and the offending value
     */
    public NpyFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the lower-level failure that revealed the problem.
     *
     * @param message what is wrong, naming the file and the offending value
     * @param cause the underlying exception (a {@link java.util.zip.ZipException}, for instance)
     */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
