"""Gradient check: backpropagation's gradients against central finite differences.

``check_gradients(network, x, t)`` differentiates the training objective of
one mini-batch numerically, parameter by parameter, and compares the result
with what ``Network.backward`` (plus the regularization term) computes: the
proof that backpropagation computes the derivative.  ``check_next_batch(trainer)``
does it for the mini-batch the trainer trains on next, with its regularization.

What is compared
    The objective is the one the optimizer descends: the data loss of the
    batch (reduced as the network's ``reduction`` says) plus the
    regularization penalty ``rate · penalty(W)``.  Its analytic gradient is
    ``Network.backward``'s ``dW``/``db`` with ``regularizers.add_gradient``
    applied, exactly the gradients ``Trainer.train_step`` hands the optimizer.

The numerical derivative
    The fourth-order central difference
    ``(−f(p+2h) + 8f(p+h) − 8f(p−h) + f(p−2h)) / 12h`` with ``h = STEP``,
    computed on a float64 copy of the network (a float32 network is checked
    in float64: float32's rounding would swamp any difference quotient).

Relative error
    ``|a − n| / max(|a|, |n|, FLOOR · max(1, |L|))`` for the analytic value
    ``a``, the numerical ``n`` and the objective ``L``.  The floor is there
    because a component far smaller than the loss cannot be resolved
    relatively by any difference quotient (its rounding error is about
    ``1e-12 · |L|``); such components are held to an absolute bound instead.

Kinks
    ReLU, leaky ReLU and ELU change their derivative at 0, and L1's ``|w|``
    at ``w = 0``.  A component whose stencil moves some hidden pre-activation
    (or, with L1, the weight itself) across 0 has no central difference to
    compare with: it is counted in ``skipped`` instead of being compared.

Layers are node layers as everywhere in the step-through: ``layer`` 1 … L,
its weights ``W[layer - 1]`` and biases ``b[layer - 1]``.  NumPy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bplab.engine import regularizers
from bplab.engine.network import Network
from bplab.engine.trainer import Trainer

Array = np.ndarray

STEP = 1e-4  # h of the finite differences
FLOOR = 1e-4  # relative errors' denominator is at least FLOOR · max(1, |objective|)
TOLERANCE = 1e-5  # `bplab check-gradients` fails a layer whose error exceeds this
DEFAULT_MAX_PER_LAYER = 500  # parameters compared per layer; bigger layers are sampled …
WORK_PER_LAYER = 200_000_000  # … and fewer in big nets: multiply-adds per layer at most this
MIN_PER_LAYER = 20  # but never fewer parameters than this
KINKED = frozenset({"relu", "leaky_relu", "elu"})  # derivative jumps at net = 0
CHUNK_ROWS = 8192  # rows (parameter × stencil point × sample) evaluated in one stacked pass
_STENCIL = ((2.0, -1.0), (1.0, 8.0), (-1.0, -8.0), (-2.0, 1.0))  # (multiple of h, weight)


@dataclass(frozen=True)
class LayerCheck:
    """The gradient check of one layer's weights and biases."""

    layer: int  # node layer 1 … L: W[layer - 1], b[layer - 1]
    weight_error: float  # largest relative error over the weights compared (0.0: none compared)
    bias_error: float  # the same over the biases
    worst_param: str  # "w" or "b": where the largest error is
    worst_index: tuple[int, ...]  # (i, j) into W[layer - 1] or (j,) into b[layer - 1]
    worst_backprop: float  # backpropagation's value there
    worst_numeric: float  # the finite differences' value there
    checked: int  # parameters compared
    skipped: int  # parameters whose stencil crossed a kink (not compared)
    total: int  # parameters in the layer (weights and biases)

    @property
    def max_error(self) -> float:
        """The largest relative error of the layer (NaN if any comparison was NaN)."""
        if np.isnan(self.weight_error) or np.isnan(self.bias_error):
            return float("nan")
        return max(self.weight_error, self.bias_error)

    def passed(self, tolerance: float = TOLERANCE) -> bool:
        """True when the largest error is at most ``tolerance`` (NaN never passes)."""
        return self.max_error <= tolerance


