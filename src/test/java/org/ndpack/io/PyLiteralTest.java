package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header literal parser: the Python subset it accepts, what each becomes, what it refuses. */
class PyLiteralTest {

    private static Object parse(String s) throws PyLiteral.SyntaxException {
        return PyLiteral.parse(s);
    }

    @Test
    void parsesTheHeaderNumPyWrites() throws Exception {
        Object v = parse("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }          \n");
        Map<?, ?> d = (Map<?, ?>) v;
        assertEquals(List.of("descr", "fortran_order", "shape"), List.copyOf(d.keySet()));
        assertEquals("<f8", d.get("descr"));
        assertEquals(Boolean.FALSE, d.get("fortran_order"));
        assertEquals(new PyLiteral.Tuple(List.of(BigInteger.valueOf(3), BigInteger.valueOf(4))), d.get("shape"));
    }

    @Test
    void tuplesFollowPythonsCommaRule() throws Exception {
        assertEquals(new PyLiteral.Tuple(List.of()), parse("()"));
        assertEquals(new PyLiteral.Tuple(List.of(BigInteger.TWO)), parse("(2,)"));
        assertEquals(BigInteger.TWO, parse("(2)"), "parentheses alone make no tuple");
        assertEquals(new PyLiteral.Tuple(List.of(BigInteger.ONE, BigInteger.TWO)), parse("( 1 ,2 , )"));
        assertEquals(List.of(BigInteger.ONE, List.of()), parse("[1, []]"));
    }

    @Test
    void scalarsStringsAndEscapes() throws Exception {
        assertEquals(Boolean.TRUE, parse("True"));
        assertEquals(PyLiteral.NONE, parse(" None "));
        assertEquals(BigInteger.valueOf(-12), parse("-12"));
        assertEquals(BigInteger.valueOf(12), parse("12L"), "Python 2 long suffix");
        assertEquals(new BigInteger("123456789012345678901234567890"), parse("123456789012345678901234567890"));
        assertEquals("a'b\"c\\\n", parse("'a\\'b\"c\\\\\\n'"));
        assertEquals("<i4", parse("u\"<i4\""));
        assertEquals("\u00e9A", parse("'\u00e9\\x41'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{'a' 1}", "{'a': }", "(1 2)", "[1,,2]", "'open", "1.5", "0x10", "3j",
        "os.system", "{'a': 1} {}", "- ", "'\\q'", "'\\x4'", "{'a': 1, 'a': 2}"})
    void refusesWhatIsNotALiteralOfTheSubset(String text) {
        PyLiteral.SyntaxException e = assertThrows(PyLiteral.SyntaxException.class, () -> parse(text));
        assertTrue(e.getMessage().contains("at offset"), e.getMessage());
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        PyLiteral.SyntaxException e = assertThrows(PyLiteral.SyntaxException.class, () -> parse(deep));
        assertTrue(e.getMessage().contains("nested deeper than 32"), e.getMessage());
    }

    @Test
    void reprWritesPythonSyntax() throws Exception {
        String text = "{'s': 'it\\'s', 't': (1,), 'u': (), 'l': [True, None, -3]}";
        assertEquals(text, PyLiteral.repr(parse(text)));
    }
}
