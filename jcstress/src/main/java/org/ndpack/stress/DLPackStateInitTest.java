package org.ndpack.stress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The DLPack bridge's global state is initialised once and every thread sees it whole.
 *
 * <p>The state is built in the static initialiser of {@code org.ndpack.dlpack.Bridge}. To race
 * that initialisation again and again, each iteration gets a fresh, uninitialised copy of the
 * bridge's classes from a class loader of its own; both actors then read {@code Bridge.STATE} at
 * once, and one of them runs the initialiser while the other waits for it. Each actor checks that
 * the state it got is whole (both deleter stubs and the shutdown deleter present and distinct, the
 * tables empty, not shutting down): 1 if so. The arbiter checks that both got the very same state
 * object (1), i.e. that it was built once.
 *
 * <p>A fresh copy registers a shutdown hook and two upcall stubs that the JVM keeps until exit, so
 * only the first {@value #FRESH_COPIES} iterations in each JVM use fresh copies; later ones race
 * reads of an initialised copy (which must give the same outcome).
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both threads saw the same, whole state.")
@Outcome(expect = FORBIDDEN, desc = "A thread saw a partly built state, or the threads saw different states.")
@State
public class DLPackStateInitTest {
    static final int FRESH_COPIES = 400;
    private static final AtomicInteger FRESH = new AtomicInteger();
    private static final Map<String, byte[]> BYTES = new ConcurrentHashMap<>();
    private static final String PACKAGE = "org.ndpack.dlpack.";
    private static final Class<?> SHARED = load(DLPackStateInitTest.class.getClassLoader());

    private final Class<?> bridge = FRESH.getAndIncrement() < FRESH_COPIES
            ? load(new FreshLoader(DLPackStateInitTest.class.getClassLoader())) : SHARED;
    private Object seen1;
    private Object seen2;

    @Actor
    public void actor1(III_Result r) {
        seen1 = state(bridge);
        r.r1 = whole(seen1) ? 1 : 0;
    }

    @Actor
    public void actor2(III_Result r) {
        seen2 = state(bridge);
        r.r2 = whole(seen2) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = seen1 != null && seen1 == seen2 ? 1 : 0;
    }

    private static Class<?> load(ClassLoader loader) {
        try {
            return Class.forName(PACKAGE + "Bridge", false, loader); // loaded, not initialised
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads {@code Bridge.STATE}, running Bridge's initialiser if this is the first access. */
    private static Object state(Class<?> bridge) {
        try {
            Field f = bridge.getDeclaredField("STATE");
            f.setAccessible(true);
            return ((AtomicReference<?>) f.get(null)).get();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean whole(Object s) {
        if (s == null) {
            return false;
        }
        long v = address(call(s, "versionedDeleter"));
        long l = address(call(s, "legacyDeleter"));
        long free = address(call(s, "shutdownDeleter"));
        return v != 0 && l != 0 && free != 0 && v != l && v != free && l != free
                && !(Boolean) call(s, "shuttingDown")
                && (Integer) call(call(s, "exports"), "size") == 0
                && (Integer) call(call(s, "imports"), "size") == 0;
    }

    private static long address(Object segment) {
        return segment instanceof MemorySegment m ? m.address() : 0;
    }

    /** Defines the bridge's package anew from the parent's class files; delegates the rest. */
    private static final class FreshLoader extends ClassLoader {
        FreshLoader(ClassLoader parent) {
            super("fresh-dlpack-bridge", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = BYTES.computeIfAbsent(name, FreshLoader::read);
                    c = defineClass(name, b, 0, b.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private static byte[] read(String name) {
            String path = name.replace('.', '/') + ".class";
            try (InputStream in = DLPackStateInitTest.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("no class file " + path));
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
