package org.ndpack.internal.kernel;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import org.ndpack.internal.Memory;

/**
 * Asks Linux to back large new result buffers with transparent huge pages
 * ({@code madvise(MADV_HUGEPAGE)}), as NumPy does for allocations of 4 MiB or more. A fresh
 * 64 MiB result otherwise takes 16384 page faults on first write, which on virtual machines costs
 * more than the arithmetic itself; with huge pages it takes 32. Advice only: on other systems, or
 * if the call fails, nothing changes. Thread-safe.
 */
public final class HugePages {
    /** Buffers at least this large are advised (NumPy's threshold). */
    public static final long THRESHOLD = 4L << 20;
    private static final int MADV_HUGEPAGE = 14;
    private static final long PAGE = 4096;
    private static final MethodHandle MADVISE = find();

    private HugePages() {
    }

    private static MethodHandle find() {
        if (!System.getProperty("os.name", "").startsWith("Linux") || Boolean.getBoolean("ndpack.noHugePages")) {
            return null;
        }
        try {
            Linker l = Linker.nativeLinker();
            Optional<MemorySegment> f = l.defaultLookup().find("madvise");
            return f.map(s -> l.downcallHandle(s, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), Linker.Option.critical(false))).orElse(null);
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    /** Advises huge pages for the whole pages inside {@code m}, if it is large enough. */
    public static void advise(Memory m) {
        long size = m.byteSize();
        if (MADVISE == null || size < THRESHOLD) {
            return;
        }
        long start = (m.address() + PAGE - 1) & -PAGE;
        long end = (m.address() + size) & -PAGE;
        try {
            int ignored = (int) MADVISE.invokeExact(start, end - start, MADV_HUGEPAGE);
        } catch (Throwable t) {
            // advice only
        }
    }
}
