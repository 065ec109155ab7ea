"""The window's end of the training process (``training_process``).  Qt-free.

``TrainingProcess.train`` runs one Play in the process: it sends the
session's ``RunState``, then relays until the run ends, in the calling thread
(the window's worker thread): frames to ``on_frame`` (with their grids, computed
here), and the window's stop flag, drawn-frame signal, pace, view request,
gradient wish, weight edits and learning rates to the process.

While the run goes on, the window's copy of the session shows each frame's
weights, epoch, step and learning rate.  When the run ends, its state is
written into the window's copy, so after ``train`` returns that copy is the
one that trained, bit for bit; edits or rates that came too late for the
process are applied to it instead (or queued for it), in their order.

The process is started once (by ``start``, in the background when the window
opens) from a fork server that has imported the engine already, and it is
started again if it died.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from bplab.experiment.edits import ParameterEdits, QueuedEdit, doctor_note
from bplab.experiment.live_grids import LiveGrids
from bplab.experiment.pacing import PaceSetting
from bplab.experiment.run_state import put_run_state, take_run_state
from bplab.experiment.run_watch import RunWatch
from bplab.experiment.session import Session
from bplab.experiment.snapshot import Snapshot
from bplab.experiment.stop_rules import StopWatch
from bplab.experiment.training_process import RunDone, TrainOrder, serve
from bplab.experiment.view_requests import ViewRequests

POLL_SECONDS = 0.004  # how often the relay looks at the window's flags while waiting


class ProcessFailed(RuntimeError):
    """The training process could not be started, or it ended in the middle of a run."""


@dataclass
class WindowSide:
    """What the window changes while a run goes on, read by the relay."""

    session: Session
    generation: int
    stop_watch: StopWatch | None
    watch: RunWatch
    requests: ViewRequests
    pace: PaceSetting
    edits: ParameterEdits
    consumed: threading.Event  # set by the window once it drew the last frame
    grids: LiveGrids  # computes each frame's grids here, from the frame's weights


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where the system has one (Linux, macOS), else a fresh interpreter."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # Windows
    context = multiprocessing.get_context("forkserver")
    # The server imports the engine once; each process forked from it starts at once.
    # Not __main__: the window's main module is no business of the process.
    context.set_forkserver_preload(["bplab.experiment.training_process"])
    return context


class TrainingProcess:
    """One training process and its two pipes; used by one thread at a time."""

    def __init__(self) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._commands: Connection | None = None
        self._results: Connection | None = None
        self._generation_sent: int | None = None  # the session the process holds
        self._lock = threading.Lock()  # start() from a background thread, train() from another

    # -- the process ---------------------------------------------------------------
    def start(self) -> None:
        """Start the process if it is not running (takes a moment the first time)."""
        with self._lock:
            if self._process is not None and self._process.is_alive():
                return
            self._close()
            context = _context()
            commands_out, commands_in = context.Pipe(duplex=False)
            results_out, results_in = context.Pipe(duplex=False)
            process = context.Process(target=serve, args=(commands_out, results_in),
                                      name="bplab-training", daemon=True)
            try:
                process.start()
            except (OSError, RuntimeError, ValueError) as exc:
                raise ProcessFailed(f"the training process could not start: {exc}") from exc
            finally:
                commands_out.close()  # the process's ends: its copies live on in it
                results_in.close()
            self._process, self._commands, self._results = process, commands_in, results_out
            self._generation_sent = None

    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def shutdown(self, timeout: float = 1.0) -> None:
        """Ask the process to quit and wait for it (then end it if it does not)."""
        with self._lock:
            process = self._process
            if process is None:
                return
            try:
                assert self._commands is not None
                self._commands.send(("quit",))
            except (OSError, ValueError):
                pass
            process.join(timeout)
            if process.is_alive():
                process.terminate()
                process.join(timeout)
            self._close()

    def _close(self) -> None:
        for conn in (self._commands, self._results):
            if conn is not None:
                conn.close()
        self._process = self._commands = self._results = None
        self._generation_sent = None

    # -- one run -------------------------------------------------------------------
    def train(self, side: WindowSide, history_start: int,
              on_frame: Callable[[Snapshot], None]) -> RunDone:
        """Train ``side.session`` in the process until it stops; see the module doc.

        Raises ProcessFailed (the window's session back where the run began, its
        queued edits and rates kept) if the process cannot start or dies.
        """
        self.start()
        session = side.session
        relay = _Relay(side)
        order = TrainOrder(
            generation=side.generation,
            experiment=session.experiment if side.generation != self._generation_sent else None,
            settings=session.experiment.training,
            state=take_run_state(session, side.stop_watch, side.watch, side.requests),
            history_start=history_start, pace=side.pace.epochs_per_second,
            request=side.requests.request, gradients_wanted=side.watch.gradients_wanted)
        assert self._commands is not None and self._results is not None
        try:
            self._commands.send(("train", order))
        except Exception as exc:  # e.g. an object that cannot travel: nothing has run
            with self._lock:
                self._close()
            raise ProcessFailed(f"the run could not be sent to the training process "
                                f"({type(exc).__name__}: {exc})") from exc
        try:
            self._generation_sent = side.generation
            done = relay.run(self._commands, self._results, on_frame)
        except (OSError, EOFError, ValueError) as exc:
            self._generation_sent = None
            # Frames wrote their weights into the window's copy: back to where the run began.
            put_run_state(order.state, session, side.stop_watch, side.watch, side.requests)
            relay.give_back(noted=False)
            with self._lock:
                self._close()
            raise ProcessFailed(f"the training process ended unexpectedly ({exc})") from exc
        if done.state is not None:
            put_run_state(done.state, session, side.stop_watch, side.watch, side.requests)
            relay.give_back(done.controls_taken, noted=False)
            if done.final is not None:  # taken from the state just put here
                done = dataclasses.replace(done, final=_with_grids(done.final, side.grids))
        else:
            relay.give_back()
        return done


def _mirror(snap: Snapshot, side: WindowSide) -> None:
    """Show the window's copy the frame's weights, counters, rate and latest epoch gradients
    while the run goes on, as a session trained in a thread would be (read racily by the
    window, never written)."""
    net, tr = side.session.network, side.session.trainer
    for own, new in zip((*net.W, *net.b), (*snap.weights, *snap.biases), strict=True):
        own[...] = new
    tr.epoch, tr.step = snap.epoch, snap.step
    tr.optimizer.learning_rate = snap.learning_rate
    acc = side.watch.accumulator
    if acc is not None and snap.gradients is not None:
        acc.last = snap.gradients  # replaced, never changed: safe to share


def _with_grids(snap: Snapshot, grids: LiveGrids) -> Snapshot:
    """The frame with its grids, computed here from its weights: all of them for a small
    net, one budget's share more for a big one (``LiveGrids``)."""
    grids.set_weights(snap.weights, snap.biases)
    grids.advance()
    return dataclasses.replace(snap, grids=grids.grids())


