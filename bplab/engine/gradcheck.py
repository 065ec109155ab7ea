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
DEFAULT_MAX_PER_LAYER = 500  # parameters compared per layer; bigger layers are sampled
KINKED = frozenset({"relu", "leaky_relu", "elu"})  # derivative jumps at net = 0
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
    """The batch objective as a function of one parameter, re-running only the layers after it."""

    def __init__(self, net: Network, x: Array, t: Array, regularization: str,
                 rate: float) -> None:
        self.net, self.t = net, t
        self.regularization, self.rate = regularization, rate
        fp = net.forward(x)
        self.h = fp.h  # h[k] is layer k's input, unchanged by parameters of layers ≥ k
        self.signs = [z > 0 for z in fp.net[:-1]]  # hidden kink sides at the unperturbed point
        self.kinked = [a.name in KINKED for a in net.activations[:-1]]
        self.value = self.evaluate(0)[0]

    def evaluate(self, first: int) -> tuple[float, bool]:
        """(objective, crossed a kink) with layers from ``first`` (0-based) recomputed."""
        net = self.net
        out, crossed = self.h[first], False
        last = net.n_layers - 1
        for k in range(first, net.n_layers):
            z = np.dot(out, net.W[k])
            z += net.b[k]  # the same arithmetic as Network._forward
            if k < last and self.kinked[k] and not np.array_equal(z > 0, self.signs[k]):
                crossed = True
            out = net.activations[k].value(z)
        per_sample = net.loss.per_sample(z, out, self.t)
        loss = float(per_sample.sum())
        if net.reduction == "mean":
            loss /= len(per_sample)
        return loss + regularizers.penalty(self.regularization, self.rate, net.W), crossed

    def derivative(self, k: int, array: Array, idx: tuple[int, ...],
                   step: float) -> tuple[float, bool]:
        """Fourth-order central difference of the objective in ``array[idx]`` (layer ``k``)."""
        orig = array[idx]
        total, crossed = 0.0, False
        try:
            for multiple, weight in _STENCIL:
                array[idx] = orig + multiple * step
                value, kink = self.evaluate(k)
                total += weight * value
                crossed |= kink
        finally:
            array[idx] = orig
        return total / (12.0 * step), crossed


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
    seed: int = 0,
) -> list[LayerCheck]:
    """Compare backpropagation with finite differences for the batch ``(x, t)``, per layer.

    ``network`` is not changed (the check works on a float64 copy).  Layers
    with more than ``max_per_layer`` parameters are checked on a random sample
    of that many (drawn with ``seed``); ``None`` checks every parameter.
    Raises ValueError when the network's weights are not finite.
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
        return [_check_layer(net, k, grads, objective, floor, step, l1, max_per_layer, rng)
                for k in range(net.n_layers)]


def _check_layer(net: Network, k: int, grads: list[Array], objective: _Objective, floor: float,
                 step: float, l1: bool, limit: int | None,
                 rng: np.random.Generator) -> LayerCheck:
    arrays = (net.W[k], net.b[k])
    analytic = (grads[2 * k], grads[2 * k + 1])
    errors = [0.0, 0.0]
    worst: tuple[float, int, tuple[int, ...], float, float] = (-1.0, 0, (), 0.0, 0.0)
    checked = skipped = 0
    for a, idx in _indices([arr.shape for arr in arrays], limit, rng):
        array = arrays[a]
        numeric, crossed = objective.derivative(k, array, idx, step)
        # L1's |w| has its kink at 0: a stencil reaching across it is no derivative.
        if crossed or (l1 and a == 0 and 0.0 < abs(array[idx]) < 2.0 * step):
            skipped += 1
            continue
        checked += 1
        exact = float(analytic[a][idx])
        error = abs(exact - numeric) / max(abs(exact), abs(numeric), floor)
        if np.isnan(error) or error > errors[a]:  # a NaN, once seen, stays
            errors[a] = error
        if not np.isnan(worst[0]) and (np.isnan(error) or error > worst[0]):
            worst = (error, a, idx, exact, numeric)
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
