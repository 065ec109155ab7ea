"""Fixed colour levels for activations, and a smooth range for unbounded ones.

Bounded activations get fixed levels so colours never jump between frames;
unbounded ones (ReLU, linear, …) follow the data's largest magnitude, eased
so that a single frame's outlier does not make the whole picture flicker.
"""

from __future__ import annotations

import numpy as np

# Activations whose outputs lie in a known interval.
FIXED_LEVELS: dict[str, tuple[float, float]] = {
    "tanh": (-1.0, 1.0),
    "sigmoid": (0.0, 1.0),
    "softmax": (0.0, 1.0),
}

EASE = 0.3  # share of the way to the new range covered per frame
MIN_SPAN = 1e-6  # avoids a zero-width range for constant outputs


def fixed_levels(activation: str | None) -> tuple[float, float] | None:
    return FIXED_LEVELS.get(activation or "")


class SmoothRange:
    """Symmetric levels ``(-m, m)`` per row, eased towards each grid's max |value|."""

    def __init__(self, n: int) -> None:
        self.m = np.full(n, np.nan)  # NaN until the first frame sets it outright

    def update(self, grids: np.ndarray) -> np.ndarray:
        """``grids`` is (n, ...); returns the eased m per row."""
        flat = np.abs(grids.reshape(len(grids), -1))
        # A diverged network gives all-NaN grids: no level to take from them.
        flat = np.where(np.isfinite(flat), flat, 0.0)
        target = flat.max(axis=1) if flat.size else np.zeros(len(grids))
        target = np.where(np.isfinite(target), np.maximum(target, MIN_SPAN), 1.0)
        fresh = np.isnan(self.m)
        self.m = np.where(fresh, target, self.m + EASE * (target - self.m))
        return self.m

    def reset(self) -> None:
        self.m[:] = np.nan
