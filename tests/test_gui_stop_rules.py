"""Stop rules in the window: set in the form, applied while playing, said in the status bar."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gui_helpers import open_window, small_experiment
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox
from test_experiment_stop_rules import reference

from bplab.experiment import Experiment
from bplab.experiment.model import StopRules
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def field(window: MainWindow, name: str):
    found = window.form.findChild(QAbstractSpinBox, name) or window.form.findChild(QCheckBox,
                                                                                   name)
    assert found is not None, name
    return found


def max_pace(window: MainWindow) -> None:
    window.pace_control.setCurrentIndex(window.pace_control.findData(0.0))


def play_until_stopped(qtbot, window: MainWindow) -> None:
    window.play()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=20_000)
    qtbot.wait(50)  # the rule's signal follows the final frame


def notice(window: MainWindow) -> str:
    return window.status_notice.text()


def noisy() -> Experiment:
    exp = small_experiment()
    exp.data.n_points = 100
    exp.data.noise = 0.4
    exp.training.learning_rate = 1.0
    return exp


def test_the_form_sets_the_rules_and_they_are_stored(qtbot):
    window = open_window(qtbot)
    field(window, "stopAtEpoch").setValue(40)
    field(window, "stopAtLoss").setValue(0.02)
    field(window, "stopPatience").setValue(15)
    field(window, "restoreBestCheck").setChecked(False)
    assert window.session.experiment.stop == StopRules(40, 0.02, 15, False)
    assert window.isWindowModified()
    assert field(window, "stopAtEpoch").text() == "40"
    field(window, "stopAtEpoch").setValue(0)
    assert window.session.experiment.stop.at_epoch is None
    assert field(window, "stopAtEpoch").text() == "never"
    window.undo_stack.undo()  # form edits undo like any other
    assert window.session.experiment.stop.at_epoch == 40


def test_the_patience_box_says_epoch_or_epochs_by_its_count(qtbot):
    window = open_window(qtbot)
    patience = field(window, "stopPatience")
    patience.setValue(1)
    assert patience.text() == "1 epoch"
    patience.setValue(15)
    assert patience.text() == "15 epochs"
    exp = small_experiment()
    exp.stop = StopRules(patience=1)
    window.load_experiment(exp)  # a file's rules: the unit follows them too
    assert patience.text() == "1 epoch"


def test_stop_at_epoch_stops_there_and_says_so(qtbot):
    window = open_window(qtbot)
    max_pace(window)
    field(window, "stopAtEpoch").setValue(23)
    play_until_stopped(qtbot, window)
    assert window.session.trainer.epoch == 23 and window.last_snapshot.epoch == 23
    assert notice(window) == "Stopped: reached epoch 23"
    assert not window.action_play.isChecked()
    # Play again: the rule was met, so training goes on past it.
    window.play()
    qtbot.waitUntil(lambda: window.session.trainer.epoch > 30, timeout=10_000)
    window.pause()


def test_stop_at_loss_stops_at_the_first_epoch_at_or_below_it(qtbot):
    exp = small_experiment()
    exp.training.learning_rate = 0.3
    ref = reference(exp, 400).trainer.history
    limit = 0.05
    epoch = next(e for e, v in zip(ref.epoch, ref.train_loss, strict=True) if v <= limit)
    loss = ref.train_loss[ref.epoch.index(epoch)]
    window = open_window(qtbot, exp)
    max_pace(window)
    field(window, "stopAtLoss").setValue(limit)
    play_until_stopped(qtbot, window)
    assert window.session.trainer.epoch == epoch
    assert notice(window) == (f"Stopped: the train loss reached {loss:.4g} (at most 0.05) at "
                              f"epoch {epoch}")


def test_patience_stops_and_restores_the_best_weights(qtbot):
    exp = noisy()
    h = reference(exp, 400).trainer.history
    best, best_epoch = math.inf, 0
    for e, v in zip(h.epoch, h.test_loss, strict=True):
        if v < best:
            best, best_epoch = v, e
        elif e - best_epoch >= 10:
            break
    window = open_window(qtbot, exp)
    window.pace_control.setCurrentIndex(window.pace_control.findData(300.0))  # paced too
    field(window, "stopPatience").setValue(10)
    assert field(window, "restoreBestCheck").isChecked()
    play_until_stopped(qtbot, window)
    assert window.session.trainer.epoch == best_epoch + 10
    assert notice(window) == (f"Stopped: test loss has not improved for 10 epochs; best "
                              f"{best:.4g} at epoch {best_epoch}, restored")
    at_best = reference(exp, best_epoch).network
    np.testing.assert_array_equal(window.session.network.W[0], at_best.W[0])
    assert window.last_snapshot.test_loss == best  # the figures shown are the best weights'
    assert f"Test loss {best:.4g}" in window.loss_label.text()
