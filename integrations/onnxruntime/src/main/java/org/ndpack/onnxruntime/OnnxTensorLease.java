package org.ndpack.onnxruntime;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import org.ndpack.NDArray;

/**
 * An ONNX Runtime tensor over an ndpack array's memory, together with the lease that keeps that
 * memory allocated: made by {@link OrtArrays#toOnnxTensor}. Closing the lease closes the tensor
 * and then releases the memory.
 *
 * {@snippet :
 * try (NDArray x = NDArray.zeros(DType.FLOAT32, 1, 4);
 *      OnnxTensorLease t = OrtArrays.toOnnxTensor(env, x);
 *      OrtSession.Result r = session.run(Map.of("x", t.tensor()))) {
 *     x.setDouble(2.0, 0, 1);                               // seen by the next run: t shares x's memory
 *     ...
 * }
 * }
 *
 * <h2>Why a lease and not the bare tensor</h2>
 * ONNX Runtime's {@link OnnxTensor} tells nobody when it is closed, and keeps a direct buffer
 * over the memory that {@link OnnxTensor#getBufferRef()} hands out even after close. So the
 * memory's lease cannot be tied to the tensor: it is tied to this object instead.
 *
 * <h2>Ownership and lifetime</h2>
 * <ul>
 *   <li>The lease owns the tensor: close the lease, not the tensor (closing the tensor alone
 *       keeps the memory leased until the lease is closed).</li>
 *   <li>While the lease is open the memory cannot be freed: closing the array, or every view of
 *       it, is safe; the memory then goes when the lease closes.</li>
 *   <li>After {@link #close()}, buffers obtained from the tensor ({@link OnnxTensor#getBufferRef()})
 *       are invalid: using one throws {@link IllegalStateException} instead of reading freed
 *       memory.</li>
 *   <li>A lease never closed keeps the memory (and ONNX Runtime's native tensor) until the
 *       process ends: there is no cleaner, as for ONNX Runtime's own tensors.</li>
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Thread-safe: {@link #close()} may be called from any thread, once; a second call throws. Do not
 * close a lease while a run that uses its tensor is in flight on another thread (ONNX Runtime's
 * rule for closing any input tensor). Closing costs a JVM-wide handshake (it invalidates the
 * tensor's buffer for every thread), some microseconds; {@link OrtArrays#run} does not pay it.
 */
public final class OnnxTensorLease implements AutoCloseable {
    private final OnnxTensor tensor;
    private final Arena scope;
    private final Pin pin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxTensorLease(OnnxTensor tensor, Arena scope, Pin pin) {
        this.tensor = tensor;
        this.scope = scope;
        this.pin = pin;
    }

    static OnnxTensorLease create(OrtEnvironment env, NDArray a) throws OrtException {
        OnnxJavaType type = Signature.javaType(a.dtype());
        if (type == null) {
            throw new IllegalArgumentException("array of dtype " + a.dtype() + ": ONNX Runtime's Java API builds "
                    + "tensors of float32, float64, float16, bfloat16, int8, int16, int32, int64, uint8 and bool only");
        }
        if (a.nbytes() > OrtArrays.MAX_BYTES) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(a.shape()) + " has " + a.nbytes()
                    + " bytes: ONNX Runtime's Java API takes at most " + OrtArrays.MAX_BYTES
                    + " bytes per tensor (a ByteBuffer)");
        }
        Pin pin = Pin.ofCContiguous(a);
        Arena scope = Arena.ofShared();
        try {
            OnnxTensor t = OnnxTensor.createTensor(env, pin.buffer(scope), a.shape(), type);
            return new OnnxTensorLease(t, scope, pin);
        } catch (OrtException | RuntimeException | Error e) {
            scope.close();
            pin.close();
            throw e;
        }
    }

    /**
     * {@return the tensor, to pass to {@code OrtSession.run}; owned by this lease}
     *
     * @throws IllegalStateException if the lease is closed
     */
    public OnnxTensor tensor() {
        if (closed.get()) {
            throw new IllegalStateException("OnnxTensorLease is closed");
        }
        return tensor;
    }

    /** {@return true if the tensor is over a C-contiguous copy of the array (it was not C-contiguous),
     * false if it shares the array's memory} */
    public boolean isCopy() {
        return pin.isCopy();
    }

    /** {@return true once {@link #close()} has been called} */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the tensor, invalidates its buffer and releases the memory lease.
     *
     * @throws IllegalStateException if the lease is already closed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            throw new IllegalStateException("OnnxTensorLease is already closed");
        }
        tensor.close();
        scope.close();
        pin.close();
    }

    /** {@return the tensor's description and whether the lease is open} */
    @Override
    public String toString() {
        return "OnnxTensorLease[" + tensor.getInfo() + (pin.isCopy() ? ", copy" : ", shared")
                + (closed.get() ? ", closed]" : "]");
    }
}
