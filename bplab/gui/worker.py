"""Training in a background thread, and the controller the window talks to.

The worker (a ``QObject`` living in a ``QThread``) runs the trainer in short
chunks and publishes immutable ``Snapshot``s at a bounded rate; it never
touches a widget.  Following DESIGN.md's threading rules:

* pause/stop is ``trainer.stop`` (a ``threading.Event``), never a queued slot,
  because a busy worker does not run queued slots;
* live changes (learning rate, weight edits) go through thread-safe queues
  that the worker drains between chunks;
* exceptions become a ``failed(str)`` signal and the window survives.

Everything the GUI does to the session happens while the worker is idle:
``TrainingController.pause`` sets the flag and waits for the loop to exit.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import queue
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QThread, Signal, Slot

from bplab.engine import make_optimizer
from bplab.experiment import Session, TrainingSettings
from bplab.experiment.session import GRID_RESOLUTION
from bplab.experiment.snapshot import Snapshot, take_snapshot

CHUNK_SECONDS = 0.0075  # target duration of one run_steps call (5-10 ms)
# DESIGN: "about 30 per second at most".  A little above 30 so that a frame that comes
# late now and then (the GUI thread busy, a GIL hand-over) still leaves 30 a second.
MAX_SNAPSHOTS_PER_SECOND = 32.0
SNAPSHOT_SHARE = 0.2  # at most this share of the worker's CPU time goes to snapshots
GRID_BUDGET = 1_000_000  # neuron values per snapshot; big nets get coarser neuron grids
MIN_GRID_RESOLUTION = 20


# -- Qt-free pieces ---------------------------------------------------------
class ParameterEdits:
    """Weight and bias edits waiting for the worker (thread-safe, Qt-free).

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


_blas_limit: object | None = None  # threadpoolctl's limiter, kept for the whole process


def limit_blas_threads() -> None:
    """Let BLAS (OpenBLAS in NumPy's wheels) use one thread in this process; idempotent.

    The nets trained here are small: their matmuls gain nothing from a second BLAS
    thread, but each snapshot's grid matmul (every neuron × 10,000 grid points) is
    just big enough for OpenBLAS to split it.  Its helper thread then spins for a
    while after every snapshot (~0.4 of a core on a 2-core machine, taken from the
    training and GUI threads), and the split itself made a snapshot 2.4-4 ms instead
    of 0.34 ms.  The numbers computed are the same; only the threading changes.
    """
    global _blas_limit
    if _blas_limit is None:
        from threadpoolctl import threadpool_limits

        # Global form: applied now and never undone (no context manager).
        _blas_limit = threadpool_limits(limits=1, user_api="blas")


def grid_resolution(sizes: list[int]) -> int:
    """Cells per side of the neuron (thumbnail) grids: all stay within GRID_BUDGET values.

    The output layer's grid, the decision boundary, is GRID_RESOLUTION whatever
    the net size (see make_snapshot); only the other neurons' grids get coarser.
    """
    per_side = int(math.sqrt(GRID_BUDGET / max(1, sum(sizes))))
    return max(MIN_GRID_RESOLUTION, min(GRID_RESOLUTION, per_side))


def make_snapshot(session: Session, history_start: int, steps_per_second: float) -> Snapshot:
    """take_snapshot, with coarser neuron grids for big networks but a full output grid."""
    res = grid_resolution(session.network.sizes)
    if res == GRID_RESOLUTION:
        return take_snapshot(session, history_start, steps_per_second)
    snap = take_snapshot(session, history_start, steps_per_second, with_grids=False)
    grids = session.neuron_grids(res)
    if grids:  # the boundary stays GRID_RESOLUTION × GRID_RESOLUTION (the minimum)
        grids[-1] = session.output_grid(GRID_RESOLUTION)
    return dataclasses.replace(snap, grids=tuple(grids))


