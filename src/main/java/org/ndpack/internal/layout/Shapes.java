package org.ndpack.internal.layout;

import java.util.Arrays;

/**
 * Shape and stride arithmetic shared by the array model and the kernels: validation with messages
 * that name the bad value, C-order strides, broadcasting, axis normalisation and the span of
 * elements a view can touch. Strides are in elements. Stateless and thread-safe.
 */
public final class Shapes {
    /** The most dimensions an array may have (NumPy 2's limit). */
    public static final int MAX_NDIM = 64;

    private Shapes() {
    }

    /**
     * {@return the number of elements of {@code shape}}
     *
     * @throws IllegalArgumentException if an extent is negative, there are more than
     *         {@link #MAX_NDIM} dimensions, or the count overflows a long
     */
    public static long size(long[] shape) {
        if (shape.length > MAX_NDIM) {
            throw new IllegalArgumentException("shape " + str(shape) + ": at most " + MAX_NDIM
                    + " dimensions are supported, got " + shape.length);
        }
        long n = 1;
        boolean overflow = false;
        for (long e : shape) {
            if (e < 0) {
                throw new IllegalArgumentException("shape " + str(shape) + ": extents must be >= 0");
            }
        }
        for (long e : shape) {
            if (e == 0) {
                return 0;
            }
            long m = n * e;
            if (Math.multiplyHigh(n, e) != 0 || m < 0) {
                overflow = true;
            }
            n = m;
        }
        if (overflow) {
            throw new IllegalArgumentException("shape " + str(shape) + ": element count overflows a 64-bit long");
        }
        return n;
    }

    /** {@return the byte size of an array of {@code shape} with elements of {@code itemSize} bytes} */
    public static long byteSize(long[] shape, int itemSize) {
        long n = size(shape);
        try {
            return Math.multiplyExact(n, (long) itemSize);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + str(shape) + ": byte size overflows a 64-bit long");
        }
    }

    /** {@return the C-order (row-major) strides, in elements, of {@code shape}} */
    public static long[] cStrides(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** {@return the Fortran-order (column-major) strides, in elements, of {@code shape}} */
    public static long[] fStrides(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = 0; i < shape.length; i++) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** {@return true if elements laid out by {@code strides} are C-contiguous (dims of extent 1
     * and arrays of size 0 or 1 ignore strides)} */
    public static boolean isCContiguous(long[] shape, long[] strides) {
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1) {
                if (strides[i] != s) {
                    return false;
                }
                s *= shape[i];
            }
        }
        return true;
    }

    /** {@return true if the layout is Fortran-contiguous} */
    public static boolean isFContiguous(long[] shape, long[] strides) {
        long s = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1) {
                if (strides[i] != s) {
                    return false;
                }
                s *= shape[i];
            }
        }
        return true;
    }

    /**
     * {@return {@code axis} in {@code [0, ndim)}}, counting negative axes from the end
     *
     * @throws IllegalArgumentException if the axis is out of range; the message names it
     */
    public static int axis(int axis, int ndim) {
        if (axis < -ndim || axis >= ndim) {
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for array of dimension " + ndim);
        }
        return axis < 0 ? axis + ndim : axis;
    }

    /**
     * {@return the shape the given shapes broadcast to, by NumPy's rule}
     *
     * @throws IllegalArgumentException if they do not broadcast; the message names every shape
     */
    public static long[] broadcast(long[]... shapes) {
        int nd = 0;
        for (long[] s : shapes) {
            nd = Math.max(nd, s.length);
        }
        long[] out = new long[nd];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = nd - s.length + i;
                long e = s[i];
                if (e != 1) {
                    if (out[o] == 1) {
                        out[o] = e;
                    } else if (out[o] != e) {
                        StringBuilder sb = new StringBuilder("shapes");
                        for (int k = 0; k < shapes.length; k++) {
                            sb.append(k == 0 ? " " : " and ").append(str(shapes[k]));
                        }
                        throw new IllegalArgumentException(sb + " cannot be broadcast together (axis "
                                + o + " of the result: " + out[o] + " vs " + e + ")");
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@return the strides, in elements, of an array with {@code shape} and {@code strides} seen
     * broadcast to {@code target}} (zero strides on the stretched axes)
     *
     * @throws IllegalArgumentException if the shape does not broadcast to {@code target}
     */
    public static long[] broadcastStrides(long[] shape, long[] strides, long[] target) {
        if (shape.length > target.length) {
            throw new IllegalArgumentException("shape " + str(shape) + " cannot be broadcast to " + str(target)
                    + ": it has more dimensions");
        }
        long[] out = new long[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == target[lead + i]) {
                out[lead + i] = shape[i] == 1 ? 0 : strides[i];
            } else if (shape[i] == 1) {
                out[lead + i] = 0;
            } else {
                throw new IllegalArgumentException("shape " + str(shape) + " cannot be broadcast to " + str(target)
                        + " (axis " + i + ": " + shape[i] + " vs " + target[lead + i] + ")");
            }
        }
        return out;
    }

    /**
     * {@return {min, max}: the smallest and largest element offsets (in elements, from the
     * array's base) that a view with this layout touches}; for size 0 both are {@code offset}
     */
    public static long[] span(long[] shape, long[] strides, long offset) {
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return new long[] {offset, offset};
            }
            long d = (shape[i] - 1) * strides[i];
            if (d < 0) {
                lo += d;
            } else {
                hi += d;
            }
        }
        return new long[] {lo, hi};
    }

    /** {@return the shape written as {@code [2, 3]}} */
    public static String str(long[] shape) {
        return Arrays.toString(shape);
    }

    /** The most entries of a caller's index or axes that a message quotes. */
    private static final int QUOTED_ENTRIES = 16;
    /** The most characters of a caller's text that a message quotes. */
    public static final int QUOTED_CHARS = 200;

    /**
     * {@return {@code values} written as {@code [1, 2]} for an error message: the first 16
     * entries, then a note of how many there are}, so that a huge argument cannot make a huge
     * message
     */
    public static String excerpt(long[] values) {
        if (values.length <= QUOTED_ENTRIES) {
            return Arrays.toString(values);
        }
        String head = Arrays.toString(Arrays.copyOf(values, QUOTED_ENTRIES));
        return head.substring(0, head.length() - 1) + ", ... (" + values.length + " entries in all)]";
    }

    /** {@return as {@link #excerpt(long[])}} */
    public static String excerpt(int[] values) {
        return excerpt(Arrays.stream(values).asLongStream().toArray());
    }

    /**
     * {@return {@code text} for an error message: as it is, or its first {@code max} characters
     * and a note of its length}
     */
    public static String excerpt(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, cut) + "... (" + text.length() + " characters in all)";
    }
}
