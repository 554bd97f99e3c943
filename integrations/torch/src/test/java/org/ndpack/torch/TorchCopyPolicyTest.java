package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.torch.TorchTestSupport.torchGet;
import static org.ndpack.torch.TorchTestSupport.torchSet;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackCopyException;
import org.ndpack.dlpack.DLPackLayoutException;

/** What libtorch cannot hold as ndpack has it (negative strides, read-only memory) follows the copy policy. */
class TorchCopyPolicyTest {
    private NDArray base;

    @BeforeEach
    void start() throws InterruptedException {
        TorchTestSupport.assumeLibtorch();
        TorchTestSupport.awaitBalanced(0, 0);
        base = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4);
    }

    @AfterEach
    void balanced() throws InterruptedException {
        if (base != null) {
            base.close();
        }
        TorchTestSupport.awaitBalanced(0, 0);
    }

    /** A copy: same values, compact strides, and a write on either side is not seen on the other. */
    private static void assertCopied(NDArray a, Tensor t) {
        try (Tensor c = t.contiguous(); NDArray back = Torch.toNDArray(c)) {
            assertEquals(a, back);
        }
        long[] shape = a.shape();
        long[] expected = new long[shape.length];
        long s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            expected[k] = s;
            s *= shape[k];
        }
        assertArrayEquals(expected, t.strides().vec().get(), "a compact copy");
        double old = a.getDouble(0, 0);
        torchSet(t, 1000, 0, 0);
        assertEquals(old, a.getDouble(0, 0), "the copy is private");
    }

    @Test
    void negativeStridesAreCopiedWhenAllowed() {
        NDArray flipped = base.flip(0);
        try (Tensor t = Torch.toTensor(flipped)) {
            assertEquals(8.0, torchGet(t, 0, 0));
            assertCopied(flipped, t);
        }
        NDArray both = base.flip(1).transpose();
        try (Tensor t = Torch.toTensor(both, DLPackCopy.IF_NEEDED)) {
            assertCopied(both, t);
        }
    }

    @Test
    void negativeStridesAreRefusedWithoutCopy() {
        long exports = DLPack.statistics().exports();
        DLPackLayoutException e = assertThrows(DLPackLayoutException.class,
                () -> Torch.toTensor(base.flip(1), DLPackCopy.NEVER));
        assertTrue(e.getMessage().contains("strides[1] = -1"), e.getMessage());
        assertEquals(exports, DLPack.statistics().exports(), "nothing was exported");
    }

    @Test
    void negativeStrideOfALengthOneAxisIsHarmless() {
        NDArray one = base.slice("0:1").flip(0);
        try (Tensor t = Torch.toTensor(one, DLPackCopy.IF_NEEDED)) {
            assertEquals(3.0, torchGet(t, 0, 3));
        }
    }

    @Test
    void readOnlyArraysAreCopiedWhenAllowed() {
        NDArray ro = base.asReadOnly();
        try (Tensor t = Torch.toTensor(ro)) {
            assertCopied(ro, t);
        }
        NDArray broadcast = base.slice("0").broadcastTo(2, 4);
        try (Tensor t = Torch.toTensor(broadcast)) {
            assertCopied(broadcast, t);
        }
    }

    @Test
    void readOnlyArraysAreRefusedWithoutCopy() {
        DLPackCopyException e = assertThrows(DLPackCopyException.class,
                () -> Torch.toTensor(base.asReadOnly(), DLPackCopy.NEVER));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void alwaysCopies() {
        try (Tensor t = Torch.toTensor(base, DLPackCopy.ALWAYS)) {
            assertCopied(base, t);
        }
    }

    @Test
    void neverSharesOrdinaryArrays() {
        try (Tensor t = Torch.toTensor(base.transpose(), DLPackCopy.NEVER)) {
            torchSet(t, 77, 3, 2);
            assertEquals(77, base.getDouble(2, 3));
        }
    }
}
