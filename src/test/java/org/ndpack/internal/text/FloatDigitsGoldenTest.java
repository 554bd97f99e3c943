package org.ndpack.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.ndpack.internal.text.FloatDigits.Kind;
import org.ndpack.internal.text.FloatDigits.Trim;
import org.ndpack.testing.NumPy;

/**
 * Compares {@link FloatDigits} with NumPy's {@code format_float_positional} and
 * {@code format_float_scientific} on random float16, float32 and float64 values (random bit
 * patterns, subnormals, short decimals, integers, powers of two and ten) under the argument
 * combinations the array printer uses and a few others.
 */
class FloatDigitsGoldenTest {

    /** One call: positional or scientific, with its arguments. */
    private record Call(boolean sci, int precision, int minDigits, Trim trim, boolean sign, int padLeft, int padRightOrExp) {
        String python(String x) {
            String t = switch (trim) {
                case KEEP -> "k";
                case ZEROS -> ".";
                case LEAVE_ONE_ZERO -> "0";
                case DPT_ZEROS -> "-";
            };
            String common = "precision=" + none(precision) + ", min_digits=" + none(minDigits) + ", unique=True, trim='"
                    + t + "', sign=" + (sign ? "True" : "False") + ", pad_left=" + none(padLeft);
            return sci
                    ? "np.format_float_scientific(" + x + ", " + common + ", exp_digits=" + none(padRightOrExp) + ")"
                    : "np.format_float_positional(" + x + ", " + common + ", fractional=True, pad_right="
                            + none(padRightOrExp) + ")";
        }

        String java(Kind k, double v) {
            return sci ? FloatDigits.scientific(k, v, precision, minDigits, trim, sign, padLeft, padRightOrExp)
                    : FloatDigits.positional(k, v, precision, minDigits, trim, sign, padLeft, padRightOrExp);
        }

        private static String none(int x) {
            return x < 0 ? "None" : Integer.toString(x);
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call(false, 8, -1, Trim.ZEROS, false, -1, -1),
            new Call(false, 8, 0, Trim.ZEROS, false, 3, 9),
            new Call(false, -1, -1, Trim.KEEP, false, -1, -1),
            new Call(false, 3, 3, Trim.KEEP, true, 5, 6),
            new Call(false, 5, 2, Trim.LEAVE_ONE_ZERO, false, -1, -1),
            new Call(false, 4, -1, Trim.DPT_ZEROS, false, 2, 3),
            new Call(false, 0, -1, Trim.ZEROS, false, -1, -1),
            new Call(true, 8, -1, Trim.ZEROS, false, -1, -1),
            new Call(true, 8, 8, Trim.KEEP, false, 2, 3),
            new Call(true, 3, 3, Trim.KEEP, true, 1, 2),
            new Call(true, -1, -1, Trim.KEEP, false, -1, -1),
            new Call(true, 2, -1, Trim.DPT_ZEROS, false, -1, 1),
            new Call(true, 4, 1, Trim.LEAVE_ONE_ZERO, false, 3, -1),
            new Call(true, 0, 0, Trim.KEEP, false, -1, -1));

    private static double randomValue(Kind k, SplittableRandom r) {
        double v;
        switch (r.nextInt(6)) {
            case 0 -> v = switch (k) {
                case HALF -> Float.float16ToFloat((short) r.nextInt(1 << 16));
                case SINGLE -> Float.intBitsToFloat(r.nextInt());
                case DOUBLE -> Double.longBitsToDouble(r.nextLong());
            };
            case 1 -> v = Math.round(r.nextDouble() * Math.pow(10, r.nextInt(7))) / Math.pow(10, r.nextInt(6));
            case 2 -> v = r.nextLong(-100000, 100000);
            case 3 -> v = Math.scalb(1.0, r.nextInt(-40, 40));
            case 4 -> v = Math.pow(10, r.nextInt(-12, 12)) * (r.nextBoolean() ? 1 : -1);
            default -> v = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-10, 10));
        }
        return switch (k) {
            case HALF -> Float.float16ToFloat(Float.floatToFloat16((float) v));
            case SINGLE -> (float) v;
            case DOUBLE -> v;
        };
    }

    @Test
    void matchesNumPyFormatFloatFunctions() {
        NumPy.require();
        SplittableRandom r = new SplittableRandom(20240611);
        List<Kind> kinds = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double[] special = {0.0, -0.0, 1.0, 0.1, 5e-324, Double.MIN_NORMAL, Double.MAX_VALUE, 9.5, 0.95, 99.999999999,
            1e-4, 1e8, 123456789.0, 65504, 6.1035156e-05, 5.9604645e-08, 1.4e-45, 3.4028235e38, 0.3, 2.0 / 3};
        for (Kind k : Kind.values()) {
            for (double s : special) {
                double v = switch (k) {
                    case HALF -> Float.float16ToFloat(Float.floatToFloat16((float) s));
                    case SINGLE -> (float) s;
                    case DOUBLE -> s;
                };
                if (Double.isFinite(v)) {
                    kinds.add(k);
                    values.add(v);
                }
            }
            for (int i = 0; i < 400; i++) {
                double v = randomValue(k, r);
                if (Double.isFinite(v)) {
                    kinds.add(k);
                    values.add(v);
                }
            }
        }
        StringBuilder py = new StringBuilder("import numpy as np\nvals = [\n");
        for (int i = 0; i < values.size(); i++) {
            Kind k = kinds.get(i);
            String x = switch (k) {
                case HALF -> "np.array([" + (Float.floatToFloat16((float) (double) values.get(i)) & 0xffff)
                        + "], dtype=np.uint16).view(np.float16)[0]";
                case SINGLE -> "np.array([" + (Float.floatToRawIntBits((float) (double) values.get(i)) & 0xffffffffL)
                        + "], dtype=np.uint32).view(np.float32)[0]";
                case DOUBLE -> "np.array([" + Long.toUnsignedString(Double.doubleToRawLongBits(values.get(i)))
                        + "], dtype=np.uint64).view(np.float64)[0]";
            };
            py.append(x).append(",\n");
        }
        py.append("]\nfor x in vals:\n");
        for (Call c : CALLS) {
            py.append("    print(repr(").append(c.python("x")).append("))\n");
        }
        String[] lines = NumPy.run(py.toString()).split("\n");
        int li = 0;
        int mismatches = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            for (Call c : CALLS) {
                String expected = lines[li++];
                expected = expected.substring(1, expected.length() - 1);
                String got = c.java(kinds.get(i), values.get(i));
                if (!expected.equals(got)) {
                    if (mismatches++ < 20) {
                        report.append(kinds.get(i)).append(' ').append(values.get(i)).append(' ').append(c)
                                .append(": numpy '").append(expected).append("' ndpack '").append(got).append("'\n");
                    }
                }
            }
        }
        assertEquals(0, mismatches, report.toString());
    }
}
