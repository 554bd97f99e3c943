package org.ndpack;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import org.ndpack.internal.memory.Memory;

/**
 * A child JVM for {@link LoggingTest} (plain {@code main}, on the class path of the test build).
 * Argument "kernels": four threads run element-wise, reduction and matrix-product kernels, then the
 * kernel info is printed. Argument "release-failure": a memory whose release action throws is
 * closed. What ndpack logs goes wherever the JVM's logging configuration sends it.
 */
public final class LoggingChild {
    private LoggingChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "kernels" -> {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    threads.add(Thread.ofPlatform().start(LoggingChild::compute));
                }
                for (Thread t : threads) {
                    t.join();
                }
                System.out.println("kernelInfo " + NDArray.kernelInfo());
            }
            case "release-failure" -> {
                try (Arena arena = Arena.ofConfined()) {
                    Memory m = Memory.wrap(arena.allocate(16), () -> {
                        throw new IllegalStateException("release refused");
                    });
                    System.out.println("closed " + m.close());
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void compute() {
        for (int i = 0; i < 20; i++) {
            try (NDScope scope = NDScope.open()) {
                NDArray a = NDArray.arange(DType.FLOAT64, 0, 4096, 1).reshape(64, 64);
                if (a.add(a).mul(2.0f).sum(0).getDouble(0) < 0 || a.matmul(a).getDouble(0, 0) < 0) {
                    throw new AssertionError();
                }
            }
        }
    }
}
