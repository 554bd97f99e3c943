package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void smoke() {
        Python py = TestPython.get();
        System.out.println(py + " exe=" + py.executable());
        py.exec("x = 40 + 2\nimport sys");
        try (PyObject x = py.get("x")) {
            assertEquals(42, x.toLong());
            System.out.println(x + " " + x.repr() + " " + x.typeName());
        }
        System.out.println(py.eval("(sys.executable, sys.prefix, sys.path, __import__('numpy').__version__)") );
        PythonException e = assertThrows(PythonException.class, () -> py.exec("def f():\n  1/0\nf()"));
        System.out.println(e.pythonType() + " | " + e.pythonMessage() + " |\n" + e.pythonTraceback());
    }
}