class _Relay:
    """Passes the window's changes to the process while waiting for its messages."""

    def __init__(self, side: WindowSide) -> None:
        self.side = side
        self.sent: list[tuple] = []  # the edits and rates sent, in order
        self.stop_sent = False
        self.consumed_sent = True  # the process starts with a drawn frame
        self.pace = side.pace.epochs_per_second
        self.request = side.requests.request
        self.gradients = side.watch.gradients_wanted

    def run(self, commands: Connection, results: Connection,
            on_frame: Callable[[Snapshot], None]) -> RunDone:
        side = self.side
        while True:
            self._send_changes(commands)
            if not results.poll(POLL_SECONDS):
                continue
            kind, payload = results.recv()
            if kind == "snapshot":
                side.consumed.clear()  # until the window has drawn it
                self.consumed_sent = False
                _mirror(payload, side)
                on_frame(_with_grids(payload, side.grids))
            elif kind == "done":
                return payload

    def _send_changes(self, commands: Connection) -> None:
        side = self.side
        if side.session.trainer.stop.is_set() and not self.stop_sent:
            commands.send(("stop",))
            self.stop_sent = True
        if side.consumed.is_set() and not self.consumed_sent:
            commands.send(("consumed",))
            self.consumed_sent = True
        if side.pace.epochs_per_second != self.pace:
            self.pace = side.pace.epochs_per_second
            commands.send(("pace", self.pace))
        if side.requests.request != self.request:
            self.request = side.requests.request
            commands.send(("request", self.request))
        if side.watch.gradients_wanted != self.gradients:
            self.gradients = side.watch.gradients_wanted
            commands.send(("gradients", self.gradients))
        for edit in side.edits.take():
            self._send(commands, ("edit", edit))
        for rate in side.session.trainer.take_pending():
            self._send(commands, ("rate", rate))

    def _send(self, commands: Connection, message: tuple) -> None:
        self.sent.append(message)
        commands.send(message)

    def give_back(self, taken: int = 0, noted: bool = True) -> None:
        """Apply, to the window's copy, what was sent but did not reach the run.

        ``noted``: the window's doctor still has its own notes of the edits (its
        copy was not replaced by the run's).
        """
        side = self.side
        for message in self.sent[taken:]:
            if message[0] == "edit":
                edit: QueuedEdit = message[1]
                if not noted:
                    side.watch.note_edit(doctor_note(side.session, edit))
                side.edits.put(edit)  # the window applies its queue once the job ends
            else:
                side.session.trainer.set_learning_rate(message[1])
        self.sent = []

