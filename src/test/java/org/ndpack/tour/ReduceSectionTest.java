package org.ndpack.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;
import org.ndpack.io.IoTestSupport;

/** The tour's reduction section prints the keepDims shape and the broadcast batch shape, and
 * closes everything it allocates. */
class ReduceSectionTest {

    @Test
    void runsAndReleasesEverything() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long before = IoTestSupport.settledLiveBytes();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            ReduceSection.run();
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("a.sum(axes {1}, keepDims) -> shape [3, 1]"), out);
        assertTrue(out.contains("x (2, 1, 3, 4) @ y (5, 4, 2) -> shape [2, 5, 3, 2]"), out);
        assertTrue(out.contains("drops its axis) -> shape [2, 1, 3]"), out);
        assertEquals(before, NDArray.liveNativeBytes(), "the section closes what it allocates");
    }
}
