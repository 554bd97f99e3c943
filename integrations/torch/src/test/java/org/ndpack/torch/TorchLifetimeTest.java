package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ndpack.torch.TorchTestSupport.arange;
import static org.ndpack.torch.TorchTestSupport.torchGet;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Storage;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/** Who may go first, who frees what, exactly once; and libtorch ops writing into ndpack memory. */
@ExtendWith(BalancedExchanges.class)
class TorchLifetimeTest {
    /**
     * References to a tensor's TensorImpl and to its storage: an export by toDLPackVersioned holds
     * one of either (libtorch 2.10 keeps the tensor itself when no stride needs normalising, a new
     * view of its storage otherwise), and its deleter gives that one back.
     */
    static long refs(Tensor t) {
        try (Storage s = t.storage()) {
            return s.use_count() + t.use_count();
        }
    }

    @Test
    void importHoldsOneStorageReferenceUntilClosed() {
        try (Tensor t = arange(ScalarType.Float, 4, 4)) {
            long refs = refs(t);
            NDArray a = Torch.toNDArray(t);
            assertEquals(refs + 1, refs(t), "the DLPack view holds one reference");
            NDArray v = a.slice("1:").transpose();
            assertEquals(refs + 1, refs(t), "a view takes no reference of its own");
            a.close();
            assertEquals(refs, refs(t), "closing the owner ran PyTorch's deleter once, views or not");
            assertThrows(IllegalStateException.class, () -> v.getDouble(0, 0), "views of a closed owner are unusable");
            v.close();
            assertEquals(refs, refs(t), "closing the view calls nothing more");
            assertEquals(0, DLPack.liveImports());
        }
    }

    @Test
    void tensorDroppedFirst() {
        Tensor t = arange(ScalarType.Double, 1000);
        NDArray a = Torch.toNDArray(t);
        t.close();
        System.gc();
        assertEquals(999.0, a.getDouble(999), "the storage outlives the Java Tensor");
        assertEquals(499500.0, a.sum().getDouble());
        a.close();
    }

    @Test
    void ndarrayClosedFirst() {
        NDArray a = NDArray.arange(DType.FLOAT64, 0, 1000, 1);
        Tensor t = Torch.toTensor(a);
        a.close();
        System.gc();
        assertEquals(1, DLPack.liveExports(), "the export pins the memory");
        try (Tensor s = t.sum()) {
            assertEquals(499500.0, s.item_double());
        }
        t.add_(new Scalar(1.0));
        assertEquals(1000.0, torchGet(t, 999));
        t.close();
        assertEquals(0, DLPack.liveExports());
    }

    @Test
    void bothLeftToTheGc() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Torch.toNDArray(arange(ScalarType.Float, 64));
            Torch.toTensor(NDArray.arange(DType.FLOAT32, 0, 64, 1));
            Tensor t = arange(ScalarType.Int, 8);
            NDArray a = Torch.toNDArray(t);
            Torch.toTensor(a);
        }
        // balanced() waits for the Cleaners and JavaCPP's deallocator
    }

    @Test
    void libtorchOpsWriteIntoNdpackMemory() {
        try (NDArray x = NDArray.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3);
                NDArray y = NDArray.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4);
                NDArray prod = NDArray.zeros(DType.FLOAT32, 2, 4);
                NDArray total = NDArray.zeros(DType.FLOAT32);
                NDArray expected = x.matmul(y)) {
            try (Tensor tx = Torch.toTensor(x); Tensor ty = Torch.toTensor(y); Tensor tp = Torch.toTensor(prod);
                    Tensor ts = Torch.toTensor(total)) {
                torch.matmul_out(tp, tx, ty).close();
                assertEquals(expected, prod, "matmul_out wrote ndpack's array");
                tx.add_(new Scalar(1.0)); // returns tx itself: not closed here
                try (NDArray plusOne = NDArray.arange(DType.FLOAT32, 1, 7, 1).reshape(2, 3)) {
                    assertEquals(plusOne, x, "add_ wrote ndpack's array");
                }
                try (Tensor sum = tx.sum()) {
                    ts.copy_(sum);
                }
                assertEquals(21.0, total.getDouble(), "sum of ndpack memory copied into ndpack's 0-d array");
            }
        }
    }

    @Test
    void ndpackOpsOnImportedTensors() {
        try (Tensor t = arange(ScalarType.Double, 3, 3)) {
            try (NDArray a = Torch.toNDArray(t); NDArray m = a.matmul(a); NDArray s = a.add(a).mul(0.5)) {
                try (Tensor tm = t.matmul(t); NDArray expected = Torch.toNDArray(tm)) {
                    assertEquals(expected, m);
                }
                assertEquals(a, s);
                assertEquals(36.0, a.sum().getDouble());
            }
        }
    }
}
