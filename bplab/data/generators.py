"""Toy data sets, following TF Playground's src/dataset.ts (tensorflow/playground).

TF Playground labels are ±1; here −1 is class 0 and +1 is class 1.  As in
TF Playground, ``circle``, ``xor``, ``plane`` and ``multi_gauss`` store the
noise-free point and use noise only to perturb the point the *label* is
computed from (so noise shows up as mislabelled points), while ``gauss`` and
``spiral`` (and the extra ``moons``/``gauss3``) move the points themselves.
Points come out grouped by class, like TF Playground's generators;
``split`` shuffles.

Each generator function has the signature ``fn(n_points, noise, rng) -> (x, y)``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bplab.data.dataset import CLASSIFICATION, REGRESSION, Dataset

Array = np.ndarray
GeneratorFn = Callable[[int, float, np.random.Generator], tuple[Array, Array]]

MIN_POINTS = 4
MAX_POINTS = 5000
MAX_NOISE = 0.5  # TF Playground's noise slider goes to 50%


@dataclass(frozen=True)
class GeneratorInfo:
    name: str
    label: str
    task: str
    n_classes: int  # 0 for regression
    default_points: int
    fn: GeneratorFn


def _halves(n: int) -> tuple[int, int]:
    # TF Playground generates the +1 class first; it gets the odd point out.
    return n - n // 2, n // 2


def _labels(n_pos: int, n_neg: int) -> Array:
    return np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])


def _gauss_variance(noise: float) -> float:
    # d3.scale.linear().domain([0, .5]).range([0.5, 4])
    return 0.5 + (4.0 - 0.5) * noise / 0.5


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    radius = 5.0
    n_in, n_out = _halves(n)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in),
                        rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0, 2 * math.pi, n)
    x = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    noisy = x + rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(noisy[:, 0], noisy[:, 1]) < radius * 0.5).astype(np.int64)
    return x, y


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    padding = 0.3
    x = rng.uniform(-5, 5, (n, 2))
    x += np.where(x > 0, padding, -padding)  # keep points off the axes
    noisy = x + rng.uniform(-5, 5, (n, 2)) * noise
    y = (noisy[:, 0] * noisy[:, 1] >= 0).astype(np.int64)
    return x, y


def gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    std = math.sqrt(_gauss_variance(noise))  # normalRandom(mean, variance)
    n_pos, n_neg = _halves(n)
    x = np.concatenate([rng.normal(2.0, std, (n_pos, 2)), rng.normal(-2.0, std, (n_neg, 2))])
    return x, _labels(n_pos, n_neg)


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    half = n / 2  # TF Playground's n, used in the formulas even when fractional
    arms = []
    for count, delta_t in zip(_halves(n), (0.0, math.pi), strict=True):
        i = np.arange(count)
        r = i / half * 5
        t = 1.75 * i / half * 2 * math.pi + delta_t
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    x = np.concatenate(arms) + rng.uniform(-1, 1, (n, 2)) * noise
    return x, _labels(*_halves(n))


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    # scikit-learn's make_moons (upper moon class 0), centred and scaled by 3 to
    # span about [-4.5, 4.5] x [-2.25, 2.25]; noise is a Gaussian std in the
    # original moon units, i.e. scale * noise in the plane.
    scale = 3.0
    n_upper, n_lower = n // 2, n - n // 2
    t = rng.uniform(0, math.pi, n)
    upper = np.column_stack([np.cos(t[:n_upper]), np.sin(t[:n_upper])])
    lower = np.column_stack([1 - np.cos(t[n_upper:]), 0.5 - np.sin(t[n_upper:])])
    x = (np.concatenate([upper, lower]) - [0.5, 0.25]) * scale
    x += rng.normal(0.0, scale * noise, (n, 2))
    y = np.concatenate([np.zeros(n_upper, np.int64), np.ones(n_lower, np.int64)])
    return x, y


def gauss3(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    # Three blobs at 90°, 210°, 330° on a circle of radius 3, with the same
    # noise-to-variance rule as ``gauss``.
    std = math.sqrt(_gauss_variance(noise))
    counts = [n // 3 + (1 if k < n % 3 else 0) for k in range(3)]
    xs, ys = [], []
    for k, count in enumerate(counts):
        angle = math.radians(90 + 120 * k)
        centre = (3 * math.cos(angle), 3 * math.sin(angle))
        xs.append(rng.normal(centre, std, (count, 2)))
        ys.append(np.full(count, k, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def article_xor(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    # The textbook XOR truth table; n and noise are ignored.
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return x, np.array([0, 1, 1, 0], np.int64)


def plane(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    radius = 6.0
    x = rng.uniform(-radius, radius, (n, 2))
    noisy = x + rng.uniform(-radius, radius, (n, 2)) * noise
    # d3.scale.linear().domain([-10, 10]).range([-1, 1]) of x + y, unclamped
    y = (noisy[:, 0] + noisy[:, 1]) / 10.0
    return x, y


_GAUSSIANS = np.array([  # cx, cy, sign
    [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
    [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
], dtype=np.float64)


def multi_gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    radius = 6.0
    x = rng.uniform(-radius, radius, (n, 2))
    noisy = x + rng.uniform(-radius, radius, (n, 2)) * noise
    d = np.hypot(noisy[:, None, 0] - _GAUSSIANS[:, 0], noisy[:, None, 1] - _GAUSSIANS[:, 1])
    # d3.scale.linear().domain([0, 2]).range([1, 0]).clamp(true), times the sign
    contrib = _GAUSSIANS[:, 2] * np.clip(1.0 - d / 2.0, 0.0, 1.0)
    # The strongest contribution wins; argmax takes the first on ties, like TFP's strict ">".
    best = np.argmax(np.abs(contrib), axis=1)
    y = contrib[np.arange(n), best]
    return x, y


GENERATORS: dict[str, GeneratorInfo] = {
    g.name: g
    for g in (
        GeneratorInfo("circle", "Circle", CLASSIFICATION, 2, 500, circle),
        GeneratorInfo("xor", "Exclusive or", CLASSIFICATION, 2, 500, xor),
        GeneratorInfo("gauss", "Gaussian", CLASSIFICATION, 2, 500, gauss),
        GeneratorInfo("spiral", "Spiral", CLASSIFICATION, 2, 500, spiral),
        GeneratorInfo("moons", "Two moons", CLASSIFICATION, 2, 500, moons),
        GeneratorInfo("gauss3", "Three Gaussians", CLASSIFICATION, 3, 500, gauss3),
        GeneratorInfo("article_xor", "XOR (4 points)", CLASSIFICATION, 2, 4, article_xor),
        GeneratorInfo("plane", "Plane", REGRESSION, 0, 1200, plane),
        GeneratorInfo("multi_gauss", "Multi Gaussian", REGRESSION, 0, 1200, multi_gauss),
    )
}


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def generate(name: str, n_points: int | None = None, noise: float = 0.0,
             seed: int = 0) -> Dataset:
    """Generate a named data set; same arguments, same data."""
    info = GENERATORS.get(name) if isinstance(name, str) else None
    if info is None:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(GENERATORS)}")
    if n_points is None:
        n_points = info.default_points
    # Checked for every set (article_xor included) so the contract has no exceptions.
    if not _is_int(n_points) or not MIN_POINTS <= n_points <= MAX_POINTS:
        raise ValueError(f"number of points must be a whole number from {MIN_POINTS} to "
                         f"{MAX_POINTS}, got {n_points!r}")
    if (not isinstance(noise, numbers.Real) or isinstance(noise, bool)
            or not 0.0 <= noise <= MAX_NOISE):  # NaN fails the comparison too
        raise ValueError(f"noise must be a fraction from 0.0 to {MAX_NOISE} (0% to 50%), "
                         f"got {noise!r}")
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    x, y = info.fn(int(n_points), float(noise), np.random.default_rng(int(seed)))
    dtype = np.int64 if info.task == CLASSIFICATION else np.float64
    return Dataset(x=np.ascontiguousarray(x, dtype=np.float64), y=np.asarray(y, dtype=dtype),
                   task=info.task, n_classes=info.n_classes, name=info.name)
