package org.ndpack.dlpack;

/**
 * The tensor lives on a device whose memory the CPU cannot read (CUDA, ROCm, Vulkan, ...), or
 * an export was asked for a device ndpack cannot provide. The message names the device.
 */
public class DLPackDeviceException extends DLPackException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link DLPackException#DLPackException(String, String, String)}.
     *
     * @param field the field or argument at fault
     * @param value its value as text
     * @param rule what was expected
     */
    public DLPackDeviceException(String field, String value, String rule) {
        super(field, value, rule);
    }
}
