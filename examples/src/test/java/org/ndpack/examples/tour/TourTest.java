package org.ndpack.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.dlpack.DLPack;

/**
 * The README's first command end to end: the tour runs every section in order, none of them
 * skipped (NumPy is present wherever the Python tests run), and a run leaves no native memory,
 * import or export behind.
 */
class TourTest {
    private static final String[] SECTIONS = {
        "Arrays and views", "Arithmetic", "Reductions and matmul", "NumPy files", "DLPack",
        "Shape tools", "Threads sharing one array", "Python",
    };

    @Test
    void runsEverySectionAndLeavesNothingBehind() throws Exception {
        // the interpreter the other tests use, so the tour finds it running; what earlier tests
        // left under the names the tour's Python code uses is dropped first, or the tour's
        // rebinding of those names would release it and hide a leak of the same size
        TestPython.withNumPy().exec("for _n in ('x', 'v', 'w'):\n    globals().pop(_n, None)");
        TestPython.collect();
        long before = Leaks.settledLiveBytes();
        String out = Console.capture(() -> Tour.main(new String[0]));
        int at = -1;
        for (String s : SECTIONS) {
            int i = out.indexOf("== " + s);
            assertTrue(i > at, "section \"" + s + "\" missing or out of order in:\n" + out);
            at = i;
        }
        assertFalse(out.contains("(skipped"), out);
        assertTrue(out.contains("a.locked():     finished"), out);
        TestPython.collect();
        assertEquals(before, Leaks.settledLiveBytes(), "the tour closes (or lets go of) everything it allocates");
        assertEquals(0, DLPack.liveImports());
        assertEquals(0, DLPack.liveExports());
    }
}
