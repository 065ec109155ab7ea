"""Toy data sets, following TF Playground's src/dataset.ts (tensorflow/playground).

TF Playground labels are ±1; here −1 is class 0 and +1 is class 1.  As in
TF Playground, ``circle``, ``xor``, ``plane`` and ``multi_gauss`` store the
noise-free point and use noise only to perturb the point the *label* is
computed from (so noise shows up as mislabelled points), while ``gauss`` and
``spiral`` (and the extra ``moons``/``gauss3``) move the points themselves.
Points come out grouped by class, like TF Playground's generators;
``split`` shuffles.

Each generator function has the signature ``fn(n_points, noise, rng) -> (x, y)``;
those that draw any number of classes (``GeneratorInfo.variable_classes``: the
spiral and the Gaussian blobs) take the class count as a fourth argument ``k``
(2 to 10; 2 gives TF Playground's data exactly).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bplab.data.dataset import CLASSIFICATION, MAX_CLASSES, REGRESSION, Dataset

Array = np.ndarray
GeneratorFn = Callable[..., tuple[Array, Array]]  # (n, noise, rng[, k]) -> (x, y)

MIN_POINTS = 4
MAX_POINTS = 5000
MAX_NOISE = 0.5  # TF Playground's noise slider goes to 50%
MIN_CLASSES = 2


@dataclass(frozen=True)
class GeneratorInfo:
    name: str
    label: str
    task: str
    n_classes: int  # 0 for regression; the default when the count can be chosen
    default_points: int
    fn: GeneratorFn
    variable_classes: bool = False  # fn takes k, the number of classes (2..MAX_CLASSES)


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


def gauss(n: int, noise: float, rng: np.random.Generator, k: int = 2) -> tuple[Array, Array]:
    """k Gaussian blobs: TF Playground's two at (2, 2) and (−2, −2) for k = 2, else
    ``gauss3``'s ring of blobs."""
    if k != 2:
        return _blob_ring(n, noise, rng, k)
    std = math.sqrt(_gauss_variance(noise))  # normalRandom(mean, variance)
    n_pos, n_neg = _halves(n)
    x = np.concatenate([rng.normal(2.0, std, (n_pos, 2)), rng.normal(-2.0, std, (n_neg, 2))])
    return x, _labels(n_pos, n_neg)


def _shares(n: int, k: int) -> list[int]:
    # n points over k classes; the first n % k classes get one more.
    return [n // k + (1 if j < n % k else 0) for j in range(k)]


def _blob_ring(n: int, noise: float, rng: np.random.Generator, k: int) -> tuple[Array, Array]:
    # Blob j is centred at 90° + j·360°/k; the ring has radius 3 (gauss3's) and
    # widens for many blobs so that neighbouring centres stay 3 apart.
    std = math.sqrt(_gauss_variance(noise))
    radius = max(3.0, 1.5 / math.sin(math.pi / k))
    xs, ys = [], []
    for j, count in enumerate(_shares(n, k)):
        angle = math.radians(90 + 360 * j / k)
        centre = (radius * math.cos(angle), radius * math.sin(angle))
        xs.append(rng.normal(centre, std, (count, 2)))
        ys.append(np.full(count, j, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def spiral(n: int, noise: float, rng: np.random.Generator, k: int = 2) -> tuple[Array, Array]:
    """k interleaved arms, each turning 1.75 times; arm j starts at angle 2πj/k.

    With k = 2 this is TF Playground's spiral: its first arm is class 1 (TF
    Playground's +1), the second class 0.  With more arms, arm j is class j.
    """
    per_arm = n / k  # TF Playground's n (per arm), used in the formulas even when fractional
    arms = []
    for j, count in enumerate(_shares(n, k)):
        i = np.arange(count)
        r = i / per_arm * 5
        t = 1.75 * i / per_arm * 2 * math.pi + 2 * math.pi * j / k
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    x = np.concatenate(arms) + rng.uniform(-1, 1, (n, 2)) * noise
    classes = [1, 0] if k == 2 else range(k)
    y = np.concatenate([np.full(count, c, np.int64)
                        for c, count in zip(classes, _shares(n, k), strict=True)])
    return x, y


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
    # noise-to-variance rule as ``gauss``: the Gaussian blobs with k = 3.
    return _blob_ring(n, noise, rng, 3)


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
        GeneratorInfo("gauss", "Gaussian", CLASSIFICATION, 2, 500, gauss, variable_classes=True),
        GeneratorInfo("spiral", "Spiral", CLASSIFICATION, 2, 500, spiral, variable_classes=True),
        GeneratorInfo("moons", "Two moons", CLASSIFICATION, 2, 500, moons),
        GeneratorInfo("gauss3", "Three Gaussians", CLASSIFICATION, 3, 500, gauss3),
        GeneratorInfo("article_xor", "XOR (4 points)", CLASSIFICATION, 2, 4, article_xor),
        GeneratorInfo("plane", "Plane", REGRESSION, 0, 1200, plane),
        GeneratorInfo("multi_gauss", "Multi Gaussian", REGRESSION, 0, 1200, multi_gauss),
    )
}


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_class_count(name: str, n_classes: int | None) -> int:
    """The number of classes ``name`` draws with ``n_classes`` asked for (None: its default).

    Raises ValueError when the data set cannot draw that many.
    """
    info = GENERATORS[name]
    if n_classes is None:
        return info.n_classes
    if not _is_int(n_classes):
        raise ValueError(f"number of classes must be a whole number, got {n_classes!r}")
    if info.variable_classes:
        if not MIN_CLASSES <= n_classes <= MAX_CLASSES:
            raise ValueError(f"the {info.label.lower()} data set draws {MIN_CLASSES} to "
                             f"{MAX_CLASSES} classes, not {n_classes}")
    elif n_classes != info.n_classes:
        fixed = "is regression data (0 classes)" if info.task == REGRESSION else (
            f"always has {info.n_classes} classes")
        choosable = " or ".join(g.label for g in GENERATORS.values() if g.variable_classes)
        raise ValueError(f"the {info.label.lower()} data set {fixed}, not {n_classes}; "
                         f"the number of classes can be chosen for the {choosable} data set")
    return int(n_classes)


def generate(name: str, n_points: int | None = None, noise: float = 0.0,
             seed: int = 0, n_classes: int | None = None) -> Dataset:
    """Generate a named data set; same arguments, same data.

    ``n_classes`` is the number of classes for the data sets that can draw any
    number (``variable_classes``); None means the data set's own count.
    """
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
    k = check_class_count(name, n_classes)
    if n_points < k:
        raise ValueError(f"{k} classes need at least {k} points, got {n_points}")
    rng = np.random.default_rng(int(seed))
    if info.variable_classes:
        x, y = info.fn(int(n_points), float(noise), rng, k)
    else:
        x, y = info.fn(int(n_points), float(noise), rng)
    dtype = np.int64 if info.task == CLASSIFICATION else np.float64
    return Dataset(x=np.ascontiguousarray(x, dtype=np.float64), y=np.asarray(y, dtype=dtype),
                   task=info.task, n_classes=k, name=info.name)
