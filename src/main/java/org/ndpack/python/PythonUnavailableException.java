package org.ndpack.python;

/**
 * No usable CPython could be loaded: none was found, or the one found is not a CPython ndpack can
 * drive (not a shared library, too old, not CPython, mismatched installation).
 *
 * <p>The message lists every place that was looked at and why each was not used, so that the fix
 * (set {@code NDPACK_PYTHON}, install the shared library, ...) can be read off it.
 *
 * <h2>Guarantees</h2>
 * Immutable and thread-safe.
 */
public final class PythonUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was tried, and why it failed
     * @param cause the underlying failure, or null
     */
    PythonUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
