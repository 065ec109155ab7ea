"""Immutable pictures of a training run, made by the worker for the views.

A snapshot holds copies, never views of live arrays, so the GUI thread can
draw it while the worker goes on training.  The copies are read-only: a view
that wants to change one must make its own.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bplab.engine.trainer import Trainer
from bplab.experiment.session import GRID_RESOLUTION, Session

if TYPE_CHECKING:  # the modules below import this one's neighbours
    from bplab.experiment.distributions import Distributions
    from bplab.experiment.hidden_space import HiddenSpace
    from bplab.experiment.input_pair import PairGrid
    from bplab.experiment.metrics import Metrics

Array = np.ndarray

GRID_BUDGET = 1_000_000  # neuron values per snapshot; big nets get coarser neuron grids
MIN_GRID_RESOLUTION = 20
# Nets with more links than this have only their strongest ones drawn; the snapshot
# names them, so the GUI thread need not search hundreds of thousands of weights.
STRONGEST_LINKS = 2000


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
    # True: the figures above were measured on these very weights just now; False:
    # they are the latest history entry (measured when its epoch ended).
    measured_now: bool = False
    history_records: int = 0  # len(history) when taken: what the next snapshot starts from
    # What the views asked for beyond the above (bplab.experiment.view_requests); None
    # when no view asked.
    metrics: Metrics | None = None  # confusion matrices, or R² and RMSE
    pair_grid: PairGrid | None = None  # the output over two inputs of data with more than 2
    hidden_space: HiddenSpace | None = None  # the training points in a hidden layer
    distributions: Distributions | None = None  # per-layer histograms of W, b, h and net
    # Added by bplab.experiment.run_watch: the doctor's findings when it looked this time
    # (None: it did not), and the last epoch's mean |gradient| per link when asked for.
    findings: tuple | None = None
    gradients: object | None = None  # bplab.engine.gradient_flow.EpochGradients
    layer_stats: tuple | None = None  # (epoch, LayerStats per layer) when measured this time
    # Nets with more than STRONGEST_LINKS links: the flat indices (W of every layer
    # raveled, in order) of the STRONGEST_LINKS largest |w|, ascending; else None.
    strong_links: Array | None = None
    # Rows of the training set in the mini-batch just learned from, at the slowest
    # paces (bplab.experiment.pacing); None otherwise.
    batch: Array | None = None
    # The article's printed figure, mean (y − ŷ)² on the training points, measured with
    # the losses above (NaN when the history holds none, as in files from before it).
    article_mse: float = math.nan


def frozen(arrays: Iterable[Array]) -> tuple[Array, ...]:
    """The arrays, marked read-only (they are shared between threads from now on)."""
    out = tuple(arrays)
    for a in out:
        a.flags.writeable = False
    return out


def strongest_links(weights: Iterable[Array], limit: int = STRONGEST_LINKS) -> Array | None:
    """Sorted flat indices of the ``limit`` links with the largest |w| (non-finite
    weights count as 0); None when there are no more than ``limit`` links."""
    weights = list(weights)
    if sum(w.size for w in weights) <= limit:
        return None
    aw = np.abs(np.concatenate([w.ravel() for w in weights]))
    aw[~np.isfinite(aw)] = 0.0
    return np.sort(np.argpartition(aw, -limit)[-limit:])


def link_values(weights: Iterable[Array], flat: Array) -> Array:
    """The weights at sorted flat link indices (as strongest_links gives them)."""
    out = np.empty(len(flat))
    start = 0
    for w in weights:
        lo, hi = np.searchsorted(flat, (start, start + w.size))
        out[lo:hi] = w.ravel()[flat[lo:hi] - start]
        start += w.size
    return out


def recorded_epoch(trainer: Trainer) -> int | None:
    """The epoch of the latest history entry, or None if there is none."""
    return trainer.history.last_epoch


def edited_since_record(trainer: Trainer) -> bool:
    """Whether weights were set by hand after the latest history entry.

    An edit noted at epoch E always follows the entry of epoch E (that entry is
    written the moment epoch E ends), so it is newer than any entry up to E.
    """
    edit, last = trainer.hand_edit, recorded_epoch(trainer)
    return edit is not None and (last is None or edit.epoch >= last)


def history_describes_weights(trainer: Trainer) -> bool:
    """Whether the latest history entry was measured on the weights as they are now."""
    return (trainer.position == 0 and recorded_epoch(trainer) == trainer.epoch
            and not edited_since_record(trainer))


def take_snapshot(session: Session, history_start: int, steps_per_second: float = 0.0,
                  with_grids: bool = True, running: bool = False) -> Snapshot:
    """Copy what the views need.

    ``history_start`` is what the views' copy of the history was made from:
    the ``history_records`` of the last snapshot they took (0: nothing yet).

    The loss and accuracy describe the weights in the snapshot: the latest
    history entry when that was measured on them, else a fresh measurement.
    While training ``running``, the weights move on every step, so the entry of
    the last epoch is good enough, unless weights were set by hand since.
    """
    tr = session.trainer
    start, cols = tr.history.rows_since(history_start)
    new = {k: frozen([np.array(v, dtype=float)])[0] for k, v in cols.items()}
    last = tr.history.latest()
    measure = (edited_since_record(tr) if running else not history_describes_weights(tr))
    if measure:
        last = {**last, **tr.evaluate()}
    W, b = session.network.copy_parameters()
    grids = session.neuron_grids() if with_grids else []
    return Snapshot(
        epoch=tr.epoch, step=tr.step, weights=frozen(W), biases=frozen(b), grids=frozen(grids),
        history_start=start, history=new, train_loss=float(last["train_loss"]),
        test_loss=float(last["test_loss"]), train_accuracy=float(last["train_accuracy"]),
        test_accuracy=float(last["test_accuracy"]),
        learning_rate=tr.optimizer.learning_rate, status=tr.status, message=tr.message,
        steps_per_second=steps_per_second, measured_now=measure,
        history_records=len(tr.history),
        strong_links=frozen_or_none(strongest_links(W)),
        article_mse=float(last.get("article_mse", math.nan)),
    )


def frozen_or_none(a: Array | None) -> Array | None:
    return None if a is None else frozen([a])[0]


def grid_resolution(sizes: list[int]) -> int:
    """Cells per side of the neuron (thumbnail) grids: all stay within GRID_BUDGET values.

    The output layer's grid, the decision boundary, is GRID_RESOLUTION whatever
    the net size (see make_snapshot); only the other neurons' grids get coarser.
    """
    per_side = int(math.sqrt(GRID_BUDGET / max(1, sum(sizes))))
    return max(MIN_GRID_RESOLUTION, min(GRID_RESOLUTION, per_side))


def make_snapshot(session: Session, history_start: int, steps_per_second: float,
                  running: bool = False) -> Snapshot:
    """take_snapshot, with coarser neuron grids for big networks but a full output grid."""
    snap = take_snapshot(session, history_start, steps_per_second, with_grids=False,
                         running=running)
    return dataclasses.replace(snap, grids=plane_grids(session))


def plane_grids(session: Session) -> tuple[Array, ...]:
    """Every neuron's output over the plane, as ``make_snapshot`` gives them: coarser for
    the hidden neurons of big networks, the boundary always GRID_RESOLUTION × GRID_RESOLUTION
    (the issue's minimum)."""
    res = grid_resolution(session.network.sizes)
    grids = session.neuron_grids(res)
    if grids and res != GRID_RESOLUTION:
        grids[-1] = session.output_grid(GRID_RESOLUTION)
    return frozen(grids)
