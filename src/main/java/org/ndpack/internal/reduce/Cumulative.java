package org.ndpack.internal.reduce;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.kernel.ReduceBuffers;
import org.ndpack.internal.kernel.Strided;
import org.ndpack.internal.layout.Shapes;

/**
 * {@code cumsum} and {@code cumprod}: running sums and products along one axis, or over the
 * flattened array (C order) when no axis is given. The result dtype is that of {@code sum}
 * ({@link Reductions#sumType}); integers wrap around in 64 bits; floating and complex values
 * accumulate in {@code double} and each output is rounded once to the result dtype.
 *
 * <p>Each output is its predecessor combined with one element, so the bits do not depend on how
 * the work is walked: lines along the axis when the axis is innermost in memory, otherwise rows
 * of the innermost axis streamed into a vector of running values (no strided column walks).
 * NumPy accumulates float16 in float16 (a float16 cumsum of ones stops growing at 2048); ndpack
 * accumulates in double, which is a deliberate difference. Stateless and thread-safe.
 */
public final class Cumulative {
    private static final int BLOCK = 1024;

    private Cumulative() {
    }

    /**
     * Running sum or product.
     *
     * @param a the input
     * @param axis the axis, or null for the flattened array
     * @param product true for {@code cumprod}
     * @return a new array
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static ArrayImpl scan(ArrayImpl a, Integer axis, boolean product) {
        return scan(a, axis, product, ReduceEngine.PARALLEL);
    }

    static ArrayImpl scan(ArrayImpl a, Integer axis, boolean product, ReduceEngine.Runner runner) {
        String op = product ? "cumprod" : "cumsum";
        DType t = a.dtype();
        DType o = Reductions.sumType(t);
        long[] shape = a.shape;
        int k = -1;
        if (axis != null) {
            k = Shapes.axis(axis, a.ndim());
        }
        long[] outShape = k < 0 ? new long[] {a.size()} : shape.clone();
        // every element is written below, or the array closed on failure
        ArrayImpl out = ArrayImpl.uninitialized(o, outShape);
        try (OpScope s = OpScope.enter(op, null, a)) {
            MemorySegment in = a.memory.segment;
            MemorySegment os = out.memory.segment;
            if (k < 0) {
                Scan sc = new Scan(t, o, product);
                sc.reset(1);
                Strided.forEach(shape, new long[][] {a.strides, Shapes.cStrides(shape)},
                        new long[] {a.offset, 0}, (n, o0, s0, o1, s1, o2, s2) -> sc.line(in, o0, s0, n, os, o1, s1));
            } else {
                alongAxis(a, k, in, os, out.strides, new Scan(t, o, product), t, o, product, runner);
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    private static void alongAxis(ArrayImpl a, int k, MemorySegment in, MemorySegment os, long[] outStrides,
            Scan proto, DType t, DType o, boolean product, ReduceEngine.Runner runner) {
        long[] shape = a.shape;
        long[] st = a.strides;
        long n = shape[k];
        long size = a.size();
        if (size == 0) {
            return;
        }
        int tile = -1;
        for (int i = 0; i < shape.length; i++) {
            if (i != k && shape[i] > 1 && st[i] != 0 && (tile < 0 || Math.abs(st[i]) < Math.abs(st[tile]))) {
                tile = i;
            }
        }
        boolean lines = tile < 0 || n == 1 || Math.abs(st[k]) <= Math.abs(st[tile]);
        int skip = lines ? -1 : tile;
        int nb = 0;
        for (int i = 0; i < shape.length; i++) {
            nb += i != k && i != skip ? 1 : 0;
        }
        long[] bShape = new long[nb];
        long[] bIn = new long[nb];
        long[] bOut = new long[nb];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != k && i != skip) {
                bShape[j] = shape[i];
                bIn[j] = st[i];
                bOut[j++] = outStrides[i];
            }
        }
        long width = lines ? 1 : shape[tile];
        long tileMax = lines ? 1 : BLOCK;
        long tilesPer = (width + tileMax - 1) / tileMax;
        long units = size / n / width * tilesPer;
        long per = Math.max(1, ReduceEngine.TASK_WORK / (Math.min(width, tileMax) * n));
        int tasks = (int) Math.min((units + per - 1) / per, 1 << 16);
        long step = (units + tasks - 1) / tasks;
        long aOff = a.offset;
        int ft = tile;
        runner.run(tasks, q -> {
            Scan sc = q == 0 ? proto : new Scan(t, o, product);
            for (long u = q * step, end = Math.min(units, u + step); u < end; u++) {
                long b = u / tilesPer;
                long c0 = (u % tilesPer) * tileMax;
                long inB = new ReduceEngine.Cursor(bShape, bIn, aOff, b).offset;
                long outB = new ReduceEngine.Cursor(bShape, bOut, 0, b).offset;
                if (lines) {
                    sc.reset(1);
                    sc.line(in, inB, st[k], n, os, outB, outStrides[k]);
                } else {
                    int w = (int) Math.min(tileMax, width - c0);
                    sc.reset(w);
                    long ti = c0 * st[ft];
                    long to = c0 * outStrides[ft];
                    for (long i = 0; i < n; i++) {
                        sc.row(in, inB + i * st[k] + ti, st[ft], w, os, outB + i * outStrides[k] + to, outStrides[ft]);
                    }
                }
            }
        });
    }

    /** The running values of one task: one per tile column (one for a line). */
    private static final class Scan {
        private final DType in;
        private final DType out;
        private final boolean product;
        private final boolean integer;
        private final int v;
        private final long[] lbuf;
        private final double[] dbuf;
        private long[] lacc;
        private double[] dacc;
        private int width;

