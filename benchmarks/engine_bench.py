"""Engine benchmark: bplab vs a hand-written NumPy loop (and PyTorch CPU eager if present).

Run from the repository root::

    python benchmarks/engine_bench.py [--quick] [--rounds N] [--clock wall|cpu]

How it resists noise on a shared two-core machine: one round runs a whole
workload in every implementation at once, interleaved in chunks of a few
milliseconds (a chunk of bplab, a chunk of the hand loop, alternating which
goes first, then a chunk of PyTorch), so that all of them see the same load
from the neighbours.  Each implementation's time for the round is the sum of
its chunks.  Steps per second are the median over the rounds (11; 5 with
``--quick``), and the ratios are the median of the per-round ratios.

The hand loops are honest NumPy code doing the same work as bplab (same
arrays, same shuffle order, same per-epoch evaluation) and use ``np.dot``,
which dispatches faster than ``@`` on small arrays; the final weights (or
outputs) are compared with bplab's to prove it is the same work, and the
maximum difference is printed.  PyTorch runs in float64 so that it does the
same arithmetic; it uses autograd and ``torch.optim.SGD`` as a PyTorch user
would.

On a busy machine, multi-threaded BLAS makes workloads 3 and 4 erratic (a
BLAS thread waiting for its partner core); ``OPENBLAS_NUM_THREADS=1`` gives
steady numbers, and PyTorch is then given the same number of threads.

This is a benchmark, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bplab.engine import Network, Split, Trainer, initial_parameters, make_optimizer

try:  # optional: the project never depends on torch
    import torch
except ImportError:  # pragma: no cover - depends on the machine
    torch = None

Array = np.ndarray
Params = tuple[list[Array], list[Array]]


# -- data ---------------------------------------------------------------------
def spiral_points(n: int, noise: float, seed: int) -> tuple[Array, Array]:
    """Two interleaved spiral arms (class 0 and 1), points jittered by ``noise``."""
    rng = np.random.default_rng(seed)
    n0 = n - n // 2
    xs, ys = [], []
    for label, (count, phase) in enumerate(((n0, 0.0), (n // 2, math.pi))):
        r = np.linspace(0.0, 5.0, count, endpoint=False)
        theta = 1.75 * r / 5.0 * 2.0 * math.pi + phase
        xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ys.append(np.full(count, label, np.int64))
    x = np.concatenate(xs) + rng.uniform(-1.0, 1.0, (n, 2)) * noise
    return x, np.concatenate(ys)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


# -- activations for the hand loops ----------------------------------------------
def sigmoid(x: Array) -> Array:
    return 1 / (1 + np.exp(-x))  # the article's formula


def relu(x: Array) -> Array:
    return np.maximum(x, 0.0)


def softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# -- workloads ----------------------------------------------------------------------
@dataclass
class Runner:
    """One implementation of a workload, set up (untimed) and ready to run."""

    chunk: Callable[[], object]  # advance by one chunk of steps (timed)
    result: Callable[[], list[Array]]  # final weights or outputs, for the sanity check


@dataclass
class Workload:
    name: str
    chunks: int  # chunks in one round
    chunk_steps: int  # steps (mini-batch updates, or grid evaluations) per chunk
    bplab: Callable[[], Runner]
    hand: Callable[[], Runner]
    torch: Callable[[], Runner] | None
    exact: bool  # the hand loop must match bplab bit for bit

    @property
    def steps(self) -> int:
        return self.chunks * self.chunk_steps


def xor_workload(chunks: int) -> Workload:
    every = 100  # loss recorded every 100 epochs; a chunk is 100 epochs

    def bplab_setup() -> Runner:
        net = Network([2, 2, 1], ["sigmoid", "sigmoid"], "squared_error", "sum")
        net.set_parameters(*initial_parameters("article", net.sizes, 1))
        opt = make_optimizer("sgd", net.parameters(), 0.1)
        trainer = Trainer(net, opt, Split(XOR_X, XOR_Y), batch_size=4, shuffle=False,
                          record_every=every)

        def result() -> list[Array]:
            assert len(trainer.history) == trainer.epoch // every
            return [*net.W, *net.b]

        return Runner(lambda: trainer.run_epochs(every), result)

    def hand_setup() -> Runner:
        # The article's loop as printed (shape bug corrected, as in
        # tests/test_engine_training.py).  Spelling np.sum(d, axis=0) as
        # d.sum(axis=0) skips a Python-level wrapper and makes this loop about
        # 8% faster; the article's spelling is kept as the reference.
        X, y = XOR_X.copy(), XOR_Y.copy()
        rs = np.random.RandomState(1)
        W1, b1, W2, b2 = rs.randn(2, 2), rs.randn(2), rs.randn(2, 1), rs.randn(1)
        lr = 0.1
        losses: list[float] = []

        def chunk() -> None:
            nonlocal W1, b1, W2, b2  # updated with += as in the article
            for _epoch in range(every):
                layer1 = sigmoid(np.dot(X, W1) + b1)
                layer2 = sigmoid(np.dot(layer1, W2) + b2)
                error = y - layer2
                delta2 = error * (layer2 * (1 - layer2))
                delta1 = np.dot(delta2, W2.T) * (layer1 * (1 - layer1))
                W2 += lr * np.dot(layer1.T, delta2)
                b2 += lr * np.sum(delta2, axis=0)
                W1 += lr * np.dot(X.T, delta1)
                b1 += lr * np.sum(delta1, axis=0)
            out = sigmoid(np.dot(sigmoid(np.dot(X, W1) + b1), W2) + b2)
            e = y - out
            losses.append(0.5 * float(np.sum(e * e)))

        return Runner(chunk, lambda: [W1, W2, b1, b2])

    def torch_setup() -> Runner:
        W, b = initial_parameters("article", [2, 2, 1], 1)
        model = _torch_mlp([2, 2, 1], ["sigmoid", "sigmoid"], (W, b))
        X, y = torch.from_numpy(XOR_X), torch.from_numpy(XOR_Y)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        losses: list[float] = []

        def chunk() -> None:
            for _epoch in range(every):
                opt.zero_grad()
                loss = 0.5 * ((model(X) - y) ** 2).sum()
                loss.backward()
                opt.step()
            with torch.no_grad():
                losses.append(float(0.5 * ((model(X) - y) ** 2).sum()))

        return Runner(chunk, lambda: [])

    return Workload(f"1 XOR 2-2-1 full batch, {chunks * every} epochs", chunks, every,
                    bplab_setup, hand_setup, torch_setup if torch else None, exact=True)


def minibatch_workload(
    name: str, sizes: list[int], acts: list[str], loss: str, n_train: int, n_test: int,
    batch: int, chunks: int, chunk_steps: int, lr: float, init: str,
) -> Workload:
    """Shuffled mini-batch SGD with train (and test) metrics after every epoch."""
    x_all, labels_all = spiral_points(n_train + n_test, 0.1, seed=7)
    order = np.random.default_rng(8).permutation(n_train + n_test)
    x_tr, x_te = x_all[order[:n_train]], x_all[order[n_train:]]
    lab_tr, lab_te = labels_all[order[:n_train]], labels_all[order[n_train:]]
    softmax_out = acts[-1] == "softmax"
    if softmax_out:  # one-hot targets, accuracy from argmax
        t_tr, t_te = np.eye(2)[lab_tr], np.eye(2)[lab_te]
        split_tr, split_te = Split(x_tr, t_tr, lab_tr), Split(x_te, t_te, lab_te)
    else:  # tanh output, ±1 targets, losses only
        t_tr, t_te = 2.0 * lab_tr[:, None] - 1.0, 2.0 * lab_te[:, None] - 1.0
        split_tr, split_te = Split(x_tr, t_tr), Split(x_te, t_te)
    has_test = n_test > 0
    seed = 3

    def bplab_setup() -> Runner:
        net = Network(sizes, acts, loss, "mean")
        net.set_parameters(*initial_parameters(init, sizes, 5))
        opt = make_optimizer("sgd", net.parameters(), lr)
        trainer = Trainer(net, opt, split_tr, split_te if has_test else None,
                          batch_size=batch, shuffle=True, seed=seed)
        return Runner(lambda: trainer.run_steps(chunk_steps), lambda: [*net.W, *net.b])

    def hand_setup() -> Runner:
        W, b = initial_parameters(init, sizes, 5)
        f_hidden = {"tanh": np.tanh, "relu": relu}[acts[0]]
        hidden_deriv = {
            "tanh": lambda z, h: 1.0 - h * h,
            "relu": lambda z, h: (z > 0).astype(z.dtype),
        }[acts[0]]
        f_out = softmax if softmax_out else np.tanh
        x, t = np.ascontiguousarray(x_tr), np.ascontiguousarray(t_tr)
        n, n_layers = len(x), len(W)
        rng = np.random.default_rng(seed)  # same shuffle stream as the Trainer
        state = {"perm": rng.permutation(n), "position": 0}
        history: list[tuple[float, ...]] = []

        def forward(xb: Array) -> tuple[list[Array], list[Array]]:
            hs, zs = [xb], []
            for i in range(n_layers):
                z = np.dot(hs[-1], W[i]) + b[i]
                zs.append(z)
                hs.append(f_out(z) if i == n_layers - 1 else f_hidden(z))
            return zs, hs

        def loss_acc(xs: Array, ts: Array, labs: Array) -> tuple[float, float]:
            zs, hs = forward(xs)
            if softmax_out:
                z = zs[-1]
                top = z.max(axis=1, keepdims=True)
                lse = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
                value = float((lse - (ts * z).sum(axis=1)).sum()) / len(xs)
                return value, float(np.mean(hs[-1].argmax(axis=1) == labs))
            diff = ts - hs[-1]
            return float((0.5 * (diff * diff).sum(axis=1)).sum()) / len(xs), math.nan

        def chunk() -> None:
            perm, start = state["perm"], state["position"]
            for _ in range(chunk_steps):
                idx = perm[start:start + batch]
                start += len(idx)
                xb, tb = x[idx], t[idx]
                zs, hs = forward(xb)
                y_hat = hs[-1]
                if softmax_out:
                    d = (y_hat - tb) / len(xb)
                else:
                    d = (y_hat - tb) * (1.0 - y_hat * y_hat) / len(xb)
                grads = []
                for i in range(n_layers - 1, -1, -1):
                    grads.append((np.dot(hs[i].T, d), d.sum(axis=0)))
                    if i:
                        d = np.dot(d, W[i].T) * hidden_deriv(zs[i - 1], hs[i])
                for i, (gw, gb) in zip(range(n_layers - 1, -1, -1), grads, strict=True):
                    W[i] -= lr * gw
                    b[i] -= lr * gb
                if start >= n:  # end of the epoch: new order, metrics
                    perm, start = rng.permutation(n), 0
                    record = loss_acc(x, t, lab_tr)
                    if has_test:
                        record += loss_acc(x_te, t_te, lab_te)
                    history.append(record)
            state["perm"], state["position"] = perm, start

        return Runner(chunk, lambda: [*W, *b])

    def torch_setup() -> Runner:
        W, b = initial_parameters(init, sizes, 5)
        model = _torch_mlp(sizes, acts, (W, b), logits=softmax_out)
        x, t = torch.from_numpy(x_tr), torch.from_numpy(t_tr)
        xt, tt = torch.from_numpy(x_te), torch.from_numpy(t_te)
        ltr, lte = torch.from_numpy(lab_tr), torch.from_numpy(lab_te)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        gen = torch.Generator().manual_seed(seed)
        n = len(x)
        ce = torch.nn.CrossEntropyLoss()
        state = {"perm": torch.randperm(n, generator=gen), "position": 0}
        history: list[list[float]] = []

        def loss_fn(out: torch.Tensor, target: torch.Tensor, lab: torch.Tensor) -> torch.Tensor:
            if softmax_out:
                return ce(out, lab)
            return 0.5 * ((out - target) ** 2).sum(dim=1).mean()

        def metrics(xs: torch.Tensor, ts: torch.Tensor, labs: torch.Tensor) -> list[float]:
            out = model(xs)
            record = [float(loss_fn(out, ts, labs))]
            if softmax_out:
                record.append(float((out.argmax(dim=1) == labs).double().mean()))
            return record

        def chunk() -> None:
            perm, start = state["perm"], state["position"]
            for _ in range(chunk_steps):
                idx = perm[start:start + batch]
                start += len(idx)
                opt.zero_grad()
                loss_fn(model(x[idx]), t[idx], ltr[idx]).backward()
                opt.step()
                if start >= n:
                    perm, start = torch.randperm(n, generator=gen), 0
                    with torch.no_grad():
                        record = metrics(x, t, ltr)
                        if has_test:
                            record += metrics(xt, tt, lte)
                    history.append(record)
            state["perm"], state["position"] = perm, start

        return Runner(chunk, lambda: [])

    return Workload(name, chunks, chunk_steps, bplab_setup, hand_setup,
                    torch_setup if torch else None, exact=False)


def grid_workload(chunks: int) -> Workload:
    per_chunk = 5
    sizes, acts = [2, 8, 8, 1], ["tanh", "tanh", "tanh"]
    side = np.linspace(-6.0, 6.0, 100)
    gx, gy = np.meshgrid(side, side)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    params = initial_parameters("glorot", sizes, 11)

    # Like a view refreshing its heatmaps, each runner keeps the previous
    # outputs alive until the new ones are ready (this matters to the allocator).
    def bplab_setup() -> Runner:
        net = Network(sizes, acts)
        net.set_parameters(*params)
        last: list[list[Array]] = [[]]

        def chunk() -> None:
            for _ in range(per_chunk):
                last[0] = net.neuron_outputs(grid)

        return Runner(chunk, lambda: last[0])

    def hand_setup() -> Runner:
        W, b = params
        last: list[list[Array]] = [[]]

        def neuron_outputs(x: Array) -> list[Array]:
            a = np.ascontiguousarray(x.T)  # neuron-major: one row per neuron
            outs = [a]
            for Wl, bl in zip(W, b, strict=True):
                z = np.dot(Wl.T, a)
                z += bl[:, None]
                a = np.tanh(z)
                outs.append(a)
            return outs

        def chunk() -> None:
            for _ in range(per_chunk):
                last[0] = neuron_outputs(grid)

        return Runner(chunk, lambda: last[0])

    def torch_setup() -> Runner:
        W = [torch.from_numpy(np.ascontiguousarray(w.T)) for w in params[0]]  # (out, in)
        b = [torch.from_numpy(v[:, None].copy()) for v in params[1]]
        g = torch.from_numpy(grid)
        last: list[list[torch.Tensor]] = [[]]

        def neuron_outputs(x: torch.Tensor) -> list[torch.Tensor]:
            a = x.T.contiguous()
            outs = [a]
            for Wl, bl in zip(W, b, strict=True):
                a = torch.tanh(torch.addmm(bl, Wl, a))
                outs.append(a)
            return outs

        def chunk() -> None:
            with torch.no_grad():
                for _ in range(per_chunk):
                    last[0] = neuron_outputs(g)

        return Runner(chunk, lambda: [])

    return Workload(f"4 neuron_outputs 2-8-8-1, 100x100 grid, {chunks * per_chunk} evals",
                    chunks, per_chunk, bplab_setup, hand_setup,
                    torch_setup if torch else None, exact=True)


def _torch_mlp(sizes: list[int], acts: list[str], params: Params,
               logits: bool = False) -> torch.nn.Module:
    """A float64 torch.nn.Sequential with bplab's initial parameters copied in."""
    mods: list[torch.nn.Module] = []
    fns = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    for i, (a, c) in enumerate(itertools.pairwise(sizes)):
        lin = torch.nn.Linear(a, c, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(params[0][i].T))
            lin.bias.copy_(torch.from_numpy(params[1][i]))
        mods.append(lin)
        if not (logits and i == len(acts) - 1):  # CrossEntropyLoss takes logits
            mods.append(fns[acts[i]]())
    return torch.nn.Sequential(*mods)


