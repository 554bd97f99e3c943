package org.ndpack.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.memory.Memory;

/**
 * NumPy's {@code .npy} files: read one array, write one, or memory-map one without copying, with
 * the results NumPy's {@code np.load}, {@code np.save} and {@code np.load(mmap_mode=...)} give.
 *
 * {@snippet :
 * try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3)) {
 *     Npy.write(Path.of("a.npy"), a);                 // np.save("a.npy", a)
 * }
 * try (NDArray b = Npy.read(Path.of("a.npy"))) {       // np.load("a.npy")
 *     System.out.println(b);                           // array([[0., 1., 2.], [3., 4., 5.]], dtype=float32)
 * }
 * try (NDArray m = Npy.map(Path.of("a.npy"), true)) { // np.load("a.npy", mmap_mode="r+")
 *     m.setDouble(42, 0, 0);                           // written through to the file
 * }                                                    // unmapped here
 * }
 *
 * <h2>What is supported</h2>
 * Format versions 1.0, 2.0 and 3.0; C and Fortran order; every {@link DType} except
 * {@link DType#BFLOAT16} and the float8 types, which NumPy lacks; both byte orders on reading (converted to the
 * platform's order; the descr's {@code '|'} and {@code '='} marks and a missing mark mean the
 * platform's order); 0-d arrays and arrays with zero-length axes. Object arrays (pickles),
 * structured, string, datetime and extended-precision dtypes are refused with
 * {@link NpyFormatException}.
 *
 * <h2>Writing</h2>
 * {@link #write(Path, NDArray)} writes what {@code np.save} writes, byte for byte: the same header
 * (the lowest format version that holds it, padded so that the data starts at a multiple of 64
 * bytes), the platform's byte order, C order, or Fortran order for arrays that are Fortran- but not
 * C-contiguous; any other view (strided, reversed, broadcast) is written in C order. Unlike
 * {@code np.save}, the path is used as given ({@code .npy} is not appended), and the file is
 * written under a temporary name in the same directory and then moved over the target, so the
 * target is never seen half-written.
 *
 * <h2>Reading and bad files</h2>
 * Every check runs before memory is allocated: the header must be well formed, and the data the
 * shape needs must be present in the file. A bad file gives an {@link NpyFormatException} that
 * names the file, the problem and the offending value (quoting at most a few hundred characters of
 * it); no memory is left allocated and no partial array is returned. Bytes after the data are
 * ignored, as NumPy ignores them.
 *
 * <p>Files are treated as untrusted, as NumPy treats them: a header longer than
 * {@value #DEFAULT_MAX_HEADER_SIZE} characters is refused before it is read, like
 * {@code np.load}'s {@code max_header_size} (same default, same unit: characters of the header
 * after the length field). A trusted file with a longer header is read by passing a larger
 * {@code maxHeaderSize} to {@link #read(Path, int)}, {@link #read(InputStream, int)} or
 * {@link #map(Path, boolean, int)}. Integers in the header are counted before they are converted,
 * and no allocation exceeds what the file (or, for a stream, what it has delivered so far) can
 * hold.
 *
 * <h2>Ownership and thread safety</h2>
 * Every array returned is the owner of its memory (native memory, or the mapping): closing it
 * frees the memory (or unmaps the file), after any operation running on it ends; an array never
 * closed is released by a Cleaner. The methods are stateless and may be called from any thread;
 * {@link #write} takes a lease on the array for its duration, so the array cannot be freed under
 * it, but concurrent writes to its elements make the file hold a mix of old and new values.
 */
public final class Npy {
    /** The longest header read unless the caller raises it: NumPy's {@code max_header_size}
     * default, in characters. */
    public static final int DEFAULT_MAX_HEADER_SIZE = NpyHeader.DEFAULT_MAX_HEADER_SIZE;