def describe_error(exc: BaseException) -> str:
    return f"Training stopped because of an error: {type(exc).__name__}: {exc}"


def fresh_optimizer(session: Session, settings: TrainingSettings):
    """A new optimizer for the session's parameters (momentum and friends start at zero)."""
    net = session.network
    params = [p for pair in zip(net.W, net.b, strict=True) for p in pair]
    return make_optimizer(settings.optimizer, params, settings.learning_rate,
                          **settings.optimizer_params)


# -- the worker ---------------------------------------------------------------
class TrainingWorker(QObject):
    """Runs ``session.trainer`` in its thread until ``trainer.stop`` is set."""

    snapshotReady = Signal(object)  # (sequence number, Snapshot)
    failed = Signal(str)
    diverged = Signal(str)
    stopped = Signal()

    def __init__(self, sequence: Iterator[int], edits: ParameterEdits) -> None:
        super().__init__()
        self.session: Session | None = None  # set by the controller while idle
        self.edits = edits
        self.idle = threading.Event()  # clear while run() is queued or running
        self.idle.set()
        self._sequence = sequence  # shared with the controller: orders all snapshots
        self._sent = 0  # history entries already published by the current run
        # Set by the controller once the GUI has drawn the last frame: at most
        # one frame is in flight, so a slow GUI is never flooded with a backlog.
        self.consumed = threading.Event()
        self.consumed.set()

    def _emit(self, session: Session, history_start: int, sps: float) -> None:
        # next() on itertools.count is atomic under the GIL.
        self.snapshotReady.emit((next(self._sequence), make_snapshot(session, history_start, sps)))

    @Slot(int)
    def run(self, history_start: int) -> None:
        session = self.session
        try:
            if session is not None:
                self._loop(session, history_start)
        except Exception as exc:  # report, never kill the thread
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(describe_error(exc))
        finally:
            if session is not None:
                try:
                    self.edits.apply(session)
                    self._emit(session, self._sent, 0.0)  # the final snapshot, always
                except Exception as exc:
                    self.failed.emit(describe_error(exc))
            self.idle.set()
            self.stopped.emit()

    def _loop(self, session: Session, history_start: int) -> None:
        """Train in chunks; publish a snapshot on a fixed schedule while the GUI keeps up.

        Snapshots are due every ``interval`` seconds on a fixed grid (a late one
        does not push the later ones back), and each chunk is cut at the step
        estimated to reach the next due time, so frames leave on time rather than
        up to a whole chunk late.  A frame is only sent once the GUI has taken
        the previous one (``consumed``): at most one is ever in flight.
        """
        tr = session.trainer
        self._sent = history_start  # history entries already published
        if tr.status == "diverged":
            self.diverged.emit(tr.message)
            return
        chunk = 1  # most steps per run_steps call, adapted to take CHUNK_SECONDS
        per_step = 0.0  # wall seconds per step, measured on the last full chunk
        interval = 1.0 / MAX_SNAPSHOTS_PER_SECOND
        last_emit = time.perf_counter()
        due = last_emit + interval  # when the next snapshot should leave
        steps_at_emit = tr.step
        while not tr.stop.is_set():
            self.edits.apply(session)
            n = chunk
            left = due - time.perf_counter()
            if per_step and left > 0:  # stop at the due time (past it: waiting for the GUI)
                n = max(1, min(chunk, math.ceil(left / per_step)))
            t0 = time.perf_counter()
            done = tr.run_steps(n)
            elapsed = time.perf_counter() - t0
            if tr.status == "diverged":
                self.diverged.emit(tr.message)
                return
            if done == 0:
                return
            if done == chunk or not per_step:
                # Measured on full chunks only: in a chunk of a few steps cut short
                # before a due time, the call's own overhead would inflate it.
                per_step = elapsed / done
                # Grow at most 2× per chunk so one slow step cannot make chunks huge.
                chunk = max(1, min(2 * chunk, int(CHUNK_SECONDS / per_step) if per_step
                                   else 2 * chunk))
            now = time.perf_counter()
            if now >= due and self.consumed.is_set():
                sps = (tr.step - steps_at_emit) / (now - last_emit)
                self.consumed.clear()
                # CPU time, not wall time: waiting for the GIL while the GUI thread
                # draws is not a cost of the snapshot and must not slow the cadence.
                c0 = time.thread_time()
                self._emit(session, self._sent, sps)
                cost = time.thread_time() - c0
                self._sent = len(tr.history)
                # Keep snapshots (grids are the expensive part) to a small share of the time.
                interval = max(1.0 / MAX_SNAPSHOTS_PER_SECOND, cost / SNAPSHOT_SHARE)
                due = max(due + interval, now)  # a fixed schedule; no backlog after a stall
                last_emit, steps_at_emit = now, tr.step


