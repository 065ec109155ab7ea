"""Immutable pictures of a training run, made by the worker for the views.

A snapshot holds copies, never views of live arrays, so the GUI thread can
draw it while the worker goes on training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bplab.experiment.session import Session

Array = np.ndarray


@dataclass(frozen=True)
class Snapshot:
    epoch: int  # completed epochs
    step: int  # completed mini-batch updates
    weights: tuple[Array, ...]  # W per layer, (n_in, n_out), copies
    biases: tuple[Array, ...]  # b per layer, copies
    grids: tuple[Array, ...]  # per layer (n, res, res) neuron outputs; layer 0 = features
    # The history's rows that a view copying it lacks: it keeps its first
    # history_start rows and puts these after them (see History.rows_since).
    history_start: int
    history: dict[str, Array]
    train_loss: float  # latest recorded losses per point and accuracies (NaN if none yet)
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    learning_rate: float
    status: str  # "ready" or "diverged"
    message: str  # why training stopped, for the user
    steps_per_second: float = 0.0
    history_records: int = 0  # len(history) when taken: what the next snapshot starts from


def take_snapshot(session: Session, history_start: int, steps_per_second: float = 0.0,
                  with_grids: bool = True) -> Snapshot:
    """Copy what the views need.

    ``history_start`` is what the views' copy of the history was made from:
    the ``history_records`` of the last snapshot they took (0: nothing yet).
    """
    tr = session.trainer
    start, cols = tr.history.rows_since(history_start)
    new = {k: np.array(v, dtype=float) for k, v in cols.items()}
    last = tr.history.latest()
    W, b = session.network.copy_parameters()
    grids = tuple(session.neuron_grids()) if with_grids else ()
    return Snapshot(
        epoch=tr.epoch, step=tr.step, weights=tuple(W), biases=tuple(b), grids=grids,
        history_start=start, history=new, train_loss=float(last["train_loss"]),
        test_loss=float(last["test_loss"]), train_accuracy=float(last["train_accuracy"]),
        test_accuracy=float(last["test_accuracy"]),
        learning_rate=tr.optimizer.learning_rate, status=tr.status, message=tr.message,
        steps_per_second=steps_per_second, history_records=len(tr.history),
    )
