package org.ndpack.onnxruntime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import ai.onnxruntime.ValueInfo;

import org.ndpack.DType;

/**
 * A session's declared inputs and outputs, read once per session (ONNX Runtime answers
 * {@code getInputInfo()} with native calls and new objects every time) and cached while the
 * session object is reachable.
 *
 * <p>Immutable after construction; the cache is synchronized, so any thread may call {@link #of}.
 */
final class Signature {
    private static final Map<OrtSession, Signature> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    /** Declared inputs and outputs in the model's order. */
    final Map<String, Spec> inputs;
    final Map<String, Spec> outputs;

    private Signature(Map<String, Spec> inputs, Map<String, Spec> outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static Signature of(OrtSession session) throws OrtException {
        Signature s = CACHE.get(session);
        if (s == null) {
            s = new Signature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
            CACHE.put(session, s);
        }
        return s;
    }

    private static Map<String, Spec> specs(Map<String, NodeInfo> infos) {
        Map<String, Spec> m = new LinkedHashMap<>();
        for (NodeInfo n : infos.values()) {
            m.put(n.getName(), Spec.of(n.getName(), n.getInfo()));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * One declared value.
     *
     * @param name its name
     * @param tensor whether it is a tensor (not a sequence, map or optional)
     * @param kind what it is, for messages: {@code float32 [N, 4]}, or a non-tensor's description
     * @param onnxType its element type, or null for a non-tensor
     * @param dtype the ndpack dtype of that element type, or null if ndpack has none
     * @param javaType the element type ONNX Runtime's Java API creates tensors of, or null if it
     *        cannot create this type from a buffer
     * @param shape the declared extents, -1 for dynamic ones
     * @param dimNames the symbolic names of the dimensions ("" where none)
     */
    record Spec(String name, boolean tensor, String kind, OnnxTensorType onnxType, DType dtype,
            OnnxJavaType javaType, long[] shape, String[] dimNames) {

        static Spec of(String name, ValueInfo info) {
            if (!(info instanceof TensorInfo t)) {
                return new Spec(name, false, String.valueOf(info), null, null, null, null, null);
            }
            long[] shape = t.getShape();
            String[] names = t.getDimensionNames();
            if (names == null || names.length != shape.length) {
                names = new String[shape.length];
                java.util.Arrays.fill(names, "");
            }
            DType dtype = dtypeOf(t.onnxType);
            OnnxJavaType jt = dtype == null ? null : Signature.javaType(dtype);
            StringBuilder k = new StringBuilder(dtype != null ? dtype.toString() : t.onnxType.toString()).append(" [");
            for (int i = 0; i < shape.length; i++) {
                k.append(i == 0 ? "" : ", ");
                if (shape[i] >= 0) {
                    k.append(shape[i]);
                } else {
                    k.append(names[i] == null || names[i].isEmpty() ? "?" : names[i]);
                }
            }
            return new Spec(name, true, k.append(']').toString(), t.onnxType, dtype, jt, shape, names);
        }

        /** {@return the symbolic name of dimension {@code i}, or null} */
        String dimName(int i) {
            String n = dimNames[i];
            return n == null || n.isEmpty() ? null : n;
        }
    }

    /** {@return the ndpack dtype of an ONNX element type, or null} */
    static DType dtypeOf(OnnxTensorType t) {
        return switch (t) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DType.FLOAT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DType.FLOAT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DType.FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DType.BFLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DType.UINT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DType.UINT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DType.UINT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DType.BOOL;
            default -> null;
        };
    }

    /** {@return the Java API type for an ndpack dtype, or null if ONNX Runtime's Java API has none} */
    static OnnxJavaType javaType(DType d) {
        return switch (d) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
            default -> null;
        };
    }
}