# -- measuring ----------------------------------------------------------------------
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def sanity_check(w: Workload) -> str:
    """Run bplab and the hand loop once: they must do the same work."""
    ours, theirs = w.bplab(), w.hand()
    for _ in range(w.chunks):
        ours.chunk()
        theirs.chunk()
    a, b = ours.result(), theirs.result()
    diff = max(float(np.max(np.abs(p - q))) for p, q in zip(a, b, strict=True))
    if (w.exact and diff != 0.0) or diff > 1e-9:
        raise SystemExit(f"{w.name}: bplab and the hand loop differ by {diff:g}")
    return f"max |bplab - hand| = {diff:.1e}"


def one_round(w: Workload, clock: Callable[[], float], flip: bool) -> dict[str, float]:
    """Every implementation runs the whole workload, interleaved chunk by chunk."""
    setups = {"bplab": w.bplab, "hand": w.hand}
    if w.torch is not None:
        setups["torch"] = w.torch
    runners = {name: setup() for name, setup in setups.items()}  # untimed
    total = dict.fromkeys(runners, 0.0)
    for c in range(w.chunks):
        pair = ["bplab", "hand"] if (c % 2 == 0) != flip else ["hand", "bplab"]
        for name in pair + list(runners)[2:]:
            start = clock()
            runners[name].chunk()
            total[name] += clock() - start
    return total


