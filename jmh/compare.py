#!/usr/bin/env python3
"""Runs NumPy's baseline, the JMH twins (with and without the Vector API) and a C loop, side by side.

Builds nothing but the small C reference: build the benchmarks first, from the repository root:

    mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package
    python3 jmh/compare.py            # add --quick for a short, rougher run

It runs:
  * ../shared/bench/numpy_baseline.py --json, plus this script's EXTRA workloads, with the NumPy
    users install with pip (the `python3` on PATH, NumPy 2.x with its bundled OpenBLAS), with
    OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from that command's environment alone (where
    set they slow a current OpenBLAS down); and again with Debian's /usr/bin/python3 (NumPy 1.24,
    the reference BLAS or Debian's OpenBLAS, whichever is installed) when it is there and differs,
  * jmh/target/benchmarks.jar -rf json, once with --add-modules jdk.incubator.vector (the Vector API
    fast path) and once without (the portable loops),
  * jmh/src/main/c/add_f32_out.c compiled with gcc -O3 -march=native (the memory-bound ceiling of
    add_f32_out at 16M),
and prints one table: workload, NumPy, ndpack (vector), ndpack (portable), speed-ups against NumPy
(NumPy time / ndpack time: above 1 is faster than NumPy) against both NumPys, and the targets of
issue 14 (which are ratios against NumPy 2.x with OpenBLAS).

Naming (how a JMH benchmark finds its NumPy twin): a benchmark method named exactly like a
workload of numpy_baseline.py (sum_f32_n16777216, matmul_f32_256, dlpack_roundtrip, ...), or a
method with one @Param named n, which stands for workload <method>_n<value> (add_f32_out with
n=16 is add_f32_out_n16), or one @Param named size, which stands for <method>_<value>
(matmul_f64 with size=256 is matmul_f64_256). Any benchmark following this shows up here with no
change to this script.
Workloads without a twin are listed with '-'.

The machine is shared and noisy: compare ratios from one sitting, never absolute times across days.
"""
import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Targets of issue 14: NumPy 2.x (OpenBLAS) time / ndpack time must reach these.
TARGETS = {
    "add_f32_out_n65536": 1.0, "add_f32_out_n1048576": 1.0, "add_f32_out_n16777216": 1.0,
    "add_f32_alloc_n65536": 1.0, "add_f32_alloc_n1048576": 1.0, "add_f32_alloc_n16777216": 1.0,
    "add_f32_contig_4096": 1.0, "add_f16_n16777216": 1.0, "add_i32_n16777216": 1.0,
    "sum_f32_n16777216": 1.5, "sum_f32_axis0_4096": 1.5, "sum_f32_axis1_4096": 1.5,
    "matmul_f32_256": 1.0, "matmul_f32_1024": 1.0, "matmul_f32_2048": 1.0,
    "matmul_f64_256": 1.0, "matmul_f64_1024": 1.0, "matmul_f64_2048": 1.0,
    "exp_f64_n16777216": 1.5, "exp_f32_n16777216": 1.5, "log_f64_n16777216": 1.5,
    "log_f32_n16777216": 1.5, "sin_f64_n16777216": 1.5, "sin_f32_n16777216": 1.5,
    "tanh_f64_n16777216": 1.5, "tanh_f32_n16777216": 1.5,
}

