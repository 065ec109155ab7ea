"""The score over epochs: accuracy for classification, R² for regression, from the history.

The history keeps train and test accuracy per entry, but not R².  For
regression the loss is the squared error ½(y − ŷ)², and the history records it
per point whatever the reduction, so each recorded loss gives R² exactly: the
sum of squared errors is 2·L·n, and R² = 1 − SSE / Σ(y − ȳ)².  The same formula as
``bplab.experiment.metrics.r2_score``, without another pass over the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bplab.experiment.session import Session

Array = np.ndarray


def _total_squares(y: Array) -> float:
    y = np.asarray(y, np.float64)
    return float(np.sum((y - y.mean()) ** 2)) if len(y) else 0.0


@dataclass(frozen=True)
class ScoreCurve:
    """Turns history columns into the score to plot, for one session's data."""

    task: str
    reduction: str  # "mean" or "sum": how training reduces (the history is per point)
    train_points: int
    test_points: int
    train_total: float  # Σ(y − ȳ)² of the training targets (regression)
    test_total: float

    @classmethod
    def of(cls, session: Session) -> ScoreCurve:
        task = session.dataset.task
        regression = task == "regression"
        return cls(task, session.network.reduction, len(session.train_set.y),
                   len(session.test_set.y),
                   _total_squares(session.train_set.y) if regression else 0.0,
                   _total_squares(session.test_set.y) if regression else 0.0)

    @property
    def name(self) -> str:
        return "R²" if self.task == "regression" else "accuracy"

    def r2(self, losses: Array, n: int, total: float) -> Array:
        losses = np.asarray(losses, np.float64)
        if total <= 0.0 or n == 0:
            return np.full(losses.shape, math.nan)
        sse = 2.0 * losses * n  # the history's losses are per point
        return 1.0 - sse / total

    def scores(self, history: dict[str, Array]) -> tuple[Array, Array]:
        """(train, test) scores of the history entries in ``history`` (its columns)."""
        if self.task != "regression":
            return (np.asarray(history["train_accuracy"], np.float64),
                    np.asarray(history["test_accuracy"], np.float64))
        return (self.r2(history["train_loss"], self.train_points, self.train_total),
                self.r2(history["test_loss"], self.test_points, self.test_total))
