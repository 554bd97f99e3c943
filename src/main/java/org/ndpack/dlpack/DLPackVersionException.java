package org.ndpack.dlpack;

/**
 * A {@code DLManagedTensorVersioned} carries a major ABI version other than 1. The deleter has
 * been called; no field other than {@code version} and {@code deleter} was read.
 */
public class DLPackVersionException extends DLPackException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link DLPackException#DLPackException(String, String, String)}.
     *
     * @param field the field or argument at fault
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackVersionException(String field, String value, String rule) {
        super(field, value, rule);
    }
}
