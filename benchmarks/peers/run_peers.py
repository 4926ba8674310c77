#!/usr/bin/env python3
"""Peers for Graft's benchmarks: workloads W1-W7, W9 and W10 of bench/workloads.md on NumPy and PyTorch (CPU, f32).

Run with Debian's interpreter, which is where python3-numpy and python3-torch install:
    /usr/bin/python3 benchmarks/peers/run_peers.py [--filter REGEX] [--graft-json jmh.json]
Inputs are the same numbers Graft uses (io.graft.benchmarks.Inputs: counter-based SplitMix64, fixed seeds).
Timing follows the workloads: >= 3 warm-up repetitions, then the median of 5 timed repetitions, each repetition
averaging as many calls as fit in --rep-time seconds. With --graft-json (JMH's -rf json output) the table also
shows Graft's eager and jit figures (medians of its measurement iterations; jit: the ...Jit methods and W8) and the
ratios Graft eager time / peer time (> 1: Graft is slower), then jit / eager per workload. NumPy has no autodiff: its W3-W6 rows use hand-derived gradients and say so.
With --c-w2 BINARY (benchmarks/peers/w2_fused.c, built by run.sh) W2 also runs the fused C reference loop (gcc,
OpenMP, libmvec), timed the same way, its sum checked against NumPy's float64 sum of the same inputs.
--describe prints the peers' environment lines for run.sh's header (versions; the BLAS each peer loaded, its kernel
and thread count, from threadpoolctl in a fresh interpreter per peer; OpenBLAS variables in effect) and exits;
--header FILE prints FILE above the table. A missing peer is reported and skipped; NumPy is needed for the inputs.
W10 (Fashion-MNIST epochs, PyTorch only) is timed per epoch instead, 5 epochs (--smoke: 2 of 200 steps), from the
same gzip IDX files Graft reads (the first of $GRAFT_DATA/fashion-mnist or ~/.graft/data/fashion-mnist, then
/usr/share/datasets/fashion-mnist); its rows are "W10 epoch 1" and "W10 epochs 2-5 mean" (seconds), with the
test accuracy after each epoch in the notes and on stderr.
"""
import argparse, gzip, json, os, re, statistics, subprocess, sys, time

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


WARMUPS, REPS = 3, 5    # the workloads' rule; --smoke lowers them


def timed(fn, rep_time, warmups=None, reps=None):
    """Median seconds per call over reps repetitions, each averaging calls that fill rep_time."""
    warmups = WARMUPS if warmups is None else warmups
    reps = REPS if reps is None else reps
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

    # W9: tanh RNN, input and hidden 256, batch 32, 100 steps; loss = sum(h_T) + sum_t sum(h_t); gradient of W, U, b
    xs9, h09 = T(uniform(14, -1, 1, 100, 32, 256)), T(uniform(15, -1, 1, 32, 256))
    w9, u9, b9 = (T(uniform(s, -0.06, 0.06, *shape)).requires_grad_() for s, shape in ((11, (256, 256)), (12, (256, 256)), (13, (256,))))
    rnn = torch.nn.RNN(256, 256, nonlinearity="tanh")
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(w9.detach().T); rnn.weight_hh_l0.copy_(u9.detach().T)
        rnn.bias_ih_l0.copy_(b9.detach()); rnn.bias_hh_l0.zero_()

    def w9_rnn():
        hs, h_last = rnn(xs9, h09.unsqueeze(0))
        return torch.autograd.grad(h_last.sum() + hs.sum(), list(rnn.parameters()))
    out["W9"] = (w9_rnn, "nn.RNN (fused), autograd")

    def w9_loop():
        h, total = h09, 0
        for t in range(xs9.shape[0]):
            h = torch.tanh(xs9[t] @ w9 + h @ u9 + b9)
            total = total + h.sum()
        return torch.autograd.grad(h.sum() + total, [w9, u9, b9])
    out["W9 unrolled loop"] = (w9_loop, "Python loop, autograd")
    out["W7"] = w7_torch()
    return out


