"""NumPy's side of jmh/sweep/Sweep.java: the same workloads and names, median of 31 calls in
microseconds. Run with the python3 that has NumPy 2.x, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset."""
import time, numpy as np
n = 1 << 20
rng = np.random.default_rng(1)
f = rng.random(n, dtype=np.float32); g = rng.random(n, dtype=np.float32)
d = rng.random(n); e = rng.random(n)
i = (d * 1000).astype(np.int32); j = (e * 1000).astype(np.int32)
l = (d * 1000).astype(np.int64); m = (e * 1000).astype(np.int64)
b = d > 0.5
q = rng.random((1000, 1000), dtype=np.float32); qd = rng.random((1000, 1000)); qi = (qd * 1000).astype(np.int32)
s64 = rng.random(1 << 16, dtype=np.float32); s64d = rng.random(1 << 16)
xv = rng.random(1000, dtype=np.float32); xvd = rng.random(1000)
a64 = rng.random((64, 64), dtype=np.float32)
ops = {"sum_f32": f.sum, "sum_f64": d.sum, "sum_i32": i.sum, "sum_i64": l.sum, "mean_f64": d.mean, "var_f64": d.var, "std_f32": f.std,
 "min_f64": d.min, "max_i32": i.max, "argmax_f32": f.argmax, "argmin_f64": d.argmin, "prod_f64": d.prod, "any_b": b.any, "all_b": b.all,
 "cumsum_f32": f.cumsum, "cumsum_f64": d.cumsum, "sort_f32_64k": lambda: np.sort(s64), "argsort_f64_64k": s64d.argsort,
 "clip_f32": lambda: np.clip(f, 0.2, 0.8), "where_f32": lambda: np.where(b, f, g), "abs_f64": lambda: np.abs(d), "sqrt_f32": lambda: np.sqrt(f),
 "exp_f32": lambda: np.exp(f), "square_f64": lambda: np.square(d), "maximum_f32": lambda: np.maximum(f, g),
 "astype_f32_i32": lambda: f.astype(np.int32), "astype_f64_f32": lambda: d.astype(np.float32), "astype_i32_f64": lambda: i.astype(np.float64),
 "add_i64": lambda: l + m, "mul_i32": lambda: i * j, "floordiv_i64": lambda: l // 7, "mod_f64": lambda: d % 0.3, "gt_f32": lambda: f > g, "eq_i64": lambda: l == m,
 "transpose_copy_f32": lambda: q.T.copy(), "sum_axis0_f64": lambda: qd.sum(0), "sum_axis1_i32": lambda: qi.sum(1), "max_axis1_f32": lambda: q.max(1),
 "mean_axis0_f32": lambda: q.mean(0), "var_axis1_f64": lambda: qd.var(1), "mv_f32": lambda: q @ xv, "vm_f32": lambda: xv @ q, "mvT_f32": lambda: q.T @ xv, "mv_f64": lambda: qd @ xvd, "dot_f64": lambda: d.dot(e), "matmul_f32_64": lambda: a64 @ a64, "dot_f32": lambda: f.dot(g)}
for o in ops.values():
    for _ in range(5): o()
for k, o in ops.items():
    t = []
    for _ in range(31):
        t0 = time.perf_counter(); o(); t.append(time.perf_counter() - t0)
    t.sort(); print(k, f"{t[15] * 1e6:.1f}")
