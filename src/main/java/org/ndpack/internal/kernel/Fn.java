package org.ndpack.internal.kernel;

/**
 * The scalar functions a kernel applies, one interface per domain and arity. Implementations are
 * stateless (or hold only constants) and are kept as singletons, so that a kernel specialised on
 * one of them sees a constant and the JIT inlines it.
 */
public final class Fn {
    private Fn() {
    }

    /** Integer domain, two operands (values sign- or zero-extended to long). */
    @FunctionalInterface
    public interface L2 {
        /** {@return the result} */
        long apply(long a, long b);
    }

    /** Integer domain, one operand. */
    @FunctionalInterface
    public interface L1 {
        /** {@return the result} */
        long apply(long a);
    }

    /** Real floating domain, two operands. */
    @FunctionalInterface
    public interface D2 {
        /** {@return the result} */
        double apply(double a, double b);
    }

    /** Real floating domain, one operand. */
    @FunctionalInterface
    public interface D1 {
        /** {@return the result} */
        double apply(double a);
    }

    /** Integer domain predicate of two operands. */
    @FunctionalInterface
    public interface LP2 {
        /** {@return the outcome} */
        boolean test(long a, long b);
    }

    /** Real floating domain predicate of two operands. */
    @FunctionalInterface
    public interface DP2 {
        /** {@return the outcome} */
        boolean test(double a, double b);
    }

    /** Real floating domain predicate of one operand. */
    @FunctionalInterface
    public interface DP1 {
        /** {@return the outcome} */
        boolean test(double a);
    }

    /** Complex domain, two operands: the real and the imaginary part of the result. */
    public interface C2 {
        /** {@return the real part of the result} */
        double re(double ar, double ai, double br, double bi);

        /** {@return the imaginary part of the result} */
        double im(double ar, double ai, double br, double bi);
    }

    /** Complex domain, one operand. */
    public interface C1 {
        /** {@return the real part of the result} */
        double re(double r, double i);

        /** {@return the imaginary part of the result} */
        double im(double r, double i);
    }

    /** Complex predicate of two operands. */
    @FunctionalInterface
    public interface CP2 {
        /** {@return the outcome} */
        boolean test(double ar, double ai, double br, double bi);
    }

    /** Complex predicate of one operand. */
    @FunctionalInterface
    public interface CP1 {
        /** {@return the outcome} */
        boolean test(double r, double i);
    }
}
