"""Short labels for runs: what differs from the run before ("lr 0.3", "[8, 8] relu", "seed 4").

``describe_change(before, after)`` compares two experiment specs (data,
architecture, training; never weights) and names each difference in a few
characters; ``describe_run`` sums up a first run.  Labels are stored in files
as written.  Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable

from bplab.experiment.model import Architecture, DataSpec, Experiment, TrainingSettings

MAX_PARTS = 3  # differences named one by one; more are counted ("+2 more")
SAME = "same settings"

FEATURE_NAMES = {"x1": "x₁", "x2": "x₂", "x1_sq": "x₁²", "x2_sq": "x₂²", "x1_x2": "x₁x₂",
                 "sin_x1": "sin x₁", "sin_x2": "sin x₂"}
SHORT_LOSSES = {"squared_error": "squared error", "binary_cross_entropy": "cross-entropy",
                "softmax_cross_entropy": "softmax cross-entropy"}


def _g(x: float) -> str:
    return f"{x:g}"


def layers_text(arch: Architecture) -> str:
    """'[8, 8] relu', '[4 tanh, 2 relu]', or 'no hidden layer'."""
    if not arch.hidden:
        return "no hidden layer"
    acts = set(arch.activations)
    if len(acts) == 1:
        return f"[{', '.join(map(str, arch.hidden))}] {arch.activations[0]}"
    pairs = ", ".join(f"{n} {a}" for n, a in zip(arch.hidden, arch.activations, strict=True))
    return f"[{pairs}]"


def _data_parts(a: DataSpec, b: DataSpec) -> list[str]:
    parts = []
    if (a.source, a.generator) != (b.source, b.generator):
        parts.append("loaded points" if b.source == "points" else b.generator.replace("_", " "))
    if a.n_points != b.n_points:
        parts.append("default points" if b.n_points is None else f"{b.n_points} points")
    if a.noise != b.noise:
        parts.append(f"noise {b.noise * 100:g}%")
    if a.train_fraction != b.train_fraction:
        parts.append(f"train {b.train_fraction * 100:g}%")
    if a.seed != b.seed:
        parts.append(f"data seed {b.seed}")
    if a.features != b.features:
        parts.append(", ".join(FEATURE_NAMES.get(f, f) for f in b.features) or "no features")
    return parts


def _optimizer_text(t: TrainingSettings) -> str:
    params = " ".join(f"{k} {_g(v)}" for k, v in sorted(t.optimizer_params.items()))
    return f"{t.optimizer} {params}".strip()


def _training_parts(a: TrainingSettings, b: TrainingSettings) -> list[str]:
    checks: list[tuple[bool, Callable[[], str]]] = [
        (a.learning_rate != b.learning_rate, lambda: f"lr {_g(b.learning_rate)}"),
        (a.batch_size != b.batch_size, lambda: f"batch {b.batch_size}"),
        ((a.optimizer, a.optimizer_params) != (b.optimizer, b.optimizer_params),
         lambda: _optimizer_text(b)),
        ((a.regularization, a.regularization_rate) != (b.regularization, b.regularization_rate),
         lambda: ("no regularization" if b.regularization == "none"
                  else f"{b.regularization.upper()} {_g(b.regularization_rate)}")),
        (a.loss != b.loss, lambda: SHORT_LOSSES.get(b.loss, b.loss)),
        (a.reduction != b.reduction, lambda: f"{b.reduction} over the batch"),
        (a.initializer != b.initializer, lambda: f"{b.initializer} init"),
        (a.seed != b.seed, lambda: f"seed {b.seed}"),
        (a.shuffle != b.shuffle, lambda: "shuffled" if b.shuffle else "not shuffled"),
        (a.dtype != b.dtype, lambda: b.dtype),
    ]
    return [text() for changed, text in checks if changed]


def differences(before: Experiment, after: Experiment) -> list[str]:
    """Every difference between two specs, each named briefly, data first."""
    parts = _data_parts(before.data, after.data)
    a, b = before.architecture, after.architecture
    if (a.hidden, a.activations) != (b.hidden, b.activations):
        parts.append(layers_text(b))
    if a.output_activation != b.output_activation:
        parts.append(f"{b.output_activation} output")
    return parts + _training_parts(before.training, after.training)


def describe_change(before: Experiment | None, after: Experiment) -> str:
    """The label of a run with spec ``after`` that follows a run with spec ``before``."""
    if before is None:
        return describe_run(after)
    parts = differences(before, after)
    if not parts:
        return SAME
    if len(parts) > MAX_PARTS:
        return ", ".join(parts[:MAX_PARTS]) + f" +{len(parts) - MAX_PARTS} more"
    return ", ".join(parts)


def describe_run(exp: Experiment) -> str:
    """A first run's label: its layers and learning rate, e.g. '[4, 2] tanh, lr 0.03'."""
    return f"{layers_text(exp.architecture)}, lr {_g(exp.training.learning_rate)}"


def settings_summary(exp: Experiment) -> str:
    """The main settings in one line, e.g. for a tooltip."""
    d, t = exp.data, exp.training
    data = "loaded points" if d.source == "points" else d.generator.replace("_", " ")
    parts = [f"{data}, noise {d.noise * 100:g}%, data seed {d.seed}",
             f"{layers_text(exp.architecture)}, {exp.architecture.output_activation} output",
             f"{_optimizer_text(t)}, lr {_g(t.learning_rate)}, batch {t.batch_size}",
             f"{t.initializer} init, seed {t.seed}"]
    if t.regularization != "none":
        parts.append(f"{t.regularization.upper()} {_g(t.regularization_rate)}")
    return "; ".join(parts)
