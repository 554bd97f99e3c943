package org.ndpack.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;

/** The tour's reduction section prints the keepDims shape and the broadcast batch shape, and
 * closes everything it allocates. */
class ReduceSectionTest {

    @Test
    void runsAndReleasesEverything() throws Exception {
        long before = Leaks.settledLiveBytes();
        String out = Console.capture(ReduceSection::run);
        assertTrue(out.contains("a.sum(axes {1}, keepDims) -> shape [3, 1]"), out);
        assertTrue(out.contains("x (2, 1, 3, 4) @ y (5, 4, 2) -> shape [2, 5, 3, 2]"), out);
        assertTrue(out.contains("drops its axis) -> shape [2, 1, 3]"), out);
        assertEquals(before, NDArray.liveNativeBytes(), "the section closes what it allocates");
    }
}
