package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the DLPack tests: after each test, every import and every export must have been given
 * back ({@link DLPack#liveImports()} and {@link DLPack#liveExports()} back to 0, or rather to
 * their values before the test, so that one failing test that leaks does not fail every later
 * one), and no deleter of ours may have been called for a pointer that was not a live export
 * unless the test said so. A test that hands memory to the Cleaner waits for it itself; this
 * check gives the Cleaner a short grace period only.
 */
abstract class LiveTensorCheck {
    private long strayBefore;
    private long importsBefore;
    private long exportsBefore;
    /** Set by tests that provoke stray deleter calls on purpose. */
    protected long expectedStrayCalls;

    @BeforeEach
    void recordStrayCalls() {
        DLPack.Statistics s = DLPack.statistics();
        strayBefore = s.strayDeleterCalls();
        importsBefore = s.liveImports();
        exportsBefore = s.liveExports();
        expectedStrayCalls = 0;
    }

    @AfterEach
    void everythingGivenBack() throws InterruptedException {
        for (int i = 0; i < 50 && (DLPack.liveImports() != importsBefore || DLPack.liveExports() != exportsBefore); i++) {
            System.gc();
            Thread.sleep(20);
        }
        DLPack.Statistics s = DLPack.statistics();
        if (s.liveImports() != importsBefore || s.liveExports() != exportsBefore) {
            fail("the test left live DLPack tensors: " + s + " (before the test: " + importsBefore + " imports, "
                    + exportsBefore + " exports)");
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
