package org.ndpack.internal.kernel;

/**
 * Whether the Vector API fast path may be used: the {@code jdk.incubator.vector} module is in the
 * boot layer (run with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code ndpack.vector} is not {@code false}. Classes that use the Vector API must only be loaded
 * when {@link #ENABLED} is true; otherwise they fail to link.
 */
public final class VectorSupport {
    /** True when the Vector API kernels are used. */
    public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("ndpack.vector"));

    private VectorSupport() {
    }
}
