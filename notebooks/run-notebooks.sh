#!/usr/bin/env bash
# Executes every notebook in notebooks/ipynb headless, in place, and records the hash of each one's code cells.
#
#   notebooks/run-notebooks.sh [--offline] [--no-build] [NOTEBOOK.ipynb ...]   (default: every notebook)
#
# Needs Jupyter (Debian: apt-get install jupyter-nbconvert jupyter-client python3-ipykernel) and JDK 25 (found as
# ./graft finds it). Steps:
#   1. build graft-api and copy its runtime jars, plus the notebooks' test-scope extras (jqwik, the JUnit Platform launcher, ONNX Runtime) into
#      notebooks/target/notebook-lib and the Java kernel (io.github.padreati:rapaio-jupyter-kernel:3.0.1, from Maven
#      Central or ~/.m2) into notebooks/target/jupyter-kernel: ./graft mvn -Pnotebooks -pl notebooks -am package;
#      --no-build skips this (the -Pnotebooks build's verify phase calls the script so);
#   2. write the kernel spec "graft-java" into notebooks/target/jupyter/kernels (on JUPYTER_PATH for this run only:
#      to use it interactively, run `JUPYTER_PATH=notebooks/target/jupyter jupyter notebook notebooks/ipynb`);
#   3. run `jupyter nbconvert --to notebook --execute --inplace` on each notebook (the first cell of each loads
#      ../target/notebook-lib with the kernel's %jar magic; a failing cell fails the run, and this script with it);
#   4. rewrite notebooks/ipynb/hashes.txt: one line "<sha256 of the code cells' sources>  <file>" per notebook,
#      which NotebookCheck (the notebooks' JUnit tests, no Jupyter needed) compares with the committed notebooks.
# The cells take under five minutes on two cores (4.7 min measured with a load average of 30, 7.5 min for the whole
# run there, kernel starts and retries included); data: Fashion-MNIST as ./graft demo finds or fetches it.
set -euo pipefail

build=1
mvn_args=()
files=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --offline) mvn_args+=(-o) ;;
    *.ipynb) files+=("$(realpath "$a")") ;;
    *) echo "run-notebooks.sh: unknown argument $a (usage: run-notebooks.sh [--offline] [--no-build] [NOTEBOOK.ipynb ...])" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")"      # notebook arguments are resolved above, against the caller's directory
nb_dir=$PWD
root=$(cd .. && pwd)
for f in "${files[@]}"; do   # hashes.txt and each notebook's %jar path are relative to notebooks/ipynb
  [ "$(dirname "$f")" = "$nb_dir/ipynb" ] || { echo "run-notebooks.sh: $f is not in $nb_dir/ipynb" >&2; exit 2; }
done
command -v jupyter >/dev/null && jupyter nbconvert --version >/dev/null 2>&1 || {
  echo "run-notebooks.sh: jupyter nbconvert not found; install it (Debian: apt-get install jupyter-nbconvert jupyter-client python3-ipykernel)" >&2
  exit 1; }

if [ "$build" = 1 ]; then
  "$root/graft" data      # Fashion-MNIST for notebook 03, as ./graft demo gets it (once)
  "$root/graft" mvn -q "${mvn_args[@]}" -Pnotebooks -pl notebooks -am package -DskipTests \
      -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
fi
lib="$nb_dir/target/notebook-lib"
kernel_jar="$nb_dir/target/jupyter-kernel/rapaio-jupyter-kernel.jar"
[ -f "$kernel_jar" ] && ls "$lib"/graft-api-*.jar >/dev/null 2>&1 || {
  echo "run-notebooks.sh: $lib or $kernel_jar is missing; run without --no-build" >&2; exit 1; }

# the JDK that ./graft uses (as Maven reports it)
java_home=$("$root/graft" mvn -v | sed -n 's/^Java version: .*, runtime: //p')
[ -x "$java_home/bin/java" ] || { echo "run-notebooks.sh: no JDK 25 found (./graft mvn -v)" >&2; exit 1; }

