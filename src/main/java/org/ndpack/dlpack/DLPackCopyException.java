package org.ndpack.dlpack;

/**
 * The copy policy cannot be met: {@link DLPackCopy#NEVER} where only a copy can honour the
 * request, or a producer that copied although told never to.
 */
public class DLPackCopyException extends DLPackException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link DLPackException#DLPackException(String, String, String)}.
     *
     * @param field the field or argument at fault
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackCopyException(String field, String value, String rule) {
        super(field, value, rule);
    }
}
