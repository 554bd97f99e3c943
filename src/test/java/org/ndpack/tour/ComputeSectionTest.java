package org.ndpack.tour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The compute section of the tour runs and prints NumPy's answers. */
class ComputeSectionTest {
    @Test
    void printsBroadcastingPromotionAndInPlaceResults() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            ComputeSection.run();
        } finally {
            System.setOut(old);
        }
        // compare without blanks: the repr pads columns as NumPy does
        String out = buf.toString(StandardCharsets.UTF_8).replace(" ", "");
        assertTrue(out.contains("array([2,3,-32768],dtype=int16)"), out);
        assertTrue(out.contains("int16+uint8->int16,int16+0.5->float64"), out);
        assertTrue(out.contains("array([0,1,3,5,7,9],dtype=int32)"), out);
        assertTrue(out.contains("[20.,-21.,-22.,23.]]"), out);
    }
}
