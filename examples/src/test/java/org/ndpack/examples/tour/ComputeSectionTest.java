package org.ndpack.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;

/** The compute section of the tour runs, prints NumPy's answers, and closes what it allocates. */
class ComputeSectionTest {
    @Test
    void printsBroadcastingPromotionAndInPlaceResults() throws Exception {
        // compare without blanks: the repr pads columns as NumPy does
        long before = Leaks.settledLiveBytes();
        String out = Console.capture(ComputeSection::run).replace(" ", "");
        assertEquals(before, NDArray.liveNativeBytes(), "the section closes what it allocates");
        assertTrue(out.contains("array([2,3,-32768],dtype=int16)"), out);
        assertTrue(out.contains("int16+uint8->int16,int16+0.5->float64"), out);
        assertTrue(out.contains("array([0,1,3,5,7,9],dtype=int32)"), out);
        assertTrue(out.contains("[20.,-21.,-22.,23.]]"), out);
    }
}
