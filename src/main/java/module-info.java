/**
 * ndpack: n-dimensional arrays over off-heap memory with NumPy's vocabulary, and a DLPack bridge
 * to native ML runtimes.
 *
 * <p>Needs native access: run with {@code --enable-native-access=org.ndpack} (on the class path,
 * {@code --enable-native-access=ALL-UNNAMED}). The Vector API fast path is used when the
 * {@code jdk.incubator.vector} module is present ({@code --add-modules jdk.incubator.vector}).
 */
module org.ndpack {
    requires static jdk.incubator.vector;
    // the physical (or container) memory size, for the default native memory budget
    requires jdk.management;

    exports org.ndpack;
    exports org.ndpack.dlpack;
    exports org.ndpack.io;
    exports org.ndpack.python;
}
