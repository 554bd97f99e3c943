package org.ndpack.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.zip.Checksum;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.ArrayImpl;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.dtype.Elements;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.layout.StridedLoop;
import org.ndpack.internal.memory.Memory;

/**
 * Moves {@code .npy} data between files and native memory: reads into a new array (from a channel
 * straight into the native segment, or from a stream through a small buffer), swaps byte order,
 * and writes an array's elements in C order (straight from the segment when the array is
 * contiguous, through a buffer otherwise). Every reader frees what it allocated when it fails.
 * Stateless and thread-safe.
 */
final class NpyData {
    private static final Facade<NDArray> A = Facade.of(NDArray.class);
    /** Largest slice handed to a ByteBuffer (whose size is an int). */
    private static final long MAX_BUFFER = 1L << 30;
    /** Stream reads whose length is not known allocate at most this much before the stream
     * proves it has more; allocations then double, so memory stays within about twice what the
     * stream has delivered (and the copying adds at most one pass over the data). */
    static final long FIRST_CHUNK = 1L << 20;
    /** The largest single allocation made by a reader so far (for the fuzz tests' bound). */
    private static final LongAccumulator LARGEST = new LongAccumulator(Math::max, 0);
    private static final int COPY_BUFFER = 1 << 16;

    private NpyData() {
    }

    /** Where written bytes go. */
    interface Sink {
        /** Writes all of {@code bytes}. */
        void write(MemorySegment bytes) throws IOException;
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /** {@return the internal array behind {@code a}} */
    static ArrayImpl impl(NDArray a) {
        return A.unwrap(a);
    }

    /** Allocates memory for data being read, noting the size for {@link #largestAllocation()}. */
    private static Memory allocate(long bytes) {
        LARGEST.accumulate(bytes);
        return Memory.allocate(bytes);
    }

    /** {@return the largest allocation a reader has made since the last {@link #resetLargest()}} */
    static long largestAllocation() {
        return LARGEST.get();
    }

    /** Starts a new {@link #largestAllocation()} measurement. */
    static void resetLargest() {
        LARGEST.reset();
    }

    /** {@return a new owning array over {@code memory}, laid out as the header says} */
    static NDArray array(NpyHeader h, Memory memory, int extraFlags) {
        long[] shape = h.shape().clone();
        long[] strides = h.fortranOrder() ? Shapes.fStrides(shape) : Shapes.cStrides(shape);
        return A.wrap(new ArrayImpl(memory, h.dtype(), shape, strides, 0, ArrayImpl.OWNER | extraFlags));
    }

    /**
     * Reads the data described by {@code h} from a channel positioned at it.
     *
     * @param available the bytes after the header (checked before allocating)
     */
    static NDArray read(NpyHeader h, ReadableByteChannel ch, long available, String source) throws IOException {
        h.checkFits(available, source);
        long n = h.dataBytes();
        Memory m = allocate(n);
        try {
            long done = 0;
            while (done < n) {
                ByteBuffer bb = m.segment.asSlice(done, Math.min(MAX_BUFFER, n - done)).asByteBuffer();
                while (bb.hasRemaining()) {
                    int r = ch.read(bb);
                    if (r < 0) {
                        throw truncated(h, done + bb.position(), source);
                    }
                }
                done += bb.capacity();
            }
            swapIfNeeded(h, m.segment);
            return array(h, m, 0);
        } catch (Throwable e) {
            m.close();
            throw e;
        }
    }

