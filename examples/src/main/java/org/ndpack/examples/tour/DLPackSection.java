package org.ndpack.examples.tour;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.dlpack.DLPackCopy;
import org.ndpack.dlpack.DLPackLayouts;

/**
 * The tour's DLPack section: exports an array and imports it back in the same process (exactly
 * what a native runtime does on the other side of the ABI), and shows what the exported struct
 * holds, that the two arrays share memory, and the live counts that say who owns what. Needs no C
 * compiler and no Python.
 */
public final class DLPackSection {
    private DLPackSection() {
    }

    private static final VarHandle MAJOR = field("version", "major");
    private static final VarHandle MINOR = field("version", "minor");
    private static final VarHandle FLAGS = field("flags");
    private static final VarHandle NDIM = field("dl_tensor", "ndim");
    private static final VarHandle DATA = field("dl_tensor", "data");

    private static VarHandle field(String... path) {
        var elements = Arrays.stream(path).map(n -> groupElement(n)).toArray(java.lang.foreign.MemoryLayout.PathElement[]::new);
        return DLPackLayouts.DL_MANAGED_TENSOR_VERSIONED.varHandle(elements);
    }

    /** Runs the section, printing what it does and what it got. */
    public static void run() {
        try (NDArray base = NDArray.arange(DType.FLOAT32, 0, 12, 1)) {
            NDArray a = base.reshape(3, 4).slice("::-1, 1:");        // a strided view, negative row stride
            System.out.println("a = arange(12).reshape(3, 4)[::-1, 1:] (strides " + Arrays.toString(a.strides())
                    + ") ->\n" + a);

            MemorySegment p = DLPack.toDLPack(a);                    // a DLManagedTensorVersioned* we own
            System.out.printf("toDLPack(a): version %d.%d, flags %d, ndim %d, data 0x%x (a's first element)%n",
                    (int) MAJOR.get(p, 0L), (int) MINOR.get(p, 0L), (long) FLAGS.get(p, 0L), (int) NDIM.get(p, 0L),
                    ((MemorySegment) DATA.get(p, 0L)).address());
            System.out.println("live exports " + DLPack.liveExports() + ", live imports " + DLPack.liveImports());

            try (NDArray b = DLPack.fromDLPack(p)) {                 // what a consumer does: no copy
                System.out.println("b = fromDLPack(p): strides " + Arrays.toString(b.strides())
                        + "; live exports " + DLPack.liveExports() + ", live imports " + DLPack.liveImports());
                b.setDouble(-1, 0, 0);                               // write through the import...
                System.out.println("after b[0, 0] = -1: a[0, 0] = " + a.getDouble(0, 0) + ", base[9] = "
                        + base.getDouble(9) + " (one memory, no copy)");
            }                                                        // closing b runs the export's deleter
            System.out.println("after b.close(): live exports " + DLPack.liveExports() + ", live imports "
                    + DLPack.liveImports());

            try (NDArray c = DLPack.from(a, DLPackCopy.ALWAYS)) {    // the producer protocol, private copy
                c.setDouble(100, 0, 0);
                System.out.println("c = DLPack.from(a, ALWAYS); c[0, 0] = 100: a[0, 0] is still " + a.getDouble(0, 0));
            }
        }
        System.out.println(DLPack.statistics());
    }
}
