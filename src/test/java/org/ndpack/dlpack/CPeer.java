package org.ndpack.dlpack;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.ndpack.DType;

/**
 * The C test peer ({@code native-headers/peer/dlpack_peer.c}), compiled with gcc into a temporary
 * directory once per test JVM and loaded with {@link SymbolLookup#libraryLookup(Path, Arena)}.
 *
 * <p>Tests call {@link #require()} first: without gcc the test is skipped with a message saying
 * so, except under {@code CI=true}, where a missing compiler fails the test (CI installs gcc, so
 * a skip there would hide a broken set-up).
 */
final class CPeer {
    /** peer_make options (see the C file). */
    static final int NULL_DATA = 1;
    static final int NULL_DELETER = 2;
    static final int NULL_SHAPE = 4;
    static final int NO_FILL = 8;

    /** peer_field selectors (see the C file). */
    static final int F_MAJOR = 0;
    static final int F_MINOR = 1;
    static final int F_FLAGS = 2;
    static final int F_DATA = 3;
    static final int F_DEVICE_TYPE = 4;
    static final int F_DEVICE_ID = 5;
    static final int F_NDIM = 6;
    static final int F_CODE = 7;
    static final int F_BITS = 8;
    static final int F_LANES = 9;
    static final int F_BYTE_OFFSET = 10;
    static final int F_SHAPE_PTR = 11;
    static final int F_STRIDES_PTR = 12;
    static final int F_DELETER = 13;
    static final int F_MANAGER_CTX = 14;
    static final int F_SIZEOF = 15;
    static final int F_SHAPE = 100;
    static final int F_STRIDES = 200;

    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    static final Path HEADERS = ROOT.resolve("native-headers");
    private static final String GCC = findGcc();
    private static final String WHY_NOT;
    private static final Path DIR;
    private static final SymbolLookup LIB;

    private static final MethodHandle MAKE;
    private static final MethodHandle DELETER_CALLS;
    private static final MethodHandle TOTAL_CALLS;
    private static final MethodHandle DOUBLE_DELETES;
    private static final MethodHandle FIELD;
    private static final MethodHandle GET;
    private static final MethodHandle SET;
    private static final MethodHandle SUM;
    private static final MethodHandle CALL_DELETER;
    private static final MethodHandle CALL_DELETER_ON_THREAD;

    static {
        String why = null;
        Path dir = null;
        SymbolLookup lib = null;
        if (GCC == null) {
            why = "gcc not found on the PATH";
        } else {
            try {
                dir = Files.createTempDirectory("ndpack-dlpack-peer");
                Path so = dir.resolve("libdlpack_peer.so");
                compile(List.of("-shared", "-fPIC", "-O1", "-pthread", "-o", so.toString(),
                        HEADERS.resolve("peer/dlpack_peer.c").toString()));
                lib = SymbolLookup.libraryLookup(so, Arena.global());
            } catch (IOException e) {
                throw new AssertionError("building the C test peer failed", e);
            }
        }
        WHY_NOT = why;
        DIR = dir;
        LIB = lib;
        ValueLayout.OfLong j = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfDouble d = ValueLayout.JAVA_DOUBLE;
        var a = ValueLayout.ADDRESS;
        MAKE = handle("peer_make", FunctionDescriptor.of(a, a, i, i, i, j, i, i, ValueLayout.JAVA_BYTE,
                ValueLayout.JAVA_BYTE, ValueLayout.JAVA_SHORT, i, a, a, j, i));
        DELETER_CALLS = handle("peer_deleter_calls", FunctionDescriptor.of(j, a, i));
        TOTAL_CALLS = handle("peer_total_deleter_calls", FunctionDescriptor.of(j));
        DOUBLE_DELETES = handle("peer_double_deletes", FunctionDescriptor.of(j));
        FIELD = handle("peer_field", FunctionDescriptor.of(j, a, i, i));
        GET = handle("peer_get", FunctionDescriptor.of(d, a, i, a, i));
        SET = handle("peer_set", FunctionDescriptor.of(i, a, i, a, d, d));
        SUM = handle("peer_sum", FunctionDescriptor.of(d, a, i));
        CALL_DELETER = handle("peer_call_deleter", FunctionDescriptor.ofVoid(a, i));
        CALL_DELETER_ON_THREAD = handle("peer_call_deleter_on_thread", FunctionDescriptor.of(i, a, i, i, i));
    }

    private CPeer() {
    }

