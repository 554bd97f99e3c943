package org.ndpack.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.NumPy;

/** astype and copy on the cast kernels: every dtype pair against NumPy, and strided layouts. */
@Tag("kernels")
class CastCopyTest {

    @Test
    void astypeOfEveryPairMatchesNumPy() {
        NumPy.require();
        Random rnd = new Random(13);
        Map<String, NDArray> in = new LinkedHashMap<>();
        for (DType t : Golden.NUMPY_DTYPES) {
            in.put("a_" + t.numpyName(), Golden.random(t, rnd, false, 3, 7).transpose());
        }
        List<String> exprs = new ArrayList<>();
        for (DType f : Golden.NUMPY_DTYPES) {
            for (DType t : Golden.NUMPY_DTYPES) {
                exprs.add("a_" + f.numpyName() + ".T.astype('" + t.numpyName() + "').T");
            }
        }
        List<NumPy.Result> res = NumPy.eval(in, "", exprs);
        int k = 0;
        for (DType f : Golden.NUMPY_DTYPES) {
            for (DType t : Golden.NUMPY_DTYPES) {
                NDArray a = in.get("a_" + f.numpyName());
                Golden.assertMatches(f + " -> " + t, res.get(k++).get(), a.astype(t), 0);
            }
        }
    }

    @Test
    void stridedAndTransposedCopiesKeepEveryElement() {
        NDArray a = NDArray.arange(DType.INT64, 0, 300 * 200, 1).reshape(300, 200);
        NDArray t = a.transpose().copy();
        assertEquals(200, t.shape(0));
        for (long i = 0; i < 300; i += 37) {
            for (long j = 0; j < 200; j += 23) {
                assertEquals(i * 200 + j, t.getLong(j, i));
            }
        }
        NDArray z = NDArray.zeros(DType.COMPLEX128, 5, 4);
        z.real().assign(NDArray.arange(DType.FLOAT64, 0, 20, 1).reshape(5, 4));
        NDArray zc = z.slice("::-2, 1::2").copy();
        assertArrayEquals(new double[] {17, 19, 9, 11, 1, 3}, zc.real().toDoubleArray(), 0.0);
        NDArray big = NDArray.arange(DType.FLOAT32, 0, 1 << 20, 1);
        assertEquals(big, big.copy());
        assertEquals(big.slice("::-1").astype(DType.FLOAT64), big.astype(DType.FLOAT64).slice("::-1"));
    }
}
