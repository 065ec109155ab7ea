"""Weights and biases set by hand, queued for whichever thread owns the network.

The window checks an edit at once (``check_edit``) and queues it in
``ParameterEdits``; the training loop writes the queue into the network
between chunks, or the GUI thread does when training is paused.  Qt-free and
thread-safe.
"""

from __future__ import annotations

import math
import queue

from bplab.engine.trainer import HandEdit, Trainer
from bplab.experiment.doctor import WeightEdit
from bplab.experiment.session import Session

QueuedEdit = tuple[str, int, int, int, float]  # ("W" or "b", layer, i, j, value)


class ParameterEdits:
    """Weight and bias edits waiting to be written into the network (thread-safe).

    Layers index the engine's lists: ``W[layer][i, j]`` and ``b[layer][j]``.
    """

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[QueuedEdit] = queue.SimpleQueue()

    def put_weight(self, layer: int, i: int, j: int, value: float) -> None:
        self._queue.put(("W", layer, i, j, float(value)))

    def put_bias(self, layer: int, j: int, value: float) -> None:
        self._queue.put(("b", layer, 0, j, float(value)))

    def put(self, edit: QueuedEdit) -> None:
        """Queue an edit taken from another queue (``take``)."""
        self._queue.put(edit)

    def take(self) -> list[QueuedEdit]:
        """Empty the queue and return what it held, oldest first (to send elsewhere)."""
        out = []
        while True:
            try:
                out.append(self._queue.get_nowait())
            except queue.Empty:
                return out

    def apply(self, session: Session) -> int:
        """Write every queued edit into the network; returns how many.

        The trainer is told (``Trainer.hand_edit``): figures recorded before an
        edit no longer describe the network, and a divergence soon after one is
        explained by it.
        """
        net, n = session.network, 0
        while True:
            try:
                kind, layer, i, j, value = self._queue.get_nowait()
            except queue.Empty:
                return n
            if kind == "W":
                net.W[layer][i, j] = value
                what = f"the weight from {neuron_name(net.n_layers, layer, i)} to " \
                       f"{neuron_name(net.n_layers, layer + 1, j)}"
            else:
                net.b[layer][j] = value
                what = f"the bias of {neuron_name(net.n_layers, layer + 1, j)}"
            note_hand_edit(session.trainer, what, value)
            n += 1

    def clear(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return


def neuron_name(n_layers: int, layer: int, k: int) -> str:
    """'input 1', 'neuron 2 of hidden layer 1', 'output 1' (layer 0 is the input)."""
    if layer == 0:
        return f"input {k + 1}"
    if layer == n_layers:
        return f"output {k + 1}"
    return f"neuron {k + 1} of hidden layer {layer}"


def note_hand_edit(trainer: Trainer, what: str, value: float) -> None:
    """Record on the trainer that ``what`` was set to ``value`` by hand, now."""
    old = trainer.hand_edit
    losses = trainer.history.as_columns()["train_loss"]
    before = old.loss_before if old else (float(losses[-1]) if len(losses) else math.nan)
    if old is not None and abs(old.value) > abs(value):  # name the largest value set
        what, value = old.what, old.value
    trainer.hand_edit = HandEdit(trainer.epoch, what, float(value), before)


def check_edit(session: Session, layer: int, i: int | None, j: int, value: float) -> None:
    """Raise ValueError if an edit does not fit the network (bad index or not finite)."""
    net = session.network
    if not math.isfinite(value):
        raise ValueError(f"a weight must be a finite number, not {value}")
    if not 0 <= layer < net.n_layers:
        raise ValueError(f"there is no weight layer {layer}")
    rows, cols = net.W[layer].shape
    if not 0 <= j < cols or (i is not None and not 0 <= i < rows):
        raise ValueError(f"there is no parameter ({i}, {j}) in weight layer {layer}")


def doctor_note(session: Session, edit: QueuedEdit) -> WeightEdit:
    """The doctor's note of a queued edit, with the value it replaces (read now)."""
    kind, layer, i, j, value = edit
    net = session.network
    if kind == "W":
        return WeightEdit(layer + 1, j, i, float(net.W[layer][i, j]), float(value))
    return WeightEdit(layer + 1, j, None, float(net.b[layer][j]), float(value))
