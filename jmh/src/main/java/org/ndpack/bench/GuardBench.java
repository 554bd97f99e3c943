package org.ndpack.bench;

import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.concurrent.OpScope;
import org.ndpack.internal.memory.Memory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the concurrency guards cost per operation, on the bracket every bulk operation enters
 * ({@code OpScope}, two operands: one written, one read):
 * <ul>
 *   <li>{@code leasesOnly}: the two leases taken and given back by hand, nothing else: what an
 *       operation must pay anyway so that a concurrent close cannot free memory under it;</li>
 *   <li>{@code scope_plain}: the real bracket with checked mode off (the default). Its cost over
 *       {@code leasesOnly} is the checked-mode-off overhead: a test of the operands' flags and of a
 *       constant the JIT folds;</li>
 *   <li>{@code scope_locked}, {@code scope_checked}: the bracket for arrays in locked form
 *       (uncontended memory lock) and checked form;</li>
 *   <li>{@code scope_plain_globalChecked}: a plain array with {@code -Dndpack.checked=true}.</li>
 * </ul>
 * The body of the operation is empty, so these are the fixed costs; a real operation adds its
 * loop (see {@code LockedAddBench} for a 1M-element add).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class GuardBench {
    private static final Facade<NDArray> A = Facade.of(NDArray.class);

    private NDArray out;
    private NDArray in;
    private NDArray outLocked;
    private NDArray outChecked;

    @Setup
    public void setup() {
        out = NDArray.zeros(DType.FLOAT32, 16);
        in = NDArray.zeros(DType.FLOAT32, 16);
        outLocked = out.locked();
        outChecked = out.checked();
    }

    /** The leases alone (what the bracket does when no guard is needed). */
    @Benchmark
    public void leasesOnly() {
        A.unwrap(out).acquire();
        A.unwrap(in).acquire();
        Memory mi = A.unwrap(in).memory;
        Memory mo = A.unwrap(out).memory;
        mo.release();
        mi.release();
    }

    /** The bracket, checked mode off. */
    @Benchmark
    public void scope_plain() {
        try (OpScope s = OpScope.enter("bench", A.unwrap(out), A.unwrap(in))) {
            // empty operation
        }
    }

    /** The bracket for a locked output: the uncontended memory lock. */
    @Benchmark
    public void scope_locked() {
        try (OpScope s = OpScope.enter("bench", A.unwrap(outLocked), A.unwrap(in))) {
            // empty operation
        }
    }

    /** The bracket for a checked output: registration with the race detector. */
    @Benchmark
    public void scope_checked() {
        try (OpScope s = OpScope.enter("bench", A.unwrap(outChecked), A.unwrap(in))) {
            // empty operation
        }
    }

    /** The bracket for plain arrays with checked mode on for all arrays. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dndpack.checked=true"})
    public void scope_plain_globalChecked() {
        try (OpScope s = OpScope.enter("bench", A.unwrap(out), A.unwrap(in))) {
            // empty operation
        }
    }
}
