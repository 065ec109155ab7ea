"""L1 and L2 penalties on weights (never on biases), as in TF Playground.

The training objective is ``data loss + rate · penalty(W)``; the reported loss
is the data loss alone, like TF Playground's.  Each regularizer keeps its
penalty beside its gradient in one table keyed by the name files store, as
the activations do, so that the two cannot disagree about a name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Regularizer:
    name: str
    label: str  # how the GUI writes it
    penalty: Callable[[Array], float]  # the penalty of one weight matrix, before the rate
    gradient: Callable[[Array], Array]  # its derivative with respect to that matrix


TABLE: dict[str, Regularizer] = {
    r.name: r
    for r in [
        Regularizer("none", "None", lambda w: 0.0, np.zeros_like),
        # sign(0) = 0: a weight at exactly zero gets no push (no clamping at zero either)
        Regularizer("l1", "L1  λ·Σ|w|", lambda w: float(np.abs(w).sum()), np.sign),
        Regularizer("l2", "L2  λ·½Σw²", lambda w: 0.5 * float((w * w).sum()), lambda w: w),
    ]
}

# name stored in files -> label
REGULARIZERS = {name: r.label for name, r in TABLE.items()}


def get_regularizer(name: str) -> Regularizer:
    try:
        return TABLE[name]
    except KeyError:
        raise ValueError(
            f"unknown regularization {name!r}; choose one of {', '.join(TABLE)}"
        ) from None


def penalty(name: str, rate: float, W: list[Array]) -> float:
    """``rate · Σ_l penalty(W_l)``: what the regularizer adds to the objective."""
    reg = get_regularizer(name)
    return rate * float(sum(reg.penalty(w) for w in W))


def add_gradient(name: str, rate: float, W: list[Array], dW: list[Array]) -> None:
    """Add the penalty's gradient ``rate · ∂penalty/∂W`` to the weight gradients in place."""
    reg = get_regularizer(name)
    if reg.name == "none" or rate == 0.0:
        return
    for w, g in zip(W, dW, strict=True):
        g += rate * reg.gradient(w)


def check(name: str, rate: float) -> None:
    get_regularizer(name)
    if not (np.isfinite(rate) and 0.0 <= rate <= 10.0):
        raise ValueError(f"regularization rate must be between 0 and 10, got {rate}")
