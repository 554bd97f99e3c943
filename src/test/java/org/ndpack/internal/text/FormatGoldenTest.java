package org.ndpack.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.NumPy;

/**
 * {@code NDArray.toString()} against NumPy's {@code repr} for every dtype, shapes from 0-d to 4-d,
 * empty arrays, arrays long enough to wrap and to be summarised, views with negative and
 * transposed strides, and value sets that pick each float format (positional, scientific,
 * non-finite padding, signed zeros). {@code bfloat16} is compared with the repr of the same values
 * as {@code float32}, the float8 types with that of the same values as {@code float16}, with the
 * dtype name replaced before NumPy lays out the {@code dtype=} part.
 * The reference is NumPy 1.24's layout: under NumPy 2.2 or newer the test selects
 * {@code legacy='2.1'}, which drops the {@code shape=} that those versions add to summarised arrays.
 */
class FormatGoldenTest {

    @TempDir
    Path dir;

    private static final long[][] SHAPES = {
        {}, {1}, {5}, {3, 4}, {2, 3, 4}, {2, 2, 3, 2}, {0}, {0, 3}, {2, 0, 1}, {30}, {7, 8}, {1001},
        {40, 30}, {3, 400}, {10, 10, 11}, {2, 1, 1200},
    };

    private static double floatValue(SplittableRandom r, int mode) {
        return switch (mode) {
            case 0 -> r.nextInt(-20, 21);
            case 1 -> r.nextGaussian();
            case 2 -> r.nextGaussian() * Math.pow(10, r.nextInt(-8, 12));
            case 3 -> {
                int c = r.nextInt(8);
                yield c == 0 ? Double.NaN : c == 1 ? Double.POSITIVE_INFINITY : c == 2 ? Double.NEGATIVE_INFINITY
                        : c == 3 ? -0.0 : r.nextGaussian() * 100;
            }
            case 4 -> r.nextInt(-2000, 2000) / 8.0;
            case 5 -> Math.exp(r.nextDouble() * -12);
            case 6 -> r.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            default -> r.nextInt(0, 3) * 0.5 + 1e-3 * r.nextInt(0, 2);
        };
    }

    private static NDArray make(DType t, long[] shape, SplittableRandom r, int mode) {
        NDArray a = NDArray.zeros(t, shape);
        long n = a.size();
        NDArray flat = a.reshape(n);
        for (long i = 0; i < n; i++) {
            if (t.isBool()) {
                flat.setBoolean(r.nextBoolean(), i);
            } else if (t.isInteger()) {
                long v = switch (mode % 3) {
                    case 0 -> r.nextLong();
                    case 1 -> r.nextLong(-100, 100);
                    default -> r.nextLong(0, 100000);
                };
                flat.setLong(v, i);
            } else if (t.isComplex()) {
                flat.setComplex(floatValue(r, mode), floatValue(r, (mode + i) % 8 == 3 ? 3 : mode), i);
            } else {
                flat.setDouble(floatValue(r, mode), i);
            }
        }
        return a;
    }

    @Test
    void reprMatchesNumPy() throws IOException {
        NumPy.require();
        SplittableRandom r = new SplittableRandom(7);
        List<NDArray> arrays = new ArrayList<>();
        List<NDArray> owners = new ArrayList<>();
        for (DType t : DType.values()) {
            int modes = t.isFloating() || t.isComplex() ? 8 : t.isInteger() ? 3 : 1;
            for (long[] shape : SHAPES) {
                for (int mode = 0; mode < modes; mode++) {
                    if (shape.length > 0 && shape[shape.length - 1] > 100 && mode % 2 == 1) {
                        continue; // keep the big ones fewer
                    }
                    arrays.add(make(t, shape, r, mode));
                }
            }
            NDArray m = make(t, new long[] {4, 5, 6}, r, t.isInteger() ? 0 : 2);
            NDArray row = make(t, new long[] {3}, r, 0);
            owners.add(m);
            owners.add(row);
            arrays.add(m.transpose(2, 0, 1));
            arrays.add(m.slice("::-1, 1:4, ::-2"));
            arrays.add(row.broadcastTo(4, 3));
        }
        StringBuilder py = new StringBuilder("""
                import warnings
                warnings.simplefilter('ignore')
                import numpy as np
                try:
                    import numpy._core.arrayprint as ap
                except ImportError:
                    import numpy.core.arrayprint as ap
                if tuple(int(x) for x in np.__version__.split('.')[:2]) >= (2, 2):
                    np.set_printoptions(legacy='2.1')  # no shape= after summarised arrays, as 1.24
                orig = ap.dtype_short_repr
                d = %s
                for line in open(d + '/meta.txt'):
                    i, dt, shp = line.split()
                    shape = tuple(int(x) for x in shp.split(',') if x != '') if shp != '-' else ()
                    send = 'float32' if dt == 'bfloat16' else 'float16' if dt.startswith('float8') else dt
                    a = np.fromfile(d + '/a' + i + '.bin', dtype=np.dtype(send).newbyteorder('<')).astype(send).reshape(shape)
                    ap.dtype_short_repr = (lambda t, n=dt: n) if send != dt else orig
                    print(repr(a))
                    print('\\x00')
                """.formatted("'" + dir + "'"));
        StringBuilder meta = new StringBuilder();
        for (int i = 0; i < arrays.size(); i++) {
            NDArray a = arrays.get(i);
            if (a.dtype() == DType.BFLOAT16 || a.dtype().isFloat8()) {
                // NumPy has neither: bfloat16 printed as float32, float8 as float16 (exact values)
                try (NDArray send = a.astype(a.dtype().isFloat8() ? DType.FLOAT16 : DType.FLOAT32)) {
                    Files.write(dir.resolve("a" + i + ".bin"), NumPy.rawBytes(send));
                }
            } else {
                Files.write(dir.resolve("a" + i + ".bin"), NumPy.rawBytes(a));
            }
            StringBuilder shp = new StringBuilder();
            for (long x : a.shape()) {
                shp.append(shp.length() == 0 ? "" : ",").append(x);
            }
            meta.append(i).append(' ').append(a.dtype().numpyName()).append(' ')
                    .append(shp.length() == 0 ? "-" : shp).append('\n');
        }
        Files.writeString(dir.resolve("meta.txt"), meta);
        String[] expected = NumPy.run(py.toString()).split("\n\u0000\n", -1);
        int bad = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < arrays.size(); i++) {
            String got = arrays.get(i).toString();
            if (!expected[i].equals(got)) {
                if (bad++ < 5) {
                    report.append("#").append(i).append(" ").append(arrays.get(i).dtype()).append("\nnumpy:\n")
                            .append(expected[i]).append("\nndpack:\n").append(got).append("\n");
                }
            }
        }
        for (NDArray a : arrays) {
            if (a.isOwner()) {
                a.close();
            }
        }
        owners.forEach(NDArray::close);
        assertEquals(0, bad, bad + " of " + arrays.size() + " differ:\n" + report);
    }
}
