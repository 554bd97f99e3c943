/**
 * ndpack-torch: zero-copy exchange between ndpack arrays and libtorch tensors from JavaCPP's
 * PyTorch presets, through PyTorch's own DLPack 1.x functions. See {@link org.ndpack.torch.Torch}.
 *
 * <p>JavaCPP and its PyTorch presets are {@code requires static}: the application brings them
 * (and picks the platform jar), and a program that lacks them gets
 * {@link org.ndpack.torch.TorchUnavailableException} naming what is missing instead of a module
 * resolution failure at startup. An application module that uses {@code Tensor} requires
 * {@code org.bytedeco.pytorch} itself, which puts it in the module graph. Needs native access:
 * {@code --enable-native-access=org.ndpack,org.ndpack.torch} (on the class path,
 * {@code ALL-UNNAMED}).
 */
module org.ndpack.torch {
    requires transitive org.ndpack;
    requires static transitive org.bytedeco.pytorch;
    requires static org.bytedeco.javacpp;

    exports org.ndpack.torch;
}
