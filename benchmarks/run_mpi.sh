#!/usr/bin/env bash
# The MPI benchmarks (JMH cannot launch mpirun), one run, one table (run from anywhere: ./benchmarks/run_mpi.sh):
#  1. all-reduce of 4M f32 across 2 local processes: peers/mpi_allreduce.c (mpicc -O2) against Graft's FFM binding
#     (io.graft.benchmarks.MpiAllReduce: a native buffer, and Distributed.allReduceSum of an f32 array); median ms of
#     30 calls between barriers after 5 untimed. Target: binding / C <= 1.2.
#  2. W12 weak scaling: W10's step (784-256-10 MLP, Adam) with a per-process batch of 128 on 1 process and on
#     2 processes, every process -Dgraft.threads=1 (io.graft.benchmarks.W12WeakScaling), timed after 600 warm-up
#     steps (one core per process: the JIT compilers share it, and 30 warm-up steps timed their work); E = T(1) / T(2),
#     target >= 0.9, and the all-reduce time per step that overlap hid; 3 and 4 processes (oversubscribed) for the cost model,
#     whose arguments the last line gives (W10's gradient: 203,530 f32 = 814,120 bytes).
# Options: --smoke (few iterations: proves the harness, the figures are NOT measurements).
# Needs Open MPI (apt-get install -y openmpi-bin libopenmpi-dev) and the Fashion-MNIST files (./graft demo fetches them).
set -euo pipefail
cd "$(dirname "$0")"
SMOKE=0; [ "${1:-}" = "--smoke" ] && SMOKE=1
ITERS=30 STEPS=200 WARM=600
[ "$SMOKE" = 1 ] && ITERS=5 STEPS=40 WARM=20
command -v mpirun >/dev/null && command -v mpicc >/dev/null || {
  echo "run_mpi.sh: mpirun/mpicc not found; install Open MPI: apt-get install -y openmpi-bin libopenmpi-dev" >&2; exit 1; }
source ./common.sh
find_jdk
../graft mvn -q -DskipTests package -pl benchmarks -am
mkdir -p target
JAR=target/benchmarks.jar CBIN=target/mpi_allreduce OUT=target/mpi-bench.txt
mpicc -O2 peers/mpi_allreduce.c -o "$CBIN"
export UCX_ERROR_SIGNALS=""   # UCX's signal handlers would take the JVM's SIGSEGV and crash it
MPIRUN=(mpirun --oversubscribe -x UCX_ERROR_SIGNALS=)
[ "$(id -u)" -eq 0 ] && MPIRUN+=(--allow-run-as-root)
JAVA=("${BENCH[@]}" "$JDK/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$JAR")

{
  common_header "$SMOKE" "benchmarks/run_mpi.sh $*" "$JAR"
  echo "MPI:       $(mpirun --version | head -1)"
} | tee "$OUT"
C=$("${MPIRUN[@]}" -np 2 "${BENCH[@]}" "$CBIN" $((4 << 20)) "$ITERS" | grep '^c ')
G=$("${MPIRUN[@]}" -np 2 "${JAVA[@]}" io.graft.benchmarks.MpiAllReduce $((4 << 20)) "$ITERS" 2>/dev/null | grep '^graft-')
CS=$("${MPIRUN[@]}" -np 2 "${BENCH[@]}" "$CBIN" 1 "$ITERS" | grep '^c ')   # 1 float: the latency term, for the cost model
W1=$("${MPIRUN[@]}" -np 1 "${JAVA[@]}" -Dgraft.threads=1 io.graft.benchmarks.W12WeakScaling "$STEPS" "$WARM" 2>/dev/null | grep '^w12 ')
W2=$("${MPIRUN[@]}" -np 2 "${JAVA[@]}" -Dgraft.threads=1 io.graft.benchmarks.W12WeakScaling "$STEPS" "$WARM" 2>/dev/null | grep '^w12 ')
W3=$("${MPIRUN[@]}" -np 3 "${JAVA[@]}" -Dgraft.threads=1 io.graft.benchmarks.W12WeakScaling $((STEPS / 2)) "$WARM" 2>/dev/null | grep '^w12 ')
W4=$("${MPIRUN[@]}" -np 4 "${JAVA[@]}" -Dgraft.threads=1 io.graft.benchmarks.W12WeakScaling $((STEPS / 2)) "$WARM" 2>/dev/null | grep '^w12 ')
val() { echo "$1" | grep -o "$2=[0-9.]*" | head -1 | cut -d= -f2; }
CM=$(val "$C" median_ms) BM=$(val "$(echo "$G" | grep binding)" median_ms) TM=$(val "$(echo "$G" | grep tree)" median_ms)
T1=$(val "$W1" step_median_ms) T2=$(val "$W2" step_median_ms)
{
  echo "$C"; echo "$CS"; echo "$G"; echo "$W1"; echo "$W2"; echo "$W3"; echo "$W4"
  echo
  echo "| benchmark | C (mpicc) | Graft | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| all-reduce 4M f32, 2 processes, FFM binding (median ms) | $CM | $BM | $(awk "BEGIN{printf \"%.2f\", $BM/$CM}") | <= 1.2 |"
  echo "| all-reduce 4M f32, 2 processes, Distributed.allReduceSum (median ms) | $CM | $TM | $(awk "BEGIN{printf \"%.2f\", $TM/$CM}") | |"
  echo "| W12 step, per-process batch 128, 1 thread each: T(1), T(2) (median ms) | | $T1, $T2 | E = $(awk "BEGIN{printf \"%.2f\", $T1/$T2}") | E >= 0.9 |"
  echo "| W12 all-reduce per step on 2 processes: total / exposed / hidden (ms) | | $(val "$W2" allreduce_ms) / $(val "$W2" exposed_ms) / $(val "$W2" hidden_ms) | | |"
  echo
  echo "cost model (notebooks' ScalingModel; 3 and 4 processes oversubscribe 2 cores: shape only):"
  echo "  ScalingModel $T1 814120 $(val "$CS" median_ms) $CM $((16 << 20)) 1=$T1 2=$T2 3=$(val "$W3" step_median_ms) 4=$(val "$W4" step_median_ms)"
} | tee -a "$OUT"
echo "written: benchmarks/$OUT"