def resnet18_torch(classes=10):
    """torchvision's resnet18 written in plain torch.nn (torchvision may be missing): 7x7/2 stem conv, BatchNorm,
    ReLU, 3x3/2 max pool, BasicBlocks [2, 2, 2, 2] of 64-512 features with 1x1/2 conv + BatchNorm projection
    shortcuts where the shape changes, global average pool, fc. No conv biases; 11,689,512 parameters at 1000 classes."""
    nn = torch.nn

    class Block(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
            self.c2, self.b2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
            self.proj = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                         if stride != 1 or cin != cout else None)

        def forward(self, x):
            h = torch.relu(self.b1(self.c1(x)))
            h = self.b2(self.c2(h))
            return torch.relu(h + (x if self.proj is None else self.proj(x)))

    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for i, cout in enumerate((64, 128, 256, 512)):
        layers += [Block(cin, cout, 1 if i == 0 else 2), Block(cout, cout, 1)]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


def w7_torch(batch=32):
    """W7: one train step of ResNet-18 (the reference network) on 3x32x32 inputs (NCHW, PyTorch's layout), batch 32,
    BatchNorm in train mode, cross-entropy, Adam lr 1e-3; the same images as Graft's W7 (uniform seed 21, NHWC there)
    and labels (7i + 3) mod 10."""
    torch.manual_seed(7)
    model = resnet18_torch(10).train()
    assert sum(p.numel() for p in resnet18_torch(1000).parameters()) == 11_689_512
    x = torch.from_numpy(uniform(21, -1, 1, batch, 32, 32, 3)).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor([(7 * i + 3) % 10 for i in range(batch)])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def w7_step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss
    return (w7_step, "plain torch.nn ResNet-18, autograd, Adam")


# ----------------------------------------------------------------------------------------------------- W10
FMNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def fashion_mnist_dirs():
    """The directories io.graft.data.FashionMnist searches, in its order."""
    data = os.environ.get("GRAFT_DATA", "").strip()
    cache = os.path.join(data, "fashion-mnist") if data else os.path.expanduser("~/.graft/data/fashion-mnist")
    return [cache, "/usr/share/datasets/fashion-mnist"]


def read_idx(path):
    """An IDX file (gzipped or not) as a NumPy array: magic 0 0 dtype-code ndim, big-endian u32 sizes, u8 data."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def fashion_mnist():
    """((train images f32[60000, 784] / 255, labels i64), (test ...)) from the first directory holding all four files,
    or None with the places searched."""
    def find(d, name):
        return next((p for p in (os.path.join(d, name + ".gz"), os.path.join(d, name)) if os.path.isfile(p)), None)
    for d in fashion_mnist_dirs():
        paths = [find(d, n) for n in FMNIST_FILES]
        if all(paths):
            xs, ys, xt, yt = map(read_idx, paths)
            flat = lambda x: (x.reshape(x.shape[0], -1).astype(np.float32) / 255.0)
            return (flat(xs), ys.astype(np.int64)), (flat(xt), yt.astype(np.int64))
    return None


def torch_w10(data, epochs, steps_per_epoch=None):
    """W10 on PyTorch: 784-256-10 ReLU MLP (kernels LeCun-normal as Graft's Dense: N(0, 1) truncated to [-2, 2] times
    sqrt(1 / fan_in) / 0.87962566, zero biases), mean cross-entropy, Adam(1e-3), batch 128 shuffled per epoch (last
    partial batch dropped). [(seconds, test accuracy)] per epoch, and epoch 1's seconds per step."""
    (xs, ys), (xt, yt) = data
    xs, ys, xt, yt = map(torch.from_numpy, (xs, ys, xt, yt))
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            s = (1.0 / layer.in_features) ** 0.5 / 0.87962566103423978
            torch.nn.init.trunc_normal_(layer.weight, 0.0, s, -2 * s, 2 * s)
            layer.bias.zero_()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.functional.cross_entropy
    n, batch = xs.shape[0], 128
    steps = n // batch if steps_per_epoch is None else min(steps_per_epoch, n // batch)
    out, step_secs = [], []
    for epoch in range(1, epochs + 1):
        g = torch.Generator().manual_seed(epoch)
        t0 = time.perf_counter()
        order = torch.randperm(n, generator=g)
        for b in range(steps):
            s0 = time.perf_counter()
            idx = order[b * batch:(b + 1) * batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xs[idx]), ys[idx])
            loss.backward()
            opt.step()
            if epoch == 1:
                step_secs.append(time.perf_counter() - s0)
        secs = time.perf_counter() - t0
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        out.append((secs, acc))
    return out, step_secs


