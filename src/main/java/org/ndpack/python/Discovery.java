package org.ndpack.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds a CPython shared library and the interpreter it belongs to.
 *
 * <p>The order (also in {@link Python#start()}'s javadoc and docs/PYTHON.md):
 * <ol>
 *   <li>the path given to {@link Python#start(Path)}, and nothing else;</li>
 *   <li>otherwise the {@code NDPACK_PYTHON} environment variable, and nothing else;</li>
 *   <li>otherwise {@code python3} on the {@code PATH}, then {@code /usr/bin/python3},
 *       {@code /usr/local/bin/python3} and {@code python} on the {@code PATH}: the first that
 *       reports a shared libpython that exists.</li>
 * </ol>
 * A path whose file name contains {@code .so} or ends in {@code .dylib} is a library; any other
 * path is an interpreter, which is asked (one short subprocess) for {@code sys.executable},
 * {@code sysconfig}'s {@code LIBDIR}, {@code INSTSONAME} and {@code LDLIBRARY}, and its stdlib.
 *
 * <p>Every step records what it looked at, so that failure can say exactly what was tried.
 */
final class Discovery {
    /** The environment variable naming a libpython or a python executable. */
    static final String ENV = "NDPACK_PYTHON";

    /** Interpreters asked when neither a path nor {@code NDPACK_PYTHON} is given. */
    private static final List<String> DEFAULT_INTERPRETERS =
            List.of("python3", "/usr/bin/python3", "/usr/local/bin/python3", "python");

    /** What a python executable says about itself: one {@code key=value} line each. */
    private static final String PROBE = String.join("\n",
            "import sys, sysconfig",
            "v = sysconfig.get_config_var",
            "def p(k, x): print(k + '=' + ('' if x is None else str(x)))",
            "p('implementation', sys.implementation.name)",
            "p('version', '%d.%d.%d' % sys.version_info[:3])",
            "p('executable', sys.executable)",
            "p('prefix', sys.prefix)",
            "p('base_prefix', getattr(sys, 'base_prefix', sys.prefix))",
            "p('abiflags', getattr(sys, 'abiflags', ''))",
            "p('stdlib', sysconfig.get_path('stdlib'))",
            "for k in ('LIBDIR', 'INSTSONAME', 'LDLIBRARY', 'MULTIARCH', 'PYTHONFRAMEWORKPREFIX', 'Py_ENABLE_SHARED'):",
            "    p(k, v(k))");

    private Discovery() {
    }

    /**
     * A library to load, and what is known of its interpreter.
     *
     * @param library the shared library
     * @param executable the interpreter it belongs to, or null if unknown
     * @param version the interpreter's {@code major.minor.micro} (or {@code major.minor} read
     *        from a library's file name), or null if unknown
     * @param home the interpreter's prefix (for {@code PYTHONHOME}) when no executable is known,
     *        or null
     * @param origin how it was found, for messages
     */
    record Candidate(Path library, Path executable, String version, Path home, String origin) {
    }

    /** Collects what was tried, for the exception message. */
    static final class Attempts {
        private final List<String> lines = new ArrayList<>();

        void add(String line) {
            lines.add(line);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append("\n  - ").append(l);
            }
            return sb.toString();
        }
    }

    /** Thrown by a {@link Loader} that cannot use a candidate; the next one is tried. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Tries to load one candidate. */
    @FunctionalInterface
    interface Loader<T> {
        T load(Candidate c) throws Rejected;
    }

    /**
     * Offers the candidates for {@code explicit} (or, if null, for {@code NDPACK_PYTHON}, or the
     * default interpreters) to {@code loader} in order, probing each interpreter only when its turn
     * comes, and returns the first that loads; null if none does ({@code attempts} says why).
     */
    static <T> T first(Path explicit, Attempts attempts, Loader<T> loader) {
        if (explicit != null) {
            return tryPath(explicit, "the path given to Python.start", attempts, loader);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return tryPath(Path.of(env.strip()), "$" + ENV + "=" + env.strip(), attempts, loader);
        }
        attempts.add("$" + ENV + " is not set");
        Set<Path> seen = new LinkedHashSet<>();
        for (String exe : DEFAULT_INTERPRETERS) {
            Candidate c = fromInterpreter(exe, exe, attempts);
            if (c != null && seen.add(c.library().toAbsolutePath().normalize())) {
                T t = tryLoad(c, attempts, loader);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static <T> T tryLoad(Candidate c, Attempts attempts, Loader<T> loader) {
        try {
            return loader.load(c);
        } catch (Rejected r) {
            attempts.add(c.origin() + ": " + c.library() + ": " + r.getMessage());
            return null;
        }
    }

    static boolean isLibraryName(Path p) {
        Path f = p.getFileName();
        if (f == null) {
            return false;
        }
        String n = f.toString();
        return n.contains(".so") || n.endsWith(".dylib");
    }

    private static <T> T tryPath(Path p, String origin, Attempts attempts, Loader<T> loader) {
        if (isLibraryName(p)) {
            if (!Files.isRegularFile(p)) {
                attempts.add(origin + ": library " + p + " does not exist");
                return null;
            }
            Path home = findHome(p);
            Path exe = home == null ? null : findExecutable(home, p);
            // the version in the file name must be the library's (checked once it is open)
            String xy = versionInName(p.getFileName().toString());
            return tryLoad(new Candidate(p.toAbsolutePath(), exe, xy, exe == null ? home : null, origin),
                    attempts, loader);
        }
        Candidate c = fromInterpreter(p.toString(), origin, attempts);
        return c == null ? null : tryLoad(c, attempts, loader);
    }

    /**
     * The directory that holds this library's standard library: the nearest ancestor {@code d}
     * of the library's directory with {@code d/lib/pythonX.Y/os.py}, where {@code X.Y} comes
     * from the library's file name.
     */
    static Path findHome(Path library) {
        String xy = versionInName(library.getFileName().toString());
        if (xy == null) {
            return null;
        }
        for (Path d = library.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("lib").resolve("python" + xy).resolve("os.py"))) {
                return d;
            }
        }
        return null;
    }

    /** {@return "3.11" from "libpython3.11.so.1.0" or "libpython3.13t.so", else null} */
    static String versionInName(String fileName) {
        int i = fileName.indexOf("python");
        if (i < 0) {
            return null;
        }
        int j = i + "python".length();
        int k = j;
        while (k < fileName.length() && (Character.isDigit(fileName.charAt(k)) || fileName.charAt(k) == '.')) {
            k++;
        }
        String v = fileName.substring(j, k);
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        return v.matches("\\d+\\.\\d+") ? v : null;
    }

    private static Path findExecutable(Path home, Path library) {
        String xy = versionInName(library.getFileName().toString());
        for (String n : new String[] {"python" + xy, "python3"}) {
            Path e = home.resolve("bin").resolve(n);
            if (Files.isExecutable(e)) {
                return e;
            }
        }
        return null;
    }

    /** Asks one interpreter about itself; returns null (and records why) if it has no usable library. */
    static Candidate fromInterpreter(String exe, String origin, Attempts attempts) {
        Map<String, String> info;
        try {
            info = probe(exe);
        } catch (IOException e) {
            attempts.add(origin + ": could not run " + exe + " (" + e.getMessage() + ")");
            return null;
        }
        if (info == null) {
            attempts.add(origin + ": " + exe + " did not answer the sysconfig probe");
            return null;
        }
        String impl = info.getOrDefault("implementation", "");
        String version = info.getOrDefault("version", "?");
        String who = exe + " (" + impl + " " + version + ", " + info.getOrDefault("executable", "?") + ")";
        if (!impl.equals("cpython")) {
            attempts.add(origin + ": " + who + " is not CPython");
            return null;
        }
        List<Path> libs = libraryPaths(info);
        for (Path l : libs) {
            if (Files.isRegularFile(l)) {
                String home = info.get("executable");
                Path executable = home == null || home.isEmpty() ? null : Path.of(home);
                return new Candidate(l, executable, version, null, origin + " -> " + who);
            }
        }
        attempts.add(origin + ": " + who + " has no shared libpython; looked for " + libs
                + ("0".equals(info.get("Py_ENABLE_SHARED")) ? " (it was built without --enable-shared)" : ""));
        return null;
    }

    /** The places a shared libpython may be, most likely first. */
    static List<Path> libraryPaths(Map<String, String> info) {
        Set<String> names = new LinkedHashSet<>();
        String xy = null;
        String v = info.get("version");
        if (v != null) {
            String[] parts = v.split("\\.");
            if (parts.length >= 2) {
                xy = parts[0] + "." + parts[1];
            }
        }
        String abi = info.getOrDefault("abiflags", "");
        for (String k : new String[] {"INSTSONAME", "LDLIBRARY"}) {
            String n = info.get(k);
            if (n != null && !n.isEmpty() && !n.endsWith(".a")) {
                names.add(n);
            }
        }
        if (xy != null) {
            names.add("libpython" + xy + abi + ".so.1.0");
            names.add("libpython" + xy + abi + ".so");
            names.add("libpython" + xy + abi + ".dylib");
        }
        Set<Path> dirs = new LinkedHashSet<>();
        String libdir = info.get("LIBDIR");
        String multiarch = info.get("MULTIARCH");
        if (libdir != null && !libdir.isEmpty()) {
            dirs.add(Path.of(libdir));
            if (multiarch != null && !multiarch.isEmpty()) {
                dirs.add(Path.of(libdir, multiarch));
            }
        }
        for (String k : new String[] {"base_prefix", "prefix"}) {
            String p = info.get(k);
            if (p != null && !p.isEmpty()) {
                dirs.add(Path.of(p, "lib"));
                dirs.add(Path.of(p, "lib64"));
            }
        }
        List<Path> out = new ArrayList<>();
        String framework = info.get("PYTHONFRAMEWORKPREFIX");
        String ld = info.get("LDLIBRARY");
        if (framework != null && !framework.isEmpty() && ld != null && !ld.isEmpty()) {
            out.add(Path.of(framework, ld));
        }
        for (Path d : dirs) {
            for (String n : names) {
                Path p = d.resolve(n);
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Runs {@code exe -c PROBE}; null if it failed or timed out. */
    private static Map<String, String> probe(String exe) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(exe, "-c", PROBE).redirectErrorStream(true);
        pb.environment().remove("PYTHONSTARTUP");
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + exe, e);
        }
        if (p.exitValue() != 0) {
            return null;
        }
        Map<String, String> info = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                info.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return info.containsKey("version") ? info : null;
    }
}
