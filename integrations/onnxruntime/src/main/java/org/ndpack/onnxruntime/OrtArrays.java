package org.ndpack.onnxruntime;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.onnxruntime.Signature.Spec;

/**
 * Runs ONNX Runtime models on ndpack arrays without copying them: inputs are handed to ONNX
 * Runtime as tensors over ndpack's memory, and outputs are written by ONNX Runtime straight into
 * ndpack arrays.
 *
 * {@snippet :
 * OrtEnvironment env = OrtEnvironment.getEnvironment();
 * try (OrtSession session = env.createSession("mlp.onnx");
 *      NDArray x = NDArray.zeros(DType.FLOAT32, 64, 784)) {
 *     Map<String, NDArray> out = OrtArrays.run(session, Map.of("x", x));   // no copy of x
 *     try (NDArray y = out.get("y")) {                                       // ndpack memory, written by ORT
 *         System.out.println(y.sum());
 *     }
 * }
 * }
 *
 * <h2>What is shared and what is copied</h2>
 * <ul>
 *   <li><b>Inputs</b> that are C-contiguous are shared: ONNX Runtime reads the array's memory.
 *       Other layouts (transposed, sliced with steps, broadcast) are first copied to a new
 *       C-contiguous array, which is freed when the call returns.</li>
 *   <li><b>Outputs</b> of {@link #run(OrtSession, Map)} whose shape is known before running are
 *       allocated by ndpack and <em>pinned</em>: ONNX Runtime writes them in place. An output
 *       shape is known when every dimension the model declares is static, or is a symbolic
 *       dimension ({@code dim_param}, such as a batch size {@code "N"}) that one of the inputs
 *       also declares, so that the input's actual extent gives it. The declaration is the one
 *       ONNX Runtime reports, which includes what it infers through the graph (an output
 *       declared {@code [?, 2]} may be reported as {@code [N, 2]}). Outputs with an unnamed
 *       dynamic dimension, a symbol no input has, rank 0 (ONNX Runtime reports a value of unknown
 *       rank as rank 0, so it cannot be trusted), or an element type ONNX Runtime's Java API
 *       cannot create (uint16, uint32, uint64) are allocated by ONNX Runtime and copied into a new
 *       ndpack array: twice, in fact, because its Java API reads such a tensor only as a heap
 *       copy ({@link OnnxTensor#getByteBuffer()}), which is then copied into ndpack memory.</li>
 *   <li><b>Caller-provided outputs</b> ({@link #run(OrtSession, Map, Map)}) are always pinned:
 *       never copied.</li>
 * </ul>
 *
 * <h2>Types</h2>
 * ndpack's float32, float64, float16, bfloat16, int8, int16, int32, int64, uint8 and bool: the
 * element types ONNX Runtime's Java API can build tensors of. The dtype of an array must be the
 * one the model declares: nothing is converted.
 *
 * <h2>Checks</h2>
 * Before anything runs, each input is checked against what the model declares: a missing or
 * unknown name, a dtype other than the declared one, another rank, an extent that contradicts a
 * static dimension or a symbolic dimension already bound by another input: each an
 * {@link IllegalArgumentException} naming the input, what the model declares and what was given.
 * A closed array is an {@link IllegalStateException}. On every failure, before or during the
 * run, nothing is left behind: every ONNX Runtime tensor made is closed, every lease on ndpack
 * memory released, every output allocated closed.
 *
 * <h2>Lifetime</h2>
 * During a call the arrays' memory is leased (through ndpack's DLPack export): closing an input
 * or output array from another thread while a run is in flight cannot free memory ONNX Runtime
 * is using; the memory goes when the run returns. The arrays returned are the caller's to close.
 * Tensors over a single array that outlive a call: {@link #toOnnxTensor}.
 *
 * <h2>Limits</h2>
 * ONNX Runtime's Java API takes tensor memory as a {@link java.nio.ByteBuffer}, so one input or
 * output is at most {@code Integer.MAX_VALUE - 8} bytes (about 2 GiB); larger arrays are refused
 * with {@link IllegalArgumentException}.
 *
 * <h2>Thread safety</h2>
 * All methods are thread-safe and may share one {@link OrtSession} between threads (ONNX Runtime
 * allows concurrent runs of a session); each call uses only the arrays it is given. An array
 * written by ONNX Runtime (an output) must not be read or written by another thread during the
 * call. The session's declared inputs and outputs are read once per session and cached while the
 * session object is reachable.
 */
