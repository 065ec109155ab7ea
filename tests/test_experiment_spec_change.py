"""replay_change: one edit's changes, put onto a spec that has moved on since."""

from __future__ import annotations

import copy

import numpy as np

from bplab.experiment import default_experiment
from bplab.experiment.model import Points
from bplab.experiment.spec_change import replay_change, same


def test_only_the_changed_fields_are_replayed():
    before = default_experiment()
    after = copy.deepcopy(before)
    after.training.batch_size = 7
    current = copy.deepcopy(before)
    current.training.seed, current.data.seed = 99, 42  # a Reset and New data since
    out = replay_change(current, after, before)  # the undo
    assert out.training.batch_size == before.training.batch_size
    assert (out.training.seed, out.data.seed) == (99, 42)
    assert out is not current and current.training.seed == 99
    assert replay_change(current, before, after).training.batch_size == 7  # the redo


def test_points_with_arrays_compare_and_replay():
    def points(label: int) -> Points:
        return Points(x=np.zeros((2, 2)), y=np.array([0, label]), task="classification",
                      n_classes=2)

    before, after, current = (default_experiment() for _ in range(3))
    before.data.points, after.data.points = points(0), points(1)
    current.data.points = points(0)
    assert same(points(1), points(1)) and not same(points(0), points(1))
    out = replay_change(current, before, after)
    assert out.data.points.y.tolist() == [0, 1]
    assert replay_change(current, before, before).data.points.y.tolist() == [0, 0]
