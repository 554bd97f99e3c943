package org.ndpack.internal.text;

import java.lang.foreign.MemorySegment;
import java.util.function.IntFunction;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.text.FloatDigits.Kind;
import org.ndpack.internal.text.FloatDigits.Trim;

/**
 * NumPy's {@code repr} of an array with NumPy 1.24's default print options (precision 8,
 * threshold 1000, edgeitems 3, linewidth 75, floatmode {@code 'maxprec'}, no suppression):
 * {@code array([[1., 2.], [3., 4.]], dtype=float32)}, character for character.
 *
 * <ul>
 *   <li>Floats: one format per array, chosen from its finite values. Scientific notation when the
 *       largest magnitude is {@code >= 1e8}, the smallest non-zero one is {@code < 1e-4}, or their
 *       ratio (computed in the array's own type) exceeds 1000; otherwise positional. Each value gets
 *       its shortest round-tripping digits ({@link FloatDigits}), at most 8 after the point;
 *       scientific values share one digit count; all are padded to one width ({@code 1. }, {@code 2.5});
 *       {@code nan} and {@code inf} are right-aligned in that width.</li>
 *   <li>Integers right-aligned to the widest of the smallest and largest value; {@code uint64}
 *       unsigned; booleans {@code " True"}/{@code "False"} ({@code True} alone in a 0-d array);
 *       complex as real and signed imaginary parts, each formatted as a float column, with
 *       {@code j}.</li>
 *   <li>Past 1000 elements, each axis longer than 6 shows its first and last 3 entries around
 *       {@code ...}; the number formats are chosen from the shown entries only.</li>
 *   <li>Rows wrap before column 75 under the {@code [} they belong to; sub-arrays are separated by
 *       one blank line per extra dimension; {@code dtype=} is left out for {@code float64},
 *       {@code int64}, {@code bool} and {@code complex128} (unless the array is empty) and moves to
 *       its own line when it would pass column 75; empty arrays print
 *       {@code array([], shape=(0, 3), dtype=float32)}.</li>
 *   <li>{@code bfloat16} (which NumPy lacks) prints its values as {@code float32} values would
 *       print, with {@code dtype=bfloat16}.</li>
 *   <li>One deliberate difference: when summarising would still show more than 2^20 elements
 *       (only views with very many short axes, such as a broadcast view of shape
 *       {@code (2,) * 40}, for which NumPy tries to print every element), the text is
 *       {@code array(..., shape=(2, 2, ...), dtype=float64)}.</li>
 * </ul>
 * The caller holds a lease on the array's memory. Stateless and thread-safe.
 */
public final class Format {
    private static final int LINE_WIDTH = 75;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int PRECISION = 8;
    /** More shown elements than this (possible only for views with many short axes, e.g. a
     * broadcast view of shape (2,) * 40, where NumPy would try to print every element) print as
     * {@code array(..., shape=(...), dtype=...)}. */
    private static final long MAX_SHOWN = 1 << 20;
    private static final String PREFIX = "array(";
    private static final String SEPARATOR = ", ";

    private Format() {
    }

    /** {@return NumPy's repr of {@code a}} */
    public static String repr(ArrayImpl a) {
        DType t = a.dtype();
        long[] shape = a.shape;
        boolean skipDtype = impliedDtype(t) && a.size() > 0;
        String list;
        if (a.size() > 0 && Shown.count(shape) > MAX_SHOWN) {
            return PREFIX + "..., shape=" + pythonTuple(shape) + ", dtype=" + t.numpyName() + ")";
        } else if (a.size() > 0) {
            // the suffix after the list (")" or ",") is one character in both cases
            list = arrayToString(a, LINE_WIDTH - 1);
        } else if (shape.length == 1) {
            list = "[]";
        } else {
            list = "[], shape=" + pythonTuple(shape);
        }
        String arr = PREFIX + list + (skipDtype ? ")" : ",");
        if (skipDtype) {
            return arr;
        }
        String dtype = "dtype=" + t.numpyName() + ")";
        int lastLine = arr.length() - (arr.lastIndexOf('\n') + 1);
        String spacer = lastLine + dtype.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(PREFIX.length()) : " ";
        return arr + spacer + dtype;
    }

