package org.ndpack.dlpack;

/**
 * The element type has no ndpack {@link org.ndpack.DType}: an unknown type code, bits that do not
 * match the code, {@code lanes != 1} (vector types), the opaque-handle type, or one of the
 * float8, float6 and float4 formats.
 */
public class DLPackDTypeException extends DLPackException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link DLPackException#DLPackException(String, String, String)}.
     *
     * @param field the field or argument at fault
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackDTypeException(String field, String value, String rule) {
        super(field, value, rule);
    }
}
