package org.ndpack.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the subset of Python literal syntax that {@code .npy} headers use (what Python's
 * {@code ast.literal_eval} would accept for them): dicts, lists, tuples, strings (single or double
 * quoted, optional {@code u} prefix, the common backslash escapes), integers (optional sign,
 * optional Python 2 {@code L} suffix), {@code True}, {@code False} and {@code None}.
 *
 * <p>Values map to Java as: dict to {@code Map<Object, Object>} (in source order), list to
 * {@code List<Object>}, tuple to {@link Tuple}, str to {@code String}, int to
 * {@link BigInteger} (or {@link HugeInt} when it has more than {@link #MAX_DIGITS} significant
 * digits: such a number is counted, never converted, so a million-digit extent costs a linear scan
 * rather than a quadratic conversion), bool to {@code Boolean}, None to {@link #NONE}. A key
 * repeated within one dict is rejected (Python would silently keep the last). Nesting deeper than
 * 32 levels is rejected, so no input can exhaust the stack. Messages quote at most a few dozen
 * characters of the text. Stateless and thread-safe.
 */
final class PyLiteral {
    /** A Python tuple. */
    record Tuple(List<Object> items) {
    }

    /**
     * An integer literal too long to be worth converting: more than {@link #MAX_DIGITS}
     * significant digits (no 64-bit field of a header can hold it).
     *
     * @param negative its sign
     * @param digits its number of significant digits
     */
    record HugeInt(boolean negative, int digits) {
        @Override
        public String toString() {
            return (negative ? "-" : "") + "<integer of " + digits + " digits>";
        }
    }

    /** Integers with more significant digits than this are not converted (a long has 19). */
    static final int MAX_DIGITS = 40;

    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final int MAX_DEPTH = 32;

    /** Thrown for text that is not a literal of the subset; the message says where and why. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String s;
    private int pos;

    private PyLiteral(String s) {
        this.s = s;
    }

    /**
     * Parses {@code text}, which must hold exactly one literal (surrounding whitespace allowed).
     *
     * @throws SyntaxException if it does not; the message names the position and what was found
     */
    static Object parse(String text) throws SyntaxException {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.found() + " after the literal");
        }
        return v;
    }

    private SyntaxException error(String what) {
        return new SyntaxException(what + " at offset " + pos);
    }

    private String found() {
        if (pos >= s.length()) {
            return "end of text";
        }
        char c = s.charAt(pos);
        return c >= ' ' && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
                pos++;
            } else {
                break;
            }
        }
    }

    private boolean accept(char c) {
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Object value(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("literal nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= s.length()) {
            throw error("expected a value but found end of text");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '[':
                pos++;
                return items(']', depth).values();
            case '(':
                return parenthesised(depth);
            case '\'':
            case '"':
                return string();
            default:
                break;
        }
        if (c == 'u' && pos + 1 < s.length() && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
            pos++;
            return string();
        }
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String word = s.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    pos = start;
                    throw error("unexpected name '" + Excerpt.of(word, 40) + "' (not a literal)");
            }
        }
        throw error("unexpected " + found());
    }

    private Map<Object, Object> dict(int depth) throws SyntaxException {
        pos++; // '{'
        Map<Object, Object> m = new LinkedHashMap<>();
        while (true) {
            if (accept('}')) {
                return m;
            }
            int keyAt = pos;
            Object k = value(depth + 1);
            if (!accept(':')) {
                throw error("expected ':' after a dict key but found " + found());
            }
            Object v = value(depth + 1);
            if (m.containsKey(k)) {
                pos = keyAt;
                throw error("dict key " + repr(k) + " repeated");
            }
            m.put(k, v);
            if (accept('}')) {
                return m;
            }
            if (!accept(',')) {
                throw error("expected ',' or '}' in a dict but found " + found());
            }
        }
    }

    /** The items between brackets, and whether any comma separated or followed them. */
    private record Items(List<Object> values, boolean comma) {
    }

    /** Parses items up to {@code close}; the opening bracket is already consumed. */
    private Items items(char close, int depth) throws SyntaxException {
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            if (accept(close)) {
                return new Items(items, comma);
            }
            items.add(value(depth + 1));
            if (accept(close)) {
                return new Items(items, comma);
            }
            if (!accept(',')) {
                throw error("expected ',' or '" + close + "' but found " + found());
            }
            comma = true;
        }
    }

    private Object parenthesised(int depth) throws SyntaxException {
        pos++; // '('
        Items it = items(')', depth);
        if (it.values().size() == 1 && !it.comma()) {
            return it.values().get(0); // "(x)" is x, not a tuple
        }
        return new Tuple(List.copyOf(it.values()));
    }

    private String string() throws SyntaxException {
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("string literal not closed");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\n') {
                throw error("string literal not closed before the end of the line");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("string literal not closed");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '\\', '\'', '"' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case 'x' -> {
                    if (pos + 2 > s.length()) {
                        throw error("truncated \\x escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 2), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\x escape");
                    }
                    pos += 2;
                }
                default -> throw error("unsupported escape '\\" + e + "' in a string literal");
            }
        }
    }

    private Object integer() throws SyntaxException {
        int start = pos;
        boolean negative = false;
        while (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
            negative ^= s.charAt(pos) == '-';
            pos++;
            skipSpace();
        }
        int digits = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digits) {
            pos = start;
            throw error("expected digits after a sign");
        }
        int significant = digits;
        while (significant < pos - 1 && s.charAt(significant) == '0') {
            significant++;
        }
        int count = pos - significant;
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
            pos++; // Python 2 long
        }
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                || s.charAt(pos) == 'x' || s.charAt(pos) == 'j' || Character.isLetter(s.charAt(pos)))) {
            throw error("unexpected " + found() + " in an integer (only decimal integers are supported)");
        }
        if (count > MAX_DIGITS) {
            return new HugeInt(negative, count);
        }
        BigInteger v = new BigInteger(s.substring(significant, significant + count));
        return negative ? v.negate() : v;
    }

    /** {@return {@code v} written as Python's repr would write it (for messages)} */
    static String repr(Object v) {
        if (v instanceof String str) {
            StringBuilder sb = new StringBuilder("'");
            for (char c : str.toCharArray()) {
                if (c == '\'' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < ' ' || c == 0x7f) {
                    sb.append(String.format("\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append('\'').toString();
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Tuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.items().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(repr(t.items().get(i)));
            }
            return sb.append(t.items().size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }
}
