package org.ndpack.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Do locks on disjoint regions of one buffer let threads work in parallel? Locked in-place adds
 * ({@code half.locked().addi(1)}) on the two halves of one float64 array: one thread doing one
 * half, against two threads doing one half each (throughput, adds per second, summed over threads
 * by JMH). Target: two threads at least 1.6x one thread. For contrast, two threads locking the
 * <em>same</em> half: the lock serialises them (about 1x).
 *
 * <p>Halves of 32K elements (256 KiB, inside each core's L2 cache) show the lock; halves of 1M
 * elements (8 MiB) also show what the two cores' shared memory bandwidth allows, lock or no lock.
 *
 * <p>ndpack's own parallelism is switched off ({@code -Dndpack.threads=1}) so that one thread uses
 * one core: otherwise a single add already spreads over both cores of a 2-core machine and there is
 * nothing left for a second thread to gain.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
    "-Dndpack.threads=1"})
public class DisjointLockBench {

    /** The buffer, shared by all threads of a run. */
    @State(Scope.Benchmark)
    public static class Buffer {
        /** Elements per half. */
        @Param({"32768", "1048576"})
        public int half;
        NDArray whole;
        NDArray[] halves;
        final AtomicInteger next = new AtomicInteger();

        @Setup
        public void setup() {
            whole = NDArray.zeros(DType.FLOAT64, 2L * half);
            halves = new NDArray[] {whole.slice(":" + half).locked(), whole.slice(half + ":").locked()};
        }

        @TearDown
        public void tearDown() {
            whole.close();
        }
    }

    /** Each thread's half: threads take the halves in turn. */
    @State(Scope.Thread)
    public static class Mine {
        NDArray half;
        NDArray sameForAll;

        @Setup
        public void setup(Buffer b) {
            half = b.halves[b.next.getAndIncrement() & 1];
            sameForAll = b.halves[0];
        }
    }

    /** One thread, one half. */
    @Benchmark
    @Threads(1)
    public NDArray oneThread(Mine m) {
        return Ufunc.ADD.apply(m.half, 1L, m.half);
    }

    /** Two threads, each on its own half: disjoint locks. */
    @Benchmark
    @Threads(2)
    public NDArray twoThreadsDisjoint(Mine m) {
        return Ufunc.ADD.apply(m.half, 1L, m.half);
    }

    /** Two threads on the same half: the lock makes them take turns. */
    @Benchmark
    @Group("overlapping")
    @GroupThreads(2)
    public NDArray twoThreadsSameHalf(Mine m) {
        return Ufunc.ADD.apply(m.sameForAll, 1L, m.sameForAll);
    }
}