    /**
     * Reads the data described by {@code h} from a stream positioned at it. When the stream is
     * known to hold {@code available} bytes ({@code proven}) the array is allocated at once, after
     * checking that bound; otherwise {@code available} is only what the container claims (checked
     * too, so a claim that is too small fails early), and allocation grows with what the stream
     * actually delivers, so a short stream claiming a huge shape costs nothing.
     *
     * @param available the most bytes the stream can still deliver, or -1 if unknown
     * @param proven true if the stream really holds {@code available} bytes (a file region),
     *               false if that is only a claim (a compressed entry's recorded size)
     */
    static NDArray read(NpyHeader h, InputStream in, long available, boolean proven, String source)
            throws IOException {
        h.checkFits(available, source);
        long n = h.dataBytes();
        byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(n, 1))];
        Memory m = allocate(available >= 0 && proven ? n : Math.min(n, FIRST_CHUNK));
        try {
            long done = 0;
            while (done < n) {
                if (done == m.byteSize()) {
                    Memory bigger = allocate(Math.min(n, Math.max(m.byteSize() * 2, FIRST_CHUNK)));
                    MemorySegment.copy(m.segment, 0, bigger.segment, 0, done);
                    m.close();
                    m = bigger;
                }
                int want = (int) Math.min(buf.length, m.byteSize() - done);
                int r = in.read(buf, 0, want);
                if (r < 0) {
                    throw truncated(h, done, source);
                }
                MemorySegment.copy(buf, 0, m.segment, ValueLayout.JAVA_BYTE, done, r);
                done += r;
            }
            swapIfNeeded(h, m.segment);
            return array(h, m, 0);
        } catch (Throwable e) {
            m.close();
            throw e;
        }
    }

    private static NpyFormatException truncated(NpyHeader h, long got, String source) {
        return new NpyFormatException(source + ": truncated: shape " + h.shapeText() + " of dtype " + h.dtype()
                + " needs " + h.dataBytes() + " bytes of data, but the data ends after " + got);
    }

    /** Converts the data to the platform's byte order in place, if the file's differs. */
    static void swapIfNeeded(NpyHeader h, MemorySegment s) {
        if (!h.swap()) {
            return;
        }
        // complex types swap each part: the parts are the alignment unit
        int w = h.dtype().alignment();
        long count = h.dataBytes() / w;
        switch (w) {
            case 2 -> {
                for (long i = 0; i < count; i++) {
                    s.setAtIndex(Elements.I16, i, Short.reverseBytes(s.getAtIndex(Elements.I16, i)));
                }
            }
            case 4 -> {
                for (long i = 0; i < count; i++) {
                    s.setAtIndex(Elements.I32, i, Integer.reverseBytes(s.getAtIndex(Elements.I32, i)));
                }
            }
            case 8 -> {
                for (long i = 0; i < count; i++) {
                    s.setAtIndex(Elements.I64, i, Long.reverseBytes(s.getAtIndex(Elements.I64, i)));
                }
            }
            default -> throw new AssertionError("no byte swap for element parts of " + w + " bytes");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    /** {@return true if the array is written in Fortran order: F- but not C-contiguous, as
     * NumPy's {@code np.save} decides} */
    static boolean fortranOrder(NDArray a) {
        return a.isFContiguous() && !a.isCContiguous();
    }

    /**
     * Writes the elements of {@code a} (the caller holds a lease) in C order, or in Fortran order
     * when {@link #fortranOrder} says so.
     */
    static void writeData(NDArray a, Sink sink) throws IOException {
        if (a.size() == 0) {
            return;
        }
        MemorySegment seg = A.unwrap(a).memory.segment;
        int w = a.dtype().byteSize();
        if (a.isCContiguous() || a.isFContiguous()) {
            sink.write(seg.asSlice(A.unwrap(a).offset * w, a.nbytes()));
            return;
        }
        Gather g = new Gather(seg, w, sink);
        IOException[] failure = new IOException[1];
        StridedLoop.forEach(A.unwrap(a).shape, new long[][] {A.unwrap(a).strides}, new long[] {A.unwrap(a).offset},
                (n, o0, s0, o1, s1, o2, s2) -> {
                    if (failure[0] == null) {
                        try {
                            g.run(n, o0, s0);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    }
                });
        if (failure[0] != null) {
            throw failure[0];
        }
        g.flush();
    }

    /** Collects strided elements into a buffer and hands full buffers to the sink. */
    private static final class Gather {
        private final MemorySegment src;
        private final int w;
        private final Sink sink;
        private final MemorySegment buf = MemorySegment.ofArray(new byte[COPY_BUFFER]);
        private long used;

        Gather(MemorySegment src, int w, Sink sink) {
            this.src = src;
            this.w = w;
            this.sink = sink;
        }

        void run(long n, long first, long stride) throws IOException {
            if (stride == 1) {
                long bytes = n * w;
                long from = first * w;
                if (bytes >= COPY_BUFFER) {
                    flush();
                    sink.write(src.asSlice(from, bytes));
                    return;
                }
                if (used + bytes > COPY_BUFFER) {
                    flush();
                }
                MemorySegment.copy(src, from, buf, used, bytes);
                used += bytes;
                return;
            }
            long cap = COPY_BUFFER / w;
            for (long i = 0; i < n; ) {
                if (used + w > COPY_BUFFER) {
                    flush();
                }
                long k = Math.min(n - i, cap - used / w);
                copyStrided(first + i * stride, stride, k);
                i += k;
            }
        }

        /** Copies {@code k} elements starting at element {@code e} with element stride {@code st}. */
        private void copyStrided(long e, long st, long k) {
            long p = used;
            switch (w) {
                case 1 -> {
                    for (long j = 0; j < k; j++, p += 1) {
                        buf.set(Elements.I8, p, src.get(Elements.I8, (e + j * st)));
                    }
                }
                case 2 -> {
                    for (long j = 0; j < k; j++, p += 2) {
                        buf.set(Elements.I16, p, src.get(Elements.I16, (e + j * st) * 2));
                    }
                }
                case 4 -> {
                    for (long j = 0; j < k; j++, p += 4) {
                        buf.set(Elements.I32, p, src.get(Elements.I32, (e + j * st) * 4));
                    }
                }
                case 8 -> {
                    for (long j = 0; j < k; j++, p += 8) {
                        buf.set(Elements.I64, p, src.get(Elements.I64, (e + j * st) * 8));
                    }
                }
                default -> {
                    for (long j = 0; j < k; j++, p += w) {
                        MemorySegment.copy(src, (e + j * st) * w, buf, p, w);
                    }
                }
            }
            used = p;
        }

        void flush() throws IOException {
            if (used > 0) {
                sink.write(buf.asSlice(0, used));
                used = 0;
            }
        }
    }

    /** {@return a sink writing to a channel, straight from the segment} */
    static Sink channelSink(WritableByteChannel ch) {
        return bytes -> {
            long done = 0;
            long n = bytes.byteSize();
            while (done < n) {
                ByteBuffer bb = bytes.asSlice(done, Math.min(MAX_BUFFER, n - done)).asByteBuffer();
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                done += bb.capacity();
            }
        };
    }

    /** {@return a sink writing to a stream through a small heap buffer} */
    static Sink streamSink(OutputStream out) {
        byte[] buf = new byte[COPY_BUFFER];
        return bytes -> {
            if (bytes.isNative() || !(bytes.heapBase().orElse(null) instanceof byte[])) {
                long done = 0;
                long n = bytes.byteSize();
                while (done < n) {
                    int k = (int) Math.min(buf.length, n - done);
                    MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, done, buf, 0, k);
                    out.write(buf, 0, k);
                    done += k;
                }
            } else {
                byte[] heap = (byte[]) bytes.heapBase().get();
                out.write(heap, (int) bytes.address(), (int) bytes.byteSize());
            }
        };
    }

    /** {@return a sink that only counts bytes and updates a checksum} */
    static Sink checksumSink(Checksum checksum, long[] count) {
        return bytes -> {
            long done = 0;
            long n = bytes.byteSize();
            while (done < n) {
                ByteBuffer bb = bytes.asSlice(done, Math.min(MAX_BUFFER, n - done)).asByteBuffer();
                done += bb.remaining();
                checksum.update(bb);
            }
            count[0] += n;
        };
    }

    /** {@return the dtype check every writer makes} */
    static DType writableDType(NDArray a) {
        DType t = a.dtype();
        if (t.numpyDescr() == null) {
            throw new IllegalArgumentException("dtype " + t + ": NumPy has no " + t
                    + " type, so .npy files cannot hold it; convert first, e.g. a.astype(DType.FLOAT32)");
        }
        return t;
    }
}
