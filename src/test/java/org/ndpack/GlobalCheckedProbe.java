package org.ndpack;

import static org.ndpack.testing.Internals.impl;

import java.util.concurrent.CountDownLatch;

import org.ndpack.internal.concurrent.OpScope;

/**
 * Run in a JVM of its own by {@link CheckedModeTest}: holds a "fill" of a plain array open on one
 * thread, and writes an element of the array and copies it on another; prints whether checked mode
 * caught each race.
 */
public final class GlobalCheckedProbe {
    private GlobalCheckedProbe() {
    }

    /**
     * Prints {@code caught <op> vs <op>} or {@code not checked} for each attempt.
     *
     * @param args ignored
     * @throws InterruptedException never, in practice
     */
    public static void main(String[] args) throws InterruptedException {
        NDArray a = NDArray.zeros(DType.FLOAT32, 16);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread filler = new Thread(() -> {
            try (OpScope s = OpScope.enter("fill", impl(a), null)) {
                inside.countDown();
                leave.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        filler.start();
        inside.await();
        String result = attempt(() -> a.setDouble(1, 3)) + "; " + attempt(() -> a.copy().close());
        leave.countDown();
        filler.join();
        System.out.println(result);
    }

    private static String attempt(Runnable r) {
        try {
            r.run();
            return "not checked";
        } catch (ConcurrentAccessException e) {
            return "caught " + e.operation() + " vs " + e.conflictingOperation();
        }
    }
}
