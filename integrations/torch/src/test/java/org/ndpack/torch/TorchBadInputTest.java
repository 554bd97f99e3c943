package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.torch.TorchTestSupport.arange;

import java.io.File;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Storage;
import org.bytedeco.pytorch.StorageImpl;
import org.bytedeco.pytorch.StringOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorImpl;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackDTypeException;
import org.ndpack.dlpack.DLPackDeviceException;

/** Everything libtorch would abort on is refused first, with an exception that names it. */
class TorchBadInputTest {
    @BeforeEach
    void start() throws InterruptedException {
        TorchTestSupport.assumeLibtorch();
        TorchTestSupport.awaitBalanced(0, 0);
    }

    @AfterEach
    void balanced() throws InterruptedException {
        TorchTestSupport.awaitBalanced(0, 0);
    }

    private static void assertMessage(RuntimeException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
        assertTrue(e.getMessage().length() < 400, "message too long: " + e.getMessage());
    }

    @Test
    void undefinedAndDeallocatedTensors() {
        try (Tensor undefined = new Tensor()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Torch.toNDArray(undefined)), "undefined");
        }
        Tensor t = arange(ScalarType.Float, 3);
        t.close();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Torch.toNDArray(t)), "NULL");
        assertThrows(NullPointerException.class, () -> Torch.toNDArray(null));
        assertThrows(NullPointerException.class, () -> Torch.toTensor(null));
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 2)) {
            assertThrows(NullPointerException.class, () -> Torch.toTensor(a, null));
        }
    }

    @Test
    void closedArray() {
        NDArray a = NDArray.zeros(DType.FLOAT32, 2);
        a.close();
        assertThrows(IllegalStateException.class, () -> Torch.toTensor(a));
        assertEquals(0, DLPack.liveExports());
    }

    @Test
    void nonStridedAndLazyTensors() {
        try (Tensor dense = arange(ScalarType.Float, 2, 2); Tensor sparse = dense.to_sparse()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Torch.toNDArray(sparse)), "Sparse");
        }
        try (Tensor c = arange(ScalarType.ComplexFloat, 3); Tensor conj = c.conj()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Torch.toNDArray(conj)), "conjugation",
                    "resolve_conj");
            try (Tensor resolved = conj.resolve_conj(); NDArray a = Torch.toNDArray(resolved)) {
                assertEquals(3, a.size());
            }
        }
        try (Tensor f = arange(ScalarType.Float, 3); Tensor neg = f._neg_view()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Torch.toNDArray(neg)), "negation");
        }
    }

    @Test
    void dtypesWithoutNdpackCounterpart() {
        for (ScalarType st : new ScalarType[] {ScalarType.Float8_e4m3fnuz, ScalarType.Float8_e5m2fnuz,
            ScalarType.Float8_e8m0fnu, ScalarType.ComplexHalf}) {
            try (Tensor t = arange(ScalarType.Float, 4).to(st)) {
                long refs = TorchLifetimeTest.refs(t);
                long rejected = DLPack.statistics().rejectedImports();
                DLPackDTypeException e = assertThrows(DLPackDTypeException.class, () -> Torch.toNDArray(t));
                assertTrue(e.getMessage().contains("dtype"), e.getMessage());
                assertEquals(rejected + 1, DLPack.statistics().rejectedImports(), "ndpack refused " + st);
                assertEquals(refs, TorchLifetimeTest.refs(t), "PyTorch's deleter ran once for the refused " + st);
            }
        }
    }

    @Test
    void theMemoryCheckIsConfirmedHere() {
        // the pinned libtorch of this build: toNDArray checks by memory reads, not JNI calls
        assertTrue(ImplLayout.USABLE, ImplLayout.DIAGNOSIS);
    }

    /** Refused before any call into libtorch: nothing imported, no reference taken. */
    private static void assertRefusedUnexchanged(Tensor t, String... parts) {
        long imports = DLPack.statistics().imports();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.toNDArray(t));
        assertMessage(e, parts);
        assertEquals(imports, DLPack.statistics().imports(), "nothing reached ndpack's import");
    }

    /**
     * Tensors whose export libtorch would abort on (a c10::Error inside toDLPackVersioned), each made
     * through a setter JavaCPP maps: all refused.
     */
    @Test
    void specialTensorsAreRefused() {
        String[] names = {"storage access error", "custom sizes", "Python custom sizes", "custom device",
            "custom layout", "Python dispatch", "meta storage"};
        for (int k = 0; k < names.length; k++) {
            try (Tensor t = arange(ScalarType.Float, 2, 3)) {
                TensorImpl impl = t.unsafeGetTensorImpl();
                switch (k) {
                    case 0 -> impl.set_storage_access_should_throw();
                    case 1 -> impl.set_custom_sizes_strides((byte) 1);
                    case 2 -> impl.set_python_custom_sizes_strides((byte) 1);
                    case 3 -> impl.set_custom_device(true);
                    case 4 -> impl.set_custom_layout(true);
                    case 5 -> impl.set_python_dispatch(true);
                    default -> impl.release_storage_and_set_meta_custom_data_ptr_error_msg_(new StringOptional("gone"));
                }
                // the storage released for a meta one leaves none: the JavaCPP check names that
                assertRefusedUnexchanged(t, k == 6 ? "no storage" : "does not exchange");
            }
        }
        try (Tensor t = arange(ScalarType.Float, 2, 3); Storage s = t.storage(); StorageImpl si = s.unsafeGetStorageImpl()) {
            si.set_throw_on_mutable_data_ptr();
            assertRefusedUnexchanged(t, "does not exchange", "storage");
        }
    }

    /**
     * CustomSizes is the value 2 of the 2-bit size/stride policy fields; libtorch's export throws
     * for it (an abort across the downcall), so it runs in a child JVM.
     */
    @Test
    void customSizesPolicyValueTwoIsRefused() throws Exception {
        String out = TorchChildMain.run("customSizes");
        assertTrue(out.contains("case 0: refused") && out.contains("case 1: refused"), out);
    }

    /** The calibration on a thread inside InferenceMode still learns the keys of ordinary tensors. */
    @Test
    void firstExchangeInsideInferenceMode() throws Exception {
        String out = TorchChildMain.run("inferenceFirst");
        assertTrue(out.contains("calibration: confirmed") && out.contains("outside: 3.0"), out);
    }

    /**
     * The JNI checks, used where the memory layout is not confirmed, refuse the special tensors
     * too; above all a storage set to throw on mutable data access, which const_data_ptr() does
     * not check but the export's data_ptr() does (an abort across the downcall). Called directly:
     * no export is attempted, so a check that wrongly accepts fails here instead of aborting.
     */
    @Test
    void theJniFallbackRefusesSpecialTensors() {
        try (Tensor t = arange(ScalarType.Float, 2, 3); Storage s = t.storage(); StorageImpl si = s.unsafeGetStorageImpl()) {
            si.set_throw_on_mutable_data_ptr();
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensors.checkedByJni(t, null)),
                    "does not exchange", "storage");
        }
        try (Tensor t = arange(ScalarType.Float, 0); Storage s = t.storage(); StorageImpl si = s.unsafeGetStorageImpl()) {
            si.set_throw_on_mutable_data_ptr();
            assertThrows(IllegalArgumentException.class, () -> Tensors.checkedByJni(t, null), "no elements");
        }
        // those whose accessors throw (C++ custom strides, sizes and device without Python
        // fall back to the plain fields: libtorch exports them; only the memory check refuses them)
        for (int k = 0; k < 3; k++) {
            try (Tensor t = arange(ScalarType.Float, 2, 3); TensorImpl impl = t.unsafeGetTensorImpl()) {
                switch (k) {
                    case 0 -> impl.set_storage_access_should_throw();
                    case 1 -> impl.set_python_custom_sizes_strides((byte) 1);
                    default -> impl.set_python_custom_sizes_strides((byte) 2);
                }
                int c = k;
                assertThrows(IllegalArgumentException.class, () -> Tensors.checkedByJni(t, null), "case " + c);
            }
        }
        try (Tensor t = arange(ScalarType.Float, 2, 3); Storage s = t.storage(); StorageImpl si = s.unsafeGetStorageImpl()) {
            si.set_warn_deprecated_on_mutable_data_ptr(); // a warning only: still exchanged
            assertEquals(t.address(), Tensors.checkedByJni(t, null));
        }
    }

    /**
     * The JNI checks alone, end to end (in a child JVM: a wrong acceptance aborts it): no special
     * tensor aborts the process; those whose accessors throw are refused, the others exported.
     */
    @Test
    void theJniChecksAloneNeverAbort() throws Exception {
        String out = TorchChildMain.run("jniChecksOnly");
        for (int k = 0; k < 10; k++) {
            assertTrue(out.contains("special " + k + ": "), out);
        }
        for (int k : new int[] {0, 3, 4, 6, 8}) {
            assertTrue(out.contains("special " + k + ": refused"), out);
        }
        assertTrue(out.contains("special 9: exported"), out);
    }

    @Test
    void otherDevicesQuantizedAndBitTypesAreRefused() {
        try (TensorOptions meta = new TensorOptions(new Device("meta"));
                Tensor t = torch.empty(new long[] {3}, meta, null)) {
            assertMessage(assertThrows(DLPackDeviceException.class, () -> Torch.toNDArray(t)), "meta");
        }
        try (Tensor f = arange(ScalarType.Float, 4); Tensor q = torch.quantize_per_tensor(f, 0.5, 0, ScalarType.QInt8)) {
            assertMessage(assertThrows(DLPackDTypeException.class, () -> Torch.toNDArray(q)), "QInt8");
        }
        try (TensorOptions bits = new TensorOptions(ScalarType.Bits8);
                Tensor b = torch.empty(new long[] {4}, bits, null)) {
            assertMessage(assertThrows(DLPackDTypeException.class, () -> Torch.toNDArray(b)), "Bits8");
        }
    }

    @Test
    void inferenceTensorsAndStorageOffsetsAreExchanged() {
        Tensor t;
        try (InferenceMode guard = new InferenceMode()) {
            t = arange(ScalarType.Double, 4, 5);
        }
        try (Tensor v = t.narrow(0, 1, 2); Tensor w = v.narrow(1, 2, 3); NDArray a = Torch.toNDArray(w)) {
            assertArrayEquals(new long[] {2, 3}, a.shape());
            assertEquals(7.0, a.getDouble(0, 0), "row 1, column 2 of the inference tensor");
            assertEquals(14.0, a.getDouble(1, 2));
        } finally {
            t.close();
        }
    }

    @Test
    void missingSymbolNamesItAndTheSupportedVersion() {
        TorchUnavailableException e = assertThrows(TorchUnavailableException.class,
                () -> Libtorch.find(SymbolLookup.loaderLookup(), "_ZN2at19fromDLPackVersionedXX", "at::fromDLPackVersioned"));
        assertMessage(e, "_ZN2at19fromDLPackVersionedXX", "2.10.0-1.5.13");
        assertTrue(SymbolLookup.loaderLookup().find(Libtorch.TO_DLPACK).isPresent());
        assertTrue(SymbolLookup.loaderLookup().find(Libtorch.FROM_DLPACK).isPresent());
    }

    // ---------------------------------------------------------------------------------------
    // Child JVMs whose class path lacks parts of JavaCPP
    // ---------------------------------------------------------------------------------------

    /** Runs {@link NoLibtorchMain} with the build's classes, ndpack, and the class path entries kept. */
    private static String runChild(String... keep) throws Exception {
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean ours = entry.endsWith("classes") || name.startsWith("ndpack-");
            boolean kept = false;
            for (String k : keep) {
                kept |= name.equals(k);
            }
            if (ours || kept) {
                cp.add(entry);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, cp), NoLibtorchMain.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutJavaCpp() throws Exception {
        String out = runChild();
        assertTrue(out.contains("TorchUnavailableException") && out.contains("JavaCPP (org.bytedeco:javacpp)")
                && out.contains("2.10.0-1.5.13"), out);
    }

    @Test
    void withoutThePresets() throws Exception {
        String out = runChild("javacpp-1.5.13.jar", "javacpp-1.5.13-linux-x86_64.jar");
        assertTrue(out.contains("TorchUnavailableException") && out.contains("PyTorch presets (org.bytedeco:pytorch)"),
                out);
    }

    @Test
    void withoutThePlatformJar() throws Exception {
        String out = runChild("javacpp-1.5.13.jar", "javacpp-1.5.13-linux-x86_64.jar", "pytorch-2.10.0-1.5.13.jar",
                "openblas-0.3.31-1.5.13.jar");
        assertTrue(out.contains("TorchUnavailableException") && out.contains("could not load libtorch"), out);
    }
}
