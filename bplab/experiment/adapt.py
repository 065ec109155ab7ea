"""Fitting an experiment to its data: which outputs suit the task, and experiments for
imported points.

The window's form and File ▸ Import data from CSV use these; they need no Qt.
"""

from __future__ import annotations

import copy

from bplab.data import Dataset
from bplab.data.generators import GENERATORS, check_class_count
from bplab.engine import OUTPUT_ACTIVATIONS, valid_losses
from bplab.experiment.model import DataSpec, Experiment, Points


def task_of(exp: Experiment) -> tuple[str, int]:
    """(task, n_classes) of the experiment's data."""
    if exp.data.source == "points" and exp.data.points is not None:
        return exp.data.points.task, exp.data.points.n_classes
    info = GENERATORS[exp.data.generator]
    return info.task, check_class_count(info.name, exp.data.n_classes)


def allowed_outputs(task: str, n_classes: int) -> list[str]:
    """Output activations that fit the data: softmax needs ≥ 2 outputs, > 2 classes need it."""
    if task == "regression":
        return [a for a in OUTPUT_ACTIVATIONS if a != "softmax"]
    if n_classes > 2:
        return ["softmax"]
    return list(OUTPUT_ACTIVATIONS)


def fit_output_to_data(exp: Experiment) -> None:
    """Pick an output activation and loss that are valid for the data, keeping the current
    ones when they are: more than two classes get softmax with cross-entropy."""
    task, n_classes = task_of(exp)
    arch, tr = exp.architecture, exp.training
    allowed = allowed_outputs(task, n_classes)
    if arch.output_activation not in allowed:
        # TF Playground: linear output for regression, tanh for two classes.
        preferred = "linear" if task == "regression" else "tanh"
        arch.output_activation = preferred if preferred in allowed else allowed[0]
    if tr.loss not in valid_losses(arch.output_activation):
        tr.loss = valid_losses(arch.output_activation)[0]


def train_size(exp: Experiment) -> int:
    """How many training points the session will have (Session._split's rule)."""
    spec = exp.data
    if spec.source == "points" and spec.points is not None:
        if spec.points.is_train is not None:
            return max(1, int(spec.points.is_train.sum()))
        n = len(spec.points.y)
    else:
        n = spec.n_points or GENERATORS[spec.generator].default_points
        if spec.generator == "article_xor":
            return n  # the article trains on all four points
    return min(max(round(n * spec.train_fraction), 1), n - 1) if n >= 2 else n


def experiment_for_points(current: Experiment, ds: Dataset) -> Experiment:
    """A new untitled experiment: ``current``'s architecture and training with ``ds``."""
    n_inputs = ds.x.shape[1]
    # Other data feeds its columns; it keeps the features in force for a later 2-D data set.
    features = ["x1", "x2"] if n_inputs == 2 else (list(current.data.features) or ["x1", "x2"])
    exp = Experiment(
        name=f"Imported {ds.name}" if ds.name else "Imported data",
        data=DataSpec(source="points",
                      points=Points(ds.x.copy(), ds.y.copy(), ds.task, ds.n_classes,
                                    is_train=None, columns=list(ds.columns)),
                      features=features,
                      train_fraction=current.data.train_fraction, seed=current.data.seed),
        architecture=copy.deepcopy(current.architecture),
        training=copy.deepcopy(current.training),
    )
    arch, tr = exp.architecture, exp.training
    if ds.task == "classification" and ds.n_classes > 2:
        arch.output_activation, tr.loss = "softmax", "softmax_cross_entropy"
    elif ds.task == "regression" and arch.output_activation != "linear":
        # a bounded output (tanh: −1…1) cannot reach the targets of arbitrary data
        arch.output_activation, tr.loss = "linear", "squared_error"
    fit_output_to_data(exp)  # e.g. a loss the kept output does not accept
    # A batch bigger than the new training set would be clipped by the trainer, but the
    # experiment (and so the form, and the saved file) would still say the old number.
    tr.batch_size = max(1, min(tr.batch_size, train_size(exp)))
    return exp
