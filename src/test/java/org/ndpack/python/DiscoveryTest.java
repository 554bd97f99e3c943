package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding libpython, and refusing what is not a usable one (no interpreter is started here). */
class DiscoveryTest {

    @Test
    void versionIsReadFromLibraryNames() {
        assertEquals("3.11", Discovery.versionInName("libpython3.11.so.1.0"));
        assertEquals("3.13", Discovery.versionInName("libpython3.13t.so"));
        assertEquals("3.9", Discovery.versionInName("libpython3.9.dylib"));
        assertNull(Discovery.versionInName("libm.so.6"));
        assertNull(Discovery.versionInName("libpython3.so"));
    }

    @Test
    void homeIsTheAncestorHoldingTheStandardLibrary(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib/x86_64-linux-gnu")).resolve("libpython3.42.so.1.0");
        Files.createFile(lib);
        assertNull(Discovery.findHome(lib), "no lib/python3.42/os.py yet");
        Files.createDirectories(dir.resolve("lib/python3.42"));
        Files.createFile(dir.resolve("lib/python3.42/os.py"));
        assertEquals(dir.toAbsolutePath(), Discovery.findHome(lib));
    }

    @Test
    void libraryPathsComeFromSysconfigMostSpecificFirst() {
        List<Path> paths = Discovery.libraryPaths(Map.of(
                "version", "3.11.2", "abiflags", "", "LIBDIR", "/usr/lib/x86_64-linux-gnu",
                "INSTSONAME", "libpython3.11.so.1.0", "LDLIBRARY", "libpython3.11.so",
                "MULTIARCH", "x86_64-linux-gnu", "base_prefix", "/usr", "prefix", "/usr"));
        assertEquals(Path.of("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"), paths.get(0));
        assertEquals(Path.of("/usr/lib/x86_64-linux-gnu/libpython3.11.so"), paths.get(1));
        assertTrue(paths.contains(Path.of("/usr/lib/libpython3.11.so.1.0")), paths.toString());
        // A static build names a .a archive: never offered to dlopen.
        List<Path> fromStatic = Discovery.libraryPaths(Map.of("version", "3.12.1", "abiflags", "",
                "LIBDIR", "/opt/py/lib", "INSTSONAME", "libpython3.12.a", "LDLIBRARY", "libpython3.12.a",
                "prefix", "/opt/py", "base_prefix", "/opt/py"));
        assertTrue(fromStatic.stream().noneMatch(p -> p.toString().endsWith(".a")), fromStatic.toString());
        assertEquals(Path.of("/opt/py/lib/libpython3.12.so.1.0"), fromStatic.get(0));
    }

    @Test
    void aMissingLibraryIsReportedWithItsPath() {
        Discovery.Attempts attempts = new Discovery.Attempts();
        Object found = Discovery.first(Path.of("/nonexistent/dir/libpython3.11.so"), attempts, c -> c);
        assertNull(found);
        assertTrue(attempts.describe().contains("library /nonexistent/dir/libpython3.11.so does not exist"),
                attempts.describe());
    }

    @Test
    void anInterpreterThatCannotRunIsReportedWithItsName() {
        Discovery.Attempts attempts = new Discovery.Attempts();
        Object found = Discovery.first(Path.of("/nonexistent/bin/python3"), attempts, c -> c);
        assertNull(found);
        assertTrue(attempts.describe().contains("could not run /nonexistent/bin/python3"), attempts.describe());
    }

    @Test
    void aRejectedCandidateIsReportedWithTheReason(@TempDir Path dir) throws IOException {
        Path lib = Files.createFile(dir.resolve("libpython3.42.so"));
        Discovery.Attempts attempts = new Discovery.Attempts();
        Object found = Discovery.first(lib, attempts, c -> {
            throw new Discovery.Rejected("not good enough");
        });
        assertNull(found);
        assertTrue(attempts.describe().contains(lib + ": not good enough"), attempts.describe());
    }

    @Test
    void onlyCPython38OrNewerOfTheExpectedVersionIsAccepted() throws Discovery.Rejected {
        assertEquals(11, LibPython.checkVersion("3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]", "3.11.2"));
        assertEquals(8, LibPython.checkVersion("3.8.0 (default)", null));
        assertTrue(assertThrows(Discovery.Rejected.class, () -> LibPython.checkVersion("3.7.9 (x)", null))
                .getMessage().contains("needs 3.8 or newer"));
        assertThrows(Discovery.Rejected.class, () -> LibPython.checkVersion("2.7.18 (x)", null));
        assertTrue(assertThrows(Discovery.Rejected.class,
                () -> LibPython.checkVersion("3.10.13 (tags) [PyPy 7.3.15 with GCC]", null))
                .getMessage().contains("not CPython"));
        assertTrue(assertThrows(Discovery.Rejected.class, () -> LibPython.checkVersion("3.12.1 (x)", "3.11.7"))
                .getMessage().contains("mismatched"));
        assertThrows(Discovery.Rejected.class, () -> LibPython.checkVersion("garbage", null));
    }

    @Test
    void aSharedLibraryThatIsNotLibpythonIsRefusedAndNotMadeGlobal() {
        Path libm = Path.of("/lib/x86_64-linux-gnu/libm.so.6");
        if (!Files.isRegularFile(libm)) {
            libm = Path.of("/usr/lib/x86_64-linux-gnu/libm.so.6");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(libm), "no libm.so.6 at the Debian path");
        Path l = libm;
        Discovery.Rejected r = assertThrows(Discovery.Rejected.class,
                () -> LibPython.open(new Discovery.Candidate(l, null, null, null, "test")));
        assertTrue(r.getMessage().contains("no Py_GetVersion"), r.getMessage());
    }
}
