package org.ndpack.tour;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The tour's section on reductions and matrix products: a reduction that keeps its axes (so the
 * result broadcasts back against the input), an argmax, and a batched matmul whose batch axes
 * broadcast. Every result is a new array that owns its memory, closed here when done.
 */
public final class ReduceSection {
    private ReduceSection() {
    }

    /** Prints the section. */
    static void run() {
        System.out.println();
        System.out.println("== Reductions and matmul " + "=".repeat(46));
        try (NDArray base = NDArray.arange(DType.FLOAT32, 1, 13, 1)) {
            NDArray a = base.reshape(3, 4); // a view of base
            NDArray rowSums = a.sum(new int[] {1}, true);
            NDArray colMeans = a.mean(0);
            NDArray best = a.argmax(1);
            System.out.println("a ->\n" + a);
            System.out.println("a.sum(axis 1, keepDims) -> shape " + java.util.Arrays.toString(rowSums.shape())
                    + "\n" + rowSums);
            System.out.println("a.mean(0) -> " + colMeans);
            System.out.println("a.argmax(1) -> " + best);
            // 0-d results read with item(); unclosed results are left to the Cleaner
            System.out.println("a.var() -> " + a.var().item() + ", a.std(axes null, ddof 1) -> "
                    + a.std(null, false, 1).item());
            rowSums.close();
            colMeans.close();
            best.close();
        }
        // a (2, 1, 3, 4) batch times a (5, 4, 2) batch: the batch axes broadcast to (2, 5)
        try (NDArray xs = NDArray.arange(DType.FLOAT64, 0, 24, 1);
                NDArray y = NDArray.ones(DType.FLOAT64, 5, 4, 2)) {
            NDArray x = xs.reshape(2, 1, 3, 4);
            NDArray p = x.matmul(y);
            System.out.println("x (2, 1, 3, 4) @ y (5, 4, 2) -> shape " + java.util.Arrays.toString(p.shape()));
            System.out.println("(x @ y)[1, 4] ->\n" + p.slice("1, 4"));
            try (NDArray v = NDArray.of(new double[] {1, 2, 3, 4}); NDArray xv = x.matmul(v)) {
                System.out.println("x @ [1, 2, 3, 4] (a 1-d right operand drops its axis) -> shape "
                        + java.util.Arrays.toString(xv.shape()) + "\n" + xv);
            }
            p.close();
        }
    }
}
