package org.ndpack.io;

import org.ndpack.internal.layout.Shapes;

/**
 * Keeps error messages short: text taken from a file (a header, a key, a dtype string) is quoted
 * up to a bound and then cut with an ellipsis that states the full length, so a hostile file
 * cannot make a message of megabytes. Stateless and thread-safe.
 */
final class Excerpt {
    /** The most characters of input text a message quotes. */
    static final int MAX = Shapes.QUOTED_CHARS;

    private Excerpt() {
    }

    /** {@return {@code text}, or its first {@link #MAX} characters and a note of its length} */
    static String of(String text) {
        return of(text, MAX);
    }

    /** {@return {@code text}, or its first {@code max} characters and a note of its length} */
    static String of(String text, int max) {
        return Shapes.excerpt(text, max);
    }
}
