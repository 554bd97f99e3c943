package org.ndpack.dlpack;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * A child JVM for {@link DLPackShutdownTest}: exports arrays and has the C peer call their
 * deleters from native threads while this JVM shuts down. Plain {@code main}, no JUnit: it runs on
 * the class path of the test build. Arguments: the peer library, the scenario.
 */
public final class ShutdownChild {
    private ShutdownChild() {
    }

    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup peer = SymbolLookup.libraryLookup(Path.of(args[0]), Arena.global());
        MethodHandle onThread = linker.downcallHandle(peer.find("peer_call_deleter_on_thread").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle field = linker.downcallHandle(peer.find("peer_field").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle delayExit = linker.downcallHandle(peer.find("peer_delay_exit").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        long free = linker.defaultLookup().find("free").orElseThrow().address();
        String scenario = args[1];
        int n = 200;
        MemorySegment[] ps = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            NDArray a = NDArray.arange(DType.FLOAT32, 0, 1000, 1);
            ps[i] = i % 2 == 0 ? DLPack.toDLPack(a) : DLPack.toLegacyDLPack(a);
            if (i % 3 == 0) {
                a.close(); // closed on the Java side: only the export's pin keeps it
            }
        }
        System.out.println("exported " + DLPack.liveExports());
        switch (scenario) {
            case "exit-while-deleters-run" -> {
                // Detached native threads call the deleters over the next ~50 ms, spanning the
                // shutdown hooks, the halt and the process exit.
                for (int i = 0; i < n; i++) {
                    int rc = (int) onThread.invokeExact(ps[i], i % 2 == 0 ? 1 : 0, 0, (i % 50) * 1000);
                    check(rc);
                }
                System.out.println("exiting");
                System.exit(0);
            }
            case "deleters-in-shutdown-hook" -> {
                // Another hook gives tensors back from joined native threads while ours runs.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        for (int i = 0; i < n; i++) {
                            int rc = (int) onThread.invokeExact(ps[i], i % 2 == 0 ? 1 : 0, 1, 0);
                            check(rc);
                        }
                        System.out.println("deleters called in hook");
                    } catch (Throwable t) {
                        t.printStackTrace();
                    }
                }));
                System.out.println("exiting");
                System.exit(0);
            }
            case "deleters-switch-to-free" -> {
                // Once shutdown begins, every live export's deleter field holds free(): native
                // calls no longer enter the JVM. Watch it happen from another hook.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        int switched = 0;
                        while (System.nanoTime() < deadline) {
                            switched = 0;
                            for (int i = 0; i < n; i++) {
                                if ((long) field.invokeExact(ps[i], i % 2 == 0 ? 1 : 0, 13) == free) {
                                    switched++;
                                }
                            }
                            if (switched == n) {
                                break;
                            }
                            Thread.sleep(1);
                        }
                        System.out.println("switched to free: " + switched);
                        MemorySegment late = DLPack.toDLPack(NDArray.arange(DType.INT8, 0, 3, 1));
                        System.out.println("export made during shutdown has free: "
                                + ((long) field.invokeExact(late, 1, 13) == free));
                        for (int i = 0; i < n; i++) {
                            check((int) onThread.invokeExact(ps[i], i % 2 == 0 ? 1 : 0, 1, 0));
                        }
                        check((int) onThread.invokeExact(late, 1, 1, 0));
                        System.out.println("free() deleters called");
                    } catch (Throwable t) {
                        t.printStackTrace();
                    }
                }));
                System.exit(0);
            }
            case "deleters-after-the-jvm-is-destroyed" -> {
                // The process outlives the JVM: main returns, the launcher destroys the JVM, and a
                // slow atexit handler keeps the process up for 300 ms more while native threads
                // call deleters. Only deleters that do not enter the JVM survive this.
                check((int) delayExit.invokeExact(300_000));
                for (int i = 0; i < n; i++) {
                    check((int) onThread.invokeExact(ps[i], i % 2 == 0 ? 1 : 0, 0, 100_000 + i * 500));
                }
                System.out.println("returning");
            }
            case "main-returns-with-deleters-pending" -> {
                // Detached native threads call the deleters over the next ~30 ms while main returns
                // and the launcher destroys the JVM: some calls land after the VM is gone.
                for (int i = 0; i < n; i++) {
                    int rc = (int) onThread.invokeExact(ps[i], i % 2 == 0 ? 1 : 0, 0, (i % 30) * 1000);
                    check(rc);
                }
                System.out.println("returning");
            }
            default -> throw new IllegalArgumentException(scenario);
        }
    }

    private static void check(int rc) {
        if (rc != 0) {
            throw new IllegalStateException("pthread failed: " + rc);
        }
    }
}
