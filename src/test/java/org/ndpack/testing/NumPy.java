package org.ndpack.testing;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * NumPy as a test oracle: finds a Python 3 that can import NumPy and evaluates NumPy expressions
 * on arrays handed over from Java, returning the results as NDArrays.
 *
 * <p>Arrays travel as raw C-order little-endian bytes plus a line of metadata (no dependency on
 * ndpack's own .npy code, which is under test elsewhere). {@code bfloat16} travels as
 * {@code float32}. Tests call {@link #require()} first: without NumPy it skips the test with a
 * message saying so, except under {@code CI=true}, where a missing NumPy fails the test (CI
 * installs python3-numpy, so a skip there would hide a broken set-up).
 */
public final class NumPy {
    private static final String PY = findPython();

    private NumPy() {
    }

    private static String findPython() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("NDPACK_TEST_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return c;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }

    /** {@return true if a Python with NumPy was found} */
    public static boolean available() {
        return PY != null;
    }

    /** {@return the python executable that has NumPy, or null} */
    public static String python() {
        return PY;
    }

    /**
     * Skips the calling test when NumPy is absent (saying so), or fails it under {@code CI=true}.
     */
    public static void require() {
        if (PY == null) {
            String msg = "NumPy not found (tried $NDPACK_TEST_PYTHON, python3, /usr/bin/python3): "
                    + "skipping this golden test; install it with apt-get install -y python3-numpy";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + msg);
            }
            Assumptions.abort(msg);
        }
    }

    /**
     * Runs a Python script with NumPy and returns its standard output.
     *
     * @param script the code
     * @return what it printed
     * @throws AssertionError if it fails
     */
    public static String run(String script) {
        require();
        try {
            Process p = new ProcessBuilder(PY, "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("python failed:\n" + out + "\nscript:\n" + script);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The outcome of one expression: a value, or the exception NumPy raised. */
    public record Result(NDArray value, String error) {
        /** {@return the value, failing if NumPy raised instead} */
        public NDArray get() {
            if (error != null) {
                throw new AssertionError("NumPy raised " + error);
            }
            return value;
        }
    }

    private static final String DRIVER = """
            import sys, warnings
            import numpy as np
            warnings.simplefilter('ignore')
            np.seterr(all='ignore')
            if not hasattr(np, 'bool'):  # NumPy 1.24 (Debian, what CI uses) lacks the NumPy 2 alias
                np.bool = np.bool_
            d = sys.argv[1]
            ns = {'np': np}
            for line in open(d + '/inputs.txt'):
                name, dt, shp = (line.rstrip('\\n').split(' ') + [''])[:3]
                shape = tuple(int(x) for x in shp.split(',') if x != '')
                ns[name] = np.fromfile(d + '/' + name + '.bin', dtype=np.dtype(dt).newbyteorder('<')).astype(dt).reshape(shape)
            exec(open(d + '/setup.py').read(), ns)
            exprs = open(d + '/exprs.txt').read().split('\\n\\x00\\n')
            out = open(d + '/results.txt', 'w')
            for i, e in enumerate(exprs):
                if e == '':
                    continue
                try:
                    r = np.asarray(eval(e, ns))
                    if r.dtype == object:
                        raise TypeError('object result')
                    np.ascontiguousarray(r).astype(r.dtype.newbyteorder('<')).tofile(d + '/out%d.bin' % i)
                    out.write('ok %s %s\\n' % (r.dtype.name, ','.join(str(x) for x in r.shape)))
                except Exception as ex:
                    out.write('error %s: %s\\n' % (type(ex).__name__, str(ex).replace('\\n', ' ')))
            out.close()
            """;

    /**
     * Evaluates NumPy expressions on the given inputs.
     *
     * @param inputs named arrays, visible to the expressions under their names (as C-ordered
     *               copies; {@code bfloat16} as {@code float32})
     * @param setup Python statements run once before the expressions (may be empty)
     * @param exprs the expressions, each evaluated with {@code np} and the inputs in scope
     * @return one result per expression, in order
     */
    public static List<Result> eval(Map<String, NDArray> inputs, String setup, List<String> exprs) {
        require();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ndpack-numpy");
            StringBuilder meta = new StringBuilder();
            for (Map.Entry<String, NDArray> e : inputs.entrySet()) {
                NDArray a = e.getValue();
                // NumPy has no bfloat16 nor float8: sent as float32, which holds their values exactly
                NDArray send = a.dtype().numpyDescr() == null ? a.astype(DType.FLOAT32) : a;
                Files.write(dir.resolve(e.getKey() + ".bin"), rawBytes(send));
                StringBuilder shp = new StringBuilder();
                for (long x : a.shape()) {
                    shp.append(shp.length() == 0 ? "" : ",").append(x);
                }
                meta.append(e.getKey()).append(' ').append(send.dtype().numpyName()).append(' ').append(shp).append('\n');
            }
            Files.writeString(dir.resolve("inputs.txt"), meta);
            Files.writeString(dir.resolve("setup.py"), setup == null ? "" : setup);
            Files.writeString(dir.resolve("exprs.txt"), String.join("\n\u0000\n", exprs));
            Path script = dir.resolve("driver.py");
            Files.writeString(script, DRIVER);
            Process p = new ProcessBuilder(PY, script.toString(), dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("NumPy driver failed:\n" + out);
            }
            List<String> lines = Files.readAllLines(dir.resolve("results.txt"));
            List<Result> results = new ArrayList<>();
            int li = 0;
            for (int i = 0; i < exprs.size(); i++) {
                if (exprs.get(i).isEmpty()) {
                    results.add(new Result(null, "empty expression"));
                    continue;
                }
                String line = lines.get(li++);
                if (line.startsWith("error ")) {
                    results.add(new Result(null, line.substring(6)));
                    continue;
                }
                String[] parts = (line + " ").split(" ", -1);
                DType t = DType.fromNumpyName(parts[1]);
                String[] dims = parts[2].isEmpty() ? new String[0] : parts[2].split(",");
                long[] shape = new long[dims.length];
                for (int k = 0; k < dims.length; k++) {
                    shape[k] = Long.parseLong(dims[k]);
                }
                byte[] data = Files.readAllBytes(dir.resolve("out" + i + ".bin"));
                results.add(new Result(fromRaw(t, shape, data), null));
            }
            return results;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Evaluates one expression; see {@link #eval(Map, String, List)}. */
    public static Result eval1(Map<String, NDArray> inputs, String expr) {
        return eval(inputs, "", List.of(expr)).get(0);
    }

    /** {@return a name-to-array map in the given order: "a", x, "b", y, ...} */
    public static Map<String, NDArray> inputs(Object... nameValue) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (NDArray) nameValue[i + 1]);
        }
        return m;
    }

    /** {@return the elements of {@code a} as little-endian bytes in C order} */
    public static byte[] rawBytes(NDArray a) {
        try (NDArray c = a.copy()) {
            byte[] b = new byte[(int) c.nbytes()];
            MemorySegment heap = MemorySegment.ofArray(b);
            // the copy is C-contiguous from element 0; read its bytes through element access
            long n = c.size();
            NDArray flat = c.reshape(n);
            int w = c.dtype().byteSize();
            for (long i = 0; i < n; i++) {
                writeElement(flat, i, heap, i * w);
            }
            return b;
        }
    }

    private static void writeElement(NDArray flat, long i, MemorySegment heap, long off) {
        DType t = flat.dtype();
        switch (t) {
            case BOOL, INT8, UINT8 -> heap.set(ValueLayout.JAVA_BYTE, off, (byte) flat.getLong(i));
            case INT16, UINT16 -> heap.set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) flat.getLong(i));
            case INT32, UINT32 -> heap.set(ValueLayout.JAVA_INT_UNALIGNED, off, (int) flat.getLong(i));
            case INT64, UINT64 -> heap.set(ValueLayout.JAVA_LONG_UNALIGNED, off, flat.getLong(i));
            case FLOAT16 -> heap.set(ValueLayout.JAVA_SHORT_UNALIGNED, off, Float.floatToFloat16((float) flat.getDouble(i)));
            case BFLOAT16 -> throw new AssertionError("bfloat16 is sent as float32");
            case FLOAT32 -> heap.set(ValueLayout.JAVA_FLOAT_UNALIGNED, off, (float) flat.getDouble(i));
            case FLOAT64 -> heap.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, off, flat.getDouble(i));
            case COMPLEX64 -> {
                heap.set(ValueLayout.JAVA_FLOAT_UNALIGNED, off, (float) flat.getDouble(i));
                heap.set(ValueLayout.JAVA_FLOAT_UNALIGNED, off + 4, (float) flat.getImag(i));
            }
            case COMPLEX128 -> {
                heap.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, off, flat.getDouble(i));
                heap.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + 8, flat.getImag(i));
            }
        }
    }

    /** {@return a new array of {@code t} and {@code shape} from little-endian C-order bytes} */
    public static NDArray fromRaw(DType t, long[] shape, byte[] data) {
        NDArray a = NDArray.zeros(t, shape);
        long n = a.size();
        NDArray flat = a.reshape(n);
        MemorySegment heap = MemorySegment.ofArray(data);
        int w = t.byteSize();
        for (long i = 0; i < n; i++) {
            long off = i * w;
            switch (t) {
                case BOOL, UINT8 -> flat.setLong(heap.get(ValueLayout.JAVA_BYTE, off) & 0xff, i);
                case INT8 -> flat.setLong(heap.get(ValueLayout.JAVA_BYTE, off), i);
                case INT16 -> flat.setLong(heap.get(ValueLayout.JAVA_SHORT_UNALIGNED, off), i);
                case UINT16 -> flat.setLong(heap.get(ValueLayout.JAVA_SHORT_UNALIGNED, off) & 0xffff, i);
                case INT32 -> flat.setLong(heap.get(ValueLayout.JAVA_INT_UNALIGNED, off), i);
                case UINT32 -> flat.setLong(heap.get(ValueLayout.JAVA_INT_UNALIGNED, off) & 0xffffffffL, i);
                case INT64, UINT64 -> flat.setLong(heap.get(ValueLayout.JAVA_LONG_UNALIGNED, off), i);
                case FLOAT16 -> flat.setDouble(Float.float16ToFloat(heap.get(ValueLayout.JAVA_SHORT_UNALIGNED, off)), i);
                case BFLOAT16 -> throw new AssertionError("NumPy has no bfloat16");
                case FLOAT32 -> flat.setDouble(heap.get(ValueLayout.JAVA_FLOAT_UNALIGNED, off), i);
                case FLOAT64 -> flat.setDouble(heap.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off), i);
                case COMPLEX64 -> flat.setComplex(heap.get(ValueLayout.JAVA_FLOAT_UNALIGNED, off),
                        heap.get(ValueLayout.JAVA_FLOAT_UNALIGNED, off + 4), i);
                case COMPLEX128 -> flat.setComplex(heap.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off),
                        heap.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + 8), i);
            }
        }
        return a;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
