package org.ndpack.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;

/** The tour section runs, prints every step, and releases all it allocates. */
class ShapeSectionTest {
    @Test
    void tourSectionRunsAndLeaksNothing() throws Exception {
        long before = Leaks.settledLiveBytes(); // garbage of earlier tests released first
        String out = Console.capture(ShapeSection::run);
        for (String step : new String[] {"concatenate", "split", "stack", "tile", "repeat", "pad", "sort()", "argsort()"}) {
            assertTrue(out.contains(step), "missing " + step + " in:\n" + out);
        }
        assertTrue(out.contains("nan"), out);
        assertEquals(before, NDArray.liveNativeBytes());
    }
}
