package org.ndpack.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.dlpack.DLPack;

/** The tour's Python section: NumPy's in-place change is seen in Java, and nothing is left owned. */
class PythonSectionTest {

    @Test
    void numPyChangesAJavaArrayInPlace() throws Exception {
        TestPython.withNumPy(); // the interpreter the other tests use, so the section finds it running
        String out = Console.capture(PythonSection::run);
        String after = out.substring(out.indexOf("Java sees a ="));
        assertTrue(after.matches("(?s).*\\[\\[ *0\\., *10\\., *20\\.\\],\\s*\\[ *30\\., *40\\., *-1\\.\\]\\].*"), out);
        assertTrue(out.contains("without a copy: array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)"), out);
        TestPython.collect();
        assertEquals(0, DLPack.liveExports(), "NumPy let go of the Java array");
        assertEquals(0, DLPack.liveImports(), "the imported NumPy array was closed");
    }
}
