package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ndpack.dlpack.DLPack;

/**
 * The frame of a libtorch test: skips where libtorch is not available, starts with every import
 * and export given back, and ends the same way with no ndpack deleter run twice meanwhile.
 */
final class BalancedExchanges implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BalancedExchanges.class);

    @Override
    public void beforeEach(ExtensionContext context) throws InterruptedException {
        TorchTestSupport.assumeLibtorch();
        TorchTestSupport.awaitBalanced(0, 0);
        context.getStore(NS).put("stray", DLPack.statistics().strayDeleterCalls());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Long stray = context.getStore(NS).get("stray", Long.class);
        if (stray == null) {
            return; // skipped before the start was taken
        }
        TorchTestSupport.awaitBalanced(0, 0);
        assertEquals(stray.longValue(), DLPack.statistics().strayDeleterCalls(), "an ndpack deleter ran twice");
    }
}
