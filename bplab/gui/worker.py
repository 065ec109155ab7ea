"""Training in a background thread, and the controller the window talks to.

The worker (a ``QObject`` living in a ``QThread``) runs a ``TrainingLoop``
(``bplab.experiment.training_loop``: the Qt-free chunk and snapshot schedule)
and emits the immutable ``Snapshot``s it yields; it never touches a widget.
Following DESIGN.md's threading rules:

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
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from bplab.experiment import Session, TrainingSettings
from bplab.experiment.edits import ParameterEdits, check_edit
from bplab.experiment.session import GRID_RESOLUTION
from bplab.experiment.snapshot import Snapshot, grid_resolution, make_snapshot
from bplab.experiment.training_loop import TrainingLoop

__all__ = ["GRID_RESOLUTION", "ParameterEdits", "TrainingBusy", "TrainingController",
           "TrainingWorker", "grid_resolution", "limit_blas_threads", "make_snapshot"]

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


def describe_error(exc: BaseException) -> str:
    return QCoreApplication.translate(
        "TrainingController", "Training stopped because of an error: {0}: {1}").format(
        type(exc).__name__, exc)


class TrainingBusy(TimeoutError):
    """Training did not pause in time, so the session was left as it was.

    A ``TimeoutError`` (an ``OSError``): callers that already report failed file
    writes report this one the same way.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(QCoreApplication.translate(
            "TrainingController", "training did not pause within {0} s, so nothing was "
                                  "changed; try again in a moment").format(f"{seconds:g}"))


# -- the worker ---------------------------------------------------------------
class TrainingWorker(QObject):
    """Runs a ``TrainingLoop`` in its thread and emits its snapshots; nothing more."""

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
        # Set by the controller once the GUI has drawn the last frame (see TrainingLoop).
        self.consumed = threading.Event()
        self.consumed.set()

    def _emit(self, snap: Snapshot) -> None:
        # next() on itertools.count is atomic under the GIL.
        self.snapshotReady.emit((next(self._sequence), snap))

    @Slot(int)
    def run(self, history_start: int) -> None:
        session = self.session
        loop = None
        try:
            if session is not None:
                loop = TrainingLoop(session, self.edits, history_start, consumed=self.consumed)
                for snap in loop.snapshots():
                    self._emit(snap)
                if session.trainer.status == "diverged":
                    self.diverged.emit(session.trainer.message)
        except Exception as exc:  # report, never kill the thread
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(describe_error(exc))
        finally:
            if loop is not None:
                try:
                    self._emit(loop.final_snapshot())  # the final snapshot, always
                except Exception as exc:
                    self.failed.emit(describe_error(exc))
            self.idle.set()
            self.stopped.emit()


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
        self.pause_timeout_ms = 5000  # how long a change waits for the worker to pause
        self._last_seq = 0  # newest snapshot delivered
        self._history_sent = 0  # history entries the views have
        self._was_running = False
        self.set_session(session)

    # -- state ---------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self._session

    def is_running(self) -> bool:
        return not self._worker.idle.is_set()

    def set_session(self, session: Session) -> None:
        """Train another session from now on (pauses first; edits for the old one are dropped).

        Raises TrainingBusy, changing nothing, if training does not pause.
        """
        self.require_paused()
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

    def pause(self, timeout_ms: int | None = None) -> bool:
        """Stop training and wait until the worker is idle; True if it is.

        False after the timeout: the stop flag stays set and the worker stops
        at its next check, but until then it still owns the session.  Callers
        that change the session use ``require_paused`` or ``paused`` instead.
        """
        if not self.is_running():
            return True
        self._session.trainer.stop.set()
        ms = self.pause_timeout_ms if timeout_ms is None else timeout_ms
        if not self._worker.idle.wait(ms / 1000):
            print(f"bplab: training did not pause within {ms} ms", file=sys.stderr)
            return False
        self._apply_edits_now()
        self._set_running(False)
        return True

    def require_paused(self) -> None:
        """Pause; raise TrainingBusy if the worker still runs after the timeout."""
        if not self.pause():
            raise TrainingBusy(self.pause_timeout_ms / 1000)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Pause for a change to the session, then resume if training was running.

        Raises TrainingBusy, before the body runs, if training does not pause.
        """
        was_running = self.is_running()
        self.require_paused()
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
        """Pause, then train exactly one epoch on the GUI thread and publish.

        Raises TrainingBusy if training does not pause.
        """
        self.require_paused()
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
        self.require_paused()
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
        """Batch size, regularization, reduction, optimizer: applied without new weights.

        Raises ValueError (nothing changed) for a setting the session refuses, and
        TrainingBusy if training does not pause.
        """
        with self.paused():
            self._session.apply_training_settings(settings)

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
        skip = self._history_sent - snap.history_start
        if skip > 0:  # the views already have these entries
            snap = dataclasses.replace(
                snap, history_start=self._history_sent,
                history={k: v[skip:] for k, v in snap.history.items()})
        self._history_sent = snap.history_start + len(snap.history.get("epoch", ()))
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
