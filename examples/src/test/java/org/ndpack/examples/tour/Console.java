package org.ndpack.examples.tour;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what a piece of code prints, for the tests of the tour's sections. */
final class Console {
    private Console() {
    }

    /** Code that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * {@return everything {@code body} printed to {@code System.out}}; {@code System.out} is
     * restored however {@code body} ends. Not for tests that run in parallel.
     */
    static String capture(Body body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
