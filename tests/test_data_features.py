"""Tests for bplab.data.features."""

import math

import numpy as np
import pytest

from bplab.data import FEATURES, feature_matrix

POINTS = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -4.0]])


def test_feature_names_and_labels():
    assert list(FEATURES) == ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]
    assert [f.label for f in FEATURES.values()] == [
        "x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin(x₁)", "sin(x₂)"]
    assert all(f.name == k for k, f in FEATURES.items())


def test_all_feature_values():
    m = feature_matrix(POINTS, list(FEATURES))
    expected = [
        [1.0, 2.0, 1.0, 4.0, 2.0, math.sin(1.0), math.sin(2.0)],
        [-3.0, 0.5, 9.0, 0.25, -1.5, math.sin(-3.0), math.sin(0.5)],
        [0.0, -4.0, 0.0, 16.0, -0.0, 0.0, math.sin(-4.0)],
    ]
    np.testing.assert_allclose(m, expected, rtol=0, atol=1e-15)


def test_column_order_follows_names():
    m = feature_matrix(POINTS, ("sin_x2", "x1", "x1_x2"))
    assert m.shape == (3, 3) and m.dtype == np.float64 and m.flags.c_contiguous
    np.testing.assert_allclose(m[:, 0], np.sin(POINTS[:, 1]))
    np.testing.assert_allclose(m[:, 1], POINTS[:, 0])
    np.testing.assert_allclose(m[:, 2], POINTS[:, 0] * POINTS[:, 1])


def test_integer_and_non_contiguous_input():
    pts = np.array([[1, 2, 9], [3, 4, 9]])[:, :2]  # int, not contiguous
    m = feature_matrix(pts, ["x2_sq"])
    assert m.dtype == np.float64 and m.flags.c_contiguous
    np.testing.assert_array_equal(m[:, 0], [4.0, 16.0])


def test_empty_point_set():
    assert feature_matrix(np.zeros((0, 2)), ["x1", "x2"]).shape == (0, 2)


@pytest.mark.parametrize("names", [[], (), "x1", ["x1", "x3"], ["X1"]])
def test_bad_names(names):
    with pytest.raises(ValueError, match="x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2"):
        feature_matrix(POINTS, names)


@pytest.mark.parametrize("shape", [(3,), (3, 3), (2, 1)])
def test_bad_point_shape(shape):
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        feature_matrix(np.zeros(shape), ["x1"])


def test_input_labels_use_the_data_columns_names():
    from bplab.data.features import input_label

    assert [input_label(n) for n in FEATURES] == [f.label for f in FEATURES.values()]
    named = [input_label(n, ("a", "b")) for n in FEATURES]
    assert named == ["a", "b", "a²", "b²", "a·b", "sin(a)", "sin(b)"]
    assert input_label("x1_x2", ("sepal length", "w_2")) == "(sepal length)·w_2"
    assert input_label("sin_x1", ("sepal length", "w")) == "sin(sepal length)"
    assert input_label("height", ("a", "b")) == "height"  # a column name, not a feature
