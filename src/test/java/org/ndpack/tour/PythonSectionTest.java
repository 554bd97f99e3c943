package org.ndpack.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.ndpack.dlpack.DLPack;
import org.ndpack.python.PythonTesting;

/** The tour's Python section: NumPy's in-place change is seen in Java, and nothing is left owned. */
class PythonSectionTest {

    @Test
    void numPyChangesAJavaArrayInPlace() {
        PythonTesting.withNumPy(); // the interpreter the other tests use, so the section finds it running
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            PythonSection.run();
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        String after = out.substring(out.indexOf("Java sees a ="));
        assertTrue(after.matches("(?s).*\\[\\[ *0\\., *10\\., *20\\.\\],\\s*\\[ *30\\., *40\\., *-1\\.\\]\\].*"), out);
        assertTrue(out.contains("without a copy: array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)"), out);
        PythonTesting.collect();
        assertEquals(0, DLPack.liveExports(), "NumPy let go of the Java array");
        assertEquals(0, DLPack.liveImports(), "the imported NumPy array was closed");
    }
}
