#!/usr/bin/env python3
"""Peers for Graft's benchmarks: workloads W1-W6 of bench/workloads.md on NumPy and PyTorch (CPU, f32).

Run with Debian's interpreter, which is where python3-numpy and python3-torch install:
    /usr/bin/python3 benchmarks/peers/run_peers.py [--filter REGEX] [--graft-json jmh.json]
Inputs are the same numbers Graft uses (io.graft.benchmarks.Inputs: counter-based SplitMix64, fixed seeds).
Timing follows the workloads: >= 3 warm-up repetitions, then the median of 5 timed repetitions, each repetition
averaging as many calls as fit in --rep-time seconds. With --graft-json (JMH's -rf json output) the table also
shows Graft's eager and jit figures (medians of its measurement iterations; jit: the ...Jit methods and W8) and the
ratios Graft eager time / peer time (> 1: Graft is slower), then jit / eager per workload. NumPy has no autodiff: its W3-W6 rows use hand-derived gradients and say so.
A missing peer is reported and skipped; NumPy is needed for the inputs.
"""
import argparse, json, os, re, statistics, sys, time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")    # PyTorch's OpenMP threads must not spin between calls

try:
    import numpy as np
except ImportError:
    np = None
try:
    import torch
except ImportError:
    torch = None

GOLDEN, C1, C2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


def uniform(seed, lo, hi, *shape):
    """Element i of stream seed: splitmix64(seed + (i + 1) * GOLDEN), top 24 bits scaled to [lo, hi), as f32."""
    n = int(np.prod(shape)) if shape else 1
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GOLDEN))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(C1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(C2)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24
    return (lo + (hi - lo) * u).astype(np.float32).reshape(shape)


def timed(fn, rep_time, warmups=3, reps=5):
    """Median seconds per call over reps repetitions, each averaging calls that fill rep_time."""
    for _ in range(warmups):
        fn()
    t0 = time.perf_counter(); fn(); one = max(time.perf_counter() - t0, 1e-7)
    calls = max(1, int(rep_time / one))
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - t0) / calls)
    return statistics.median(samples)


# ----------------------------------------------------------------------------------------------------- inputs
def w1_inputs(n): return uniform(1, -1, 1, n, n), uniform(2, -1, 1, n, n)
def w2_inputs(): return uniform(3, -1, 1, 1 << 22), uniform(4, -1, 1, 1 << 22)


def w3_inputs(batch=256, din=784, hidden=1024, classes=10):
    x = uniform(5, 0, 1, batch, din)
    onehot = np.zeros((batch, classes), np.float32)
    onehot[np.arange(batch), (7 * np.arange(batch) + 3) % classes] = 1
    a, b = 1 / np.sqrt(din), 1 / np.sqrt(hidden)
    params = [uniform(10, -a, a, din, hidden), np.zeros(hidden, np.float32),
              uniform(11, -b, b, hidden, hidden), np.zeros(hidden, np.float32),
              uniform(12, -b, b, hidden, classes), np.zeros(classes, np.float32)]
    return x, onehot, params


def w4_inputs(d=1000, b=256):
    y = np.where(np.arange(b) % 3 == 0, 1, -1).astype(np.float32)
    return uniform(6, -0.1, 0.1, d), uniform(7, -1, 1, b, d), y


def w5_inputs(): return uniform(8, -1, 1, 10)
def w6_inputs(): return uniform(9, -1.5, 1.5, 100)


