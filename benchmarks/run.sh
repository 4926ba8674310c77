#!/usr/bin/env bash
# Graft's benchmarks against NumPy, PyTorch and W2's C reference loop, in one run on this machine, peers at their best.
#   benchmarks/run.sh                  every workload (W1-W10; a few minutes)
#   benchmarks/run.sh 'W1M|W5'         only the JMH benchmarks and peer workloads matching the regex (plain 'W1' matches W10 too)
#   benchmarks/run.sh --smoke [REGEX]  1 warm-up and 1 short iteration everywhere: proves the harness, measures nothing
# 1. Checks the environment and prints it as a header (again above the table): date, command, CPU model and ISA
#    flags, load, JDK, thread counts, and the BLAS kernel of every system. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
#    (set on these machines for tests and CI) are unset for every benchmark command below, Graft's and the peers',
#    so OpenBLAS picks the CPU's own kernels; the header shows the kernel each one then chose (Graft's bundled
#    OpenBLAS: io.graft.benchmarks.Environment; NumPy/PyTorch: threadpoolctl). It says loudly when NumPy/PyTorch
#    run the reference BLAS (install libopenblas0-pthread) or threadpoolctl is missing (python3-threadpoolctl).
# 2. Builds target/benchmarks.jar through ../graft (JDK 25; tests skipped) and the W2 C loop (peers/w2_fused.c, gcc
#    -O3 -march=native -ffast-math -fopenmp, libmvec; -mprefer-vector-width=512 on AVX-512), and checks with
#    -fopt-info-vec that its loop was vectorised.
# 3. Runs JMH (1 fork, 3 warm-up and 5 measured iterations of 1 s; W7, W3's jitted step, W4 and W8 in runs of their own with
#    longer warm-ups, see below; W10 in a run of its own: no warm-up, 5 iterations,
#    iteration k = epoch k, under --smoke 2 of 200 steps; it needs the Fashion-MNIST files: ./graft demo), then peers/run_peers.py with Debian's
#    /usr/bin/python3: NumPy, PyTorch (2 threads, OMP_WAIT_POLICY=PASSIVE) and the C loop (2 threads), each the median
#    of 5 repetitions after 3 warm-ups, the C loop's sum checked against NumPy's float64 sum. It prints the header and
#    the table: Graft eager and jit (medians of the JMH iterations), the peers, and the ratios Graft / peer from this
#    one run. JVM peers (TensorFlow-Java, DJL): run_jvm_peers.sh. Figures: bench/workloads.md.
set -euo pipefail
cd "$(dirname "$0")"
COMMAND="benchmarks/run.sh${*:+ $*}"
SMOKE=0
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; shift; fi
FILTER="${1:-}"
mkdir -p target
RESULT=target/jmh-result.json W10RESULT=target/jmh-result-w10.json W7RESULT=target/jmh-result-w7.json W3RESULT=target/jmh-result-w3.json HEADER=target/bench-header.txt CBIN=target/w2_fused

../graft mvn -q -DskipTests package -pl benchmarks -am

source ./common.sh
find_jdk
PY=/usr/bin/python3
[ -x "$PY" ] || PY=""

# ------------------------------------------------------------------------------------------- the W2 C reference loop
FLAGS=(-O3 -march=native -ffast-math -fopenmp)
grep -qw avx512f /proc/cpuinfo && FLAGS+=(-mprefer-vector-width=512)   # gcc tunes some AVX-512 CPUs to 256-bit vectors
CLOOP="not built"
if command -v gcc >/dev/null; then
  if gcc "${FLAGS[@]}" -fopt-info-vec-optimized peers/w2_fused.c -o "$CBIN" -lmvec -lm 2> target/w2_fused.vec.txt; then
    LINE=$(grep -n 'the W2 loop' peers/w2_fused.c | cut -d: -f1)
    VEC=$(grep -o "w2_fused.c:$LINE:[0-9]*: optimized: loop vectorized using [0-9]* byte vectors" target/w2_fused.vec.txt | head -1 | sed 's/.*using //')
    MVEC=$(nm -u "$CBIN" 2>/dev/null | grep -o '_ZGV[a-zA-Z0-9]*_\(tanhf\|expf\)' | sort -u | tr '\n' ' ' | sed 's/ $//' || true)
    if [ -n "$VEC" ]; then VEC="vectorised ($VEC)"; else VEC="NOT VECTORISED (see target/w2_fused.vec.txt)"; fi
    CLOOP="gcc $(gcc -dumpfullversion) ${FLAGS[*]} -lmvec; the loop $VEC; libmvec: ${MVEC:-none}; OpenMP $NPROC threads"
  else
    CLOOP="gcc failed (target/w2_fused.vec.txt): install build-essential (gcc, libc6-dev for libmvec, libgomp)"
    rm -f "$CBIN"
  fi
else
  CLOOP="gcc missing: apt-get install -y gcc libc6-dev (libmvec) libgomp1"
fi

# ------------------------------------------------------------------------------------------- the header
blas_pkg() { dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q 'install ok installed'; }
{
  common_header "$SMOKE" "$COMMAND" target/benchmarks.jar
  echo "C loop:    $CLOOP"
  if blas_pkg; then
    echo "peer BLAS: libopenblas0-pthread installed"
  else
    echo "peer BLAS: libopenblas0-pthread NOT installed: unless the lines below name another optimised BLAS, Debian's NumPy and PyTorch run the REFERENCE BLAS (W1 ~5 GFLOP/s instead of hundreds); apt-get install -y libopenblas0-pthread"
  fi
  if [ -n "$PY" ]; then
    "${BENCH[@]}" OMP_WAIT_POLICY=PASSIVE "$PY" peers/run_peers.py --describe | sed 's/^/peers:     /'
  else
    echo "peers:     /usr/bin/python3 not found: no peers (apt-get install python3-numpy python3-torch python3-threadpoolctl)"
  fi
} > "$HEADER"
cat "$HEADER"
echo

