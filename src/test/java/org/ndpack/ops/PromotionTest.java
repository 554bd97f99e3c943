package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.ndpack.testing.NumPy;

/**
 * Mixed-dtype operations: the full result-type table against NumPy's {@code np.result_type} and
 * the values of mixed additions and comparisons (inputs are converted on the fly by the kernels),
 * and NEP 50's weak Java scalars, pinned where NumPy 1.24's value-based rules differ.
 */
@Tag("kernels")
class PromotionTest {

    @Test
    void resultTypeOfEveryPairMatchesNumPy() {
        NumPy.require();
        DType[] ts = Golden.NUMPY_DTYPES;
        StringBuilder py = new StringBuilder("import numpy as np\nts = [");
        for (DType t : ts) {
            py.append("'").append(t.numpyName()).append("',");
        }
        py.append("]\nfor a in ts:\n    print(' '.join(np.result_type(a, b).name for b in ts))\n");
        String[] rows = NumPy.run(py.toString()).trim().split("\n");
        for (int i = 0; i < ts.length; i++) {
            String[] cols = rows[i].trim().split(" ");
            for (int j = 0; j < ts.length; j++) {
                try (NDArray a = NDArray.zeros(ts[i], 2); NDArray b = NDArray.zeros(ts[j], 2);
                        NDArray r = a.add(b)) {
                    assertEquals(cols[j], r.dtype().numpyName(), ts[i] + " + " + ts[j]);
                }
            }
        }
    }

    @Test
    void mixedDtypeValuesMatchNumPy() {
        NumPy.require();
        Random rnd = new Random(7);
        Map<String, NDArray> in = new LinkedHashMap<>();
        for (DType t : Golden.NUMPY_DTYPES) {
            in.put("a_" + t.numpyName(), Golden.random(t, rnd, false, 9));
        }
        List<String> exprs = new ArrayList<>();
        List<NDArray[]> pairs = new ArrayList<>();
        for (DType x : Golden.NUMPY_DTYPES) {
            for (DType y : Golden.NUMPY_DTYPES) {
                if (x == y) {
                    continue;
                }
                String ax = "a_" + x.numpyName();
                String ay = "a_" + y.numpyName();
                exprs.add("np.add(" + ax + ", " + ay + ")");
                exprs.add("np.less(" + ax + ", " + ay + ")");
                pairs.add(new NDArray[] {in.get(ax), in.get(ay)});
            }
        }
        List<NumPy.Result> res = NumPy.eval(in, "", exprs);
        for (int k = 0; k < pairs.size(); k++) {
            NDArray a = pairs.get(k)[0];
            NDArray b = pairs.get(k)[1];
            String what = a.dtype() + " with " + b.dtype();
            boolean c64 = a.dtype() == DType.COMPLEX64 || b.dtype() == DType.COMPLEX64;
            Golden.assertMatches("add " + what, res.get(2 * k).get(), a.add(b), 0, 0);
            if (!c64) {
                Golden.assertMatches("less " + what, res.get(2 * k + 1).get(), a.lt(b), 0);
            }
        }
    }

    @Test
    void javaScalarsAreWeakLikePythonScalars() {
        NDArray i16 = NDArray.of(new short[] {1, 2, 32767});
        assertEquals(DType.INT16, i16.add(1).dtype(), "int16 + 1 stays int16 (NEP 50)");
        assertArrayEquals(new long[] {2, 3, -32768}, i16.add(1).toLongArray(), "and wraps");
        assertEquals(DType.FLOAT64, i16.add(1.5).dtype(), "int16 + 1.5 is float64");
        NDArray f32 = NDArray.of(new float[] {1f});
        NDArray r = f32.add(0.1);
        assertEquals(DType.FLOAT32, r.dtype(), "float32 + 0.1 stays float32");
        assertEquals(1f + 0.1f, (float) r.getDouble(0), "0.1 rounds to float32 first");
        NDArray b = NDArray.of(new boolean[] {true});
        assertEquals(DType.INT64, b.add(1).dtype(), "bool + int gives int64");
        assertEquals(DType.FLOAT64, b.add(1.0).dtype(), "bool + float gives float64");
        NDArray h = NDArray.zeros(DType.FLOAT16, 2);
        assertEquals(DType.FLOAT16, h.add(3).dtype());
        NDArray u8 = NDArray.of(DType.UINT8, new long[] {200});
        assertEquals(DType.FLOAT64, u8.div(2).dtype(), "true division of integers is float64");
        NDArray c = NDArray.zeros(DType.COMPLEX64, 2);
        assertEquals(DType.COMPLEX64, c.mul(2.0).dtype());
    }

    /** NumPy 1.24 gives int16 for int8 + 300 (value-based); NumPy 2 raises OverflowError. */
    @Test
    void outOfRangeIntegerScalarsAreRefusedAsNumPy2() {
        NDArray i8 = NDArray.of(new byte[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i8.add(300));
        assertTrue(e.getMessage().contains("300") && e.getMessage().contains("int8"), e.getMessage());
        NDArray u8 = NDArray.of(DType.UINT8, new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> u8.sub(-1));
        assertThrows(IllegalArgumentException.class, () -> Ufunc.ADD.apply(i8, 1000L, i8));
    }

    /** NumPy 2 compares with out-of-range Python ints exactly instead of raising. */
    @Test
    void comparisonsWithOutOfRangeIntegersGiveTheExactAnswer() {
        NDArray i8 = NDArray.of(new byte[] {-128, 0, 127});
        assertArrayEquals(new boolean[] {true, true, true}, i8.lt(1000).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, false}, i8.eq(1000).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true}, i8.ne(-1000).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true}, i8.gt(-129).toBooleanArray());
        NDArray u8 = NDArray.of(DType.UINT8, new long[] {0, 255});
        assertArrayEquals(new boolean[] {false, false}, u8.le(-1).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, u8.ge(-1).toBooleanArray());
    }

    @Test
    void outputCastsFollowSameKindAsNumPy() {
        NDArray i32 = NDArray.of(new int[] {1, 2});
        NDArray f64 = NDArray.of(new double[] {1.5, 2.5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i32.addi(f64));
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("int32")
                && e.getMessage().contains("same_kind"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ufunc.ADD.apply(i32, 0.5, i32));
        NDArray i8 = NDArray.of(new byte[] {100, 1});
        i8.addi(NDArray.of(new long[] {100, 1}));
        assertArrayEquals(new long[] {-56, 2}, i8.toLongArray(), "int64 result cast back to int8 wraps");
        NDArray b = NDArray.of(new boolean[] {true});
        assertThrows(IllegalArgumentException.class, () -> Ufunc.ADD.apply(b, 1L, b), "int64 result into bool is refused");
        NDArray f32 = NDArray.zeros(DType.FLOAT32, 2);
        f32.addi(NDArray.of(new double[] {1e-8, 3}));
        assertArrayEquals(new double[] {(float) 1e-8, 3}, f32.toDoubleArray(), 0.0);
        NDArray out = NDArray.zeros(DType.COMPLEX128, 2);
        Ufunc.ADD.apply(i32, i32, out);
        assertArrayEquals(new double[] {2, 4}, out.real().toDoubleArray(), 0.0);
    }
}