# Workloads of issue 14 that numpy_baseline.py lacks (and products with one row or column, which
# have no target), timed the same way (median of repeats after
# a warm-up call). Each has a JMH twin named by the rules above.
EXTRA = r"""
import json, statistics, sys, time
import numpy as np
def median_time(fn, min_total=0.3, repeats=7):
    fn()
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        if time.perf_counter() - t0 >= min_total / repeats:
            break
        reps *= 2
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        samples.append((time.perf_counter() - t0) / reps)
    return statistics.median(samples)
rng = np.random.default_rng(42)
rows = {}
for n in (1 << 16, 1 << 20, 1 << 24):
    a = rng.random(n, dtype=np.float32)
    rows[f"add_f32_alloc_n{n}"] = median_time(lambda: a + a)
for n in (256, 2048):
    M = rng.random((n, n))
    rows[f"matmul_f64_{n}"] = median_time(lambda: M @ M, 1.0, 5)
M = rng.random((2048, 2048), dtype=np.float32)
rows["matmul_f32_2048"] = median_time(lambda: M @ M, 1.0, 5)
y = rng.random(1 << 24)
x = rng.random(1 << 24, dtype=np.float32)
for f in ("exp", "log", "sin", "tanh"):
    for name, v in (("f64", y), ("f32", x)):
        if f != "exp" or name != "f64":  # exp f64 is numpy_baseline.py's
            rows[f"{f}_{name}_n{1 << 24}"] = median_time(lambda: getattr(np, f)(v), 1.0, 5)
for name, t in (("f32", np.float32), ("f64", np.float64)):
    M = rng.random((1000, 1000)).astype(t)
    v = rng.random(1000).astype(t)
    rows[f"matvec_{name}_1000"] = median_time(lambda: M @ v)
    if name == "f32":
        rows[f"vecmat_{name}_1000"] = median_time(lambda: v @ M)
    a = rng.random(1 << 20).astype(t)
    b = rng.random(1 << 20).astype(t)
    rows[f"dot_{name}_n{1 << 20}"] = median_time(lambda: np.dot(a, b))
# the tenth session's gaps (GapsBench)
n = 1 << 20
y = rng.random(n)
x = y.astype(np.float32)
i32 = (y * 1000).astype(np.int32)
i64 = (y * 1000).astype(np.int64)
rows[f"floordiv_i64_n{n}"] = median_time(lambda: i64 // 7)
rows[f"floordiv_i32_n{n}"] = median_time(lambda: i32 // 7)
rows[f"clip_f32_n{n}"] = median_time(lambda: np.clip(x, 0.2, 0.8))
rows[f"astype_f32_i32_n{n}"] = median_time(lambda: x.astype(np.int32))
rows[f"astype_f64_f32_n{n}"] = median_time(lambda: y.astype(np.float32))
rows[f"cumsum_f32_n{n}"] = median_time(lambda: np.cumsum(x))
M = x[:1000000].reshape(1000, 1000).copy()
rows["max_axis0_f32_1000"] = median_time(lambda: M.max(axis=0))
rows["max_axis1_f32_1000"] = median_time(lambda: M.max(axis=1))
rows["argmax_axis1_f32_1000"] = median_time(lambda: M.argmax(axis=1))
# the eleventh session's gaps (Gaps11Bench)
x = rng.random(n)
y = rng.random(n)
x32 = x.astype(np.float32)
y32 = y.astype(np.float32)
a64 = (x * 1000).astype(np.int64)
b64 = (y * 1000 + 1).astype(np.int64)
a32 = a64.astype(np.int32)
b32 = b64.astype(np.int32)
w64 = x * 200 - 100
w32 = w64.astype(np.float32)
rows[f"pow_f32_n{n}"] = median_time(lambda: x32 ** y32)
rows[f"pow_f64_n{n}"] = median_time(lambda: x ** y)
rows[f"pow2_f64_n{n}"] = median_time(lambda: x ** 2.0)
rows[f"mod_i64_n{n}"] = median_time(lambda: a64 % b64)
rows[f"truediv_i32_n{n}"] = median_time(lambda: a32 / b32)
rows[f"add_i32_f32_n{n}"] = median_time(lambda: a32 + x32)
rows[f"add_f32_f64_n{n}"] = median_time(lambda: x32 + y)
rows[f"floor_f64_n{n}"] = median_time(lambda: np.floor(w64))
rows[f"trunc_f32_n{n}"] = median_time(lambda: np.trunc(w32))
# the twelfth session's results after dropped temporaries (Gaps12Bench)
temporaries = [x * (k + 2.0) for k in range(12)]
del temporaries
rows[f"mul3_f64_dropped_n{n}"] = median_time(lambda: x * 3.0)
rows[f"floor_f64_dropped_n{n}"] = median_time(lambda: np.floor(w64))
json.dump(rows, open(sys.argv[1], "w"))
"""
C_TARGET = 0.9  # ndpack's add_f32_out at 16M against the C loop


