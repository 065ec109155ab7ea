"""Exported NumPy and PyTorch scripts train exactly like the engine.

Each test builds a session, exports a script, runs it in a subprocess and
trains the session itself for the same number of epochs: the printed losses
must agree with the engine's history to 1e-9 (relative).  The NumPy script
uses the engine's operations in the engine's order, so in practice it agrees
bit for bit; PyTorch agrees to rounding error in float64.
"""

from __future__ import annotations

import ast
import importlib.util
import math
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    Points,
    Session,
    TrainingSettings,
)
from bplab.export import numpy_script, torch_script

RTOL = 1e-9
EPOCH_LINE = re.compile(r"^epoch (\d+): train loss (\S+)(?: test loss (\S+))?$")


# -- experiments -----------------------------------------------------------------------
def article_xor() -> Experiment:
    """The article's XOR: 2-2-1 sigmoid, ½Σ(y − ŷ)², η = 0.1, all four points per step."""
    return Experiment(
        name="Article XOR",
        data=DataSpec(generator="article_xor"),
        architecture=Architecture(hidden=[2], activations=["sigmoid"],
                                  output_activation="sigmoid"),
        training=TrainingSettings(loss="squared_error", reduction="sum", optimizer="sgd",
                                  learning_rate=0.1, batch_size=4, shuffle=False,
                                  initializer="article", seed=1),
    )


def circle_momentum() -> Experiment:
    return Experiment(
        name="Circle, momentum + L2",
        data=DataSpec(generator="circle", noise=0.1, seed=3),
        architecture=Architecture(hidden=[4, 2], activations=["tanh", "tanh"],
                                  output_activation="tanh"),
        training=TrainingSettings(loss="squared_error", reduction="mean", optimizer="momentum",
                                  optimizer_params={"momentum": 0.8}, learning_rate=0.03,
                                  batch_size=10, shuffle=True, regularization="l2",
                                  regularization_rate=0.003, seed=5),
    )


def gauss3_adam() -> Experiment:
    return Experiment(
        name="Three Gaussians, softmax + Adam",
        data=DataSpec(generator="gauss3", noise=0.3, seed=2),
        architecture=Architecture(hidden=[6], activations=["swish"],
                                  output_activation="softmax"),
        training=TrainingSettings(loss="softmax_cross_entropy", optimizer="adam",
                                  optimizer_params={"beta1": 0.85}, learning_rate=0.01,
                                  batch_size=16, initializer="glorot", seed=7, record_every=3),
    )


def spiral_rmsprop() -> Experiment:
    return Experiment(
        name="Spiral, BCE + RMSProp + L1",
        data=DataSpec(generator="spiral", noise=0.1, seed=4,
                      features=["x1", "x2", "x1_sq", "x2_sq", "sin_x1", "sin_x2"]),
        architecture=Architecture(hidden=[6, 4], activations=["elu", "softplus"],
                                  output_activation="sigmoid"),
        training=TrainingSettings(loss="binary_cross_entropy", optimizer="rmsprop",
                                  optimizer_params={"rho": 0.95}, learning_rate=0.005,
                                  batch_size=25, regularization="l1",
                                  regularization_rate=0.002, seed=11),
    )


def plane_nesterov() -> Experiment:
    return Experiment(
        name="Plane, ReLU + Nesterov",
        data=DataSpec(generator="plane", n_points=400, noise=0.1, seed=6, train_fraction=0.7),
        architecture=Architecture(hidden=[8, 5], activations=["relu", "leaky_relu"],
                                  output_activation="linear"),
        training=TrainingSettings(loss="squared_error", optimizer="nesterov",
                                  learning_rate=0.01, batch_size=30, initializer="he", seed=2),
    )


def gauss_float32() -> Experiment:
    return Experiment(
        name="Gauss in float32",
        data=DataSpec(generator="gauss", n_points=200, noise=0.2, seed=1),
        architecture=Architecture(hidden=[3], activations=["linear"],
                                  output_activation="tanh"),
        training=TrainingSettings(learning_rate=0.05, batch_size=7, dtype="float32", seed=3),
    )


