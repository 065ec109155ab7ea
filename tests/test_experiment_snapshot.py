"""A snapshot is a copy: training on never changes what the views were handed."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment
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
