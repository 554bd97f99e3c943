package org.ndpack.internal.memory;

/**
 * The entry points of a memory's guard state for the operation scopes above this package: the
 * region lock and the race detector that {@link Memory} creates on first use. Stateless.
 */
public final class Guarding {
    private Guarding() {
    }

    /**
     * Locks byte ranges of {@code m}, waiting while they conflict with ranges held by others.
     *
     * @param m the memory
     * @param ranges the ranges and their modes ({@link Ranges})
     * @return the request to release
     */
    public static RangeLock.Request lock(Memory m, long[] ranges) {
        return m.rangeLock().acquire(ranges);
    }

    /**
     * Registers an operation's byte ranges of {@code m} with its race detector.
     *
     * @param m the memory
     * @param op the operation's name, for the report of a race
     * @param ranges the ranges and their modes ({@link Ranges})
     * @return the registration to end
     * @throws org.ndpack.ConcurrentAccessException if a registered range races with these
     */
    public static RaceDetector.Registration register(Memory m, String op, long[] ranges) {
        return m.detector().register(op, ranges);
    }

    /** Releases a request of {@link #lock}, granting waiting requests it blocked. */
    public static void unlock(RangeLock.Request r) {
        r.lock.release(r);
    }

    /** Ends a registration of {@link #register}. */
    public static void deregister(RaceDetector.Registration r) {
        r.detector.deregister(r);
    }

    /** {@return the number of lock requests held or waiting in {@code m} (for tests and diagnostics)} */
    public static int lockRequests(Memory m) {
        return m.rangeLock().requests();
    }

    /** {@return the number of race-detector registrations in flight in {@code m} (for tests and diagnostics)} */
    public static int registrations(Memory m) {
        return m.detector().inFlight();
    }
}
