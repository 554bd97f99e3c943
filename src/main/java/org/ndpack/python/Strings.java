package org.ndpack.python;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Text between Java and Python, exactly: both are sequences of UTF-16 code units on Java's side
 * and code points on Python's, and the conversion goes through UTF-16 with
 * {@code "surrogatepass"}, so every Java string (unpaired surrogates and NUL included) becomes the
 * Python {@code str} of the same code points and back.
 *
 * <p>Constant C strings used on hot paths are allocated once, here, in the global arena.
 */
final class Strings {
    private static final MemorySegment UTF16 = Arena.global().allocateFrom(
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "utf-16-le" : "utf-16-be");
    private static final MemorySegment SURROGATEPASS = Arena.global().allocateFrom("surrogatepass");
    private static final int BYTE_ORDER = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? -1 : 1;

    private Strings() {
    }

    /** {@return a NUL-terminated UTF-8 copy of {@code s} in the global arena, for constants} */
    static MemorySegment constant(String s) {
        return Arena.global().allocateFrom(s);
    }

    /**
     * {@return {@code s} for an error message: as it is up to 200 characters, else cut there with a
     * note of its length} (this package uses only ndpack's public API, so it keeps its own cut)
     */
    static String excerpt(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " characters in all)";
    }

    /**
     * {@return a UTF-8 C string of {@code s} in {@code arena}}
     *
     * @throws IllegalArgumentException if {@code s} contains NUL, which C strings cannot carry
     */
    static MemorySegment cString(Arena arena, String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " \"" + excerpt(s.replace("\0", "\\0"))
                    + "\": must not contain the NUL character");
        }
        return arena.allocateFrom(s);
    }

    /**
     * Creates a Python {@code str} from {@code s}. Needs the GIL.
     *
     * @return a new reference, or 0 with a Python error set
     */
    static long toPython(String s) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chars = arena.allocate(ValueLayout.JAVA_CHAR, Math.max(1, s.length()));
            MemorySegment.copy(s.toCharArray(), 0, chars, ValueLayout.JAVA_CHAR, 0, s.length());
            MemorySegment order = arena.allocateFrom(ValueLayout.JAVA_INT, BYTE_ORDER);
            return CApi.decodeUtf16(chars.address(), 2L * s.length(), SURROGATEPASS.address(), order.address());
        }
    }

    /**
     * Reads a Python {@code str} into Java. Needs the GIL.
     *
     * @param unicode a {@code str} object (borrowed)
     * @return the text, or null with a Python error set
     */
    static String fromPython(long unicode) {
        long bytes = CApi.encode(unicode, UTF16.address(), SURROGATEPASS.address());
        if (bytes == 0) {
            return null;
        }
        try {
            long n = CApi.bytesSize(bytes);
            long data = CApi.bytesAsString(bytes);
            char[] chars = new char[(int) (n / 2)];
            MemorySegment.copy(MemorySegment.ofAddress(data).reinterpret(n), ValueLayout.JAVA_CHAR, 0,
                    chars, 0, chars.length);
            return new String(chars);
        } finally {
            CApi.decRef(bytes);
        }
    }

    /**
     * {@return {@code str(o)} (or {@code repr(o)}) as Java text, or null with a Python error set}
     * Needs the GIL.
     */
    static String str(long o, boolean repr) {
        long s = repr ? CApi.repr(o) : CApi.str(o);
        if (s == 0) {
            return null;
        }
        try {
            return fromPython(s);
        } finally {
            CApi.decRef(s);
        }
    }
}
