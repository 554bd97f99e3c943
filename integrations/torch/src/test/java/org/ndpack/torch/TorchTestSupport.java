package org.ndpack.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.ndpack.dlpack.DLPack;

/** Shared checks of the libtorch tests. */
final class TorchTestSupport {
    private TorchTestSupport() {
    }

    static boolean linuxX86() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** Skips, saying so, where the JavaCPP libtorch of this build has no binaries. */
    static void assumeLibtorch() {
        assumeTrue(linuxX86(), "libtorch tests skipped: ndpack-torch and its libtorch jars are linux-x86_64 only, "
                + "this is " + System.getProperty("os.name") + "-" + System.getProperty("os.arch"));
        Torch.load(); // before any JavaCPP class: safe on a cold JavaCPP cache (see Torch.load)
    }

    /** Waits (bounded) until every import and export has been given back, running the GC meanwhile. */
    static void awaitBalanced(long imports, long exports) throws InterruptedException {
        for (int i = 0; i < 200 && (DLPack.liveImports() != imports || DLPack.liveExports() != exports); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(imports, DLPack.liveImports(), "live imports");
        assertEquals(exports, DLPack.liveExports(), "live exports");
    }

    /** 0, 1, 2, ... as a libtorch tensor of the given type and shape. */
    static Tensor arange(ScalarType st, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        try (Tensor a = torch.arange(new Scalar(n)); Tensor r = a.reshape(shape)) {
            return r.to(st);
        }
    }

    /** Element of a tensor read through libtorch (select per axis, then item). */
    static double torchGet(Tensor t, long... index) {
        Tensor cur = new Tensor(t);
        for (long i : index) {
            Tensor next = cur.select(0, i);
            cur.close();
            cur = next;
        }
        try (Tensor c = cur; Scalar s = c.item()) {
            return s.toDouble();
        }
    }

    /** Writes one element through libtorch. */
    static void torchSet(Tensor t, double value, long... index) {
        Tensor cur = new Tensor(t);
        for (long i : index) {
            Tensor next = cur.select(0, i);
            cur.close();
            cur = next;
        }
        try (Tensor c = cur; Scalar s = new Scalar(value)) {
            c.fill_(s);
        }
    }
}
