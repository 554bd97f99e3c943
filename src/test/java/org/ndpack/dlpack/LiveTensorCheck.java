package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the DLPack tests: after each test, every import and every export must have been given
 * back ({@link DLPack#liveImports()} and {@link DLPack#liveExports()} back to 0), and no deleter of
 * ours may have been called for a pointer that was not a live export unless the test said so. A
 * test that hands memory to the Cleaner waits for it itself; this check gives the Cleaner a short
 * grace period only.
 */
abstract class LiveTensorCheck {
    private long strayBefore;
    /** Set by tests that provoke stray deleter calls on purpose. */
    protected long expectedStrayCalls;

    @BeforeEach
    void recordStrayCalls() {
        strayBefore = DLPack.statistics().strayDeleterCalls();
        expectedStrayCalls = 0;
    }

    @AfterEach
    void everythingGivenBack() throws InterruptedException {
        for (int i = 0; i < 50 && (DLPack.liveImports() != 0 || DLPack.liveExports() != 0); i++) {
            System.gc();
            Thread.sleep(20);
        }
        DLPack.Statistics s = DLPack.statistics();
        if (s.liveImports() != 0 || s.liveExports() != 0) {
            fail("the test left live DLPack tensors: " + s);
        }
        if (s.strayDeleterCalls() - strayBefore != expectedStrayCalls) {
            fail("stray deleter calls: expected " + expectedStrayCalls + ", got " + (s.strayDeleterCalls() - strayBefore));
        }
    }

    /** Waits (collecting garbage) until {@code condition} holds, or fails after ~10 s. */
    static void awaitGc(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            System.gc();
            Thread.sleep(20);
        }
        fail("timed out waiting for " + what);
    }
}
