package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

import org.ndpack.DType;
import org.ndpack.internal.dtype.Casts;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.dtype.Float8;

/**
 * How the kernels read and write one element of each {@link DType}: as a {@code long} (integer
 * domain), a {@code double} (real floating domain) or a pair of doubles (complex domain), with the
 * conversion rules of {@link Elements} and {@link Casts} (NumPy's casts). One stateless instance per
 * dtype; a kernel specialised by {@link Specializer} holds it as a constant, so the JIT inlines these
 * one-line methods into the loop.
 *
 * <p>Reads of {@code bool} normalise any non-zero byte to 1 (foreign memory may hold other values).
 * Stateless and thread-safe.
 */
public abstract class ElementCodec {
    private static final ElementCodec[] TABLE = {
        new Bool(), new Int8(-1), new Int16(-1), new Int32(-1), new I64(),
        new Int8(0xff), new Int16(0xffff), new Int32(0xffffffffL), new U64(),
        new F16(), new BF16(), new F32(), new F64(), new C64(), new C128(),
        new F8(Float8.E4M3FN), new F8(Float8.E5M2),
    };

    ElementCodec() {
    }

    /** {@return the accessor of {@code t}} */
    public static ElementCodec of(DType t) {
        return TABLE[t.ordinal()];
    }

    /** {@return the element as a long (floats truncated as NumPy's cast)} */
    public abstract long getLong(MemorySegment s, long off);

    /** Writes {@code v} converted as NumPy casts an int64. */
    public abstract void setLong(MemorySegment s, long off, long v);

    /** {@return the element as a double (complex: the real part)} */
    public abstract double getDouble(MemorySegment s, long off);

    /** Writes {@code v} converted as NumPy casts a float64. */
    public abstract void setDouble(MemorySegment s, long off, double v);

    /** {@return the imaginary part (0 for real types)} */
    public double getImag(MemorySegment s, long off) {
        return 0;
    }

    /** Writes a complex value; real types drop the imaginary part, bool tests both. */
    public void setComplex(MemorySegment s, long off, double re, double im) {
        setDouble(s, off, re);
    }

    /** Integer types: the double view is the exact (or correctly rounded) value of the long. */
    abstract static class Int extends ElementCodec {
        @Override
        public double getDouble(MemorySegment s, long off) {
            return getLong(s, off);
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            setLong(s, off, Casts.doubleToLong(v));
        }
    }

    /** Real floating types: the long view truncates. */
    abstract static class Real extends ElementCodec {
        @Override
        public long getLong(MemorySegment s, long off) {
            return Casts.doubleToLong(getDouble(s, off));
        }
    }

    static final class Bool extends ElementCodec {
        @Override
        public long getLong(MemorySegment s, long off) {
            return s.get(Elements.I8, off) != 0 ? 1 : 0;
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I8, off, (byte) (v != 0 ? 1 : 0));
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return getLong(s, off);
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.I8, off, (byte) (v != 0 ? 1 : 0));
        }

        @Override
        public void setComplex(MemorySegment s, long off, double re, double im) {
            s.set(Elements.I8, off, (byte) (re != 0 || im != 0 ? 1 : 0));
        }
    }

    /** 8-bit integers: {@code mask} -1 sign-extends (int8), 0xff zero-extends (uint8). */
    static final class Int8 extends Int {
        private final long mask;

        Int8(long mask) {
            this.mask = mask;
        }

        @Override
        public long getLong(MemorySegment s, long off) {
            return s.get(Elements.I8, off) & mask;
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I8, off, (byte) v);
        }
    }

    /** 16-bit integers, signed or unsigned by {@code mask}. */
    static final class Int16 extends Int {
        private final long mask;

        Int16(long mask) {
            this.mask = mask;
        }

        @Override
        public long getLong(MemorySegment s, long off) {
            return s.get(Elements.I16, off) & mask;
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I16, off, (short) v);
        }
    }

    /** 32-bit integers, signed or unsigned by {@code mask}. */
    static final class Int32 extends Int {
        private final long mask;

        Int32(long mask) {
            this.mask = mask;
        }

        @Override
        public long getLong(MemorySegment s, long off) {
            return s.get(Elements.I32, off) & mask;
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I32, off, (int) v);
        }
    }

    static final class I64 extends Int {
        @Override
        public long getLong(MemorySegment s, long off) {
            return s.get(Elements.I64, off);
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I64, off, v);
        }
    }

    static final class U64 extends ElementCodec {
        @Override
        public long getLong(MemorySegment s, long off) {
            return s.get(Elements.I64, off);
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I64, off, v);
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return Casts.unsignedToDouble(s.get(Elements.I64, off));
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.I64, off, Casts.doubleToUnsignedLong(v));
        }
    }

    static final class F16 extends Real {
        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I16, off, Casts.longToHalf(v));
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return Float.float16ToFloat(s.get(Elements.I16, off));
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.I16, off, Casts.doubleToHalf(v));
        }
    }

    static final class BF16 extends Real {
        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I16, off, Casts.longToBfloat16(v));
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return Casts.bfloat16ToFloat(s.get(Elements.I16, off));
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.I16, off, Casts.doubleToBfloat16(v));
        }
    }

    /** The float8 formats, one class for both: the format is a constant of the instance. */
    static final class F8 extends Real {
        private final Float8 format;

        F8(Float8 format) {
            this.format = format;
        }

        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.I8, off, format.encode(v));
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return format.decode(s.get(Elements.I8, off));
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.I8, off, format.encode(v));
        }
    }

    static final class F32 extends Real {
        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.F32, off, (float) v);
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return s.get(Elements.F32, off);
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.F32, off, (float) v);
        }
    }

    static final class F64 extends Real {
        @Override
        public void setLong(MemorySegment s, long off, long v) {
            s.set(Elements.F64, off, (double) v);
        }

        @Override
        public double getDouble(MemorySegment s, long off) {
            return s.get(Elements.F64, off);
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            s.set(Elements.F64, off, v);
        }
    }

    /** Complex types: real and imaginary halves of {@code half} bytes each. */
    abstract static class Complex extends Real {
        @Override
        public void setLong(MemorySegment s, long off, long v) {
            setComplex(s, off, v, 0);
        }

        @Override
        public void setDouble(MemorySegment s, long off, double v) {
            setComplex(s, off, v, 0);
        }
    }

    static final class C64 extends Complex {
        @Override
        public double getDouble(MemorySegment s, long off) {
            return s.get(Elements.F32, off);
        }

        @Override
        public double getImag(MemorySegment s, long off) {
            return s.get(Elements.F32, off + 4);
        }

        @Override
        public void setComplex(MemorySegment s, long off, double re, double im) {
            s.set(Elements.F32, off, (float) re);
            s.set(Elements.F32, off + 4, (float) im);
        }
    }

    static final class C128 extends Complex {
        @Override
        public double getDouble(MemorySegment s, long off) {
            return s.get(Elements.F64, off);
        }

        @Override
        public double getImag(MemorySegment s, long off) {
            return s.get(Elements.F64, off + 8);
        }

        @Override
        public void setComplex(MemorySegment s, long off, double re, double im) {
            s.set(Elements.F64, off, re);
            s.set(Elements.F64, off + 8, im);
        }
    }
}
