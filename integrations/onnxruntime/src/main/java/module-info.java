/**
 * ONNX Runtime on ndpack arrays: model inputs and outputs that share ndpack's off-heap memory
 * instead of being copied. See {@link org.ndpack.onnxruntime.OrtArrays}.
 *
 * <p>Needs native access for itself, ndpack and ONNX Runtime:
 * {@code --enable-native-access=org.ndpack,org.ndpack.onnxruntime,com.microsoft.onnxruntime}
 * (on the class path, {@code --enable-native-access=ALL-UNNAMED}). ONNX Runtime
 * ({@code com.microsoft.onnxruntime:onnxruntime} or its GPU build) is the application's to
 * supply.
 */
module org.ndpack.onnxruntime {
    requires transitive org.ndpack;
    // Not transitive: ONNX Runtime's jar is an automatic module, which javac warns against
    // re-exporting; an application that names OrtSession requires it itself.
    requires com.microsoft.onnxruntime;

    exports org.ndpack.onnxruntime;
}