    private Npy() {
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /**
     * Reads a {@code .npy} file into a new array in native memory.
     *
     * <p>The data goes from the file straight into the array's memory; data in the other byte
     * order is then converted in place. A Fortran-order file gives a Fortran-contiguous array
     * (strides {@code [1, rows, ...]}), as {@code np.load} does.
     *
     * @param path the file
     * @return a new array that owns its memory
     * @throws NpyFormatException if the file is not a well-formed {@code .npy} file of a supported
     *         dtype, is shorter than its shape needs, or its header is longer than
     *         {@value #DEFAULT_MAX_HEADER_SIZE} characters
     * @throws IOException if the file cannot be read
     * @throws OutOfMemoryError only if native memory for a well-formed file's data is exhausted
     */
    public static NDArray read(Path path) throws IOException {
        return read(path, DEFAULT_MAX_HEADER_SIZE);
    }

    /**
     * Reads a {@code .npy} file whose header may be longer than NumPy's default limit, like
     * {@code np.load(path, max_header_size=maxHeaderSize)}; otherwise as {@link #read(Path)}.
     * Raise the limit only for trusted files.
     *
     * @param path the file
     * @param maxHeaderSize the longest header accepted, in characters
     * @return a new array that owns its memory
     * @throws IllegalArgumentException if {@code maxHeaderSize <= 0}
     * @throws NpyFormatException as {@link #read(Path)}, with this limit
     * @throws IOException if the file cannot be read
     */
    public static NDArray read(Path path, int maxHeaderSize) throws IOException {
        NpyHeader.checkMaxHeaderSize(maxHeaderSize);
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader h = NpyHeader.read(Channels.newInputStream(ch), source, maxHeaderSize);
            return NpyData.read(h, ch, Math.max(0, size - h.dataOffset()), source);
        }
    }

    /**
     * Reads one {@code .npy} array from a stream, leaving the stream just after the array's data
     * (so several arrays written one after another can be read in turn). The stream is not closed.
     *
     * <p>The length of a stream is unknown in advance, so memory is allocated as data arrives
     * (at most 16 MiB before the stream has delivered that much, then doubling): a short stream
     * whose header claims a huge shape fails with {@link NpyFormatException} without a huge
     * allocation. Reading from a {@link Path} is faster: it allocates once and reads with no copy.
     *
     * @param in the stream, at the start of the {@code .npy} content
     * @return a new array that owns its memory
     * @throws NpyFormatException if the content is not a well-formed {@code .npy} array of a
     *         supported dtype, the stream ends before the data does, or the header is longer
     *         than {@value #DEFAULT_MAX_HEADER_SIZE} characters
     * @throws IOException if reading fails
     */
    public static NDArray read(InputStream in) throws IOException {
        return read(in, DEFAULT_MAX_HEADER_SIZE);
    }

