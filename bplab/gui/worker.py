"""Training behind the window (in the training process or a worker thread), and its controller.

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

The worker runs three kinds of job: training (Play), one epoch (Step, with
progress, cancelled by the same flag) and, for big nets, the picture of an
idle session (``publish``).  A big net's grids are computed a piece per
snapshot (``LiveGrids``); after a job the worker finishes them from the last
snapshot's copied weights, touching no live array, so the GUI may change the
session meanwhile (any new job cuts that refinement short).  For small nets
the controller waits for a Step and draws an idle session itself, so those
stay done the moment the call returns.

Play trains in a process of its own (``bplab.experiment.process_client``):
the worker thread sends the run's state there, relays the window's stop flag,
edits, rates, pace and requests, computes each frame's grids, and writes the
run's state back into the session when it stops, so the rules above hold as
they are.  Without such a process (``BPLAB_TRAINING_PROCESS=0``, or one that
cannot start) the worker thread trains, as Step always does.
"""

from __future__ import annotations

import functools
import itertools
import os
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from bplab.engine.blas import limit_blas_threads
from bplab.experiment import Session, TrainingSettings
from bplab.experiment.costs import epoch_seconds, evaluation_seconds
from bplab.experiment.doctor import WeightEdit
from bplab.experiment.edits import ParameterEdits, check_edit
from bplab.experiment.frames import take_frame
from bplab.experiment.live_grids import LiveGrids
from bplab.experiment.model import StopRules
from bplab.experiment.pacing import PaceSetting
from bplab.experiment.process_client import ProcessFailed, TrainingProcess, WindowSide
from bplab.experiment.run_watch import RunWatch
from bplab.experiment.session import GRID_RESOLUTION
from bplab.experiment.snapshot import Snapshot, grid_resolution, make_snapshot
from bplab.experiment.stop_rules import StopWatch
from bplab.experiment.training_loop import TrainingLoop
from bplab.experiment.view_requests import ViewRequests

__all__ = ["GRID_RESOLUTION", "ParameterEdits", "TrainingBusy", "TrainingController",
           "TrainingWorker", "grid_resolution", "limit_blas_threads", "make_snapshot"]

# Work the GUI thread may wait for (estimated on an unloaded machine, costs.py): a Step
# or an idle picture that costs more runs in the worker while the window goes on.
WAIT_SECONDS = 0.03
PAUSE_WAIT_MS = 40  # a big net's Pause waits this long, then completes when the worker stops


def describe_error(exc: BaseException) -> str:
    return describe_failure(type(exc).__name__, str(exc))


def describe_failure(kind: str, text: str) -> str:
    """The message for an exception of type ``kind`` (a name) saying ``text``."""
    return QCoreApplication.translate(
        "TrainingController", "Training stopped because of an error: {0}: {1}").format(kind, text)


def process_wanted() -> bool:
    """Whether Play trains in a process of its own (BPLAB_TRAINING_PROCESS=0: no)."""
    return os.environ.get("BPLAB_TRAINING_PROCESS", "1").strip() not in ("0", "no", "off")


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
TRAIN, STEP, PUBLISH = "train", "step", "publish"  # the worker's jobs


