"""Tests for bplab.data.generators (TF Playground's dataset.ts and extras)."""

import math

import numpy as np
import pytest

from bplab.data import GENERATORS, generate

NAMES = list(GENERATORS)
RANDOM_NAMES = [n for n in NAMES if n != "article_xor"]
TWO_CLASS_BALANCED = ["circle", "gauss", "spiral", "moons"]


def test_registry_contents():
    assert NAMES == ["circle", "xor", "gauss", "spiral", "moons", "gauss3", "article_xor",
                     "plane", "multi_gauss"]
    for name, info in GENERATORS.items():
        assert info.name == name
        assert info.label
        assert callable(info.fn)
        if info.task == "classification":
            assert info.n_classes == (3 if name == "gauss3" else 2)
        else:
            assert info.task == "regression" and info.n_classes == 0
    assert GENERATORS["circle"].label == "Circle"
    assert GENERATORS["circle"].default_points == 500
    assert GENERATORS["plane"].default_points == 1200
    assert GENERATORS["multi_gauss"].default_points == 1200


@pytest.mark.parametrize("name", NAMES)
def test_shapes_dtypes_and_default_counts(name):
    info = GENERATORS[name]
    ds = generate(name, noise=0.2, seed=3)
    assert ds.name == name and ds.task == info.task and ds.n_classes == info.n_classes
    assert ds.x.shape == (info.default_points, 2) and ds.x.dtype == np.float64
    assert ds.x.flags.c_contiguous
    assert ds.y.shape == (info.default_points,)
    assert np.isfinite(ds.x).all() and np.isfinite(ds.y).all()
    if info.task == "classification":
        assert ds.y.dtype == np.int64
        assert set(np.unique(ds.y)) == set(range(info.n_classes))
    else:
        assert ds.y.dtype == np.float64


@pytest.mark.parametrize("name", RANDOM_NAMES)
@pytest.mark.parametrize("n", [4, 5, 101, 5000])
def test_exact_point_count(name, n):
    ds = generate(name, n_points=n, noise=0.1, seed=0)
    assert ds.x.shape == (n, 2) and ds.y.shape == (n,)


@pytest.mark.parametrize("name", NAMES)
def test_deterministic_under_seed(name):
    a = generate(name, n_points=300, noise=0.3, seed=42)
    b = generate(name, n_points=300, noise=0.3, seed=42)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)


@pytest.mark.parametrize("name", RANDOM_NAMES)
def test_other_seed_gives_other_data(name):
    # spiral without noise is fully deterministic, so use noise everywhere
    a = generate(name, n_points=300, noise=0.3, seed=1)
    b = generate(name, n_points=300, noise=0.3, seed=2)
    assert not np.array_equal(a.x, b.x)


@pytest.mark.parametrize("name", TWO_CLASS_BALANCED)
def test_class_balance(name):
    ds = generate(name, n_points=400, noise=0.0, seed=5)
    assert np.bincount(ds.y).tolist() == [200, 200]
    odd = generate(name, n_points=401, noise=0.0, seed=5)
    assert sorted(np.bincount(odd.y).tolist()) == [200, 201]


def test_circle_geometry_without_noise():
    ds = generate("circle", n_points=1000, noise=0.0, seed=7)
    r = np.hypot(ds.x[:, 0], ds.x[:, 1])
    np.testing.assert_array_equal(ds.y == 1, r < 2.5)
    assert (r[ds.y == 1] <= 2.5).all()
    assert ((r[ds.y == 0] >= 3.5) & (r[ds.y == 0] <= 5.0)).all()


def test_circle_noise_flips_labels_not_points():
    # TF Playground keeps the clean point and labels the noisy one.
    ds = generate("circle", n_points=1000, noise=0.5, seed=7)
    r = np.hypot(ds.x[:, 0], ds.x[:, 1])
    assert r.max() <= 5.0
    wrong = (ds.y == 1) != (r < 2.5)
    assert 0 < wrong.sum() < 500


def test_xor_geometry_without_noise():
    ds = generate("xor", n_points=1000, noise=0.0, seed=11)
    x1, x2 = ds.x[:, 0], ds.x[:, 1]
    np.testing.assert_array_equal(ds.y == 1, x1 * x2 >= 0)
    # padded 0.3 away from the axes, inside [-5.3, 5.3]
    assert (np.abs(ds.x) >= 0.3).all() and (np.abs(ds.x) <= 5.3).all()


