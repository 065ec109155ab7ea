"""The training process: trains a copy of the window's session and sends its frames back.

A small net spends most of a training step in Python, holding the GIL, so a
training thread and the GUI thread that draws 30 frames a second slow each
other down; a big net's frames (grids, strongest links, the doctor) took a
thread's time from training.  In a process of its own a run has a core to
itself, and the window's process computes the frames' grids.  The
window's side is ``process_client.TrainingProcess``; this module is the other
end of its two pipes.  Qt-free.

Protocol (tuples whose first item names the message):

* to the process: ``("train", TrainOrder)`` starts a run from the order's
  ``RunState``; during the run ``("stop",)``, ``("consumed",)`` (the window
  drew the last frame), ``("pace", float)``, ``("request", ViewRequest)``,
  ``("gradients", bool)``, ``("edit", QueuedEdit)`` and
  ``("rate", float)``; ``("quit",)`` ends the process.
* from the process: ``("snapshot", Snapshot)`` while training, then one
  ``("done", RunDone)`` per run.  The snapshots come without their grids: the
  window computes them from the frame's weights (``live_grids.LiveGrids``).

Edits and learning rates are counted: the ones that reached the run before
its end are in ``RunDone.controls_taken``; the window applies the rest to its
own copy, so none is lost however the race goes.  The messages are Python
objects made by bplab on both ends of a pipe between two of its own processes;
nothing from a file or a user travels this way.
"""

from __future__ import annotations

import queue
import sys
import threading
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import numpy as np

from bplab.engine.blas import limit_blas_threads
from bplab.experiment.edits import ParameterEdits, QueuedEdit, doctor_note
from bplab.experiment.frames import take_frame
from bplab.experiment.model import Experiment, TrainingSettings
from bplab.experiment.pacing import PaceSetting
from bplab.experiment.run_state import RunState, put_run_state, take_run_state
from bplab.experiment.run_watch import RunWatch
from bplab.experiment.session import Session
from bplab.experiment.snapshot import Snapshot
from bplab.experiment.stop_rules import StopReason, StopWatch
from bplab.experiment.training_loop import TrainingLoop
from bplab.experiment.view_requests import ViewRequest, ViewRequests


@dataclass(frozen=True)
class TrainOrder:
    generation: int  # the window's session number: a new one is built here when it changes
    experiment: Experiment | None  # sent with each new generation only
    settings: TrainingSettings  # the live settings in force (learning rate, batch size …)
    state: RunState
    history_start: int  # history rows the window already has
    pace: float  # epochs per second; 0: as fast as possible
    request: ViewRequest
    gradients_wanted: bool


@dataclass(frozen=True)
class RunDone:
    final: Snapshot | None  # the frame that ends the run (None if even that failed)
    state: RunState | None  # where the run stands; None: the window's copy stays as it was
    stop_reason: StopReason | None
    controls_taken: int  # edits and rates of this run that reached it before its end
    errors: tuple[tuple[str, str], ...] = field(default=())  # (exception type, message)


