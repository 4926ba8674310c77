#!/usr/bin/env bash
# JVM peers (profile jvm-peers; off by default, CI never runs it): TensorFlow-Java 1.1.0 and DJL 0.36.0 on
# PyTorch 2.7.1 CPU against Graft on W1 (matmul n=1024) and W2 (N=2^22, eager and jit), in one JMH run each.
#   benchmarks/run_jvm_peers.sh
# Needs the peers' artifacts from Maven Central (first build online; ~270 MB of natives). The shaded jar is not
# built under the profile: JMH runs from target/classes and the dependency class path (target/peers.classpath).
# DJL runs offline (it loads libtorch from pytorch-native-cpu on the class path, downloads nothing).
set -euo pipefail
cd "$(dirname "$0")"
../graft mvn -q -Pjvm-peers -DskipTests package -pl benchmarks -am

JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || ! [ -x "$JDK/bin/java" ]; then JDK=$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* 2>/dev/null | head -1); fi
CP="target/classes:$(cat target/peers.classpath)"
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu DJL_OFFLINE=true
JMH=("$JDK/bin/java" -Dai.djl.offline=true -cp "$CP" org.openjdk.jmh.Main -f 1 -wi 3 -i 5 -w 1s -r 1s)
"${JMH[@]}" -p n=1024 -rf json -rff target/jmh-peers-w1.json 'W1MatMul|Peer.w1'
"${JMH[@]}" -rf json -rff target/jmh-peers-w2.json 'W2FusedElementwise|Peer.w2'