def test_xor_noise_keeps_points_in_range():
    ds = generate("xor", n_points=1000, noise=0.5, seed=11)
    assert (np.abs(ds.x) >= 0.3).all() and (np.abs(ds.x) <= 5.3).all()
    assert ((ds.y == 1) != (ds.x[:, 0] * ds.x[:, 1] >= 0)).any()


@pytest.mark.parametrize(("noise", "variance"), [(0.0, 0.5), (0.25, 2.25), (0.5, 4.0)])
def test_gauss_centres_and_variance(noise, variance):
    ds = generate("gauss", n_points=5000, noise=noise, seed=13)
    for label, centre in ((1, 2.0), (0, -2.0)):
        pts = ds.x[ds.y == label]
        np.testing.assert_allclose(pts.mean(axis=0), [centre, centre], atol=0.15)
        np.testing.assert_allclose(pts.var(axis=0), [variance, variance], rtol=0.1)


def test_spiral_matches_formula_without_noise():
    n = 200
    ds = generate("spiral", n_points=n, noise=0.0, seed=0)
    i = np.arange(n // 2)
    r = i / (n / 2) * 5
    t = 1.75 * i / (n / 2) * 2 * math.pi
    np.testing.assert_allclose(ds.x[ds.y == 1], np.column_stack([r * np.sin(t), r * np.cos(t)]))
    # the other arm is rotated by π
    np.testing.assert_allclose(ds.x[ds.y == 0], -ds.x[ds.y == 1], atol=1e-12)


def test_spiral_noise_is_bounded():
    noise = 0.4
    clean = generate("spiral", n_points=300, noise=0.0, seed=9)
    noisy = generate("spiral", n_points=300, noise=noise, seed=9)
    diff = np.abs(noisy.x - clean.x)
    assert diff.max() <= noise and diff.max() > noise / 2


def test_moons_geometry_without_noise():
    ds = generate("moons", n_points=600, noise=0.0, seed=3)
    assert (np.abs(ds.x[:, 0]) <= 4.5 + 1e-9).all() and (np.abs(ds.x[:, 1]) <= 2.25 + 1e-9).all()
    upper, lower = ds.x[ds.y == 0], ds.x[ds.y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0] + 1.5, upper[:, 1] + 0.75), 3.0)
    assert (upper[:, 1] >= -0.75 - 1e-9).all()
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.5, lower[:, 1] - 0.75), 3.0)
    assert (lower[:, 1] <= 0.75 + 1e-9).all()


def test_gauss3_three_blobs_at_120_degrees():
    ds = generate("gauss3", n_points=3000, noise=0.0, seed=4)
    assert np.bincount(ds.y).tolist() == [1000, 1000, 1000]
    for k in range(3):
        a = math.radians(90 + 120 * k)
        np.testing.assert_allclose(ds.x[ds.y == k].mean(axis=0),
                                   [3 * math.cos(a), 3 * math.sin(a)], atol=0.1)
    assert np.bincount(generate("gauss3", n_points=5, seed=0).y).tolist() == [2, 2, 1]


def test_article_xor_ignores_noise_and_count():
    ds = generate("article_xor", n_points=100, noise=0.5, seed=9)
    np.testing.assert_array_equal(ds.x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(ds.y, [0, 1, 1, 0])
    assert generate("article_xor").x.shape == (4, 2)


def test_plane_label():
    ds = generate("plane", n_points=500, noise=0.0, seed=2)
    assert (np.abs(ds.x) <= 6).all()
    np.testing.assert_allclose(ds.y, (ds.x[:, 0] + ds.x[:, 1]) / 10)
    noisy = generate("plane", n_points=500, noise=0.5, seed=2)
    err = np.abs(noisy.y - (noisy.x[:, 0] + noisy.x[:, 1]) / 10)
    assert err.max() <= 2 * 6 * 0.5 / 10 + 1e-12 and err.max() > 0.1


def _tfp_multi_gauss_label(x, y):
    # Straight transcription of regressGaussian's getLabel.
    gaussians = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1),
                 (4, -2.5, -1)]
    label = 0.0
    for cx, cy, sign in gaussians:
        scaled = min(max(1 - math.hypot(x - cx, y - cy) / 2, 0.0), 1.0)
        if abs(sign * scaled) > abs(label):
            label = sign * scaled
    return label


