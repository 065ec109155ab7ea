"""TF Playground's input features: functions of the two input coordinates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feature:
    name: str
    label: str
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (x1, x2) -> column
    template: str  # the label with the two coordinates' names as {0} and {1}


# Order matches TF Playground's input column (and the GUI's list).
FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("x1", "x₁", lambda x1, x2: x1, "{0}"),
        Feature("x2", "x₂", lambda x1, x2: x2, "{1}"),
        Feature("x1_sq", "x₁²", lambda x1, x2: x1 * x1, "{0}²"),
        Feature("x2_sq", "x₂²", lambda x1, x2: x2 * x2, "{1}²"),
        Feature("x1_x2", "x₁x₂", lambda x1, x2: x1 * x2, "{0}·{1}"),
        Feature("sin_x1", "sin(x₁)", lambda x1, x2: np.sin(x1), "sin({0})"),
        Feature("sin_x2", "sin(x₂)", lambda x1, x2: np.sin(x2), "sin({1})"),
    )
}


def _operand(name: str) -> str:
    # "sepal length²" would square only "length": names that are not one word get brackets.
    return name if name.replace("_", "").replace(".", "").isalnum() else f"({name})"


def input_label(name: str, columns: Sequence[str] = ()) -> str:
    """How a feature is named for people: 'x1_sq' → 'x₁²', or 'a²' when the two
    coordinates are data columns named ('a', 'b').  Other names stay as they are."""
    feature = FEATURES.get(name)
    if feature is None:
        return name
    if len(columns) != 2:
        return feature.label
    bracketed = feature.template.startswith("sin(") or feature.template in ("{0}", "{1}")
    return feature.template.format(*(columns if bracketed else map(_operand, columns)))


def feature_matrix(points: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """(n, len(names)) float64 C-contiguous matrix, one column per name in order."""
    valid = ", ".join(FEATURES)
    # A bare string is a Sequence[str] too; iterating it would give single letters.
    if isinstance(names, str) or len(names) == 0:
        raise ValueError(f"choose at least one input feature from: {valid}; got {names!r}")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(f"unknown input feature(s) {unknown}; valid features are: {valid}")
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {pts.shape}")
    out = np.empty((pts.shape[0], len(names)), dtype=np.float64)
    x1, x2 = pts[:, 0], pts[:, 1]
    for j, name in enumerate(names):
        out[:, j] = FEATURES[name].fn(x1, x2)
    return out
