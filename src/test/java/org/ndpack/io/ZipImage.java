package org.ndpack.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds zip archives byte by byte, so that tests can write what {@link java.util.zip.ZipOutputStream}
 * never would: sizes in the central directory and the local header that disagree with each other
 * and with the data, ZIP64 sizes, padding after an entry's data, truncated deflate streams.
 */
final class ZipImage {
    private static final long FFFF_FFFF = 0xffffffffL;

    /** One entry: its bytes as stored, and what the local header and central directory claim. */
    static final class Entry {
        final String name;
        final int method;
        byte[] data;
        long crc;
        long csize;
        long usize;
        long localCsize;
        long localUsize;
        int padding;

        private Entry(String name, int method, byte[] data, long crc, long usize) {
            this.name = name;
            this.method = method;
            this.data = data;
            this.crc = crc;
            this.csize = data.length;
            this.usize = usize;
            this.localCsize = data.length;
            this.localUsize = usize;
        }

        /** Claims these sizes in the central directory. */
        Entry claim(long compressed, long uncompressed) {
            this.csize = compressed;
            this.usize = uncompressed;
            return this;
        }

        /** Claims these sizes in the local header. */
        Entry claimLocal(long compressed, long uncompressed) {
            this.localCsize = compressed;
            this.localUsize = uncompressed;
            return this;
        }

        /** Puts {@code n} zero bytes after the data (not part of the entry). */
        Entry pad(int n) {
            this.padding = n;
            return this;
        }

        /** Keeps only the first {@code n} bytes of the stored data, and says so everywhere. */
        Entry cut(int n) {
            this.data = java.util.Arrays.copyOf(data, n);
            this.csize = n;
            this.localCsize = n;
            return this;
        }
    }

    private ZipImage() {
    }

    static long crc(byte[] content) {
        CRC32 c = new CRC32();
        c.update(content);
        return c.getValue();
    }

    /** {@return an entry storing {@code content} uncompressed, with true sizes and CRC} */
    static Entry stored(String name, byte[] content) {
        return new Entry(name, 0, content, crc(content), content.length);
    }

    /** {@return an entry holding {@code content} deflated, with true sizes and CRC} */
    static Entry deflated(String name, byte[] content) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(content);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return new Entry(name, 8, out.toByteArray(), crc(content), content.length);
    }

    /** {@return the archive} */
    static byte[] build(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> offsets = new ArrayList<>();
        for (Entry e : entries) {
            offsets.add((long) out.size());
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] extra = zip64(e.localUsize, e.localCsize);
            ByteBuffer b = le(30 + name.length + extra.length);
            b.putInt(0x04034b50).putShort((short) (extra.length > 0 ? 45 : 20)).putShort((short) 0)
                    .putShort((short) e.method).putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc)
                    .putInt((int) clip(e.localCsize)).putInt((int) clip(e.localUsize))
                    .putShort((short) name.length).putShort((short) extra.length).put(name).put(extra);
            out.writeBytes(b.array());
            out.writeBytes(e.data);
            out.writeBytes(new byte[e.padding]);
        }
        long cdStart = out.size();
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] extra = zip64(e.usize, e.csize);
            ByteBuffer b = le(46 + name.length + extra.length);
            b.putInt(0x02014b50).putShort((short) 45).putShort((short) (extra.length > 0 ? 45 : 20))
                    .putShort((short) 0).putShort((short) e.method).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) e.crc).putInt((int) clip(e.csize)).putInt((int) clip(e.usize))
                    .putShort((short) name.length).putShort((short) extra.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) (long) offsets.get(i))
                    .put(name).put(extra);
            out.writeBytes(b.array());
        }
        long cdSize = out.size() - cdStart;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.length)
                .putShort((short) entries.length).putInt((int) cdSize).putInt((int) cdStart).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static long clip(long size) {
        return size >= FFFF_FFFF ? FFFF_FFFF : size;
    }

    /** The ZIP64 extra field for the sizes that do not fit 32 bits (uncompressed first). */
    private static byte[] zip64(long usize, long csize) {
        int n = (usize >= FFFF_FFFF ? 8 : 0) + (csize >= FFFF_FFFF ? 8 : 0);
        if (n == 0) {
            return new byte[0];
        }
        ByteBuffer b = le(4 + n);
        b.putShort((short) 1).putShort((short) n);
        if (usize >= FFFF_FFFF) {
            b.putLong(usize);
        }
        if (csize >= FFFF_FFFF) {
            b.putLong(csize);
        }
        return b.array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
