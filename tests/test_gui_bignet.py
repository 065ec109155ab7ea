"""Big nets in the window: Step runs in the worker with progress and Cancel, an idle
picture is made by the worker, and Pause does not wait for the worker."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from gui_helpers import make_window

from bplab.experiment import Session, default_experiment
from bplab.experiment.snapshot import make_snapshot
from bplab.gui.status import StepProgress
from bplab.gui.worker import PAUSE_WAIT_MS, TrainingController

pytestmark = pytest.mark.gui


def big_experiment(batch_size: int = 10):
    exp = default_experiment()
    exp.architecture.hidden = [64, 64, 64]
    exp.architecture.activations = ["relu"] * 3
    exp.training.batch_size = batch_size
    return exp


class SlowSteps:
    """Each run_steps call of the worker takes at least ``seconds`` (a big net's pace)."""

    def __init__(self, trainer, monkeypatch: pytest.MonkeyPatch, seconds: float = 0.02) -> None:
        self.calls = 0
        self.hold = threading.Event()  # set: the next call waits until released
        self.release = threading.Event()
        run_steps = trainer.run_steps

        def slow(n: int) -> int:
            self.calls += 1
            if self.hold.is_set():
                self.release.wait(10)
            time.sleep(seconds)
            return run_steps(n)

        monkeypatch.setattr(trainer, "run_steps", slow)


@pytest.fixture
def big(qapp):
    session = Session(big_experiment(batch_size=1))  # 250 mini-batches per epoch
    session.trainer.record()
    c = TrainingController(session)
    assert not c.waits_for_work()  # the cost model calls it big
    frames = []
    c.snapshotReady.connect(frames.append)
    c.frames = frames
    yield c
    assert c.shutdown(5000)


def test_a_big_step_runs_in_the_worker_with_progress_and_can_be_cancelled(big, qtbot,
                                                                       monkeypatch):
    tr = big.session.trainer
    slow = SlowSteps(tr, monkeypatch)
    progress: list[tuple[int, int]] = []
    big.stepProgress.connect(lambda done, total: progress.append((done, total)))
    t0 = time.perf_counter()
    big.step_epoch()
    assert time.perf_counter() - t0 < 1.0  # returns at once: the window goes on
    assert big.is_stepping() and big.is_running() and not big.is_training()
    qtbot.waitUntil(lambda: any(done > 0 for done, _ in progress), timeout=10_000)
    assert progress[0] == (0, 250) and all(total == 250 for _, total in progress)
    with qtbot.waitSignal(big.stepFinished, timeout=5000) as finished:
        big.cancel_step()
    assert finished.args == [False]
    assert not big.is_stepping() and not big.is_running()
    assert tr.epoch == 0 and 0 < tr.position < 250  # stopped inside the epoch
    assert slow.calls < 250
    # The next Step finishes that epoch, and ends with a frame of it.
    monkeypatch.undo()
    with qtbot.waitSignal(big.stepFinished, timeout=30_000) as finished:
        big.step_epoch()
    assert finished.args == [True]
    assert tr.epoch == 1 and tr.position == 0
    qtbot.waitUntil(lambda: big.frames and big.frames[-1].epoch == 1, timeout=5000)


def test_an_idle_big_net_is_pictured_by_the_worker_to_the_last_grid_cell(big, qtbot,
                                                                        monkeypatch):
    import bplab.gui.worker as worker

    def no_snapshots_here(*args, **kwargs):
        raise AssertionError("a big net's picture was made on the GUI thread")

    monkeypatch.setattr(worker, "make_snapshot", no_snapshots_here)
    big.publish()
    assert not big.frames  # nothing yet: the worker makes it
    qtbot.waitUntil(lambda: bool(big.frames), timeout=10_000)
    # Refined after the first frame until every cell belongs to these weights.
    monkeypatch.undo()
    exact = make_snapshot(big.session, 0, 0.0).grids
    qtbot.waitUntil(lambda: np.allclose(big.frames[-1].grids[-1], exact[-1], atol=1e-9),
                    timeout=20_000)
    for ours, want in zip(big.frames[-1].grids, exact, strict=True):
        np.testing.assert_allclose(ours, want, atol=1e-9)
    assert not big.is_running()  # refining does not hold the session


def test_pause_of_a_big_net_does_not_wait_for_the_worker(big, qtbot, monkeypatch):
    big.set_training_process(False)  # the patch reaches this process's trainer only
    slow = SlowSteps(big.session.trainer, monkeypatch)
    running = []
    big.runningChanged.connect(running.append)
    big.start()
    qtbot.waitUntil(lambda: slow.calls > 2, timeout=10_000)
    slow.hold.set()  # the worker's next chunk hangs
    qtbot.waitUntil(lambda: slow.calls > 3, timeout=5000)
    t0 = time.perf_counter()
    assert big.request_pause() is False  # did not wait for the chunk to end
    assert time.perf_counter() - t0 < PAUSE_WAIT_MS / 1000 + 0.5
    assert running == [True]
    slow.release.set()
    qtbot.waitUntil(lambda: running == [True, False], timeout=10_000)
    assert not big.is_running()


def test_a_small_step_is_done_when_the_call_returns(qapp):
    c = TrainingController(Session(default_experiment()))
    try:
        assert c.waits_for_work()
        c.step_epoch()
        assert c.session.trainer.epoch == 1 and not c.is_running() and not c.is_stepping()
    finally:
        assert c.shutdown(1000)


def test_the_window_shows_a_big_steps_progress_and_cancels_it(qtbot, monkeypatch):
    monkeypatch.setattr(StepProgress, "SHOW_AFTER_MS", 0)
    window = make_window(qtbot, big_experiment(batch_size=1))
    SlowSteps(window.session.trainer, monkeypatch)
    bar = window.step_progress
    window.action_step.trigger()
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: bar.bar.maximum() == 250 and bar.bar.value() > 0, timeout=10_000)
    window.action_step.trigger()  # a second Step while one runs is ignored
    assert window.controller.is_stepping()
    bar.cancel.click()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5000)
    assert window.session.trainer.epoch == 0
    assert "cancelled" in window.status_notice.text() and "epoch 1" in window.status_notice.text()
    window.setWindowModified(False)
    window.close()


def test_a_refinement_of_the_old_session_never_reaches_the_views(big, qtbot, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    refine = big._grids.refine

    def slow_refine(base, *args):
        entered.set()
        release.wait(10)  # the window moves on to another session meanwhile
        return refine(base, *args)

    monkeypatch.setattr(big._grids, "refine", slow_refine)
    big.publish()
    assert entered.wait(10)
    small = Session(default_experiment())
    big.set_session(small)  # does not wait for the refinement
    big.publish()
    n = len(big.frames)
    release.set()
    qtbot.wait(500)
    shapes = [w.shape for w in small.network.W]
    assert len(big.frames) > n - 1 and all(
        [w.shape for w in f.weights] == shapes for f in big.frames[n - 1:])


def test_autosave_does_not_cancel_a_step(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("BPLAB_DATA_DIR", str(tmp_path))
    window = make_window(qtbot, big_experiment(batch_size=1))
    slow = SlowSteps(window.session.trainer, monkeypatch)
    window.action_step.trigger()
    qtbot.waitUntil(lambda: slow.calls > 0, timeout=10_000)
    assert window.controller.is_stepping()
    window.setWindowModified(True)
    assert window.autosave_now() is None  # skipped, not paused
    assert window.controller.is_stepping()
    window.controller.cancel_step()
    qtbot.waitUntil(lambda: not window.controller.is_stepping(), timeout=5000)
    window.setWindowModified(False)
    window.close()
