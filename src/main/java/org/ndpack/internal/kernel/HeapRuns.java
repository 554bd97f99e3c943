package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Elements;

/**
 * What the portable loops of real functions ({@link Loop1F32}, {@link Loop2F32} and their
 * float64 twins) need to run a contiguous float32 or float64 run through heap arrays: C2 vectorises a plain loop over {@code double[]} or
 * {@code float[]}, but not the same loop over a {@code MemorySegment} (on JDK 25 a segment's
 * float or double access is an int or long access and a bit conversion, which C2 does not
 * vectorise; see docs/PERFORMANCE.md), so a long
 * contiguous run is copied a chunk at a time into per-thread scratch arrays (a bulk copy),
 * computed there by the specialised loop, and copied back. Each element goes through the same
 * operations as in the element-at-a-time loop, so the bits are the same.
 *
 * <p>The scratch arrays belong to the calling thread (a {@link ThreadLocal}); kernels never call
 * other kernels from inside a run, so a thread never uses them twice at once.
 */
final class HeapRuns {
    /** Elements per chunk: the scratch arrays of one run stay in the L1 cache. */
    static final int CHUNK = 1024;
    /** Shorter runs use the element-at-a-time loop (the copies would not pay). */
    static final long MIN = 64;

    private static final ThreadLocal<HeapRuns> LOCAL = new ThreadLocal<>() {
        @Override
        protected HeapRuns initialValue() {
            return new HeapRuns();
        }
    };

    private double[] dx;
    private double[] dy;
    private float[] fx;
    private float[] fy;
    private long[] lx;
    private long[] ly;
    private int[] ix;
    private int[] iy;
    private short[] hx;
    private short[] hy;
    private float[] fload;
    private float[] fstore;
    private double[][] dleaves;
    private float[][] fleaves;

    private HeapRuns() {
    }

    /** {@return the calling thread's scratch arrays} */
    static HeapRuns get() {
        return LOCAL.get();
    }

    /** {@return the first float64 scratch array, of {@link #CHUNK} elements} */
    double[] doubleX() {
        double[] d = dx;
        return d != null ? d : (dx = new double[CHUNK]);
    }

    /** {@return the second float64 scratch array} */
    double[] doubleY() {
        double[] d = dy;
        return d != null ? d : (dy = new double[CHUNK]);
    }

    /** {@return the first float32 scratch array} */
    float[] floatX() {
        float[] f = fx;
        return f != null ? f : (fx = new float[CHUNK]);
    }

    /** {@return the second float32 scratch array} */
    float[] floatY() {
        float[] f = fy;
        return f != null ? f : (fy = new float[CHUNK]);
    }

    /** {@return the first int64 scratch array, of {@link #CHUNK} elements, for {@link Loop2Int}} */
    long[] longX() {
        long[] l = lx;
        return l != null ? l : (lx = new long[CHUNK]);
    }

    /** {@return the second int64 scratch array} */
    long[] longY() {
        long[] l = ly;
        return l != null ? l : (ly = new long[CHUNK]);
    }

    /** {@return the first int32 scratch array, of {@link #CHUNK} elements, for {@link Loop2Int}} */
    int[] intX() {
        int[] i = ix;
        return i != null ? i : (ix = new int[CHUNK]);
    }

    /** {@return the second int32 scratch array} */
    int[] intY() {
        int[] i = iy;
        return i != null ? i : (iy = new int[CHUNK]);
    }

    /** {@return the first float16 scratch array (bits), of {@link #CHUNK} elements, for {@link Loop2F16}} */
    short[] halfX() {
        short[] h = hx;
        return h != null ? h : (hx = new short[CHUNK]);
    }

    /** {@return the second float16 scratch array} */
    short[] halfY() {
        short[] h = hy;
        return h != null ? h : (hy = new short[CHUNK]);
    }

    /**
     * {@return a float32 scratch array of {@link #CHUNK} elements for {@link ReduceBuffers#loadD},
     * which reduction kernels call while a run may hold the others}
     */
    float[] floatLoad() {
        float[] f = fload;
        return f != null ? f : (fload = new float[CHUNK]);
    }

    /** {@return a float32 scratch array of {@link #CHUNK} elements for {@link ReduceBuffers#storeD}} */
    float[] floatStore() {
        float[] f = fstore;
        return f != null ? f : (fstore = new float[CHUNK]);
    }

    /**
     * {@return eight float64 arrays of one leaf each ({@link ReduceKernels#LEAF} values), for the
     * four leaves and their scratch of {@link LeafF64}'s quads}
     */
    double[][] doubleLeaves() {
        double[][] d = dleaves;
        return d != null ? d : (dleaves = new double[8][ReduceKernels.LEAF]);
    }

