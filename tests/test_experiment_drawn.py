"""Drawn points without Qt: edits, split marks, the experiment they make, and training on."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.data import generate, split
from bplab.experiment import Session, default_experiment, experiment_from_json, experiment_to_json
from bplab.experiment.drawn import (
    DrawnPoints,
    experiment_with_points,
    session_for_data,
    split_marks,
)


def rows(x: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(r) for r in np.asarray(x).tolist()}


@pytest.mark.parametrize(("n", "share", "seed"), [(4, 0.5, 0), (7, 0.3, 4), (200, 0.5, 9),
                                                  (31, 0.9, 1)])
def test_split_marks_split_as_generated_data_does(n, share, seed):
    ds = generate("circle", n, 0.0, 3)
    train, test = split(ds, share, seed)
    mask = split_marks(n, share, seed)
    assert rows(ds.x[mask]) == rows(train.x) and rows(ds.x[~mask]) == rows(test.x)


def test_a_session_becomes_a_drawn_set_with_its_own_split():
    session = Session(default_experiment())
    drawn = DrawnPoints.of_session(session)
    assert len(drawn) == len(session.dataset.y)
    assert rows(drawn.x[drawn.is_train]) == rows(session.train_set.x)
    assert rows(drawn.x[~drawn.is_train]) == rows(session.test_set.x)
    again = Session(experiment_with_points(session.experiment, drawn))
    assert rows(again.train_set.x) == rows(session.train_set.x)  # converting moves no point


def test_new_points_keep_the_old_marks_and_the_share():
    empty = DrawnPoints(np.zeros((0, 2)), [], [])
    drawn = empty.added([[0, 0]], [1], 0.5)
    assert drawn.is_train.tolist() == [True]  # one point: it trains
    drawn = drawn.added(np.arange(18).reshape(9, 2), [0] * 9, 0.5)
    assert drawn.is_train[:4].tolist() == [True, False, True, False]  # every second tests
    assert (~drawn.is_train).sum() == 5  # as split() would leave for testing
    more = drawn.added([[5, 5], [6, 6]], [2, 2], 0.8)
    assert more.is_train[:10].tolist() == drawn.is_train.tolist()  # nothing reshuffled
    assert more.n_classes == 3 and more.class_counts().tolist() == [9, 1, 2]
    fewer = more.without([0])
    assert fewer.is_train.tolist() == more.is_train[1:].tolist()
    assert fewer.missing_classes() == [1]
    assert len(fewer.cleared()) == 0 and fewer.cleared().n_classes == 2


def test_the_nearest_point_is_found_in_the_given_units():
    drawn = DrawnPoints([[0, 0], [3, 3]], [0, 1], [True, True])
    assert drawn.nearest((1, 2.5)) == 1
    assert drawn.nearest((1, 2.5), scale=(1.0, 10.0)) == 0  # y counts ten times less
    assert drawn.nearest((10, 10), within=1.0) is None
    with pytest.raises(ValueError, match="class numbers"):
        DrawnPoints([[0, 0]], [10], [True])


def test_three_drawn_classes_get_a_softmax_and_round_trip_exactly():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2)) * 1.7
    drawn = DrawnPoints(np.zeros((0, 2)), [], []).added(x, np.arange(30) % 3, 0.7)
    exp = experiment_with_points(default_experiment(), drawn)
    assert exp.data.source == "points" and exp.data.points.n_classes == 3
    assert exp.architecture.output_activation == "softmax"
    assert exp.training.loss == "softmax_cross_entropy"
    session = Session(exp)
    assert session.network.sizes[-1] == 3
    back = experiment_from_json(experiment_to_json(session.to_experiment()))
    p = back.data.points
    assert np.array_equal(p.x, x) and p.x.dtype == np.float64  # bit for bit
    assert np.array_equal(p.y, np.arange(30) % 3)
    assert np.array_equal(p.is_train, drawn.is_train)
    assert DrawnPoints.of_experiment(back).is_train.tolist() == drawn.is_train.tolist()


def test_a_point_of_a_known_class_keeps_the_weights_and_training_goes_on():
    session = Session(default_experiment())
    session.trainer.run_epochs(3)
    session.trainer.run_steps(4)  # part of an epoch
    drawn = DrawnPoints.of_session(session).added([[0.5, 0.5]], [1], 0.5)
    exp = experiment_with_points(session.experiment, drawn)
    new, kept = session_for_data(session, exp, plane=session.plane)
    assert kept
    for a, b in zip(session.network.W, new.network.W, strict=True):
        assert np.array_equal(a, b)
    assert new.trainer.epoch == 3 and new.trainer.position == 0
    assert new.plane == session.plane
    assert len(new.dataset.y) == len(session.dataset.y) + 1
    h = new.trainer.history
    assert h.epoch == session.trainer.history.epoch and h.epoch[-1] == 3
    assert h.train_loss[:-1] == session.trainer.history.train_loss[:-1]
    assert h.train_loss[-1] == new.trainer.evaluate()["train_loss"]  # measured on the new data
    new.trainer.run_epochs(1)
    assert new.trainer.epoch == 4


def test_a_new_class_starts_the_network_over():
    session = Session(default_experiment())
    session.trainer.run_epochs(2)
    drawn = DrawnPoints.of_session(session).added([[1.0, 1.0]], [2], 0.5)
    new, kept = session_for_data(session, experiment_with_points(session.experiment, drawn))
    assert not kept
    assert new.network.sizes[-1] == 3 and new.trainer.epoch == 0