public final class OrtArrays {
    /** The most bytes a {@code ByteBuffer}-backed tensor may have in ONNX Runtime's Java API. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8L;

    private OrtArrays() {
    }

    /**
     * Wraps an array as an ONNX Runtime tensor without copying it, if it is C-contiguous; any
     * other layout is first copied to a new C-contiguous array, owned by the returned lease and
     * freed with it ({@link OnnxTensorLease#isCopy()} tells which happened).
     *
     * <p>The array's memory is leased until the returned {@link OnnxTensorLease} is closed: it
     * cannot be freed while the tensor is open, and closing the array first is safe (the memory
     * then goes when the lease closes). Writes to the array between runs are seen by the next run
     * that uses the tensor. ONNX Runtime's {@link OnnxTensor} has no close notification, which is
     * why the lease, not the bare tensor, is returned: close the lease, not the tensor.
     *
     * @param env the environment (ONNX Runtime's allocator for the tensor's bookkeeping)
     * @param a the array: float32, float64, float16, bfloat16, int8, int16, int32, int64, uint8 or
     *        bool, at most about 2 GiB
     * @return a new lease owning the tensor; the caller must close it
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the dtype has no ONNX Runtime Java tensor type, or the
     *         array is larger than a {@code ByteBuffer}
     * @throws IllegalStateException if the array or the environment is closed
     * @throws OrtException if ONNX Runtime refuses the tensor
     */
    public static OnnxTensorLease toOnnxTensor(OrtEnvironment env, NDArray a) throws OrtException {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(a, "array");
        return OnnxTensorLease.create(env, a);
    }

