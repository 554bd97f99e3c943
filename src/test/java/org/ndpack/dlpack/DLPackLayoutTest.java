package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;

/**
 * Our FFM layouts and constants against the C compiler's view of native-headers/dlpack/dlpack.h:
 * compiles layout_probe.c, runs it, and compares every sizeof, offsetof and constant it prints.
 */
class DLPackLayoutTest {

    private static Map<String, Long> probe() throws IOException, InterruptedException {
        Path exe = CPeer.dir().resolve("layout_probe");
        CPeer.compile(List.of("-o", exe.toString(), CPeer.HEADERS.resolve("peer/layout_probe.c").toString()));
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.trim().split(" ");
            m.put(kv[0], Long.parseLong(kv[1]));
        }
        return m;
    }

    @Test
    void structSizesAndOffsetsMatchTheCCompiler() throws Exception {
        CPeer.require();
        Map<String, Long> c = probe();
        int checked = 0;
        for (StructLayout l : List.of(DLPackLayouts.DL_PACK_VERSION, DLPackLayouts.DL_DEVICE, DLPackLayouts.DL_DATA_TYPE,
                DLPackLayouts.DL_TENSOR, DLPackLayouts.DL_MANAGED_TENSOR, DLPackLayouts.DL_MANAGED_TENSOR_VERSIONED)) {
            String name = l.name().orElseThrow();
            assertEquals(c.get(name), l.byteSize(), "sizeof(" + name + ")");
            checked++;
            for (MemoryLayout f : l.memberLayouts()) {
                String field = f.name().orElseThrow();
                long off = l.byteOffset(MemoryLayout.PathElement.groupElement(field));
                assertEquals(c.get(name + "." + field), off, "offsetof(" + name + ", " + field + ")");
                checked++;
            }
        }
        long probed = c.keySet().stream().filter(k -> k.startsWith("DL") && !k.startsWith("DLPACK_")).count();
        assertEquals(probed, checked, "every struct and field the probe printed was compared");
    }

    @Test
    void constantsMatchTheHeader() throws Exception {
        CPeer.require();
        Map<String, Long> c = probe();
        assertEquals(c.get("kDLCPU"), DLDevice.CPU);
        assertEquals(c.get("kDLCUDA"), DLDevice.CUDA);
        assertEquals(c.get("kDLCUDAHost"), DLDevice.CUDA_HOST);
        assertEquals(c.get("kDLROCMHost"), DLDevice.ROCM_HOST);
        assertEquals(c.get("kDLCUDAManaged"), DLDevice.CUDA_MANAGED);
        assertEquals(c.get("kDLTrn"), DLDevice.TRN);
        assertEquals(c.get("kDLBool"), DType.BOOL.dlpackCode());
        assertEquals(c.get("kDLComplex"), DType.COMPLEX64.dlpackCode());
        assertEquals(c.get("kDLBfloat"), DType.BFLOAT16.dlpackCode());
        assertEquals(c.get("DLPACK_FLAG_BITMASK_READ_ONLY"), DLPack.FLAG_READ_ONLY);
        assertEquals(c.get("DLPACK_FLAG_BITMASK_IS_COPIED"), DLPack.FLAG_IS_COPIED);
        assertEquals(c.get("DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED"), DLPack.FLAG_IS_SUBBYTE_TYPE_PADDED);
        assertEquals(c.get("DLPACK_MAJOR_VERSION"), DLPack.VERSION.major());
        assertEquals(c.get("DLPACK_MINOR_VERSION"), DLPack.VERSION.minor());
    }

    @Test
    void internalOffsetsAgreeWithTheLayouts() {
        // The byte offsets the import and export code use are derived from the layouts; pin the
        // ABI numbers of DLPACK.md so that a layout edit cannot move them silently.
        assertEquals(80, DLPackLayouts.V_SIZE);
        assertEquals(64, DLPackLayouts.L_SIZE);
        assertEquals(16, DLPackLayouts.V_DELETER);
        assertEquals(24, DLPackLayouts.V_FLAGS);
        assertEquals(32, DLPackLayouts.V_TENSOR);
        assertEquals(56, DLPackLayouts.L_DELETER);
        assertEquals(40, DLPackLayouts.T_BYTE_OFFSET);
        assertEquals(22, DLPackLayouts.T_LANES);
        assertTrue(DLPackLayouts.DELETER.returnLayout().isEmpty());
    }
}
