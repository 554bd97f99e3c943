package org.ndpack.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.ndpack.NDArray;
import org.ndpack.io.IoTestSupport;

/** The tour's file section runs without Python, shows the write made through the mapping, and
 * leaves no native memory behind. */
class IoSectionTest {

    @Test
    void runsAndReleasesEverything() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long before = IoTestSupport.settledLiveBytes();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            IoSection.run();
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[ 3.,  4., 42.]]"), out);
        assertTrue(out.contains("Npz.read(arrays.npz)[mask] = array([ True, False,  True])"), out);
        assertEquals(before, NDArray.liveNativeBytes(), "the section closes what it allocates");
    }
}
