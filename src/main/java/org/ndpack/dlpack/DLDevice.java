package org.ndpack.dlpack;

/**
 * A DLPack device: a device type ({@code DLDeviceType}) and the index of the device among those
 * of its type, as in the C struct {@code DLDevice}.
 *
 * <p>The type is kept as its ABI number, so that any value read from foreign memory, including
 * types newer than ndpack, can be represented and named in error messages. The constants below
 * are the types DLPack 1.3 defines. Of those, {@link #CPU}, {@link #CUDA_HOST},
 * {@link #ROCM_HOST} and {@link #CUDA_MANAGED} are <em>host-readable</em>
 * ({@link #isHostReadable()}): ndpack imports tensors on them as ordinary arrays. Every other
 * type is device memory that the CPU cannot read.
 *
 * <h2>Guarantees</h2>
 * A record: immutable and thread-safe.
 *
 * @param deviceType the {@code DLDeviceType} number, e.g. {@link #CPU}
 * @param deviceId the device index; 0 for the CPU
 */
public record DLDevice(int deviceType, int deviceId) {
    /** {@code kDLCPU}: ordinary host memory. */
    public static final int CPU = 1;
    /** {@code kDLCUDA}: CUDA device memory. */
    public static final int CUDA = 2;
    /** {@code kDLCUDAHost}: page-locked host memory from {@code cudaMallocHost}; host-readable. */
    public static final int CUDA_HOST = 3;
    /** {@code kDLOpenCL}. */
    public static final int OPENCL = 4;
    /** {@code kDLVulkan}. */
    public static final int VULKAN = 7;
    /** {@code kDLMetal}. */
    public static final int METAL = 8;
    /** {@code kDLVPI}. */
    public static final int VPI = 9;
    /** {@code kDLROCM}: ROCm device memory. */
    public static final int ROCM = 10;
    /** {@code kDLROCMHost}: page-locked host memory from {@code hipMallocHost}; host-readable. */
    public static final int ROCM_HOST = 11;
    /** {@code kDLExtDev}: reserved for extension devices. */
    public static final int EXT_DEV = 12;
    /** {@code kDLCUDAManaged}: CUDA unified memory; host-readable. */
    public static final int CUDA_MANAGED = 13;
    /** {@code kDLOneAPI}. */
    public static final int ONE_API = 14;
    /** {@code kDLWebGPU}. */
    public static final int WEBGPU = 15;
    /** {@code kDLHexagon}. */
    public static final int HEXAGON = 16;
    /** {@code kDLMAIA}. */
    public static final int MAIA = 17;
    /** {@code kDLTrn}. */
    public static final int TRN = 18;

    /** The device of every ndpack array: the CPU, index 0. */
    public static final DLDevice CPU_0 = new DLDevice(CPU, 0);

    private static final String[] NAMES = {
        null, "CPU", "CUDA", "CUDAHost", "OpenCL", null, null, "Vulkan", "Metal", "VPI", "ROCM",
        "ROCMHost", "ExtDev", "CUDAManaged", "OneAPI", "WebGPU", "Hexagon", "MAIA", "Trn"
    };

    /** {@return the device {@code (deviceType, deviceId)}} */
    public static DLDevice of(int deviceType, int deviceId) {
        return new DLDevice(deviceType, deviceId);
    }

    /** {@return true if the CPU can read this device's memory directly} */
    public boolean isHostReadable() {
        return isHostReadable(deviceType);
    }

    static boolean isHostReadable(int deviceType) {
        return deviceType == CPU || deviceType == CUDA_HOST || deviceType == ROCM_HOST || deviceType == CUDA_MANAGED;
    }

    /** {@return the DLPack name of the device type, such as {@code "CUDAHost"}, or
     * {@code "unknown(19)"} for a number DLPack 1.3 does not define} */
    public String typeName() {
        return typeName(deviceType);
    }

    static String typeName(int deviceType) {
        String n = deviceType >= 0 && deviceType < NAMES.length ? NAMES[deviceType] : null;
        return n != null ? n : "unknown(" + deviceType + ")";
    }

    /** {@return the device as {@code "CUDA:0"}} */
    @Override
    public String toString() {
        return typeName() + ":" + deviceId;
    }
}
