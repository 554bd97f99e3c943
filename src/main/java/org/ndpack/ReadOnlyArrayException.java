package org.ndpack;

/**
 * Thrown when an operation would write through a read-only array (a {@link NDArray#asReadOnly()}
 * view, a broadcast view, a read-only mapped file, a DLPack import flagged read-only). Like
 * {@link java.nio.ReadOnlyBufferException}, an {@link UnsupportedOperationException}.
 */
public class ReadOnlyArrayException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was written and why it is refused
     */
    public ReadOnlyArrayException(String message) {
        super(message);
    }
}