def every_hidden_activation() -> Experiment:
    acts = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish", "linear"]
    return Experiment(
        name="Eight hidden layers, one per activation",
        data=DataSpec(generator="xor", n_points=300, seed=9, features=["x1", "x2", "x1_x2"]),
        architecture=Architecture(hidden=[4] * 8, activations=acts, output_activation="linear"),
        training=TrainingSettings(optimizer="adam", learning_rate=0.003, batch_size=13,
                                  reduction="sum", initializer="glorot"),
    )


def logistic_no_hidden() -> Experiment:
    return Experiment(
        name="Logistic regression (no hidden layer)",
        data=DataSpec(generator="gauss", n_points=100),
        architecture=Architecture(hidden=[], activations=[], output_activation="sigmoid"),
        training=TrainingSettings(loss="binary_cross_entropy", learning_rate=0.1, batch_size=50),
    )


def blobs_standardized() -> Experiment:
    """Four Gaussian blobs, standardised features (x1² is far from mean 0, variance 1)."""
    return Experiment(
        name="Four blobs, standardised",
        data=DataSpec(generator="gauss", n_classes=4, n_points=200, noise=0.2, seed=3,
                      features=["x1", "x2", "x1_sq"], standardize=True),
        architecture=Architecture(hidden=[5], activations=["tanh"], output_activation="softmax"),
        training=TrainingSettings(loss="softmax_cross_entropy", optimizer="adam",
                                  learning_rate=0.02, batch_size=16, seed=4),
    )


def points_standardized_float32() -> Experiment:
    """Three columns, one of them constant (std 1), regression in float32."""
    rng = np.random.default_rng(8)
    x = np.column_stack([rng.normal(50.0, 9.0, 80), np.full(80, 4.25), rng.uniform(-3, 1, 80)])
    y = 0.02 * x[:, 0] - x[:, 2] + rng.normal(0, 0.1, 80)
    return Experiment(
        name="Points with a constant column, standardised, float32",
        data=DataSpec(source="points", standardize=True, seed=2,
                      points=Points(x, y, "regression", 0, columns=["a", "b", "c"])),
        architecture=Architecture(hidden=[4], activations=["relu"], output_activation="linear"),
        training=TrainingSettings(learning_rate=0.01, batch_size=9, dtype="float32", seed=6),
    )


CASES = {
    "article_xor": (article_xor, 200),
    "circle_momentum_l2": (circle_momentum, 12),
    "gauss3_softmax_adam": (gauss3_adam, 10),
    "spiral_bce_rmsprop_l1": (spiral_rmsprop, 8),
    "plane_relu_nesterov": (plane_nesterov, 8),
    "gauss_float32": (gauss_float32, 6),
    "every_hidden_activation": (every_hidden_activation, 6),
    "logistic_no_hidden": (logistic_no_hidden, 10),
    "blobs_standardized": (blobs_standardized, 8),
    "points_standardized_float32": (points_standardized_float32, 8),
}


# -- running -----------------------------------------------------------------------------
@dataclass
class Output:
    epochs: dict[int, tuple[float, float]] = field(default_factory=dict)  # epoch -> losses
    final_train: float = math.nan
    final_test: float = math.nan
    text: str = ""


def run_script(text: str, folder: Path, epochs: int | None) -> Output:
    path = folder / "exported.py"
    path.write_text(text, encoding="utf-8")
    args = [sys.executable, str(path)] + ([] if epochs is None else ["--epochs", str(epochs)])
    done = subprocess.run(args, capture_output=True, text=True, cwd=folder, timeout=120)
    assert done.returncode == 0, done.stderr
    out = Output(text=done.stdout)
    for line in done.stdout.splitlines():
        if m := EPOCH_LINE.match(line):
            out.epochs[int(m[1])] = (float(m[2]), float(m[3]) if m[3] else math.nan)
        elif line.startswith("final train loss "):
            out.final_train = float(line.split()[-1])
        elif line.startswith("final test loss "):
            out.final_test = float(line.split()[-1])
    return out


