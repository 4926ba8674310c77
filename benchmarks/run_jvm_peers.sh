#!/usr/bin/env bash
# JVM peers (profile jvm-peers; off by default, CI never runs it): TensorFlow-Java 1.1.0 and DJL 0.36.0 on
# PyTorch 2.7.1 CPU against Graft on W1 (matmul n=1024), W2 (N=2^22, eager and jit), W3 (MLP train step, eager,
# jit and own GEMM) and W7 (ResNet-18 train step, batch 32, f32, jit), one JMH run per workload, Graft in each.
#   benchmarks/run_jvm_peers.sh            the four runs (about ten minutes)
#   benchmarks/run_jvm_peers.sh --smoke    1 warm-up and 1 short iteration each: proves the harness, measures nothing
#   benchmarks/run_jvm_peers.sh [--smoke] W7 W3   only the workloads named (of W1 W2 W3 W7), in that order
# Needs the peers' artifacts from Maven Central (first build online; ~270 MB of natives). The shaded jar is not
# built under the profile: JMH runs from target/classes and the dependency class path (target/peers.classpath).
# DJL runs offline (it loads libtorch from pytorch-native-cpu on the class path, downloads nothing). Every command
# runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (see common.sh); the header above the table records the
# machine and Graft's OpenBLAS kernel. TF-Java (Eigen, oneDNN) and libtorch (MKL, oneDNN) pick their kernels from
# CPUID, without OpenBLAS. The W3 and W7 peers check their first three losses against Graft's before they are timed
# (W7 also its parameter count: the peers start from Graft's initial ResNet-18 parameters).
set -euo pipefail
cd "$(dirname "$0")"
COMMAND="benchmarks/run_jvm_peers.sh${*:+ $*}"
SMOKE=0
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; shift; fi
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(W1 W2 W3 W7)
for w in "${WORKLOADS[@]}"; do
  case "$w" in W1|W2|W3|W7) ;; *) echo "run_jvm_peers.sh: unknown workload $w (W1, W2, W3 or W7)" >&2; exit 2 ;; esac
done
../graft mvn -q -Pjvm-peers -DskipTests package -pl benchmarks -am

source ./common.sh
find_jdk
CP="target/classes:$(cat target/peers.classpath)"
HEADER=target/jvm-peers-header.txt
{
  common_header "$SMOKE" "$COMMAND" "$CP"
  echo "peers:     TensorFlow-Java 1.1.0 (linux-x86_64 native, graph + Session; W3 and W7 also with XLA, TF_XLA_FLAGS=${TF_XLA_FLAGS:---tf_xla_cpu_global_jit}); DJL 0.36.0 on PyTorch 2.7.1 CPU (libtorch, offline, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE})"
} > "$HEADER"
cat "$HEADER"

# smoke: JMH's lock (one timed run per machine) does not apply to a run that measures nothing
if [ "$SMOKE" = 1 ]; then ITER=(-wi 1 -i 1 -w 100ms -r 100ms); LOCK=(-Djmh.ignoreLock=true); else ITER=(-wi 3 -i 5 -w 1s -r 1s); LOCK=(); fi
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu DJL_OFFLINE=true
# libtorch's OpenMP workers must not spin between calls (bench/workloads.md: PyTorch with OMP_WAIT_POLICY=PASSIVE)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# TensorFlowW3Peer's xla=on session clusters for XLA; on the CPU TensorFlow does that only with this flag
export TF_XLA_FLAGS="${TF_XLA_FLAGS:---tf_xla_cpu_global_jit}"
JMH0=("${BENCH[@]}" "$JDK/bin/java" "${LOCK[@]}" -Dai.djl.offline=true -cp "$CP" org.openjdk.jmh.Main -f 1)
JMH=("${JMH0[@]}" "${ITER[@]}")
JSONS=()
for w in "${WORKLOADS[@]}"; do
  json="target/jmh-peers-${w,,}.json"
  JSONS+=("$json")
  case "$w" in
    W1) "${JMH[@]}" -p n=1024 -rf json -rff "$json" 'W1MatMul|Peer.w1' ;;
    W2) "${JMH[@]}" -rf json -rff "$json" 'W2FusedElementwise|Peer.w2' ;;
    # W3's jitted step is still compiling after 3 s (run.sh gives it 8 warm-ups too; docs/architecture.md, "The
    # compilers' cores"): every W3 system here warms up 8 iterations of 1 s
    W3) if [ "$SMOKE" = 1 ]; then "${JMH[@]}" -rf json -rff "$json" 'W3MlpStep|Peer.w3'
        else "${JMH0[@]}" -wi 8 -w 1s -i 5 -r 1s -rf json -rff "$json" 'W3MlpStep|Peer.w3'; fi ;;
    # Graft's f32 step only: W7ResNet.W7Bf16 does not match (its ratio is to Graft's f32 step; run.sh reports it)
    # W7's JVM compiles the step's kernels over its first ~40 steps (600 -> 145 ms): 12 warm-up iterations of 2 s
    W7) if [ "$SMOKE" = 1 ]; then "${JMH[@]}" -rf json -rff "$json" 'W7ResNet.trainStepJit|Peer.w7'
        else "${JMH0[@]}" -wi 12 -w 2s -i 5 -r 2s -rf json -rff "$json" 'W7ResNet.trainStepJit|Peer.w7'; fi ;;
  esac
done

echo
python3 peers/jvm_table.py --header "$HEADER" "${JSONS[@]}"
