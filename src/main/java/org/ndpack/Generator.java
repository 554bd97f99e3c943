package org.ndpack;

import java.lang.foreign.MemorySegment;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.ndpack.internal.dtype.Casts;
import org.ndpack.internal.dtype.Float8;
import org.ndpack.internal.dtype.Elements;

/**
 * A seeded source of random arrays: uniform, normal and integer samples of any suitable dtype, for
 * tests and users.
 *
 * {@snippet :
 * Generator g = Generator.seeded(42);
 * NDArray x = g.uniform(DType.FLOAT32, -1, 1, 3, 4);     // 3x4 values in [-1, 1)
 * NDArray z = g.normal(DType.FLOAT64, 0, 1, 1000);       // standard normal
 * NDArray k = g.integers(DType.INT32, 0, 6, 10);          // dice: 0..5
 * }
 *
 * <h2>Reproducibility</h2>
 * A generator is built on the JDK's {@code L64X128MixRandom} (an LXM algorithm that every Java SE
 * implementation provides, its output specified in {@link java.util.random}), seeded with
 * {@link RandomGeneratorFactory#create(long)}. ndpack turns its 64-bit outputs into values with
 * exact integer arithmetic and {@link StrictMath}, never with platform-dependent floating-point
 * functions, so the same seed and the same sequence of calls give the same arrays, bit for bit,
 * on every platform and every run. The streams are ndpack's own: they do <em>not</em> reproduce
 * NumPy's ({@code numpy.random.default_rng(seed)} uses PCG64 and other transformations).
 * Values are drawn in C order of the result, so results of different shapes with the same size
 * agree element by element.
 *
 * <h2>Thread safety</h2>
 * Thread-safe: each method draws all the values of its result as one block, holding the
 * instance's lock. Calls from several threads therefore never corrupt the state or share values,
 * but which thread gets which block depends on timing; for reproducible results use one generator
 * per thread (each with its own seed).
 *
 * <h2>Results</h2>
 * Every method returns a new C-contiguous array owning new memory; the caller closes it.
 */
public final class Generator {
    private static final String ALGORITHM = "L64X128MixRandom";

    private final RandomGenerator rng;
    private final long seed;

    private Generator(long seed) {
        this.seed = seed;
        this.rng = RandomGeneratorFactory.of(ALGORITHM).create(seed);
    }

    /**
     * Creates a generator whose stream is fixed by {@code seed}.
     *
     * @param seed any value; equal seeds give equal streams
     * @return a new generator
     */
    public static Generator seeded(long seed) {
        return new Generator(seed);
    }

    /** {@return a uniform double in [0, 1): the top 53 bits of the next output, times 2^-53} */
    private double next53() {
        return (rng.nextLong() >>> 11) * 0x1p-53;
    }

    /**
     * Draws {@code float64} values uniformly from {@code [0, 1)}, like NumPy's
     * {@code Generator.random(shape)}.
     *
     * @param shape the extents of the result
     * @return a new array
     * @throws IllegalArgumentException if an extent is negative
     */
    public NDArray uniform(long... shape) {
        return uniform(DType.FLOAT64, 0, 1, shape);
    }

