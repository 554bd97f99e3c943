#!/usr/bin/env bash
# matmul against NumPy in alternation: each round times NumPy's a @ b (the python3 on PATH, with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment) for float32 and float64 at
# 256, 1024 and 2048, then runs JMH's MatMulBench once (one fork), so that both meet the same
# minutes of a shared machine. Prints, per round, NumPy's median time and ndpack's score (ms) and
# their ratio (NumPy / ndpack: above 1 is faster than NumPy).
#
#   mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package
#   jmh/matmul_rounds.sh [ROUNDS]      # default 3; JAVA=/path/to/java to pick the JDK
set -euo pipefail
rounds=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
java=${JAVA:-java}
[ -f "$jar" ] || { echo "no $jar: build it first (see the top of this script)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
    echo "round $r $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 -c '
import time, numpy as np
for t in (np.float32, np.float64):
    for n in (256, 1024, 2048):
        a = np.random.rand(n, n).astype(t); b = np.random.rand(n, n).astype(t); a @ b
        reps = max(3, int(2e9 / n ** 3)); ts = []
        for _ in range(5):
            s = time.perf_counter()
            for _ in range(reps):
                a @ b
            ts.append((time.perf_counter() - s) / reps)
        print("f32" if t is np.float32 else "f64", n, sorted(ts)[2] * 1e3)
' > "$work/numpy"
    "$java" -jar "$jar" 'MatMulBench\.matmul_f(32|64)(_1024)?$' -f 1 -wi 3 -i 5 \
        -jvmArgsAppend --add-modules=jdk.incubator.vector -rf csv -rff "$work/jmh.csv" > "$work/jmh.log" 2>&1 \
        || { tail -20 "$work/jmh.log" >&2; exit 1; }
    python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
numpy = {}
for line in open(work + "/numpy"):
    t, n, ms = line.split()
    numpy[(t, int(n))] = float(ms)
nd = {}
for f in ("jmh.csv",):
    for row in csv.DictReader(open(work + "/" + f)):
        name = row["Benchmark"].rsplit(".", 1)[1]
        t = name[len("matmul_"):len("matmul_") + 3]
        n = int(row.get("Param: size") or name.rsplit("_", 1)[1])
        nd[(t, n)] = float(row["Score"])
for key in sorted(numpy):
    if key in nd:
        print("  %s %5d  numpy %9.3f ms  ndpack %9.3f ms  ratio %.2fx" % (key + (numpy[key], nd[key], numpy[key] / nd[key])))
PY
done
