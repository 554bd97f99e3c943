package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.testing.NumPy;

/**
 * Golden tests against NumPy, both directions: files NumPy writes (every dtype, C and Fortran
 * order, both byte orders, format versions 1.0, 2.0 and 3.0, 0-d, size 0, non-contiguous sources)
 * read bit-exactly; files ndpack writes load in NumPy with the same bits and are byte for byte what
 * {@code np.save} writes for the loaded array; {@code .npz} archives from {@code savez} and
 * {@code savez_compressed} read, and ours load in NumPy in our order and with the right compression.
 * The expected element bytes travel as raw little-endian C-order files, independent of the code
 * under test.
 */
class NpyGoldenTest {

    @TempDir
    Path dir;

    private static final String NAMES = "['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', "
            + "'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128']";

    /** Python that defines values(dt, shape): random bit patterns (NaN payloads, -0.0, subnormals). */
    private static final String VALUES = """
            import warnings, io, zipfile
            warnings.simplefilter('ignore')
            import numpy as np
            rng = np.random.default_rng(1)
            def values(dt, shape):
                n = int(np.prod(shape))
                if dt.kind == 'b':
                    return rng.integers(0, 2, size=n).astype(bool).reshape(shape)
                return rng.integers(0, 256, size=n * dt.itemsize, dtype=np.uint8).view(dt).reshape(shape)
            def raw(a):
                return np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes()
            """;

