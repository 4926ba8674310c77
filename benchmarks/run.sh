#!/usr/bin/env bash
# Graft's benchmarks against NumPy and PyTorch, in one run on this machine.
#   benchmarks/run.sh            every workload (W1-W6; a few minutes)
#   benchmarks/run.sh 'W1|W5'    only the JMH benchmarks and peer workloads matching the regex
# Builds target/benchmarks.jar through ../graft (JDK 25; tests skipped), runs it with a short JMH configuration
# (1 fork, 3 warm-up and 5 measured iterations of 1 s), then benchmarks/peers/run_peers.py with Debian's
# /usr/bin/python3, which prints the table: Graft eager and jit (medians of the 5 iterations; jit: the ...Jit methods
# of W2-W6 and W8's first compiled step), the peers, and the ratios Graft eager time / peer time. JVM peers
# (TensorFlow-Java, DJL): run_jvm_peers.sh. Figures: bench/workloads.md (W1 GFLOP/s = 2n^3/t, W2 GB/s = 8N/t).
set -euo pipefail
cd "$(dirname "$0")"
FILTER="${1:-}"
RESULT=target/jmh-result.json

../graft mvn -q -DskipTests package -pl benchmarks -am

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
JDK=""
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/jdk-2[5-9]*; do
  if [ -n "$d" ] && [ -x "$d/bin/java" ] && [ "$(java_major "$d")" -ge 25 ] 2>/dev/null; then JDK="$d"; break; fi
done
[ -n "$JDK" ] || { echo "run.sh: no JDK 25 found (set JAVA_HOME)" >&2; exit 1; }

# The forked benchmark JVMs get --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED from @Fork.
"$JDK/bin/java" -jar target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff "$RESULT" ${FILTER:+"$FILTER"}

if [ -x /usr/bin/python3 ]; then
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 peers/run_peers.py --filter "$FILTER" --graft-json "$RESULT"
else
  echo "run.sh: /usr/bin/python3 not found: no peers (apt-get install python3-numpy python3-torch)" >&2
fi