class _Objective:
    """The batch objective around the current parameters, for many perturbations at once.

    A parameter of layer k changes only column j of that layer's net (by
    ``s·h_i`` for a weight w_ij, by ``s`` for a bias b_j): the layers before
    it are reused, and the stencil points of many parameters go through the
    layers after it as one stacked batch (rows: parameter × stencil point ×
    sample), a few large products instead of thousands of small ones.
    """

    def __init__(self, net: Network, x: Array, t: Array, regularization: str,
                 rate: float) -> None:
        self.net, self.t = net, t
        self.rate = rate if regularization != "none" else 0.0
        self.reg = regularizers.get_regularizer(regularization)
        fp = net.forward(x)
        self.h, self.z = fp.h, fp.net  # h[k] is layer k's input, z[k] its net
        self.signs = [z > 0 for z in fp.net[:-1]]  # hidden kink sides at the unperturbed point
        self.kinked = [a.name in KINKED for a in net.activations[:-1]]
        self.value = net.loss_value(fp, t) + regularizers.penalty(regularization, rate, net.W)

    def derivatives(self, k: int, params: list[tuple[int, tuple[int, ...]]],
                    step: float) -> tuple[Array, Array]:
        """(fourth-order central differences, crossed a kink) of layer ``k``'s ``params``:
        (0, (i, j)) is the weight W[k][i, j], (1, (j,)) the bias b[k][j]."""
        net, n_s, batch = self.net, len(_STENCIL), len(self.t)
        shifts = np.array([m for m, _ in _STENCIL]) * step
        weights = np.array([w for _, w in _STENCIL])
        z = np.repeat(self.z[k][None], len(params) * n_s, axis=0)  # (P·S, B, n_k)
        penalty = np.zeros((len(params), n_s))
        for p, (a, idx) in enumerate(params):
            j = idx[-1]
            rows = z[p * n_s:(p + 1) * n_s]
            column = self.h[k][:, idx[0]] if a == 0 else np.ones(batch)
            rows[:, :, j] += shifts[:, None] * column[None, :]
            if a == 0 and self.rate:  # only this weight's share of the penalty changes
                w = self.net.W[k][idx]
                penalty[p] = [self.rate * self.reg.penalty(np.array(w + d)) for d in shifts]
        crossed = np.zeros(len(params) * n_s, bool)
        last = net.n_layers - 1
        z = out = z.reshape(-1, z.shape[-1])
        for layer in range(k, net.n_layers):
            if layer > k:
                z = np.dot(out, net.W[layer])
                z += net.b[layer]
            if layer < last and self.kinked[layer]:
                flipped = (z > 0).reshape(-1, batch, z.shape[-1]) != self.signs[layer]
                crossed |= flipped.any(axis=(1, 2))
            out = net.activations[layer].value(z)
        t = np.tile(self.t, (len(params) * n_s, 1))
        loss = net.loss.per_sample(z, out, t).reshape(len(params), n_s, batch).sum(axis=2)
        if net.reduction == "mean":
            loss /= batch
        # The penalty of the other weights is the same at every point and cancels in the
        # stencil (its weights add up to 0): only the data loss and this weight's share count.
        numeric = ((loss + penalty) * weights).sum(axis=1) / (12.0 * step)
        return numeric, crossed.reshape(len(params), n_s).any(axis=1)


def float64_copy(network: Network) -> Network:
    """A float64 network with the same layers, loss and (finite) parameters; ValueError if not."""
    net = Network(network.sizes, network.activation_names, network.loss_name,
                  network.reduction, "float64")
    net.set_parameters([w.astype(np.float64) for w in network.W],
                       [b.astype(np.float64) for b in network.b])
    return net


def _indices(shapes: Sequence[tuple[int, ...]], limit: int | None,
             rng: np.random.Generator) -> list[tuple[int, tuple[int, ...]]]:
    """(which array, index) of the parameters to compare: all, or ``limit`` drawn at random."""
    every = [(a, idx) for a, shape in enumerate(shapes) for idx in np.ndindex(shape)]
    if limit is None or len(every) <= limit:
        return every
    picked = np.sort(rng.choice(len(every), size=limit, replace=False))
    return [every[i] for i in picked]


