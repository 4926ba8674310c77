#!/usr/bin/env bash
# JVM peers (profile jvm-peers; off by default, CI never runs it): TensorFlow-Java 1.1.0 and DJL 0.36.0 on
# PyTorch 2.7.1 CPU against Graft on W1 (matmul n=1024), W2 (N=2^22, eager and jit) and W3 (MLP train step, eager,
# jit and own GEMM), one JMH run per workload, Graft in each.
#   benchmarks/run_jvm_peers.sh            the three runs (a few minutes)
#   benchmarks/run_jvm_peers.sh --smoke    1 warm-up and 1 short iteration each: proves the harness, measures nothing
# Needs the peers' artifacts from Maven Central (first build online; ~270 MB of natives). The shaded jar is not
# built under the profile: JMH runs from target/classes and the dependency class path (target/peers.classpath).
# DJL runs offline (it loads libtorch from pytorch-native-cpu on the class path, downloads nothing). Every command
# runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (see common.sh); the header above the table records the
# machine and Graft's OpenBLAS kernel. TF-Java (Eigen, oneDNN) and libtorch (MKL, oneDNN) pick their kernels from
# CPUID, without OpenBLAS. The W3 peers check their first three losses against Graft's before they are timed.
set -euo pipefail
cd "$(dirname "$0")"
COMMAND="benchmarks/run_jvm_peers.sh${*:+ $*}"
SMOKE=0
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; shift; fi
../graft mvn -q -Pjvm-peers -DskipTests package -pl benchmarks -am

source ./common.sh
find_jdk
CP="target/classes:$(cat target/peers.classpath)"
HEADER=target/jvm-peers-header.txt
{
  common_header "$SMOKE" "$COMMAND" "$CP"
  echo "peers:     TensorFlow-Java 1.1.0 (linux-x86_64 native, graph + Session; W3 also with XLA, TF_XLA_FLAGS=${TF_XLA_FLAGS:---tf_xla_cpu_global_jit}); DJL 0.36.0 on PyTorch 2.7.1 CPU (libtorch, offline, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE})"
} > "$HEADER"
cat "$HEADER"

# smoke: JMH's lock (one timed run per machine) does not apply to a run that measures nothing
if [ "$SMOKE" = 1 ]; then ITER=(-wi 1 -i 1 -w 100ms -r 100ms); LOCK=(-Djmh.ignoreLock=true); else ITER=(-wi 3 -i 5 -w 1s -r 1s); LOCK=(); fi
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu DJL_OFFLINE=true
# libtorch's OpenMP workers must not spin between calls (bench/workloads.md: PyTorch with OMP_WAIT_POLICY=PASSIVE)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# TensorFlowW3Peer's xla=on session clusters for XLA; on the CPU TensorFlow does that only with this flag
export TF_XLA_FLAGS="${TF_XLA_FLAGS:---tf_xla_cpu_global_jit}"
JMH=("${BENCH[@]}" "$JDK/bin/java" "${LOCK[@]}" -Dai.djl.offline=true -cp "$CP" org.openjdk.jmh.Main -f 1 "${ITER[@]}")
"${JMH[@]}" -p n=1024 -rf json -rff target/jmh-peers-w1.json 'W1MatMul|Peer.w1'
"${JMH[@]}" -rf json -rff target/jmh-peers-w2.json 'W2FusedElementwise|Peer.w2'
"${JMH[@]}" -rf json -rff target/jmh-peers-w3.json 'W3MlpStep|Peer.w3'

echo
python3 peers/jvm_table.py --header "$HEADER" target/jmh-peers-w1.json target/jmh-peers-w2.json target/jmh-peers-w3.json
