#!/usr/bin/env python3
"""Runs NumPy's baseline, the JMH twins (with and without the Vector API) and a C loop, side by side.

Builds nothing but the small C reference: build the benchmarks first, from the repository root:

    mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package
    python3 jmh/compare.py            # add --quick for a short, rougher run

It runs:
  * ../shared/bench/numpy_baseline.py --json (with /usr/bin/python3, Debian's NumPy),
  * jmh/target/benchmarks.jar -rf json, once with --add-modules jdk.incubator.vector (the Vector API
    fast path) and once without (the portable loops),
  * jmh/src/main/c/add_f32_out.c compiled with gcc -O3 -march=native (the memory-bound ceiling of
    add_f32_out at 16M),
and prints one table: workload, NumPy, ndpack (vector), ndpack (portable), speed-ups against NumPy
(NumPy time / ndpack time: above 1 is faster than NumPy) and the target of issue 3.

Naming (how a JMH benchmark finds its NumPy twin): a benchmark method named exactly like a
workload of numpy_baseline.py (sum_f32_n16777216, matmul_f32_256, dlpack_roundtrip, ...), or a
method with one @Param named n, which stands for workload <method>_n<value> (add_f32_out with
n=16 is add_f32_out_n16). Any benchmark following this shows up here with no change to this script.
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

# Targets of issue 3: NumPy time / ndpack time must reach these.
TARGETS = {
    "add_f32_out_n65536": 1.0, "add_f32_out_n1048576": 1.0, "add_f32_out_n16777216": 1.0,
    "add_f32_alloc_n16": 3.0, "add_f32_transposed_4096": 4.0,
    "sum_f32_n16777216": 1.5, "sum_f32_axis0_4096": 1.5, "sum_f32_axis1_4096": 1.5,
    "matmul_f32_256": 0.8, "matmul_f32_1024": 0.8, "matmul_f64_1024": 0.8,
    "exp_f64_n16777216": 1.0, "add_f16_n16777216": 5.0, "add_i32_n16777216": 1.0,
}
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


def run_numpy(baseline, python):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    print(f"# NumPy: {python} {baseline}", flush=True)
    subprocess.run([python, baseline, "--json", path], check=True, stdout=sys.stderr)
    with open(path) as f:
        data = json.load(f)
    os.unlink(path)
    return data["numpy"], {r["workload"]: r["seconds"] for r in data["rows"]}


def workload_of(result):
    method = result["benchmark"].rsplit(".", 1)[1]
    params = result.get("params") or {}
    if list(params) == ["n"]:
        return f"{method}_n{params['n']}"
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
    ap.add_argument("--python", default="/usr/bin/python3", help="python with NumPy")
    ap.add_argument("--numpy-baseline", default=default_baseline(),
                    help="numpy_baseline.py (default: shared/bench/ beside the repository or one level up)")
    ap.add_argument("--no-portable", action="store_true", help="skip the run without the Vector API")
    args = ap.parse_args()
    if not os.path.exists(args.jar):
        sys.exit(f"compare.py: {args.jar} not found; build it: mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package")
    java = find_java(args.java)
    version, numpy = run_numpy(args.numpy_baseline, args.python)
    names = [w for w in numpy if not args.only or re.search(args.only, w)]
    methods = sorted({re.sub(r"_n\d+$", "", w) for w in names} | set(names))
    include = r"org\.ndpack\.bench\..*\.(" + "|".join(map(re.escape, methods)) + r")$"
    vec = run_jmh(java, args.jar, include, True, args.quick)
    port = {} if args.no_portable else run_jmh(java, args.jar, include, False, args.quick)
    c = run_c() if not args.only or re.search(args.only, "add_f32_out_n16777216") else None

    header = ["workload", f"NumPy {version}", "ndpack vector", "ndpack portable", "vector vs NumPy",
              "portable vs NumPy", "target", "met"]
    rows = []
    for w in names:
        t = TARGETS.get(w)
        v = vec.get(w)
        met = "-" if t is None or v is None else ("yes" if numpy[w] / v >= t else "NO")
        rows.append([w, fmt_time(numpy[w]), fmt_time(v), fmt_time(port.get(w)), fmt_ratio(numpy[w], v),
                     fmt_ratio(numpy[w], port.get(w)), f">= {t}x" if t else "", met])
    w16 = "add_f32_out_n16777216"
    if c is not None and w16 in names:
        v = vec.get(w16)
        met = "-" if v is None else ("yes" if c / v >= C_TARGET else "NO")
        rows.append([w16 + " vs C loop", fmt_time(c) + " (C)", fmt_time(v), fmt_time(port.get(w16)),
                     fmt_ratio(c, v), fmt_ratio(c, port.get(w16)), f">= {C_TARGET}x of C", met])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = " | ".join(h.ljust(widths[i]) for i, h in enumerate(header))
    print(line)
    print("-+-".join("-" * x for x in widths))
    for r in rows:
        print(" | ".join(str(x).ljust(widths[i]) for i, x in enumerate(r)))


if __name__ == "__main__":
    main()
