package org.ndpack.onnxruntime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for the tests: a hand-written protobuf encoder for the few messages a
 * model needs (ModelProto, GraphProto, NodeProto, TensorProto initializers, ValueInfoProto with
 * static and symbolic dimensions). Field numbers are those of onnx/onnx.proto; the models are IR
 * version 8 with the default-domain opset 17, which ONNX Runtime 1.29 loads.
 *
 * {@snippet :
 * byte[] model = new OnnxModelWriter()
 *         .input("a", OnnxModelWriter.FLOAT, "N", 3L)
 *         .input("b", OnnxModelWriter.FLOAT, 3L)
 *         .output("y", OnnxModelWriter.FLOAT, "N", 3L)
 *         .node("Add", new String[] {"a", "b"}, new String[] {"y"})
 *         .build();
 * }
 *
 * Not thread-safe; one writer per model.
 */
final class OnnxModelWriter {
    // TensorProto.DataType
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int UINT32 = 12;
    static final int BFLOAT16 = 16;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int opset = 17;

    /** Sets the default-domain opset version (17 unless set). */
    OnnxModelWriter opset(int version) {
        opset = version;
        return this;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each a {@code Long} (static extent) or a {@code String} (symbolic); none at all
     *        writes a tensor type without a shape (unknown rank)
     */
    OnnxModelWriter input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** Declares a graph output; {@code dims} as for {@link #input}. */
    OnnxModelWriter output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** Adds a node of the default domain, without attributes. */
    OnnxModelWriter node(String opType, String[] in, String[] out) {
        return node(opType, in, out, null, 0);
    }

    /** Adds a node of the default domain with one integer attribute (none if {@code attr} is null). */
    OnnxModelWriter node(String opType, String[] in, String[] out, String attr, long value) {
        Proto n = new Proto();
        for (String s : in) {
            n.string(1, s);
        }
        for (String s : out) {
            n.string(2, s);
        }
        n.string(3, opType + "_" + nodes.size());
        n.string(4, opType);
        if (attr != null) {
            Proto a = new Proto();
            a.string(1, attr);
            a.varint(3, value);
            a.varint(20, 2); // AttributeType INT
            n.bytes(5, a.bytes());
        }
        nodes.add(n.bytes());
        return this;
    }

    /** Adds a float32 initializer (a constant of the graph) from raw values in C order. */
    OnnxModelWriter initializer(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return initializer(name, FLOAT, dims, raw.array());
    }

    /** Adds an initializer from little-endian raw bytes. */
    OnnxModelWriter initializer(String name, int elemType, long[] dims, byte[] raw) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, elemType);
        t.string(8, name);
        t.bytes(9, raw);
        initializers.add(t.bytes());
        return this;
    }

    /** {@return the serialized ModelProto} */
    byte[] build() {
        Proto g = new Proto();
        for (byte[] n : nodes) {
            g.bytes(1, n);
        }
        g.string(2, "ndpack_test");
        for (byte[] t : initializers) {
            g.bytes(5, t);
        }
        for (byte[] v : inputs) {
            g.bytes(11, v);
        }
        for (byte[] v : outputs) {
            g.bytes(12, v);
        }
        Proto opsetId = new Proto();
        opsetId.string(1, "");
        opsetId.varint(2, opset);
        Proto m = new Proto();
        m.varint(1, 8); // ir_version
        m.string(2, "ndpack-onnxruntime tests");
        m.bytes(7, g.bytes());
        m.bytes(8, opsetId.bytes());
        return m.bytes();
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        Proto tensorType = new Proto();
        tensorType.varint(1, elemType);
        if (dims.length > 0) {
            Proto shape = new Proto();
            for (Object d : dims) {
                Proto dim = new Proto();
                if (d instanceof Long v) {
                    dim.varint(1, v);
                } else if (d instanceof String s) {
                    if (!s.isEmpty()) {
                        dim.string(2, s);
                    } // an empty name: a dynamic dimension without a symbol
                } else {
                    throw new IllegalArgumentException("dimension " + d + ": a Long or a String");
                }
                shape.bytes(1, dim.bytes());
            }
            tensorType.bytes(2, shape.bytes());
        }
        Proto type = new Proto();
        type.bytes(1, tensorType.bytes());
        Proto vi = new Proto();
        vi.string(1, name);
        vi.bytes(2, type.bytes());
        return vi.bytes();
    }

    /** A protobuf message being written: fields appended in the order given. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, 0);
            raw(value);
        }

        void bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
