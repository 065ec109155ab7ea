"""The pace control: epochs per second chosen in the toolbar, held by the worker.

Timing on a shared two-core machine is noisy, so the tolerances here are
generous; ``benchmarks/gui_bench.py`` measures the pace precisely.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from gui_helpers import Button, open_window, small_experiment
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox

from bplab.experiment import examples_dir, load_experiment
from bplab.experiment.pacing import DEFAULT_PACE
from bplab.gui.main_window import SETTINGS, MainWindow
from bplab.gui.pace_control import PACE_KEY

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def no_pace_remembered() -> None:
    """Each test starts as a first start: no pace chosen before."""
    QSettings(*SETTINGS).remove(PACE_KEY)


class EpochClock:
    """When each snapshot arrived, and its epoch."""

    def __init__(self, window: MainWindow) -> None:
        self.marks: list[tuple[float, int]] = []
        self.batches: list[np.ndarray | None] = []
        window.controller.snapshotReady.connect(self._on_snapshot)

    def _on_snapshot(self, snap) -> None:
        self.marks.append((time.perf_counter(), snap.epoch))
        self.batches.append(snap.batch)

    def rate(self) -> float:
        (t0, e0), (t1, e1) = self.marks[0], self.marks[-1]
        return (e1 - e0) / (t1 - t0)


def combo(window: MainWindow) -> QComboBox:
    found = window.findChild(QComboBox, "speedControl")
    assert found is not None and found is window.pace_control
    return found


def play_for(qtbot, window: MainWindow, seconds: float) -> None:
    window.play()
    qtbot.wait(int(seconds * 1000))
    window.pause()


def test_the_pace_control_offers_epochs_per_second_and_max(qtbot):
    window = open_window(qtbot)
    pace = combo(window)
    assert [pace.itemData(i) for i in range(pace.count())] == [1, 3, 10, 30, 100, 300, 0]
    assert [pace.itemText(i) for i in (0, 3, 6)] == ["1 epoch/s", "30 epochs/s", "Max"]
    assert pace.currentData() == DEFAULT_PACE == 30  # one epoch per drawn frame
    assert window.toolbar.widgetForAction(window.action_restart) is not None


def test_the_pace_holds_and_every_epoch_is_drawn(qtbot):
    window = open_window(qtbot)
    # The window's first paint can take a second or more on a busy machine: not in the run.
    qtbot.waitExposed(window)
    qtbot.wait(100)
    combo(window).setCurrentIndex(combo(window).findData(10.0))
    clock = EpochClock(window)
    started = time.perf_counter()
    window.play()
    # Counted in frames, not seconds: a loaded machine draws late, it does not skip.
    qtbot.waitUntil(lambda: len(clock.marks) >= 25, timeout=30_000)
    window.pause()
    seconds = time.perf_counter() - started
    epochs = [e for _, e in clock.marks]
    running = epochs[1:-1]
    assert running == list(range(running[0], running[0] + len(running)))  # none skipped
    assert 7.0 < clock.rate() < 13.0  # 10 epochs/s, within a generous tolerance
    assert window.session.trainer.epoch <= 10 * seconds + 2  # never faster than asked


def test_max_is_unthrottled(qtbot):
    window = open_window(qtbot)
    combo(window).setCurrentIndex(combo(window).findData(30.0))
    play_for(qtbot, window, 1.0)
    paced = window.session.trainer.epoch
    window.reset()
    combo(window).setCurrentIndex(combo(window).findData(0.0))
    assert window.controller.pace.epochs_per_second == 0
    play_for(qtbot, window, 1.0)
    assert paced <= 40 and window.session.trainer.epoch > 5 * paced


def test_a_new_pace_applies_while_playing_and_pause_answers_at_once(qtbot):
    window = open_window(qtbot)
    combo(window).setCurrentIndex(combo(window).findData(1.0))
    window.play()
    qtbot.wait(300)  # resting most of a second between epochs
    start = window.session.trainer.epoch
    combo(window).setCurrentIndex(combo(window).findData(0.0))  # Max, while playing
    qtbot.waitUntil(lambda: window.session.trainer.epoch > start + 50, timeout=3000)
    combo(window).setCurrentIndex(combo(window).findData(1.0))
    qtbot.wait(200)
    t0 = time.perf_counter()
    window.pause()
    assert not window.is_running() and time.perf_counter() - t0 < 0.5


def test_at_the_slowest_paces_the_mini_batch_is_ringed(qtbot):
    exp = small_experiment()  # 40 training points, batch 10: four mini-batches an epoch
    window = open_window(qtbot, exp)
    combo(window).setCurrentIndex(combo(window).findData(3.0))
    clock = EpochClock(window)
    window.play()
    qtbot.waitUntil(lambda: window.session.trainer.step >= 14, timeout=8000)
    window.pause()
    batches = [b for b in clock.batches if b is not None]
    # 12 mini-batches a second, fewer than frames: drawn, ringed, as the window keeps up.
    assert len(batches) >= 5 and all(len(b) == 10 for b in batches)
    train_rows = set(range(len(window.session.train_set.y)))
    assert set(np.concatenate(batches).tolist()) <= train_rows
    # Paused, the ring goes with the final frame (which carries none) …
    qtbot.waitUntil(lambda: window.boundary_view.batch_rows() is None, timeout=2000)
    # … and at 30 epochs/s there is none to draw.
    combo(window).setCurrentIndex(combo(window).findData(30.0))
    clock.batches.clear()
    play_for(qtbot, window, 0.3)
    assert all(b is None for b in clock.batches)


def test_the_ring_follows_the_batch_learned_from(qtbot):
    window = open_window(qtbot)
    view = window.boundary_view
    rows = np.array([3, 7, 11])
    view.show_batch(rows)
    np.testing.assert_array_equal(view.batch_rows(), rows)
    xs, ys = view._batch.getData()
    np.testing.assert_array_equal(np.column_stack([xs, ys]), window.session.train_set.x[rows])
    view.show_batch(None)
    assert view.batch_rows() is None and len(view._batch.getData()[0]) == 0


def test_examples_carry_their_pace_and_the_last_choice_is_remembered(qtbot, tmp_path):
    xor = load_experiment(examples_dir() / "article-xor.json")
    window = open_window(qtbot, xor)
    assert combo(window).currentData() == 300  # the article's XOR needs thousands of epochs
    combo(window).setCurrentIndex(combo(window).findData(100.0))
    assert window.isWindowModified()  # the pace is saved with the experiment
    path = tmp_path / "xor.bplab.json"
    assert window.save_file(str(path))
    assert load_experiment(path).view.pace == 100
    # A new experiment (which carries no pace) opens at the last choice.
    window._ask_unsaved_changes = lambda: Button.Discard
    window.new_experiment()
    assert combo(window).currentData() == 100
    other = MainWindow(small_experiment(), remember_layout=False)
    qtbot.addWidget(other)
    assert other.pace_control.currentData() == 100
    other.setWindowModified(False)
