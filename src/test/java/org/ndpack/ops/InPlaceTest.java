package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.Ufunc;
import org.ndpack.testing.NumPy;

/** In-place operations, out operands, assign and fill: write-through, overlap, errors. */
@Tag("kernels")
class InPlaceTest {

    @Test
    void overlappingInPlaceOperationsMatchNumPy() {
        NumPy.require();
        NDArray base = NDArray.arange(DType.FLOAT64, 0, 40, 1);
        String setup = """
                def shifted(x):
                    x = x.copy(); x[1:] += x[:-1]; return x
                def backwards(x):
                    x = x.copy(); x[:-1] += x[1:]; return x
                def reversed_(x):
                    x = x.copy(); x += x[::-1]; return x
                def transposed(x):
                    m = x.reshape(5, 8)[:5, :5].copy(); m += m.T; return m
                def strided(x):
                    x = x.copy(); x[::2][1:] *= x[1::2][:-1]; return x
                def assign_shift(x):
                    x = x.copy(); x[2:] = x[:-2]; return x
                """;
        List<NumPy.Result> r = NumPy.eval(Map.of("x", base), setup,
                List.of("shifted(x)", "backwards(x)", "reversed_(x)", "transposed(x)", "strided(x)", "assign_shift(x)"));
        NDArray a = base.copy();
        a.slice("1:").addi(a.slice(":-1"));
        Golden.assertMatches("a[1:] += a[:-1]", r.get(0).get(), a, 0);
        NDArray b = base.copy();
        b.slice(":-1").addi(b.slice("1:"));
        Golden.assertMatches("a[:-1] += a[1:]", r.get(1).get(), b, 0);
        NDArray c = base.copy();
        c.addi(c.slice("::-1"));
        Golden.assertMatches("a += a[::-1]", r.get(2).get(), c, 0);
        NDArray m = base.reshape(5, 8).slice(":5, :5").copy();
        m.addi(m.transpose());
        Golden.assertMatches("m += m.T", r.get(3).get(), m, 0);
        NDArray d = base.copy();
        d.slice("::2").slice("1:").muli(d.slice("1::2").slice(":-1"));
        Golden.assertMatches("strided *=", r.get(4).get(), d, 0);
        NDArray e = base.copy();
        e.slice("2:").assign(e.slice(":-2"));
        Golden.assertMatches("a[2:] = a[:-2]", r.get(5).get(), e, 0);
    }

    @Test
    void inPlaceOnAViewWritesThroughAndReturnsTheView() {
        NDArray a = NDArray.zeros(DType.INT32, 3, 4);
        NDArray col = a.slice(":, 1");
        assertSame(col, Ufunc.ADD.apply(col, 5L, col));
        assertSame(col, col.muli(NDArray.of(new int[] {1, 2, 3})));
        assertArrayEquals(new long[] {0, 5, 0, 0, 0, 10, 0, 0, 0, 15, 0, 0}, a.toLongArray());
        a.slice("0").fill(7L);
        assertArrayEquals(new long[] {7, 7, 7, 7}, a.slice("0").toLongArray());
        a.slice("1:, ::2").assign(NDArray.of(new int[] {-1, -2}));
        assertArrayEquals(new long[] {7, 7, 7, 7, -1, 10, -2, 0, -1, 15, -2, 0}, a.toLongArray());
        a.fill(2.9);
        assertArrayEquals(new long[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, a.toLongArray(), "fill casts like astype");
    }

    @Test
    void everyInPlaceFormComputesWhatTheOperationComputes() {
        NDArray x = NDArray.of(new long[] {7, -9, 12, 5});
        NDArray y = NDArray.of(new long[] {2, 4, -5, 3});
        record Case(String name, java.util.function.BinaryOperator<NDArray> op,
                java.util.function.BinaryOperator<NDArray> inPlace) {
        }
        List<Case> cases = List.of(
                new Case("add", NDArray::add, NDArray::addi), new Case("sub", NDArray::sub, NDArray::subi),
                new Case("mul", NDArray::mul, NDArray::muli), new Case("floorDiv", NDArray::floorDiv, NDArray::floorDivi),
                new Case("mod", NDArray::mod, NDArray::modi), new Case("maximum", NDArray::maximum, (t, u) -> Ufunc.MAXIMUM.apply(t, u, t)),
                new Case("minimum", NDArray::minimum, (t, u) -> Ufunc.MINIMUM.apply(t, u, t)), new Case("and", NDArray::and, NDArray::andi),
                new Case("or", NDArray::or, NDArray::ori), new Case("xor", NDArray::xor, NDArray::xori),
                new Case("shiftLeft", Ufunc.LEFT_SHIFT::apply, (t, u) -> Ufunc.LEFT_SHIFT.apply(t, u, t)),
                new Case("shiftRight", Ufunc.RIGHT_SHIFT::apply, (t, u) -> Ufunc.RIGHT_SHIFT.apply(t, u, t)));
        for (Case c : cases) {
            NDArray t = x.copy();
            c.inPlace().apply(t, y);
            assertEquals(c.op().apply(x, y), t, c.name());
        }
        NDArray f = NDArray.of(new double[] {1, 2, 3});
        NDArray g = f.copy();
        g.divi(f.add(1.0));
        Ufunc.POWER.apply(g, 2.0, g);
        assertEquals(f.div(f.add(1.0)).pow(2.0), g);
        NDArray p = NDArray.of(new long[] {2, 3});
        Ufunc.POWER.apply(p, 3L, p);
        assertArrayEquals(new long[] {8, 27}, p.toLongArray());
    }

    @Test
    void writingAReadOnlyArrayThrowsAndWritesNothing() {
        NDArray a = NDArray.of(new float[] {1, 2, 3});
        NDArray ro = a.asReadOnly();
        assertThrows(ReadOnlyArrayException.class, () -> Ufunc.ADD.apply(ro, 1L, ro));
        assertThrows(ReadOnlyArrayException.class, () -> ro.assign(a));
        assertThrows(ReadOnlyArrayException.class, () -> ro.fill(0.0));
        assertThrows(ReadOnlyArrayException.class, () -> Ufunc.ADD.apply(a, a, ro));
        NDArray bc = a.slice("0:1").broadcastTo(4, 3);
        assertThrows(ReadOnlyArrayException.class, () -> Ufunc.MULTIPLY.apply(bc, 2.0, bc));
        assertArrayEquals(new float[] {1, 2, 3}, a.toFloatArray());
    }

    @Test
    void negativeIntegerPowerIsRefusedBeforeAnyWrite() {
        NDArray a = NDArray.of(new int[] {2, 3, 4});
        NDArray e = NDArray.of(new int[] {1, -1, 2});
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> a.powi(e));
        assertEquals(true, ex.getMessage().contains("negative integer powers"), ex.getMessage());
        assertArrayEquals(new int[] {2, 3, 4}, a.toIntArray(), "nothing written");
        assertThrows(IllegalArgumentException.class, () -> a.pow(-2));
        assertArrayEquals(new double[] {0.5, 1.0 / 3, 0.25}, a.pow(-1.0).toDoubleArray(), 1e-15);
    }

