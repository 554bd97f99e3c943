package org.ndpack.internal.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes kernels by specialisation: a template class (a loop written once, e.g. {@link Loop2})
 * is defined again as a hidden class per constant it is specialised on, and reads that constant
 * from its class data into a {@code static final} field. The JIT treats the field as a constant,
 * so each copy compiles to a loop with its element function (or vector operator) inlined, and
 * copies do not share type profiles. This is how one loop shape serves every operation and dtype
 * without being pasted per dtype.
 *
 * <p>Kernels are cached by (template, constant): constants must have value equality (records of
 * singletons) or be singletons. Thread-safe; two threads may race to define the same kernel, and
 * one of the two copies wins.
 *
 * <p>Debugging: with the system property {@value #DUMP_PROPERTY} set to a directory (as the JDK's
 * {@code jdk.invoke.MethodHandle.dumpClassFiles}), every kernel defined from then on is written
 * there as {@code <hidden class name>.class} (the template's bytes, which the hidden class was
 * defined from; {@code javap -c} shows the loop) with a {@code .txt} beside it naming the constant
 * it is specialised on ({@code toString()} of the class data). A failure to write is reported on
 * standard error and never fails the operation.
 */
public final class Specializer {
    /** The system property naming the directory to dump specialised classes into. */
    public static final String DUMP_PROPERTY = "ndpack.dumpClasses";

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final ConcurrentHashMap<Key, Object> CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, byte[]> BYTES = new ConcurrentHashMap<>();

    private record Key(String template, Object data) {
    }

    private Specializer() {
    }

    /** {@return the class data of the calling specialised class} (for templates' static fields) */
    static Object data(MethodHandles.Lookup self) {
        try {
            return MethodHandles.classData(self, ConstantDescs.DEFAULT_NAME, Object.class);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@return the portable two-operand kernel applying {@code f}}: {@link Loop2F32} or its
     * float64 twin for a real function over float32 or float64 alone, {@link Loop2Int} for an
     * integer function over int64 or int32 alone, {@link Loop2Mix} for a float64 result of int32,
     * int64, float32 and float64 operands (contiguous runs through heap arrays), {@link Loop2}
     * otherwise
     */
    public static Kernel2 loop2(Elem.E2 f) {
        return loop2(f, null);
    }

    /**
     * {@link #loop2(Elem.E2)} for the operation {@code op} ({@code f}'s {@link VOp}, or null): the
     * heap-run templates compute add, subtract, multiply and divide in their element type, without
     * calling {@code f}, so {@code op} must be the operation {@code f} computes.
     *
     * @throws IllegalArgumentException if {@code op} is add, subtract, multiply or divide and
     *     {@code f} gives another result on probe values (a caller's mistake, caught once per kernel)
     */
    public static Kernel2 loop2(Elem.E2 f, VOp op) {
        if (f instanceof Elem.Long2 l && HeapRuns.integers(l)) {
            return (Kernel2) get("Loop2Int", f);
        }
        int w = f instanceof Elem.Double2 d ? HeapRuns.width(d.a(), d.b(), d.o()) : 0;
        VOp arithmetic = HeapRuns.arithmetic(op);
        if (w == 0 && f instanceof Elem.Double2 d && HeapRuns.mixed(d)) {
            if (arithmetic != null) {
                checkArithmetic(d.f(), arithmetic);
            }
            return (Kernel2) get("Loop2Mix", new HeapRuns.Spec2(d, arithmetic));
        }
        if (w == Short.BYTES && arithmetic != null) {
            checkArithmetic(((Elem.Double2) f).f(), arithmetic);
            return (Kernel2) get("Loop2F16", new HeapRuns.Spec2((Elem.Double2) f, arithmetic));
        }
        if (w != Float.BYTES && w != Double.BYTES) {
            return (Kernel2) get("Loop2", f);
        }
        if (arithmetic != null) {
            checkArithmetic(((Elem.Double2) f).f(), arithmetic);
        }
        return (Kernel2) get(w == Float.BYTES ? "Loop2F32" : "Loop2F64", new HeapRuns.Spec2((Elem.Double2) f, arithmetic));
    }

    /** Throws unless {@code f} computes {@code op} on a few probe pairs (see {@link #loop2(Elem.E2, VOp)}). */
    private static void checkArithmetic(Fn.D2 f, VOp op) {
        double[][] probes = {{6.5, -2.25}, {-0.1, 3.0e-3}, {1.0e10, 7.0}};
        for (double[] p : probes) {
            double want = switch (op) {
                case ADD -> p[0] + p[1];
                case SUB -> p[0] - p[1];
                case MUL -> p[0] * p[1];
                default -> p[0] / p[1];
            };
            double got = f.apply(p[0], p[1]);
            if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(want)) {
                throw new IllegalArgumentException("the element function gives " + got + " for (" + p[0] + ", " + p[1]
                        + ") where " + op + " gives " + want + ": a kernel's operation must be its function's own");
            }
        }
    }

    /** {@return the portable one-operand kernel applying {@code f}}; see {@link #loop2}. */
    public static Kernel1 loop1(Elem.E1 f) {
        int w = f instanceof Elem.Double1 d ? HeapRuns.width(d.a(), d.o()) : 0;
        return (Kernel1) get(w == Float.BYTES ? "Loop1F32" : w == Double.BYTES ? "Loop1F64" : "Loop1", f);
    }

    /** {@return the element-at-a-time kernel applying {@code f}} ({@link Loop2} specialised on it) */
    static Kernel2 elements2(Elem.E2 f) {
        return (Kernel2) get("Loop2", f);
    }

    /** {@return the element-at-a-time kernel applying {@code f}} ({@link Loop1} specialised on it) */
    static Kernel1 elements1(Elem.E1 f) {
        return (Kernel1) get("Loop1", f);
    }

    /**
     * {@return an instance of template {@code template} (a class of this package, by simple
     * name) specialised on {@code data}}
     */
    static Object get(String template, Object data) {
        Key k = new Key(template, data);
        Object r = CACHE.get(k);
        if (r == null) {
            r = define(template, data);
            Object prev = CACHE.putIfAbsent(k, r);
            if (prev != null) {
                r = prev;
            }
        }
        return r;
    }

    private static Object define(String template, Object data) {
        byte[] bytes = BYTES.computeIfAbsent(template, Specializer::read);
        try {
            MethodHandles.Lookup h = LOOKUP.defineHiddenClassWithClassData(bytes, data, true);
            String dump = System.getProperty(DUMP_PROPERTY);
            if (dump != null) {
                dump(Path.of(dump), h.lookupClass().getName(), bytes, data);
            }
            return h.findConstructor(h.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot specialise kernel template " + template, t);
        }
    }

    /** Writes one specialised class and its constant; logs (System.Logger), never throws, on failure. */
    private static void dump(Path dir, String hiddenName, byte[] bytes, Object data) {
        String file = hiddenName.replace('/', '$');
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(file + ".class"), bytes);
            Files.writeString(dir.resolve(file + ".txt"), hiddenName + " specialised on " + data + "\n");
        } catch (IOException | RuntimeException e) {
            System.getLogger("org.ndpack").log(System.Logger.Level.WARNING,
                    "ndpack: cannot dump kernel " + hiddenName + " to " + dir, e);
        }
    }

    private static byte[] read(String template) {
        try (InputStream in = Specializer.class.getResourceAsStream(template + ".class")) {
            if (in == null) {
                throw new IllegalStateException("kernel template " + template + ".class not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel template " + template, e);
        }
    }
}