def rel_diff(a: float, b: float) -> float:
    if math.isnan(a) and math.isnan(b):
        return 0.0
    return abs(a - b) / max(abs(b), 1e-300)


def check_against_engine(session: Session, out: Output, epochs: int) -> float:
    """Train ``session`` like the script did and compare; returns the largest difference."""
    history_before = len(session.trainer.history)
    session.trainer.run_epochs(epochs)
    history = session.trainer.history.as_columns()
    ref = session.trainer.evaluate()
    # The scripts report the loss their reduction trains on: summed or per point.
    train_col, test_col = (("train_loss_sum", "test_loss_sum") if session.network.reduction
                           == "sum" else ("train_loss", "test_loss"))
    worst = max(rel_diff(out.final_train, ref[train_col]),
                rel_diff(out.final_test, ref[test_col]))
    assert worst <= RTOL, (out.final_train, ref[train_col], out.final_test, ref[test_col])
    new_epochs = history["epoch"][history_before:]
    # The script reports every record_every-th epoch; an engine on the automatic record
    # schedule records some of those (every epoch at first, then sparser): each of its
    # records must be among the script's lines, with the same losses.
    missing = sorted(set(new_epochs) - set(out.epochs))
    assert not missing, f"the script does not report epochs {missing[:5]} the engine recorded"
    assert max(out.epochs) == max(new_epochs), "the script ends at another epoch than the engine"
    for i, epoch in enumerate(new_epochs, start=history_before):
        train, test = out.epochs[epoch]
        assert rel_diff(train, history[train_col][i]) <= RTOL, (epoch, train,
                                                                history[train_col][i])
        assert rel_diff(test, history[test_col][i]) <= RTOL, (epoch, test, history[test_col][i])
    return worst


