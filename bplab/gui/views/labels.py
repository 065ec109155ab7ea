"""How the views name features and neurons, so every view says the same thing."""

from __future__ import annotations

from bplab.data import FEATURES


def feature_label(name: str) -> str:
    """'x1_sq' → 'x₁²'; names that are not features (CSV columns) stay as they are."""
    f = FEATURES.get(name)
    return f.label if f is not None else name