    private static long[] parseShape(String s) {
        if (s.equals("-")) {
            return new long[0];
        }
        String[] p = s.split(",");
        long[] r = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = Long.parseLong(p[i]);
        }
        return r;
    }

    private static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (long x : shape) {
            sb.append(sb.length() == 0 ? "" : ",").append(x);
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    @Test
    void filesWrittenByNumPyReadBitExact() throws IOException {
        NumPy.require();
        NumPy.run(VALUES + """
                d = %s
                meta = open(d + '/meta.txt', 'w')
                i = 0
                def emit(arr, version, how):
                    global i
                    with open(d + '/g%%d.npy' %% i, 'wb') as fh:
                        if version is None:
                            np.save(fh, arr)
                        else:
                            np.lib.format.write_array(fh, arr, version=version)
                    open(d + '/g%%d.bin' %% i, 'wb').write(raw(arr))
                    f = int(arr.flags.f_contiguous and not arr.flags.c_contiguous)
                    shp = ','.join(str(x) for x in arr.shape) or '-'
                    meta.write('%%d %%s %%s %%d %%s\\n' %% (i, arr.dtype.name, shp, f, how))
                    i += 1
                for name in %s:
                    dt = np.dtype(name)
                    for shape in [(), (0,), (2, 0), (5,), (3, 4), (2, 3, 4)]:
                        a = values(dt, shape)
                        for order in 'CF':
                            for bo in '<>':
                                for version in [(1, 0), (2, 0), (3, 0)]:
                                    if (bo == '>' or version != (1, 0)) and shape not in [(), (3, 4), (2, 3, 4)]:
                                        continue
                                    arr = (np.asfortranarray(a) if order == 'F' else np.ascontiguousarray(a))
                                    arr = arr.astype(arr.dtype.newbyteorder(bo), order='K')
                                    emit(arr, version, '%%s %%s %%d.%%d' %% (order, bo, version[0], version[1]))
                    big = values(dt, (6, 5, 4))
                    emit(big[::2, ::-1, 1:3], None, 'strided')
                    emit(big.transpose(2, 0, 1), None, 'transposed')
                    emit(np.broadcast_to(big[0, 0, :1], (3, 2)), None, 'broadcast')
                meta.close()
                """.formatted("'" + dir + "'", NAMES));
        int checked = 0;
        for (String line : Files.readAllLines(dir.resolve("meta.txt"))) {
            String[] p = line.split(" ", 5);
            String what = "file g" + p[0] + " (" + p[1] + " shape " + p[2] + " " + p[4] + ")";
            try (NDArray a = Npy.read(dir.resolve("g" + p[0] + ".npy"))) {
                assertEquals(DType.fromNumpyName(p[1]), a.dtype(), what);
                assertArrayEquals(parseShape(p[2]), a.shape(), what);
                if (p[3].equals("1")) {
                    assertTrue(a.isFContiguous() && !a.isCContiguous(), what + " keeps Fortran order");
                } else {
                    assertTrue(a.isCContiguous(), what + " is C-contiguous");
                }
                assertArrayEquals(Files.readAllBytes(dir.resolve("g" + p[0] + ".bin")), IoTestSupport.cBytes(a), what);
                checked++;
            }
        }
        assertTrue(checked > 300, "checked " + checked + " files");
    }

    /** Bases of the views in {@link #arraysToWrite()}, closed by {@link #closeAll}. */
    private final List<NDArray> bases = new ArrayList<>();

    private void closeAll(List<NDArray> arrays) {
        arrays.stream().filter(NDArray::isOwner).forEach(NDArray::close);
        bases.forEach(NDArray::close);
        bases.clear();
    }

    private List<NDArray> arraysToWrite() {
        SplittableRandom r = new SplittableRandom(42);
        List<NDArray> out = new ArrayList<>();
        for (DType t : DType.values()) {
            if (t.numpyDescr() == null) { // bfloat16 and float8: no .npy
                continue;
            }
            for (long[] shape : new long[][] {{}, {0}, {2, 0, 3}, {1}, {6}, {3, 4}, {2, 3, 4}, {1, 1, 5}}) {
                out.add(IoTestSupport.random(t, r, shape));
            }
            NDArray base = IoTestSupport.random(t, r, 5, 6, 7);
            bases.add(base);
            out.add(base.transpose());                       // F-contiguous: written in Fortran order
            out.add(base.slice("::-2, 1:5, ::3"));           // negative and positive strides
            out.add(base.slice("3, ::-1, 6"));               // 1-d, negative stride
            out.add(base.transpose(1, 2, 0));                // neither C nor F
            out.add(base.slice("1, 2, 3").broadcastTo(4, 2)); // zero strides
            out.add(base.slice("2, 3, 4"));                  // 0-d view
        }
        return out;
    }

    @Test
    void filesWrittenByNdpackLoadInNumPyIdentically() throws IOException {
        NumPy.require();
        List<NDArray> arrays = arraysToWrite();
        StringBuilder meta = new StringBuilder();
        for (int i = 0; i < arrays.size(); i++) {
            NDArray a = arrays.get(i);
            Npy.write(dir.resolve("w" + i + ".npy"), a);
            Files.write(dir.resolve("w" + i + ".bin"), IoTestSupport.cBytes(a));
            meta.append(i).append(' ').append(a.dtype().numpyName()).append(' ').append(shapeText(a.shape()))
                    .append('\n');
        }
        Files.writeString(dir.resolve("meta.txt"), meta);
        String out = NumPy.run(VALUES + """
                d = %s
                for line in open(d + '/meta.txt'):
                    i, name, shp = line.split()
                    shape = tuple(int(x) for x in shp.split(',')) if shp != '-' else ()
                    f = d + '/w%%s.npy' %% i
                    a = np.load(f)
                    problems = []
                    if a.dtype.name != name: problems.append('dtype %%s' %% a.dtype)
                    if a.shape != shape: problems.append('shape %%s' %% (a.shape,))
                    if raw(a) != open(d + '/w%%s.bin' %% i, 'rb').read(): problems.append('element bytes differ')
                    buf = io.BytesIO()
                    np.save(buf, a)
                    if buf.getvalue() != open(f, 'rb').read(): problems.append('file differs from np.save output')
                    print('ok' if not problems else 'w%%s: %%s' %% (i, '; '.join(problems)))
                """.formatted("'" + dir + "'"));
        List<String> bad = out.lines().filter(l -> !l.equals("ok")).toList();
        assertEquals(arrays.size(), out.lines().count(), out);
        assertEquals(List.of(), bad);
        closeAll(arrays);
    }

    @Test
    void npzWrittenByNumPyReadsInArchiveOrder() throws IOException {
        NumPy.require();
        NumPy.run(VALUES + """
                d = %s
                arrays = {}
                for k, name in enumerate(%s):
                    dt = np.dtype(name)
                    arrays['k%%02d_%%s' %% (13 - k, name)] = values(dt, [(3, 2), (), (0,), (4,)][k %% 4])
                arrays['fortran'] = np.asfortranarray(values(np.dtype('float32'), (3, 5)))
                arrays['big_endian'] = values(np.dtype('>i4'), (7,))
                np.savez(d + '/s.npz', values(np.dtype('int16'), (2,)), **arrays)
                np.savez_compressed(d + '/c.npz', values(np.dtype('int16'), (2,)), **arrays)
                for fn in ['s', 'c']:
                    z = np.load(d + '/' + fn + '.npz')
                    with open(d + '/' + fn + '.txt', 'w') as meta:
                        for key in z.files:
                            a = z[key]
                            open(d + '/' + fn + '_' + key + '.bin', 'wb').write(raw(a))
                            meta.write('%%s %%s %%s\\n' %% (key, a.dtype.name, ','.join(str(x) for x in a.shape) or '-'))
                """.formatted("'" + dir + "'", NAMES));
        for (String fn : List.of("s", "c")) {
            Map<String, NDArray> m = Npz.read(dir.resolve(fn + ".npz"));
            List<String> lines = Files.readAllLines(dir.resolve(fn + ".txt"));
            List<String> expectedKeys = lines.stream().map(l -> l.split(" ")[0]).toList();
            assertEquals(expectedKeys, List.copyOf(m.keySet()), "keys in archive order");
            assertTrue(expectedKeys.contains("arr_0"), "the positional array is there too");
            for (String l : lines) {
                String[] p = l.split(" ");
                NDArray a = m.get(p[0]);
                assertEquals(DType.fromNumpyName(p[1]), a.dtype(), p[0]);
                assertArrayEquals(parseShape(p[2]), a.shape(), p[0]);
                assertArrayEquals(Files.readAllBytes(dir.resolve(fn + "_" + p[0] + ".bin")), IoTestSupport.cBytes(a), p[0]);
                a.close();
            }
        }
    }

    @Test
    void npzWrittenByNdpackLoadsInNumPy() throws IOException {
        NumPy.require();
        List<NDArray> arrays = arraysToWrite();
        Map<String, NDArray> m = new LinkedHashMap<>();
        StringBuilder meta = new StringBuilder();
        for (int i = 0; i < arrays.size(); i += 3) {
            String key = "n" + (arrays.size() - i); // not sorted, to see that order is kept
            m.put(key, arrays.get(i));
            Files.write(dir.resolve(key + ".bin"), IoTestSupport.cBytes(arrays.get(i)));
            meta.append(key).append(' ').append(arrays.get(i).dtype().numpyName()).append(' ')
                    .append(shapeText(arrays.get(i).shape())).append('\n');
        }
        Files.writeString(dir.resolve("meta.txt"), meta);
        Npz.write(dir.resolve("s.npz"), m);
        Npz.writeCompressed(dir.resolve("c.npz"), m);
        String out = NumPy.run(VALUES + """
                d = %s
                expected = [l.split() for l in open(d + '/meta.txt')]
                for fn, ctype in [('s', zipfile.ZIP_STORED), ('c', zipfile.ZIP_DEFLATED)]:
                    z = np.load(d + '/' + fn + '.npz')
                    if z.files != [e[0] for e in expected]:
                        print(fn, 'keys', z.files)
                    for info in zipfile.ZipFile(d + '/' + fn + '.npz').infolist():
                        if info.compress_type != ctype:
                            print(fn, info.filename, 'compress_type', info.compress_type)
                    for key, name, shp in expected:
                        a = z[key]
                        shape = tuple(int(x) for x in shp.split(',')) if shp != '-' else ()
                        if a.dtype.name != name or a.shape != shape or raw(a) != open(d + '/' + key + '.bin', 'rb').read():
                            print(fn, key, 'differs', a.dtype, a.shape)
                print('done')
                """.formatted("'" + dir + "'"));
        assertEquals("done", out.strip());
        closeAll(arrays);
    }
}
