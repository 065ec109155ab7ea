"""Figures beyond the loss: the confusion matrix and per-class accuracy, or R² and RMSE.

Qt-free, so that ``bplab evaluate``, the window's confusion matrix and tests
all count the same way.  ``evaluate(session)`` measures the network as it
stands on the training and test points; the functions below it work on plain
arrays.  Call it while training is paused, or on the worker thread between
steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bplab.engine import Split
from bplab.engine.targets import predicted_class
from bplab.experiment.session import Session

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class SplitMetrics:
    """How the network does on one part of the data (train or test).

    Classification fills ``accuracy``, ``confusion`` and ``per_class_accuracy``
    (``r2`` and ``rmse`` are NaN); regression fills ``r2`` and ``rmse``
    (``accuracy`` is NaN, the two arrays None).
    """

    n_points: int
    loss: float  # the data loss, as the history records it (no regularization term)
    accuracy: float  # share of points whose predicted class is their class
    confusion: Array | None  # (k, k) int64: [true class, predicted class] -> points
    per_class_accuracy: Array | None  # (k,): share of each class predicted right; NaN if empty
    r2: float  # coefficient of determination; NaN when the targets do not vary
    rmse: float  # root of the mean squared error, in the targets' unit


@dataclass(frozen=True, eq=False)
class Metrics:
    task: str  # "classification" or "regression"
    n_classes: int  # 0 for regression
    train: SplitMetrics
    test: SplitMetrics | None  # None when there is no test set


def confusion_matrix(true: Array, predicted: Array, n_classes: int) -> Array:
    """(n_classes, n_classes) int64 counts: row = true class, column = predicted class."""
    true = np.asarray(true, np.int64)
    predicted = np.asarray(predicted, np.int64)
    if true.shape != predicted.shape or true.ndim != 1:
        raise ValueError(f"true and predicted classes need the same 1-D shape, got "
                         f"{true.shape} and {predicted.shape}")
    cells = np.bincount(true * n_classes + predicted, minlength=n_classes * n_classes)
    return cells.reshape(n_classes, n_classes)


def per_class_accuracy(confusion: Array) -> Array:
    """Each class's share of its points predicted as that class (NaN for a class with none)."""
    totals = confusion.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(confusion) / totals, math.nan)


def r2_score(y: Array, y_hat: Array) -> float:
    """1 − Σ(y − ŷ)² / Σ(y − ȳ)²; NaN when the targets do not vary (or there are none)."""
    y, y_hat = np.asarray(y, np.float64), np.asarray(y_hat, np.float64)
    total = float(np.sum((y - y.mean()) ** 2)) if len(y) else 0.0
    if total == 0.0:
        return math.nan
    return 1.0 - float(np.sum((y - y_hat) ** 2)) / total


def rmse(y: Array, y_hat: Array) -> float:
    """√(mean of (y − ŷ)²); NaN without points."""
    y, y_hat = np.asarray(y, np.float64), np.asarray(y_hat, np.float64)
    return math.sqrt(float(np.mean((y - y_hat) ** 2))) if len(y) else math.nan


def split_metrics(session: Session, split: Split, targets: Array) -> SplitMetrics:
    """Metrics of ``session``'s network on ``split`` (network inputs and encoded targets);
    ``targets`` are the split's labels or regression values as in the data."""
    net = session.network
    with np.errstate(all="ignore"):
        fp = net.forward(split.x)
        loss = net.loss_value(fp, split.t)
    y_hat = fp.y_hat
    n = len(split.x)
    if session.dataset.task == "regression":
        values = y_hat[:, 0]
        return SplitMetrics(n, loss, math.nan, None, None, r2_score(targets, values),
                            rmse(targets, values))
    k = session.dataset.n_classes
    predicted = predicted_class(y_hat, net.activation_names[-1])
    confusion = confusion_matrix(targets, predicted, k)
    accuracy = float(np.trace(confusion)) / n if n else math.nan
    return SplitMetrics(n, loss, accuracy, confusion, per_class_accuracy(confusion), math.nan,
                        math.nan)


def evaluate(session: Session) -> Metrics:
    """The network's figures on the training and test points as it stands now."""
    tr, ds = session.trainer, session.dataset
    train = split_metrics(session, tr.train, session.train_set.y)
    test = None if tr.test is None else split_metrics(session, tr.test, session.test_set.y)
    return Metrics(ds.task, ds.n_classes, train, test)