    private static boolean impliedDtype(DType t) {
        return t == DType.FLOAT64 || t == DType.INT64 || t == DType.BOOL || t == DType.COMPLEX128;
    }

    /** {@return a shape as Python writes a tuple: {@code (0,)}, {@code (2, 0)}, {@code ()}} */
    public static String pythonTuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    // ------------------------------------------------------------------------------------------
    // Layout: which elements show, and how rows wrap
    // ------------------------------------------------------------------------------------------

    /** The elements shown (all, or the edges of each long axis), already formatted, in C order. */
    private static final class Shown {
        final long[] shape;
        final boolean summarise;
        /** Shown entries per axis. */
        final int[] count;
        /** Flat-index stride per axis within the shown elements. */
        final long[] step;
        final String[] text;

        Shown(ArrayImpl a) {
            shape = a.shape;
            summarise = summarise(shape);
            int nd = shape.length;
            count = new int[nd];
            step = new long[nd];
            long total = 1;
            for (int i = nd - 1; i >= 0; i--) {
                count[i] = (int) (summarised(i) ? 2 * EDGE_ITEMS : shape[i]);
                step[i] = total;
                total *= count[i]; // at most MAX_SHOWN: checked by count()
            }
            text = elementTexts(a, this, (int) total);
        }

        private static boolean summarise(long[] shape) {
            return Shapes.size(shape) > THRESHOLD;
        }

        /** {@return how many elements would show (saturating at {@code Long.MAX_VALUE})} */
        static long count(long[] shape) {
            boolean summarise = summarise(shape);
            long total = 1;
            for (long e : shape) {
                long c = summarise && e > 2 * EDGE_ITEMS ? 2 * EDGE_ITEMS : e;
                total = Math.multiplyHigh(total, c) != 0 || total * c < 0 ? Long.MAX_VALUE : total * c;
            }
            return total;
        }

        boolean summarised(int axis) {
            return summarise && shape[axis] > 2 * EDGE_ITEMS;
        }

        /** {@return the index in the array of shown entry {@code k} along {@code axis}} */
        long index(int axis, int k) {
            return summarised(axis) && k >= EDGE_ITEMS ? shape[axis] - 2 * EDGE_ITEMS + k : k;
        }
    }

    private static String arrayToString(ArrayImpl a, int lineWidth) {
        Shown shown = new Shown(a);
        String hanging = " ".repeat(1 + PREFIX.length());
        return recurse(shown, 0, 0, hanging, lineWidth);
    }

    private static String recurse(Shown sh, int axis, long base, String hanging, int width) {
        int nd = sh.shape.length;
        if (axis == nd) {
            return sh.text[(int) base];
        }
        int axesLeft = nd - axis;
        String nextHanging = hanging + " ";
        int nextWidth = width - 1; // room for the closing ']'
        int len = sh.count[axis];
        long step = sh.step[axis];
        boolean summary = sh.summarised(axis);
        int leading = summary ? EDGE_ITEMS : 0;
        int trailing = summary ? EDGE_ITEMS : len;
        StringBuilder s = new StringBuilder();
        if (axesLeft == 1) {
            int elemWidth = width - 1; // max(len(','), len(']'))
            StringBuilder line = new StringBuilder(hanging);
            for (int i = 0; i < leading; i++) {
                extendLine(s, line, recurse(sh, axis + 1, base + i * step, nextHanging, nextWidth), elemWidth, hanging);
                line.append(SEPARATOR);
            }
            if (summary) {
                extendLine(s, line, "...", elemWidth, hanging);
                line.append(SEPARATOR);
            }
            for (int i = trailing; i > 1; i--) {
                extendLine(s, line, recurse(sh, axis + 1, base + (len - i) * step, nextHanging, nextWidth),
                        elemWidth, hanging);
                line.append(SEPARATOR);
            }
            extendLine(s, line, recurse(sh, axis + 1, base + (len - 1) * step, nextHanging, nextWidth), elemWidth,
                    hanging);
            s.append(line);
        } else {
            String lineSep = "," + "\n".repeat(axesLeft - 1);
            for (int i = 0; i < leading; i++) {
                s.append(hanging).append(recurse(sh, axis + 1, base + i * step, nextHanging, nextWidth)).append(lineSep);
            }
            if (summary) {
                s.append(hanging).append("...").append(lineSep);
            }
            for (int i = trailing; i > 1; i--) {
                s.append(hanging).append(recurse(sh, axis + 1, base + (len - i) * step, nextHanging, nextWidth))
                        .append(lineSep);
            }
            s.append(hanging).append(recurse(sh, axis + 1, base + (len - 1) * step, nextHanging, nextWidth));
        }
        return "[" + s.substring(hanging.length()) + "]";
    }

