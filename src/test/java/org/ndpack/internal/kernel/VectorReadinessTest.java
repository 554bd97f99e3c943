package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

class VectorReadinessTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Waits for the race to end, at most {@code nanos}; {@return whether it ended} */
    private static boolean awaitOver(VectorReadiness r, long nanos) {
        long start = System.nanoTime();
        while (!r.over() && System.nanoTime() - start < nanos) {
            LockSupport.parkNanos(1_000_000);
        }
        return r.over();
    }

    private static void spin(long nanos) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aFasterVectorFormIsReadyAfterItsWinsAndNotBefore() {
        AtomicInteger made = new AtomicInteger();
        VectorReadiness r = new VectorReadiness("test-race", false, 30 * SECOND, () -> {
            made.incrementAndGet();
            return vector -> spin(vector ? 100_000 : 2_000_000);
        });
        assertFalse(r.over(), "no race before the first question");
        assertFalse(r.ready(), "the first question starts the race and is answered no");
        assertTrue(awaitOver(r, 30 * SECOND), "the race ends");
        assertTrue(r.ready(), "the faster vector form won");
        assertEquals(1, made.get(), "one race, one problem");
    }

    @Test
    void askingWithoutStartingLeavesTheRaceToTheNextQuestion() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        VectorReadiness r = new VectorReadiness("test-race", false, 30 * SECOND, () -> {
            made.incrementAndGet();
            return vector -> spin(vector ? 100_000 : 2_000_000);
        });
        assertFalse(r.readyNow(), "not ready before any race");
        Thread.sleep(50);
        assertFalse(r.over(), "asking without starting starts no race");
        assertEquals(0, made.get(), "no problem made without a race");
        assertFalse(r.ready(), "the question that starts the race is answered no");
        assertTrue(awaitOver(r, 30 * SECOND), "the race ends");
        assertTrue(r.readyNow(), "the answer without starting follows the race's outcome");
        assertEquals(1, made.get(), "one race, one problem");
    }

    @Test
    void aSlowerVectorFormIsNeverReady() {
        // the vector round takes 500 times the portable one: a portable round loses only if its
        // thread is descheduled for longer than a vector round, and that twice in a row (with 1 ms
        // against 0.1 ms this failed under load: a time slice on a busy machine is several ms)
        VectorReadiness r = new VectorReadiness("test-race", false, 400_000_000L,
                () -> vector -> spin(vector ? 50_000_000 : 100_000));
        assertFalse(r.ready());
        assertTrue(awaitOver(r, 30 * SECOND), "the race gives up");
        assertFalse(r.ready(), "the portable form stays, having won every round");
    }

    @Test
    void aFailingRoundEndsTheRaceWithoutReadiness() {
        AtomicInteger rounds = new AtomicInteger();
        VectorReadiness r = new VectorReadiness("test-race", false, 30 * SECOND, () -> vector -> {
            if (rounds.incrementAndGet() == 3) {
                throw new IllegalStateException("round 3 fails");
            }
        });
        assertFalse(r.ready());
        assertTrue(awaitOver(r, 30 * SECOND), "the failure ends the race");
        assertFalse(r.ready(), "a failed race leaves the portable form");
        assertEquals(3, rounds.get(), "no round after the failure");
    }

    @Test
    void withTheWarmUpOffTheVectorFormIsReadyAtOnce() {
        VectorReadiness r = new VectorReadiness("test-race", true, SECOND, () -> {
            throw new AssertionError("no race when ready at once");
        });
        assertTrue(r.over());
        assertTrue(r.ready());
    }

    @Test
    void theMatrixProductsRaceIsWonByTheCompiledVectorKernel() {
        assumeTrue(VectorSupport.ENABLED, "needs the Vector API module: the race compares it with the portable loops");
        for (VectorReadiness r : new VectorReadiness[] {
                new VectorReadiness("test-f32", false, 120 * SECOND, GemmF32.Ready::race),
                new VectorReadiness("test-f64", false, 120 * SECOND, GemmF64.Ready::race)}) {
            assertFalse(r.ready());
            assertTrue(awaitOver(r, 150 * SECOND), "the race ends");
            assertTrue(r.ready(), "C2's vector kernel beats the portable loops on a 48 by 64 by 257 product");
        }
    }
}
