#!/usr/bin/env bash
# The cold-start check of issue 14: runs jmh's ColdStart program (load a 1000x50 .npy, standardise,
# Gram matrix, argmax per row, save) as a fresh JVM, RUNS times with the Vector API module and
# RUNS times without, interleaved, and prints the median wall time of each whole process and the
# median of each part the program reports (milliseconds). Target: under 500 ms with the module,
# and the module never slower than without it.
#
#   mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package
#   jmh/coldstart.sh [RUNS]            # default 21; JAVA=/path/to/java to pick the JDK (default: a JDK >= 22)
#   BASELINE=/tmp/before.jar jmh/coldstart.sh [RUNS]   # also a jar built before a change, interleaved
#
# Besides wall time, each row gives the process's CPU time (user + system, from /proc after the
# JVM exits), which moves less with the load than wall time does.
#
# Wall time of a cold JVM moves with everything else the machine runs: quote the load (printed)
# with the figures, and compare the two columns of one sitting, not sittings.
set -euo pipefail
runs=${1:-21}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
# a JDK >= 22: $JAVA, else $JAVA_HOME's, the PATH's or the newest under /usr/lib/jvm (as compare.py
# picks one); an older java would fail on the first run with its error hidden
java=""
for c in ${JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} $(command -v java || true) $(ls -r /usr/lib/jvm/*/bin/java 2>/dev/null); do
    v=$("$c" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$v" ] && [ "$v" -ge 22 ]; then java=$c; break; fi
done
[ -n "$java" ] || { echo "no JDK >= 22 found: set JAVA to one" >&2; exit 2; }
[ -f "$jar" ] || { echo "no $jar: build it first (see the top of this script)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$java" --enable-native-access=ALL-UNNAMED -cp "$jar" org.ndpack.bench.ColdStart --make-input "$work/x.npy" 2>/dev/null
one() { # $1: label, $2: jar, rest: JVM options; appends "wall_ms <program's line> cpu_ms" to $work/$1
    local label=$1 cp=$2; shift 2
    local s e line ticks
    s=$(date +%s%N)
    line=$("$java" "$@" --enable-native-access=ALL-UNNAMED -cp "$cp" org.ndpack.bench.ColdStart \
        "$work/x.npy" "$work/out.npy" 2>/dev/null)
    e=$(date +%s%N)
    # children's user + system ticks of this shell, before and after: the JVM's CPU time
    ticks=$(awk '{ print $16 + $17 }' /proc/$$/stat)
    echo "wall $(( (e - s) / 1000000 )) $line cpu $(( (ticks - ${last_ticks:-0}) * 1000 / hz ))" >> "$work/$label"
    last_ticks=$ticks
}
hz=$(getconf CLK_TCK)
last_ticks=$(awk '{ print $16 + $17 }' /proc/$$/stat)
labels="vector portable"
[ -n "${BASELINE:-}" ] && labels="vector portable base-vector base-portable"
for ((i = 0; i < runs; i++)); do
    one vector "$jar" --add-modules=jdk.incubator.vector
    one portable "$jar"
    if [ -n "${BASELINE:-}" ]; then
        one base-vector "$BASELINE" --add-modules=jdk.incubator.vector
        one base-portable "$BASELINE"
    fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; medians in ms"
for label in $labels; do
    # fields: wall W load+standardise A matmul B argmax+save C total T cpu U
    printf '%-14s' "$label"
    for f in 2 4 6 8 10 12; do
        name=$(awk -v f=$((f - 1)) 'NR == 1 { print $f }' "$work/$label")
        med=$(awk -v f=$f '{ print $f }' "$work/$label" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
        printf ' %s %s' "$name" "$med"
    done
    echo
done
