"""Tables out of the lab: loss history and data as CSV, weights as ``.npz``.

Every file is written atomically (see ``bplab.export.atomic``) and holds
plain numbers and strings only: the ``.npz`` loads with
``np.load(path, allow_pickle=False)``.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np

from bplab.engine.history import COLUMNS as HISTORY_COLUMNS
from bplab.engine.history import History
from bplab.experiment.session import Session
from bplab.export.atomic import atomic_binary, atomic_text

PathLike = str | os.PathLike[str]
LOSS_COLUMNS = HISTORY_COLUMNS[:3]  # epoch, train and test loss per point


def _cell(value: float) -> str:
    # repr keeps every digit; NaN (no test set, regression accuracy) is an empty cell, and an
    # infinite loss (a diverged run) is written as inf or -inf
    value = float(value)
    return "" if math.isnan(value) else repr(value)


def history_csv(history: History, path: PathLike,
                columns: tuple[str, ...] = HISTORY_COLUMNS) -> Path:
    """One row per record the history keeps (see ``bplab.engine.history``), with ``columns``.

    All columns by default: epoch, train/test loss per point, train/test accuracy, then
    train/test loss summed over the set (what a "sum" reduction trains on).  The one CSV
    writer of the history: the loss table is the same with fewer columns.
    """
    cols = history.as_columns()
    with atomic_text(path, newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(columns)
        for i, epoch in enumerate(cols["epoch"]):
            out.writerow([int(epoch), *(_cell(cols[c][i]) for c in columns[1:])])
    return Path(path)


def loss_csv(history: History, path: PathLike) -> Path:
    """epoch, train_loss, test_loss for every recorded epoch."""
    return history_csv(history, path, LOSS_COLUMNS)


def point_columns(session: Session) -> list[str]:
    """Names of the raw point columns: the data's own (a CSV header's), else x1, x2, …"""
    if session.dataset.columns:
        return list(session.dataset.columns)
    if session.is_2d:
        return ["x1", "x2"]
    return list(session.feature_names)


def _label(value: object, regression: bool) -> str:
    return repr(float(value)) if regression else str(int(value))  # type: ignore[arg-type]


def data_csv(session: Session, path: PathLike) -> Path:
    """The raw points with their label and split (train rows first, then test)."""
    regression = session.dataset.task == "regression"
    with atomic_text(path, newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([*point_columns(session), "label", "split"])
        for part, ds in (("train", session.train_set), ("test", session.test_set)):
            for x, y in zip(ds.x, ds.y, strict=True):
                out.writerow([*(repr(float(v)) for v in x), _label(y, regression), part])
    return Path(path)


def weights_arrays(session: Session) -> dict[str, np.ndarray]:
    """``W1, b1, W2, b2, …`` (W_l is (n_in, n_out)), ``sizes``, ``activations``, ``inputs``,
    and for standardised inputs ``input_mean`` and ``input_std``."""
    net = session.network
    arrays: dict[str, np.ndarray] = {}
    for i, (w, b) in enumerate(zip(net.W, net.b, strict=True), start=1):
        arrays[f"W{i}"] = w.copy()
        arrays[f"b{i}"] = b.copy()
    arrays["sizes"] = np.asarray(net.sizes, dtype=np.int64)
    arrays["activations"] = np.asarray(net.activation_names, dtype=np.str_)  # fixed-width <U
    arrays["inputs"] = np.asarray(session.input_names, dtype=np.str_)  # feature/column names
    if session.scaling is not None:  # the network reads (x − input_mean) / input_std
        arrays["input_mean"] = session.scaling.mean.copy()
        arrays["input_std"] = session.scaling.std.copy()
    return arrays


def weights_npz(session: Session, path: PathLike) -> Path:
    """The current weights as an uncompressed ``.npz`` (no pickled objects inside)."""
    arrays = weights_arrays(session)
    with atomic_binary(path) as f:
        np.savez(f, **arrays)  # a file object: numpy adds no ".npz" to the name
    return Path(path)
