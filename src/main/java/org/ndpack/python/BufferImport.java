package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buffer-protocol way in for {@code bool} arrays, which NumPy before 2.0 refuses to export
 * through {@code __dlpack__} ({@code BufferError}). {@link #take} asks the object for a buffer
 * ({@code PyObject_GetBuffer} with strides and format, writable or not) and, if it describes
 * one-byte {@code '?'} elements, describes that same memory as a DLPack 1.3 managed tensor
 * (bool, READ_ONLY when the buffer is read-only), so the rest of the import is the ordinary one:
 * no copy, and the deleter, which the bridge calls through {@link GilDeleter} with the GIL held,
 * releases the buffer ({@code PyBuffer_Release}, which also drops the reference to the exporter)
 * and frees the struct.
 *
 * <p>One {@code malloc}ed block holds the managed tensor, the {@code Py_buffer}, and the shape and
 * strides in elements. Used under the GIL only; the deleter never throws.
 */
final class BufferImport {
    private static final long TENSOR = 32;        // dl_tensor inside DLManagedTensorVersioned
    private static final long VIEW = 80;          // Py_buffer after the 80-byte managed tensor
    private static final long SHAPE = VIEW + 80;  // sizeof(Py_buffer) is 80 on LP64
    private static final int MAX_NDIM = 64;       // PyBUF_MAX_NDIM
    private static final long STRIDES = SHAPE + 8L * MAX_NDIM;
    private static final long SIZE = STRIDES + 8L * MAX_NDIM;
    /** {@code PyBUF_RECORDS_RO}: strides and format, read-only accepted. */
    private static final int RECORDS_RO = 0x0010 | 0x0008 | 0x0004;

    private static final MethodHandle GET_BUFFER = CApi.required("PyObject_GetBuffer",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle RELEASE = CApi.required("PyBuffer_Release",
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final MemorySegment DELETER;
    /** Blocks made whose deleter has not run. */
    private static final AtomicLong LIVE = new AtomicLong();

    static {
        Linker linker = Linker.nativeLinker();
        try {
            DELETER = linker.upcallStub(MethodHandles.lookup().findStatic(BufferImport.class, "delete",
                    MethodType.methodType(void.class, long.class)), CApi.DESTRUCTOR, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BufferImport() {
    }

    /**
     * Describes the buffer of {@code o} as a managed tensor if it holds bools. Needs the GIL.
     *
     * @param o a borrowed reference
     * @return the tensor, owned by the caller; or null (with no Python error set) if {@code o}
     *         offers no buffer or not one of bools
     * @throws OutOfMemoryError if {@code malloc} fails
     */
    static DLPackBridge.Tensor take(long o) {
        long p = CHeap.malloc(SIZE);
        if (p == 0) {
            throw new OutOfMemoryError("ndpack: malloc of a " + SIZE + "-byte buffer descriptor failed");
        }
        MemorySegment m = MemorySegment.ofAddress(p).reinterpret(SIZE);
        m.fill((byte) 0);
        int rc;
        try {
            rc = (int) GET_BUFFER.invokeExact(o, p + VIEW, RECORDS_RO);
        } catch (Throwable t) {
            CHeap.free(p);
            throw CApi.fail(t);
        }
        if (rc != 0) {
            CApi.errClear();
            CHeap.free(p);
            return null;
        }
        long buf = m.get(ValueLayout.JAVA_LONG, VIEW);
        long itemsize = m.get(ValueLayout.JAVA_LONG, VIEW + 24);
        boolean readOnly = m.get(ValueLayout.JAVA_INT, VIEW + 32) != 0;
        int ndim = m.get(ValueLayout.JAVA_INT, VIEW + 36);
        long format = m.get(ValueLayout.JAVA_LONG, VIEW + 40);
        long shape = m.get(ValueLayout.JAVA_LONG, VIEW + 48);
        long strides = m.get(ValueLayout.JAVA_LONG, VIEW + 56);
        if (itemsize != 1 || !isBoolFormat(format) || ndim < 0 || ndim > MAX_NDIM || (ndim > 0 && shape == 0)) {
            release(p);
            return null;
        }
        MemorySegment sh = MemorySegment.ofAddress(shape).reinterpret(8L * ndim);
        long step = 1;
        for (int i = ndim - 1; i >= 0; i--) {
            long n = sh.getAtIndex(ValueLayout.JAVA_LONG, i);
            m.set(ValueLayout.JAVA_LONG, SHAPE + 8L * i, n);
            m.set(ValueLayout.JAVA_LONG, STRIDES + 8L * i, strides == 0 ? step
                    : MemorySegment.ofAddress(strides).reinterpret(8L * ndim).getAtIndex(ValueLayout.JAVA_LONG, i));
            step *= n; // (byte strides are element strides: itemsize is 1)
        }
        m.set(ValueLayout.JAVA_INT, 0, 1);                        // version 1.3
        m.set(ValueLayout.JAVA_INT, 4, 3);
        m.set(ValueLayout.ADDRESS, 16, DELETER);                  // manager_ctx stays NULL
        m.set(ValueLayout.JAVA_LONG, 24, readOnly ? 1L : 0L);     // flags: READ_ONLY
        m.set(ValueLayout.JAVA_LONG, TENSOR, buf);                // data
        m.set(ValueLayout.JAVA_INT, TENSOR + 8, 1);               // device CPU:0
        m.set(ValueLayout.JAVA_INT, TENSOR + 16, ndim);
        m.set(ValueLayout.JAVA_BYTE, TENSOR + 20, (byte) 6);      // bool, 8 bits, 1 lane
        m.set(ValueLayout.JAVA_BYTE, TENSOR + 21, (byte) 8);
        m.set(ValueLayout.JAVA_SHORT, TENSOR + 22, (short) 1);
        m.set(ValueLayout.JAVA_LONG, TENSOR + 24, p + SHAPE);
        m.set(ValueLayout.JAVA_LONG, TENSOR + 32, p + STRIDES);
        LIVE.incrementAndGet();
        return new DLPackBridge.Tensor(p, true);
    }

    /** {@return true for the struct format of a C {@code _Bool}, with or without a byte-order mark} */
    private static boolean isBoolFormat(long format) {
        if (format == 0) {
            return false; // NULL means unsigned bytes
        }
        MemorySegment f = MemorySegment.ofAddress(format).reinterpret(3);
        int i = "@=<>!".indexOf(f.get(ValueLayout.JAVA_BYTE, 0)) >= 0 ? 1 : 0; // (reads stop at the NUL)
        return f.get(ValueLayout.JAVA_BYTE, i) == '?' && f.get(ValueLayout.JAVA_BYTE, i + 1) == 0;
    }

    /** {@return the number of buffers imported and not released yet} */
    static long live() {
        return LIVE.get();
    }

    private static void release(long p) {
        try {
            RELEASE.invokeExact(p + VIEW);
        } catch (Throwable ignored) {
            // PyBuffer_Release does not fail
        }
        CHeap.free(p);
    }

    /** The tensor's deleter, called with the GIL held (through {@link GilDeleter}). Never throws. */
    private static void delete(long p) {
        try {
            release(p);
            LIVE.decrementAndGet();
        } catch (Throwable ignored) {
            // never leave an upcall with an exception
        }
    }
}