def step_summary(step_secs):
    """Mean ms per step of steps 1-100 against steps 301-400 (or the last 100 of a shorter epoch), as Graft's W10."""
    n = len(step_secs)
    if n <= 100:
        return f"epoch 1 ({n} steps): too few steps to compare steps 1-100 with later ones"
    lo, hi = (301, 400) if n >= 400 else (max(101, n - 99), n)
    first, steady = statistics.mean(step_secs[:100]) * 1e3, statistics.mean(step_secs[lo - 1:hi]) * 1e3
    return f"epoch 1 ({n} steps): steps 1-100 {first:.3f} ms/step, steps {lo}-{hi} {steady:.3f} ms/step (first / steady = {first / steady:.1f})"


# ----------------------------------------------------------------------------------------------------- C reference
def c_w2(binary, rep_time):
    """W2 on the fused C loop (peers/w2_fused.c): (median seconds per call, its f32 sum, threads, check message or
    None when the check passed). Its inputs must be NumPy's (its float64 reference equals NumPy's to 1e-9) and its
    sum NumPy's float64 sum to 1e-4 relative."""
    threads = os.cpu_count()
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    env.pop("OMP_WAIT_POLICY", None)   # PyTorch's PASSIVE is not the C loop's best: libgomp's default spins briefly
    out = subprocess.run([binary, str(1 << 22), str(rep_time), str(WARMUPS), str(REPS)], env=env, check=True,
                         capture_output=True, text=True).stdout
    r = json.loads(out)
    x, y = (v.astype(np.float64) for v in w2_inputs())
    want = float(np.sum(np.tanh(x) * y + np.exp(-x * x)))
    problem = None
    if not abs(r["ref"] - want) <= 1e-9 * abs(want):
        problem = f"its inputs differ from NumPy's: float64 sum {r['ref']!r} vs {want!r}"
    elif not abs(r["sum"] - want) <= 1e-4 * abs(want):
        problem = f"its sum {r['sum']!r} is not NumPy's float64 sum {want!r} within 1e-4"
    return r["seconds"], r["sum"], r["threads"], problem


# ----------------------------------------------------------------------------------------------------- environment
PROBE = r"""
import json, os, re, sys
info = {"error": None}
try:
    import %s as m
    info["version"] = m.__version__
    if "%s" == "torch":
        m.set_num_threads(os.cpu_count()); info["threads"] = m.get_num_threads()
        info["capability"] = m.backends.cpu.get_cpu_capability() if hasattr(m.backends, "cpu") else None
except Exception as e:
    info["error"] = repr(e)
try:
    import threadpoolctl
    info["pools"] = threadpoolctl.threadpool_info()
except ImportError:
    info["pools"] = None
info["maps"] = sorted({l.split()[-1] for l in open("/proc/self/maps") if re.search(r"/lib(blas|openblas|mkl|blis)", l)})
print(json.dumps(info))
"""


