package org.ndpack.internal.kernel;

import java.util.Random;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * Child-JVM program of {@link SystemBlasTest}: started with {@code -Dndpack.blas=system}, it
 * prints the library that {@link NDArray#kernelInfo()} names and checks products through the
 * public API against a float64 reference summed here in Java. Exits 0 and prints
 * {@code ok system blas <library>} when every product agrees; exits 1 naming the first that does not.
 */
public final class SystemBlasMain {
    private SystemBlasMain() {
    }

    public static void main(String[] args) {
        String lib = NDArray.kernelInfo().blas();
        System.out.println("blas: " + lib);
        Random rnd = new Random(11);
        int m = 67, k = 131, n = 45;
        double[] av = new double[m * k];
        double[] bv = new double[k * n];
        for (int i = 0; i < av.length; i++) {
            av[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < bv.length; i++) {
            bv[i] = rnd.nextGaussian();
        }
        double[] ref = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += av[i * k + p] * bv[p * n + j];
                }
                ref[i * n + j] = s;
            }
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tol = t == DType.FLOAT32 ? 1e-3 : 1e-10;
            try (NDArray a0 = NDArray.of(av, m, k); NDArray b0 = NDArray.of(bv, k, n); NDArray a = a0.astype(t);
                    NDArray b = b0.astype(t); NDArray bt = b.transpose().copy()) {
                // row-major operands, a transposed B (BLAS's TRANS flag), and a stepped view the BLAS declines
                NDArray[] bs = {b, bt.transpose()};
                for (NDArray bb : bs) {
                    try (NDArray c = a.matmul(bb)) {
                        check(t, c.toDoubleArray(), ref, tol, bb == b ? "row-major" : "transposed B");
                    }
                }
                try (NDArray c = a.slice(":, ::2").matmul(b.slice("::2, :"))) {
                    double[] got = c.toDoubleArray();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int p = 0; p < k; p += 2) {
                                s += av[i * k + p] * bv[p * n + j];
                            }
                            if (Math.abs(got[i * n + j] - s) > tol * Math.max(1, Math.abs(s))) {
                                fail(t + " stepped operands: element (" + i + ", " + j + ") is " + got[i * n + j]
                                        + ", expected " + s);
                            }
                        }
                    }
                }
            }
        }
        System.out.println("ok system blas " + lib);
    }

    private static void check(DType t, double[] got, double[] ref, double tol, String what) {
        for (int i = 0; i < ref.length; i++) {
            if (Math.abs(got[i] - ref[i]) > tol * Math.max(1, Math.abs(ref[i]))) {
                fail(t + " " + what + ": element " + i + " is " + got[i] + ", expected " + ref[i]);
            }
        }
    }

    private static void fail(String why) {
        System.out.println("FAIL " + why);
        System.exit(1);
    }
}
