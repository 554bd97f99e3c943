package org.ndpack;

import java.util.Arrays;

import org.ndpack.internal.array.ArrayImpl;

/** Turns the typed basic index of {@link NDArray#slice(Index...)} into the arrays {@link ArrayImpl#slice} reads. */
final class Slicing {
    private Slicing() {
    }

    /** {@return the view of {@code a} that {@code index} selects} */
    static ArrayImpl apply(ArrayImpl a, Index[] index) {
        int n = index.length;
        int[] kinds = new int[n];
        long[] starts = new long[n];
        boolean[] hasStart = new boolean[n];
        long[] stops = new long[n];
        boolean[] hasStop = new boolean[n];
        long[] steps = new long[n];
        for (int i = 0; i < n; i++) {
            switch (index[i]) {
                case Index.At at -> {
                    kinds[i] = ArrayImpl.AT;
                    starts[i] = at.index();
                }
                case Index.Range r -> {
                    kinds[i] = ArrayImpl.RANGE;
                    hasStart[i] = r.start().isPresent();
                    starts[i] = r.start().orElse(0);
                    hasStop[i] = r.stop().isPresent();
                    stops[i] = r.stop().orElse(0);
                    steps[i] = r.step();
                }
                case Index.Ellipsis e -> kinds[i] = ArrayImpl.ELLIPSIS;
                case Index.NewAxis na -> kinds[i] = ArrayImpl.NEW_AXIS;
            }
        }
        return a.slice(Arrays.toString(index), kinds, starts, hasStart, stops, hasStop, steps);
    }
}
