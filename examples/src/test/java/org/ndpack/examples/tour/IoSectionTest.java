package org.ndpack.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;

/** The tour's file section runs without Python, shows the write made through the mapping, and
 * leaves no native memory behind. */
class IoSectionTest {

    @Test
    void runsAndReleasesEverything() throws Exception {
        long before = Leaks.settledLiveBytes();
        String out = Console.capture(IoSection::run);
        assertTrue(out.contains("[ 3.,  4., 42.]]"), out);
        assertTrue(out.contains("Npz.read(arrays.npz)[mask] = array([ True, False,  True])"), out);
        assertEquals(before, NDArray.liveNativeBytes(), "the section closes what it allocates");
    }
}
