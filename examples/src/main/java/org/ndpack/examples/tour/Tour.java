package org.ndpack.examples.tour;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The tour: ndpack end to end on embedded defaults (no Python, no network). Run it with the
 * README's first command. Each section prints what it does and what it got.
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Runs the tour.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        section("Arrays and views");
        // Closing an array releases what that array allocated: arange allocates, reshape makes a view.
        try (NDArray base = NDArray.arange(DType.FLOAT32, 0, 12, 1)) {
            NDArray a = base.reshape(3, 4);
            System.out.println("a = arange(12).reshape(3, 4) ->\n" + a);
            NDArray v = a.slice("::-1, 1:3");
            System.out.println("a.slice(\"::-1, 1:3\") (a view, strides " + java.util.Arrays.toString(v.strides())
                    + ") ->\n" + v);
            v.setDouble(100, 0, 0);
            System.out.println("after v[0, 0] = 100, a[2, 1] = " + a.getDouble(2, 1));
            System.out.println("a.transpose() ->\n" + a.transpose());
            try (NDArray i16 = a.astype(DType.INT16)) {
                System.out.println("a.astype(int16) ->\n" + i16);
            }
        }
        System.out.println("live native bytes after close: " + NDArray.liveNativeBytes());

        section("Arithmetic: broadcasting, promotion, in place");
        ComputeSection.run();

        section("Reductions and matmul");
        ReduceSection.run();

        section("NumPy files: .npy and .npz");
        IoSection.run();

        section("DLPack: zero-copy exchange with native runtimes");
        DLPackSection.run();

        section("Shape tools, sorting, random arrays");
        ShapeSection.run();

        section("Threads sharing one array: the seed program");
        ConcurrencySection.run();

        section("Python: NumPy in the same process, no copies");
        PythonSection.run();
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title + " " + "=".repeat(Math.max(0, 70 - title.length())));
    }
}
