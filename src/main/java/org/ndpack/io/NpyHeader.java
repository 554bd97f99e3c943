package org.ndpack.io;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ndpack.DType;
import org.ndpack.internal.layout.Shapes;
import org.ndpack.internal.text.Format;

/**
 * The header of a {@code .npy} file: format version, dtype and byte order, memory order and shape,
 * and where the data starts. Reads and validates headers (every rule of NumPy's reader, plus
 * ndpack's limits) and writes them byte for byte as NumPy 1.24 does.
 *
 * <p>The layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header length
 * (little-endian; 2 bytes in version 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict
 * literal with exactly the keys {@code 'descr'}, {@code 'fortran_order'} and {@code 'shape'},
 * Latin-1 text (UTF-8 in version 3.0), padded with spaces and a final newline so that the data
 * starts on a multiple of 64 bytes.
 *
 * @param major the major format version (1, 2 or 3)
 * @param minor the minor format version (0)
 * @param dtype the element type
 * @param descr the dtype descriptor as the file spells it ({@code '<f8'})
 * @param swap true if the data's byte order differs from the platform's (and elements are wider
 *             than one byte)
 * @param fortranOrder true if the data is in Fortran (column-major) order
 * @param shape the extents
 * @param dataOffset the byte offset of the data from the start of the {@code .npy} content
 */
