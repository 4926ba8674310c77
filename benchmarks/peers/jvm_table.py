#!/usr/bin/env python3
"""The table of benchmarks/run_jvm_peers.sh: Graft against TensorFlow-Java and DJL/PyTorch on W1 (n = 1024), W2, W3
and W7 (ResNet-18 train step, batch 32, f32), from the JMH -rf json files of one run (medians of each benchmark's
measurement iterations), with the ratios Graft time / peer time (Graft: jit where the workload has it, else eager;
> 1: Graft slower).
    python3 peers/jvm_table.py [--header FILE] target/jmh-peers-w1.json target/jmh-peers-w2.json ...
"""
import argparse, json, statistics

UNIT = {"s/op": 1, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
# (workload, system) of each benchmark method, as JMH names it: Class.method
ROWS = {
    "W1MatMul.matmul": ("W1 n=1024", "Graft"), "W1MatMul.matmulOwnKernels": ("W1 n=1024", "Graft own GEMM"),
    "TensorFlowPeer.w1MatMul1024": ("W1 n=1024", "TF-Java"), "DjlPyTorchPeer.w1MatMul1024": ("W1 n=1024", "DJL"),
    "W2FusedElementwise.fused": ("W2", "Graft"), "W2FusedElementwise.fusedJit": ("W2", "Graft jit"),
    "TensorFlowPeer.w2Fused": ("W2", "TF-Java"), "DjlPyTorchPeer.w2Fused": ("W2", "DJL"),
    "W3MlpStep.trainStep": ("W3", "Graft"), "W3MlpStep.trainStepJit": ("W3", "Graft jit"),
    "W3MlpStep.trainStepOwnKernels": ("W3", "Graft own GEMM"),
    "TensorFlowW3Peer.w3TrainStep": ("W3", "TF-Java"), "DjlPyTorchW3Peer.w3TrainStep": ("W3", "DJL"),
    "W7ResNet.trainStepJit": ("W7", "Graft jit"),
    "TensorFlowW7Peer.w7TrainStep": ("W7", "TF-Java"), "DjlPyTorchW7Peer.w7TrainStep": ("W7", "DJL"),
}
COLUMNS = ["Graft", "Graft jit", "Graft own GEMM", "TF-Java", "TF-Java XLA", "DJL"]
PEERS = ("TF-Java", "TF-Java XLA", "DJL")


def figure(workload, secs):
    if workload.startswith("W1"):
        return f"{secs * 1e3:.2f} ms, {2 * 1024 ** 3 / secs / 1e9:.1f} GFLOP/s"
    return f"{secs * 1e3:.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--header", help="a file to print above the table")
    ap.add_argument("json", nargs="+")
    args = ap.parse_args()
    times = {}
    for path in args.json:
        for r in json.load(open(path)):
            name = ".".join(r["benchmark"].split(".")[-2:])
            if name not in ROWS or (name.startswith("W1") and r.get("params", {}).get("n") != "1024"):
                continue
            m = r["primaryMetric"]
            raw = [v for fork in m.get("rawData", [[m["score"]]]) for v in fork]
            workload, system = ROWS[name]
            if r.get("params", {}).get("xla") == "on":     # TensorFlowW3Peer's/W7Peer's session with XLA auto-clustering
                system += " XLA"
            times[(workload, system)] = statistics.median(raw) * UNIT[m["scoreUnit"]]
    if args.header:
        print(open(args.header).read().rstrip() + "\n")
    print("| workload | " + " | ".join(COLUMNS) + " | " + " | ".join(f"Graft / {p}" for p in PEERS) + " |")
    print("|---" * (len(COLUMNS) + len(PEERS) + 1) + "|")
    for w in ("W1 n=1024", "W2", "W3", "W7"):
        if not any(k[0] == w for k in times):
            continue
        cells = [figure(w, times[(w, c)]) if (w, c) in times else "-" for c in COLUMNS]
        graft = times.get((w, "Graft jit"), times.get((w, "Graft")))
        ratios = [f"{graft / times[(w, p)]:.2f}" if graft and (w, p) in times else "-" for p in PEERS]
        print(f"| {w} | " + " | ".join(cells + ratios) + " |")
    print("\nratio = Graft time (jit where it has one, else eager) / peer time (> 1: Graft slower), from this one run.")


if __name__ == "__main__":
    main()
