"""Weight initialisers.

Each takes the layer sizes and a seed and returns fresh ``(W, b)`` lists in
the network's layout (``W[l]`` is ``(n_in, n_out)``).  ``article`` draws like
the article's XOR code: standard normals from the legacy generator seeded with
``np.random.seed(seed)``, layer by layer, weights before biases; it uses a
private ``RandomState`` so the global NumPy state is never touched.  All other
initialisers use a ``numpy.random.Generator``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

Array = np.ndarray
Params = tuple[list[Array], list[Array]]


def _article(sizes: Sequence[int], seed: int) -> Params:
    rs = np.random.RandomState(seed)  # same stream as np.random.seed(seed); np.random.randn
    W, b = [], []
    for n_in, n_out in itertools.pairwise(sizes):
        W.append(rs.randn(n_in, n_out))
        b.append(rs.randn(n_out))
    return W, b


def _uniform(sizes: Sequence[int], seed: int) -> Params:
    # TF Playground: weights uniform in [-0.5, 0.5], every bias 0.1.
    rng = np.random.default_rng(seed)
    W = [rng.uniform(-0.5, 0.5, (a, c)) for a, c in itertools.pairwise(sizes)]
    return W, [np.full(c, 0.1) for c in sizes[1:]]


def _glorot(sizes: Sequence[int], seed: int) -> Params:
    rng = np.random.default_rng(seed)
    W = []
    for a, c in itertools.pairwise(sizes):
        limit = np.sqrt(6.0 / (a + c))
        W.append(rng.uniform(-limit, limit, (a, c)))
    return W, [np.zeros(c) for c in sizes[1:]]


def _he(sizes: Sequence[int], seed: int) -> Params:
    rng = np.random.default_rng(seed)
    W = [rng.normal(0.0, np.sqrt(2.0 / a), (a, c)) for a, c in itertools.pairwise(sizes)]
    return W, [np.zeros(c) for c in sizes[1:]]


def _zeros(sizes: Sequence[int], seed: int) -> Params:
    return ([np.zeros((a, c)) for a, c in itertools.pairwise(sizes)],
            [np.zeros(c) for c in sizes[1:]])


# name stored in files -> (label for the form, function)
INITIALIZERS: dict[str, tuple[str, Callable[[Sequence[int], int], Params]]] = {
    "article": ("Standard normal (article)", _article),
    "uniform": ("Uniform ±0.5, bias 0.1 (TF Playground)", _uniform),
    "glorot": ("Glorot / Xavier uniform", _glorot),
    "he": ("He normal", _he),
    "zeros": ("Zeros", _zeros),
}


def initial_parameters(name: str, sizes: Sequence[int], seed: int) -> Params:
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; choose one of {', '.join(INITIALIZERS)}")
    return INITIALIZERS[name][1](sizes, seed)
