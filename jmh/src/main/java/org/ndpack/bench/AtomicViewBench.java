package org.ndpack.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one atomic element operation through {@link NDArray#atomic()}, single-threaded and
 * uncontended, beside what it is built from: the JDK's {@link AtomicLongArray} on the heap, a bare
 * {@link VarHandle} on a native segment (no lease, no index checks), and a plain element
 * read-modify-write through {@link NDArray#getLong}/{@link NDArray#setLong}. The element index
 * cycles over 1024 elements. The difference between {@code atomic_*} and {@code varHandle_*} is
 * the view's own cost: index arithmetic and bounds checks, and the lease on the memory (two
 * atomic updates of its lease word) that keeps a concurrent close from freeing the memory.
 *
 * <p>{@code shared_*}: two threads updating distinct elements of <em>one</em> array (each its own
 * half), against two threads each with an array of its own ({@code separate_*}): the lease word is
 * shared by everything that uses one memory, so the first pays for that cache line moving between
 * the cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class AtomicViewBench {
    private static final int N = 1024;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private NDArray i64;
    private AtomicView atI64;
    private AtomicView atI32;
    private AtomicView atI16;
    private AtomicView atF64;
    private AtomicView atF16;
    private AtomicLongArray heap;
    private MemorySegment segment;
    private int i;

    @Setup
    public void setup() {
        i64 = NDArray.zeros(DType.INT64, N);
        atI64 = i64.atomic();
        atI32 = NDArray.zeros(DType.INT32, N).atomic();
        atI16 = NDArray.zeros(DType.INT16, N).atomic();
        atF64 = NDArray.zeros(DType.FLOAT64, N).atomic();
        atF16 = NDArray.zeros(DType.FLOAT16, N).atomic();
        heap = new AtomicLongArray(N);
        segment = Arena.ofAuto().allocate(8L * N, 64);
    }

    private int next() {
        i = (i + 1) & (N - 1);
        return i;
    }

    /** The JDK's atomic array on the heap: the floor. */
    @Benchmark
    public long jdk_AtomicLongArray_getAndAdd() {
        return heap.getAndAdd(next(), 1);
    }

    /** A VarHandle on native memory, with no lease and no index checks. */
    @Benchmark
    public long varHandle_int64_getAndAdd() {
        return (long) LONG.getAndAdd(segment, 8L * next(), 1L);
    }

    /** ndpack's atomic view, int64 (one hardware fetch-and-add). */
    @Benchmark
    public long atomic_int64_getAndAdd() {
        return atI64.getAndAddLong(1, next());
    }

    /** int32 (one hardware fetch-and-add on 4 bytes). */
    @Benchmark
    public long atomic_int32_getAndAdd() {
        return atI32.getAndAddLong(1, next());
    }

    /** int16: compare-and-set loop on the containing 32-bit word. */
    @Benchmark
    public long atomic_int16_getAndAdd() {
        return atI16.getAndAddLong(1, next());
    }

    /** float64: compare-and-set loop on the element's bits. */
    @Benchmark
    public double atomic_float64_getAndAdd() {
        return atF64.getAndAddDouble(1, next());
    }

    /** float16: conversion, float32 add, rounding, and a CAS of the containing word. */
    @Benchmark
    public double atomic_float16_getAndAdd() {
        return atF16.getAndAddDouble(1, next());
    }

    /** A volatile read. */
    @Benchmark
    public long atomic_int64_getVolatile() {
        return atI64.getLongVolatile(next());
    }

    /** A plain, non-atomic read-modify-write through element access, for comparison. */
    @Benchmark
    public long plain_int64_getThenSet() {
        int k = next();
        long v = i64.getLong(k);
        i64.setLong(v + 1, k);
        return v;
    }

    /** One int64 array shared by the threads of a run. */
    @State(Scope.Benchmark)
    public static class Shared {
        AtomicView at;
        final java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();

        @Setup
        public void setup() {
            at = NDArray.zeros(DType.INT64, 2L * N).atomic();
        }
    }

    /** Where a thread works in the shared array: its own half. */
    @State(Scope.Thread)
    public static class Half {
        int base;
        int k;

        @Setup
        public void setup(Shared s) {
            base = (s.threads.getAndIncrement() & 1) * N;
        }
    }

    /** Two threads, one array, distinct elements: the lease word is shared. */
    @Benchmark
    @Threads(2)
    public long shared_int64_getAndAdd_2threads(Shared s, Half h) {
        h.k = (h.k + 1) & (N - 1);
        return s.at.getAndAddLong(1, h.base + h.k);
    }

    /** Two threads, an array each. */
    @Benchmark
    @Threads(2)
    public long separate_int64_getAndAdd_2threads() {
        return atI64.getAndAddLong(1, next());
    }
}
