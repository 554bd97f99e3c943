package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.Ufunc;
import org.ndpack.testing.NumPy;

/** Complex parts as views, NumPy 2's complex sign, where, clip and bfloat16 arithmetic. */
@Tag("kernels")
class ComplexAndSelectionTest {

    @Test
    void realAndImagAreWritableViewsWithDoubledStrides() {
        NDArray z = NDArray.zeros(DType.COMPLEX128, 2, 3);
        NDArray re = z.real();
        NDArray im = z.imag();
        assertEquals(DType.FLOAT64, re.dtype());
        assertArrayEquals(new long[] {6, 2}, re.strides());
        assertTrue(re.sharesMemory(z) && !re.isOwner());
        re.fill(1.0);
        im.slice(":, 1").fill(-2.0);
        assertEquals(-2.0, z.getImag(1, 1));
        assertEquals(1.0, z.getDouble(1, 1));
        assertEquals(0.0, z.getImag(0, 0));
        NDArray c = NDArray.zeros(DType.COMPLEX64, 4).slice("::-1");
        c.imag().assign(NDArray.of(new float[] {1, 2, 3, 4}));
        assertArrayEquals(new float[] {1, 2, 3, 4}, c.imag().toFloatArray());
        assertEquals(DType.FLOAT32, c.abs().dtype());
    }

    @Test
    void partsOfRealArrays() {
        NDArray f = NDArray.of(new double[] {1, 2});
        assertTrue(f.real().sharesMemory(f), "real of a real array is a view");
        NDArray i = f.imag();
        assertArrayEquals(new double[] {0, 0}, i.toDoubleArray(), 0.0);
        assertThrows(ReadOnlyArrayException.class, () -> i.fill(1.0));
    }

    /** NumPy 1.24 gives the sign of the real part; NumPy 2 (followed here) gives z / |z|. */
    @Test
    void complexSignIsNumPy2s() {
        NDArray z = NDArray.zeros(DType.COMPLEX128, 4);
        z.setComplex(3, 4, 0);
        z.setComplex(0, 0, 1);
        z.setComplex(Double.POSITIVE_INFINITY, 1, 2);
        z.setComplex(-2, 0, 3);
        NDArray s = Ufunc.SIGN.apply(z);
        assertArrayEquals(new double[] {0.6, 0, 1, -1}, s.real().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.8, 0, 0, 0}, s.imag().toDoubleArray(), 1e-15);
    }

    @Test
    void floorOfIntegersKeepsTheDtypeAsNumPy2() {
        NDArray i = NDArray.of(new int[] {-3, 4});
        assertEquals(DType.INT32, Ufunc.FLOOR.apply(i).dtype());
        assertArrayEquals(new int[] {-3, 4}, Ufunc.CEIL.apply(i).toIntArray());
        assertEquals(DType.BOOL, Ufunc.TRUNC.apply(NDArray.of(new boolean[] {true})).dtype());
        assertEquals(DType.FLOAT16, NDArray.of(new byte[] {1}).sqrt().dtype(), "int8 functions compute in float16");
    }

    @Test
    void whereAndClipMatchNumPy() {
        NumPy.require();
        Random rnd = new Random(9);
        NDArray c = Golden.random(DType.INT16, rnd, false, 4, 5);
        NDArray x = Golden.random(DType.FLOAT32, rnd, true, 5);
        NDArray y = Golden.random(DType.INT8, rnd, false, 4, 1);
        NDArray f = Golden.random(DType.FLOAT64, rnd, true, 30);
        NDArray i = Golden.random(DType.INT32, rnd, false, 30);
        List<NumPy.Result> r = NumPy.eval(NumPy.inputs("c", c, "x", x, "y", y, "f", f, "i", i), "",
                List.of("np.where(c, x, y)", "np.where(c > 0, y, x[::-1])", "np.clip(f, -1.5, 2.0)",
                        "np.clip(i, -3, 4)", "np.clip(f, 3.0, 1.0)"));
        Golden.assertMatches("where", r.get(0).get(), NDArray.where(c, x, y), 0);
        Golden.assertMatches("where bool", r.get(1).get(), NDArray.where(c.gt(0L), y, x.slice("::-1")), 0);
        Golden.assertMatches("clip f", r.get(2).get(), f.clip(-1.5, 2.0), 0);
        Golden.assertMatches("clip i", r.get(3).get(), i.clip(-3, 4), 0);
        Golden.assertMatches("clip lo > hi", r.get(4).get(), f.clip(3.0, 1.0), 0);
    }

    /** bfloat16 (absent from NumPy) computes in float32 and rounds once: checked against that recipe. */
    @Test
    void bfloat16ArithmeticRoundsTheFloat32ResultOnce() {
        Random rnd = new Random(11);
        NDArray a = Golden.random(DType.BFLOAT16, rnd, true, 67);
        NDArray b = Golden.random(DType.BFLOAT16, rnd, true, 67);
        NDArray af = a.astype(DType.FLOAT32);
        NDArray bf = b.astype(DType.FLOAT32);
        assertEquals(af.add(bf).astype(DType.BFLOAT16), a.add(b));
        assertEquals(af.mul(bf).astype(DType.BFLOAT16), a.mul(b));
        assertEquals(af.div(bf).astype(DType.BFLOAT16), a.div(b));
        assertEquals(af.sub(bf).astype(DType.BFLOAT16), a.sub(b));
        assertEquals(af.lt(bf), a.lt(b));
        assertEquals(DType.FLOAT32, a.add(NDArray.zeros(DType.FLOAT16, 67)).dtype(), "bfloat16 with float16 is float32");
        assertEquals(DType.BFLOAT16, a.add(1).dtype());
        assertFalse(a.add(b).isReadOnly());
    }
}