# the kernel spec: JDK 25 with the flags Graft wants (Vector API, native access for OpenBLAS), headless AWT for XChart
spec="$nb_dir/target/jupyter/kernels/graft-java"
mkdir -p "$spec"
python3 - "$spec/kernel.json" "$java_home/bin/java" "$kernel_jar" <<'EOF'
import json, sys
out, java, jar = sys.argv[1:4]
json.dump({
    "argv": [java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
             "--sun-misc-unsafe-memory-access=allow", "-Djava.awt.headless=true", "-Xss4m",
             "-jar", jar, "{connection_file}"],
    "display_name": "Java 25 (Graft)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"RJK_COMPILER_OPTIONS": "", "RJK_INIT_SCRIPT": "", "RJK_TIMEOUT_MILLIS": "-1"},
}, open(out, "w"), indent=2)
EOF
export JUPYTER_PATH="$nb_dir/target/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYTHONPATH="$nb_dir/jupyter${PYTHONPATH:+:$PYTHONPATH}"      # graft_kernel_manager.py (see there)

[ ${#files[@]} -gt 0 ] || files=("$nb_dir"/ipynb/[0-9]*.ipynb)
for f in "${files[@]}"; do
  echo "run-notebooks.sh: executing $(basename "$f")" >&2
  start=$SECONDS
  # the kernel starts in the notebook's folder; no cell timeout (training takes a minute). rapaio-jupyter-kernel 3.0.1
  # can die on a request that arrives during its start-up ("this.handlers is null"): jupyter/graft_kernel_manager.py
  # waits for it, and a start that still fails (and only that) is retried, three times at most
  log="$nb_dir/target/jupyter/nbconvert.log"
  for try in 1 2 3 4; do
    if (cd "$(dirname "$f")" && jupyter nbconvert --to notebook --execute --inplace \
          --ExecutePreprocessor.kernel_name=graft-java --ExecutePreprocessor.timeout=-1 \
          --ExecutePreprocessor.kernel_manager_class=graft_kernel_manager.GraftKernelManager \
          --ExecutePreprocessor.startup_timeout=20 "$f") 2>&1 | tee "$log" >&2; then   # pipefail: nbconvert's status
      break
    elif [ "$try" -lt 4 ] && grep -q "Kernel didn't respond in\|Kernel died before replying to kernel_info" "$log"; then
      echo "run-notebooks.sh: the kernel did not start; retrying $(basename "$f")" >&2
    else
      echo "run-notebooks.sh: $(basename "$f") failed (see the output above)" >&2; exit 1
    fi
  done
  echo "run-notebooks.sh: $(basename "$f") done in $((SECONDS - start)) s" >&2
done

# the hash of each executed notebook's code cells (as NotebookCheck.sourceHash computes it): SHA-256 over each code
# cell's source, each followed by a NUL, in UTF-8; the lines of notebooks not run this time stay as they were
python3 - "$nb_dir/ipynb/hashes.txt" "${files[@]}" <<'EOF'
import hashlib, json, pathlib, sys
out = pathlib.Path(sys.argv[1])
hashes = {}
if out.exists():
    for line in out.read_text(encoding="utf-8").splitlines():
        h, name = line.split("  ", 1)
        hashes[name] = h
for f in map(pathlib.Path, sys.argv[2:]):
    h = hashlib.sha256()
    for c in json.loads(f.read_text(encoding="utf-8"))["cells"]:
        if c["cell_type"] == "code":
            src = c["source"]
            h.update(("".join(src) if isinstance(src, list) else src).encode("utf-8") + b"\0")
    hashes[f.name] = h.hexdigest()
out.write_text("".join(f"{h}  {name}\n" for name, h in sorted(hashes.items())), encoding="utf-8")
EOF
echo "run-notebooks.sh: all notebooks executed; hashes in ipynb/hashes.txt" >&2
