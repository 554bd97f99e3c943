package org.ndpack.dlpack;

/**
 * The managed-tensor pointer handed to an import is unusable: {@code NULL}, or not a native
 * address. Nothing is called: there is no tensor, hence no deleter.
 */
public class DLPackPointerException extends DLPackException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link DLPackException#DLPackException(String, String, String)}.
     *
     * @param field the field or argument at fault
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackPointerException(String field, String value, String rule) {
        super(field, value, rule);
    }
}