def describe_peer(module):
    """One header line on the BLAS that `module` (numpy or torch) loads, probed in a fresh interpreter with this
    process's environment: the library, its kernel (threadpoolctl's 'architecture': OpenBLAS's core name) and
    threads, or a loud line when it is the reference BLAS."""
    r = subprocess.run([sys.executable, "-c", PROBE % (module, module)], capture_output=True, text=True)
    try:
        info = json.loads(r.stdout)
    except ValueError:
        return f"{module}: probe failed: {r.stderr.strip()[-300:]}"
    if info["error"]:
        return f"{module}: not importable ({info['error']})"
    name = {"numpy": "NumPy", "torch": "PyTorch"}[module]
    head = f"{name} {info['version']}" + (f", {info['threads']} threads" if "threads" in info else "") + \
        (f", CPU capability {info['capability']}" if info.get("capability") else "")
    if info["pools"] is None:
        blas = "BLAS kernel unknown: threadpoolctl missing (apt-get install -y python3-threadpoolctl); mapped: " + \
            (", ".join(info["maps"]) or "no BLAS library") + \
            ("; that is the REFERENCE BLAS: apt-get install -y libopenblas0-pthread"
             if any("/blas/libblas" in m for m in info["maps"]) else "")
    else:
        pools = [p for p in info["pools"] if p.get("user_api") == "blas"]
        parts = [f"BLAS {p['internal_api']} {p.get('version')} ({p['filepath']}), kernel "
                 f"{p.get('architecture', '?')}, {p['num_threads']} threads" for p in pools]
        if not pools:
            parts.append("REFERENCE BLAS (netlib: " + (", ".join(info["maps"]) or "no optimised BLAS loaded") +
                         "): NOT at its best; install OpenBLAS: apt-get install -y libopenblas0-pthread")
        parts += [f"OpenMP {os.path.basename(p['filepath'])} {p['num_threads']} threads"
                  for p in info["pools"] if p.get("user_api") == "openmp"]
        blas = "; ".join(parts)
    return f"{head}: {blas}"


def describe():
    """The peers' lines of run.sh's header."""
    lines = [describe_peer("numpy"), describe_peer("torch")]
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            lines.append(f"WARNING: {var}={os.environ[var]} is set for the peers: OpenBLAS may run another kernel "
                         f"than the CPU's (run.sh unsets it)")
    lines.append(f"threads: OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '-')}, "
                 f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')}, "
                 f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '-')}")
    return lines


