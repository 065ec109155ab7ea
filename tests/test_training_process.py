"""Training in a process of its own: the same numbers, nothing lost, a dead process survived."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment
from bplab.experiment.edits import ParameterEdits
from bplab.experiment.live_grids import LiveGrids
from bplab.experiment.model import StopRules
from bplab.experiment.pacing import PaceSetting
from bplab.experiment.process_client import ProcessFailed, TrainingProcess, WindowSide
from bplab.experiment.run_watch import RunWatch
from bplab.experiment.snapshot import make_snapshot
from bplab.experiment.stop_rules import StopWatch
from bplab.experiment.training_process import RunDone
from bplab.experiment.view_requests import ViewRequest, ViewRequests


def parameters(session: Session) -> list[np.ndarray]:
    return [*session.network.W, *session.network.b]


def same_run(a: Session, b: Session) -> bool:
    ta, tb = a.trainer, b.trainer
    return (all(np.array_equal(x, y) for x, y in zip(parameters(a), parameters(b), strict=True))
            and (ta.epoch, ta.step, ta.position) == (tb.epoch, tb.step, tb.position)
            and np.array_equal(ta.order, tb.order)
            and ta.rng.bit_generator.state == tb.rng.bit_generator.state
            and all(np.array_equal(x, y, equal_nan=True) for x, y in zip(
                ta.history.as_columns().values(), tb.history.as_columns().values(),
                strict=True)))


def window_side(session: Session, rules: StopRules | None = None) -> WindowSide:
    watch = RunWatch()
    watch.start(session)
    consumed = threading.Event()
    consumed.set()
    return WindowSide(session, 1, StopWatch(session.trainer, rules), watch, ViewRequests(),
                      PaceSetting(), ParameterEdits(), consumed, LiveGrids(session))


@pytest.fixture
def process():
    p = TrainingProcess()
    yield p
    p.shutdown()


def drawn(side: WindowSide, frames: list):
    def on_frame(snap) -> None:
        frames.append(snap)
        side.consumed.set()  # the window drew it
    return on_frame


def play_with(process: TrainingProcess, side: WindowSide, at_frame: int,
              change: Callable[[], object], pause_at: int) -> tuple[RunDone, list]:
    """Play; the window makes ``change`` when frame ``at_frame`` is drawn and presses
    Pause at frame ``pause_at``.  Returns the run's end and every frame drawn."""
    frames: list = []

    def on_frame(snap) -> None:
        frames.append(snap)
        if len(frames) == at_frame:
            change()
        if len(frames) == pause_at:
            side.session.trainer.stop.set()
        side.consumed.set()

    return process.train(side, 0, on_frame), frames


def test_runs_in_the_process_equal_training_here_bit_for_bit(process):
    session, here = Session(default_experiment()), Session(default_experiment())
    side = window_side(session, StopRules(at_epoch=40))
    frames: list = []
    done = process.train(side, 0, drawn(side, frames))
    here.trainer.run_epochs(40)
    assert done.stop_reason is not None and done.stop_reason.epoch == 40
    assert done.errors == ()
    assert frames and frames[-1].epoch <= 40 and done.final.epoch == 40
    assert same_run(session, here)
    # The window computed the frame's grids from its weights: those the process would have.
    grids = make_snapshot(here, 0, 0.0).grids
    assert len(done.final.grids) == len(grids) > 0
    assert all(np.array_equal(a, b) for a, b in zip(done.final.grids, grids, strict=True))
    assert all(len(f.grids) == len(grids) for f in frames)
    # A second Play goes on from there, in the same process, exactly as training here does.
    side.stop_watch.set_rules(StopRules(at_epoch=75))
    process.train(side, len(session.trainer.history), drawn(side, frames))
    here.trainer.run_epochs(35)
    assert same_run(session, here)


def test_patience_restores_the_best_weights_across_processes(process):
    exp = default_experiment()
    exp.training.learning_rate = 3.0  # noisy: the test loss stops improving soon
    session, here = Session(exp), Session(exp)
    rules = StopRules(patience=5, restore_best=True)
    side = window_side(session, rules)
    done = process.train(side, 0, drawn(side, []))
    watch = StopWatch(here.trainer, rules)
    with watch.attached():
        while not here.trainer.stop.is_set():
            here.trainer.run_epochs(1)
    reason = watch.finish()
    got = done.stop_reason
    assert reason.restored and got is not None
    assert (got.rule, got.epoch, got.best, got.best_epoch, got.restored) == (
        reason.rule, reason.epoch, reason.best, reason.best_epoch, reason.restored)
    assert same_run(session, here)


def test_edits_and_rates_sent_at_the_end_of_a_run_are_neither_lost_nor_doubled(process):
    session = Session(default_experiment())
    side = window_side(session)
    session.trainer.stop.set()  # Pause pressed as Play starts: the run ends at once
    side.edits.put_weight(0, 0, 0, 2.5)
    session.trainer.set_learning_rate(0.125)
    process.train(side, 0, drawn(side, []))
    # Whatever reached the run is in the state that came back; the rest waits here.
    side.edits.apply(session)
    session.trainer.apply_pending()
    assert session.network.W[0][0, 0] == 2.5
    assert session.trainer.optimizer.learning_rate == 0.125
    assert [e.new for e in side.watch.doctor.edits] == [2.5]  # noted once


