"""The boundary of data with more than two inputs: a pair of inputs, the others at their mean."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.data import Dataset
from bplab.experiment import Session, default_experiment
from bplab.experiment.adapt import experiment_for_points


def four_columns(standardize: bool = False) -> Session:
    rng = np.random.default_rng(5)
    x = rng.normal([0.0, 10.0, -3.0, 100.0], [1.0, 2.0, 0.5, 20.0], size=(80, 4))
    y = (x[:, 0] + (x[:, 1] - 10) / 2 > 0).astype(np.int64)
    exp = experiment_for_points(default_experiment(),
                                Dataset(x, y, "classification", 2, columns=("a", "b", "c", "d")))
    exp.data.standardize = standardize
    session = Session(exp)
    session.trainer.run_epochs(3)
    return session


@pytest.mark.parametrize("standardize", [False, True])
def test_the_other_inputs_are_held_at_their_training_mean(standardize):
    session = four_columns(standardize)
    grid = session.pair_grid((2, 0), resolution=7)
    assert grid.values.shape == (1, 7, 7) and grid.names == ("c", "a")
    means = session.train_set.x.mean(axis=0)
    assert grid.held == {"b": means[1], "d": means[3]}
    xmin, xmax, ymin, ymax = grid.extent
    assert xmin < session.dataset.x[:, 2].min() and xmax > session.dataset.x[:, 2].max()
    assert ymin < session.dataset.x[:, 0].min() and ymax > session.dataset.x[:, 0].max()
    # cell [iy, ix]: column c at its ix-th value, column a at its iy-th, b and d at the mean
    iy, ix = 5, 2
    raw = means.copy()
    raw[2] = np.linspace(xmin, xmax, 7)[ix]
    raw[0] = np.linspace(ymin, ymax, 7)[iy]
    if standardize:
        raw = (raw - session.scaling.mean) / session.scaling.std
    h = raw[None, :]
    for W, b, act in zip(session.network.W, session.network.b, session.network.activations,
                         strict=True):
        h = act.value(h @ W + b)
    assert grid.values[0, iy, ix] == pytest.approx(h[0, 0], rel=1e-12)
    np.testing.assert_array_equal(grid.train_points, session.train_set.x[:, [2, 0]])
    np.testing.assert_array_equal(grid.test_points, session.test_set.x[:, [2, 0]])
    # the grid's inputs are kept between frames; the values follow the training
    before = grid.values.copy()
    session.trainer.run_epochs(2)
    assert not np.array_equal(session.pair_grid((2, 0), resolution=7).values, before)


def test_two_d_data_shows_the_plane_as_output_grid_does():
    session = Session(default_experiment())
    grid = session.pair_grid()
    np.testing.assert_array_equal(grid.values, session.output_grid())
    assert grid.extent == (-6.0, 6.0, -6.0, 6.0) and grid.held == {}
    assert grid.names == ("x1", "x2")


@pytest.mark.parametrize(("pair", "words"), [((0, 0), "two different"), ((0, 4), "0 to 3"),
                                             ((-1, 1), "0 to 3")])
def test_bad_pairs(pair, words):
    with pytest.raises(ValueError, match=words):
        four_columns().pair_grid(pair)


def test_one_column_has_no_pair():
    x = np.linspace(-1, 1, 20)[:, None]
    exp = experiment_for_points(default_experiment(),
                                Dataset(x, (x[:, 0] > 0).astype(np.int64), "classification", 2))
    with pytest.raises(ValueError, match="one input column"):
        Session(exp).pair_grid((0, 1))