    /** {@return eight float32 arrays of one leaf each, for {@link LeafF32}'s quads} */
    float[][] floatLeaves() {
        float[][] f = fleaves;
        return f != null ? f : (fleaves = new float[8][ReduceKernels.LEAF]);
    }

    /**
     * {@return the element width in bytes (2, 4 or 8) when every codec is float16, every one is
     * float32, or every one is float64; 0 otherwise (no heap runs)}
     */
    static int width(ElementCodec... codecs) {
        boolean f16 = true;
        boolean f32 = true;
        boolean f64 = true;
        for (ElementCodec c : codecs) {
            f16 &= c instanceof ElementCodec.F16;
            f32 &= c instanceof ElementCodec.F32;
            f64 &= c instanceof ElementCodec.F64;
        }
        return f64 ? Double.BYTES : f32 ? Float.BYTES : f16 ? Short.BYTES : 0;
    }

    /**
     * {@return whether {@link Loop2Int} takes {@code f}}: operands and result all int64, or all
     * signed int32 (a template class is only ever loaded specialised, so the test lives here)
     */
    static boolean integers(Elem.Long2 f) {
        ElementCodec c = f.a();
        return (c == ElementCodec.of(DType.INT64) || c == ElementCodec.of(DType.INT32)) && f.b() == c && f.o() == c;
    }

    /**
     * {@return whether {@link Loop2Mix} takes {@code f}}: a float64 result from operands that are
     * each int32, int64, float32 or float64, not both float64 (those take the float64 template)
     */
    static boolean mixed(Elem.Double2 f) {
        return f.o() == ElementCodec.of(DType.FLOAT64) && mixedType(f.a()) != null && mixedType(f.b()) != null
                && !(f.a() == f.o() && f.b() == f.o());
    }

    /** {@return the dtype {@link Loop2Mix} reads through codec {@code c}, or null if it takes none} */
    static DType mixedType(ElementCodec c) {
        for (DType t : new DType[] {DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64}) {
            if (c == ElementCodec.of(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * What a two-operand heap-run template ({@link Loop2F32} and its float64 twin) is specialised
     * on: the element function, and the operation when it is one of the four arithmetic operations
     * ({@link #arithmetic}), which the template then runs in the element type itself: widening two
     * float32 values to float64, adding, subtracting, multiplying or dividing them there and
     * rounding the result to float32 gives the bits of the float32 operation (float64 carries more
     * than twice float32's 24 significand bits, plus two, so the double rounding is innocuous; and
     * float64's exponent range holds every float32 result, subnormal ones included, exactly enough
     * for the same argument), and the float32 loop vectorises without the conversions, twice as many
     * elements per vector. The one difference: when both operands are NaN, which payload the result
     * carries may differ (C2 may swap the operands of a commutative operation; the float64 path did
     * the same), as NumPy makes no promise about it either.
     *
     * @param f the element function
     * @param op {@link VOp#ADD}, {@link VOp#SUB}, {@link VOp#MUL}, {@link VOp#DIV}, or null for any
     *     other function (computed through {@code f} in float64)
     */
    record Spec2(Elem.Double2 f, VOp op) {
    }

    /** {@return {@code op} when it is add, subtract, multiply or divide, else null} (see {@link Spec2}) */
    static VOp arithmetic(VOp op) {
        return op == VOp.ADD || op == VOp.SUB || op == VOp.MUL || op == VOp.DIV ? op : null;
    }

    /** Copies {@code len} float64 elements at byte offset {@code at} of {@code s} into {@code d}. */
    static void load(MemorySegment s, long at, double[] d, int len) {
        MemorySegment.copy(s, Elements.F64, at, d, 0, len);
    }

    /** Copies {@code len} float32 elements at byte offset {@code at} of {@code s} into {@code f}. */
    static void load(MemorySegment s, long at, float[] f, int len) {
        MemorySegment.copy(s, Elements.F32, at, f, 0, len);
    }

    /** Copies {@code d[0, len)} to byte offset {@code at} of {@code s}. */
    static void store(double[] d, int len, MemorySegment s, long at) {
        MemorySegment.copy(d, 0, s, Elements.F64, at, len);
    }

    /** Copies {@code f[0, len)} to byte offset {@code at} of {@code s}. */
    static void store(float[] f, int len, MemorySegment s, long at) {
        MemorySegment.copy(f, 0, s, Elements.F32, at, len);
    }
}