# ------------------------------------------------------------------------------------------- the runs
# smoke: JMH's lock (one timed run per machine) does not apply to a run that measures nothing
if [ "$SMOKE" = 1 ]; then JMH_ITER=(-wi 1 -i 1 -w 100ms -r 100ms); LOCK=(-Djmh.ignoreLock=true); PEER_ARGS=(--smoke --rep-time 0.02)
else JMH_ITER=(-wi 3 -i 5 -w 1s -r 1s); LOCK=(); PEER_ARGS=(); fi
[ -x "$CBIN" ] && PEER_ARGS+=(--c-w2 "$CBIN")
# The forked benchmark JVMs get --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED from @Fork and
# inherit this environment (the OpenBLAS variables unset).
# W10 (epochs as iterations, SingleShotTime) runs apart with its own iteration counts; the rest excludes it.
# matches ARGS: the names of the benchmarks JMH's -l lists for those include/exclude arguments
matches() { "$JDK/bin/java" -jar target/benchmarks.jar -l "$@" 2>/dev/null | grep '^io\.graft\.benchmarks\.' || true; }
# W7 (ResNet-18 steps of 150-600 ms) runs apart too: 3 one-second warm-up iterations are 5-10 steps, and the JVM is
# still compiling the step's kernels then (steps fall from ~600 to ~145 ms over the first ~40), so it warms up for
# 12 iterations of 2 s and measures 5 of 2 s.
# W3's jitted step (10-15 ms) runs apart as well: its steps still fall from ~15 to ~10.5 ms between 3 and 6 s into
# the fork (the compilers are busy until then: docs/architecture.md, "The compilers' cores"), so it warms up for 8
# iterations of 1 s and measures 5 of 1 s; so does W4 (per-example gradients), whose jitted calls still fell from
# 0.31 to 0.29 and then 0.22-0.23 ms over the 4th and 5th second (the 03:59 run, session 20), and W8 (single shots of
# a first compilation: 397, 98, 50 ms in the three warm-up shots, 58 in the first measured one, 36-38 after).
W10=W10FashionMnist W7=W7ResNet W3J='W3MlpStep\.trainStepJit$|W4PerExampleGrads\.perExampleGrads(Jit)?$|W8FirstCompile\.firstCompiledStep$'
rm -f "$RESULT" "$W10RESULT" "$W7RESULT" "$W3RESULT"
GRAFT_JSON=()
if [ -n "$(matches -e "$W10" -e "$W7" -e "$W3J" ${FILTER:+"$FILTER"})" ]; then
  "${BENCH[@]}" "$JDK/bin/java" "${LOCK[@]}" -jar target/benchmarks.jar -f 1 "${JMH_ITER[@]}" -e "$W10" -e "$W7" -e "$W3J" -rf json -rff "$RESULT" ${FILTER:+"$FILTER"}
  GRAFT_JSON+=(--graft-json "$RESULT")
fi
mapfile -t LONG < <(matches ${FILTER:+"$FILTER"} | grep -E "$W3J" | sed 's/\./\\./g; s/^/^/; s/$/$/')
if [ "${#LONG[@]}" -gt 0 ]; then
  if [ "$SMOKE" = 1 ]; then W3_ITER=("${JMH_ITER[@]}"); else W3_ITER=(-wi 8 -w 1s -i 5 -r 1s); fi
  "${BENCH[@]}" "$JDK/bin/java" "${LOCK[@]}" -jar target/benchmarks.jar -f 1 "${W3_ITER[@]}" -rf json -rff "$W3RESULT" "${LONG[@]}"
  GRAFT_JSON+=(--graft-json "$W3RESULT")
fi
if matches ${FILTER:+"$FILTER"} | grep -q "\.$W7\."; then
  if [ "$SMOKE" = 1 ]; then W7_ITER=("${JMH_ITER[@]}"); else W7_ITER=(-wi 12 -w 2s -i 5 -r 2s); fi
  "${BENCH[@]}" "$JDK/bin/java" "${LOCK[@]}" -jar target/benchmarks.jar -f 1 "${W7_ITER[@]}" -rf json -rff "$W7RESULT" "$W7"
  GRAFT_JSON+=(--graft-json "$W7RESULT")
fi
if matches ${FILTER:+"$FILTER"} | grep -q "\.$W10\."; then
  if [ "$SMOKE" = 1 ]; then W10_ITER=(-wi 0 -i 2 -p stepsPerEpoch=200); else W10_ITER=(-wi 0 -i 5); fi
  "${BENCH[@]}" "$JDK/bin/java" "${LOCK[@]}" -jar target/benchmarks.jar -f 1 "${W10_ITER[@]}" -rf json -rff "$W10RESULT" "$W10"
  GRAFT_JSON+=(--graft-json "$W10RESULT")
fi

if [ -n "$PY" ]; then
  "${BENCH[@]}" OMP_WAIT_POLICY=PASSIVE "$PY" peers/run_peers.py "${PEER_ARGS[@]}" --filter "$FILTER" \
    "${GRAFT_JSON[@]}" --header "$HEADER"
else
  echo; cat "$HEADER"
fi
