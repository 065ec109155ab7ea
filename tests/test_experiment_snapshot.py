"""A snapshot is a copy: training on never changes what the views were handed."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment
from bplab.experiment.edits import ParameterEdits
from bplab.experiment.snapshot import make_snapshot


def live_arrays(session: Session) -> list[np.ndarray]:
    net, tr = session.network, session.trainer
    return [*net.W, *net.b, *tr.optimizer.params, tr.train.x, tr.train.t]


def snapshot_arrays(snap) -> list[np.ndarray]:
    return [*snap.weights, *snap.biases, *snap.grids, *snap.history.values()]


@pytest.mark.parametrize("hidden", [[4, 2], [256] * 10])  # full and coarse neuron grids
def test_a_snapshot_shares_no_memory_with_the_live_network(hidden):
    exp = default_experiment()
    exp.architecture.hidden = hidden
    exp.architecture.activations = ["tanh"] * len(hidden)
    session = Session(exp)
    session.trainer.run_epochs(1)
    snap = make_snapshot(session, 0, 0.0)
    for ours in snapshot_arrays(snap):
        for live in live_arrays(session):
            assert not np.shares_memory(ours, live)
        assert not ours.flags.writeable  # shared between threads: read-only


def test_training_on_leaves_a_snapshot_unchanged():
    session = Session(default_experiment())
    session.trainer.run_epochs(2)
    snap = make_snapshot(session, 0, 0.0)
    kept = [a.copy() for a in snapshot_arrays(snap)]
    W0 = session.network.W[0].copy()
    session.trainer.run_epochs(3)
    assert not np.array_equal(session.network.W[0], W0)  # the network did move on
    for before, now in zip(kept, snapshot_arrays(snap), strict=True):
        np.testing.assert_array_equal(now, before)
    assert snap.epoch == 2


def test_figures_describe_the_weights_after_an_edit_by_hand():
    session = Session(default_experiment())
    tr = session.trainer
    tr.record()
    tr.run_epochs(20)
    snap = make_snapshot(session, 0, 0.0)
    assert not snap.measured_now  # the end of epoch 20: the history entry is right
    assert snap.train_accuracy == tr.history.train_accuracy[-1] > 0.8
    edits = ParameterEdits()
    edits.put_bias(session.network.n_layers - 1, 0, -50.0)  # every output becomes −1
    edits.apply(session)
    now = tr.evaluate()
    for running in (False, True):
        snap = make_snapshot(session, 0, 0.0, running=running)
        assert snap.measured_now
        assert (snap.train_loss, snap.test_loss, snap.train_accuracy, snap.test_accuracy) == (
            now["train_loss"], now["test_loss"], now["train_accuracy"], now["test_accuracy"])
        assert snap.train_accuracy < 0.6
        assert np.all(snap.grids[-1] < 0)  # the boundary shows the edited network too
    tr.run_epochs(1)  # a new history entry: measured after the edit
    assert not make_snapshot(session, 0, 0.0).measured_now


def test_figures_describe_weights_between_epochs_when_paused():
    exp = default_experiment()
    exp.training.learning_rate = 1.0
    session = Session(exp)
    tr = session.trainer
    tr.record()
    tr.run_steps(3)  # three mini-batches into epoch 1, as a pause or "Apply this step" leaves it
    snap = make_snapshot(session, 0, 0.0)
    assert snap.measured_now and snap.train_loss == tr.evaluate()["train_loss"]
    assert snap.train_loss != tr.history.train_loss[-1]
    # While it runs, the weights move every step: the last epoch's entry is shown.
    running = make_snapshot(session, 0, 0.0, running=True)
    assert not running.measured_now and running.train_loss == tr.history.train_loss[-1]
