import java.util.*;
import java.util.function.Supplier;
import org.ndpack.*;

/**
 * A quick sweep of common operations at 2^20 elements (or 1000 x 1000), to find where ndpack
 * trails NumPy; not a measurement of record (that is JMH, jmh/compare.py). One JVM runs every
 * workload in turn for 10 s (as a program that does many things would), then times each one
 * 31 times and prints its median in microseconds. sweep.py prints NumPy's side with the same
 * names. Compile and run against the library jar (the Vector API module on, as users run it):
 *
 *   javac -cp target/ndpack-*.jar -d /tmp/sweep jmh/sweep/Sweep.java
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *        -cp target/ndpack-0.1.0-SNAPSHOT.jar:/tmp/sweep Sweep [workload ...]
 *   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 jmh/sweep/sweep.py
 *
 * Names given as arguments restrict the run to those workloads.
 */
public class Sweep {
    public static void main(String[] args) {
        int n = 1 << 20;
        NDArray f = Generator.seeded(1).uniform(n).astype(DType.FLOAT32), g = Generator.seeded(2).uniform(n).astype(DType.FLOAT32);
        NDArray d = Generator.seeded(3).uniform(n), e = Generator.seeded(4).uniform(n);
        NDArray i = d.mul(1000.0).astype(DType.INT32), j = e.mul(1000.0).astype(DType.INT32);
        NDArray l = d.mul(1000.0).astype(DType.INT64), m = e.mul(1000.0).astype(DType.INT64);
        NDArray b = d.gt(0.5);
        NDArray q = Generator.seeded(5).uniform(1000, 1000).astype(DType.FLOAT32), qd = Generator.seeded(6).uniform(1000, 1000);
        NDArray qi = qd.mul(1000.0).astype(DType.INT32);
        NDArray s64 = Generator.seeded(7).uniform(1 << 16).astype(DType.FLOAT32), s64d = Generator.seeded(8).uniform(1 << 16);
        NDArray a64 = Generator.seeded(9).uniform(64, 64).astype(DType.FLOAT32);
        LinkedHashMap<String, Supplier<NDArray>> ops = new LinkedHashMap<>();
        ops.put("sum_f32", f::sum); ops.put("sum_f64", d::sum); ops.put("sum_i32", i::sum); ops.put("sum_i64", l::sum);
        ops.put("mean_f64", d::mean); ops.put("var_f64", d::var); ops.put("std_f32", f::std);
        ops.put("min_f64", d::min); ops.put("max_i32", i::max); ops.put("argmax_f32", f::argmax); ops.put("argmin_f64", d::argmin);
        ops.put("prod_f64", d::prod); ops.put("any_b", b::any); ops.put("all_b", b::all);
        ops.put("cumsum_f32", f::cumsum); ops.put("cumsum_f64", d::cumsum);
        ops.put("sort_f32_64k", s64::sort); ops.put("argsort_f64_64k", s64d::argsort);
        ops.put("clip_f32", () -> f.clip(0.2, 0.8)); ops.put("where_f32", () -> NDArray.where(b, f, g));
        ops.put("abs_f64", d::abs); ops.put("sqrt_f32", f::sqrt); ops.put("exp_f32", f::exp); ops.put("square_f64", d::square);
        ops.put("maximum_f32", () -> f.maximum(g));
        ops.put("astype_f32_i32", () -> f.astype(DType.INT32)); ops.put("astype_f64_f32", () -> d.astype(DType.FLOAT32)); ops.put("astype_i32_f64", () -> i.astype(DType.FLOAT64));
        ops.put("add_i64", () -> l.add(m)); ops.put("mul_i32", () -> i.mul(j)); ops.put("floordiv_i64", () -> l.floorDiv(7L)); ops.put("mod_f64", () -> d.mod(0.3));
        ops.put("gt_f32", () -> f.gt(g)); ops.put("eq_i64", () -> l.eq(m));
        ops.put("transpose_copy_f32", () -> q.transpose().copy());
        ops.put("sum_axis0_f64", () -> qd.sum(0)); ops.put("sum_axis1_i32", () -> qi.sum(1)); ops.put("max_axis1_f32", () -> q.max(1));
        ops.put("mean_axis0_f32", () -> q.mean(0)); ops.put("var_axis1_f64", () -> qd.var(1));
        NDArray xv = Generator.seeded(11).uniform(1000).astype(DType.FLOAT32), xvd = Generator.seeded(12).uniform(1000);
        ops.put("mv_f32", () -> q.matmul(xv)); ops.put("vm_f32", () -> xv.matmul(q)); ops.put("mvT_f32", () -> q.transpose().matmul(xv)); ops.put("mv_f64", () -> qd.matmul(xvd)); ops.put("dot_f64", () -> d.dot(e));
        ops.put("matmul_f32_64", () -> a64.matmul(a64)); ops.put("dot_f32", () -> f.dot(g));
        if (args.length > 0) ops.keySet().retainAll(Arrays.asList(args));
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) for (var o : ops.values()) o.get().close();
        for (var en : ops.entrySet()) {
            int reps = 31; long[] t = new long[reps];
            for (int r = 0; r < reps; r++) { long t0 = System.nanoTime(); en.getValue().get().close(); t[r] = System.nanoTime() - t0; }
            Arrays.sort(t);
            System.out.printf("%s %.1f%n", en.getKey(), t[reps / 2] / 1e3);
        }
    }
}
