package org.ndpack.python;

/**
 * A Python exception, raised by code that ndpack ran in the embedded interpreter, as a Java
 * exception.
 *
 * <p>It carries the exception's Python type name ({@code "ValueError"}, or
 * {@code "module.QualifiedName"} for types outside {@code builtins}), its message
 * ({@code str(exc)}) and the traceback text exactly as Python's {@code traceback} module formats
 * it. {@link #getMessage()} is {@code "Type: message"}, as the last line of a Python traceback.
 * No reference to the Python exception object is kept: the exception can outlive the interpreter,
 * be serialised or cross threads freely.
 *
 * <h2>Guarantees</h2>
 * Immutable and thread-safe.
 */
public final class PythonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The Python type name. */
    private final String pythonType;
    /** {@code str()} of the Python exception. */
    private final String pythonMessage;
    /** The formatted traceback. */
    private final String pythonTraceback;

    /**
     * Creates the exception.
     *
     * @param pythonType the Python type name
     * @param pythonMessage {@code str()} of the exception, possibly empty
     * @param pythonTraceback the formatted traceback, possibly empty
     */
    PythonException(String pythonType, String pythonMessage, String pythonTraceback) {
        super(pythonMessage.isEmpty() ? pythonType : pythonType + ": " + pythonMessage);
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.pythonTraceback = pythonTraceback;
    }

    /** {@return the Python type name, as {@code "ZeroDivisionError"} or {@code "numpy.AxisError"}} */
    public String pythonType() {
        return pythonType;
    }

    /** {@return {@code str()} of the Python exception (may be empty)} */
    public String pythonMessage() {
        return pythonMessage;
    }

    /**
     * {@return the traceback as Python prints it, from {@code "Traceback (most recent call last):"}
     * to the {@code "Type: message"} line, or just that line when Python had no traceback}
     */
    public String pythonTraceback() {
        return pythonTraceback;
    }
}
