package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * Element-wise operations of two bool arrays ({@code BoolOps}: a Vector API loop for contiguous
 * runs and a broadcast second operand) against Java's boolean operators: the bitwise and logical
 * forms, add/multiply/maximum/minimum (or/and in NumPy), equal/not_equal, and logical_not; at
 * lengths with and without a vector tail, on contiguous, strided and broadcast operands. Tagged
 * {@code kernels} (the portable run checks the fallback loops the same way).
 */
@Tag("kernels")
class BoolOpsTest {
    private record Op(String name, BinaryOperator<NDArray> f, java.util.function.BiPredicate<Boolean, Boolean> want) {
    }

    private static final List<Op> OPS = List.of(
            new Op("and", NDArray::and, (x, y) -> x & y),
            new Op("or", NDArray::or, (x, y) -> x | y),
            new Op("xor", NDArray::xor, (x, y) -> x ^ y),
            new Op("add", NDArray::add, (x, y) -> x | y),
            new Op("mul", NDArray::mul, (x, y) -> x & y),
            new Op("maximum", NDArray::maximum, (x, y) -> x | y),
            new Op("minimum", NDArray::minimum, (x, y) -> x & y),
            new Op("eq", NDArray::eq, (x, y) -> x == y),
            new Op("ne", NDArray::ne, (x, y) -> x != y),
            new Op("logical_and", (a, b) -> Ufunc.LOGICAL_AND.apply(a, b), (x, y) -> x && y),
            new Op("logical_or", (a, b) -> Ufunc.LOGICAL_OR.apply(a, b), (x, y) -> x || y),
            new Op("logical_xor", (a, b) -> Ufunc.LOGICAL_XOR.apply(a, b), (x, y) -> x ^ y));

    private static boolean[] bits(int n, Random r) {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean();
        }
        return v;
    }

    @Test
    void twoBoolArraysMatchJava() {
        Random r = new Random(12);
        for (int n : new int[] {5, 64, 127, 1000, 70_001}) {
            boolean[] x = bits(2 * n, r);
            boolean[] y = bits(2 * n, r);
            try (NDArray a2 = NDArray.of(x); NDArray b2 = NDArray.of(y); NDArray a = a2.slice(":" + n);
                    NDArray b = b2.slice(":" + n); NDArray as = a2.slice("::2"); NDArray bs = b2.slice("::2");
                    NDArray one = NDArray.of(new boolean[] {true}); NDArray zero = NDArray.of(new boolean[] {false})) {
                for (Op op : OPS) {
                    try (NDArray c = op.f.apply(a, b); NDArray s = op.f.apply(as, bs);
                            NDArray t = op.f.apply(a, one); NDArray f = op.f.apply(a, zero)) {
                        assertEquals(DType.BOOL, c.dtype(), op.name);
                        for (int i = 0; i < n; i++) {
                            String at = op.name + " of " + n + " at " + i;
                            assertEquals(op.want.test(x[i], y[i]), c.getBoolean(i), at);
                            assertEquals(op.want.test(x[2 * i], y[2 * i]), s.getBoolean(i), at + " (strided)");
                            assertEquals(op.want.test(x[i], true), t.getBoolean(i), at + " (with true)");
                            assertEquals(op.want.test(x[i], false), f.getBoolean(i), at + " (with false)");
                        }
                    }
                }
                try (NDArray not = Ufunc.LOGICAL_NOT.apply(a); NDArray notS = Ufunc.LOGICAL_NOT.apply(as)) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(!x[i], not.getBoolean(i), "logical_not at " + i);
                        assertEquals(!x[2 * i], notS.getBoolean(i), "logical_not (strided) at " + i);
                    }
                }
            }
        }
    }

    /** Raw bool bytes other than 0 and 1 (an .npy file of {@code |b1} data keeps them) count as true. */
    @Test
    void nonZeroBoolBytesAreTrue() throws Exception {
        int n = 301;
        byte[] xs = new byte[n];
        byte[] ys = new byte[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (byte) (i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 2 + i);
            ys[i] = (byte) (i % 5 == 0 ? 0 : 128 + i % 7);
        }
        try (NDArray x = rawBools(xs); NDArray y = rawBools(ys)) {
            for (Op op : OPS) {
                try (NDArray c = op.f.apply(x, y)) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(op.want.test(xs[i] != 0, ys[i] != 0), c.getBoolean(i), op.name + " at " + i);
                        assertEquals(op.want.test(xs[i] != 0, ys[i] != 0) ? 1 : 0, c.getLong(i), op.name + " byte at " + i);
                    }
                }
            }
            try (NDArray not = Ufunc.LOGICAL_NOT.apply(x)) {
                for (int i = 0; i < n; i++) {
                    assertEquals(xs[i] == 0 ? 1 : 0, not.getLong(i), "logical_not at " + i);
                }
            }
        }
    }

    /** {@return a bool array holding exactly {@code data}, read from an in-memory .npy file} */
    static NDArray rawBools(byte[] data) throws java.io.IOException {
        String dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (" + data.length + ",), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(data);
        return org.ndpack.io.Npy.read(new java.io.ByteArrayInputStream(out.toByteArray()));
    }
}
