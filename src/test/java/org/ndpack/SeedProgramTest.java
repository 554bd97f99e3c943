package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The seed program of the concurrency contract: two threads, one running {@code a.addi(1)} and one
 * {@code a.subi(1)} 10,000 times on one 100,000-element int16 array of zeros. Unsynchronised it
 * completes and leaves every element within what the threads could have written; under the memory
 * lock, and with atomic element operations, every element ends at exactly 0.
 */
class SeedProgramTest {
    private static final int N = 100_000;
    private static final int ROUNDS = 10_000;

    private static void addAndSubtract(NDArray adder, NDArray subtracter) throws Exception {
        Racing.runAll(2, k -> {
            NDArray mine = k == 0 ? adder : subtracter;
            for (int r = 0; r < ROUNDS; r++) {
                if (k == 0) {
                    Ufunc.ADD.apply(mine, 1L, mine);
                } else {
                    Ufunc.SUBTRACT.apply(mine, 1L, mine);
                }
            }
        });
    }

    @Test
    void unsynchronisedItCompletesAndStaysInRange() throws Exception {
        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            addAndSubtract(a, a);
            long nonZero = 0;
            for (short v : a.toShortArray()) {
                assertTrue(v >= -ROUNDS && v <= ROUNDS, "element " + v + " outside what the threads wrote");
                nonZero += v != 0 ? 1 : 0;
            }
            // how many lost updates is up to the scheduler; the array stays fully usable
            Ufunc.ADD.apply(a, 1L, a);
            assertEquals(N, a.size());
            System.out.println("SeedProgramTest: unsynchronised run left " + nonZero + " non-zero elements");
        }
    }

    @Test
    void underTheMemoryLockEveryElementEndsAtZero() throws Exception {
        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            addAndSubtract(a.locked(), a.slice(":").locked()); // two views, one lock: it belongs to the memory
            assertEquals(NDArray.zeros(DType.INT16, N), a);
        }
    }

    @Test
    void withAtomicOperationsEveryElementEndsAtZero() throws Exception {
        int rounds = 20; // element by element: 2 x 20 x 100,000 atomic updates keep the test short
        try (NDArray a = NDArray.zeros(DType.INT16, N)) {
            AtomicView at = a.atomic();
            Racing.runAll(2, k -> {
                long delta = k == 0 ? 1 : -1;
                for (int r = 0; r < rounds; r++) {
                    for (long i = 0; i < N; i++) {
                        at.getAndAddLong(delta, i);
                    }
                }
            });
            assertEquals(NDArray.zeros(DType.INT16, N), a);
        }
    }
}
