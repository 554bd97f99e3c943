package org.ndpack.dlpack;

/**
 * A DLPack ABI version, {@code (major, minor)}, as in the C struct {@code DLPackVersion}.
 *
 * <p>Both numbers are {@code uint32_t} in C; they are kept here as the same 32 bits in an
 * {@code int} and compared and printed as unsigned values, so a version read from foreign memory
 * is represented exactly whatever it holds.
 *
 * <h2>Guarantees</h2>
 * A record: immutable and thread-safe.
 *
 * @param major the major version; versions of different majors are not compatible
 * @param minor the minor version; a higher minor keeps every field of the lower ones
 */
public record DLPackVersion(int major, int minor) implements Comparable<DLPackVersion> {

    /** {@return the version {@code (major, minor)}} */
    public static DLPackVersion of(int major, int minor) {
        return new DLPackVersion(major, minor);
    }

    /** {@return true if this version has the ABI of DLPack 1.x, the managed struct with a version} */
    public boolean isVersioned() {
        return major != 0;
    }

    /** Compares major first, then minor, both as unsigned numbers. */
    @Override
    public int compareTo(DLPackVersion o) {
        int c = Integer.compareUnsigned(major, o.major);
        return c != 0 ? c : Integer.compareUnsigned(minor, o.minor);
    }

    /** {@return the version as {@code "1.3"}} */
    @Override
    public String toString() {
        return Integer.toUnsignedString(major) + "." + Integer.toUnsignedString(minor);
    }
}
