package org.ndpack.examples.tour;

import java.util.List;

import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;

/**
 * The tour's section on shape tools and sorting: a seeded generator makes the data, then
 * concatenate, stack, split, tile, repeat, pad, sort and argsort show what they do.
 */
final class ShapeSection {
    private ShapeSection() {
    }

    /** Runs the section, printing each step and its result. */
    static void run() {
        Generator g = Generator.seeded(2024);
        try (NDArray a = g.integers(DType.INT32, 0, 10, 2, 3);
                NDArray b = g.integers(DType.INT32, 0, 10, 2, 3)) {
            System.out.println("a = Generator.seeded(2024).integers(int32, 0, 10, 2, 3) ->\n" + a);
            System.out.println("b ->\n" + b);
            try (NDArray c = NDArray.concatenate(1, a, b)) {
                System.out.println("NDArray.concatenate(1, a, b) ->\n" + c);
                List<NDArray> parts = c.split(new long[] {2, 4}, 1);
                System.out.println("c.split(new long[] {2, 4}, 1) gives " + parts.size()
                        + " views; the last ->\n" + parts.get(2));
            }
            try (NDArray s = NDArray.stack(0, a, b)) {
                System.out.println("NDArray.stack(0, a, b).shape() -> " + java.util.Arrays.toString(s.shape()));
            }
            try (NDArray t = a.tile(1, 2); NDArray r = a.repeat(2, 0); NDArray p = a.pad(1, -1)) {
                System.out.println("a.tile(1, 2) ->\n" + t);
                System.out.println("a.repeat(2, 0) ->\n" + r);
                System.out.println("a.pad(1, -1) ->\n" + p);
            }
        }
        try (NDArray x = g.normal(DType.FLOAT32, 0, 1, 6)) {
            x.setDouble(Double.NaN, 2);
            x.setDouble(-0.0, 4);
            System.out.println("x = normal(float32, 0, 1, 6) with a NaN and a -0.0 ->\n" + x);
            try (NDArray s = x.sort(); NDArray i = x.argsort()) {
                System.out.println("x.sort() (NaN last, as NumPy) ->\n" + s);
                System.out.println("x.argsort() (stable) ->\n" + i);
            }
        }
    }
}
