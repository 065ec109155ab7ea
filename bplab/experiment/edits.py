"""Weights and biases set by hand, queued for whichever thread owns the network.

The window checks an edit at once (``check_edit``) and queues it in
``ParameterEdits``; the training loop writes the queue into the network
between chunks, or the GUI thread does when training is paused.  Qt-free and
thread-safe.
"""

from __future__ import annotations

import math
import queue

from bplab.experiment.session import Session


class ParameterEdits:
    """Weight and bias edits waiting to be written into the network (thread-safe).

    Layers index the engine's lists: ``W[layer][i, j]`` and ``b[layer][j]``.
    """

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[str, int, int, int, float]] = queue.SimpleQueue()

    def put_weight(self, layer: int, i: int, j: int, value: float) -> None:
        self._queue.put(("W", layer, i, j, float(value)))

    def put_bias(self, layer: int, j: int, value: float) -> None:
        self._queue.put(("b", layer, 0, j, float(value)))

    def apply(self, session: Session) -> int:
        """Write every queued edit into the network; returns how many."""
        net, n = session.network, 0
        while True:
            try:
                kind, layer, i, j, value = self._queue.get_nowait()
            except queue.Empty:
                return n
            if kind == "W":
                net.W[layer][i, j] = value
            else:
                net.b[layer][j] = value
            n += 1

    def clear(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return


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
