package org.ndpack;

import java.util.ConcurrentModificationException;

/**
 * Thrown in <em>checked mode</em> when an operation would touch memory that an operation running
 * on another thread is writing, or write memory that another thread's operation is reading: a data
 * race between two whole operations, detected before the second one starts.
 *
 * <p>Checked mode is switched on per array with {@link NDArray#checked()} (views of a checked array
 * are checked too), or for every array with the system property {@code -Dndpack.checked=true}. The
 * exception is thrown by the operation that started second; it has written nothing. The first
 * operation is not interrupted and does not learn of the conflict. The message names both
 * operations, both threads and the byte ranges that overlap, for example:
 * <pre>
 * addi on thread "worker-2" writes bytes [0, 200000) of memory #7, which subi on thread
 * "worker-1" is writing (bytes [0, 200000)); ...
 * </pre>
 * Detection needs both operations in flight at once, so it finds races that happen, not races that
 * could happen: use it in tests and debugging runs, and the memory lock ({@link NDArray#locked()})
 * to make such operations safe. Like its superclass, this exception reports a bug; it is not meant
 * to be caught for control flow.
 *
 * <h2>Guarantees</h2>
 * Immutable once thrown.
 */
public final class ConcurrentAccessException extends ConcurrentModificationException {
    private static final long serialVersionUID = 1L;

    /** The operation that was refused. */
    private final String operation;
    /** The name of the thread that tried it. */
    private final String thread;
    /** The operation in flight that it conflicts with. */
    private final String conflictingOperation;
    /** The name of the thread running that operation. */
    private final String conflictingThread;

    /**
     * Creates the exception. ndpack's race detector creates it; there is little reason for user
     * code to.
     *
     * @param message the full description
     * @param operation the operation refused (for example {@code "addi"})
     * @param thread the name of the thread that ran it
     * @param conflictingOperation the operation in flight that it conflicts with
     * @param conflictingThread the name of the thread running that operation
     */
    public ConcurrentAccessException(String message, String operation, String thread,
            String conflictingOperation, String conflictingThread) {
        super(message);
        this.operation = operation;
        this.thread = thread;
        this.conflictingOperation = conflictingOperation;
        this.conflictingThread = conflictingThread;
    }

    /** {@return the name of the operation that was refused} */
    public String operation() {
        return operation;
    }

    /** {@return the name of the thread whose operation was refused} */
    public String thread() {
        return thread;
    }

    /** {@return the name of the operation, in flight on another thread, that it conflicts with} */
    public String conflictingOperation() {
        return conflictingOperation;
    }

    /** {@return the name of the thread running the conflicting operation} */
    public String conflictingThread() {
        return conflictingThread;
    }
}
