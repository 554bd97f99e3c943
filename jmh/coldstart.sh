#!/usr/bin/env bash
# The cold-start check of issue 14: runs jmh's ColdStart program (load a 1000x50 .npy, standardise,
# Gram matrix, argmax per row, save) as a fresh JVM, RUNS times with the Vector API module and
# RUNS times without, interleaved, and prints the median wall time of each whole process and the
# median of each part the program reports (milliseconds). Target: under 500 ms with the module,
# and the module never slower than without it.
#
#   mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package
#   jmh/coldstart.sh [RUNS]            # default 21; JAVA=/path/to/java to pick the JDK
#
# Wall time of a cold JVM moves with everything else the machine runs: quote the load (printed)
# with the figures, and compare the two columns of one sitting, not sittings.
set -euo pipefail
runs=${1:-21}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
java=${JAVA:-java}
[ -f "$jar" ] || { echo "no $jar: build it first (see the top of this script)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$java" --enable-native-access=ALL-UNNAMED -cp "$jar" org.ndpack.bench.ColdStart --make-input "$work/x.npy" 2>/dev/null
one() { # $1: label, rest: JVM options; appends "wall_ms <program's line>" to $work/$1
    local label=$1; shift
    local s e line
    s=$(date +%s%N)
    line=$("$java" "$@" --enable-native-access=ALL-UNNAMED -cp "$jar" org.ndpack.bench.ColdStart \
        "$work/x.npy" "$work/out.npy" 2>/dev/null)
    e=$(date +%s%N)
    echo "wall $(( (e - s) / 1000000 )) $line" >> "$work/$label"
}
for ((i = 0; i < runs; i++)); do
    one vector --add-modules=jdk.incubator.vector
    one portable
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; medians in ms"
for label in vector portable; do
    # fields: wall W load+standardise A matmul B argmax+save C total T
    printf '%-9s' "$label"
    for f in 2 4 6 8 10; do
        name=$(awk -v f=$((f - 1)) 'NR == 1 { print $f }' "$work/$label")
        med=$(awk -v f=$f '{ print $f }' "$work/$label" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
        printf ' %s %s' "$name" "$med"
    done
    echo
done