    /**
     * Reads one {@code .npy} array from a stream, accepting headers up to {@code maxHeaderSize}
     * characters (NumPy's {@code max_header_size}); otherwise as {@link #read(InputStream)}.
     *
     * @param in the stream, at the start of the {@code .npy} content
     * @param maxHeaderSize the longest header accepted, in characters
     * @return a new array that owns its memory
     * @throws IllegalArgumentException if {@code maxHeaderSize <= 0}
     * @throws NpyFormatException as {@link #read(InputStream)}, with this limit
     * @throws IOException if reading fails
     */
    public static NDArray read(InputStream in, int maxHeaderSize) throws IOException {
        NpyHeader.checkMaxHeaderSize(maxHeaderSize);
        String source = "<stream>";
        NpyHeader h = NpyHeader.read(in, source, maxHeaderSize);
        return NpyData.read(h, in, -1, false, source);
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    /**
     * Writes an array to a {@code .npy} file, replacing the file if it exists. The file is written
     * in full under a temporary name in the same directory and then moved to {@code path}
     * (atomically where the file system allows), so {@code path} never holds a partial file.
     *
     * @param path the file to write (used as given: no {@code .npy} is appended)
     * @param array the array, any layout
     * @throws IllegalArgumentException if the dtype is {@link DType#BFLOAT16} or a float8 type, which NumPy lacks;
     *         the message names it and suggests {@code astype(DType.FLOAT32)}
     * @throws IllegalStateException if the array is closed
     * @throws IOException if writing fails (the target is then left as it was)
     */
    public static void write(Path path, NDArray array) throws IOException {
        NpyData.writableDType(array);
        try (OpScope s = OpScope.enter("Npy.write", null, NpyData.impl(array))) {
            AtomicFile.write(path, ch -> writeTo(NpyData.channelSink(ch), array));
        }
    }

    /**
     * Writes an array in {@code .npy} format to a stream. The stream is not closed (nor flushed).
     *
     * @param out the stream
     * @param array the array, any layout
     * @throws IllegalArgumentException if the dtype is {@link DType#BFLOAT16} or a float8 type
     * @throws IllegalStateException if the array is closed
     * @throws IOException if the stream fails (part of the array may have been written)
     */
    public static void write(OutputStream out, NDArray array) throws IOException {
        NpyData.writableDType(array);
        try (OpScope s = OpScope.enter("Npy.write", null, NpyData.impl(array))) {
            writeTo(NpyData.streamSink(out), array);
        }
    }

    /** Writes header and data; the caller holds a lease and has checked the dtype. */
    static void writeTo(NpyData.Sink sink, NDArray array) throws IOException {
        byte[] header = NpyHeader.encode(array.dtype(), NpyData.fortranOrder(array), array.shape());
        sink.write(MemorySegment.ofArray(header));
        NpyData.writeData(array, sink);
    }

    // ------------------------------------------------------------------------------------------
    // Mapping
    // ------------------------------------------------------------------------------------------

    /**
     * Maps a {@code .npy} file read-only, like {@code np.load(path, mmap_mode="r")}: the array's
     * elements are the file's bytes (no copy); writes through it throw
     * {@link org.ndpack.ReadOnlyArrayException}. Equivalent to {@code map(path, false)}.
     *
     * @param path the file
     * @return the mapped array, owner of the mapping
     * @throws NpyFormatException as {@link #map(Path, boolean)}
     * @throws IOException if the file cannot be opened or mapped
     */
    public static NDArray map(Path path) throws IOException {
        return map(path, false);
    }

    /**
     * Maps a {@code .npy} file into memory without copying, like {@code np.load(path,
     * mmap_mode="r")} or, when {@code writable}, {@code mmap_mode="r+"}: element writes go to the
     * file's pages, so other mappings of the file and reads of it see them at once (the operating
     * system's page cache is shared); they reach the storage device when the system writes the
     * pages back (ndpack does not force them, as NumPy's {@code memmap} does not until
     * {@code flush()}).
     *
     * <p>The array is the owner of the mapping: closing it unmaps the file, after any operation
     * running on it ends; every later use of it or its views throws
     * {@link IllegalStateException}. An array never closed is unmapped by a Cleaner. A Fortran-order
     * file maps with Fortran strides. Shortening the file while it is mapped makes later accesses
     * fail with the JDK's {@link InternalError} for faulting memory access.
     *
     * @param path the file
     * @param writable true to map read-write (the file must be writable), false for read-only
     * @return the mapped array, owner of the mapping
     * @throws NpyFormatException if the file is not a well-formed {@code .npy} file of a supported
     *         dtype or is shorter than its shape needs; or if its data is in the other byte
     *         order (elements wider than one byte), which a mapping cannot convert: use
     *         {@link #read(Path)}, which converts while copying
     * @throws IOException if the file cannot be opened or mapped
     */
    public static NDArray map(Path path, boolean writable) throws IOException {
        return map(path, writable, DEFAULT_MAX_HEADER_SIZE);
    }

    /**
     * Maps a {@code .npy} file, accepting headers up to {@code maxHeaderSize} characters (NumPy's
     * {@code max_header_size}); otherwise as {@link #map(Path, boolean)}.
     *
     * @param path the file
     * @param writable true to map read-write, false for read-only
     * @param maxHeaderSize the longest header accepted, in characters
     * @return the mapped array, owner of the mapping
     * @throws IllegalArgumentException if {@code maxHeaderSize <= 0}
     * @throws NpyFormatException as {@link #map(Path, boolean)}, with this limit
     * @throws IOException if the file cannot be opened or mapped
     */
    public static NDArray map(Path path, boolean writable, int maxHeaderSize) throws IOException {
        NpyHeader.checkMaxHeaderSize(maxHeaderSize);
        String source = path.toString();
        try (FileChannel ch = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader h = NpyHeader.read(Channels.newInputStream(ch), source, maxHeaderSize);
            h.checkFits(Math.max(0, size - h.dataOffset()), source);
            if (h.swap()) {
                throw new NpyFormatException(source + ": data is stored in the other byte order (descr '"
                        + Excerpt.of(h.descr()) + "'), which cannot be mapped without copying; use Npy.read, which converts it");
            }
            long bytes = h.dataBytes();
            Memory memory;
            if (bytes == 0) {
                memory = Memory.wrap(MemorySegment.NULL, () -> { });
            } else {
                Arena arena = Arena.ofShared();
                try {
                    MemorySegment seg = ch.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                            h.dataOffset(), bytes, arena);
                    memory = Memory.wrap(seg, arena::close);
                } catch (Throwable e) {
                    arena.close();
                    throw e;
                }
            }
            return NpyData.array(h, memory, writable ? 0 : ArrayImpl.READ_ONLY);
        }
    }
}
