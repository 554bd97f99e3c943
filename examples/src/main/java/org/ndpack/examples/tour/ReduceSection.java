package org.ndpack.examples.tour;

import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The tour's section on reductions and matrix products: a reduction that keeps its axes (so the
 * result broadcasts back against the input), a mean, an argmax and a standard deviation, then a
 * batched matmul whose batch axes broadcast and a 1-d right operand. Every result is a new array
 * that owns its memory, and the section closes each one.
 */
public final class ReduceSection {
    private ReduceSection() {
    }

    /** Prints the section. */
    public static void run() {
        try (NDArray base = NDArray.arange(DType.FLOAT32, 1, 13, 1)) {
            NDArray a = base.reshape(3, 4); // a view of base
            System.out.println("a ->\n" + a);
            try (NDArray rowSums = a.sum(new int[] {1}, true); NDArray colMeans = a.mean(0);
                    NDArray best = a.argmax(1); NDArray sd = a.std(null, false, 1)) {
                System.out.println("a.sum(axes {1}, keepDims) -> shape " + Arrays.toString(rowSums.shape()) + "\n"
                        + rowSums);
                System.out.println("a.mean(0) -> " + colMeans);
                System.out.println("a.argmax(1) -> " + best);
                System.out.println("a.std(all axes, ddof 1).item() -> " + sd.item());
            }
        }
        // a (2, 1, 3, 4) batch times a (5, 4, 2) batch: the batch axes broadcast to (2, 5)
        try (NDArray xs = NDArray.arange(DType.FLOAT64, 0, 24, 1); NDArray y = NDArray.ones(DType.FLOAT64, 5, 4, 2);
                NDArray v = NDArray.of(new double[] {1, 2, 3, 4})) {
            NDArray x = xs.reshape(2, 1, 3, 4);
            try (NDArray p = x.matmul(y); NDArray xv = x.matmul(v)) {
                System.out.println("x (2, 1, 3, 4) @ y (5, 4, 2) -> shape " + Arrays.toString(p.shape()));
                System.out.println("(x @ y)[1, 4] ->\n" + p.slice("1, 4"));
                System.out.println("x @ [1, 2, 3, 4] (a 1-d right operand drops its axis) -> shape "
                        + Arrays.toString(xv.shape()) + "\n" + xv);
            }
        }
    }
}
