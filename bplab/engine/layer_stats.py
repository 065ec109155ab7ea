"""Per-layer statistics of a network on a batch: what the layer panel plots.

``layer_stats(network, x, t)`` gives, for every layer, the norm of the loss
gradient, the mean |δ|, and which neurons are dead or saturated on the
points of the batch; ``layer_histograms(network, x)`` the distributions of
each layer's weights and outputs.  The training doctor reads the same
numbers, so the panel and the doctor can never disagree.

Definitions (docs/maths.md, "Training doctor", gives the reasons):

* gradient norm: the Frobenius norm ‖∂L/∂W_l‖ of the data loss of the batch,
  reduced as the network's ``reduction`` says (no regularization term);
* mean |δ|: the mean over the points and the layer's neurons of
  |∂L_n/∂net| for each point's own loss L_n, so it does not shrink with the
  batch size under the ``"mean"`` reduction;
* dead: a ReLU neuron whose output is 0 (net ≤ 0) on every point;
* saturated: a sigmoid or tanh neuron whose |net| exceeds
  ``SATURATION_NET[activation]`` on at least ``SATURATED_SHARE`` of the points.

Layers are node layers 1 … L (``W[layer - 1]``), neurons 0-based.  NumPy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bplab.engine.network import BackwardPass, ForwardPass, Network

Array = np.ndarray

# |net| beyond which a unit's derivative is under 3% of its largest value:
# σ′(5) = 0.0066 = 2.7% of σ′(0) = ¼;  tanh′(2.5) = 0.027 = 2.7% of tanh′(0) = 1.
SATURATION_NET = {"sigmoid": 5.0, "tanh": 2.5}
SATURATED_SHARE = 0.9  # saturated on at least this share of the points: "on most points"
DEAD_ACTIVATIONS = frozenset({"relu"})  # output exactly 0 for every net ≤ 0
HISTOGRAM_BINS = 30


@dataclass(frozen=True)
class LayerStats:
    """One layer's numbers for one batch."""

    layer: int  # node layer 1 … L
    activation: str  # the layer's activation name
    gradient_norm: float  # ‖∂L/∂W_l‖ (Frobenius) of the batch's data loss
    bias_gradient_norm: float  # ‖∂L/∂b_l‖
    weight_norm: float  # ‖W_l‖
    mean_abs_delta: float  # mean |δ| per point and neuron (each point's own loss)
    dead: tuple[int, ...]  # ReLU neurons whose output is 0 on every point
    saturated: tuple[int, ...]  # sigmoid/tanh neurons saturated on most points
    saturated_shares: tuple[float, ...]  # per neuron: the share of points where it is saturated
    n_neurons: int

    @property
    def dead_share(self) -> float:
        return len(self.dead) / self.n_neurons

    @property
    def saturated_share(self) -> float:
        return len(self.saturated) / self.n_neurons

    @property
    def inactive_share(self) -> float:
        """Share of the layer's neurons that are dead or saturated (what the panel plots)."""
        return (len(self.dead) + len(self.saturated)) / self.n_neurons


@dataclass(frozen=True)
class Histogram:
    counts: Array  # (bins,) points per bin
    edges: Array  # (bins + 1,) bin edges, increasing

    @property
    def centers(self) -> Array:
        return 0.5 * (self.edges[:-1] + self.edges[1:])


@dataclass(frozen=True)
class LayerHistograms:
    layer: int  # node layer 1 … L
    weights: Histogram  # the entries of W[layer - 1]
    biases: Histogram  # the entries of b[layer - 1]
    outputs: Histogram  # h of every neuron of the layer on every point


def saturated_mask(activation: str, net: Array) -> Array | None:
    """(points, neurons) True where a sigmoid/tanh unit is saturated; None for others."""
    threshold = SATURATION_NET.get(activation)
    if threshold is None:
        return None
    return np.abs(net) > threshold


def layer_stats_of(network: Network, fp: ForwardPass, bp: BackwardPass) -> list[LayerStats]:
    """The statistics of passes already made (``bp`` from ``network.backward(fp, t)``)."""
    n_points = len(fp.h[0])
    per_point = n_points if network.reduction == "mean" else 1  # undo the 1/N of δ
    stats = []
    for k, act in enumerate(network.activation_names):
        net = fp.net[k]
        dead: tuple[int, ...] = ()
        if act in DEAD_ACTIVATIONS and k < network.n_layers - 1:
            dead = tuple(int(j) for j in np.flatnonzero(np.all(net <= 0.0, axis=0)))
        mask = saturated_mask(act, net) if k < network.n_layers - 1 else None
        shares: tuple[float, ...] = ()
        saturated: tuple[int, ...] = ()
        if mask is not None:
            share = mask.mean(axis=0)
            shares = tuple(float(s) for s in share)
            saturated = tuple(int(j) for j in np.flatnonzero(share >= SATURATED_SHARE))
        stats.append(LayerStats(
            layer=k + 1, activation=act,
            gradient_norm=float(np.linalg.norm(bp.dW[k])),
            bias_gradient_norm=float(np.linalg.norm(bp.db[k])),
            weight_norm=float(np.linalg.norm(network.W[k])),
            mean_abs_delta=float(np.abs(bp.delta[k]).mean()) * per_point,
            dead=dead, saturated=saturated, saturated_shares=shares,
            n_neurons=network.sizes[k + 1]))
    return stats


def layer_stats(network: Network, x: Array, t: Array) -> list[LayerStats]:
    """Per-layer gradient norm, mean |δ|, dead and saturated neurons for the batch (x, t).

    Dead and saturated are judged for hidden layers only (an output unit's
    saturation is the loss's business).  The network is not changed.
    """
    x = np.asarray(x, network.dtype)
    t = np.asarray(t, network.dtype)
    with np.errstate(all="ignore"):  # a diverging net gives NaN statistics, not warnings
        fp = network.forward(x)
        return layer_stats_of(network, fp, network.backward(fp, t))


def histogram(values: Array, bins: int = HISTOGRAM_BINS) -> Histogram:
    """Counts of the finite values in ``bins`` equal bins spanning them (±0.5 if all equal)."""
    v = np.asarray(values, np.float64).ravel()
    v = v[np.isfinite(v)]
    if len(v) == 0:
        lo, hi = -0.5, 0.5
    else:
        lo, hi = float(v.min()), float(v.max())
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(v, bins=bins, range=(lo, hi))
    return Histogram(counts, edges)


def layer_histograms(network: Network, x: Array,
                     bins: int = HISTOGRAM_BINS) -> list[LayerHistograms]:
    """Per layer: histograms of its weights, its biases and its outputs on the points ``x``."""
    with np.errstate(all="ignore"):
        h = network.forward(np.asarray(x, network.dtype)).h
    return [LayerHistograms(k + 1, histogram(network.W[k], bins), histogram(network.b[k], bins),
                            histogram(h[k + 1], bins))
            for k in range(network.n_layers)]


def gradient_norm_ratio(stats: Sequence[LayerStats]) -> float:
    """‖∂L/∂W‖ of the first layer over that of the last; NaN when the last one's is 0."""
    first, last = stats[0].gradient_norm, stats[-1].gradient_norm
    return first / last if last > 0 else float("nan")
