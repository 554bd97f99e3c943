package org.ndpack.bench;

import java.util.SplittableRandom;

import org.ndpack.DType;
import org.ndpack.NDArray;

/** Benchmark inputs: uniform [0, 1) values like NumPy's {@code rng.random}, converted to a dtype. */
final class Data {
    private Data() {
    }

    static NDArray uniform(DType t, long seed, long... shape) {
        long n = 1;
        for (long e : shape) {
            n *= e;
        }
        double[] v = new double[Math.toIntExact(n)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        return NDArray.of(t, v, shape);
    }
}
