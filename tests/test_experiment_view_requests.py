"""Snapshots carry what the views ask for: metrics, a pair grid, a hidden space; R² over epochs."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.data import Dataset
from bplab.experiment import DataSpec, Experiment, Session, default_experiment
from bplab.experiment.adapt import experiment_for_points, fit_output_to_data
from bplab.experiment.metrics import evaluate
from bplab.experiment.scores import ScoreCurve
from bplab.experiment.view_requests import BIG_DATA, HiddenRequest, ViewRequest, ViewRequests


def four_inputs() -> Session:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(120, 4))
    y = (x[:, 0] + x[:, 2] > 0).astype(np.int64)
    return Session(experiment_for_points(default_experiment(), Dataset(x, y, "classification",
                                                                       2)))


def test_nothing_is_computed_unless_asked():
    session = Session(default_experiment())
    snap = ViewRequests().make_snapshot(session, 0, 0.0)
    assert snap.metrics is None and snap.pair_grid is None and snap.hidden_space is None


def test_the_snapshot_carries_the_metrics_pair_grid_and_hidden_space_asked_for():
    session = four_inputs()
    session.trainer.run_epochs(2)
    requests = ViewRequests()
    requests.set(ViewRequest(metrics=True, pair=(2, 0), hidden=HiddenRequest(2, (1, 0))))
    snap = requests.make_snapshot(session, 0, 0.0)
    expected = evaluate(session)
    np.testing.assert_array_equal(snap.metrics.train.confusion, expected.train.confusion)
    np.testing.assert_array_equal(snap.metrics.test.confusion, expected.test.confusion)
    grid = session.pair_grid((2, 0))
    assert snap.pair_grid.pair == (2, 0) and snap.pair_grid.names == grid.names
    np.testing.assert_array_equal(snap.pair_grid.values, grid.values)
    h = session.network.forward(session.trainer.train.x).h[2]
    np.testing.assert_array_equal(snap.hidden_space.points, h[:, [1, 0]])
    requests.update(hidden=HiddenRequest(5))  # a layer the net does not have: no picture
    assert requests.make_snapshot(session, 0, 0.0).hidden_space is None


def test_the_principal_axes_stay_still_until_a_refit():
    exp = Experiment(data=DataSpec(generator="spiral", n_classes=3, n_points=150))
    exp.architecture.hidden = [6, 4]
    exp.architecture.activations = ["tanh", "tanh"]
    fit_output_to_data(exp)
    session = Session(exp)
    requests = ViewRequests()
    requests.update(hidden=HiddenRequest(1))
    first = requests.make_snapshot(session, 0, 0.0).hidden_space.projection
    session.trainer.run_epochs(5)
    again = requests.make_snapshot(session, 0, 0.0).hidden_space
    assert again.projection is first  # same axes: the picture moves with the network only
    requests.update(hidden=HiddenRequest(1, refit=1))
    refit = requests.make_snapshot(session, 0, 0.0).hidden_space.projection
    assert refit is not first and not np.array_equal(refit.axes, first.axes)


def test_big_data_metrics_are_throttled_while_running():
    now = [0.0]
    requests = ViewRequests(clock=lambda: now[0])
    requests.update(metrics=True)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(BIG_DATA + 10, 2))
    ds = Dataset(x, (x[:, 0] > 0).astype(np.int64), "classification", 2)
    session = Session(experiment_for_points(default_experiment(), ds))
    first = requests.extras(session, running=True)["metrics"]
    assert requests.extras(session, running=True)["metrics"] is first
    assert requests.extras(session, running=False)["metrics"] is not first  # paused: exact
    now[0] = 1.0
    assert requests.extras(session, running=True)["metrics"] is not first


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_r2_over_epochs_equals_the_metrics_r2(reduction):
    exp = Experiment(data=DataSpec(generator="plane", n_points=200, noise=0.1))
    fit_output_to_data(exp)
    exp.training.reduction = reduction
    exp.training.learning_rate = 0.003 if reduction == "sum" else 0.03
    session = Session(exp)
    session.trainer.run_epochs(3)
    train, test = ScoreCurve.of(session).scores(session.trainer.history.as_columns())
    m = evaluate(session)
    assert train[-1] == pytest.approx(m.train.r2, rel=1e-9)
    assert test[-1] == pytest.approx(m.test.r2, rel=1e-9)


def test_accuracy_over_epochs_is_the_historys():
    session = Session(default_experiment())
    session.trainer.run_epochs(2)
    cols = session.trainer.history.as_columns()
    train, test = ScoreCurve.of(session).scores(cols)
    assert train.tolist() == cols["train_accuracy"] and test.tolist() == cols["test_accuracy"]
