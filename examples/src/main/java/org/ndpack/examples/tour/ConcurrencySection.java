package org.ndpack.examples.tour;

import java.util.ArrayList;
import java.util.List;

import org.ndpack.AtomicView;
import org.ndpack.ConcurrentAccessException;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * The tour's concurrency section: the seed program (two threads, one adding 1 and one subtracting
 * 1, 10,000 times each, over one 100,000-element int16 array) run three ways: unsynchronised, under
 * the memory lock, and with atomic element operations; then checked mode catching the race. See
 * {@code docs/CONCURRENCY.md}.
 */
public final class ConcurrencySection {
    private static final int N = 100_000;
    private static final int ROUNDS = 10_000;
    /** The atomic variant updates every element one by one: fewer rounds keep the tour quick. */
    private static final int ATOMIC_ROUNDS = 20;

    private ConcurrencySection() {
    }

    /** Runs the section, printing what it does and what it got. */
    static void run() {
        System.out.println("Two threads: one runs Ufunc.ADD.apply(a, 1L, a), the other Ufunc.SUBTRACT.apply(a, 1L, a), " + ROUNDS
                + " times each, on a " + N + "-element int16 array of zeros.");

        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            long ms = twoThreads(() -> repeat(ROUNDS, () -> Ufunc.ADD.apply(a, 1L, a)), () -> repeat(ROUNDS, () -> Ufunc.SUBTRACT.apply(a, 1L, a)));
            System.out.println("unsynchronised: finished in " + ms + " ms; " + describe(a)
                    + " (updates were lost; nothing else went wrong)");
        }

        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            NDArray locked = a.locked(); // every operation on it runs as one step under the memory lock
            long ms = twoThreads(() -> repeat(ROUNDS, () -> Ufunc.ADD.apply(locked, 1L, locked)), () -> repeat(ROUNDS, () -> Ufunc.SUBTRACT.apply(locked, 1L, locked)));
            System.out.println("a.locked():     finished in " + ms + " ms; " + describe(a));
        }

        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            AtomicView at = a.atomic(); // per-element atomic read-modify-write
            long ms = twoThreads(() -> eachElement(at, +1), () -> eachElement(at, -1));
            System.out.println("a.atomic():     finished in " + ms + " ms (" + ATOMIC_ROUNDS
                    + " rounds of getAndAddLong(+-1, i) over every element); " + describe(a));
        }

        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            NDArray checked = a.checked(); // debugging: conflicting operations throw
            List<String> caught = new ArrayList<>();
            twoThreads(() -> catching(caught, () -> repeat(ROUNDS, () -> Ufunc.ADD.apply(checked, 1L, checked))),
                    () -> catching(caught, () -> repeat(ROUNDS, () -> Ufunc.SUBTRACT.apply(checked, 1L, checked))));
            System.out.println("a.checked():    " + (caught.isEmpty() ? "no overlap this time"
                    : "caught: " + caught.get(0)));
        }
    }

    private static void eachElement(AtomicView at, long delta) {
        for (int r = 0; r < ATOMIC_ROUNDS; r++) {
            for (long i = 0; i < N; i++) {
                at.getAndAddLong(delta, i);
            }
        }
    }

    private static void repeat(int times, Runnable body) {
        for (int i = 0; i < times; i++) {
            body.run();
        }
    }

    private static void catching(List<String> caught, Runnable body) {
        try {
            body.run();
        } catch (ConcurrentAccessException e) {
            synchronized (caught) {
                caught.add(e.getMessage());
            }
        }
    }

    /** {@return how many elements are non-zero, and their range} */
    private static String describe(NDArray a) {
        long nonZero = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (short v : a.toShortArray()) {
            nonZero += v != 0 ? 1 : 0;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return nonZero == 0 ? "every element is exactly 0"
                : nonZero + " elements are non-zero (from " + min + " to " + max + ")";
    }

    /** Runs two bodies on two threads at once; returns the wall time in ms. */
    private static long twoThreads(Runnable first, Runnable second) {
        long t0 = System.nanoTime();
        Thread a = new Thread(first, "adder");
        Thread b = new Thread(second, "subtracter");
        a.start();
        b.start();
        try {
            a.join();
            b.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
