package org.ndpack.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

import org.ndpack.dlpack.DLPackLayouts;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * DLPack producers for the stress tests, written in Java so that the jcstress build needs no C
 * compiler: a {@code DLManagedTensorVersioned} of {@code float64} values in native memory whose
 * deleter is a Java upcall that counts its calls (atomically, in a native counter its
 * {@code manager_ctx} points to) and then poisons the first element with {@link #POISON}, so a
 * read of memory after it was given back is visible.
 *
 * <p>Not a test: a helper of the DLPack* tests.
 */
final class DLPackTestTensors {
    private DLPackTestTensors() {
    }

    /** The value the deleter writes over element 0. */
    static final double POISON = -7.0;

    private static final MemoryLayout M = DLPackLayouts.DL_MANAGED_TENSOR_VERSIONED;
    private static final long CTX = M.byteOffset(groupElement("manager_ctx"));
    private static final long DELETER = M.byteOffset(groupElement("deleter"));
    private static final long T = M.byteOffset(groupElement("dl_tensor"));
    private static final long DATA = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("data"));
    private static final long DEVICE = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("device"), groupElement("device_type"));
    private static final long NDIM = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("ndim"));
    private static final long CODE = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("dtype"), groupElement("code"));
    private static final long BITS = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("dtype"), groupElement("bits"));
    private static final long LANES = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("dtype"), groupElement("lanes"));
    private static final long SHAPE = T + DLPackLayouts.DL_TENSOR.byteOffset(groupElement("shape"));
    private static final VarHandle COUNTER = ValueLayout.JAVA_LONG.varHandle();

    /** The counting, poisoning deleter: one upcall stub for the whole JVM. */
    private static final MemorySegment DELETER_STUB;

    static {
        try {
            DELETER_STUB = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(DLPackTestTensors.class, "delete",
                            MethodType.methodType(void.class, MemorySegment.class)),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void delete(MemorySegment self) {
        MemorySegment m = self.reinterpret(M.byteSize());
        MemorySegment counter = m.get(ValueLayout.ADDRESS, CTX).reinterpret(8);
        COUNTER.getAndAdd(counter, 0L, 1L);
        m.get(ValueLayout.ADDRESS, DATA).reinterpret(8).set(ValueLayout.JAVA_DOUBLE, 0, POISON);
    }

    /**
     * Makes a 1-d float64 tensor holding {@code values}, in memory of an automatic arena kept
     * alive by the returned segment (hold it for as long as the tensor is in use).
     */
    static MemorySegment make(double... values) {
        Arena arena = Arena.ofAuto();
        MemorySegment m = arena.allocate(M);
        MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
        MemorySegment shape = arena.allocateFrom(ValueLayout.JAVA_LONG, values.length);
        MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values);
        m.set(ValueLayout.JAVA_INT, 0, 1); // version 1.3
        m.set(ValueLayout.JAVA_INT, 4, 3);
        m.set(ValueLayout.ADDRESS, CTX, counter);
        m.set(ValueLayout.ADDRESS, DELETER, DELETER_STUB);
        m.set(ValueLayout.ADDRESS, DATA, data);
        m.set(ValueLayout.JAVA_INT, DEVICE, 1); // CPU
        m.set(ValueLayout.JAVA_INT, NDIM, 1);
        m.set(ValueLayout.JAVA_BYTE, CODE, (byte) 2); // float
        m.set(ValueLayout.JAVA_BYTE, BITS, (byte) 64);
        m.set(ValueLayout.JAVA_SHORT, LANES, (short) 1);
        m.set(ValueLayout.ADDRESS, SHAPE, shape); // strides NULL: row-major
        return m;
    }

    /** {@return how many times the deleter of {@code tensor} has run} */
    static long deleterCalls(MemorySegment tensor) {
        return (long) COUNTER.getVolatile(tensor.get(ValueLayout.ADDRESS, CTX).reinterpret(8), 0L);
    }
}