def test_the_views_request_travels_with_the_run(process):
    session = Session(default_experiment())
    side = window_side(session, StopRules(at_epoch=3))
    side.requests.set(ViewRequest(metrics=True, distributions=True))
    done = process.train(side, 0, drawn(side, []))
    assert done.final.metrics is not None and done.final.distributions is not None


def test_a_dead_process_leaves_the_session_as_it_was_and_a_new_one_starts(process):
    session, before = Session(default_experiment()), Session(default_experiment())
    side = window_side(session)
    side.pace.set(1.0)  # slow: the run is still going when the process dies

    def kill_on_first_frame(snap) -> None:
        os.kill(process._process.pid, signal.SIGKILL)
        side.consumed.set()

    side.edits.put_bias(0, 0, 1.5)
    with pytest.raises(ProcessFailed, match="ended unexpectedly"):
        process.train(side, 0, kill_on_first_frame)
    # The window's copy is where the run began (the frames shown are lost), the edit kept.
    side.edits.apply(session)
    before.network.b[0][0] = 1.5
    assert all(np.array_equal(x, y) for x, y in zip(parameters(session), parameters(before),
                                                    strict=True))
    assert session.trainer.epoch == 0
    assert [e.new for e in side.watch.doctor.edits] == [1.5]  # the doctor knows of it
    side.pace.set(0.0)
    side.stop_watch.set_rules(StopRules(at_epoch=2))
    done = process.train(side, 0, drawn(side, []))  # a new process, a fresh copy
    assert done.final.epoch == 2 and process.alive()


def test_an_edit_made_while_the_process_trains_reaches_the_run(process):
    session = Session(default_experiment())
    side = window_side(session)
    done, frames = play_with(process, side, 2, lambda: side.edits.put_weight(1, 0, 0, 9.0),
                             pause_at=12)  # the window queues an edit mid-run
    assert done.controls_taken == 1  # it reached the run before its end
    assert any(abs(s.weights[1][0, 0] - 9.0) < 1.0 for s in frames[3:])  # shown, trained on
    assert abs(session.network.W[1][0, 0] - 9.0) < 1.0
    assert [e.new for e in side.watch.doctor.edits] == [9.0]


def test_a_run_that_cannot_be_sent_changes_nothing_and_says_so(process):
    session = Session(default_experiment())
    side = window_side(session)
    side.requests.set(ViewRequest(hidden=lambda: None))  # a request no pipe can carry
    before = [p.copy() for p in parameters(session)]
    with pytest.raises(ProcessFailed, match="could not be sent"):
        process.train(side, 0, drawn(side, []))
    assert all(np.array_equal(a, b) for a, b in zip(parameters(session), before, strict=True))
    side.requests.set(ViewRequest())
    side.stop_watch.set_rules(StopRules(at_epoch=1))
    assert process.train(side, 0, drawn(side, [])).final.epoch == 1  # a new process


def test_a_view_request_and_a_pace_changed_mid_run_reach_it(process):
    session = Session(default_experiment())
    side = window_side(session)  # at Max: frames fall anywhere in an epoch

    def open_matrix_and_slow_down() -> None:
        side.requests.set(ViewRequest(metrics=True))
        side.pace.set(300.0)

    _, frames = play_with(process, side, 2, open_matrix_and_slow_down, pause_at=12)
    per_epoch = session.trainer.steps_per_epoch()
    assert frames[0].metrics is None
    # A frame or two in flight; after them the request is met and the pace kept, whose
    # frames come at the ends of epochs.
    assert all(f.metrics is not None for f in frames[5:])
    assert all(f.step % per_epoch == 0 for f in frames[5:12])


def test_a_learning_rate_typed_mid_run_reaches_it(process):
    session = Session(default_experiment())
    side = window_side(session)
    # What the window's rate box does:
    done, frames = play_with(process, side, 2, lambda: session.trainer.set_learning_rate(0.5),
                             pause_at=8)
    assert frames[0].learning_rate == 0.03 and frames[-1].learning_rate == 0.5
    assert done.controls_taken == 1
    assert session.trainer.optimizer.learning_rate == 0.5
    assert session.experiment.training.learning_rate == 0.5


def test_the_window_copy_follows_the_frames_while_the_run_goes_on(process):
    """Weights, counters and the gradient view's latest epoch, read while training runs
    (the window reads them racily, as it did from a training thread)."""
    session = Session(default_experiment())
    side = window_side(session)
    side.watch.want_gradients(True)
    seen: list[tuple] = []

    def on_frame(snap) -> None:
        acc = side.watch.accumulator
        seen.append((session.trainer.step == snap.step,
                      np.array_equal(session.network.W[0], snap.weights[0]),
                      snap.gradients is None or acc.last is snap.gradients))
        if len(seen) == 6:
            session.trainer.stop.set()
        side.consumed.set()

    process.train(side, 0, on_frame)
    assert seen and all(all(s) for s in seen)
    assert side.watch.accumulator.last is not None  # and the run's own, once it is back