# ----------------------------------------------------------------------------------------------------- report
def graft_results(paths):
    """({key: seconds per call} eager, the same for jitted): the median of JMH's measurement iterations for each
    Graft benchmark in the JMH json files paths; a method named ...Jit, W8 (first compiled step) and W10 (jitted
    epochs: epoch 1, and the mean of the later ones) go to the jit dict."""
    unit = {"s/op": 1, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
    names = {"W1MatMul": "W1", "W2FusedElementwise": "W2", "W3MlpStep": "W3", "W4PerExampleGrads": "W4",
             "W5Dispatch": "W5", "W6Hessian": "W6", "W8FirstCompile": "W8", "W9Rnn": "W9", "W9Rnn.W9Compile": "W9",
             "W10FashionMnist": "W10", "W7ResNet": "W7"}
    out, jit = {}, {}
    for r in (r for path in paths for r in json.load(open(path))):
        cls, method = r["benchmark"].split(".")[-2:]
        m = r["primaryMetric"]
        if m["scoreUnit"] not in unit:         # throughput benchmarks (W11: calls/s) report their own table
            continue
        raw = [v * unit[m["scoreUnit"]] for fork in m.get("rawData", [[m["score"]]]) for v in fork]
        if cls == "W10FashionMnist":           # SingleShotTime, iteration k = epoch k: epoch 1, and the mean of 2-5
            jit["W10 epoch 1"] = raw[0]
            if len(raw) > 1:
                jit["W10 epochs 2-5 mean"] = statistics.mean(raw[1:])
            continue
        if cls == "W7Bf16":                    # W7 under the bf16 policy: Graft only (its ratio is to Graft's f32 W7)
            cls = "W7-bf16"
        if cls == "W9Compile":                 # trace + compile + first run, and the steady call, per length
            cls, method = "W9Rnn.W9Compile", method + " steps=" + r["params"]["steps"]
        key = names.get(cls, cls)
        if cls == "W9Rnn":                     # jitted grad by scan (the W9 row) and by an unrolled Java loop
            key, method = {"scanGrad": "W9", "scanGradUnhoisted": "W9 scan_hoist off"}.get(method, "W9 unrolled loop"), "Jit"
        elif cls == "W9Rnn.W9Compile":
            key, method = "W9 " + method, "Jit"
        if method.endswith("OwnKernels"):   # the same workload with -Dgraft.gemm=own (Graft's own GEMM)
            key += " own-gemm"
        if method.endswith("SystemBlas"):   # W1 through Debian's OpenBLAS (-Dgraft.blas.library), NumPy's build
            key += " system-blas"
        if cls == "W1MatMul":
            key += " n=" + r["params"]["n"]
        if method == "handCodedFloor":
            key += " floor"
        (jit if method.endswith("Jit") or cls == "W8FirstCompile" else out)[key] = statistics.median(raw)
    return out, jit


def figure(key, secs):
    if key.startswith("W10"):
        return f"{secs:9.3f} s"
    if key.startswith("W1 "):
        n = int(key.split("=")[1])
        return f"{secs * 1e3:9.2f} ms {2 * n ** 3 / secs / 1e9:7.1f} GFLOP/s"
    if key == "W2":
        return f"{secs * 1e3:9.2f} ms {8 * (1 << 22) / secs / 1e9:7.2f} GB/s"
    if key.startswith("W5"):
        return f"{secs * 1e6:9.2f} us"
    return f"{secs * 1e3:9.2f} ms"


def main():
    global WARMUPS, REPS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--filter", default="", help="regex over workload keys ('W1 n=256') or JMH class names ('W1MatMul')")
    ap.add_argument("--graft-json", action="append", help="JMH -rf json results of the Graft run, for the ratio columns (repeatable)")
    ap.add_argument("--rep-time", type=float, default=0.5, help="seconds per timed repetition (default 0.5)")
    ap.add_argument("--c-w2", help="the built W2 C reference loop (peers/w2_fused.c): a peer column for W2")
    ap.add_argument("--describe", action="store_true", help="print the peers' environment lines and exit")
    ap.add_argument("--w7-memory", action="store_true", help="run 6 W7 steps on PyTorch, print the peak RSS and exit")
    ap.add_argument("--header", help="a file to print above the table (run.sh's environment header)")
    ap.add_argument("--smoke", action="store_true", help="1 warm-up, 1 repetition: proves the harness, measures nothing")
    args = ap.parse_args()
    if args.describe:
        print("\n".join(describe()))
        return 0
    if args.w7_memory:
        import resource
        if torch is None:
            sys.exit("run_peers: --w7-memory needs PyTorch (apt-get install python3-torch; run with /usr/bin/python3)")
        torch.set_num_threads(os.cpu_count())
        step, _ = w7_torch()
        for _ in range(1 + 5):
            step()
        print(f"W7 PyTorch after 5 steps (+1 first): peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        return 0
    if args.smoke:
        WARMUPS, REPS = 1, 1
    if np is None:
        sys.exit("run_peers: NumPy is missing (apt-get install python3-numpy; run with /usr/bin/python3): no peer can run")
    if torch is not None:
        torch.set_num_threads(os.cpu_count())
    missing = [] if torch is not None else ["PyTorch (apt-get install python3-torch)"]
    print(f"# peers: NumPy {np.__version__}" + (f", PyTorch {torch.__version__} ({torch.get_num_threads()} threads)"
          if torch is not None else "") + (f"; missing: {', '.join(missing)}" if missing else ""), file=sys.stderr)

    pattern = re.compile(args.filter)
    classes = {"W1": "W1MatMul", "W2": "W2FusedElementwise", "W3": "W3MlpStep", "W4": "W4PerExampleGrads",
               "W5": "W5Dispatch", "W6": "W6Hessian", "W7": "W7ResNet", "W8": "W8FirstCompile", "W9": "W9Rnn",
               "W10": "W10FashionMnist"}
    wanted = lambda key: bool(pattern.search(key) or pattern.search("io.graft.benchmarks." + classes[key.split()[0]]))
    peers = [("NumPy", numpy_workloads)] + ([("PyTorch", torch_workloads)] if torch is not None else [])
    results, notes, wrong, skipped = {}, {}, [], []
    for name, build in peers:
        for key, (fn, note) in build().items():
            if wanted(key):
                results[(name, key)] = timed(fn, args.rep_time)
                notes[(name, key)] = note
                print(f"  {name:8s} {key:10s} {figure(key, results[(name, key)])}  {note}", file=sys.stderr, flush=True)
    if torch is not None and (wanted("W10 epoch 1") or wanted("W10 epochs 2-5 mean")):
        data = fashion_mnist()
        if data is None:
            skipped.append("W10: the Fashion-MNIST files are in none of " + ", ".join(fashion_mnist_dirs())
                         + " (./graft demo fetches them): PyTorch's W10 not run")
        else:
            epochs, steps = (2, 200) if args.smoke else (5, None)
            per_epoch, step_secs = torch_w10(data, epochs, steps)
            for e, (secs, acc) in enumerate(per_epoch, 1):
                print(f"  PyTorch  W10 epoch {e}: {secs:.3f} s, test accuracy {acc:.4f}", file=sys.stderr, flush=True)
            print(f"  PyTorch  W10 {step_summary(step_secs)}", file=sys.stderr, flush=True)
            accs = " ".join(f"{a:.3f}" for _, a in per_epoch)
            results[("PyTorch", "W10 epoch 1")] = per_epoch[0][0]
            notes[("PyTorch", "W10 epoch 1")] = f"test accuracy {per_epoch[0][1]:.3f}"
            results[("PyTorch", "W10 epochs 2-5 mean")] = statistics.mean(s for s, _ in per_epoch[1:])
            notes[("PyTorch", "W10 epochs 2-5 mean")] = f"epochs 2-{epochs}, test accuracy per epoch {accs}"
    if args.c_w2 and wanted("W2"):
        secs, total, threads, problem = c_w2(args.c_w2, args.rep_time)
        peers.append(("C loop", None))
        if problem:
            wrong.append(f"W2 C loop: {problem}")
            notes[("C loop", "W2")] = "WRONG RESULT, not compared"
        else:
            results[("C loop", "W2")] = secs
            notes[("C loop", "W2")] = f"gcc, OpenMP {threads} threads, libmvec"
        print(f"  {'C loop':8s} {'W2':10s} {figure('W2', secs)}  sum {total} ({problem or 'matches NumPy'})",
              file=sys.stderr, flush=True)
    graft, gjit = graft_results(args.graft_json) if args.graft_json else ({}, {})
    keys = sorted({k for _, k in results} | {k for k in graft if wanted(k)} | {k for k in gjit if wanted(k)},
                  key=lambda k: (int(re.match(r"W(\d+)", k).group(1)) if re.match(r"W(\d+)", k) else 99,
                                 int(k.split("=")[1]) if "=" in k else 0, k))

    if args.header:
        print("\n" + open(args.header).read().rstrip())
    cols = ["Graft eager"] * bool(graft) + ["Graft jit"] * bool(gjit) + [p for p, _ in peers]
    print("\n| workload | " + " | ".join(cols) + (" | " + " | ".join(f"Graft / {p}" for p, _ in peers) if graft or gjit else "") + " |")
    print("|---" * (1 + len(cols) + (len(peers) if graft or gjit else 0)) + "|")
    for k in keys:
        row = [figure(k, graft[k]).strip() if k in graft else "-"] if graft else []
        row += [figure(k, gjit[k]).strip() if k in gjit else "-"] if gjit else []
        row += [figure(k, results[(p, k)]).strip() + (f" ({notes[(p, k)]})" if notes.get((p, k)) else "")
                if (p, k) in results else (notes.get((p, k)) or "-") for p, _ in peers]
        if graft or gjit:
            best = gjit.get(k, graft.get(k))   # jit where the workload has a jitted variant
            row += [f"{best / results[(p, k)]:.2f}" if best is not None and (p, k) in results else "-" for p, _ in peers]
        print(f"| {k} | " + " | ".join(row) + " |")
    if graft or gjit:
        print("\nratio = Graft time (jit where it has a jit column, else eager) / peer time (> 1: Graft slower), from this one run.")
    for k in keys:
        if k in graft and k in gjit:
            print(f"{k}: jit / eager = {gjit[k] / graft[k]:.2f}")
    if missing:
        print(f"missing peers: {', '.join(missing)}")
    for w in skipped:
        print(f"not run: {w}")
    for w in wrong:
        print(f"ERROR: {w}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
