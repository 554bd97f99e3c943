package org.ndpack.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.ndpack.internal.text.FloatDigits.Kind;

/**
 * The JDK shortcut of {@link FloatDigits} against its exact algorithm: on random bit patterns,
 * short decimals, integers and powers, with and without the cut-offs and minimums the array
 * printer uses, the digits are identical (the shortcut either gives the exact algorithm's answer
 * or declines). Needs no NumPy: {@link FloatDigitsGoldenTest} ties the exact algorithm to NumPy.
 */
class FloatDigitsTest {

    private static final int[][] CUTOFFS = {{-1, -1}, {8, -1}, {8, 0}, {3, 3}, {0, 0}, {12, 5}};

    @Test
    void shortcutAgreesWithTheExactAlgorithm() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            boolean dbl = r.nextBoolean();
            double v = switch (r.nextInt(5)) {
                case 0 -> dbl ? Double.longBitsToDouble(r.nextLong()) : Float.intBitsToFloat(r.nextInt());
                case 1 -> r.nextInt(-100000, 100000) / Math.pow(10, r.nextInt(0, 8));
                case 2 -> Math.scalb(1.0, r.nextInt(-1074, 1024));
                case 3 -> r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30));
                default -> r.nextLong(1, 100) * Math.pow(10, r.nextInt(-20, 20));
            };
            Kind kind = dbl ? Kind.DOUBLE : Kind.SINGLE;
            if (!dbl) {
                v = (float) v;
            }
            if (!Double.isFinite(v)) {
                continue;
            }
            int[] c = CUTOFFS[r.nextInt(CUTOFFS.length)];
            boolean fraction = r.nextBoolean();
            double x = v;
            assertEquals(FloatDigits.exactDigitsText(kind, v, fraction, c[0], c[1]),
                    FloatDigits.digitsText(kind, v, fraction, c[0], c[1]),
                    () -> kind + " " + x + " fraction=" + fraction + " cutoff=" + c[0] + " min=" + c[1]);
        }
    }
}
