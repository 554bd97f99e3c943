package org.ndpack;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.ndpack.internal.layout.Shapes;

/**
 * One entry of a NumPy basic index, the typed form of the strings {@link NDArray#slice(String)}
 * takes: an integer ({@code 3}, removes the axis), a range ({@code 1:5:2}, keeps it), the
 * ellipsis ({@code ...}, as many full ranges as needed) or a new axis ({@code None}).
 *
 * {@snippet :
 * NDArray v = a.slice(Index.range(1, 5, 2), Index.ellipsis(), Index.reversed(), Index.at(3), Index.newAxis());
 * // the same view as a.slice("1:5:2, ..., ::-1, 3, None")
 * }
 *
 * <h2>Guarantees</h2>
 * Immutable, thread-safe values; no nulls.
 */
public sealed interface Index {

    /**
     * An integer index: selects one position and removes the axis; negative counts from the end.
     *
     * @param index the position
     */
    record At(long index) implements Index {
        @Override
        public String toString() {
            return Long.toString(index);
        }
    }

    /**
     * A range {@code start:stop:step} with NumPy's defaults and clamping for omitted or
     * out-of-range bounds.
     *
     * @param start first position, or empty for the default (0, or the last one when {@code step < 0})
     * @param stop  position to stop before, or empty for the default (past the end in the
     *              direction of step)
     * @param step  the step, never 0
     */
    record Range(OptionalLong start, OptionalLong stop, long step) implements Index {
        /**
         * Checks the step.
         *
         * @throws IllegalArgumentException if {@code step} is 0
         */
        public Range {
            if (step == 0) {
                throw new IllegalArgumentException("slice step cannot be zero");
            }
        }

        @Override
        public String toString() {
            return (start.isPresent() ? Long.toString(start.getAsLong()) : "")
                    + ":" + (stop.isPresent() ? Long.toString(stop.getAsLong()) : "")
                    + (step == 1 ? "" : ":" + step);
        }
    }

    /** The ellipsis {@code ...}: full ranges for all axes not otherwise indexed. */
    record Ellipsis() implements Index {
        @Override
        public String toString() {
            return "...";
        }
    }

    /** A new axis of extent 1 ({@code None} / {@code np.newaxis}). */
    record NewAxis() implements Index {
        @Override
        public String toString() {
            return "None";
        }
    }

    /**
     * {@return an integer index}
     *
     * @param index the position, negative counting from the end
     */
    static Index at(long index) {
        return new At(index);
    }

    /**
     * {@return the range {@code start:stop}}
     *
     * @param start the first position
     * @param stop the position to stop before
     */
    static Index range(long start, long stop) {
        return new Range(OptionalLong.of(start), OptionalLong.of(stop), 1);
    }

    /**
     * {@return the range {@code start:stop:step}}
     *
     * @param start the first position
     * @param stop the position to stop before
     * @param step the step, negative to walk backwards
     * @throws IllegalArgumentException if {@code step} is 0
     */
    static Index range(long start, long stop, long step) {
        return new Range(OptionalLong.of(start), OptionalLong.of(stop), step);
    }

    /**
     * {@return the range {@code start:}}
     *
     * @param start the first position
     */
    static Index from(long start) {
        return new Range(OptionalLong.of(start), OptionalLong.empty(), 1);
    }

    /**
     * {@return the range {@code :stop}}
     *
     * @param stop the position to stop before
     */
    static Index to(long stop) {
        return new Range(OptionalLong.empty(), OptionalLong.of(stop), 1);
    }

    /** {@return the full range {@code :}} */
    static Index all() {
        return new Range(OptionalLong.empty(), OptionalLong.empty(), 1);
    }

    /**
     * {@return the range {@code ::step}}
     *
     * @param step the step, negative to walk backwards
     * @throws IllegalArgumentException if {@code step} is 0
     */
    static Index step(long step) {
        return new Range(OptionalLong.empty(), OptionalLong.empty(), step);
    }

    /** {@return the reversed full range {@code ::-1}} */
    static Index reversed() {
        return step(-1);
    }

    /** {@return the ellipsis {@code ...}} */
    static Index ellipsis() {
        return new Ellipsis();
    }

    /** {@return a new axis ({@code None})} */
    static Index newAxis() {
        return new NewAxis();
    }

    /**
     * Parses NumPy index syntax: entries separated by commas, each an integer, a range
     * {@code [start]:[stop][:step]}, {@code ...}, or {@code None}/{@code newaxis}. Spaces are
     * ignored; an empty string is an empty index (the whole array).
     *
     * @param text the index, as written between the brackets of a NumPy subscript
     * @return the entries
     * @throws IllegalArgumentException if an entry is not of these forms; the message quotes it
     */
    static List<Index> parse(String text) {
        List<Index> out = new ArrayList<>();
        String t = text.strip();
        if (t.isEmpty()) {
            return out;
        }
        for (String raw : t.split(",", -1)) {
            String e = raw.strip();
            try {
                if (e.equals("...")) {
                    out.add(ellipsis());
                } else if (e.equals("None") || e.equals("newaxis") || e.equals("np.newaxis")) {
                    out.add(newAxis());
                } else if (e.indexOf(':') >= 0) {
                    String[] p = e.split(":", -1);
                    if (p.length > 3) {
                        throw new IllegalArgumentException("too many ':'");
                    }
                    OptionalLong start = bound(p[0]);
                    OptionalLong stop = bound(p[1]);
                    OptionalLong step = p.length == 3 ? bound(p[2]) : OptionalLong.empty();
                    out.add(new Range(start, stop, step.orElse(1)));
                } else {
                    out.add(at(Long.parseLong(e)));
                }
            } catch (IllegalArgumentException ex) {
                // quoted in part: the string, its entry and the parse error repeat a huge input
                throw new IllegalArgumentException("index \"" + Shapes.excerpt(text, 100) + "\": entry \""
                        + Shapes.excerpt(e, 60) + "\" is not an integer, a range start:stop:step, '...' or 'None' ("
                        + Shapes.excerpt(String.valueOf(ex.getMessage()), 60) + ")", ex);
            }
        }
        return out;
    }

    private static OptionalLong bound(String s) {
        String b = s.strip();
        return b.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(b));
    }
}