def measure(w: Workload, rounds: int,
            clock: Callable[[], float]) -> tuple[dict[str, float], dict[str, float]]:
    """Median steps/s per implementation, and median per-round speed ratios."""
    one_round(w, clock, False)  # warm-up: caches, BLAS threads, torch's first calls
    times = [one_round(w, clock, r % 2 == 1) for r in range(rounds)]
    rate = {k: w.steps / statistics.median(t[k] for t in times) for k in times[0]}
    ratios = {"bplab/hand": statistics.median(t["hand"] / t["bplab"] for t in times)}
    if "torch" in rate:
        ratios["hand/torch"] = statistics.median(t["torch"] / t["hand"] for t in times)
    return rate, ratios


def _loadavg() -> str:
    # Other work on a shared machine is the main source of noise: show it.
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except (AttributeError, OSError):  # not on every platform
        return "unknown"


def header(rounds: int, clock_name: str) -> None:
    print("bplab engine benchmark")
    usable = (f"  usable CPUs={len(os.sched_getaffinity(0))}"
              if hasattr(os, "sched_getaffinity") else "")
    print(f"  python {platform.python_version()}  numpy {np.__version__}  "
          f"os.cpu_count()={os.cpu_count()}{usable}")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        print(f"  {var}={os.environ.get(var, '(unset)')}")
    if torch is None:
        print("  torch: not importable; the torch columns are skipped")
    else:
        blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "")
        if blas_threads.isdigit() and int(blas_threads) > 0:
            torch.set_num_threads(int(blas_threads))  # the same thread budget as NumPy
        print(f"  torch {torch.__version__}  threads={torch.get_num_threads()}  (float64)")
    print(f"  rounds={rounds}, chunk-interleaved; clock={clock_name}; "
          f"load average at start: {_loadavg()}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="half-size rounds, 5 of them")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per workload")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="wall: elapsed time (default); cpu: CPU time of this process, "
                        "all threads, which a busy neighbour inflates less")
    args = parser.parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 11)
    half = 2 if args.quick else 1
    clock = CLOCKS[args.clock]
    header(rounds, args.clock)
    workloads = [
        xor_workload(20 // half),  # 100 epochs per chunk
        minibatch_workload("2 spiral 2-8-8-1 tanh, 500 pts, batch 10", [2, 8, 8, 1],
                           ["tanh", "tanh", "tanh"], "squared_error", 500, 500, 10,
                           chunks=8 // half, chunk_steps=50, lr=0.03, init="glorot"),
        minibatch_workload("3 2-64-64-64-2 ReLU softmax CE, 10k pts, batch 256",
                           [2, 64, 64, 64, 2], ["relu", "relu", "relu", "softmax"],
                           "softmax_cross_entropy", 10_000, 0, 256,
                           chunks=8 // half, chunk_steps=10, lr=0.05, init="he"),
        grid_workload(12 // half),  # 5 evaluations per chunk
    ]
    rows = []
    for w in workloads:
        note = sanity_check(w)
        rate, ratios = measure(w, rounds, clock)
        rows.append((w, rate, ratios, note))
        print(f"  measured: {w.name}", file=sys.stderr)

    cols = ("workload", "steps/round", "bplab st/s", "hand st/s", "bplab/hand", "torch st/s",
            "hand/torch")
    widths = (52, 11, 11, 11, 10, 11, 10)

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(wd) if i == 0 else c.rjust(wd)
                         for i, (c, wd) in enumerate(zip(cells, widths, strict=True)))

    print(line(cols))
    print("-" * len(line(cols)))
    worst = math.inf
    for w, rate, ratios, _ in rows:
        worst = min(worst, ratios["bplab/hand"])
        t = rate.get("torch")
        print(line((w.name, str(w.steps), f"{rate['bplab']:,.0f}", f"{rate['hand']:,.0f}",
                    f"{ratios['bplab/hand']:.2f}", "-" if t is None else f"{t:,.0f}",
                    "-" if t is None else f"{ratios['hand/torch']:.2f}")))
    print("\nsteps/s: median over rounds; ratios: median of the per-round ratios.")
    for w, _, _, note in rows:
        print(f"  {w.name}: {note}")
    print(f"worst bplab/hand ratio: {worst:.2f} (target >= 0.90); "
          f"load average at end: {_loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
