#!/usr/bin/env python3
"""matmul against NumPy, alternated every second or so in two warm processes.

jmh/matmul_rounds.sh alternates NumPy and a JMH fork every few minutes. On this kind of host the
two virtual CPUs are at times co-scheduled on one physical core for seconds, which halves both
threads of a product; with minutes between the two sides, such a phase falls on one side only
and moves a ratio by 20 % or more. Here NumPy (this interpreter: run it with the python3 that has
NumPy 2.x) and a warm JVM running org.ndpack.bench.MatMulServer take turns for each size and
dtype in every round (which side goes first alternates), and the ratio NumPy / ndpack is taken per
round; the script prints each configuration's median ratio over the rounds, with its range.

    mvn -B install -DskipTests && mvn -B -f jmh/pom.xml package
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 jmh/matmul_alternate.py [ROUNDS] [JVM options...]

ROUNDS defaults to 10 (about a minute, after a 12 s warm-up that also lets ndpack's readiness race
finish). JVM options go to the JVM, e.g. -Dndpack.threads=1 (then give NumPy
OPENBLAS_NUM_THREADS=1 as well). JAVA picks the java binary (default: java on PATH).
"""
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "target", "benchmarks.jar")
# (n, dtype, products per turn): each turn takes about half a second
CONFIGS = [(256, "float32", 1500), (1024, "float32", 40), (2048, "float32", 6),
           (256, "float64", 800), (1024, "float64", 20), (2048, "float64", 4)]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if not os.path.exists(JAR):
        sys.exit(f"no {JAR}: build it first (see the top of this script)")
    java = os.environ.get("JAVA", "java")
    server = subprocess.Popen(
        [java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", *sys.argv[2:],
         "-cp", JAR, "org.ndpack.bench.MatMulServer"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def ndpack(n, dtype, reps):
        server.stdin.write(f"{n} {dtype} {reps}\n")
        server.stdin.flush()
        line = server.stdout.readline()
        if not line:
            sys.exit("the JVM ended early: run it by hand to see why")
        return float(line)

    def numpy(a, b, reps):
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - start)
        times.sort()
        return times[reps // 2] * 1e3

    rng = np.random.default_rng(1)
    operands = {(n, d): (rng.random((n, n)).astype(d), rng.random((n, n)).astype(d)) for n, d, _ in CONFIGS}
    start = time.time()
    while time.time() - start < 12:
        for n, d, reps in CONFIGS:
            ndpack(n, d, max(2, reps // 4))
    for n, d, reps in CONFIGS:
        numpy(*operands[(n, d)], max(2, reps // 4))
    results = {c: ([], []) for c in CONFIGS}
    for r in range(rounds):
        for c in CONFIGS:
            n, d, reps = c
            if r % 2 == 0:
                x = numpy(*operands[(n, d)], reps)
                y = ndpack(n, d, reps)
            else:
                y = ndpack(n, d, reps)
                x = numpy(*operands[(n, d)], reps)
            results[c][0].append(x)
            results[c][1].append(y)
    server.stdin.close()
    server.wait()
    print(f"NumPy {np.__version__}, {rounds} rounds, load {os.getloadavg()[0]:.2f}")
    for c in CONFIGS:
        xs, ys = results[c]
        ratios = [x / y for x, y in zip(xs, ys)]
        print(f"{c[1]} {c[0]}: NumPy {statistics.median(xs):.3f} ms, ndpack {statistics.median(ys):.3f} ms, "
              f"NumPy/ndpack per round: median {statistics.median(ratios):.2f} "
              f"(range {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