class TrainingWorker(QObject):
    """Runs a job on the session in its thread and emits what it makes; nothing more."""

    snapshotReady = Signal(object)  # (sequence number, session generation, Snapshot)
    progress = Signal(int, int)  # Step: mini-batches done, mini-batches in all
    failed = Signal(str)
    diverged = Signal(str)
    ruleStopped = Signal(object)  # StopReason: a stop rule ended the run
    stopped = Signal(str)  # the job that ended

    def __init__(self, sequence: Iterator[int], edits: ParameterEdits,
                 requests: ViewRequests | None = None, pace: PaceSetting | None = None) -> None:
        super().__init__()
        self.session: Session | None = None  # set by the controller while idle
        self.grids: LiveGrids | None = None  # the session's grids, set with it
        self.generation = 0  # counts the sessions: frames of an old one are dropped
        self.edits = edits
        self.requests = requests or ViewRequests()  # what the views want with each frame
        self.watch = RunWatch()  # the doctor and gradient flow; the controller shares it
        self.stop_watch: StopWatch | None = None  # the session's stop rules; set while idle
        # epochs per second, changed from the GUI thread at any time
        self.pace = pace if pace is not None else PaceSetting()
        self.idle = threading.Event()  # clear while a job is queued or running
        self.idle.set()
        self._sequence = sequence  # shared with the controller: orders all snapshots
        # Set by the controller once the GUI has drawn the last frame (see TrainingLoop).
        self.consumed = threading.Event()
        self.consumed.set()
        # Set by the controller to end a refinement (see _refine) before its next piece.
        self.refine_stop = threading.Event()
        self.last_final: tuple[int, Snapshot] | None = None  # the last job's final frame
        # Play runs in the training process (None: in this thread; see process_client).
        self.process: TrainingProcess | None = None

    def make_snapshot(self, session: Session, history_start: int, steps_per_second: float,
                      running: bool = False, grids: LiveGrids | None = None) -> Snapshot:
        """A TrainingLoop snapshot maker (``frames.take_frame`` with this worker's watch and
        requests)."""
        return take_frame(session, history_start, steps_per_second, running,
                          watch=self.watch, requests=self.requests, grids=grids)

    def _emit(self, snap: Snapshot, generation: int) -> tuple[int, Snapshot]:
        # next() on itertools.count is atomic under the GIL.
        seq = next(self._sequence)
        self.snapshotReady.emit((seq, generation, snap))
        return seq, snap

    @Slot(str, int)
    def run(self, job: str, history_start: int) -> None:
        self.refine_stop.clear()  # set for refinements that came before this job
        session, grids, generation = self.session, self.grids, self.generation
        if (job == TRAIN and session is not None and grids is not None
                and self.process is not None
                and self._train_in_process(session, grids, generation, history_start)):
            return
        loop = None
        final = None
        try:
            if session is not None:
                loop = TrainingLoop(session, self.edits, history_start, consumed=self.consumed,
                                    snapshot=functools.partial(self.make_snapshot, grids=grids),
                                    epoch_pace=self.pace, watch=self.stop_watch,
                                    self_limited=lambda: self.watch.last_cost)
                if job == TRAIN:
                    for snap in loop.snapshots():
                        self._emit(snap, generation)
                elif job == STEP:
                    for done, total in loop.one_epoch():
                        self.progress.emit(done, total)
                if session.trainer.status == "diverged":
                    self.diverged.emit(session.trainer.message)
        except Exception as exc:  # report, never kill the thread
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(describe_error(exc))
        finally:
            if loop is not None:
                try:
                    final = loop.final_snapshot()
                    self.last_final = self._emit(final, generation)  # always a final frame
                except Exception as exc:
                    self.failed.emit(describe_error(exc))
                if loop.stop_reason is not None:
                    self.ruleStopped.emit(loop.stop_reason)
            self.idle.set()
            self.stopped.emit(job)
        if final is not None and grids is not None:
            self._refine(grids, final, generation)

    def _train_in_process(self, session: Session, grids: LiveGrids, generation: int,
                          history_start: int) -> bool:
        """Play in the training process; False if that process is not to be had (then this
        thread trains, now and from now on)."""
        assert self.process is not None
        side = WindowSide(session, generation, self.stop_watch, self.watch, self.requests,
                          self.pace, self.edits, self.consumed, grids)
        final = None
        frames = []

        def relay(snap: Snapshot) -> None:
            frames.append(self._emit(snap, generation)[0])

        try:
            try:
                done = self.process.train(side, history_start, relay)
            except ProcessFailed as exc:
                print(f"bplab: {exc}; training in the window's own process from now on",
                      file=sys.stderr)
                self.process = None
                if frames:  # the window showed epochs that are lost: say so
                    self.failed.emit(QCoreApplication.translate(
                        "TrainingController", "The training process ended unexpectedly; "
                        "the network is back where this run began and goes on training "
                        "in the window's own process."))
                return False
            for kind, text in done.errors:
                self.failed.emit(describe_failure(kind, text))
            if session.trainer.status == "diverged":
                self.diverged.emit(session.trainer.message)
            if done.final is not None:
                self.last_final = self._emit(done.final, generation)
                final = done.final
            if done.stop_reason is not None:
                self.ruleStopped.emit(done.stop_reason)
        except Exception as exc:  # report, never kill the thread
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(describe_error(exc))
        self.idle.set()
        self.stopped.emit(TRAIN)
        if final is not None:
            self._refine(grids, final, generation)  # a big net's grids, finished here
        return True

    def _refine(self, grids: LiveGrids, base: Snapshot, generation: int) -> None:
        """Finish the grids from ``base``'s weights, a frame at a time, until a new job
        (``refine_stop``) or until they are exact.  Reads no live array."""
        while not self.refine_stop.is_set():
            while not self.consumed.wait(0.02):  # one frame in flight, as while training
                if self.refine_stop.is_set():
                    return
            try:
                snap = grids.refine(base)
            except Exception as exc:
                self.failed.emit(describe_error(exc))
                return
            if snap is None:
                return
            self.consumed.clear()
            # Tagged with its session: a frame finished after the window moved on to
            # another session (set_session does not wait for refinements) is dropped.
            self._emit(snap, generation)


