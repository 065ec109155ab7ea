"""Headless training as a user runs it: ``bplab train`` against a hand-written loop.

Run from the repository root::

    python benchmarks/long_run_bench.py [--quick] [--rounds N] [--long] [--instructions]

Each comparison times whole processes, start-up and saving included, as a user
would see them:

1. ``bplab train resources/examples/article-xor.json --epochs 100000`` against
   the article's XOR code with only its shape bug corrected
   (``tests/article_code.py``), run as a script for the same 100,000 epochs
   with no printing but one line of final weights.
2. The 2-8-8-1 tanh spiral (inputs x1, x2; batch 10; learning rate 0.03;
   300 epochs) from an experiment file, against a hand-written NumPy loop with
   the same data, the same first weights and the same shuffling
   (``np.random.default_rng(seed).permutation`` per epoch), fed from an
   ``.npz`` the benchmark writes beforehand.

The two programs of a comparison alternate (which goes first changes every
round), and the speed ratio is the hand loop's median time divided by
bplab's (the target is ≥ 0.85).  Both wall time and the children's CPU time
are reported: on a shared machine the CPU time is the steadier of the two.
Each comparison checks that both programs end with the same weights, so they
did the same work.

bplab's modules are compiled to bytecode first, as installing bplab does:
with ``PYTHONDONTWRITEBYTECODE`` set every process would otherwise compile
them again, which no installed copy does.

It also reports what the history costs: the share of the training time that
evaluation takes under the automatic record schedule (measured in-process
against the same run without evaluation), the trained file's size, and with
``--long`` a million epochs of the XOR (file size and saving time).

On a loaded machine wall times move by tens of percent from run to run.
``--instructions`` also runs each program once under valgrind's cachegrind
and compares the instructions executed, a figure no neighbour can disturb
(it takes several minutes).

This is a benchmark, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's bplab, here and in the child processes
ARTICLE = ROOT / "resources" / "examples" / "article-xor.json"
XOR_EPOCHS = 100_000
SPIRAL_EPOCHS = 300
TARGET = 0.85

HAND_XOR = (ROOT / "tests" / "article_code.py").read_text(encoding="utf-8") + '''

if __name__ == "__main__":
    import sys

    W1, b1, W2, b2 = article_loop(int(sys.argv[1]))
    print(repr([W1.tolist(), b1.tolist(), W2.tolist(), b2.tolist()]))
'''

HAND_SPIRAL = '''"""2-8-8-1 tanh net, squared error averaged over a batch, gradient descent."""
import sys

import numpy as np

d = np.load(sys.argv[1])
X, Y = d["x"], d["t"]
W1, b1, W2, b2, W3, b3 = (d[k].copy() for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
lr, batch, epochs = 0.03, 10, int(sys.argv[2])
rng = np.random.default_rng(int(d["seed"]))
n = len(X)
order = rng.permutation(n)
for epoch in range(epochs):
    for start in range(0, n, batch):
        idx = order[start:start + batch]
        x, y = X[idx], Y[idx]
        h1 = np.tanh(np.dot(x, W1) + b1)
        h2 = np.tanh(np.dot(h1, W2) + b2)
        out = np.tanh(np.dot(h2, W3) + b3)
        d3 = (out - y) * (1.0 - out * out) / len(y)
        d2 = np.dot(d3, W3.T) * (1.0 - h2 * h2)
        d1 = np.dot(d2, W2.T) * (1.0 - h1 * h1)
        W3 -= lr * np.dot(h2.T, d3)
        b3 -= lr * d3.sum(axis=0)
        W2 -= lr * np.dot(h1.T, d2)
        b2 -= lr * d2.sum(axis=0)
        W1 -= lr * np.dot(x.T, d1)
        b1 -= lr * d1.sum(axis=0)
    order = rng.permutation(n)
print(repr([W1.tolist(), b1.tolist(), W2.tolist(), b2.tolist(), W3.tolist(), b3.tolist()]))
'''


def spiral_experiment() -> dict:
    """The 2-8-8-1 spiral of engine_bench.py and gui_bench.py, as an experiment file."""
    return {
        "format": "bplab-experiment", "version": 2, "name": "spiral 2-8-8-1",
        "data": {"generator": "spiral", "features": ["x1", "x2"], "seed": 0},
        "architecture": {"hidden": [8, 8], "activations": ["tanh", "tanh"],
                         "output_activation": "tanh"},
        "training": {"learning_rate": 0.03, "batch_size": 10, "shuffle": True, "seed": 0,
                     "initializer": "uniform", "record_every": "auto"},
        "state": None,
    }


def spiral_arrays(path: Path, out: Path) -> None:
    """The training points, targets and first weights bplab uses, for the hand loop."""
    from bplab.experiment import Session, load_experiment

    s = Session(load_experiment(path))
    net, tr = s.network, s.trainer
    arrays = {"x": tr.train.x, "t": tr.train.t, "seed": np.int64(s.experiment.training.seed)}
    for i, (w, b) in enumerate(zip(net.W, net.b, strict=True), start=1):
        arrays[f"W{i}"], arrays[f"b{i}"] = w, b
    np.savez(out, **arrays)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) and stdout of a whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def saved_weights(path: Path) -> list:
    state = json.loads(path.read_text(encoding="utf-8"))["state"]
    out = []
    for w, b in zip(state["weights"], state["biases"], strict=True):
        out += [w, b]
    return out


def compare(name: str, bplab_cmd: list[str], hand_cmd: list[str], out: Path, rounds: int,
            env: dict[str, str]) -> dict:
    times: dict[str, list[tuple[float, float]]] = {"bplab": [], "hand": []}
    hand_out = ""
    for r in range(rounds):
        order = ("bplab", "hand") if r % 2 == 0 else ("hand", "bplab")
        for who in order:
            wall, cpu, stdout = run(bplab_cmd if who == "bplab" else hand_cmd, env)
            times[who].append((wall, cpu))
            if who == "hand":
                hand_out = stdout
    ours = [np.asarray(a, float) for a in saved_weights(out)]
    theirs = [np.asarray(a, float) for a in eval_literal(hand_out)]
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(ours, theirs, strict=True))
    med = {who: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
           for who, t in times.items()}
    return {"name": name, "bplab": med["bplab"], "hand": med["hand"],
            "wall_ratio": med["hand"][0] / med["bplab"][0],
            "cpu_ratio": med["hand"][1] / med["bplab"][1], "max_weight_diff": diff,
            "file_bytes": out.stat().st_size}


def eval_literal(text: str) -> list:
    import ast

    return ast.literal_eval(text.strip())


def evaluation_share(path: Path, epochs: int) -> tuple[float, int, int]:
    """Share of the training time spent evaluating under the automatic schedule.

    Timed in-process around each record (CPU time of this thread), against the
    rest of the run: a direct measure, steadier on a loaded machine than the
    difference of two whole runs.  It counts the training set's forward pass,
    which the next full-batch step then reuses, so it errs on the high side.
    """
    from bplab.experiment import Session, load_experiment

    s = Session(load_experiment(path))
    tr = s.trainer
    spent = [0.0]
    record = tr.record

    def timed_record() -> None:
        t0 = time.thread_time()
        record()
        spent[0] += time.thread_time() - t0

    tr.record = timed_record  # type: ignore[method-assign]
    t0 = time.thread_time()
    tr.run_epochs(epochs, record_last=False)
    total = time.thread_time() - t0
    return spent[0] / (total - spent[0]), len(tr.history), tr.history.row_count()


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions a whole process executes, counted by valgrind (no cache simulation)."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", *cmd], capture_output=True,
                          text=True, env={**env, "PYTHONHASHSEED": "0"}, check=False)
    for line in done.stderr.splitlines():
        if "I" in line and "refs:" in line:
            return int(line.rsplit(":", 1)[1].replace(",", "").strip())
    raise SystemExit(f"valgrind gave no count for {' '.join(cmd)}:\n{done.stderr[-2000:]}")


def million(env: dict[str, str], folder: Path) -> None:
    from bplab.experiment import Session, load_experiment, save_experiment

    s = Session(load_experiment(ARTICLE))
    t0 = time.perf_counter()
    s.trainer.run_epochs(1_000_000)
    train_s = time.perf_counter() - t0
    out = folder / "million.json"
    t0 = time.perf_counter()
    save_experiment(s.to_experiment(), out)
    save_s = time.perf_counter() - t0
    h = s.trainer.history
    print(f"\n1,000,000 epochs of the article's XOR: trained in {train_s:.1f} s; "
          f"{len(h):,} records, {h.row_count():,} rows kept; saved in {save_s * 1000:.0f} ms; "
          f"file {out.stat().st_size / 1e6:.2f} MB (target < 2 MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds")
    ap.add_argument("--rounds", type=int, help="rounds per comparison (default 7; 3 quick)")
    ap.add_argument("--long", action="store_true", help="also train a million XOR epochs")
    ap.add_argument("--instructions", action="store_true",
                    help="also count instructions with valgrind (minutes)")
    args = ap.parse_args()
    rounds = args.rounds or (3 if args.quick else 7)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    py = sys.executable
    compileall.compile_dir(ROOT / "bplab", quiet=1)
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} at start; {rounds} rounds each")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "hand_xor.py").write_text(HAND_XOR, encoding="utf-8")
        (folder / "hand_spiral.py").write_text(HAND_SPIRAL, encoding="utf-8")
        spiral = folder / "spiral.json"
        spiral.write_text(json.dumps(spiral_experiment()), encoding="utf-8")
        spiral_arrays(spiral, folder / "spiral.npz")
        workloads = [
            (f"article XOR, {XOR_EPOCHS:,} epochs",
             [py, "-m", "bplab", "train", str(ARTICLE), "--epochs", str(XOR_EPOCHS),
              "--out", str(folder / "xor-out.json")],
             [py, str(folder / "hand_xor.py"), str(XOR_EPOCHS)], folder / "xor-out.json",
             rounds),
            (f"spiral 2-8-8-1, batch 10, {SPIRAL_EPOCHS} epochs",
             [py, "-m", "bplab", "train", str(spiral), "--epochs", str(SPIRAL_EPOCHS),
              "--out", str(folder / "spiral-out.json")],
             [py, str(folder / "hand_spiral.py"), str(folder / "spiral.npz"),
              str(SPIRAL_EPOCHS)], folder / "spiral-out.json", 2 * rounds + 1),
        ]
        results = [compare(name, ours, hand, out, n, env)
                   for name, ours, hand, out, n in workloads]
        print(f"\n{'workload':<36} {'bplab s':>8} {'hand s':>8} {'speed ratio':>12} "
              f"{'CPU ratio':>10} {'target':>7} {'weights':>9} {'file':>9}")
        for r in results:
            ok = "ok" if r["wall_ratio"] >= TARGET else "MISSED"
            print(f"{r['name']:<36} {r['bplab'][0]:>8.3f} {r['hand'][0]:>8.3f} "
                  f"{r['wall_ratio']:>11.2f}x {r['cpu_ratio']:>9.2f}x {ok:>7} "
                  f"{'same' if r['max_weight_diff'] == 0 else r['max_weight_diff']:>9} "
                  f"{r['file_bytes'] / 1e3:>7.0f} kB")
        print("(speed ratio: hand loop's median wall time / bplab's, whole processes; "
              f"target ≥ {TARGET}. CPU ratio: the same with user+system CPU time.)")
        if args.instructions:
            print("\nInstructions executed (valgrind), hand loop / bplab:")
            for name, ours, hand, _, _ in workloads:
                a, b = instructions(hand, env), instructions(ours, env)
                print(f"  {name:<36} {a / b:.3f}  ({a / 1e9:.2f} G / {b / 1e9:.2f} G)")
        print("\nEvaluation under the automatic record schedule (CPU time in records / the "
              "rest of the training; target ≤ ~5%):")
        from bplab.experiment import Session, load_experiment

        for label, path, epochs in (("article XOR", ARTICLE, XOR_EPOCHS),
                                    ("spiral 2-8-8-1", spiral, SPIRAL_EPOCHS),
                                    ("spiral 2-8-8-1", spiral, SPIRAL_EPOCHS * 10)):
            share, records, rows = evaluation_share(path, epochs)
            k = Session(load_experiment(path)).trainer.auto_interval()
            print(f"  {label}, {epochs:,} epochs: {100 * share:.1f}% "
                  f"({records:,} evaluations, from every epoch ramping to every {k}; "
                  f"{rows:,} history rows kept)")
        if args.long:
            million(env, folder)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
