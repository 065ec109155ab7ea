"""L1 and L2 penalties on weights (never on biases), as in TF Playground.

The training objective is ``data loss + rate · penalty(W)``; the reported loss
is the data loss alone, like TF Playground's.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

# name stored in files -> label
REGULARIZERS = {"none": "None", "l1": "L1  λ·Σ|w|", "l2": "L2  λ·½Σw²"}


def penalty(name: str, rate: float, W: list[Array]) -> float:
    if name == "l1":
        return rate * float(sum(np.abs(w).sum() for w in W))
    if name == "l2":
        return rate * 0.5 * float(sum((w * w).sum() for w in W))
    return 0.0


def add_gradient(name: str, rate: float, W: list[Array], dW: list[Array]) -> None:
    """Add the penalty's gradient to the weight gradients in place."""
    if name == "none" or rate == 0.0:
        return
    for w, g in zip(W, dW, strict=True):
        g += rate * (np.sign(w) if name == "l1" else w)


def check(name: str, rate: float) -> None:
    if name not in REGULARIZERS:
        raise ValueError(
            f"unknown regularization {name!r}; choose one of {', '.join(REGULARIZERS)}"
        )
    if not (np.isfinite(rate) and 0.0 <= rate <= 10.0):
        raise ValueError(f"regularization rate must be between 0 and 10, got {rate}")
