package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.ndpack.internal.dtype.Elements;

/**
 * One element of an operation: read the operands at their byte offsets, compute, write the
 * result. The records below join an {@link ElementCodec} per operand to a scalar function of one domain
 * ({@link Fn}); as records, their fields are trusted constants to the JIT once the record itself
 * is a constant, which is what {@link Specializer} arranges. Equal records make equal kernels, so
 * records also serve as the specialisation cache keys.
 */
public final class Elem {
    private Elem() {
    }

    /** An element function of two operands. */
    public interface E2 {
        /** Computes {@code o[oo] = f(a[ao], b[bo])}. */
        void apply(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo);
    }

    /** An element function of one operand. */
    public interface E1 {
        /** Computes {@code o[oo] = f(a[ao])}. */
        void apply(MemorySegment a, long ao, MemorySegment o, long oo);
    }

    /** Integer domain, two operands. */
    public record Long2(ElementCodec a, ElementCodec b, ElementCodec o, Fn.L2 f) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            o.setLong(so, oo, f.apply(a.getLong(sa, ao), b.getLong(sb, bo)));
        }
    }

    /** Real floating domain, two operands. */
    public record Double2(ElementCodec a, ElementCodec b, ElementCodec o, Fn.D2 f) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            o.setDouble(so, oo, f.apply(a.getDouble(sa, ao), b.getDouble(sb, bo)));
        }
    }

    /** Complex domain, two operands. */
    public record Complex2(ElementCodec a, ElementCodec b, ElementCodec o, Fn.C2 f) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            double ar = a.getDouble(sa, ao);
            double ai = a.getImag(sa, ao);
            double br = b.getDouble(sb, bo);
            double bi = b.getImag(sb, bo);
            o.setComplex(so, oo, f.re(ar, ai, br, bi), f.im(ar, ai, br, bi));
        }
    }

    /** Integer predicate, two operands; writes 1 or 0. */
    public record LongTest2(ElementCodec a, ElementCodec b, ElementCodec o, Fn.LP2 f) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            o.setLong(so, oo, f.test(a.getLong(sa, ao), b.getLong(sb, bo)) ? 1 : 0);
        }
    }

    /** Real floating predicate, two operands; writes 1 or 0. */
    public record DoubleTest2(ElementCodec a, ElementCodec b, ElementCodec o, Fn.DP2 f) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            o.setLong(so, oo, f.test(a.getDouble(sa, ao), b.getDouble(sb, bo)) ? 1 : 0);
        }
    }

    /** Complex predicate, two operands; writes 1 or 0. */
    public record ComplexTest2(ElementCodec a, ElementCodec b, ElementCodec o, Fn.CP2 f) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            boolean t = f.test(a.getDouble(sa, ao), a.getImag(sa, ao), b.getDouble(sb, bo), b.getImag(sb, bo));
            o.setLong(so, oo, t ? 1 : 0);
        }
    }

    /** Where {@code a} is true, copies {@code b}'s element ({@code width} bytes) to {@code o}. */
    public record Select(ElementCodec a, long width) implements E2 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment sb, long bo, MemorySegment so, long oo) {
            long c = a.getLong(sa, ao);
            // widths of one access (a constant of the specialised loop): without a branch on the
            // condition, which a random mask mispredicts every other element; m is all ones
            // where c is not zero
            long m = -((c | -c) >>> 63);
            if (width == 8) {
                long r = so.get(ValueLayout.JAVA_LONG_UNALIGNED, oo);
                long x = sb.get(ValueLayout.JAVA_LONG_UNALIGNED, bo);
                so.set(ValueLayout.JAVA_LONG_UNALIGNED, oo, r ^ ((x ^ r) & m));
            } else if (width == 4) {
                int r = so.get(ValueLayout.JAVA_INT_UNALIGNED, oo);
                int x = sb.get(ValueLayout.JAVA_INT_UNALIGNED, bo);
                so.set(ValueLayout.JAVA_INT_UNALIGNED, oo, r ^ ((x ^ r) & (int) m));
            } else if (width == 2) {
                short r = so.get(ValueLayout.JAVA_SHORT_UNALIGNED, oo);
                short x = sb.get(ValueLayout.JAVA_SHORT_UNALIGNED, bo);
                so.set(ValueLayout.JAVA_SHORT_UNALIGNED, oo, (short) (r ^ ((x ^ r) & (int) m)));
            } else if (width == 1) {
                byte r = so.get(ValueLayout.JAVA_BYTE, oo);
                byte x = sb.get(ValueLayout.JAVA_BYTE, bo);
                so.set(ValueLayout.JAVA_BYTE, oo, (byte) (r ^ ((x ^ r) & (int) m)));
            } else if (c != 0) {
                MemorySegment.copy(sb, bo, so, oo, width);
            }
        }
    }

    /** Integer domain, one operand (also the integer-source cast: {@code f} the identity). */
    public record Long1(ElementCodec a, ElementCodec o, Fn.L1 f) implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            o.setLong(so, oo, f.apply(a.getLong(sa, ao)));
        }
    }

    /** Real floating domain, one operand. */
    public record Double1(ElementCodec a, ElementCodec o, Fn.D1 f) implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            o.setDouble(so, oo, f.apply(a.getDouble(sa, ao)));
        }
    }

    /** Complex domain, one operand. */
    public record Complex1(ElementCodec a, ElementCodec o, Fn.C1 f) implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            double r = a.getDouble(sa, ao);
            double i = a.getImag(sa, ao);
            o.setComplex(so, oo, f.re(r, i), f.im(r, i));
        }
    }

    /** A real function of a complex operand's two parts (the modulus). */
    public record ComplexReal1(ElementCodec a, ElementCodec o, Fn.D2 f) implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            o.setDouble(so, oo, f.apply(a.getDouble(sa, ao), a.getImag(sa, ao)));
        }
    }

    /** Moves one 16-byte element as two longs (keeps every bit, NaN payloads included). */
    public record Move16() implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            so.set(Elements.I64, oo, sa.get(Elements.I64, ao));
            so.set(Elements.I64, oo + 8, sa.get(Elements.I64, ao + 8));
        }
    }

    /** Real floating predicate, one operand; writes 1 or 0. */
    public record DoubleTest1(ElementCodec a, ElementCodec o, Fn.DP1 f) implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            o.setLong(so, oo, f.test(a.getDouble(sa, ao)) ? 1 : 0);
        }
    }

    /** Complex predicate, one operand; writes 1 or 0. */
    public record ComplexTest1(ElementCodec a, ElementCodec o, Fn.CP1 f) implements E1 {
        @Override
        public void apply(MemorySegment sa, long ao, MemorySegment so, long oo) {
            o.setLong(so, oo, f.test(a.getDouble(sa, ao), a.getImag(sa, ao)) ? 1 : 0);
        }
    }
}