    /**
     * Runs the model on {@code inputs} and returns every output of the model as a new ndpack
     * array, in the model's output order. Outputs of known shape are written by ONNX Runtime
     * straight into ndpack memory; the others are copied (see
     * <a href="#what-is-shared-and-what-is-copied-heading">what is copied</a>).
     *
     * @param session the session; may be shared with other threads running at the same time
     * @param inputs one array per declared input, by input name; C-contiguous arrays are shared
     * @return the outputs by name, new arrays the caller owns and must close
     * @throws NullPointerException if an argument, or an array in {@code inputs}, is null
     * @throws IllegalArgumentException if an input is missing or unknown, or its dtype, rank or an
     *         extent contradicts the model; if an output is not a tensor or has an element type
     *         ndpack lacks; if an array is larger than about 2 GiB
     * @throws IllegalStateException if an input array, the session or the environment is closed
     * @throws OrtException if ONNX Runtime fails to run the model
     */
    public static Map<String, NDArray> run(OrtSession session, Map<String, NDArray> inputs) throws OrtException {
        Objects.requireNonNull(session, "session");
        Signature sig = Signature.of(session);
        Map<String, Long> symbols = checkInputs(sig, inputs);
        for (Spec s : sig.outputs.values()) {
            if (!s.tensor() || s.dtype() == null) {
                throw new IllegalArgumentException("output '" + s.name() + "': the model declares " + s.kind()
                        + ", which has no ndpack dtype; run it with OrtSession.run, or name the other outputs in "
                        + "run(session, inputs, outputs)");
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, NDArray> result = new LinkedHashMap<>();
        boolean done = false;
        try (Binding b = new Binding(env)) {
            Map<String, OnnxTensor> in = b.inputs(sig, inputs);
            Map<String, OnnxTensor> pinned = new HashMap<>();
            Set<String> requested = new LinkedHashSet<>();
            for (Spec s : sig.outputs.values()) {
                long[] shape = knownShape(s, symbols);
                if (shape == null || s.javaType() == null) {
                    requested.add(s.name());
                    result.put(s.name(), null); // keeps the model's order; filled after the run
                    continue;
                }
                checkSize("output", s, shape, s.dtype().byteSize());
                NDArray out = NDArray.zeros(s.dtype(), shape);
                result.put(s.name(), out);
                pinned.put(s.name(), b.wrap(out, s.javaType()));
            }
            try (OrtSession.Result r = session.run(in, requested, pinned)) {
                for (String name : requested) {
                    OnnxValue v = r.get(name).orElseThrow(() -> new IllegalStateException(
                            "ONNX Runtime returned no value for requested output '" + name + "'"));
                    result.put(name, copyOut(name, (OnnxTensor) v, sig.outputs.get(name)));
                }
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                for (NDArray a : result.values()) {
                    if (a != null) {
                        a.close();
                    }
                }
            }
        }
    }

    /**
     * Runs the model on {@code inputs}, writing the named outputs into the caller's arrays
     * without copying: ONNX Runtime writes the arrays' memory in place, so every view of an
     * output array sees the result. Only the outputs named in {@code outputs} are computed.
     *
     * <p>Each output array must be writable, C-contiguous, of the declared dtype and of the exact
     * shape the run produces; dimensions the model declares statically, and symbolic ones the
     * inputs bind, are checked before running, and ONNX Runtime checks the rest (an
     * {@link OrtException} then, with nothing written and nothing left behind).
     *
     * @param session the session; may be shared with other threads running at the same time
     * @param inputs one array per declared input, by input name
     * @param outputs arrays to write, by output name; at least one
     * @throws NullPointerException if an argument, or an array in a map, is null
     * @throws IllegalArgumentException if an input or output is missing, unknown, or contradicts
     *         the model's declaration; if an output is not C-contiguous; if {@code outputs} is empty
     * @throws ReadOnlyArrayException if an output array is read-only
     * @throws IllegalStateException if an array, the session or the environment is closed
     * @throws OrtException if ONNX Runtime fails to run the model, or an output's shape is not
     *         the one the run produces
     */
    public static void run(OrtSession session, Map<String, NDArray> inputs, Map<String, NDArray> outputs)
            throws OrtException {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(outputs, "outputs");
        Signature sig = Signature.of(session);
        Map<String, Long> symbols = checkInputs(sig, inputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("outputs is empty: name at least one of the model's outputs "
                    + sig.outputs.keySet());
        }
        for (Map.Entry<String, NDArray> e : outputs.entrySet()) {
            Spec s = sig.outputs.get(e.getKey());
            if (s == null) {
                throw new IllegalArgumentException("output '" + e.getKey() + "': the model has no such output; it "
                        + "declares " + sig.outputs.keySet());
            }
            NDArray a = Objects.requireNonNull(e.getValue(), () -> "output '" + e.getKey() + "' is null");
            check("output", s, a, symbols, false);
            if (a.isReadOnly()) {
                throw new ReadOnlyArrayException("output '" + s.name() + "' is read-only: ONNX Runtime writes outputs");
            }
            if (!a.isCContiguous()) {
                throw new IllegalArgumentException("output '" + s.name() + "' is not C-contiguous (strides "
                        + Arrays.toString(a.strides()) + "): ONNX Runtime writes dense row-major memory; pass a "
                        + "contiguous array and copy into the view afterwards");
            }
        }
        try (Binding b = new Binding(OrtEnvironment.getEnvironment())) {
            Map<String, OnnxTensor> in = b.inputs(sig, inputs);
            Map<String, OnnxTensor> pinned = new HashMap<>();
            for (Map.Entry<String, NDArray> e : outputs.entrySet()) {
                pinned.put(e.getKey(), b.wrap(e.getValue(), sig.outputs.get(e.getKey()).javaType()));
            }
            session.run(in, Set.of(), pinned).close(); // the Result owns nothing: every output is pinned
        }
    }

    // ------------------------------------------------------------------------------------------
    // Checks
    // ------------------------------------------------------------------------------------------

    /** Checks the inputs against the model; returns the extents of the symbolic dimensions they bind. */
    private static Map<String, Long> checkInputs(Signature sig, Map<String, NDArray> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        for (String name : inputs.keySet()) {
            if (!sig.inputs.containsKey(name)) {
                throw new IllegalArgumentException("input '" + name + "': the model has no such input; it declares "
                        + sig.inputs.keySet());
            }
        }
        Map<String, Long> symbols = new HashMap<>();
        for (Spec s : sig.inputs.values()) {
            NDArray a = inputs.get(s.name());
            if (a == null) {
                if (inputs.containsKey(s.name())) {
                    throw new NullPointerException("input '" + s.name() + "' is null");
                }
                throw new IllegalArgumentException("input '" + s.name() + "' is missing: the model declares "
                        + s.kind() + "; given inputs " + inputs.keySet());
            }
            check("input", s, a, symbols, true);
        }
        return symbols;
    }

    /**
     * Checks one array against its declaration: open, a tensor of the declared dtype, rank and
     * extents. Symbolic dimensions are checked against {@code symbols} and, if {@code bind},
     * recorded there.
     */
    private static void check(String role, Spec s, NDArray a, Map<String, Long> symbols, boolean bind) {
        if (a.isClosed()) {
            throw new IllegalStateException(role + " '" + s.name() + "' is closed");
        }
        long[] shape = a.shape();
        if (!s.tensor() || s.javaType() == null || a.dtype() != s.dtype()) {
            refuseKind(role, s, a, shape);
        }
        long[] declared = s.shape();
        if (declared.length != 0) { // rank 0 is also how ONNX Runtime reports an unknown rank: not checked
            if (shape.length != declared.length) {
                throw new IllegalArgumentException(role + " '" + s.name() + "': the model declares " + s.kind()
                        + " (rank " + declared.length + "), given " + given(a, shape) + " (rank " + shape.length + ")");
            }
            for (int i = 0; i < shape.length; i++) {
                if (declared[i] >= 0) {
                    if (declared[i] != shape[i]) {
                        throw new IllegalArgumentException(role + " '" + s.name() + "' axis " + i
                                + ": the model declares " + s.kind() + ", given " + given(a, shape) + " (extent "
                                + shape[i] + " where the model fixes " + declared[i] + ")");
                    }
                    continue;
                }
                String sym = s.dimName(i);
                if (sym == null) {
                    continue;
                }
                Long bound = symbols.get(sym);
                if (bound == null) {
                    if (bind) {
                        symbols.put(sym, shape[i]);
                    }
                } else if (bound != shape[i]) {
                    throw new IllegalArgumentException(role + " '" + s.name() + "' axis " + i + ": the model declares "
                            + s.kind() + ", given " + given(a, shape) + " (" + sym + " = " + shape[i]
                            + ", but an input already has " + sym + " = " + bound + ")");
                }
            }
        }
        checkSize(role, s, shape, a.dtype().byteSize());
    }

    /** {@return what was given, for messages} (built only when a check fails) */
    private static String given(NDArray a, long[] shape) {
        return a.dtype() + " " + Arrays.toString(shape);
    }

    /** Throws for an array whose kind (not a tensor, no Java API type, another dtype) the model refuses. */
    private static void refuseKind(String role, Spec s, NDArray a, long[] shape) {
        String given = given(a, shape);
        if (!s.tensor()) {
            throw new IllegalArgumentException(role + " '" + s.name() + "': the model declares " + s.kind()
                    + ", not a tensor; given " + given);
        }
        if (s.javaType() == null) {
            throw new IllegalArgumentException(role + " '" + s.name() + "': the model declares " + s.kind()
                    + ", an element type ONNX Runtime's Java API cannot build tensors of; given " + given);
        }
        throw new IllegalArgumentException(role + " '" + s.name() + "': the model declares " + s.kind()
                + ", given " + given + " (dtypes must match; convert with astype)");
    }

    private static void checkSize(String role, Spec s, long[] shape, long itemSize) {
        long bytes = itemSize;
        for (long e : shape) {
            bytes = Math.multiplyHigh(bytes, e) != 0 ? Long.MAX_VALUE : bytes * e;
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(role + " '" + s.name() + "' of shape " + Arrays.toString(shape)
                    + " has " + bytes + " bytes: ONNX Runtime's Java API takes at most " + MAX_BYTES
                    + " bytes per tensor (a ByteBuffer)");
        }
    }

    /** {@return the output's shape if the declaration and the inputs' symbols fix it, else null} */
    private static long[] knownShape(Spec s, Map<String, Long> symbols) {
        long[] declared = s.shape();
        if (declared.length == 0) {
            return null;
        }
        long[] shape = new long[declared.length];
        for (int i = 0; i < shape.length; i++) {
            if (declared[i] >= 0) {
                shape[i] = declared[i];
                continue;
            }
            String sym = s.dimName(i);
            Long v = sym == null ? null : symbols.get(sym);
            if (v == null) {
                return null;
            }
            shape[i] = v;
        }
        return shape;
    }

    /** Copies an output ONNX Runtime allocated into a new ndpack array. */
    private static NDArray copyOut(String name, OnnxTensor t, Spec s) {
        long[] shape = t.getInfo().getShape();
        NDArray out = NDArray.zeros(s.dtype(), shape);
        try {
            ByteBuffer bytes = t.getByteBuffer();
            long n = out.nbytes();
            if (bytes == null || bytes.remaining() != n) {
                throw new IllegalStateException("output '" + name + "': ONNX Runtime returned "
                        + (bytes == null ? "no buffer" : bytes.remaining() + " bytes") + " for " + s.dtype() + " "
                        + Arrays.toString(shape) + " (" + n + " bytes)");
            }
            try (Pin p = Pin.of(out)) {
                MemorySegment.copy(MemorySegment.ofBuffer(bytes), 0, p.segment(), 0, n);
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The tensors of one call
    // ------------------------------------------------------------------------------------------

    /**
     * The ONNX Runtime tensors and ndpack leases made for one call, all released by
     * {@link #close()} whatever happened. Confined to the calling thread.
     */
    private static final class Binding implements AutoCloseable {
        private final OrtEnvironment env;
        private final List<OnnxTensor> tensors = new ArrayList<>();
        private final List<Pin> pins = new ArrayList<>();

        Binding(OrtEnvironment env) {
            this.env = env;
        }

        Map<String, OnnxTensor> inputs(Signature sig, Map<String, NDArray> inputs) throws OrtException {
            Map<String, OnnxTensor> in = new HashMap<>();
            for (Spec s : sig.inputs.values()) {
                in.put(s.name(), wrap(inputs.get(s.name()), s.javaType()));
            }
            return in;
        }

        /** Wraps {@code a} (a C-contiguous copy of it if it is not) as a tensor over leased memory. */
        OnnxTensor wrap(NDArray a, OnnxJavaType type) throws OrtException {
            Pin pin = Pin.ofCContiguous(a);
            pins.add(pin);
            // The buffer is never handed out: the tensor is closed before the lease is released.
            OnnxTensor t = OnnxTensor.createTensor(env, pin.buffer(), a.shape(), type);
            tensors.add(t);
            return t;
        }

        @Override
        public void close() {
            for (OnnxTensor t : tensors) {
                t.close();
            }
            for (Pin p : pins) {
                p.close();
            }
        }
    }
}
