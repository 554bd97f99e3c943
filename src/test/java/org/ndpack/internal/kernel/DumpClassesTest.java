package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dndpack.dumpClasses=DIR} writes each newly specialised kernel and its constant to DIR. */
class DumpClassesTest {

    /** A constant no other test specialises on, so the kernel is defined (not cached) here. */
    private record AddSeven(long salt) implements Elem.E1 {
        @Override
        public void apply(MemorySegment a, long ao, MemorySegment o, long oo) {
            o.set(ValueLayout.JAVA_LONG_UNALIGNED, oo, a.get(ValueLayout.JAVA_LONG_UNALIGNED, ao) + 7);
        }
    }

    @Test
    void specialisedKernelsAreDumpedWithTheirConstant(@TempDir Path dir) throws IOException {
        String old = System.getProperty(Specializer.DUMP_PROPERTY);
        System.setProperty(Specializer.DUMP_PROPERTY, dir.toString());
        Kernel1 k;
        try {
            k = Specializer.loop1(new AddSeven(System.nanoTime()));
        } finally {
            if (old == null) {
                System.clearProperty(Specializer.DUMP_PROPERTY);
            } else {
                System.setProperty(Specializer.DUMP_PROPERTY, old);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertEquals(2, files.size(), "one .class and one .txt: " + files);
        Path cls = files.stream().filter(f -> f.toString().endsWith(".class")).findFirst().orElseThrow();
        Path txt = files.stream().filter(f -> f.toString().endsWith(".txt")).findFirst().orElseThrow();
        assertTrue(cls.getFileName().toString().startsWith(Loop1.class.getName() + "$0x"), cls.toString());
        try (InputStream in = Loop1.class.getResourceAsStream("Loop1.class")) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(cls), "the template's bytes");
        }
        assertTrue(Files.readString(txt).contains("specialised on AddSeven[salt="), Files.readString(txt));
        assertTrue(k.getClass().isHidden(), "the kernel is the hidden class");
    }
}
