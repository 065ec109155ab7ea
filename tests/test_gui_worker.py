"""The training worker and its controller, without the window."""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment
from bplab.experiment.snapshot import Snapshot, make_snapshot
from bplab.gui.worker import TrainingBusy, TrainingController

pytestmark = pytest.mark.gui


class StuckChunk:
    """The worker's next chunk hangs, deaf to the stop flag, until released."""

    def __init__(self, trainer, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        run_steps = trainer.run_steps

        def stuck(n: int) -> int:
            self.entered.set()
            self.release.wait(10)
            return run_steps(n)

        monkeypatch.setattr(trainer, "run_steps", stuck)


@pytest.fixture(params=["process", "thread"])
def controller(qapp, request):
    """A controller that plays small nets in the training process, or in its thread."""
    c = TrainingController(Session(default_experiment()))
    c.set_training_process(request.param == "process")
    frames: list[tuple[float, Snapshot]] = []
    c.snapshotReady.connect(lambda snap: frames.append((time.perf_counter(), snap)))
    c.frames = frames
    yield c
    assert c.shutdown(1000)


def test_snapshot_rate_is_bounded(controller, qtbot):
    # Liveness is waited for rather than timed: on a loaded machine the first second may
    # bring fewer frames, but they must come, and never faster than about 30 a second.
    controller.start()
    t0 = time.perf_counter()
    tr = controller.session.trainer
    qtbot.waitUntil(lambda: time.perf_counter() - t0 >= 1.0 and len(controller.frames) >= 5
                    and tr.step > 1000, timeout=30_000)  # it is live, and training gets time
    controller.pause()
    elapsed = time.perf_counter() - t0
    running = [f for t, f in controller.frames if t <= t0 + elapsed]
    assert len(running) / elapsed <= 35  # …but never faster than about 30 per second


def test_a_final_snapshot_arrives_after_stop(controller, qtbot):
    controller.start()
    qtbot.waitUntil(lambda: len(controller.frames) >= 2, timeout=5000)
    controller.pause()
    tr = controller.session.trainer
    qtbot.waitUntil(lambda: bool(controller.frames) and controller.frames[-1][1].step == tr.step,
                    timeout=5000)
    last = controller.frames[-1][1]
    assert last.epoch == tr.epoch
    np.testing.assert_array_equal(last.weights[0], controller.session.network.W[0])


def test_snapshots_carry_each_history_entry_once(controller, qtbot):
    controller.start()
    qtbot.waitUntil(lambda: controller.session.trainer.epoch > 30, timeout=10_000)
    controller.pause()
    tr = controller.session.trainer
    qtbot.waitUntil(lambda: bool(controller.frames) and controller.frames[-1][1].step == tr.step,
                    timeout=5000)
    epochs = np.concatenate([f.history["epoch"] for _, f in controller.frames])
    assert epochs.tolist() == tr.history.epoch


def test_pause_stops_quickly_and_start_resumes(controller, qtbot):
    controller.start()
    assert controller.is_running()
    qtbot.waitUntil(lambda: controller.session.trainer.epoch > 1, timeout=5000)
    t0 = time.perf_counter()
    assert controller.pause()
    assert time.perf_counter() - t0 < 0.5 and not controller.is_running()
    step = controller.session.trainer.step
    controller.start()
    qtbot.waitUntil(lambda: controller.session.trainer.step > step, timeout=5000)


def test_worker_failure_is_reported(controller, qtbot, monkeypatch):
    def broken(n: int) -> int:
        raise ZeroDivisionError("no luck")

    controller.set_training_process(False)  # the patch reaches this process's trainer only
    monkeypatch.setattr(controller.session.trainer, "run_steps", broken)
    with qtbot.waitSignal(controller.failed, timeout=5000) as blocker:
        controller.start()
    assert "ZeroDivisionError" in blocker.args[0] and "no luck" in blocker.args[0]
    qtbot.waitUntil(lambda: not controller.is_running(), timeout=5000)


def test_divergence_is_reported(qapp, qtbot):
    exp = default_experiment()
    exp.data.generator = "plane"
    exp.architecture.output_activation = "linear"
    exp.training.learning_rate = 10.0
    c = TrainingController(Session(exp))
    try:
        with qtbot.waitSignal(c.diverged, timeout=10_000) as blocker:
            c.start()
        assert "diverged" in blocker.args[0]
        qtbot.waitUntil(lambda: not c.is_running(), timeout=5000)
    finally:
        c.shutdown()


def test_learning_rate_applies_while_running(controller, qtbot):
    controller.start()
    controller.set_learning_rate(0.25)
    qtbot.waitUntil(lambda: controller.session.trainer.optimizer.learning_rate == 0.25,
                    timeout=5000)
    controller.pause()
    controller.set_learning_rate(0.5)  # idle: applied at once
    assert controller.session.trainer.optimizer.learning_rate == 0.5


def test_edits_apply_directly_when_idle_and_queued_when_running(controller, qtbot):
    net = controller.session.network
    controller.edit_weight(0, 1, 2, 3.25)
    assert net.W[0][1, 2] == 3.25
    assert controller.frames[-1][1].weights[0][1, 2] == 3.25  # views refreshed
    controller.edit_bias(1, 0, -2.0)
    assert net.b[1][0] == -2.0
    with pytest.raises(ValueError):
        controller.edit_weight(0, 5, 0, 1.0)
    controller.start()
    controller.edit_weight(2, 0, 0, 9.0)
    controller.pause()
    assert abs(net.W[2][0, 0] - 9.0) < 1.0


def test_edits_sent_while_running_are_applied_by_the_worker_while_it_runs(controller, qtbot):
    """Between chunks, by the worker thread, with training going on: not only at a pause.
    (In the training process the same loop applies them: test_training_process.)"""
    controller.set_training_process(False)  # the patch reaches this process's queue only
    applied: list[tuple[int, bool, bool]] = []  # (edits written, stop flag set, on GUI thread)
    edits, tr = controller._edits, controller.session.trainer
    write = edits.apply

    def recording_apply(session: Session) -> int:
        n = write(session)
        if n:
            applied.append((n, tr.stop.is_set(), threading.current_thread() is gui_thread))
        return n

    gui_thread = threading.current_thread()
    edits.apply = recording_apply  # the worker's loop calls this instance's apply
    controller.start()
    qtbot.waitUntil(lambda: tr.step > 100, timeout=5000)
    controller.edit_weight(2, 0, 0, 9.0)
    controller.edit_bias(1, 1, -4.0)
    qtbot.waitUntil(lambda: bool(applied), timeout=5000)
    assert applied == [(2, False, False)]
    step = tr.step
    qtbot.waitUntil(lambda: tr.step > step + 100, timeout=5000)  # and it trains on
    assert controller.is_running()
    controller.pause()
    assert applied == [(2, False, False)]


def test_step_epoch_trains_exactly_one_epoch(controller):
    controller.step_epoch()
    controller.step_epoch()
    assert controller.session.trainer.epoch == 2
    assert controller.frames[-1][1].epoch == 2


def test_stale_frames_are_dropped(controller):
    controller.publish()
    n = len(controller.frames)
    old = make_snapshot(controller.session, 0, 0.0)
    controller._deliver(1, old)  # an older sequence number than the last delivered
    assert len(controller.frames) == n


def test_shutdown_of_an_idle_controller(qapp):
    c = TrainingController(Session(default_experiment()))
    assert c.shutdown()
    c.start()  # refused after shutdown
    assert not c.is_running()


def test_a_slow_gui_gets_no_backlog(controller, qtbot):
    drawn = []

    def slow_draw(snap: Snapshot) -> None:
        time.sleep(0.1)  # a GUI that needs 100 ms per frame
        drawn.append(snap)

    controller.snapshotReady.connect(slow_draw)
    controller.start()
    t0 = time.perf_counter()
    qtbot.waitUntil(lambda: time.perf_counter() - t0 >= 1.0, timeout=5000)
    controller.pause()
    elapsed = time.perf_counter() - t0
    tr = controller.session.trainer
    # The final frame arrives right away: frames never pile up behind a slow GUI.
    qtbot.waitUntil(lambda: bool(drawn) and drawn[-1].step == tr.step, timeout=1000)
    assert len(drawn) <= elapsed / 0.1 + 2


def test_changes_are_refused_while_training_does_not_pause(controller, qtbot, monkeypatch):
    tr, session = controller.session.trainer, controller.session
    controller.set_training_process(False)  # the patch reaches this process's trainer only
    stuck = StuckChunk(tr, monkeypatch)
    controller.pause_timeout_ms = 100
    controller.start()
    assert stuck.entered.wait(5)
    assert controller.pause() is False
    assert controller.is_running()  # the worker still owns the session
    settings = dataclasses.replace(session.experiment.training, batch_size=3)
    batch, epoch = tr.batch_size, tr.epoch
    with pytest.raises(TrainingBusy, match="did not pause"):
        controller.apply_training_settings(settings)
    with pytest.raises(TrainingBusy):
        controller.set_session(Session(default_experiment()))
    with pytest.raises(TrainingBusy):
        controller.step_epoch()
    with pytest.raises(TrainingBusy), controller.paused():
        pytest.fail("the body must not run while the worker runs")
    assert tr.batch_size == batch and tr.epoch == epoch and controller.session is session
    stuck.release.set()
    qtbot.waitUntil(lambda: not controller.is_running(), timeout=5000)
    controller.apply_training_settings(settings)  # paused now: it goes through
    assert tr.batch_size == 3


def test_settings_go_through_the_sessions_checks(controller):
    tr, session = controller.session.trainer, controller.session
    good = session.experiment.training
    for bad in (dict(regularization="l3"), dict(regularization_rate=-1.0), dict(batch_size=0),
                dict(reduction="median"), dict(optimizer="adamw"), dict(learning_rate=50.0),
                dict(optimizer="momentum", optimizer_params={"momentum": -0.5}),
                dict(optimizer="momentum", optimizer_params={"beta": 0.5})):
        with pytest.raises(ValueError):
            controller.apply_training_settings(dataclasses.replace(good, **bad))
        assert (tr.regularization, tr.regularization_rate, tr.batch_size) == ("none", 0.0, 10)
        assert session.network.reduction == "mean" and tr.optimizer.name == "sgd"
        assert tr.optimizer.learning_rate == good.learning_rate
        assert session.experiment.training == good


def test_play_in_the_process_leaves_the_window_copy_as_training_here(qapp, qtbot):
    controller = TrainingController(Session(default_experiment()))
    controller.set_training_process(True)
    assert controller.uses_process()
    controller.frames = []
    controller.snapshotReady.connect(lambda snap: controller.frames.append((0.0, snap)))
    controller.start()
    qtbot.waitUntil(lambda: len(controller.frames) >= 3, timeout=10_000)
    controller.pause()
    session = controller.session
    here = Session(default_experiment())
    here.trainer.record()
    here.trainer.run_steps(session.trainer.step)
    assert (session.trainer.epoch, session.trainer.position) == (here.trainer.epoch,
                                                                 here.trainer.position)
    for a, b in zip([*session.network.W, *session.network.b],
                    [*here.network.W, *here.network.b], strict=True):
        assert np.array_equal(a, b)
    # The last frame drawn shows these very weights.
    qtbot.waitUntil(lambda: controller.frames[-1][1].step == session.trainer.step, timeout=2000)
    assert np.array_equal(controller.frames[-1][1].weights[0], session.network.W[0])
    assert controller.shutdown(1000)