    /** Appends {@code word} to {@code line}, first moving the line to {@code s} if the word would
     * pass {@code width} (unless the line holds only its indent). */
    private static void extendLine(StringBuilder s, StringBuilder line, String word, int width, String prefix) {
        boolean wrap = line.length() + word.length() > width && line.length() > prefix.length();
        if (wrap) {
            int end = line.length();
            while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
                end--;
            }
            s.append(line, 0, end).append('\n');
            line.setLength(0);
            line.append(prefix);
        }
        line.append(word);
    }

    // ------------------------------------------------------------------------------------------
    // Element formats
    // ------------------------------------------------------------------------------------------

    /** Reads the shown elements (C order) and formats them with one format for the whole set. */
    private static String[] elementTexts(ArrayImpl a, Shown sh, int total) {
        DType t = a.dtype();
        MemorySegment seg = a.memory.segment;
        long[] strides = a.strides;
        long off0 = a.offset;
        int w = t.byteSize();
        int nd = sh.shape.length;
        long[] offsets = new long[total];
        int[] k = new int[nd];
        for (int f = 0; f < total; f++) {
            long e = off0;
            for (int i = 0; i < nd; i++) {
                e += sh.index(i, k[i]) * strides[i];
            }
            offsets[f] = e * w;
            for (int i = nd - 1; i >= 0; i--) {
                if (++k[i] < sh.count[i]) {
                    break;
                }
                k[i] = 0;
            }
        }
        IntFunction<String> fmt;
        if (t.isBool()) {
            String yes = nd == 0 ? "True" : " True";
            fmt = f -> Elements.getBoolean(seg, t, offsets[f]) ? yes : "False";
        } else if (t.isInteger()) {
            String[] s = new String[total];
            int width = 0;
            for (int f = 0; f < total; f++) {
                long v = Elements.getLong(seg, t, offsets[f]);
                s[f] = t == DType.UINT64 ? Long.toUnsignedString(v) : Long.toString(v);
                width = Math.max(width, s[f].length());
            }
            int wd = width;
            fmt = f -> " ".repeat(wd - s[f].length()) + s[f];
        } else if (t.isComplex()) {
            double[] re = new double[total];
            double[] im = new double[total];
            for (int f = 0; f < total; f++) {
                re[f] = Elements.getDouble(seg, t, offsets[f]);
                im[f] = Elements.getImag(seg, t, offsets[f]);
            }
            Kind kind = t == DType.COMPLEX64 ? Kind.SINGLE : Kind.DOUBLE;
            FloatFormat fr = new FloatFormat(kind, re, false);
            FloatFormat fi = new FloatFormat(kind, im, true);
            fmt = f -> {
                String i = fi.format(im[f]);
                int end = i.length();
                while (end > 0 && i.charAt(end - 1) == ' ') {
                    end--;
                }
                return fr.format(re[f]) + i.substring(0, end) + "j" + i.substring(end);
            };
        } else {
            double[] v = new double[total];
            for (int f = 0; f < total; f++) {
                v[f] = Elements.getDouble(seg, t, offsets[f]);
            }
            Kind kind = switch (t) {
                case FLOAT16 -> Kind.HALF;
                case FLOAT8_E4M3FN, FLOAT8_E5M2 -> Kind.HALF; // float8 values are float16 values: printed as such
                case FLOAT64 -> Kind.DOUBLE;
                default -> Kind.SINGLE; // float32, and bfloat16 printed as its float32 value
            };
            FloatFormat ff = new FloatFormat(kind, v, false);
            fmt = f -> ff.format(v[f]);
        }
        String[] out = new String[total];
        for (int f = 0; f < total; f++) {
            out[f] = fmt.apply(f);
        }
        return out;
    }

    /**
     * One column format for floats (NumPy's {@code FloatingFormat} in {@code 'maxprec'} mode):
     * positional or scientific, the digits before and after the point, the exponent width.
     */
    private static final class FloatFormat {
        private final Kind kind;
        private final boolean plus;
        private boolean scientific;
        private int padLeft;
        private int padRight;
        private int precision = PRECISION;
        private int minDigits = -1;
        private int expSize = -1;

        FloatFormat(Kind kind, double[] values, boolean plus) {
            this.kind = kind;
            this.plus = plus;
            int finite = 0;
            boolean nonFinite = false;
            boolean negInf = false;
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            for (double x : values) {
                if (Double.isFinite(x)) {
                    finite++;
                    double m = Math.abs(x);
                    if (m != 0) {
                        max = Math.max(max, m);
                        min = Math.min(min, m);
                    }
                } else {
                    nonFinite = true;
                    negInf |= x == Double.NEGATIVE_INFINITY;
                }
            }
            if (max != 0) {
                scientific = max >= 1e8 || min < 1e-4 || ratio(max, min) > 1000;
            }
            if (finite > 0) {
                measure(values);
            }
            if (nonFinite) {
                int offset = padRight + 1;
                int infLen = 3 + (plus || negInf ? 1 : 0);
                padLeft = Math.max(padLeft, Math.max(3 - offset, infLen - offset));
            }
        }

        /** {@return max / min computed in the values' own type, as NumPy does} */
        private double ratio(double max, double min) {
            return switch (kind) {
                case DOUBLE -> max / min;
                case SINGLE -> (float) max / (float) min;
                case HALF -> Float.float16ToFloat(Float.floatToFloat16((float) max / (float) min));
            };
        }

        /** First pass: the widths of the shortest texts of every finite value. */
        private void measure(double[] values) {
            int left = 0;
            int right = 0;
            int exp = 0;
            for (double x : values) {
                if (!Double.isFinite(x)) {
                    continue;
                }
                String s;
                if (scientific) {
                    s = FloatDigits.scientific(kind, x, PRECISION, -1, Trim.ZEROS, plus, -1, -1);
                    int e = s.indexOf('e');
                    exp = Math.max(exp, s.length() - e - 2);
                    s = s.substring(0, e);
                } else {
                    s = FloatDigits.positional(kind, x, PRECISION, -1, Trim.ZEROS, plus, -1, -1);
                }
                int dot = s.indexOf('.');
                left = Math.max(left, dot);
                right = Math.max(right, s.length() - dot - 1);
            }
            padLeft = left;
            if (scientific) {
                expSize = exp;
                precision = right;
                minDigits = right;
                padRight = expSize + 2 + precision;
            } else {
                padRight = right;
                minDigits = 0;
            }
        }

        String format(double x) {
            if (!Double.isFinite(x)) {
                String r;
                if (Double.isNaN(x)) {
                    r = plus ? "+nan" : "nan";
                } else {
                    r = (x < 0 ? "-" : plus ? "+" : "") + "inf";
                }
                return " ".repeat(Math.max(0, padLeft + padRight + 1 - r.length())) + r;
            }
            if (scientific) {
                return FloatDigits.scientific(kind, x, precision, minDigits, Trim.KEEP, plus, padLeft, expSize);
            }
            return FloatDigits.positional(kind, x, PRECISION, minDigits, Trim.ZEROS, plus, padLeft, padRight);
        }
    }
}
