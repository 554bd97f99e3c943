package org.ndpack.internal.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Whether a kernel family's Vector API form has been compiled by C2 yet, found out off the
 * callers' threads. Until C2 compiles it, a Vector API kernel runs boxed (an allocation per vector
 * operation), ten to twenty times slower than the portable loops, and on a busy machine the
 * compiler may take seconds to get to it; a product that took the vector form in that time ran
 * several times slower than without the Vector API at all. So the first caller that asks
 * {@link #ready()} starts one daemon thread that races the two forms on a small problem, a round
 * of each in turn, and declares the vector form ready once it has won {@link #WINS} rounds in a
 * row (its compiled code is then in place); callers use the portable form until then. If the
 * vector form has not won within the give-up time, it stays not ready (on this machine and load
 * it is not the faster one), and if no thread can be started it is ready at once (the vector form
 * then warms within the callers' work, as before). Both forms give the same bits, so the moment of
 * the switch never shows in a result.
 *
 * <p>Thread-safe: {@link #ready()} is a volatile read once the race is over, and at most one race
 * runs per instance. The racing thread never throws: a failure of a round ends the race with
 * the vector form not ready.
 */
final class VectorReadiness {
    /** Rounds in a row the vector form must win. */
    static final int WINS = 2;
    /** How long the race may last by default: 20 seconds. */
    static final long GIVE_UP_NANOS = 20_000_000_000L;

    /** One round of a form: the same small problem each time. */
    @FunctionalInterface
    interface Race {
        /** Runs one round on the vector form ({@code true}) or the portable one. */
        void round(boolean vector);
    }

    private final String name;
    private final long giveUpNanos;
    private final Supplier<Race> race;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean ready;
    private volatile boolean over;

    /**
     * @param name the racing thread's name
     * @param readyAtOnce whether no race is needed (the warm-up is off)
     * @param giveUpNanos how long the race may last
     * @param race makes the race's problem, on the racing thread
     */
    VectorReadiness(String name, boolean readyAtOnce, long giveUpNanos, Supplier<Race> race) {
        this.name = name;
        this.giveUpNanos = giveUpNanos;
        this.race = race;
        this.ready = readyAtOnce;
        this.over = readyAtOnce;
    }

    /** {@return whether the vector form is ready} The first call starts the race. */
    boolean ready() {
        if (ready) {
            return true;
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            try {
                Thread.ofPlatform().daemon().name(name).inheritInheritableThreadLocals(false).start(this::run);
            } catch (RuntimeException | OutOfMemoryError e) { // no thread to be had
                ready = true;
                over = true;
            }
        }
        return false;
    }

    /**
     * {@return whether the vector form is ready} Unlike {@link #ready()}, starts nothing: a caller
     * that asks this before its work and {@link #ready()} after it keeps the race's compilations
     * (the vector kernel's, on a compiler queue that the caller's own work needs too) out of that
     * work.
     */
    boolean readyNow() {
        return ready;
    }

    /** {@return whether the race has ended (won, given up or failed), or was never needed} */
    boolean over() {
        return over;
    }

    private void run() {
        try {
            Race r = race.get();
            long start = System.nanoTime();
            int wins = 0;
            while (wins < WINS && System.nanoTime() - start < giveUpNanos) {
                long t0 = System.nanoTime();
                r.round(true);
                long t1 = System.nanoTime();
                r.round(false);
                long t2 = System.nanoTime();
                wins = t1 - t0 < t2 - t1 ? wins + 1 : 0;
            }
            ready = wins >= WINS;
        } catch (Throwable t) {
            // a round failed: the portable form keeps serving, and nothing escapes this thread
        } finally {
            over = true;
        }
    }
}