# -- the controller (GUI thread) -----------------------------------------------
class TrainingController(QObject):
    """Owns the worker thread and the session; the window's one handle on training.

    All methods are for the GUI thread.  ``snapshotReady`` carries snapshots in
    order, stale ones dropped, each holding only history the views lack.
    ``is_running`` is true while the worker has the session (any job);
    ``is_training`` while Play trains, ``is_stepping`` while a Step runs.
    """

    snapshotReady = Signal(object)  # Snapshot
    failed = Signal(str)
    diverged = Signal(str)
    ruleStopped = Signal(object)  # StopReason
    runningChanged = Signal(bool)  # Play started (True) or training stopped (False)
    stepProgress = Signal(int, int)  # mini-batches done, mini-batches in all
    stepFinished = Signal(bool)  # True: the epoch completed; False: cancelled or failed
    _jobRequested = Signal(str, int)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        limit_blas_threads()  # every process that trains behind a window (run_gui does too)
        self._sequence = itertools.count(1)
        self._edits = ParameterEdits()
        # Set by the views (metrics, a pair of inputs, a hidden space); honoured by every
        # snapshot, the worker's and publish()'s.
        self.requests = ViewRequests()
        self.pace = PaceSetting()  # Max until told otherwise (the window sets its own)
        self._worker = TrainingWorker(self._sequence, self._edits, self.requests, self.pace)
        self._thread = QThread()  # no parent: its lifetime is ended by shutdown()
        self._thread.setObjectName("trainingThread")
        self._worker.moveToThread(self._thread)
        self._jobRequested.connect(self._worker.run)
        self._worker.snapshotReady.connect(self._on_worker_snapshot)
        self._worker.progress.connect(self._on_progress)
        self._worker.failed.connect(self.failed)
        self._worker.diverged.connect(self.diverged)
        self._worker.ruleStopped.connect(self.ruleStopped)
        self._worker.stopped.connect(self._on_stopped)
        if process_wanted():
            self._worker.process = TrainingProcess()
        self._closed = False
        self.pause_timeout_ms = 5000  # how long a change waits for the worker to pause
        self._last_seq = 0  # newest snapshot delivered
        self._history_sent = 0  # len(history) when the views' copy of it was made
        self._was_running = False
        self.watch = self._worker.watch
        self._job: str | None = None  # the job the worker was given last, until it ends
        self._step_epoch: int | None = None  # a Step runs: the epoch it should complete
        self.set_session(session)

    # -- state ---------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self._session

    def is_running(self) -> bool:
        """The worker has the session (training, a Step or an idle picture)."""
        return not self._worker.idle.is_set()

    def is_training(self) -> bool:
        return self._job == TRAIN and self.is_running()

    def is_stepping(self) -> bool:
        return self._step_epoch is not None

    def waits_for_work(self) -> bool:
        """Whether a Step and an idle picture are done by the time the call returns
        (small nets) or delivered later by the worker (big nets)."""
        return self._wait_for_work

    def set_session(self, session: Session) -> None:
        """Train another session from now on (pauses first; edits for the old one are dropped).

        Raises TrainingBusy, changing nothing, if training does not pause.
        """
        self.require_paused()
        self._worker.refine_stop.set()  # the old session's pictures are not wanted
        self._session = session
        self._grids = LiveGrids(session)
        self._worker.session = session
        self._worker.grids = self._grids
        self._worker.generation += 1
        # Decided from the net's shape, never from timing (see costs.py).
        self._wait_for_work = (self._grids.whole and epoch_seconds(session) <= WAIT_SECONDS
                               and evaluation_seconds(session) <= WAIT_SECONDS)
        self._worker.stop_watch = StopWatch(session.trainer, session.experiment.stop)
        self._edits.clear()
        self.watch.start(session)
        self._history_sent = 0
        # Frames of the old session still in the event queue become stale.
        self._last_seq = next(self._sequence)

    # -- running -------------------------------------------------------------
    def _begin(self, job: str) -> None:
        """Give the worker a job (it must be idle)."""
        if not self._thread.isRunning():
            self._thread.start()
        watch = self._worker.stop_watch
        if watch is not None and watch.fired is not None:
            watch.arm()  # a rule stopped the last run: counted afresh from here
        # Cleared here, before the job is queued, so that a pause() arriving
        # before the worker picks it up is not lost.
        self._session.trainer.stop.clear()
        self._worker.refine_stop.set()  # a refinement going on gives way
        self._worker.consumed.set()
        self._worker.idle.clear()
        self._job = job
        self._jobRequested.emit(job, self._history_sent)

    def start(self) -> None:
        if self._closed or self.is_training():
            return
        if self.is_running() and not self.pause():  # a Step or a picture gives way to Play
            return
        self._begin(TRAIN)
        self._set_running(True)

    def pause(self, timeout_ms: int | None = None) -> bool:
        """Stop training (or a Step) and wait until the worker is idle; True if it is.

        False after the timeout: the stop flag stays set and the worker stops
        at its next check, but until then it still owns the session.  Callers
        that change the session use ``require_paused`` or ``paused`` instead.
        """
        if not self.is_running():
            return True
        self._session.trainer.stop.set()
        self._worker.consumed.set()  # a paced loop waiting for the views stops waiting
        ms = self.pause_timeout_ms if timeout_ms is None else timeout_ms
        if not self._worker.idle.wait(ms / 1000):
            print(f"bplab: training did not pause within {ms} ms", file=sys.stderr)
            return False
        self._job_ended()
        return True

    def request_pause(self) -> bool:
        """Pause for the Play button: stop, then wait only briefly for a big net.

        True if the worker is idle on return.  Otherwise it stops at its next
        check and ``runningChanged(False)`` follows then; the GUI thread does not
        wait for a big net's last chunk, evaluation and picture.
        """
        if not self.is_running():
            return True
        if self._wait_for_work:
            return self.pause()
        self._session.trainer.stop.set()
        if self._worker.idle.wait(PAUSE_WAIT_MS / 1000):
            self._job_ended()
            return True
        return False

    def require_paused(self) -> None:
        """Pause; raise TrainingBusy if the worker still runs after the timeout."""
        if not self.pause():
            raise TrainingBusy(self.pause_timeout_ms / 1000)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Pause for a change to the session, then resume if training was running.

        Raises TrainingBusy, before the body runs, if training does not pause.
        """
        was_training = self.is_training()
        self.require_paused()
        try:
            yield
        finally:
            if was_training:
                self.start()

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker and its thread (and the training process) for good; True if
        they ended within the timeout."""
        self._closed = True
        self._session.trainer.stop.set()
        self._worker.refine_stop.set()
        ended = self._stop_thread(timeout_ms)
        if self._worker.process is not None:
            self._worker.process.shutdown(timeout_ms / 1000)
        return ended

    def set_training_process(self, on: bool) -> None:
        """Play in the training process (True) or in the worker thread.

        Raises TrainingBusy if training does not pause.
        """
        self.require_paused()
        process = self._worker.process
        if on and process is None:
            self._worker.process = TrainingProcess()
        elif not on and process is not None:
            self._worker.process = None
            process.shutdown()

    def prepare_process(self) -> None:
        """Start the training process in the background, if Play is to use one."""
        process = self._worker.process
        if process is not None and not self._closed:
            threading.Thread(target=self._start_quietly, args=(process,),
                             name="training-process-start", daemon=True).start()

    @staticmethod
    def _start_quietly(process: TrainingProcess) -> None:
        try:
            process.start()
        except ProcessFailed as exc:  # Play will try again, then train in the thread
            print(f"bplab: {exc}", file=sys.stderr)

    def uses_process(self) -> bool:
        """Whether Play trains in the training process."""
        return self._worker.process is not None

    def _stop_thread(self, timeout_ms: int) -> bool:
        if not self._thread.isRunning():
            return True
        self._thread.quit()  # the event loop ends once the job returns
        if self._thread.wait(timeout_ms):
            self._job_ended()
            return True
        # Never let Qt destroy a running thread: wait as long as it takes.
        print(f"bplab: training did not stop within {timeout_ms} ms; waiting", file=sys.stderr)
        self._thread.wait()
        self._job_ended()
        return False

    def step_epoch(self) -> None:
        """Pause, then train until the current epoch ends (one epoch), in the worker.

        A small net's Step is done when this returns (it waits for the worker); a
        big net's goes on while the window does, with ``stepProgress`` now and
        then, ``stepFinished`` at its end, and ``cancel_step`` to stop it where it
        is.  Raises TrainingBusy if training does not pause.
        """
        self.require_paused()
        tr = self._session.trainer
        if tr.status == "diverged":
            self.diverged.emit(tr.message)
            return
        if self._closed:
            return
        self._step_epoch = tr.epoch + 1
        self._worker.last_final = None
        self._begin(STEP)
        if self._wait_for_work and self._worker.idle.wait(self.pause_timeout_ms / 1000):
            final = self._worker.last_final
            if final is not None:  # draw it now: the Step is done when we return
                self._deliver(*final)
            self._job_ended()

    def cancel_step(self) -> None:
        """Stop a running Step at its next mini-batch (the epoch stays unfinished)."""
        if self._job == STEP and self.is_running():
            self._session.trainer.stop.set()

    def run_epochs_now(self, n: int) -> None:
        """Train ``n`` epochs synchronously (for screenshots and scripts), then publish."""
        self.require_paused()
        tr = self._session.trainer
        tr.stop.clear()
        tr.run_epochs(n)
        self.publish()

    def publish(self) -> None:
        """Deliver a snapshot of the idle session: taken here for a small net, by the
        worker for a big one (its grids cost too much for the GUI thread)."""
        if self.is_running() or self._closed:
            return  # the worker publishes by itself
        if not self._wait_for_work and self._session.plane is not None:
            self._begin(PUBLISH)
            return
        snap = self._worker.make_snapshot(self._session, self._history_sent, 0.0)
        self._deliver(next(self._sequence), snap)

    # -- live changes ---------------------------------------------------------
    def set_pace(self, epochs_per_second: float) -> None:
        """Train at this many epochs per second from now on (0: as fast as possible)."""
        self.pace.set(epochs_per_second)

    def set_stop_rules(self, rules: StopRules) -> None:
        """New stop rules for the session, counted from now.

        Raises TrainingBusy if training does not pause.
        """
        with self.paused():
            self._session.experiment.stop = rules
            if self._worker.stop_watch is not None:
                self._worker.stop_watch.set_rules(rules)

    def stop_watch(self) -> StopWatch | None:
        return self._worker.stop_watch

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
        old = float(self._session.network.W[layer][i, j])  # a racy read is fine: a note
        self.watch.note_edit(WeightEdit(layer + 1, j, i, old, float(value)))
        self._edits.put_weight(layer, i, j, value)
        self._apply_edits_now()

    def edit_bias(self, layer: int, j: int, value: float) -> None:
        check_edit(self._session, layer, None, j, value)
        old = float(self._session.network.b[layer][j])
        self.watch.note_edit(WeightEdit(layer + 1, j, None, old, float(value)))
        self._edits.put_bias(layer, j, value)
        self._apply_edits_now()

    def _apply_edits_now(self) -> None:
        # Idle: the GUI thread may write the arrays itself.  Running: the
        # worker drains the queue between chunks.
        if not self.is_running() and self._edits.apply(self._session):
            self.publish()

    # -- from the worker -------------------------------------------------------
    @Slot(object)
    def _on_worker_snapshot(self, item: tuple[int, int, Snapshot]) -> None:
        seq, generation, snap = item
        if generation == self._worker.generation:
            self._deliver(seq, snap)
        self._worker.consumed.set()  # drawn: the worker may send the next frame

    def _deliver(self, seq: int, snap: Snapshot) -> None:
        if seq <= self._last_seq:
            return  # older than what the views show (e.g. a pause's final frame after a step)
        self._last_seq = seq
        # The views keep snap.history_start rows of their copy and take the rest
        # from the snapshot, so one that overlaps what they have does no harm.
        self._history_sent = snap.history_records
        self.snapshotReady.emit(snap)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._job == STEP:
            self.stepProgress.emit(done, total)

    @Slot(str)
    def _on_stopped(self, job: str) -> None:
        if not self.is_running():  # no newer job queued since: this one is over
            self._job_ended()

    def _job_ended(self) -> None:
        """The worker is idle after a job: edits wait no more, the buttons follow."""
        if self._job is None:
            return  # seen already (a pause that waited, then the stopped signal)
        job, self._job = self._job, None
        self._apply_edits_now()
        if job == TRAIN:
            self._set_running(False)
        if job == STEP and self._step_epoch is not None:
            done = self._session.trainer.epoch >= self._step_epoch
            self._step_epoch = None
            self.stepFinished.emit(done)

    def _set_running(self, running: bool) -> None:
        if running != self._was_running:
            self._was_running = running
            self.runningChanged.emit(running)
