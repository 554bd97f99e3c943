package org.ndpack.dlpack;

/**
 * A DLPack tensor was refused, on import or export. Each subclass is one family of reasons; the
 * message names the offending field, its value and the rule, as in
 * {@code "dl_tensor.shape[1] = -3: extents must be >= 0"}, and {@link #field()} gives the field
 * alone.
 *
 * <p>On import, by the time one of these is thrown the tensor's deleter has already been called
 * (unless the pointer was {@code NULL}); see {@link DLPack#fromDLPack}.
 *
 * <ul>
 *   <li>{@link DLPackPointerException}: the managed-tensor pointer itself is unusable;</li>
 *   <li>{@link DLPackVersionException}: a major ABI version ndpack does not speak;</li>
 *   <li>{@link DLPackDeviceException}: memory the CPU cannot read, or a device ndpack cannot
 *       export to;</li>
 *   <li>{@link DLPackDTypeException}: an element type ndpack has no {@link org.ndpack.DType}
 *       for;</li>
 *   <li>{@link DLPackLayoutException}: rank, shape, strides, data pointer or byte span out of
 *       bounds;</li>
 *   <li>{@link DLPackCopyException}: the copy policy cannot be met.</li>
 * </ul>
 */
public class DLPackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The field, e.g. {@code "dl_tensor.ndim"}. */
    private final String field;

    /**
     * Creates the exception with the message {@code field + " = " + value + ": " + rule}.
     *
     * @param field the DLPack field or argument at fault, e.g. {@code "dl_tensor.ndim"}
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackException(String field, String value, String rule) {
        super(field + " = " + value + ": " + rule);
        this.field = field;
    }

    /** {@return the field or argument at fault, e.g. {@code "dl_tensor.dtype.code"}} */
    public String field() {
        return field;
    }
}
