"""Fitting an experiment to its data, without Qt: the output choice and imported points."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.data import Dataset
from bplab.experiment import Session, default_experiment
from bplab.experiment.adapt import allowed_outputs, experiment_for_points, fit_output_to_data


def _dataset(n_inputs: int, task: str, n_classes: int) -> Dataset:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, n_inputs))
    y = rng.integers(0, n_classes, 40) if task == "classification" else rng.normal(size=40)
    return Dataset(x, y, task, n_classes, name="pts.csv")


@pytest.mark.parametrize(("n_inputs", "task", "n_classes", "output", "loss"), [
    (2, "classification", 2, "tanh", "squared_error"),  # the default experiment's output kept
    (2, "classification", 3, "softmax", "softmax_cross_entropy"),
    (3, "regression", 0, "linear", "squared_error"),  # tanh (−1…1) cannot reach the targets
])
def test_an_experiment_for_imported_points_trains(n_inputs: int, task: str, n_classes: int,
                                                   output: str, loss: str) -> None:
    current = default_experiment()
    exp = experiment_for_points(current, _dataset(n_inputs, task, n_classes))
    assert exp.name == "Imported pts.csv" and exp.state is None
    assert exp.data.source == "points" and exp.data.points.x.shape == (40, n_inputs)
    # Other data feeds its columns; the features in force are kept for a later 2-D data set.
    assert exp.data.features == (["x1", "x2"] if n_inputs == 2 else current.data.features)
    assert (exp.architecture.output_activation, exp.training.loss) == (output, loss)
    assert exp.architecture is not current.architecture  # the form's settings are copied
    assert exp.architecture.hidden == current.architecture.hidden
    session = Session(exp)
    assert session.trainer.run_epochs(2) == 2


def test_a_regression_import_drops_a_sigmoid_output() -> None:
    current = default_experiment()
    current.architecture.output_activation = "sigmoid"
    current.training.loss = "binary_cross_entropy"
    exp = experiment_for_points(current, _dataset(2, "regression", 0))
    assert (exp.architecture.output_activation, exp.training.loss) == ("linear",
                                                                       "squared_error")


def test_the_output_is_fitted_to_the_task() -> None:
    assert allowed_outputs("classification", 3) == ["softmax"]
    assert "softmax" not in allowed_outputs("regression", 0)
    exp = default_experiment()
    exp.training.loss = "softmax_cross_entropy"  # not valid with the tanh output
    fit_output_to_data(exp)
    assert (exp.architecture.output_activation, exp.training.loss) == ("tanh", "squared_error")


def test_a_batch_bigger_than_the_imported_training_set_is_clipped_to_it() -> None:
    current = default_experiment()
    current.training.batch_size = 35  # 40 points at a 50 % share: 20 train
    exp = experiment_for_points(current, _dataset(2, "classification", 2))
    assert exp.training.batch_size == 20 == len(Session(exp).train_set.y)
    current.training.batch_size = 7
    assert experiment_for_points(current, _dataset(2, "classification", 2)).training.batch_size == 7
