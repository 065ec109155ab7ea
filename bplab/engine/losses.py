"""Loss functions and the output delta they start backpropagation with.

A loss is always paired with the output activation, because the stable
formulas work from the logits ``net`` of the output layer:

* ``squared_error``: the article's ``L = ½(y − ŷ)²`` with any elementwise
  output; ``δ = (ŷ − y) f'(net)``.
* ``binary_cross_entropy``: sigmoid output, labels 0/1;
  ``L = log(1 + e^net) − y·net`` and ``δ = ŷ − y``.
* ``softmax_cross_entropy``: softmax output, one-hot labels;
  ``L = logsumexp(net) − net_y`` and ``δ = ŷ − y``.

Reduction: ``"sum"`` adds the per-sample losses over the batch (the article's
XOR example does this over its four samples); ``"mean"`` divides by the batch
size (TF Playground, PyTorch's default).  Both the value and the delta use the
same reduction, so gradients are exactly the derivatives of the reported loss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bplab.engine.activations import Activation

Array = np.ndarray
REDUCTIONS = ("mean", "sum")


@dataclass(frozen=True)
class Loss:
    name: str
    label: str
    outputs: tuple[str, ...]  # output activations this loss may be paired with
    per_sample: Callable[[Array, Array, Array], Array]  # (net, y_hat, y) -> (batch,)
    output_delta: Callable[[Array, Array, Array, Activation], Array]  # unreduced δ
    formula: str


def _se_value(net: Array, y_hat: Array, y: Array) -> Array:
    diff = y - y_hat
    return 0.5 * np.einsum("ij,ij->i", diff, diff)


def _se_delta(net: Array, y_hat: Array, y: Array, act: Activation) -> Array:
    return (y_hat - y) * act.derivative(net, y_hat)


def _bce_value(net: Array, y_hat: Array, y: Array) -> Array:
    return (np.logaddexp(0.0, net) - y * net).sum(axis=1)


def _ce_delta(net: Array, y_hat: Array, y: Array, act: Activation) -> Array:
    return y_hat - y


def _softmax_ce_value(net: Array, y_hat: Array, y: Array) -> Array:
    top = net.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(net - top).sum(axis=1))
    return lse - (y * net).sum(axis=1)


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in [
        Loss("squared_error", "Squared error ½(y − ŷ)²", ("linear", "sigmoid", "tanh"),
             _se_value, _se_delta, "L = ½ (y − ŷ)²"),
        Loss("binary_cross_entropy", "Binary cross-entropy", ("sigmoid",),
             _bce_value, _ce_delta, "L = −y ln ŷ − (1 − y) ln(1 − ŷ)"),
        Loss("softmax_cross_entropy", "Softmax cross-entropy", ("softmax",),
             _softmax_ce_value, _ce_delta, "L = −Σ_k y_k ln ŷ_k"),
    ]
}


def get_loss(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None


def check_pairing(loss: str, output_activation: str) -> None:
    """Raise ValueError with a fix when a loss cannot use this output activation."""
    allowed = get_loss(loss).outputs
    if output_activation not in allowed:
        raise ValueError(
            f"loss {loss!r} needs the output activation to be one of {', '.join(allowed)}, "
            f"not {output_activation!r}"
        )


def valid_losses(output_activation: str) -> list[str]:
    return [n for n, loss in LOSSES.items() if output_activation in loss.outputs]