# -- the controller (GUI thread) -----------------------------------------------
class TrainingController(QObject):
    """Owns the worker thread and the session; the window's one handle on training.

    All methods are for the GUI thread.  ``snapshotReady`` carries snapshots in
    order, stale ones dropped, each holding only history the views lack.
    """

    snapshotReady = Signal(object)  # Snapshot
    failed = Signal(str)
    diverged = Signal(str)
    runningChanged = Signal(bool)
    _runRequested = Signal(int)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        limit_blas_threads()  # every process that trains behind a window (run_gui does too)
        self._sequence = itertools.count(1)
        self._edits = ParameterEdits()
        self._worker = TrainingWorker(self._sequence, self._edits)
        self._thread = QThread()  # no parent: its lifetime is ended by shutdown()
        self._thread.setObjectName("trainingThread")
        self._worker.moveToThread(self._thread)
        self._runRequested.connect(self._worker.run)
        self._worker.snapshotReady.connect(self._on_worker_snapshot)
        self._worker.failed.connect(self.failed)
        self._worker.diverged.connect(self.diverged)
        self._worker.stopped.connect(self._on_stopped)
        self._closed = False
        self._last_seq = 0  # newest snapshot delivered
        self._history_sent = 0  # len(history) when the views' copy of it was made
        self._was_running = False
        self.set_session(session)

    # -- state ---------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self._session

    def is_running(self) -> bool:
        return not self._worker.idle.is_set()

    def set_session(self, session: Session) -> None:
        """Train another session from now on (pauses first; edits for the old one are dropped)."""
        self.pause()
        self._session = session
        self._worker.session = session
        self._edits.clear()
        self._history_sent = 0
        # Frames of the old session still in the event queue become stale.
        self._last_seq = next(self._sequence)

    # -- running -------------------------------------------------------------
    def start(self) -> None:
        if self._closed or self.is_running():
            return
        if not self._thread.isRunning():
            self._thread.start()
        # Cleared here, before run() is queued, so that a pause() arriving
        # before the worker picks the run up is not lost.
        self._session.trainer.stop.clear()
        self._worker.consumed.set()
        self._worker.idle.clear()
        self._runRequested.emit(self._history_sent)
        self._set_running(True)

    def pause(self, timeout_ms: int = 5000) -> bool:
        """Stop training and wait until the worker is idle; True if it is."""
        if not self.is_running():
            return True
        self._session.trainer.stop.set()
        idle = self._worker.idle.wait(timeout_ms / 1000)
        self._apply_edits_now()
        self._set_running(False)
        return idle

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Pause for a change to the session, then resume if training was running."""
        was_running = self.is_running()
        self.pause()
        try:
            yield
        finally:
            if was_running:
                self.start()

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker and its thread for good; True if it ended within the timeout."""
        self._closed = True
        self._session.trainer.stop.set()
        if not self._thread.isRunning():
            return True
        self._thread.quit()  # the event loop ends once run() returns
        if self._thread.wait(timeout_ms):
            self._set_running(False)
            return True
        # Never let Qt destroy a running thread: wait as long as it takes.
        print(f"bplab: training did not stop within {timeout_ms} ms; waiting", file=sys.stderr)
        self._thread.wait()
        self._set_running(False)
        return False

    def step_epoch(self) -> None:
        """Pause, then train exactly one epoch on the GUI thread and publish."""
        self.pause()
        tr = self._session.trainer
        if tr.status == "diverged":
            self.diverged.emit(tr.message)
            return
        tr.stop.clear()
        try:
            tr.run_epochs(1)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(describe_error(exc))
        self.publish()
        if tr.status == "diverged":
            self.diverged.emit(tr.message)

    def run_epochs_now(self, n: int) -> None:
        """Train ``n`` epochs synchronously (for screenshots and scripts), then publish."""
        self.pause()
        tr = self._session.trainer
        tr.stop.clear()
        tr.run_epochs(n)
        self.publish()

    def publish(self) -> None:
        """Take a snapshot on the GUI thread (worker idle) and deliver it."""
        if self.is_running():
            return  # the worker publishes by itself
        snap = make_snapshot(self._session, self._history_sent, 0.0)
        self._deliver(next(self._sequence), snap)

    # -- live changes ---------------------------------------------------------
    def set_learning_rate(self, lr: float) -> None:
        tr = self._session.trainer
        tr.set_learning_rate(lr)  # validates; queued for the worker
        if not self.is_running():
            tr.apply_pending()  # idle: apply now so saving sees it
        self._session.experiment.training.learning_rate = float(lr)

    def apply_training_settings(self, settings: TrainingSettings) -> None:
        """Batch size, regularization, reduction, optimizer: applied without new weights."""
        with self.paused():
            s, tr = self._session, self._session.trainer
            old = s.experiment.training
            if (settings.optimizer, settings.optimizer_params) != (old.optimizer,
                                                                   old.optimizer_params):
                tr.optimizer = fresh_optimizer(s, settings)
            tr.set_learning_rate(settings.learning_rate)
            tr.apply_pending()
            tr.batch_size = max(1, min(int(settings.batch_size), len(tr.train.x)))
            tr.regularization = settings.regularization
            tr.regularization_rate = float(settings.regularization_rate)
            s.network.reduction = settings.reduction
            s.experiment.training = dataclasses.replace(settings)

    def edit_weight(self, layer: int, i: int, j: int, value: float) -> None:
        check_edit(self._session, layer, i, j, value)
        self._edits.put_weight(layer, i, j, value)
        self._apply_edits_now()

    def edit_bias(self, layer: int, j: int, value: float) -> None:
        check_edit(self._session, layer, None, j, value)
        self._edits.put_bias(layer, j, value)
        self._apply_edits_now()

    def _apply_edits_now(self) -> None:
        # Idle: the GUI thread may write the arrays itself.  Running: the
        # worker drains the queue between chunks.
        if not self.is_running() and self._edits.apply(self._session):
            self.publish()

    # -- from the worker -------------------------------------------------------
    @Slot(object)
    def _on_worker_snapshot(self, item: tuple[int, Snapshot]) -> None:
        self._deliver(*item)
        self._worker.consumed.set()  # drawn: the worker may send the next frame

    def _deliver(self, seq: int, snap: Snapshot) -> None:
        if seq <= self._last_seq:
            return  # older than what the views show (e.g. a pause's final frame after a step)
        self._last_seq = seq
        # The views keep snap.history_start rows of their copy and take the rest
        # from the snapshot, so one that overlaps what they have does no harm.
        self._history_sent = snap.history_records
        self.snapshotReady.emit(snap)

    @Slot()
    def _on_stopped(self) -> None:
        if not self.is_running():
            self._apply_edits_now()
            self._set_running(False)

    def _set_running(self, running: bool) -> None:
        if running != self._was_running:
            self._was_running = running
            self.runningChanged.emit(running)