class _Trainer:
    """The process's state between runs and the handling of each message."""

    def __init__(self, results: Connection) -> None:
        self.results = results
        self.session: Session | None = None
        self.generation = -1
        self.stop_watch: StopWatch | None = None
        self.watch = RunWatch()
        self.requests = ViewRequests()
        self.pace = PaceSetting()
        self.edits = ParameterEdits()
        self.stop = threading.Event()  # every session's trainer.stop here
        self.consumed = threading.Event()
        self.lock = threading.Lock()  # guards the two below against the end of a run
        self.accepting = False  # edits and rates still reach this run …
        self.taken = 0  # … and how many did
        self.ready = False  # the run's session is in place …
        self.early: list[tuple] = []  # … else the edits and rates that wait for it

    # -- the reader thread -------------------------------------------------------------
    def control(self, message: tuple) -> None:
        """A message that arrived during a run (or just before or after it)."""
        kind = message[0]
        if kind == "stop":
            self.stop.set()
        elif kind == "consumed":
            self.consumed.set()
        elif kind == "pace":
            self.pace.set(message[1])
        elif kind == "request":
            self.requests.set(message[1])
        elif kind == "gradients":
            self.watch.want_gradients(message[1])
        elif kind in ("edit", "rate"):
            with self.lock:
                if not self.accepting:
                    return  # too late for this run: the window applies it itself
                self.taken += 1
                if self.ready:
                    self._hand_over(message)
                else:  # the run's session is still being made: in order, once it is
                    self.early.append(message)

    def _hand_over(self, message: tuple) -> None:
        """Give an edit or a rate to the run's session (with the lock held)."""
        if message[0] == "edit":
            edit: QueuedEdit = message[1]
            assert self.session is not None
            self.watch.note_edit(doctor_note(self.session, edit))
            self.edits.put(edit)
        else:
            assert self.session is not None
            self.session.trainer.set_learning_rate(message[1])

    def _ready(self) -> None:
        """The run's session is in place: edits and rates go straight to it from now on."""
        with self.lock:
            for message in self.early:
                self._hand_over(message)
            self.early, self.ready = [], True

    def prepare(self, order: TrainOrder) -> None:
        """Called by the reader as the order arrives, before any control of its run."""
        self.stop.clear()
        self.consumed.set()
        self.pace.set(order.pace)
        self.requests.set(order.request)
        with self.lock:
            self.accepting, self.taken, self.ready, self.early = True, 0, False, []

    # -- the main thread ---------------------------------------------------------------
    def _session_for(self, order: TrainOrder) -> Session:
        if order.generation != self.generation or self.session is None:
            if order.experiment is None:
                raise RuntimeError("the training process has no copy of this session")
            # Built at the state the run starts from, not at the file's: the optimizer or
            # the input statistics may have changed since the file was read.
            exp = order.experiment
            exp.state = order.state.training if _finite(order.state) else None
            session = Session(exp)
            session.trainer.stop = self.stop
            self.session, self.generation = session, order.generation
            self.stop_watch = StopWatch(session.trainer, session.experiment.stop)
            self.watch.start(session)
        session = self.session
        if order.settings != session.experiment.training:
            session.apply_training_settings(order.settings)
        return session

    def run(self, order: TrainOrder) -> None:
        errors: list[tuple[str, str]] = []
        loop: TrainingLoop | None = None
        try:
            session = self._session_for(order)
            put_run_state(order.state, session, self.stop_watch, self.watch, self.requests)
            self.watch.want_gradients(order.gradients_wanted)
            self._ready()

            def frame(s: Session, start: int, sps: float, running: bool = False) -> Snapshot:
                # The window computes the grids from the frame's weights (LiveGrids):
                # most of a frame's cost, and the window's process has a core to spare.
                return take_frame(s, start, sps, running, watch=self.watch,
                                  requests=self.requests, with_grids=False)

            loop = TrainingLoop(session, self.edits, order.history_start,
                                consumed=self.consumed, snapshot=frame,
                                epoch_pace=self.pace, watch=self.stop_watch,
                                self_limited=lambda: self.watch.last_cost)
            for snap in loop.snapshots():
                self.results.send(("snapshot", snap))
        except Exception as exc:  # reported to the window; the process goes on
            traceback.print_exc(file=sys.stderr)
            errors.append((type(exc).__name__, str(exc)))
        with self.lock:
            self.accepting = False
            taken = self.taken - len(self.early)  # early ones of a run that never began
            self.early = []
        final = state = None
        reason = None
        if loop is not None:
            try:
                final = loop.final_snapshot()  # applies the edits taken
                assert self.session is not None
                state = take_run_state(self.session, self.stop_watch, self.watch,
                                       self.requests)
                reason = loop.stop_reason
            except Exception as exc:
                traceback.print_exc(file=sys.stderr)
                errors.append((type(exc).__name__, str(exc)))
                final = state = None
        self.results.send(("done", RunDone(final, state, reason, taken if state else 0,
                                           tuple(errors))))


def _finite(state: RunState) -> bool:
    ts = state.training
    return all(np.all(np.isfinite(a)) for a in (*ts.weights, *ts.biases))


def serve(commands: Connection, results: Connection) -> None:
    """The process's main function: train each order until told to quit."""
    limit_blas_threads()  # as the window's process does: the same numbers, one core
    trainer = _Trainer(results)
    orders: queue.SimpleQueue[TrainOrder | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                message = commands.recv()
                if message[0] == "train":
                    trainer.prepare(message[1])
                    orders.put(message[1])
                elif message[0] == "quit":
                    break
                else:
                    trainer.control(message)
        except (EOFError, OSError):
            pass  # the window has gone
        trainer.stop.set()
        orders.put(None)

    threading.Thread(target=read, name="commands", daemon=True).start()
    while (order := orders.get()) is not None:
        try:
            trainer.run(order)
        except (BrokenPipeError, OSError):
            break  # the window has gone