record NpyHeader(int major, int minor, DType dtype, String descr, boolean swap, boolean fortranOrder, long[] shape,
                 long dataOffset) {

    /** The first six bytes of every {@code .npy} file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The data offset is a multiple of this, as NumPy writes it. */
    static final int ALIGN = 64;
    /** The longest header read by default, in characters: NumPy's {@code max_header_size}
     * default ({@code numpy.lib.format._MAX_HEADER_SIZE}). Headers NumPy writes for the dtypes
     * ndpack supports need a few hundred, even with 64 dimensions. */
    static final int DEFAULT_MAX_HEADER_SIZE = 10_000;
    /** The longest header a Java array can hold (what a raised limit is capped at). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** NumPy pads headers so that the growth axis can reach this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final boolean NATIVE_LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** {@return the number of elements} (checked against overflow when the header was read) */
    long size() {
        return Shapes.size(shape);
    }

    /** {@return the number of data bytes} */
    long dataBytes() {
        return size() * dtype.byteSize();
    }

    /** {@return the shape as Python writes the tuple} */
    String shapeText() {
        return Format.pythonTuple(shape);
    }

    /**
     * Checks that the data fits in what follows the header.
     *
     * @param available the bytes after the header ({@code -1} if unknown: no check)
     * @param source the file, for the message
     * @throws NpyFormatException if the data needs more bytes than are available
     */
    void checkFits(long available, String source) throws NpyFormatException {
        if (available >= 0 && dataBytes() > available) {
            throw new NpyFormatException(source + ": shape " + shapeText() + " of dtype " + dtype + " needs "
                    + dataBytes() + " bytes of data, but only " + available + " follow the header (truncated file?)");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /** Checks a caller's {@code maxHeaderSize}. */
    static int checkMaxHeaderSize(int maxHeaderSize) {
        if (maxHeaderSize <= 0) {
            throw new IllegalArgumentException("maxHeaderSize " + maxHeaderSize + ": must be > 0 (NumPy's default is "
                    + DEFAULT_MAX_HEADER_SIZE + ")");
        }
        return maxHeaderSize;
    }

    /**
     * Reads and validates a header, leaving {@code in} at the first data byte. Reads exactly the
     * header's bytes, nothing more; refuses a header longer than {@code maxHeaderSize} characters
     * before reading it, as NumPy does ({@code max_header_size}).
     *
     * @param in the stream, at the start of the {@code .npy} content
     * @param source names the file in messages
     * @param maxHeaderSize the longest header accepted, in characters (checked by the caller)
     * @return the header
     * @throws NpyFormatException if the header is malformed, unsupported or too long
     * @throws IOException if reading fails
     */
    static NpyHeader read(InputStream in, String source, int maxHeaderSize) throws IOException {
        byte[] magic = in.readNBytes(8);
        for (int i = 0; i < Math.min(magic.length, 6); i++) {
            if (magic[i] != MAGIC[i]) {
                throw new NpyFormatException(source + ": not a .npy file: it starts with "
                        + bytesText(magic, Math.min(magic.length, 6)) + " instead of the magic b'\\x93NUMPY'");
            }
        }
        if (magic.length < 8) {
            throw new NpyFormatException(source + ": truncated: " + magic.length
                    + " bytes, too short for the .npy magic string and version");
        }
        int major = magic[6] & 0xff;
        int minor = magic[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException(source + ": unsupported .npy format version " + major + "." + minor
                    + " (ndpack reads versions 1.0, 2.0 and 3.0)");
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lb = in.readNBytes(lenBytes);
        if (lb.length < lenBytes) {
            throw new NpyFormatException(source + ": truncated: the file ends inside the header length field");
        }
        long headerLen = major == 1
                ? ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffffL
                : ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        // UTF-8 (version 3.0) spends at most 4 bytes on a character; Latin-1 one
        long maxBytes = Math.min(MAX_ARRAY, (long) maxHeaderSize * (major == 3 ? 4 : 1));
        if (headerLen > maxBytes) {
            throw tooLong(source, major == 3 ? headerLen + " (UTF-8 bytes)" : Long.toString(headerLen), maxHeaderSize);
        }
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) {
            throw new NpyFormatException(source + ": truncated: the header declares " + headerLen
                    + " bytes but only " + hb.length + " follow");
        }
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(hb)).toString();
            } catch (CharacterCodingException e) {
                throw new NpyFormatException(source + ": version 3.0 header is not valid UTF-8", e);
            }
            if (text.codePointCount(0, text.length()) > maxHeaderSize) {
                throw tooLong(source, text.codePointCount(0, text.length()) + " (characters)", maxHeaderSize);
            }
        } else {
            text = new String(hb, StandardCharsets.ISO_8859_1);
        }
        return parse(text, major, 8 + lenBytes + headerLen, source);
    }

    private static NpyFormatException tooLong(String source, String length, int maxHeaderSize) {
        return new NpyFormatException(source + ": header length " + length + " exceeds the limit of " + maxHeaderSize
                + " characters (NumPy's max_header_size" + (maxHeaderSize == DEFAULT_MAX_HEADER_SIZE ? ", default" : "")
                + "); if the file is trusted, pass a larger maxHeaderSize to Npy.read, Npy.map or Npz.read");
    }

    private static String bytesText(byte[] b, int n) {
        StringBuilder sb = new StringBuilder("b'");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('\'').toString();
    }

    private static String excerpt(String text) {
        return Excerpt.of(text.strip());
    }

    private static String repr(Object v) {
        return Excerpt.of(PyLiteral.repr(v));
    }

    static NpyHeader parse(String text, int major, long dataOffset, String source) throws NpyFormatException {
        Object lit;
        try {
            lit = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxException e) {
            throw new NpyFormatException(source + ": header is not a Python dict literal (" + Excerpt.of(e.getMessage())
                    + "): " + excerpt(text));
        }
        if (!(lit instanceof Map<?, ?> d)) {
            throw new NpyFormatException(source + ": header is not a dict: " + excerpt(repr(lit)));
        }
        for (Object k : d.keySet()) {
            if (!(k instanceof String ks) || !KEYS.contains(ks)) {
                throw new NpyFormatException(source + ": header has unexpected key " + repr(k)
                        + " (a .npy header has exactly 'descr', 'fortran_order' and 'shape')");
            }
        }
        for (String k : List.of("descr", "fortran_order", "shape")) {
            if (!d.containsKey(k)) {
                throw new NpyFormatException(source + ": header lacks the key '" + k + "': " + excerpt(text));
            }
        }
        Object descr = d.get("descr");
        Object fortran = d.get("fortran_order");
        Object shapeValue = d.get("shape");
        if (!(fortran instanceof Boolean f)) {
            throw new NpyFormatException(source + ": fortran_order is not a bool: " + repr(fortran));
        }
        long[] shape = shape(shapeValue, source);
        if (!(descr instanceof String ds)) {
            if (descr instanceof List<?> || descr instanceof PyLiteral.Tuple || descr instanceof Map<?, ?>) {
                throw new NpyFormatException(source + ": structured dtypes are not supported (descr "
                        + excerpt(repr(descr)) + ")");
            }
            throw new NpyFormatException(source + ": descr is not a dtype string: " + repr(descr));
        }
        DTypeCode code = dtype(ds, source);
        try {
            Shapes.byteSize(shape, code.dtype.byteSize());
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(source + ": shape " + Format.pythonTuple(shape) + " of dtype "
                    + code.dtype + ": " + (e.getMessage().contains("element count") ? "element count" : "byte size")
                    + " overflows a 64-bit long");
        }
        return new NpyHeader(major, 0, code.dtype, ds, code.swap, f, shape, dataOffset);
    }

    private static long[] shape(Object value, String source) throws NpyFormatException {
        if (!(value instanceof PyLiteral.Tuple t)) {
            throw new NpyFormatException(source + ": shape is not a tuple of ints: " + repr(value));
        }
        List<Object> items = t.items();
        if (items.size() > Shapes.MAX_NDIM) {
            throw new NpyFormatException(source + ": shape has " + items.size() + " dimensions; at most "
                    + Shapes.MAX_NDIM + " are supported");
        }
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            if (items.get(i) instanceof PyLiteral.HugeInt h) {
                throw new NpyFormatException(source + ": shape " + repr(value) + ": extent "
                        + h + (h.negative() ? " is negative" : " does not fit a 64-bit long"));
            }
            if (!(items.get(i) instanceof BigInteger b)) {
                throw new NpyFormatException(source + ": shape is not a tuple of ints: " + repr(value));
            }
            if (b.signum() < 0) {
                throw new NpyFormatException(source + ": shape " + repr(value) + ": extents must be >= 0");
            }
            if (b.bitLength() > 63) {
                throw new NpyFormatException(source + ": shape " + repr(value) + ": extent " + b
                        + " does not fit a 64-bit long");
            }
            shape[i] = b.longValue();
        }
        return shape;
    }

    /** A parsed descr: the dtype and whether its bytes need swapping. */
    private record DTypeCode(DType dtype, boolean swap) {
    }

    private static DTypeCode dtype(String descr, String source) throws NpyFormatException {
        String code = descr;
        char order = '=';
        if (!code.isEmpty() && "<>|=".indexOf(code.charAt(0)) >= 0) {
            order = code.charAt(0);
            code = code.substring(1);
        }
        DType t = switch (code) {
            case "?", "b1" -> DType.BOOL;
            case "i1" -> DType.INT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "u1" -> DType.UINT8;
            case "u2" -> DType.UINT16;
            case "u4" -> DType.UINT32;
            case "u8" -> DType.UINT64;
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "c8" -> DType.COMPLEX64;
            case "c16" -> DType.COMPLEX128;
            default -> null;
        };
        if (t == null) {
            throw new NpyFormatException(source + ": " + unsupported(code) + " (descr " + repr(descr) + ")");
        }
        boolean little = switch (order) {
            case '<' -> true;
            case '>' -> false;
            default -> NATIVE_LITTLE; // '|' (not applicable) and '=' (native)
        };
        return new DTypeCode(t, t.byteSize() > 1 && little != NATIVE_LITTLE);
    }

    private static String unsupported(String code) {
        if (code.equals("O") || code.startsWith("O")) {
            return "object arrays hold pickled Python objects and cannot be read";
        }
        if (code.matches("[fc](10|12|16|20|24|32)")) {
            return "extended-precision (long double) dtypes are not supported";
        }
        if (code.matches("[SUaV]\\d*")) {
            return "string and void dtypes are not supported";
        }
        if (code.matches("[Mm]8(\\[.*])?")) {
            return "datetime and timedelta dtypes are not supported";
        }
        return "unknown dtype";
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    /** {@return the descr ndpack writes for {@code t}: the platform's byte order} */
    static String descr(DType t) {
        String d = t.numpyDescr();
        return NATIVE_LITTLE || d.charAt(0) != '<' ? d : ">" + d.substring(1);
    }

    /**
     * Encodes the header exactly as NumPy's {@code write_array} does: the dict with sorted keys,
     * spare spaces for the growth axis, the lowest version whose length field holds it, padding to
     * 64 bytes.
     *
     * @param t the dtype (not {@code bfloat16})
     * @param fortranOrder whether the data is written in Fortran order
     * @param shape the extents
     * @return magic, version, length and header bytes
     */
    static byte[] encode(DType t, boolean fortranOrder, long[] shape) {
        StringBuilder sb = new StringBuilder();
        sb.append("{'descr': '").append(descr(t)).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': ").append(Format.pythonTuple(shape))
                .append(", }");
        if (shape.length > 0) {
            long growth = shape[fortranOrder ? shape.length - 1 : 0];
            sb.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(growth).length());
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1;
        int major = 1;
        int prefix = 10;
        int pad = ALIGN - (prefix + hlen) % ALIGN;
        if (hlen + pad > 0xffff) {
            major = 2;
            prefix = 12;
            pad = ALIGN - (prefix + hlen) % ALIGN;
        }
        ByteBuffer b = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) (hlen + pad));
        } else {
            b.putInt(hlen + pad);
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("version " + major + "." + minor);
        parts.add("descr " + descr);
        parts.add("fortran_order " + fortranOrder);
        parts.add("shape " + shapeText());
        return String.join(", ", parts);
    }
}