def default_baseline():
    for up in (os.path.dirname(ROOT), os.path.dirname(os.path.dirname(ROOT))):
        p = os.path.join(up, "shared", "bench", "numpy_baseline.py")
        if os.path.exists(p):
            return p
    return os.path.join(os.path.dirname(ROOT), "shared", "bench", "numpy_baseline.py")


def find_java(explicit):
    if explicit:
        return explicit
    cands = []
    if os.environ.get("JAVA_HOME"):
        cands.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    cands += sorted(glob.glob("/usr/lib/jvm/*/bin/java"), reverse=True)
    cands.append("java")
    for c in cands:
        try:
            out = subprocess.run([c, "-version"], capture_output=True, text=True).stderr
        except OSError:
            continue
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 22:
            return c
    sys.exit("compare.py: no JDK >= 22 found (set JAVA_HOME or pass --java)")


def numpy_env():
    """The environment for a NumPy run: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed (for the
    benchmark command only; tests and CI keep theirs)."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def run_numpy(baseline, python, only):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    print(f"# NumPy: {python} {baseline}", flush=True)
    env = numpy_env()
    subprocess.run([python, baseline, "--json", path], check=True, stdout=sys.stderr, env=env)
    with open(path) as f:
        data = json.load(f)
    rows = {r["workload"]: r["seconds"] for r in data["rows"]}
    if not only or any(re.search(only, w) for w in ("add_f32_alloc_n1048576", "matmul_f32_2048", "matmul_f64_256",
                                           "matvec_f32_1000", "dot_f32_n1048576", "floordiv_i64_n1048576", "clip_f32_n1048576",
                                           "astype_f32_i32_n1048576", "cumsum_f32_n1048576", "max_axis0_f32_1000",
                                           "argmax_axis1_f32_1000", "pow_f32_n1048576", "pow_f64_n1048576",
                                           "pow2_f64_n1048576", "mod_i64_n1048576", "truediv_i32_n1048576",
                                           "add_i32_f32_n1048576", "add_f32_f64_n1048576", "floor_f64_n1048576",
                                           "trunc_f32_n1048576", "mul3_f64_dropped_n1048576",
                                           "floor_f64_dropped_n1048576")):
        subprocess.run([python, "-c", EXTRA, path], check=True, env=env)
        with open(path) as f:
            rows.update(json.load(f))
    os.unlink(path)
    return data["numpy"], rows


def workload_of(result):
    method = result["benchmark"].rsplit(".", 1)[1]
    params = result.get("params") or {}
    if list(params) == ["n"]:
        return f"{method}_n{params['n']}"
    if list(params) == ["size"]:
        return f"{method}_{params['size']}"
    return method


def seconds(result):
    m = result["primaryMetric"]
    raw = [x for fork in m.get("rawData", []) for x in fork] or [m["score"]]
    unit = m["scoreUnit"].split("/")[0]
    scale = {"s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}[unit]
    return statistics.median(raw) * scale


def run_jmh(java, jar, include, vector, quick):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    cmd = [java, "-jar", jar, include, "-rf", "json", "-rff", path]
    if quick:
        cmd += ["-wi", "2", "-i", "3", "-w", "1s", "-r", "1s", "-f", "1"]
    if vector:
        cmd += ["-jvmArgsAppend", "--add-modules=jdk.incubator.vector"]
    print(f"# JMH ({'vector' if vector else 'portable'}): {' '.join(cmd)}", flush=True)
    for attempt in range(40):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sys.stderr.write(p.stdout)
        if p.returncode == 0:
            break
        if "Unable to acquire the JMH lock" not in p.stdout:
            sys.exit(f"compare.py: JMH failed (exit {p.returncode})")
        # another JMH run holds the machine-wide lock: measuring beside it would spoil both
        print("# another JMH run is in progress; waiting 30 s", file=sys.stderr, flush=True)
        time.sleep(30)
    else:
        sys.exit("compare.py: the JMH lock stayed taken for 20 minutes")
    with open(path) as f:
        results = json.load(f)
    os.unlink(path)
    return {workload_of(r): seconds(r) for r in results}


def run_c(n=1 << 24):
    src = os.path.join(HERE, "src", "main", "c", "add_f32_out.c")
    exe = os.path.join(tempfile.gettempdir(), "ndpack_add_f32_out_c")
    try:
        subprocess.run(["gcc", "-O3", "-march=native", "-o", exe, src], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"# C baseline skipped: gcc failed ({e})", file=sys.stderr)
        return None
    out = subprocess.run([exe, str(n)], capture_output=True, text=True, check=True).stdout.split()
    return float(out[1])


def fmt_time(s):
    if s is None:
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s / 1e-9:.3g} ns"


def fmt_ratio(num, den):
    if num is None or den is None:
        return "-"
    return f"{num / den:.2f}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short JMH runs (rough numbers)")
    ap.add_argument("--only", default=None, help="regex: only workloads matching it")
    ap.add_argument("--java", default=None, help="java executable (default: a JDK >= 22)")
    ap.add_argument("--jar", default=os.path.join(HERE, "target", "benchmarks.jar"))
    ap.add_argument("--python", default="python3",
                    help="python with NumPy 2.x, the anchor of the targets (default: python3 on PATH)")
    ap.add_argument("--python-old", default="/usr/bin/python3",
                    help="a second python, Debian's NumPy 1.24 (skipped when absent, empty or the same NumPy)")
    ap.add_argument("--numpy-baseline", default=default_baseline(),
                    help="numpy_baseline.py (default: shared/bench/ beside the repository or one level up)")
    ap.add_argument("--no-portable", action="store_true", help="skip the run without the Vector API")
    args = ap.parse_args()
    if not os.path.exists(args.jar):
        sys.exit(f"compare.py: {args.jar} not found; build it: mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package")
    java = find_java(args.java)
    version, numpy = run_numpy(args.numpy_baseline, args.python, args.only)
    old_version, old = None, {}
    if args.python_old and os.path.exists(args.python_old):
        old_version, old = run_numpy(args.numpy_baseline, args.python_old, args.only)
        if old_version == version:
            old_version, old = None, {}
    names = [w for w in numpy if not args.only or re.search(args.only, w)]
    methods = sorted({re.sub(r"_n?\d+$", "", w) for w in names} | set(names))
    include = r"org\.ndpack\.bench\..*\.(" + "|".join(map(re.escape, methods)) + r")$"
    vec = run_jmh(java, args.jar, include, True, args.quick)
    port = {} if args.no_portable else run_jmh(java, args.jar, include, False, args.quick)
    c = run_c() if not args.only or re.search(args.only, "add_f32_out_n16777216") else None

    header = ["workload", f"NumPy {version}", "ndpack vector", "ndpack portable", "vector vs NumPy",
              "portable vs NumPy"]
    if old_version:
        header += [f"NumPy {old_version}", f"vector vs {old_version}"]
    header += ["target", "met"]
    rows = []
    for w in names:
        t = TARGETS.get(w)
        v = vec.get(w)
        met = "-" if t is None or v is None else ("yes" if numpy[w] / v >= t else "NO")
        row = [w, fmt_time(numpy[w]), fmt_time(v), fmt_time(port.get(w)), fmt_ratio(numpy[w], v),
               fmt_ratio(numpy[w], port.get(w))]
        if old_version:
            row += [fmt_time(old.get(w)), fmt_ratio(old.get(w), v)]
        rows.append(row + [f">= {t}x" if t else "", met])
    w16 = "add_f32_out_n16777216"
    if c is not None and w16 in names:
        v = vec.get(w16)
        met = "-" if v is None else ("yes" if c / v >= C_TARGET else "NO")
        row = [w16 + " vs C loop", fmt_time(c) + " (C)", fmt_time(v), fmt_time(port.get(w16)),
               fmt_ratio(c, v), fmt_ratio(c, port.get(w16))]
        if old_version:
            row += ["", ""]
        rows.append(row + [f">= {C_TARGET}x of C", met])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = " | ".join(h.ljust(widths[i]) for i, h in enumerate(header))
    print(line)
    print("-+-".join("-" * x for x in widths))
    for r in rows:
        print(" | ".join(str(x).ljust(widths[i]) for i, x in enumerate(r)))


if __name__ == "__main__":
    main()