    private static String findGcc() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? "gcc" : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Compiles with gcc, C11, all warnings; fails the test on an error or a warning. */
    static void compile(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(GCC, "-std=c11", "-Wall", "-Wextra"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.isBlank()) {
                throw new AssertionError("gcc " + String.join(" ", args) + " failed or warned:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips the calling test without gcc (saying so), or fails it under {@code CI=true}. */
    static void require() {
        if (WHY_NOT != null) {
            String msg = WHY_NOT + ": skipping this test, which needs the DLPack C test peer; install gcc "
                    + "(apt-get install -y gcc libc6-dev)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + msg);
            }
            Assumptions.abort(msg);
        }
    }

    /** {@return the temporary directory holding the compiled peer} */
    static Path dir() {
        require();
        return DIR;
    }

    /** {@return the path of the compiled peer library} */
    static Path library() {
        return dir().resolve("libdlpack_peer.so");
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        if (LIB == null) {
            return null;
        }
        return Linker.nativeLinker().downcallHandle(LIB.find(name).orElseThrow(), fd);
    }

    /** The value the peer stores at row-major logical index {@code i} (mirrors peer_value). */
    static double value(long i) {
        return i % 100;
    }

    /** A tensor to make: every field settable, defaults give a valid versioned float32 [2, 3]. */
    static final class Spec {
        boolean versioned = true;
        int major = 1;
        int minor = 3;
        long flags;
        int deviceType = DLDevice.CPU;
        int deviceId;
        int code = 2;
        int bits = 32;
        int lanes = 1;
        int ndim = 2;
        long[] shape = {2, 3};
        long[] strides;
        long byteOffset;
        int options;

        Spec legacy() {
            versioned = false;
            return this;
        }

        Spec dtype(DType t) {
            code = t.dlpackCode();
            bits = t.dlpackBits();
            return this;
        }

        Spec dtype(int code, int bits, int lanes) {
            this.code = code;
            this.bits = bits;
            this.lanes = lanes;
            return this;
        }

        Spec shape(long... s) {
            shape = s;
            ndim = s.length;
            return this;
        }

        Spec strides(long... s) {
            strides = s;
            return this;
        }

        Spec version(int major, int minor) {
            this.major = major;
            this.minor = minor;
            return this;
        }

        Spec flags(long f) {
            flags = f;
            return this;
        }

        Spec device(int type, int id) {
            deviceType = type;
            deviceId = id;
            return this;
        }

        Spec byteOffset(long b) {
            byteOffset = b;
            return this;
        }

        Spec ndim(int n) {
            ndim = n;
            return this;
        }

        Spec options(int o) {
            options |= o;
            return this;
        }

        /** {@return a new managed tensor made by the peer} */
        MemorySegment make() {
            return makeAt(MemorySegment.NULL);
        }

        /** {@return a managed tensor built by the peer in {@code storage} (an old struct's memory)} */
        MemorySegment makeAt(MemorySegment storage) {
            require();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sh = shape == null ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_LONG, shape);
                MemorySegment st = strides == null ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_LONG, strides);
                MemorySegment p = (MemorySegment) MAKE.invokeExact(storage, versioned ? 1 : 0, major, minor, flags,
                        deviceType, deviceId, (byte) code, (byte) bits, (short) lanes, ndim, sh, st, byteOffset, options);
                if (p.address() == 0) {
                    throw new OutOfMemoryError("peer_make returned NULL");
                }
                return p.reinterpret(versioned ? 80 : 64);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    static long deleterCalls(MemorySegment p, boolean versioned) {
        try {
            return (long) DELETER_CALLS.invokeExact(p, versioned ? 1 : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long totalDeleterCalls() {
        require();
        try {
            return (long) TOTAL_CALLS.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long doubleDeletes() {
        require();
        try {
            return (long) DOUBLE_DELETES.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long field(MemorySegment p, boolean versioned, int which) {
        try {
            return (long) FIELD.invokeExact(p, versioned ? 1 : 0, which);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static double get(MemorySegment p, boolean versioned, long[] index, boolean imag) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ix = arena.allocateFrom(ValueLayout.JAVA_LONG, index.length == 0 ? new long[1] : index);
            return (double) GET.invokeExact(p, versioned ? 1 : 0, ix, imag ? 1 : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int set(MemorySegment p, boolean versioned, long[] index, double re, double im) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ix = arena.allocateFrom(ValueLayout.JAVA_LONG, index.length == 0 ? new long[1] : index);
            return (int) SET.invokeExact(p, versioned ? 1 : 0, ix, re, im);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static double sum(MemorySegment p, boolean versioned) {
        try {
            return (double) SUM.invokeExact(p, versioned ? 1 : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void callDeleter(MemorySegment p, boolean versioned) {
        try {
            CALL_DELETER.invokeExact(p, versioned ? 1 : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Calls the deleter from a new pthread; joins it if {@code join}. */
    static void callDeleterOnThread(MemorySegment p, boolean versioned, boolean join, int delayMicros) {
        try {
            int rc = (int) CALL_DELETER_ON_THREAD.invokeExact(p, versioned ? 1 : 0, join ? 1 : 0, delayMicros);
            if (rc != 0) {
                throw new AssertionError("peer_call_deleter_on_thread failed: " + rc);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError(t);
    }
}
