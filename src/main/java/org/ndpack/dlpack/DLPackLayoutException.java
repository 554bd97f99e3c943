package org.ndpack.dlpack;

/**
 * The tensor's geometry is unusable: {@code ndim} outside [0, 64], a {@code NULL} shape with
 * {@code ndim > 0}, a negative extent, an element count or byte span that overflows a 64-bit
 * integer, an address range outside the address space, or a {@code NULL} data pointer for a
 * tensor that has elements.
 */
public class DLPackLayoutException extends DLPackException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link DLPackException#DLPackException(String, String, String)}.
     *
     * @param field the field or argument at fault
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackLayoutException(String field, String value, String rule) {
        super(field, value, rule);
    }
}
