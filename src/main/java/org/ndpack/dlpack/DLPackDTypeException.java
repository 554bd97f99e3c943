package org.ndpack.dlpack;

/**
 * The element type has no ndpack {@link org.ndpack.DType}: an unknown type code, bits that do not
 * match the code, {@code lanes != 1} (vector types), the opaque-handle type, a float8 format other
 * than {@code float8_e4m3fn} (code 10) and {@code float8_e5m2} (code 12), the float6 and float4
 * formats, or a sub-byte type flagged {@code IS_SUBBYTE_TYPE_PADDED} (then the field is
 * {@code flags}).
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
