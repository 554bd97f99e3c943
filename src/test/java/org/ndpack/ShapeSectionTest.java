package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.ndpack.tour.ShapeSection;

/** The tour section runs, prints every step, and releases all it allocates. */
class ShapeSectionTest {
    @Test
    void tourSectionRunsAndLeaksNothing() throws InterruptedException {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long before = LifetimeTest.settle(); // garbage of earlier tests released first
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            ShapeSection.run();
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        for (String step : new String[] {"concatenate", "split", "stack", "tile", "repeat", "pad", "sort()", "argsort()"}) {
            assertTrue(out.contains(step), "missing " + step + " in:\n" + out);
        }
        assertTrue(out.contains("nan"), out);
        assertEquals(before, NDArray.liveNativeBytes());
    }
}