# ----------------------------------------------------------------------------------------------------- NumPy
def numpy_workloads():
    out = {}
    for n in (256, 1024, 2048):
        a, b = w1_inputs(n)
        out[f"W1 n={n}"] = (lambda a=a, b=b: a @ b, "")
    x, y = w2_inputs()
    out["W2"] = (lambda: np.sum(np.tanh(x) * y + np.exp(-x * x)), "")

    xb, onehot, params = w3_inputs()
    state = [p.copy() for p in params]

    def w3_step():   # forward, hand-written backward, SGD
        w1, b1, w2, b2, w3, b3 = state
        z1 = xb @ w1 + b1; h1 = np.maximum(z1, 0)
        z2 = h1 @ w2 + b2; h2 = np.maximum(z2, 0)
        logits = h2 @ w3 + b3
        m = logits.max(-1, keepdims=True); e = np.exp(logits - m); s = e.sum(-1, keepdims=True)
        loss = -np.mean(np.sum((logits - m - np.log(s)) * onehot, -1))
        dl = (e / s - onehot) / xb.shape[0]
        g3 = h2.T @ dl; gb3 = dl.sum(0); dh2 = (dl @ w3.T) * (z2 > 0)
        g2 = h1.T @ dh2; gb2 = dh2.sum(0); dh1 = (dh2 @ w2.T) * (z1 > 0)
        g1 = xb.T @ dh1; gb1 = dh1.sum(0)
        state[:] = [p - np.float32(0.01) * g for p, g in zip(state, (g1, gb1, g2, gb2, g3, gb3))]
        return loss
    out["W3"] = (w3_step, "hand-written backward")

    w, xs, ys = w4_inputs()
    out["W4"] = (lambda: (-ys / (1 + np.exp(ys * (xs @ w))))[:, None] * xs, "closed-form gradient")

    x5 = w5_inputs()

    def w5():
        tape, h = [], x5
        for _ in range(25):
            tape.append(h); h = np.sin(h) * np.float32(1.01) + np.float32(0.1)
        ct = np.ones_like(x5)
        for t in reversed(tape):
            ct = ct * np.cos(t) * np.float32(1.01)
        return h.sum(), ct
    out["W5"] = (w5, "hand-coded forward+reverse")

    x6 = w6_inputs()

    def w6():
        d = x6.size; h = np.zeros((d, d), np.float32); i = np.arange(d - 1)
        h[i, i] = 1200 * x6[:-1] ** 2 - 400 * x6[1:] + 2
        h[i + 1, i + 1] += 200
        h[i, i + 1] = h[i + 1, i] = -400 * x6[:-1]
        return h
    out["W6"] = (w6, "closed-form Hessian")
    return out


# ----------------------------------------------------------------------------------------------------- PyTorch
def torch_workloads():
    T = torch.from_numpy
    out = {}
    for n in (256, 1024, 2048):
        a, b = map(T, w1_inputs(n))
        out[f"W1 n={n}"] = (lambda a=a, b=b: a @ b, "")
    x, y = map(T, w2_inputs())
    out["W2"] = (lambda: torch.sum(torch.tanh(x) * y + torch.exp(-x * x)), "")

    xb, onehot, params = w3_inputs()
    xb, onehot = T(xb), T(onehot)
    ps = [T(p.copy()).requires_grad_() for p in params]

    def w3_step():   # autograd; plain SGD
        w1, b1, w2, b2, w3, b3 = ps
        h = torch.relu(xb @ w1 + b1); h = torch.relu(h @ w2 + b2)
        loss = -torch.mean(torch.sum(torch.log_softmax(h @ w3 + b3, -1) * onehot, -1))
        grads = torch.autograd.grad(loss, ps)
        with torch.no_grad():
            for p, g in zip(ps, grads):
                p.sub_(0.01 * g)
        return loss
    out["W3"] = (w3_step, "autograd")

    w, xs, ys = map(T, w4_inputs())

    def loss4(wv, xv, yv): return torch.log1p(torch.exp(-yv * torch.dot(wv, xv)))
    vmap = grad = None
    try:
        from torch.func import vmap, grad
    except ImportError:
        try:
            from functorch import vmap, grad
        except ImportError:
            pass
    if vmap is not None:
        pe = vmap(grad(loss4), in_dims=(None, 0, 0))
        out["W4"] = (lambda: pe(w, xs, ys), "vmap(grad)")
    else:
        def w4_loop():
            rows = []
            for i in range(xs.shape[0]):
                wi = w.clone().requires_grad_()
                rows.append(torch.autograd.grad(loss4(wi, xs[i], ys[i]), wi)[0])
            return torch.stack(rows)
        out["W4"] = (w4_loop, "loop over examples (no vmap in this torch)")

    x5 = T(w5_inputs())

    def w5():
        xv = x5.clone().requires_grad_(); h = xv
        for _ in range(25):
            h = torch.sin(h) * 1.01 + 0.1
        s = h.sum()
        return s, torch.autograd.grad(s, xv)[0]
    out["W5"] = (w5, "eager autograd")

    x6 = T(w6_inputs())

    def rosen(v): return torch.sum(100 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2)
    hess = torch.autograd.functional.hessian
    try:
        hess(rosen, x6, vectorize=True)
        out["W6"] = (lambda: hess(rosen, x6, vectorize=True), "autograd.functional.hessian(vectorize=True)")
    except Exception:
        out["W6"] = (lambda: hess(rosen, x6), "autograd.functional.hessian")
    return out


