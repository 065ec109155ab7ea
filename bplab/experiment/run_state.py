"""Everything a run changes, taken from one copy of a session and put into another.

The window trains small nets in a separate process (``training_process``): the
window's session is copied there when Play is pressed and the copy's state comes
back when training stops.  ``take_run_state`` gathers what training changes:
the ``TrainingState`` a saved file holds (weights, optimizer, position, random
generator, history), the learning rate and status, the stop rules' counting,
the doctor's reference weights and edits, the gradient view's sums, and what the
views keep between frames.  ``put_run_state`` writes it into the other copy
exactly, without the checks a file gets: a diverged run's weights are NaN, and
they must arrive as they are.  Qt-free.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bplab.engine.trainer import HandEdit
from bplab.experiment.doctor import Parameters, WeightEdit
from bplab.experiment.model import TrainingState
from bplab.experiment.run_watch import RunWatch
from bplab.experiment.session import Session
from bplab.experiment.stop_rules import StopWatch, StopWatchState
from bplab.experiment.view_requests import KeptViews, ViewRequests

Array = np.ndarray
GradientSums = tuple[list[Array], int, object]  # GradientAccumulator.state()


@dataclass(frozen=True)
class RunState:
    training: TrainingState
    learning_rate: float
    status: str  # the trainer's "ready" or "diverged" …
    message: str  # … and why
    hand_edit: HandEdit | None
    stop: StopWatchState | None
    doctor_reference: Parameters | None
    doctor_edits: tuple[WeightEdit, ...]
    gradients: GradientSums | None  # None: the gradient view is not accumulating
    views: KeptViews


def take_run_state(session: Session, stop_watch: StopWatch | None, watch: RunWatch,
                   requests: ViewRequests) -> RunState:
    """A copy of where the run stands (call while nothing trains this session)."""
    tr = session.trainer
    doctor = watch.doctor
    reference = None if doctor.reference is None else copy.deepcopy(doctor.reference)
    acc = watch.accumulator
    return RunState(
        training=session.capture(),  # applies a learning rate still queued
        learning_rate=float(tr.optimizer.learning_rate), status=tr.status, message=tr.message,
        hand_edit=tr.hand_edit, stop=None if stop_watch is None else stop_watch.state(),
        doctor_reference=reference, doctor_edits=tuple(doctor.edits),
        gradients=None if acc is None else acc.state(), views=requests.kept())


def put_run_state(state: RunState, session: Session, stop_watch: StopWatch | None,
                  watch: RunWatch, requests: ViewRequests) -> None:
    """Make ``session`` (and the watches beside it) continue exactly from ``state``.

    ``session`` must be built from the same experiment as the one ``state`` was
    taken from; nothing else is checked.
    """
    tr, net, ts = session.trainer, session.network, state.training
    for own, new in zip((*net.W, *net.b), (*ts.weights, *ts.biases), strict=True):
        own[...] = new  # in place: the views and the optimizer hold these arrays
    for slot, arrays in ts.optimizer_state.items():
        for own, new in zip(tr.optimizer.state[slot], arrays, strict=True):
            own[...] = new
    tr.optimizer.t = ts.optimizer_t
    tr.apply_pending()  # a rate queued here before the run is older than the run's own
    tr.optimizer.learning_rate = state.learning_rate
    session.experiment.training.learning_rate = state.learning_rate
    tr.epoch, tr.step, tr.position = ts.epoch, ts.step, ts.position
    tr.rng.bit_generator.state = copy.deepcopy(ts.rng_state)
    tr.order = np.array(ts.order)
    tr.history = ts.history.copy()
    tr.status, tr.message, tr.hand_edit = state.status, state.message, state.hand_edit
    if stop_watch is not None and state.stop is not None:
        stop_watch.load_state(state.stop)
    watch.doctor.reference = copy.deepcopy(state.doctor_reference)
    watch.doctor.edits = list(state.doctor_edits)
    if state.gradients is not None:
        watch.want_gradients(True)
        assert watch.accumulator is not None
        watch.accumulator.load_state(state.gradients)
    requests.keep(state.views, session)
