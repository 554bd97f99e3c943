package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;

/** Shared pieces of the exchange tests: arrays in each layout, and the leak checks. */
final class Exchange {
    private Exchange() {
    }

    /** The layouts every exchange test covers, on both sides. */
    static final String[] LAYOUTS = {"contiguous", "transposed", "negative", "0d", "empty"};

    /** An array in some layout and the owner of its memory. */
    record Made(NDArray owner, NDArray view) implements AutoCloseable {
        @Override
        public void close() {
            owner.close();
        }
    }

    /** The values 0, 1, ..., n-1 ({@code (i, n - i)} for complex types). */
    static NDArray values(DType dtype, int n) {
        NDArray a = NDArray.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            if (dtype.isComplex()) {
                a.setComplex(i, n - i, i);
            } else {
                a.setDouble(i % 100, i);
            }
        }
        return a;
    }

    /** A Java array in {@code layout}, with the same values as Python's {@code ex_make}. */
    static Made make(DType dtype, String layout) {
        return switch (layout) {
            case "contiguous" -> {
                NDArray o = values(dtype, 6);
                yield new Made(o, o.reshape(2, 3));
            }
            case "transposed" -> {
                NDArray o = values(dtype, 12);
                yield new Made(o, o.reshape(3, 4).transpose());
            }
            case "negative" -> {
                NDArray o = values(dtype, 24);
                yield new Made(o, o.reshape(4, 6).slice("::-1, ::-2"));
            }
            case "0d" -> {
                NDArray o = values(dtype, 4);
                yield new Made(o, o.slice("3"));
            }
            case "empty" -> {
                NDArray o = NDArray.zeros(dtype, 0, 3);
                yield new Made(o, o);
            }
            default -> throw new IllegalArgumentException(layout);
        };
    }

    /** Python twin of {@link #make}: {@code ex_make(module, dtype_name, layout)} for NumPy or torch. */
    static final String PY_MAKE = """
            import gc, weakref
            def ex_values(lib, dt, n):
                import numpy as np
                v = np.arange(n)
                x = (v + 1j * (n - v)) if 'complex' in dt else (v % 100)
                if lib == 'numpy':
                    return x.astype(dt)
                import torch
                if dt == 'bfloat16':
                    return torch.tensor(x.astype('float32')).to(torch.bfloat16)
                return torch.tensor(x.astype(dt))
            def ex_make(lib, dt, layout):
                if layout == 'contiguous':
                    return ex_values(lib, dt, 6).reshape(2, 3)
                if layout == 'transposed':
                    return ex_values(lib, dt, 12).reshape(3, 4).T
                if layout == 'negative':
                    return ex_values(lib, dt, 24).reshape(4, 6)[::-1, ::-2]
                if layout == '0d':
                    return ex_values(lib, dt, 4)[3:4].reshape(())
                return ex_values(lib, dt, 0).reshape(0, 3)
            """;

    /** {@code shape} as Python prints a tuple. */
    static String tuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    /** {@code shape} with each extent minus 1: the last element's index. */
    static long[] last(long[] shape) {
        long[] i = shape.clone();
        for (int d = 0; d < i.length; d++) {
            i[d]--;
        }
        return i;
    }

    /** Writes a value that differs from every value {@link #values} makes. */
    static void writeDistinct(NDArray a, long... index) {
        if (a.dtype().isComplex()) {
            a.setComplex(77, -5, index);
        } else if (a.dtype().isBool()) {
            a.setBoolean(!a.getBoolean(index), index);
        } else {
            a.setDouble(77, index);
        }
    }

    /** Waits (collecting garbage) until {@code count} reaches 0; fails naming {@code what} if it does not. */
    static void awaitZero(String what, LongSupplier count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count.getAsLong() != 0 && System.nanoTime() < deadline) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(0, count.getAsLong(), what);
    }

    /** Asserts that nothing is owned any more: no import, export, shared array, capsule or wrapper. */
    static void assertBalanced(Python py) {
        py.exec("import gc\ngc.collect()");
        assertEquals(0, ToPython.shared(), "arrays still shared with Python");
        assertEquals(0, ToPython.liveCapsules(), "__dlpack__ capsules not destroyed");
        assertEquals(0, DLPack.liveExports(), "DLPack exports whose deleter was not called");
        assertEquals(0, DLPack.liveImports(), "DLPack imports whose deleter has not run");
        assertEquals(0, GilDeleter.live(), "GIL deleter wrappers not deleted");
        assertEquals(0, BufferImport.live(), "buffers taken from Python and not released");
    }
}
