package org.ndpack.examples.tour;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;

/**
 * The tour's compute section: broadcasting, NumPy 2 type promotion with weak Java scalars, and
 * in-place arithmetic through a view (overlapping operands included).
 */
public final class ComputeSection {
    private ComputeSection() {
    }

    /** Runs the section, printing each step and its result. */
    public static void run() {
        // every array that allocates is closed: arange and each operation's result (reshape is a view)
        try (NDArray base = NDArray.arange(DType.FLOAT32, 0, 3, 1);
                NDArray row = NDArray.arange(DType.FLOAT32, 0, 4, 1);
                NDArray scaled = base.reshape(3, 1).mul(10L);
                NDArray grid = scaled.add(row)) {
            System.out.println("broadcasting: arange(3).reshape(3, 1) * 10 + arange(4) ->\n" + grid);
            try (NDArray i16 = NDArray.of(new short[] {1, 2, 32767});
                    NDArray u8 = NDArray.of(DType.UINT8, new long[] {200, 100, 50});
                    NDArray wrapped = i16.add(1);
                    NDArray mixed = i16.add(u8);
                    NDArray promoted = i16.add(0.5)) {
                System.out.println("int16 + 1 stays int16 (weak scalar, wraps): " + wrapped);
                System.out.println("int16 + uint8 -> " + mixed.dtype() + ", int16 + 0.5 -> " + promoted.dtype());
            }
            NDArray middle = grid.slice(":, 1:3");          // a view: shares grid's memory
            Ufunc.MULTIPLY.apply(middle, -1L, middle);        // written through to grid
            System.out.println("Ufunc.MULTIPLY.apply(middle, -1L, middle) writes through the view ->\n" + grid);
            try (NDArray v = NDArray.arange(DType.INT32, 0, 6, 1)) {
                v.slice("1:").addi(v.slice(":-1"));           // overlapping operands: NumPy's result
                System.out.println("v = arange(6); v[1:] += v[:-1] -> " + v);
            }
            try (NDArray mask = grid.gt(5L); NDArray neg = grid.neg(); NDArray chosen = NDArray.where(mask, grid, neg)) {
                System.out.println("where(grid > 5, grid, -grid) ->\n" + chosen);
            }
        }
    }
}