# ----------------------------------------------------------------------------------------------------- report
def graft_results(path):
    """({key: seconds per call} eager, the same for jitted): the median of JMH's measurement iterations for each
    Graft benchmark; a method named ...Jit, and W8 (first compiled step), go to the jit dict."""
    unit = {"s/op": 1, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
    names = {"W1MatMul": "W1", "W2FusedElementwise": "W2", "W3MlpStep": "W3", "W4PerExampleGrads": "W4",
             "W5Dispatch": "W5", "W6Hessian": "W6", "W8FirstCompile": "W8"}
    out, jit = {}, {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        key = names.get(cls, cls)
        if method.endswith("OwnKernels"):   # the same workload with -Dgraft.gemm=own (Graft's own GEMM)
            key += " own-gemm"
        if cls == "W1MatMul":
            key += " n=" + r["params"]["n"]
        if method == "handCodedFloor":
            key += " floor"
        m = r["primaryMetric"]
        raw = [v for fork in m.get("rawData", [[m["score"]]]) for v in fork]
        (jit if method.endswith("Jit") or cls == "W8FirstCompile" else out)[key] = \
            statistics.median(raw) * unit[m["scoreUnit"]]
    return out, jit


def figure(key, secs):
    if key.startswith("W1"):
        n = int(key.split("=")[1])
        return f"{secs * 1e3:9.2f} ms {2 * n ** 3 / secs / 1e9:7.1f} GFLOP/s"
    if key == "W2":
        return f"{secs * 1e3:9.2f} ms {8 * (1 << 22) / secs / 1e9:7.2f} GB/s"
    if key.startswith("W5"):
        return f"{secs * 1e6:9.2f} us"
    return f"{secs * 1e3:9.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--filter", default="", help="regex over workload keys ('W1 n=256') or JMH class names ('W1MatMul')")
    ap.add_argument("--graft-json", help="JMH -rf json results of the Graft run, for the ratio columns")
    ap.add_argument("--rep-time", type=float, default=0.5, help="seconds per timed repetition (default 0.5)")
    args = ap.parse_args()
    if np is None:
        sys.exit("run_peers: NumPy is missing (apt-get install python3-numpy; run with /usr/bin/python3): no peer can run")
    if torch is not None:
        torch.set_num_threads(os.cpu_count())
    missing = [] if torch is not None else ["PyTorch (apt-get install python3-torch)"]
    print(f"# peers: NumPy {np.__version__}" + (f", PyTorch {torch.__version__} ({torch.get_num_threads()} threads)"
          if torch is not None else "") + (f"; missing: {', '.join(missing)}" if missing else ""))

    pattern = re.compile(args.filter)
    classes = {"W1": "W1MatMul", "W2": "W2FusedElementwise", "W3": "W3MlpStep", "W4": "W4PerExampleGrads",
               "W5": "W5Dispatch", "W6": "W6Hessian", "W8": "W8FirstCompile"}
    wanted = lambda key: bool(pattern.search(key) or pattern.search("io.graft.benchmarks." + classes[key[:2]]))
    peers = [("NumPy", numpy_workloads)] + ([("PyTorch", torch_workloads)] if torch is not None else [])
    results, notes = {}, {}
    for name, build in peers:
        for key, (fn, note) in build().items():
            if wanted(key):
                results[(name, key)] = timed(fn, args.rep_time)
                notes[(name, key)] = note
                print(f"  {name:8s} {key:10s} {figure(key, results[(name, key)])}  {note}", file=sys.stderr, flush=True)
    graft, gjit = graft_results(args.graft_json) if args.graft_json else ({}, {})
    keys = sorted({k for _, k in results} | {k for k in graft if wanted(k)} | {k for k in gjit if wanted(k)},
                  key=lambda k: (k.split()[0], int(k.split("=")[1]) if "=" in k else 0, k))

    cols = ["Graft eager"] * bool(graft) + ["Graft jit"] * bool(gjit) + [p for p, _ in peers]
    print("\n| workload | " + " | ".join(cols) + (" | " + " | ".join(f"Graft / {p}" for p, _ in peers) if graft else "") + " |")
    print("|---" * (1 + len(cols) + (len(peers) if graft else 0)) + "|")
    for k in keys:
        row = [figure(k, graft[k]).strip() if k in graft else "-"] if graft else []
        row += [figure(k, gjit[k]).strip() if k in gjit else "-"] if gjit else []
        row += [figure(k, results[(p, k)]).strip() + (f" ({notes[(p, k)]})" if notes.get((p, k)) else "")
                if (p, k) in results else "-" for p, _ in peers]
        if graft:
            best = gjit.get(k, graft.get(k))   # jit where the workload has a jitted variant
            row += [f"{best / results[(p, k)]:.2f}" if best is not None and (p, k) in results else "-" for p, _ in peers]
        print(f"| {k} | " + " | ".join(row) + " |")
    if graft:
        print("\nratio = Graft time (jit where it has a jit column, else eager) / peer time (> 1: Graft slower), from this one run.")
    for k in keys:
        if k in graft and k in gjit:
            print(f"{k}: jit / eager = {gjit[k] / graft[k]:.2f}")
    if missing:
        print(f"missing peers: {', '.join(missing)}")


if __name__ == "__main__":
    main()
