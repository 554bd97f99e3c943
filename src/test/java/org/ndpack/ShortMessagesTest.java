package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Issue 16: an error message quotes at most a few hundred characters of the caller's input. */
class ShortMessagesTest {

    private static void shortAndNoted(Class<? extends Exception> type, Executable call, String start, String note) {
        Exception e = assertThrows(type, call);
        String m = e.getMessage();
        assertTrue(m.length() < 450, () -> m.length() + " characters: " + m.substring(0, 120));
        assertTrue(m.startsWith(start), m);
        assertTrue(m.contains(note), m);
    }

    @Test
    void aHugeSliceStringIsCut() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3, 4)) {
            String text = "1:2,".repeat(3000) + "zz";
            shortAndNoted(IllegalArgumentException.class, () -> a.slice(text), "index \"1:2,1:2",
                    "(" + text.length() + " characters in all)");
            String entry = "x".repeat(5000);
            shortAndNoted(IllegalArgumentException.class, () -> a.slice(entry), "index \"xxx", "5000 characters in all");
        }
    }

    @Test
    void aHugeIndexOrAxisListIsCut() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3, 4)) {
            shortAndNoted(IndexOutOfBoundsException.class, () -> a.getDouble(new long[5000]),
                    "index [0, 0,", "(5000 entries in all)] has 5000 entries");
            shortAndNoted(IllegalArgumentException.class, () -> a.transpose(new int[300]),
                    "axes [0, 0,", "(300 entries in all)]");
            shortAndNoted(IllegalArgumentException.class, () -> a.sum(new int[300], false),
                    "duplicate value in 'axis': axes [0, 0,", "(300 entries in all)]");
        }
    }

    @Test
    void aShortListIsQuotedWhole() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 3, 4)) {
            Exception e = assertThrows(IndexOutOfBoundsException.class, () -> a.getDouble(1, 2, 3));
            assertTrue(e.getMessage().startsWith("index [1, 2, 3] has 3 entries"), e.getMessage());
        }
    }

    @Test
    void aHugeNameIsCut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String name = "q".repeat(5000);
        shortAndNoted(IllegalArgumentException.class, () -> DType.fromNumpyName(name), "dtype name 'qqq",
                "(5000 characters)");
        NDArray closed = NDArray.zeros(DType.FLOAT32, 2);
        closed.close();
        shortAndNoted(IllegalStateException.class,
                () -> org.ndpack.io.Npz.write(dir.resolve("a.npz"), java.util.Map.of(name, closed)), "array 'qqq",
                "(5000 characters in all)");
    }
}