    /** NumPy gives 0 (with a RuntimeWarning) for integer // 0 and % 0; true division gives inf/nan. */
    @Test
    void integerDivisionByZeroIsDefinedAsNumPy() {
        NDArray a = NDArray.of(new int[] {5, -5, 0});
        NDArray z = NDArray.zeros(DType.INT32, 3);
        assertArrayEquals(new long[] {0, 0, 0}, a.floorDiv(z).toLongArray());
        assertArrayEquals(new long[] {0, 0, 0}, a.mod(z).toLongArray());
        double[] q = a.div(z).toDoubleArray();
        assertEquals(Double.POSITIVE_INFINITY, q[0]);
        assertEquals(Double.NEGATIVE_INFINITY, q[1]);
        assertEquals(true, Double.isNaN(q[2]));
        NDArray min = NDArray.of(new int[] {Integer.MIN_VALUE});
        assertArrayEquals(new long[] {Integer.MIN_VALUE}, min.floorDiv(-1).toLongArray(), "MIN // -1 wraps");
        NDArray u = NDArray.of(DType.UINT64, new long[] {-1L, 7});
        assertArrayEquals(new long[] {0, 0}, u.floorDiv(NDArray.zeros(DType.UINT64, 2)).toLongArray());
        assertArrayEquals(new long[] {Long.MAX_VALUE, 3}, u.floorDiv(2).toLongArray(), "uint64 divides unsigned");
    }

    @Test
    void outMustHaveTheBroadcastShapeAndMayBeLarger() {
        NDArray a = NDArray.of(new double[] {1, 2, 3});
        NDArray out = NDArray.zeros(DType.FLOAT64, 2, 3);
        assertSame(out, Ufunc.ADD.apply(a, a, out));
        assertArrayEquals(new double[] {2, 4, 6, 2, 4, 6}, out.toDoubleArray(), 0.0);
        NDArray small = NDArray.zeros(DType.FLOAT64, 1);
        assertThrows(IllegalArgumentException.class, () -> Ufunc.ADD.apply(a, a, small));
    }

    @Test
    void closedOperandsFailBeforeAnyWork() {
        NDArray a = NDArray.of(new double[] {1, 2});
        NDArray b = NDArray.of(new double[] {1, 2});
        b.close();
        assertThrows(IllegalStateException.class, () -> a.add(b));
        assertThrows(IllegalStateException.class, () -> a.addi(b));
        assertThrows(IllegalStateException.class, () -> b.exp());
        assertArrayEquals(new double[] {1, 2}, a.toDoubleArray(), 0.0);
    }
}
