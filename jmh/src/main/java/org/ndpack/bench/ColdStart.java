package org.ndpack.bench;

import java.nio.file.Path;

import org.ndpack.Generator;
import org.ndpack.NDArray;
import org.ndpack.NDScope;
import org.ndpack.io.Npy;

/**
 * The cold-start program of issue 14, as a new user writes it: load a 1000 x 50 float64
 * {@code .npy}, standardise its columns, take the Gram matrix with {@code matmul}, the
 * {@code argmax} of each row, and save it. Not a JMH benchmark: its point is the first call of
 * everything in a fresh JVM, so {@code jmh/coldstart.sh} runs it as a whole process, many times,
 * with and without the Vector API module.
 *
 * <p>{@code ColdStart --make-input x.npy} writes the input (seeded normal values);
 * {@code ColdStart x.npy out.npy} runs the program and prints the time of its parts (load and
 * standardise, matmul, argmax and save) and the total, in milliseconds, on one line.
 */
public final class ColdStart {
    private ColdStart() {
    }

    /**
     * Runs the program or writes its input; see the class comment.
     *
     * @param args {@code --make-input <file>} or {@code <input> <output>}
     * @throws Exception on an I/O error
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--make-input")) {
            try (NDArray x = Generator.seeded(14).normal(1000, 50).mul(3.0).add(1.0)) {
                Npy.write(Path.of(args[1]), x);
            }
            return;
        }
        long t0 = System.nanoTime();
        long t1;
        long t2;
        try (NDScope s = NDScope.open()) {
            NDArray x = Npy.read(Path.of(args[0]));
            NDArray z = x.sub(x.mean(0)).div(x.std(0));
            t1 = System.nanoTime();
            NDArray g = z.matmul(z.transpose());
            t2 = System.nanoTime();
            Npy.write(Path.of(args[1]), g.argmax(1));
        }
        long t3 = System.nanoTime();
        // no String.format: its first use costs tens of milliseconds of locale set-up
        System.out.println("load+standardise " + (t1 - t0) / 1_000_000 + " matmul " + (t2 - t1) / 1_000_000
                + " argmax+save " + (t3 - t2) / 1_000_000 + " total " + (t3 - t0) / 1_000_000);
    }
}