def test_multi_gauss_matches_tfp_rule():
    ds = generate("multi_gauss", n_points=400, noise=0.0, seed=8)
    expected = [_tfp_multi_gauss_label(a, b) for a, b in ds.x]
    np.testing.assert_allclose(ds.y, expected)
    assert (np.abs(ds.y) <= 1).all() and (ds.y > 0.5).any() and (ds.y < -0.5).any()


@pytest.mark.parametrize("name", ["circle", "xor", "plane", "multi_gauss"])
def test_label_noise_keeps_points_within_their_square(name):
    limit = {"circle": 5.0, "xor": 5.3, "plane": 6.0, "multi_gauss": 6.0}[name]
    ds = generate(name, n_points=2000, noise=0.5, seed=1)
    assert (np.abs(ds.x) <= limit).all()


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"name": "circles"}, "choose one of: circle, xor"),
        ({"name": "circle", "n_points": 3}, "from 4 to 5000, got 3"),
        ({"name": "circle", "n_points": 5001}, "from 4 to 5000"),
        ({"name": "circle", "n_points": 10.0}, "whole number"),
        ({"name": "circle", "n_points": True}, "whole number"),
        ({"name": "circle", "noise": -0.1}, "from 0.0 to 0.5"),
        ({"name": "circle", "noise": 0.51}, "from 0.0 to 0.5"),
        ({"name": "circle", "noise": float("nan")}, "from 0.0 to 0.5"),
        ({"name": "circle", "seed": -1}, "seed must be"),
    ],
)
def test_bad_arguments(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        generate(**kwargs)


def test_numpy_integer_arguments_accepted():
    ds = generate("gauss", n_points=np.int64(10), noise=np.float64(0.1), seed=np.int32(3))
    assert ds.x.shape == (10, 2)


# -- k classes: the spiral's arms and the Gaussian blobs -------------------------------
@pytest.mark.parametrize("name", ["spiral", "gauss"])
@pytest.mark.parametrize("k", range(2, 11))
def test_k_classes_are_drawn_evenly(name, k):
    ds = generate(name, n_points=503, noise=0.1, seed=4, n_classes=k)
    assert ds.n_classes == k and ds.task == "classification" and ds.x.shape == (503, 2)
    counts = np.bincount(ds.y, minlength=k)
    assert len(counts) == k and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", ["spiral", "gauss"])
def test_two_classes_are_tf_playgrounds_data(name):
    # None (the data set's own count) and an explicit 2 draw the very same points.
    default, two = generate(name, 301, 0.2, 5), generate(name, 301, 0.2, 5, n_classes=2)
    np.testing.assert_array_equal(default.x, two.x)
    np.testing.assert_array_equal(default.y, two.y)


def test_k_arm_spiral_matches_formula_without_noise():
    k, n = 3, 300
    ds = generate("spiral", n_points=n, noise=0.0, n_classes=k)
    for arm in range(k):
        x = ds.x[ds.y == arm]
        i = np.arange(n // k)
        r = i / (n / k) * 5
        t = 1.75 * i / (n / k) * 2 * math.pi + 2 * math.pi * arm / k
        np.testing.assert_allclose(x, np.column_stack([r * np.sin(t), r * np.cos(t)]),
                                   atol=1e-12)


def test_gaussian_blobs_sit_on_a_ring():
    k = 6
    ds = generate("gauss", n_points=4998, noise=0.0, seed=2, n_classes=k)
    centres = np.array([ds.x[ds.y == j].mean(axis=0) for j in range(k)])
    angles = np.degrees(np.arctan2(centres[:, 1], centres[:, 0])) % 360
    np.testing.assert_allclose(angles, (90 + 60 * np.arange(k)) % 360, atol=3)
    np.testing.assert_allclose(np.hypot(*centres.T), 3.0, atol=0.1)
    # three blobs are the gauss3 data set
    three = generate("gauss", 99, 0.3, 8, n_classes=3)
    np.testing.assert_array_equal(three.x, generate("gauss3", 99, 0.3, 8).x)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"name": "spiral", "n_classes": 1}, "draws 2 to 10 classes, not 1"),
    ({"name": "gauss", "n_classes": 11}, "draws 2 to 10 classes, not 11"),
    ({"name": "spiral", "n_classes": 2.5}, "whole number"),
    ({"name": "circle", "n_classes": 3}, "always has 2 classes, not 3"),
    ({"name": "plane", "n_classes": 2}, "regression data"),
    ({"name": "spiral", "n_classes": 5, "n_points": 4}, "5 classes need at least 5 points"),
])
def test_bad_class_counts(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        generate(**kwargs)
