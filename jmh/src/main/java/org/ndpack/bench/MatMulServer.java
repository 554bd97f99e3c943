package org.ndpack.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.ndpack.DType;
import org.ndpack.Generator;
import org.ndpack.NDArray;

/**
 * The Java half of {@code jmh/matmul_alternate.py}: a warm JVM that runs square matrix products on
 * request, so that the script can alternate NumPy's products and ndpack's every second or so
 * instead of every few minutes (the host's slow phases, when the two virtual CPUs share one core,
 * last seconds and otherwise fall on one side of a comparison). Not a JMH benchmark: JMH cannot
 * hand control back and forth with another process.
 *
 * <p>Protocol, one request per line on standard input: {@code n dtype reps} (dtype as
 * {@code float32} or {@code float64}). It runs {@code reps} products {@code A @ B} of two
 * {@code n x n} uniform arrays (made once per size and dtype, results closed each time) and prints
 * the median time of one product in milliseconds on a line of its own. Ends at the end of input.
 * Single-threaded by design; a malformed line ends it with the exception.
 */
public final class MatMulServer {
    private MatMulServer() {
    }

    /**
     * Serves requests until standard input ends.
     *
     * @param args none
     * @throws IOException if standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<String, NDArray[]> operands = new HashMap<>();
        for (String line; (line = in.readLine()) != null; ) {
            String[] p = line.trim().split(" ");
            int n = Integer.parseInt(p[0]);
            DType dtype = DType.valueOf(p[1].toUpperCase(java.util.Locale.ROOT));
            int reps = Integer.parseInt(p[2]);
            NDArray[] ab = operands.computeIfAbsent(n + " " + dtype, k -> new NDArray[] {
                    Generator.seeded(1).uniform(n, n).astype(dtype), Generator.seeded(2).uniform(n, n).astype(dtype)});
            long[] t = new long[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                ab[0].matmul(ab[1]).close();
                t[i] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            System.out.println(t[reps / 2] / 1e6);
            System.out.flush();
        }
    }
}
