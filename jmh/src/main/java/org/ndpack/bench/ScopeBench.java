package org.ndpack.bench;

import java.util.concurrent.TimeUnit;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.NDScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an NDScope costs: NumPy's standardise pipeline {@code (x - x.mean(0)) / x.std(0)} on a
 * float64 matrix of {@code rows x 32}, its four temporaries and result closed by hand
 * (try-with-resources, the baseline), by an NDScope, or left to the Cleaner. Both closing sides do
 * the same arithmetic in the same order and hold the same arrays until the end of the block (the
 * mean, {@code x - mean}, the std and the result; {@code std}'s own temporaries are closed inside
 * it either way), so the native blocks freed and reused are the same; the scope adds a slot per
 * new array and its open and close. Expected: the scope within 5% of closing by hand.
 *
 * <p>Each fork first runs both closing sides ({@link #warmBoth}), so that the two are compiled
 * from the same profile and the scope's registration hook is installed in both: a fork that has
 * only ever seen one side can differ from another by more than the 5% measured here. The pair
 * runs in three forks for the same reason. {@code standardise_toCleaner} sorts after them, so the
 * native memory it leaves to the collector is not what the next fork starts on. The
 * {@code oneArray} pair isolates the scope's own cost per array (rows unused).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ScopeBench {

    @Param({"16", "4096"})
    public int rows;

    private NDArray x;

    @Setup(Level.Trial)
    public void setUp() {
        x = Data.uniform(DType.FLOAT64, 42, rows, 32);
        warmBoth();
    }

    /** Runs both closing sides, whichever one the fork measures. */
    private void warmBoth() {
        int n = rows >= 1024 ? 200 : 5_000;
        for (int i = 0; i < n; i++) {
            standardise_closedByHand();
            standardise_scoped();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
    }

    /** Baseline: every temporary closed by hand. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
    public double standardise_closedByHand() {
        try (NDArray m = x.mean(0); NDArray d = x.sub(m); NDArray s = x.std(0); NDArray z = d.div(s)) {
            return z.getDouble(0, 0);
        }
    }

    /** The NumPy way inside a scope, which closes everything at the end of the block. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
    public double standardise_scoped() {
        try (NDScope scope = NDScope.open()) {
            NDArray z = x.sub(x.mean(0)).div(x.std(0));
            return z.getDouble(0, 0);
        }
    }

    /** The cost of one array in a scope, against {@link #oneArray_closedByHand}. */
    @Benchmark
    public long oneArray_scoped() {
        try (NDScope scope = NDScope.open()) {
            return NDArray.zeros(DType.FLOAT32, 16).size();
        }
    }

    /** One small array closed by hand: the baseline of {@link #oneArray_scoped}. */
    @Benchmark
    public long oneArray_closedByHand() {
        try (NDArray a = NDArray.zeros(DType.FLOAT32, 16)) {
            return a.size();
        }
    }

    /** The NumPy way without a scope: the temporaries are left to the Cleaner. */
    @Benchmark
    public double standardise_toCleaner() {
        NDArray z = x.sub(x.mean(0)).div(x.std(0));
        return z.getDouble(0, 0);
    }
}
