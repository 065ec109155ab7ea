"""Per-layer distributions of weights, biases and activations, as TensorBoard draws them.

For every layer: histograms of the entries of ``W`` and ``b``, and of the
outputs ``h`` (and pre-activations ``net``) of its neurons over the training
points, for the network as it is now.

The bins must stay still from one frame to the next, or the picture jumps
while the network trains.  So a ``DistributionTracker`` keeps each
histogram's range between frames and changes it only when the values leave
it, or shrink to a small part of it (``SHRINK_SHARE``); a new range is
padded and rounded to a round step so that slowly growing weights do not
re-bin it on every frame.  Sigmoid, tanh and softmax outputs have their
fixed range (0 … 1 or −1 … 1).  Every finite value always falls in a bin;
NaN, ±∞ and values beyond ±``HUGE`` (a diverged net: no finite bins span
them) are counted apart (``nonfinite``).

NumPy only.  Cost: one forward pass of the training points per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bplab.engine.network import Network

Array = np.ndarray

BINS = 30  # bins per histogram
SHRINK_SHARE = 0.25  # a range is narrowed once the values span less than this share of it
PADDING = 0.1  # of the values' span, added on each side of a new range
BOUNDED_OUTPUTS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "softmax": (0.0, 1.0)}
KINDS = ("weights", "biases", "activations", "nets")
HUGE = 1e150  # |values| beyond this are counted with NaN and ±∞


@dataclass(frozen=True)
class Distribution:
    """One histogram: ``counts[k]`` values lie in [edges[k], edges[k + 1]) (the last bin closed)."""

    counts: Array  # (BINS,) int
    edges: Array  # (BINS + 1,) increasing
    nonfinite: int  # NaN, ±∞ and |values| > HUGE, in no bin

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    @property
    def range(self) -> tuple[float, float]:
        return float(self.edges[0]), float(self.edges[-1])


@dataclass(frozen=True)
class LayerDistributions:
    layer: int  # node layer 1 … L (W[layer - 1], b[layer - 1])
    activation: str
    weights: Distribution  # the entries of W[layer - 1]
    biases: Distribution  # the entries of b[layer - 1]
    activations: Distribution  # h of every neuron of the layer on every training point
    nets: Distribution  # net of every neuron of the layer on every training point


@dataclass(frozen=True)
class Distributions:
    layers: tuple[LayerDistributions, ...]
    n_points: int  # the training points the activations were measured on


def round_range(lo: float, hi: float) -> tuple[float, float]:
    """A range holding [lo, hi] with some room, its ends on a round step (1 or 5 × 10ᵏ).

    Values that are all ≥ 0 (ReLU outputs) get no room below 0, all ≤ 0 none above.
    """
    if lo == hi:
        half = max(abs(lo) * 0.1, 0.5 if lo == 0 else 1e-12)
        return lo - half, hi + half
    span = hi - lo
    low, high = lo - PADDING * span, hi + PADDING * span
    if lo >= 0.0:
        low = max(low, 0.0)
    if hi <= 0.0:
        high = min(high, 0.0)
    step = 10.0 ** math.floor(math.log10(high - low)) / 2
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    return (low, high) if high > low else (lo, hi)


def stable_range(lo: float, hi: float,
                 kept: tuple[float, float] | None) -> tuple[float, float]:
    """``kept`` while it holds [lo, hi] and is not much wider than it; else a new round one."""
    if (kept is not None and kept[0] <= lo and hi <= kept[1]
            and hi - lo >= SHRINK_SHARE * (kept[1] - kept[0])):
        return kept
    return round_range(lo, hi)


def distribution(values: Array, value_range: tuple[float, float],
                 bins: int = BINS) -> Distribution:
    """np.histogram of the finite values over ``value_range`` in ``bins`` equal bins."""
    v = np.asarray(values, np.float64).ravel()
    finite = _binnable(v)
    counts, edges = np.histogram(v[finite], bins=bins, range=value_range)
    return Distribution(counts, edges, int(len(v) - finite.sum()))


def _binnable(v: Array) -> Array:
    with np.errstate(invalid="ignore"):
        return np.abs(v) <= HUGE  # False for NaN and ±∞ too


def _finite_range(values: Array) -> tuple[float, float]:
    v = np.asarray(values, np.float64).ravel()
    v = v[_binnable(v)]
    return (float(v.min()), float(v.max())) if len(v) else (0.0, 0.0)


class DistributionTracker:
    """Measures the distributions of a network, keeping each histogram's range between calls."""

    def __init__(self, bins: int = BINS) -> None:
        self.bins = bins
        self._ranges: dict[tuple[int, str], tuple[float, float]] = {}
        self._sizes: tuple[int, ...] = ()  # the architecture the ranges are for

    def reset(self) -> None:
        """Forget the ranges (a new run)."""
        self._ranges.clear()

    def measure(self, network: Network, x: Array) -> Distributions:
        """The distributions of ``network``'s parameters, and of its layers' outputs on ``x``."""
        if tuple(network.sizes) != self._sizes:
            self._sizes = tuple(network.sizes)
            self.reset()
        with np.errstate(all="ignore"):
            fp = network.forward(np.asarray(x, network.dtype))
        layers = []
        for k, act in enumerate(network.activation_names):
            layer = k + 1
            values = {"weights": network.W[k], "biases": network.b[k],
                      "activations": fp.h[layer], "nets": fp.net[k]}
            parts = {kind: self._histogram(layer, kind, v, act) for kind, v in values.items()}
            layers.append(LayerDistributions(layer=layer, activation=act, **parts))
        return Distributions(tuple(layers), len(fp.h[0]))

    def _histogram(self, layer: int, kind: str, values: Array, activation: str) -> Distribution:
        if kind == "activations" and activation in BOUNDED_OUTPUTS:
            value_range = BOUNDED_OUTPUTS[activation]
        else:
            lo, hi = _finite_range(values)
            value_range = stable_range(lo, hi, self._ranges.get((layer, kind)))
        self._ranges[(layer, kind)] = value_range
        out = distribution(values, value_range, self.bins)
        for a in (out.counts, out.edges):
            a.flags.writeable = False  # shared with the GUI thread from now on
        return out
