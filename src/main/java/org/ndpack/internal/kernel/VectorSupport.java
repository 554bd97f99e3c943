package org.ndpack.internal.kernel;

import jdk.incubator.vector.DoubleVector;

/**
 * Whether the Vector API fast path may be used: the {@code jdk.incubator.vector} module is in the
 * boot layer (run with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code ndpack.vector} is not {@code false}. Classes that use the Vector API must only be loaded
 * when {@link #ENABLED} is true; otherwise they fail to link.
 *
 * <p>When the fast path is off, initialising this class (which the first kernel choice does) logs
 * one notice that names {@link #FLAG} to {@code System.getLogger("org.ndpack")}: level INFO, or
 * DEBUG when {@code ndpack.vector=false} turned it off on purpose.
 */
public final class VectorSupport {
    /** The JVM option that adds the Vector API module. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";
    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean TURNED_OFF = "false".equals(System.getProperty("ndpack.vector"));
    /** True when the Vector API kernels are used. */
    public static final boolean ENABLED = MODULE && !TURNED_OFF;
    /** Why the Vector API kernels are not used, or the empty string when they are. */
    public static final String REASON = ENABLED ? ""
            : !MODULE ? "the jdk.incubator.vector module is not in the boot layer; start the JVM with " + FLAG
            : "turned off by -Dndpack.vector=false";

    static {
        if (!ENABLED) {
            System.getLogger("org.ndpack").log(TURNED_OFF ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                    "ndpack runs its portable kernels: " + REASON);
        }
    }

    private VectorSupport() {
    }

    /** {@return the bit size of the preferred vectors when {@link #ENABLED}, else 0} */
    public static int vectorBits() {
        return ENABLED ? Preferred.BITS : 0;
    }

    /** Touches the Vector API; loaded only when it is present. */
    private static final class Preferred {
        static final int BITS = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
