"""Standardising the network's inputs: mean 0 and variance 1 per input column.

The statistics come from the training inputs only (the test points must not
shape what the network sees), and belong with the weights trained on them:
a network trained on standardised inputs needs the very same mean and
standard deviation to predict.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class InputScaling:
    """x ↦ (x − mean) / std, column by column.

    ``mean``, ``std``: (n_inputs,) float64; every std is finite and > 0 (a
    column that never varies keeps std 1, so it becomes 0 everywhere it had
    its one value).
    """

    mean: Array
    std: Array

    def __post_init__(self) -> None:
        mean = np.array(self.mean, np.float64)  # own read-only copies: sessions share them
        std = np.array(self.std, np.float64)
        if mean.ndim != 1 or mean.shape != std.shape:
            raise ValueError(f"mean and std need one value per input, got shapes {mean.shape} "
                             f"and {std.shape}")
        if not (np.isfinite(mean).all() and np.isfinite(std).all() and (std > 0).all()):
            raise ValueError("the input statistics must be finite, with every std above 0")
        mean.flags.writeable = std.flags.writeable = False
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "std", std)

    def apply(self, x: Array) -> Array:
        """(n, n_inputs) standardised copy of ``x`` (float64)."""
        return (np.asarray(x, np.float64) - self.mean) / self.std

    def same_as(self, other: InputScaling | None) -> bool:
        return (other is not None and np.array_equal(self.mean, other.mean)
                and np.array_equal(self.std, other.std))


def fit_scaling(x: Array) -> InputScaling:
    """Mean and standard deviation (ddof 0) of each column of the (n, d) inputs ``x``."""
    x = np.asarray(x, np.float64)
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(f"standardising needs an (n, d) array of at least one point, got "
                         f"shape {x.shape}")
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    # Exactly constant columns (max == min) get std 1; comparing std with 0 would
    # miss the tiny std that rounding in the mean leaves behind.
    constant = x.max(axis=0) == x.min(axis=0)
    std[constant] = 1.0
    return InputScaling(mean, std)
