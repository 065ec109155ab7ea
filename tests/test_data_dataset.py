"""Tests for bplab.data.dataset: the Dataset container and split()."""

import numpy as np
import pytest

from bplab.data import Dataset, generate, split


def _ds(n, task="classification"):
    x = np.arange(2 * n, dtype=np.float64).reshape(n, 2)
    if task == "classification":
        return Dataset(x, np.arange(n, dtype=np.int64) % 2, task, 2, "toy")
    return Dataset(x, np.arange(n, dtype=np.float64), task, 0, "toy")


@pytest.mark.parametrize(("n", "fraction", "n_train"),
                         [(500, 0.5, 250), (500, 0.8, 400), (10, 0.1, 1), (10, 0.9, 9),
                          (7, 0.3, 2), (2, 0.1, 1), (2, 0.9, 1), (4, 0.9, 3)])
def test_split_sizes(n, fraction, n_train):
    train, test = split(_ds(n), fraction, seed=0)
    assert len(train.x) == n_train and len(test.x) == n - n_train
    assert len(train.y) == n_train and len(test.y) == n - n_train


def test_split_is_a_seeded_permutation():
    ds = _ds(50)
    train, test = split(ds, 0.6, seed=3)
    order = np.random.default_rng(3).permutation(50)
    np.testing.assert_array_equal(train.x, ds.x[order[:30]])
    np.testing.assert_array_equal(test.y, ds.y[order[30:]])
    # the parts are disjoint and together hold every point once
    together = np.concatenate([train.x[:, 0], test.x[:, 0]])
    np.testing.assert_array_equal(np.sort(together), ds.x[:, 0])


def test_split_deterministic_and_seed_dependent():
    ds = generate("spiral", n_points=200, noise=0.1, seed=0)
    a_train, _ = split(ds, 0.5, seed=1)
    b_train, _ = split(ds, 0.5, seed=1)
    c_train, _ = split(ds, 0.5, seed=2)
    np.testing.assert_array_equal(a_train.x, b_train.x)
    assert not np.array_equal(a_train.x, c_train.x)


def test_split_keeps_metadata_and_copies():
    ds = _ds(20, "regression")
    train, test = split(ds, 0.5, seed=0)
    for part in (train, test):
        assert (part.task, part.n_classes, part.name) == ("regression", 0, "toy")
        assert part.x.flags.c_contiguous and part.y.dtype == np.float64
    train.x[:] = -1
    assert (ds.x >= 0).all()


def test_split_tiny_sets():
    train, test = split(_ds(1), 0.5, seed=0)
    assert len(train.x) == 1 and len(test.x) == 0


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.95, 1.0, float("nan")])
def test_split_rejects_bad_fraction(fraction):
    with pytest.raises(ValueError, match="train share must be between 10% and 90%, got"):
        split(_ds(10), fraction, seed=0)


def test_dataset_validates_shapes():
    with pytest.raises(ValueError, match="task"):
        Dataset(np.zeros((3, 2)), np.zeros(3, np.int64), "clustering", 2)
    with pytest.raises(ValueError, match="one label per point"):
        Dataset(np.zeros((3, 2)), np.zeros(4, np.int64), "classification", 2)
    with pytest.raises(ValueError, match="2-D"):
        Dataset(np.zeros(3), np.zeros(3, np.int64), "classification", 2)
    with pytest.raises(ValueError, match="n_classes must be 0"):
        Dataset(np.zeros((3, 2)), np.zeros(3), "regression", 2)


def test_dataset_is_frozen():
    ds = _ds(3)
    with pytest.raises(AttributeError):
        ds.name = "other"  # type: ignore[misc]
    assert ds == ds and ds != _ds(3)  # identity equality, no array-truth errors
