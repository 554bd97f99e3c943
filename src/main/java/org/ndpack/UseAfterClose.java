package org.ndpack;

import java.util.Arrays;

/**
 * The exception for using a closed array, with a message that says which array: its dtype, its
 * shape, and whether it is a view (whose memory may have been closed through its owner).
 */
final class UseAfterClose {
    private UseAfterClose() {
    }

    /** {@return the exception for a use of {@code a}, which is closed or whose memory is} */
    static IllegalStateException of(NDArray a) {
        String what = a.dtype + (a.isOwner() ? " array" : " view") + " of shape " + Arrays.toString(a.shape);
        if (a.isOwner()) {
            return new IllegalStateException(what + " is closed");
        }
        return new IllegalStateException(what + (a.memory.isClosed()
                ? " is unusable: the array it views was closed" : " is closed"));
    }
}
