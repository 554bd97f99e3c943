package org.ndpack.dlpack;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Managed tensors built in Java (no C compiler needed), with a deleter that is a Java upcall
 * counting its calls per struct address. Used where a test must control the bytes around the
 * struct (guard pages) or must run without gcc.
 */
final class JavaTensors {
    private JavaTensors() {
    }

    private static final Map<Long, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final Linker LINKER = Linker.nativeLinker();
    /** The counting deleter, usable for both struct kinds (same C signature). */
    static final MemorySegment COUNTING_DELETER;
    private static final MethodHandle MMAP;
    private static final MethodHandle MPROTECT;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle SYSCONF;

    static {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(JavaTensors.class, "count",
                    MethodType.methodType(void.class, MemorySegment.class));
            COUNTING_DELETER = LINKER.upcallStub(target, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        var libc = LINKER.defaultLookup();
        ValueLayout.OfLong j = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        MMAP = LINKER.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(j, j, j, i, i, i, j));
        MPROTECT = LINKER.downcallHandle(libc.find("mprotect").orElseThrow(), FunctionDescriptor.of(i, j, j, i));
        MUNMAP = LINKER.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(i, j, j));
        SYSCONF = LINKER.downcallHandle(libc.find("sysconf").orElseThrow(), FunctionDescriptor.of(j, i));
    }

    private static void count(MemorySegment self) {
        CALLS.computeIfAbsent(self.address(), k -> new AtomicInteger()).incrementAndGet();
    }

    /** {@return how many times the counting deleter ran for the struct at {@code p}} */
    static int calls(MemorySegment p) {
        AtomicInteger c = CALLS.get(p.address());
        return c == null ? 0 : c.get();
    }

    /**
     * Writes a valid versioned float32 tensor of shape [n] into {@code m} (80 bytes), with data and
     * shape in {@code arena} and the counting deleter.
     */
    static MemorySegment versioned(MemorySegment m, Arena arena, long n) {
        MemorySegment data = arena.allocate(4 * Math.max(n, 1), 64);
        for (long i = 0; i < n; i++) {
            data.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
        }
        MemorySegment shape = arena.allocateFrom(ValueLayout.JAVA_LONG, n);
        m.set(ValueLayout.JAVA_INT, DLPackLayouts.V_MAJOR, 1);
        m.set(ValueLayout.JAVA_INT, DLPackLayouts.V_MINOR, 3);
        m.set(ValueLayout.ADDRESS, DLPackLayouts.V_DELETER, COUNTING_DELETER);
        long t = DLPackLayouts.V_TENSOR;
        m.set(ValueLayout.ADDRESS, t + DLPackLayouts.T_DATA, data);
        m.set(ValueLayout.JAVA_INT, t + DLPackLayouts.T_DEVICE_TYPE, DLDevice.CPU);
        m.set(ValueLayout.JAVA_INT, t + DLPackLayouts.T_NDIM, 1);
        m.set(ValueLayout.JAVA_BYTE, t + DLPackLayouts.T_CODE, (byte) 2);
        m.set(ValueLayout.JAVA_BYTE, t + DLPackLayouts.T_BITS, (byte) 32);
        m.set(ValueLayout.JAVA_SHORT, t + DLPackLayouts.T_LANES, (short) 1);
        m.set(ValueLayout.ADDRESS, t + DLPackLayouts.T_SHAPE, shape);
        return m;
    }

    /** Two pages: the first readable and writable, the second inaccessible. Close with {@link #unmap}. */
    record GuardedPages(long base, long pageSize) {
        /** {@return the segment of the {@code bytes} just below the guard page} */
        MemorySegment endOfReadablePage(long bytes) {
            return MemorySegment.ofAddress(base + pageSize - bytes).reinterpret(bytes);
        }
    }

    static GuardedPages guardedPages() {
        try {
            long page = (long) SYSCONF.invokeExact(30); // _SC_PAGESIZE on Linux
            long base = (long) MMAP.invokeExact(0L, 2 * page, 1 | 2, 0x02 | 0x20, -1, 0L); // RW, PRIVATE|ANON
            if (base == -1L) {
                throw new AssertionError("mmap failed");
            }
            int rc = (int) MPROTECT.invokeExact(base + page, page, 0); // PROT_NONE
            if (rc != 0) {
                throw new AssertionError("mprotect failed");
            }
            return new GuardedPages(base, page);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static void unmap(GuardedPages g) {
        try {
            int rc = (int) MUNMAP.invokeExact(g.base(), 2 * g.pageSize());
            if (rc != 0) {
                throw new AssertionError("munmap failed");
            }
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