def check_gradients(
    network: Network,
    x: Array,
    t: Array,
    regularization: str = "none",
    regularization_rate: float = 0.0,
    *,
    step: float = STEP,
    max_per_layer: int | None = DEFAULT_MAX_PER_LAYER,
    work_per_layer: float | None = WORK_PER_LAYER,
    seed: int = 0,
) -> list[LayerCheck]:
    """Compare backpropagation with finite differences for the batch ``(x, t)``, per layer.

    ``network`` is not changed (the check works on a float64 copy).  A layer
    is checked on a random sample (drawn with ``seed``) of at most
    ``max_per_layer`` parameters, and of fewer when comparing them would take
    more than ``work_per_layer`` multiply-adds (a big layer deep in a big
    net), but at least ``MIN_PER_LAYER``; ``None`` lifts either limit, and
    both ``None`` check every parameter.  Raises ValueError when the
    network's weights are not finite.
    """
    regularizers.check(regularization, regularization_rate)
    try:
        net = float64_copy(network)
    except ValueError as err:
        raise ValueError(f"cannot check the gradients of this network: {err}") from None
    x = np.asarray(x, np.float64)
    t = np.asarray(t, np.float64)
    if len(x) == 0 or len(x) != len(t):
        raise ValueError(f"the batch needs as many targets as inputs (at least one), "
                         f"got {len(x)} inputs and {len(t)} targets")
    rng = np.random.default_rng(seed)
    with np.errstate(all="ignore"):  # overflow shows up as NaN errors, not as warnings
        bp = net.backward(net.forward(x), t)
        grads = [g.copy() for g in bp.grads]
        regularizers.add_gradient(regularization, regularization_rate, net.W, grads[0::2])
        objective = _Objective(net, x, t, regularization, regularization_rate)
        floor = FLOOR * max(1.0, abs(objective.value))
        l1 = regularization == "l1" and regularization_rate > 0
        return [_check_layer(net, k, grads, objective, floor, step, l1,
                             _limit(net, k, len(x), max_per_layer, work_per_layer), rng)
                for k in range(net.n_layers)]


def _limit(net: Network, k: int, batch: int, most: int | None,
           work: float | None) -> int | None:
    """How many of layer k's parameters to compare (None: all)."""
    if work is None:
        return most
    # one parameter: every stencil point runs the batch through layers k … L
    per_parameter = len(_STENCIL) * batch * sum(w.size for w in net.W[k:])
    affordable = max(MIN_PER_LAYER, int(work // per_parameter))
    return affordable if most is None else min(most, affordable)


def _check_layer(net: Network, k: int, grads: list[Array], objective: _Objective, floor: float,
                 step: float, l1: bool, limit: int | None,
                 rng: np.random.Generator) -> LayerCheck:
    arrays = (net.W[k], net.b[k])
    analytic = (grads[2 * k], grads[2 * k + 1])
    errors = [0.0, 0.0]
    worst: tuple[float, int, tuple[int, ...], float, float] = (-1.0, 0, (), 0.0, 0.0)
    checked = skipped = 0
    params = _indices([arr.shape for arr in arrays], limit, rng)
    chunk = max(1, CHUNK_ROWS // (len(_STENCIL) * len(objective.t)))
    for at in range(0, len(params), chunk):
        part = params[at:at + chunk]
        numerics, crossings = objective.derivatives(k, part, step)
        for (a, idx), numeric, crossed in zip(part, numerics, crossings, strict=True):
            # L1's |w| has its kink at 0: a stencil reaching across it is no derivative.
            if crossed or (l1 and a == 0 and 0.0 < abs(arrays[a][idx]) < 2.0 * step):
                skipped += 1
                continue
            checked += 1
            exact = float(analytic[a][idx])
            error = abs(exact - numeric) / max(abs(exact), abs(numeric), floor)
            if np.isnan(error) or error > errors[a]:  # a NaN, once seen, stays
                errors[a] = error
            if not np.isnan(worst[0]) and (np.isnan(error) or error > worst[0]):
                worst = (error, a, idx, exact, float(numeric))
    _, a, idx, exact, numeric = worst
    return LayerCheck(layer=k + 1, weight_error=errors[0], bias_error=errors[1],
                      worst_param="wb"[a], worst_index=tuple(int(i) for i in idx),
                      worst_backprop=exact, worst_numeric=numeric, checked=checked,
                      skipped=skipped, total=arrays[0].size + arrays[1].size)


def check_next_batch(trainer: Trainer, **options: object) -> list[LayerCheck]:
    """``check_gradients`` for the mini-batch the trainer trains on next, with its
    regularization; the trainer does not move.  ``options`` go to ``check_gradients``."""
    _, x, t = trainer.next_batch()
    return check_gradients(trainer.network, x, t, trainer.regularization,
                           trainer.regularization_rate, **options)  # type: ignore[arg-type]
