# Sourced by run.sh and run_jvm_peers.sh (from benchmarks/): the benchmark commands' environment, the JDK, and the
# header lines both print.
# BENCH: prefix for every benchmark command. These machines set OPENBLAS_CORETYPE=Haswell and OPENBLAS_L2_SIZE for
# older OpenBLAS builds; tests and CI keep them, the benchmarks alone run without them, so every OpenBLAS (Graft's
# bundled one, Debian's under NumPy/PyTorch) picks the CPU's own kernels.
BENCH=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
NPROC=$(nproc)

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }

# find_jdk: sets JDK to a JDK 25+ (JAVA_HOME first), or exits.
find_jdk() {
  JDK=""
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/jdk-2[5-9]*; do
    if [ -n "$d" ] && [ -x "$d/bin/java" ] && [ "$(java_major "$d")" -ge 25 ] 2>/dev/null; then JDK="$d"; return; fi
  done
  echo "$0: no JDK 25 found (set JAVA_HOME)" >&2
  exit 1
}

isa() { grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -xE 'sse4_2|avx|avx2|fma|avx512f|avx512dq|avx512bw|avx512vl|avx512_vnni|avx512_bf16|avx512_fp16|amx_tile' | tr '\n' ' ' | sed 's/ $//'; }

# common_header SMOKE COMMAND CLASSPATH: the lines every benchmark table carries (date, command, CPU, ISA, load, the
# OpenBLAS variables, JDK, threads and the kernel of Graft's bundled OpenBLAS, read in the benchmarks' environment).
common_header() {
  [ "$1" = 1 ] && echo "SMOKE RUN (1 warm-up, 1 short iteration each): proves the harness, the figures are NOT measurements"
  echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command:   $2"
  echo "CPU:       $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $NPROC cores; ISA: $(isa)"
  echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; timings need a quiet machine)"
  echo "OpenBLAS:  caller had OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-<unset>}; both unset for every benchmark command"
  "${BENCH[@]}" "$JDK/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -cp "$3" io.graft.benchmarks.Environment 2>/dev/null \
    | sed 's/^/Graft:     /' || echo "Graft:     io.graft.benchmarks.Environment failed"
}
