package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.torch.TorchTestSupport.arange;
import static org.ndpack.torch.TorchTestSupport.torchGet;
import static org.ndpack.torch.TorchTestSupport.torchSet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/**
 * The Tensor that toTensor returns keeps JavaCPP's ownership contract without JavaCPP's
 * registration: checked against an ordinary JavaCPP-owned Tensor step by step (the oracle), and
 * through ndpack's export count (the memory is given back exactly when libtorch frees the tensor).
 */
@ExtendWith(BalancedExchanges.class)
class TorchOwnedTensorTest {
    /** What JavaCPP's own accounting reports of a tensor after each step of a script. */
    private static List<String> script(Supplier<Tensor> make, int retains) {
        List<String> seen = new ArrayList<>();
        Tensor t = make.get();
        seen.add("new: count " + t.referenceCount() + " null " + t.isNull());
        for (int i = 0; i < retains; i++) {
            t.retainReference();
            seen.add("retain: count " + t.referenceCount());
        }
        for (int i = 0; i <= retains + 1; i++) {
            boolean freed = t.releaseReference();
            seen.add("release: freed " + freed + " count " + t.referenceCount() + " null " + t.isNull());
        }
        t.close();
        seen.add("close again: count " + t.referenceCount() + " null " + t.isNull());
        return seen;
    }

    @Test
    void referenceCountingAsJavaCpp() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 6, 1); Tensor base = arange(ScalarType.Float, 6)) {
            for (int retains = 0; retains < 3; retains++) {
                List<String> javacpp = script(base::detach, retains);
                List<String> ours = script(() -> Torch.toTensor(a), retains);
                assertEquals(javacpp, ours, "the same script on a JavaCPP-owned Tensor and on toTensor's");
                assertEquals(0, DLPack.liveExports(), "freed by the last release");
            }
        }
    }

    @Test
    void closeFreesOnceAndNullsTheAddress() {
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1)) {
            Tensor t = Torch.toTensor(a);
            assertNotEquals(0, t.address());
            assertEquals(3.0, torchGet(t, 3));
            assertEquals(1, DLPack.liveExports());
            t.close();
            assertTrue(t.isNull(), "address 0 after close, as JavaCPP");
            assertEquals(0, DLPack.liveExports(), "libtorch freed the tensor: ndpack's deleter ran");
            t.close();
            t.deallocate();
            assertEquals(0, DLPack.liveExports());
        }
    }

    @Test
    void viewsOutliveTheJavaObject() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4)) {
            Tensor t = Torch.toTensor(a);
            Tensor row = t.select(0, 2);
            t.close();
            assertEquals(1, DLPack.liveExports(), "libtorch's view still holds the storage");
            row.add_(new Scalar(100.0));
            assertEquals(108.0, a.getDouble(2, 0), "the view writes ndpack's memory");
            row.close();
            assertEquals(0, DLPack.liveExports());
        }
    }

    @Test
    void pointerScopeFreesIt() {
        try (NDArray a = NDArray.arange(DType.INT32, 0, 4, 1)) {
            Tensor t;
            try (PointerScope scope = new PointerScope()) {
                t = Torch.toTensor(a);
                assertEquals(1, t.referenceCount(), "attached to the open scope, as JavaCPP attaches its own");
                assertEquals(1, DLPack.liveExports());
            }
            assertTrue(t.isNull(), "the scope released it");
            assertEquals(0, DLPack.liveExports());
        }
    }

    @Test
    void deallocateFalseLeavesItToNativeCode() throws InterruptedException {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 4, 1)) {
            Tensor kept = Torch.toTensor(a);
            kept.deallocate(false);
            assertFalse(kept.isNull());
            kept.close();
            assertEquals(0, DLPack.liveExports(), "an explicit close still frees, as JavaCPP");

            Tensor dropped = Torch.toTensor(a);
            dropped.deallocate(false);
            long slot = dropped.address();
            dropped = null;
            for (int i = 0; i < 20; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(1, DLPack.liveExports(), "the GC does not free a tensor given to native code");
            OwnedTensor.destroy(slot); // as the native owner would
            assertEquals(0, DLPack.liveExports());
        }
    }

    /**
     * getPointer's result keeps the owner alive: with the owner dropped and the GC run, the alias
     * still reads and writes ndpack's memory and libtorch has not freed the tensor; closing the
     * alias frees it, as closing a JavaCPP cast frees the object it was cast from.
     */
    @Test
    void getPointerAliasesKeepTheOwnerAlive() throws InterruptedException {
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 4, 1)) {
            Tensor v = Torch.toTensor(a).getPointer(0);
            Tensor w = Torch.toTensor(a).getPointer(Tensor.class, 0);
            Tensor x = w.getPointer(0); // an alias of an alias
            for (int i = 0; i < 20; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(2, DLPack.liveExports(), "no deleter ran: the owners are reachable through the aliases");
            assertEquals(3.0, torchGet(v, 3));
            torchSet(v, 7.0, 1);
            assertEquals(7.0, a.getDouble(1), "the alias writes ndpack's memory");
            assertEquals(2.0, torchGet(x, 2));
            assertEquals(0, v.referenceCount(), "the owner's count, as a JavaCPP cast reports");
            v.close();
            assertTrue(v.isNull());
            assertEquals(1, DLPack.liveExports(), "closing the alias freed its owner");
            x.close();
            assertTrue(x.isNull());
            w.close(); // the owner is freed already: nothing more happens
            assertEquals(0, DLPack.liveExports());
        }
    }

    /**
     * Two threads releasing the same tensor at once: it is freed once, neither call fails, and
     * exactly one reports that it freed the tensor (both did when both passed the check of the
     * release before either claimed it, the window in which the loser could also reach the freed
     * Cleanable).
     */
    @Test
    void concurrentClosesFreeOnce() throws Exception {
        int rounds = 20_000;
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 4, 1)) {
            Tensor[] shared = new Tensor[rounds];
            for (int i = 0; i < rounds; i++) {
                shared[i] = Torch.toTensor(a);
            }
            AtomicInteger ready = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicIntegerArray freed = new AtomicIntegerArray(rounds);
            Runnable closer = () -> {
                for (int i = 0; i < rounds; i++) {
                    ready.incrementAndGet();
                    while (ready.get() < 2 * (i + 1)) {
                        Thread.onSpinWait(); // both threads reach this round before either closes
                    }
                    try {
                        if (shared[i].releaseReference()) {
                            freed.incrementAndGet(i);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            };
            Thread other = new Thread(closer);
            other.start();
            closer.run();
            other.join();
            if (failure.get() != null) {
                throw new AssertionError("a concurrent close failed", failure.get());
            }
            for (int i = 0; i < rounds; i++) {
                assertTrue(shared[i].isNull());
                assertEquals(1, freed.get(i), "calls that freed the tensor of round " + i);
            }
            assertEquals(0, DLPack.liveExports());
        }
    }

    @Test
    void theGcFreesDroppedTensors() throws InterruptedException {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 4, 1)) {
            for (int i = 0; i < 100; i++) {
                Torch.toTensor(a);
            }
            assertTrue(DLPack.liveExports() > 0);
            TorchTestSupport.awaitBalanced(0, 0);
        }
    }
}