    /**
     * Draws values uniformly from {@code [low, high)}. Each value starts as
     * {@code low + (high - low) * u} in {@code float64}, with {@code u} a multiple of 2^-53 in
     * [0, 1); for {@code float32}, {@code float16} and {@code bfloat16} it is then rounded to the
     * nearest value of the dtype. The result is clamped to the smallest and largest values of the
     * dtype that lie in {@code [low, high)}, so every value satisfies {@code low <= v < high}
     * (rounding can otherwise reach {@code high}: 0.99999 rounds to 1 in {@code float16}).
     *
     * @param dtype a real floating type: {@code float16}, {@code bfloat16}, {@code float32} or
     *        {@code float64}
     * @param low the inclusive lower bound, finite
     * @param high the exclusive upper bound, finite, {@code > low}
     * @param shape the extents of the result
     * @return a new array
     * @throws IllegalArgumentException if the dtype is not a real floating type, a bound is not
     *         finite, {@code low >= high}, {@code high - low} overflows, no value of the dtype lies
     *         in {@code [low, high)}, or an extent is negative; the message names the values
     */
    public synchronized NDArray uniform(DType dtype, double low, double high, long... shape) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("uniform: dtype " + dtype
                    + " is not a real floating type (use integers for integer types)");
        }
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high) || !Double.isFinite(high - low)) {
            throw new IllegalArgumentException("uniform range [" + low + ", " + high
                    + "): bounds must be finite with low < high and high - low finite");
        }
        double lo = round(dtype, low);
        if (lo < low) {
            lo = step(dtype, lo, true);
        }
        double hi = round(dtype, high);
        if (hi >= high) {
            hi = step(dtype, hi, false);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("uniform range [" + low + ", " + high + "): no " + dtype
                    + " value lies in it");
        }
        NDArray out = NDArray.zeros(dtype, shape);
        MemorySegment s = out.impl.memory.segment;
        long n = out.size();
        int w = dtype.byteSize();
        double span = high - low;
        for (long i = 0; i < n; i++) {
            double v = round(dtype, low + span * next53());
            Elements.setDouble(s, dtype, i * w, Math.min(Math.max(v, lo), hi));
        }
        return out;
    }

    /**
     * Draws standard normal {@code float64} values (mean 0, standard deviation 1).
     *
     * @param shape the extents of the result
     * @return a new array
     * @throws IllegalArgumentException if an extent is negative
     */
    public NDArray normal(long... shape) {
        return normal(DType.FLOAT64, 0, 1, shape);
    }

    /**
     * Draws normally distributed values {@code mean + std * z}, with {@code z} standard normal from
     * Marsaglia's polar method (computed with {@link StrictMath#log} and {@link Math#sqrt}, both
     * exact functions of their input on every platform; each accepted pair of uniforms gives two
     * values, the second of an odd count is dropped). For narrow dtypes the {@code float64}
     * value is rounded to the nearest value of the dtype (so a {@code float16} sample beyond
     * 65504 becomes infinite).
     *
     * @param dtype a real floating type
     * @param mean the mean, finite
     * @param std the standard deviation, finite and {@code >= 0}
     * @param shape the extents of the result
     * @return a new array
     * @throws IllegalArgumentException if the dtype is not a real floating type, {@code mean} is
     *         not finite, {@code std} is negative or not finite, or an extent is negative
     */
    public synchronized NDArray normal(DType dtype, double mean, double std, long... shape) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("normal: dtype " + dtype + " is not a real floating type");
        }
        if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
            throw new IllegalArgumentException("normal(mean=" + mean + ", std=" + std
                    + "): the mean must be finite and the standard deviation finite and >= 0");
        }
        NDArray out = NDArray.zeros(dtype, shape);
        MemorySegment s = out.impl.memory.segment;
        long n = out.size();
        int w = dtype.byteSize();
        for (long i = 0; i < n; i += 2) {
            double u;
            double v;
            double r;
            do {
                u = 2 * next53() - 1;
                v = 2 * next53() - 1;
                r = u * u + v * v;
            } while (r >= 1 || r == 0);
            double m = Math.sqrt(-2 * StrictMath.log(r) / r);
            Elements.setDouble(s, dtype, i * w, mean + std * (u * m));
            if (i + 1 < n) {
                Elements.setDouble(s, dtype, (i + 1) * w, mean + std * (v * m));
            }
        }
        return out;
    }

    /**
     * Draws integers uniformly from {@code [low, high)} without bias, like NumPy's
     * {@code Generator.integers(low, high, shape, dtype)}: each value is {@code low} plus an
     * offset below {@code high - low} obtained by Lemire's multiply-and-reject method, so every
     * value of the range is exactly equally likely, whatever the range.
     *
     * @param dtype {@code bool} or an integer type ({@code uint64} values are limited to
     *        {@code [0, Long.MAX_VALUE)} by the {@code long} bounds)
     * @param low the inclusive lower bound, representable in the dtype
     * @param high the exclusive upper bound, {@code > low}; {@code high - 1} representable in the
     *        dtype
     * @param shape the extents of the result
     * @return a new array
     * @throws IllegalArgumentException if the dtype is floating or complex, {@code low >= high},
     *         the range exceeds the dtype's, or an extent is negative; the message names the
     *         values
     */
    public synchronized NDArray integers(DType dtype, long low, long high, long... shape) {
        if (!dtype.isInteger() && !dtype.isBool()) {
            throw new IllegalArgumentException("integers: unsupported dtype " + dtype + " (integer types and bool only)");
        }
        if (low >= high) {
            throw new IllegalArgumentException("integers: low " + low + " >= high " + high + ": the range [low, high)"
                    + " is empty");
        }
        long[] range = range(dtype);
        if (low < range[0] || high - 1 > range[1]) {
            throw new IllegalArgumentException("integers range [" + low + ", " + high + ") exceeds " + dtype
                    + "'s values [" + range[0] + ", " + range[1] + "]");
        }
        NDArray out = NDArray.zeros(dtype, shape);
        MemorySegment s = out.impl.memory.segment;
        long n = out.size();
        int w = dtype.byteSize();
        long r = high - low; // in [1, 2^64 - 1] as an unsigned value
        long threshold = Long.remainderUnsigned(-r, r);
        for (long i = 0; i < n; i++) {
            long x = rng.nextLong();
            long lowBits = x * r;
            while (Long.compareUnsigned(lowBits, threshold) < 0) {
                x = rng.nextLong();
                lowBits = x * r;
            }
            Elements.setLong(s, dtype, i * w, low + Math.unsignedMultiplyHigh(x, r));
        }
        return out;
    }

    private static long[] range(DType t) {
        return switch (t) {
            case BOOL -> new long[] {0, 1};
            case INT8 -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case INT16 -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case INT32 -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case UINT8 -> new long[] {0, 0xff};
            case UINT16 -> new long[] {0, 0xffff};
            case UINT32 -> new long[] {0, 0xffffffffL};
            case UINT64 -> new long[] {0, Long.MAX_VALUE};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    }

    /** {@return {@code x} rounded to the nearest value of floating type {@code t}, as a double} */
    private static double round(DType t, double x) {
        return switch (t) {
            case FLOAT16 -> Casts.halfToFloat(Casts.doubleToHalf(x));
            case BFLOAT16 -> Casts.bfloat16ToFloat(Casts.doubleToBfloat16(x));
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> roundFloat8(Float8.of(t), x);
            case FLOAT32 -> (float) x;
            default -> x;
        };
    }

    /** Rounds to a float8 format; a finite value beyond e4m3fn's range (which has no infinity) gives its largest. */
    private static double roundFloat8(Float8 f, double x) {
        double r = f.decode(f.encode(x));
        return Double.isNaN(r) && !Double.isNaN(x) ? Math.copySign(f.maxFinite(), x) : r;
    }

    /** {@return the next value of {@code t} above ({@code up}) or below {@code v}, a value of {@code t}} */
    private static double step(DType t, double v, boolean up) {
        return switch (t) {
            case FLOAT16 -> Casts.halfToFloat(step16(Casts.doubleToHalf(v), up));
            case BFLOAT16 -> Casts.bfloat16ToFloat(step16(Casts.doubleToBfloat16(v), up));
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> Float8.of(t).decode((byte) stepSignMagnitude(Float8.of(t).encode(v) & 0xff, 0x80, up));
            case FLOAT32 -> up ? Math.nextUp((float) v) : Math.nextDown((float) v);
            default -> up ? Math.nextUp(v) : Math.nextDown(v);
        };
    }

    /** Steps a sign-magnitude 16-bit float (float16 or bfloat16) to its neighbour. */
    private static short step16(short h, boolean up) {
        return (short) stepSignMagnitude(h & 0xffff, 0x8000, up);
    }

    /** Steps the sign-magnitude float bits {@code b} (sign bit {@code sign}) to their neighbour. */
    private static int stepSignMagnitude(int b, int sign, boolean up) {
        if ((b & (sign - 1)) == 0) {
            return up ? 1 : sign | 1;
        }
        boolean negative = (b & sign) != 0;
        return negative == up ? b - 1 : b + 1;
    }

    /** {@return a description naming the algorithm and the seed} */
    @Override
    public String toString() {
        return "Generator[" + ALGORITHM + ", seed=" + seed + "]";
    }
}