def imported_modules(text: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
    return names


def require_torch() -> None:
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch not installed: the PyTorch export is checked only where `import "
                    "torch` works (pip install torch==2.13.0 into the venv to run it)")


# -- NumPy script ---------------------------------------------------------------------------
@pytest.mark.parametrize("steps_before", [0, 7], ids=["fresh", "after-7-steps"])
@pytest.mark.parametrize("case", list(CASES))
def test_numpy_script_continues_like_the_engine(case, steps_before, tmp_path):
    make, epochs = CASES[case]
    session = Session(make())
    session.trainer.run_steps(steps_before)
    text = numpy_script(session)
    assert imported_modules(text) == {"argparse", "math", "numpy"}  # standalone
    out = run_script(text, tmp_path, epochs)
    check_against_engine(session, out, epochs)


def test_numpy_script_of_the_article_reads_like_the_article(tmp_path):
    text = numpy_script(Session(article_xor()))
    for expected in ("def sigmoid(net):", "def sigmoid_derivative(net, h):", "# forward pass",
                     "net1 = x @ W1 + b1", "h1 = sigmoid(net1)", "net2 = h1 @ W2 + b2",
                     "# backward pass", "delta2 = (h2 - y) * sigmoid_derivative(net2, h2)",
                     "dW2 = h1.T @ delta2", "db2 = delta2.sum(axis=0)",
                     "delta1 = (delta2 @ W2.T) * sigmoid_derivative(net1, h1)",
                     "W1 -= learning_rate * dW1", "learning_rate = 0.1"):
        assert expected in text, expected
    # full batch in stored order: no generator, no mini-batch bookkeeping, no mean
    assert "default_rng" not in text and "position" not in text and "/ len(y)" not in text
    # np.random.seed(1); W1 = np.random.randn(2, 2): the article's first draw, exactly
    assert "[1.6243453636632417, -0.6117564136500754]" in text


def test_numpy_script_defaults_to_100_epochs(tmp_path):
    session = Session(article_xor())
    out = run_script(numpy_script(session), tmp_path, epochs=None)
    assert max(out.epochs) == 100
    check_against_engine(session, out, 100)


def test_numpy_script_of_a_mid_epoch_session_continues_identically(tmp_path):
    """Batch 10 on 250 training points, 7 steps in: position 70 of epoch 0."""
    session = Session(circle_momentum())
    assert len(session.trainer.train.x) == 250
    assert session.trainer.run_steps(7) == 7
    assert (session.trainer.epoch, session.trainer.position) == (0, 70)
    text = numpy_script(session)
    assert "position = 70" in text and "rng.bit_generator.state = {" in text
    out = run_script(text, tmp_path, 5)
    assert check_against_engine(session, out, 5) <= 1e-12  # same operations (bit for bit today)


def test_numpy_script_of_a_trained_session_continues_identically(tmp_path):
    session = Session(gauss3_adam())
    session.trainer.run_epochs(4)
    session.trainer.run_steps(3)
    text = numpy_script(session)
    assert f"t = {session.trainer.optimizer.t}" in text
    out = run_script(text, tmp_path, 5)
    check_against_engine(session, out, 5)


def test_numpy_script_stops_where_the_engine_diverges(tmp_path):
    exp = plane_nesterov()
    exp.training.reduction = "sum"
    exp.training.learning_rate = 1.0
    session = Session(exp)
    out = run_script(numpy_script(session), tmp_path, 20)
    assert "training diverged at epoch" in out.text and math.isnan(out.final_train)
    session.trainer.run_epochs(20)
    assert session.trainer.status == "diverged"
    # the history's epoch 0 was recorded before the export; the script reports the rest
    assert sorted(out.epochs) == session.trainer.history.epoch[1:]


# -- PyTorch script --------------------------------------------------------------------------
TORCH_CASES = ["article_xor", "circle_momentum_l2", "gauss3_softmax_adam",
               "spiral_bce_rmsprop_l1", "plane_relu_nesterov", "every_hidden_activation",
               "blobs_standardized"]


@pytest.mark.parametrize("case", TORCH_CASES)
def test_torch_script_continues_like_the_engine(case, tmp_path):
    require_torch()
    make, epochs = CASES[case]
    session = Session(make())
    session.trainer.run_steps(7)  # non-zero optimizer state and a mid-epoch position
    text = torch_script(session)
    assert {"torch"} <= imported_modules(text) <= {"argparse", "math", "numpy", "torch"}
    assert "torch.set_default_dtype(torch.float64)" in text
    out = run_script(text, tmp_path, epochs)
    check_against_engine(session, out, epochs)


def test_torch_script_maps_the_network_onto_torch_modules():
    text = torch_script(Session(spiral_rmsprop()))
    assert "nn.Linear(6, 6), nn.ELU(alpha=1.0)," in text
    assert "nn.Linear(6, 4), nn.Softplus()," in text
    assert "nn.Linear(4, 1),  # logits" in text and "nn.Sigmoid()" not in text
    assert 'nn.BCEWithLogitsLoss(reduction="mean")' in text
    assert "torch.optim.RMSprop(model.parameters(), lr=0.005, alpha=0.95, eps=1e-08)" in text
    assert "l1_rate * sum(linear.weight.abs().sum() for linear in linears)" in text
    text = torch_script(Session(plane_nesterov()))
    assert "nesterov=True" in text and "nn.LeakyReLU(0.01)" in text and "nn.Identity()" in text


# -- standardised inputs ------------------------------------------------------------------
@pytest.mark.parametrize("case", ["blobs_standardized", "points_standardized_float32"])
def test_scripts_standardise_raw_inputs_with_the_stored_statistics(case):
    session = Session(CASES[case][0]())
    scaling = session.scaling
    assert scaling is not None
    scripts = [numpy_script(session)]
    if importlib.util.find_spec("torch") is not None:
        scripts.append(torch_script(session))
    raw_first = session.unscaled_inputs(session.train_set.x[:1])[0]
    for text in scripts:
        assert "def standardize(raw):" in text
        assert "return ((raw - input_mean) / input_std)" in text
        for value in (*scaling.mean, *scaling.std, *raw_first):
            assert repr(float(value)) in text  # the statistics and the raw inputs, exactly
    if case == "points_standardized_float32":
        assert scaling.std[1] == 1.0  # the constant column
        assert "return ((raw - input_mean) / input_std).astype(np.float32)" in scripts[0]
