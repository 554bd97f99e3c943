package org.ndpack.internal.ufunc;

import org.ndpack.DType;
import org.ndpack.internal.kernel.Elem;
import org.ndpack.internal.kernel.ElementCodec;
import org.ndpack.internal.kernel.Kernel2;
import org.ndpack.internal.kernel.Specializer;

/** The masked-copy kernels behind {@code where}: one per element width. */
final class Selects {
    private static final Kernel2[] BY_DTYPE = new Kernel2[DType.values().length];

    private Selects() {
    }

    /** {@return the kernel copying a {@code t} element from the second input where the first (bool) is true} */
    static Kernel2 of(DType t) {
        Kernel2 k = BY_DTYPE[t.ordinal()];
        if (k == null) {
            k = Specializer.loop2(new Elem.Select(ElementCodec.of(DType.BOOL), t.byteSize()));
            BY_DTYPE[t.ordinal()] = k;
        }
        return k;
    }
}
