package org.ndpack.internal;

import org.ndpack.NDArray;

/**
 * The slow path of {@link OpScope}: memory-region locks for arrays in locked form and
 * registration with the race detector for arrays in checked form (or for every array when the
 * system property {@code ndpack.checked} is {@code true}).
 */
final class Guards {
    /** Checked mode for every array, from the system property {@code ndpack.checked}. */
    static final boolean GLOBAL_CHECKED = Boolean.getBoolean("ndpack.checked");

    private Guards() {
    }

    /**
     * Takes the locks and registrations an operation needs.
     *
     * @return what to close when the operation ends
     */
    static AutoCloseable enter(String op, NDArray w, NDArray r0, NDArray r1, NDArray r2) {
        // Filled in by the concurrency work (issue 5): region locks, race detection.
        return null;
    }
}
