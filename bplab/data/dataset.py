"""The dataset container shared by the generators, the CSV reader and the engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CLASSIFICATION = "classification"
REGRESSION = "regression"
TASKS = (CLASSIFICATION, REGRESSION)

MAX_CLASSES = 10  # the most classes bplab classifies (CSV, generators, files)

MIN_TRAIN_FRACTION = 0.1
MAX_TRAIN_FRACTION = 0.9


# eq=False: the fields are arrays, so the generated __eq__/__hash__ would raise
# ("truth value of an array is ambiguous"); identity semantics are what callers need.
@dataclass(frozen=True, eq=False)
class Dataset:
    """Points and labels.

    ``x``: (n, 2) float64 points in the input plane, or (n, d) for CSV data.
    ``y``: (n,) int64 class index 0..n_classes-1 for classification,
    (n,) float64 target for regression.
    ``columns``: the names of the d input columns (a CSV header), or empty.
    """

    x: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int  # 0 for regression
    name: str = ""
    columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Catch shape mix-ups here rather than deep inside a training step.
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {', '.join(TASKS)}, got {self.task!r}")
        if self.x.ndim != 2:
            raise ValueError(f"x must be a 2-D (n, d) array, got shape {self.x.shape}")
        if self.y.ndim != 1 or len(self.y) != len(self.x):
            raise ValueError(
                f"y must be a 1-D array with one label per point: x has shape {self.x.shape}, "
                f"y has shape {self.y.shape}"
            )
        if self.task == CLASSIFICATION and self.n_classes < 2:
            raise ValueError(f"classification needs at least 2 classes, got {self.n_classes}")
        if self.task == REGRESSION and self.n_classes != 0:
            raise ValueError(f"n_classes must be 0 for regression, got {self.n_classes}")
        if self.columns and len(self.columns) != self.x.shape[1]:
            raise ValueError(f"columns must name each of the {self.x.shape[1]} input columns, "
                             f"got {len(self.columns)} names")


def _subset(ds: Dataset, index: np.ndarray) -> Dataset:
    # Fancy indexing copies, so both parts are independent and C-contiguous.
    return Dataset(x=ds.x[index], y=ds.y[index], task=ds.task, n_classes=ds.n_classes,
                   name=ds.name, columns=ds.columns)


def split(ds: Dataset, train_fraction: float, seed: int) -> tuple[Dataset, Dataset]:
    """Shuffle with ``default_rng(seed)`` and cut into (train, test).

    Train gets ``round(n * train_fraction)`` points, clamped so each part has at
    least one point when n >= 2 (with n < 2 everything goes to train).
    """
    if not (MIN_TRAIN_FRACTION <= train_fraction <= MAX_TRAIN_FRACTION):
        raise ValueError(f"train share must be between 10% and 90%, got {train_fraction!r}")
    n = len(ds.x)
    order = np.random.default_rng(seed).permutation(n)
    n_train = min(max(round(n * train_fraction), 1), n - 1) if n >= 2 else n
    return _subset(ds, order[:n_train]), _subset(ds, order[n_train:])