        Scan(DType in, DType out, boolean product) {
            this.in = in;
            this.out = out;
            this.product = product;
            this.integer = in.isInteger() || in.isBool();
            this.v = in.isComplex() ? 2 : 1;
            this.lbuf = integer ? new long[BLOCK] : null;
            this.dbuf = integer ? null : new double[2 * BLOCK];
            this.lacc = new long[1];
            this.dacc = new double[2];
        }

        void reset(int n) {
            width = n;
            if (integer) {
                if (lacc.length < n) {
                    lacc = new long[n];
                }
                Arrays.fill(lacc, 0, n, product ? 1 : 0);
            } else {
                if (dacc.length < v * n) {
                    dacc = new double[v * n];
                }
                for (int j = 0; j < n; j++) {
                    dacc[v * j] = product ? 1 : 0;
                    if (v == 2) {
                        dacc[2 * j + 1] = 0;
                    }
                }
            }
        }

        /** Combines loaded element {@code i} into running value {@code j} and leaves the result in the buffer. */
        private void combine(int j, int i) {
            if (integer) {
                lacc[j] = product ? lacc[j] * lbuf[i] : lacc[j] + lbuf[i];
                lbuf[i] = lacc[j];
            } else if (v == 1) {
                dacc[j] = product ? dacc[j] * dbuf[i] : dacc[j] + dbuf[i];
                dbuf[i] = dacc[j];
            } else {
                double re = dacc[2 * j];
                double im = dacc[2 * j + 1];
                double xr = dbuf[2 * i];
                double xi = dbuf[2 * i + 1];
                if (product) {
                    dacc[2 * j] = re * xr - im * xi;
                    dacc[2 * j + 1] = re * xi + im * xr;
                } else {
                    dacc[2 * j] = re + xr;
                    dacc[2 * j + 1] = im + xi;
                }
                dbuf[2 * i] = dacc[2 * j];
                dbuf[2 * i + 1] = dacc[2 * j + 1];
            }
        }

        private void load(MemorySegment s, long off, long st, int n) {
            if (integer) {
                ReduceBuffers.loadL(s, in, off, st, n, lbuf, 0, 1, ReduceBuffers.VALUES);
            } else {
                ReduceBuffers.loadD(s, in, off, st, n, dbuf, 0, 1);
            }
        }

        private void store(int n, MemorySegment os, long off, long st) {
            if (integer) {
                ReduceBuffers.storeL(lbuf, 0, n, os, out, off, st);
            } else {
                ReduceBuffers.storeD(dbuf, 0, n, os, out, off, st);
            }
        }

        /** Scans {@code n} elements along a line, continuing from the running value 0. */
        void line(MemorySegment s, long off, long st, long n, MemorySegment os, long outOff, long outSt) {
            for (long i = 0; i < n; i += BLOCK) {
                int m = (int) Math.min(BLOCK, n - i);
                load(s, off + i * st, st, m);
                if (v == 1) {
                    runLine(m);
                } else {
                    for (int e = 0; e < m; e++) {
                        combine(0, e);
                    }
                }
                store(m, os, outOff + i * outSt, outSt);
            }
        }

        /**
         * {@link #combine}{@code (0, e)} for {@code e < m}, real or integer values, with the
         * running value in a local: held in an array element, it went through memory at every
         * step (C2 cannot tell the two arrays apart), several cycles on each dependent add.
         */
        private void runLine(int m) {
            if (integer) {
                long[] b = lbuf;
                long acc = lacc[0];
                if (product) {
                    for (int e = 0; e < m; e++) {
                        acc *= b[e];
                        b[e] = acc;
                    }
                } else {
                    for (int e = 0; e < m; e++) {
                        acc += b[e];
                        b[e] = acc;
                    }
                }
                lacc[0] = acc;
            } else {
                double[] b = dbuf;
                double acc = dacc[0];
                if (product) {
                    for (int e = 0; e < m; e++) {
                        acc *= b[e];
                        b[e] = acc;
                    }
                } else {
                    for (int e = 0; e < m; e++) {
                        acc += b[e];
                        b[e] = acc;
                    }
                }
                dacc[0] = acc;
            }
        }

        /** Combines one row of {@code width} elements into the running values and writes them. */
        void row(MemorySegment s, long off, long st, int n, MemorySegment os, long outOff, long outSt) {
            load(s, off, st, n);
            for (int j = 0; j < n; j++) {
                combine(j, j);
            }
            store(n, os, outOff, outSt);
        }
    }
}
