"""The main window driven like a user would: actions, form fields, views (offscreen)."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from gui_helpers import make_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QPushButton,
    QSpinBox,
    QToolButton,
)

from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    default_experiment,
)
from bplab.gui.app import run_gui
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def numbers(text: str) -> list[float]:
    return [float(x) for x in NUMBER.findall(text)]


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found




@pytest.fixture
def window(qtbot):
    w = make_window(qtbot)
    yield w
    w.close()


def epoch_of(window: MainWindow) -> int:
    return window.session.trainer.epoch


def set_learning_rate(window: MainWindow, text: str) -> None:
    combo = window.findChild(QComboBox, "learningRateCombo")
    combo.setEditText(text)
    combo.lineEdit().editingFinished.emit()


def regression_experiment() -> Experiment:
    return Experiment(data=DataSpec(generator="plane"),
                      architecture=Architecture(hidden=[4, 2], activations=["tanh", "tanh"],
                                                output_activation="linear"))


# -- the object names tests and assistive tools rely on ---------------------------
def test_object_names(window):
    for name in ("actionPlay", "actionStep", "actionReset", "actionRegenerate", "actionNew",
                 "actionOpen", "actionSave", "actionSaveAs"):
        action(window, name)
    assert action(window, "actionPlay").isCheckable()
    for name in ("networkView", "boundaryView", "lossPlot", "architectureForm", "epochLabel",
                 "lossLabel", "accuracyLabel", "speedLabel"):
        assert window.findChild(object, name) is not None, name
    assert window.objectName() == "MainWindow"


# -- training ------------------------------------------------------------------
def test_play_lowers_test_loss(window, qtbot):
    play = action(window, "actionPlay")
    play.trigger()
    assert play.isChecked() and window.is_running()
    qtbot.waitUntil(lambda: window.last_snapshot.test_loss < 0.1, timeout=20_000)
    play.trigger()
    assert not play.isChecked() and not window.is_running()
    h = window.session.trainer.history
    first = next(e for e, loss in zip(h.epoch, h.test_loss, strict=True) if loss < 0.1)
    assert first <= 300  # the default net learns the circle in well under 300 epochs


def test_step_advances_exactly_one_epoch(window, qtbot):
    step = action(window, "actionStep")
    step.trigger()
    assert epoch_of(window) == 1
    step.trigger()
    assert epoch_of(window) == 2
    assert numbers(window.findChild(object, "epochLabel").text()) == [2]


def test_step_while_running_pauses_first(window, qtbot):
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: epoch_of(window) > 3, timeout=10_000)
    action(window, "actionStep").trigger()
    assert not window.is_running() and not action(window, "actionPlay").isChecked()
    epoch = epoch_of(window)
    qtbot.waitUntil(lambda: window.last_snapshot.epoch == epoch, timeout=5000)
    action(window, "actionStep").trigger()
    assert epoch_of(window) == epoch + 1


def test_reset_gives_new_weights_same_data_epoch_zero(window, qtbot):
    first_w = [w.copy() for w in window.session.network.W]
    data = window.session.dataset.x.copy()
    seed = window.findChild(QSpinBox, "weightSeedSpin").value()
    for _ in range(3):
        action(window, "actionStep").trigger()
    action(window, "actionReset").trigger()
    s = window.session
    assert s.trainer.epoch == 0 and window.last_snapshot.epoch == 0
    assert np.array_equal(s.dataset.x, data)
    assert not all(np.array_equal(a, b) for a, b in zip(first_w, s.network.W, strict=True))
    assert window.findChild(QSpinBox, "weightSeedSpin").value() != seed
    assert list(s.trainer.history.epoch) == [0]  # history cleared (epoch 0 only)


def test_regenerate_changes_the_data(window):
    data = window.session.dataset.x.copy()
    sizes = list(window.session.network.sizes)
    action(window, "actionStep").trigger()
    action(window, "actionRegenerate").trigger()
    s = window.session
    assert s.trainer.epoch == 0
    assert s.dataset.x.shape == data.shape and not np.array_equal(s.dataset.x, data)
    assert s.network.sizes == sizes


# -- the form --------------------------------------------------------------------
def test_add_layer_rebuilds_the_graph(window, qtbot):
    view = window.network_view
    assert (view.node_count(), view.link_count()) == (2 + 4 + 2 + 1, 2 * 4 + 4 * 2 + 2 * 1)
    qtbot.mouseClick(window.findChild(QPushButton, "addLayerButton"), Qt.MouseButton.LeftButton)
    assert window.session.network.sizes == [2, 4, 2, 2, 1]
    assert view.node_count() == 2 + 4 + 2 + 2 + 1
    assert view.link_count() == 2 * 4 + 4 * 2 + 2 * 2 + 2 * 1
    qtbot.mouseClick(window.findChild(QToolButton, "layer3AddNeuron"), Qt.MouseButton.LeftButton)
    assert window.session.network.sizes == [2, 4, 2, 3, 1]
    assert window.findChild(QSpinBox, "layer3NeuronsSpin").value() == 3
    qtbot.mouseClick(window.findChild(QPushButton, "removeLayerButton"),
                     Qt.MouseButton.LeftButton)
    assert window.session.network.sizes == [2, 4, 2, 1]
    assert view.link_count() == 2 * 4 + 4 * 2 + 2 * 1


def test_undo_redo_of_form_changes(window, qtbot):
    qtbot.mouseClick(window.findChild(QPushButton, "addLayerButton"), Qt.MouseButton.LeftButton)
    assert window.session.network.sizes == [2, 4, 2, 2, 1]
    window.action_undo.trigger()
    assert window.session.network.sizes == [2, 4, 2, 1]
    assert window.findChild(QSpinBox, "layer3NeuronsSpin") is None
    window.action_redo.trigger()
    assert window.session.network.sizes == [2, 4, 2, 2, 1]


def test_last_feature_cannot_be_unchecked(window):
    x1 = window.findChild(QCheckBox, "feature_x1")
    x2 = window.findChild(QCheckBox, "feature_x2")
    x1.setChecked(False)
    assert window.session.network.sizes[0] == 1
    x2.setChecked(False)  # refused: the network needs an input
    assert x2.isChecked()
    assert window.session.feature_names == ["x2"]
    error = window.findChild(object, "featureError")
    assert error.isVisible() and "at least one" in error.text().lower()
    window.findChild(QCheckBox, "feature_x1_sq").setChecked(True)
    assert window.session.feature_names == ["x2", "x1_sq"]
    assert not error.isVisible()


def test_invalid_learning_rate_is_refused_with_a_reason(window):
    set_learning_rate(window, "50")
    error = window.findChild(object, "learningRateError")
    assert error.isVisible() and "between" in error.text()
    assert window.session.trainer.optimizer.learning_rate == pytest.approx(0.03)
    set_learning_rate(window, "0.1")
    assert not error.isVisible()
    assert window.session.trainer.optimizer.learning_rate == pytest.approx(0.1)


def test_output_activation_refills_the_losses(window):
    out = window.findChild(QComboBox, "outputActivationCombo")
    loss = window.findChild(QComboBox, "lossCombo")
    out.setCurrentIndex(out.findData("sigmoid"))
    assert {loss.itemData(k) for k in range(loss.count())} == {"squared_error",
                                                             "binary_cross_entropy"}
    out.setCurrentIndex(out.findData("softmax"))
    assert [loss.itemData(k) for k in range(loss.count())] == ["softmax_cross_entropy"]
    assert window.session.network.sizes[-1] == 2  # one output per class
    assert window.session.network.loss_name == "softmax_cross_entropy"


def test_three_classes_force_softmax(window):
    data = window.findChild(QComboBox, "datasetCombo")
    data.setCurrentIndex(data.findData("gauss3"))
    out = window.findChild(QComboBox, "outputActivationCombo")
    assert out.currentData() == "softmax" and not out.isEnabled()
    assert window.session.network.sizes[-1] == 3
    assert window.session.network.activation_names[-1] == "softmax"


def test_batch_size_is_bounded_by_the_training_set(window):
    batch = window.findChild(QSpinBox, "batchSizeSpin")
    assert batch.maximum() == len(window.session.trainer.train.x) == 250
    share = window.findChild(QSpinBox, "trainShareSpin")
    share.setValue(20)
    assert batch.maximum() == len(window.session.trainer.train.x) == 100
    batch.setValue(30)  # applies live: same weights, same epoch
    session = window.session
    assert session.trainer.batch_size == 30


# -- the network view ----------------------------------------------------------------
def test_hovered_weight_equals_the_engine_weight(window):
    action(window, "actionStep").trigger()
    view = window.network_view
    view.hover_link(1, 2, 1)
    text = view.link_weight_text(1, 2, 1)
    engine = window.session.network.W[1][2, 1]
    assert float(text) == pytest.approx(engine, rel=1e-3, abs=1e-4)
    assert text in view.hover_text()


def test_editing_a_weight_by_click_changes_the_engine(window, monkeypatch):
    view = window.network_view
    monkeypatch.setattr(view, "_ask_value", lambda title, current: 1.2345)
    view.click_link(0, 1, 2)
    assert window.session.network.W[0][1, 2] == 1.2345
    assert float(view.link_weight_text(0, 1, 2)) == pytest.approx(1.2345, rel=1e-3)
    monkeypatch.setattr(view, "_ask_value", lambda title, current: -0.75)
    view.click_bias(2, 0)
    assert window.session.network.b[2][0] == -0.75


def test_editing_a_weight_while_training(window, qtbot, monkeypatch):
    view = window.network_view
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: epoch_of(window) > 2, timeout=10_000)
    monkeypatch.setattr(view, "_ask_value", lambda title, current: 7.5)
    view.click_link(1, 0, 0)  # queued; the worker applies it between chunks
    action(window, "actionPlay").trigger()
    assert abs(window.session.network.W[1][0, 0] - 7.5) < 1.0  # moved only a little since


# -- threads, errors, shutdown ---------------------------------------------------------
def test_closing_during_training_is_quick_and_leaves_no_thread(qtbot):
    window = make_window(qtbot)
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: epoch_of(window) > 2, timeout=10_000)
    t0 = time.perf_counter()
    window.close()
    assert time.perf_counter() - t0 < 1.0
    assert not window.controller._thread.isRunning()


def test_worker_exception_shows_a_message_and_the_window_survives(window, qtbot, monkeypatch):
    def boom(n: int) -> int:
        raise RuntimeError("boom in the engine")

    window.controller.set_training_process(False)  # the patch reaches this process only
    monkeypatch.setattr(window.session.trainer, "run_steps", boom)
    action(window, "actionPlay").trigger()
    banner = window.findChild(object, "messageBanner")
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=5000)
    assert "boom in the engine" in window.banner.message()
    assert "RuntimeError" in window.banner.message()
    qtbot.waitUntil(lambda: not action(window, "actionPlay").isChecked(), timeout=5000)
    assert window.isVisible()
    monkeypatch.undo()
    action(window, "actionStep").trigger()  # still usable
    assert epoch_of(window) == 1


def test_divergence_shows_the_diverged_message(qtbot):
    window = make_window(qtbot, regression_experiment())
    set_learning_rate(window, "10")
    assert window.session.trainer.optimizer.learning_rate == 10
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "diverged" in window.banner.message().lower()
    # The worker stops first; the Play button follows when its runningChanged signal arrives.
    qtbot.waitUntil(lambda: not window.is_running()
                    and not action(window, "actionPlay").isChecked(), timeout=5000)
    action(window, "actionReset").trigger()  # Reset recovers (with a lower rate)
    assert not window.banner.isVisible()
    window.close()


def test_learning_rate_changes_live_without_reset(window, qtbot):
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: epoch_of(window) > 3, timeout=10_000)
    session = window.session
    epoch = epoch_of(window)
    set_learning_rate(window, "0.3")
    qtbot.waitUntil(lambda: session.trainer.optimizer.learning_rate == 0.3, timeout=5000)
    assert window.session is session and epoch_of(window) >= epoch
    assert window.is_running()
    action(window, "actionPlay").trigger()


# -- status bar -------------------------------------------------------------------------
def test_status_labels_show_the_right_numbers(window):
    for _ in range(3):
        action(window, "actionStep").trigger()
    h = window.session.trainer.history
    assert numbers(window.findChild(object, "epochLabel").text()) == [3]
    train, test = numbers(window.findChild(object, "lossLabel").text())
    assert train == pytest.approx(h.train_loss[-1], rel=2e-3, abs=1e-3)
    assert test == pytest.approx(h.test_loss[-1], rel=2e-3, abs=1e-3)
    acc = window.findChild(object, "accuracyLabel")
    assert acc.isVisible()
    assert numbers(acc.text()) == pytest.approx([100 * h.train_accuracy[-1],
                                                 100 * h.test_accuracy[-1]], abs=0.06)


def test_accuracy_is_hidden_for_regression(qtbot):
    window = make_window(qtbot, regression_experiment())
    assert not window.findChild(object, "accuracyLabel").isVisible()
    window.close()


# -- files ---------------------------------------------------------------------------------
def test_a_failed_open_keeps_the_current_experiment(window, tmp_path):
    pytest.importorskip("bplab.experiment.io")
    bad = tmp_path / "bad.json"
    bad.write_text("{ this is not json")
    session = window.session
    assert not window.open_file(str(bad))
    assert window.session is session
    assert window._dialog is not None and "bad.json" in window._dialog.text()
    window._dialog.close()


def test_save_then_open_restores_weights_and_epoch(window, tmp_path):
    pytest.importorskip("bplab.experiment.io")
    for _ in range(2):
        action(window, "actionStep").trigger()
    path = str(tmp_path / "run.json")
    assert window.save_file(path)
    weights = [w.copy() for w in window.session.network.W]
    action(window, "actionNew").trigger()
    assert epoch_of(window) == 0
    assert window.open_file(path)
    assert epoch_of(window) == 2
    for a, b in zip(weights, window.session.network.W, strict=True):
        np.testing.assert_allclose(a, b)


# -- screenshots ---------------------------------------------------------------------------
def test_run_gui_screenshot_writes_a_png(tmp_path, qapp):
    path = tmp_path / "s.png"
    assert run_gui(screenshot=str(path), epochs=20) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1600, 1000)


def test_run_gui_with_a_bad_file_exits_with_2(tmp_path, qapp, capsys):
    pytest.importorskip("bplab.experiment.io")
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert run_gui(str(bad), screenshot=str(tmp_path / "x.png")) == 2
    assert "bad.json" in capsys.readouterr().err


# -- more of the form ------------------------------------------------------------------------
def test_set_experiment_fills_the_form_without_emitting(qtbot):
    from bplab.gui.form import ArchitectureForm

    form = ArchitectureForm()
    qtbot.addWidget(form)
    emitted = []
    form.experimentChanged.connect(lambda exp, rebuild: emitted.append(rebuild))
    exp = regression_experiment()
    exp.architecture.hidden = [5, 3, 2]
    exp.architecture.activations = ["relu", "tanh", "sigmoid"]
    exp.training.learning_rate = 0.3
    form.set_experiment(exp)
    assert emitted == []
    assert form.findChild(QComboBox, "datasetCombo").currentData() == "plane"
    assert form.findChild(QSpinBox, "layer3NeuronsSpin").value() == 2
    assert form.findChild(QComboBox, "layer2ActivationCombo").currentData() == "tanh"
    assert form.findChild(QComboBox, "learningRateCombo").currentText() == "0.3"
    assert form.experiment().architecture.hidden == [5, 3, 2]
    form.findChild(QSpinBox, "layer1NeuronsSpin").setValue(6)
    assert emitted == [True]
    form.findChild(QSpinBox, "batchSizeSpin").setValue(20)
    assert emitted == [True, False]  # training settings apply without new weights


def test_optimizer_and_regularization_apply_without_reset(window):
    action(window, "actionStep").trigger()
    session = window.session
    weights = [w.copy() for w in session.network.W]
    combo = window.findChild(QComboBox, "optimizerCombo")
    combo.setCurrentIndex(combo.findData("adam"))
    assert window.session is session and session.trainer.epoch == 1
    assert type(session.trainer.optimizer).__name__ == "Adam"
    for a, b in zip(weights, session.network.W, strict=True):
        np.testing.assert_array_equal(a, b)
    window.findChild(object, "optimizerParam_beta1").setValue(0.8)
    assert session.trainer.optimizer.hyper["beta1"] == pytest.approx(0.8)
    reg = window.findChild(QComboBox, "regularizationCombo")
    reg.setCurrentIndex(reg.findData("l2"))
    window.findChild(object, "regularizationRateSpin").setValue(0.01)
    assert session.trainer.regularization == "l2"
    assert session.trainer.regularization_rate == pytest.approx(0.01)
    action(window, "actionStep").trigger()
    assert session.trainer.epoch == 2


# -- settings --------------------------------------------------------------------------------
def test_settings_stay_out_of_the_users_config():
    import os
    import tempfile

    from PySide6.QtCore import QSettings

    where = QSettings("bplab", "bplab").fileName()
    assert where.startswith(os.environ["XDG_CONFIG_HOME"])  # set by conftest
    assert where.startswith(tempfile.gettempdir())


def test_geometry_and_splitters_are_remembered(qtbot):
    first = MainWindow(default_experiment())
    qtbot.addWidget(first)
    first.show()
    first.resize(777, 555)  # within the offscreen screen (800×800)
    first.main_splitter.setSizes([150, 250])
    sizes = first.main_splitter.sizes()
    first.close()
    second = MainWindow(default_experiment())
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (777, 555)
    assert second.main_splitter.sizes() == sizes
    second.close()


def test_space_toggles_play_and_ctrl_z_undoes(window, qtbot):
    window.activateWindow()
    window.network_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    assert window.is_running()
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    assert not window.is_running()
    qtbot.mouseClick(window.findChild(QPushButton, "addLayerButton"), Qt.MouseButton.LeftButton)
    assert len(window.session.network.sizes) == 5
    qtbot.keyClick(window.network_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.network.sizes) == 4
    qtbot.keyClick(window.network_view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.session.network.sizes) == 5


def test_new_data_is_offered_only_for_data_that_can_be_redrawn(qtbot) -> None:
    from PySide6.QtGui import QAction

    from bplab.experiment import examples_dir, load_experiment
    from bplab.gui.main_window import MainWindow

    window = MainWindow(load_experiment(examples_dir() / "article-xor.json"),
                        remember_layout=False)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "actionRegenerate")
    assert not action.isEnabled()
    window.load_experiment(load_experiment(examples_dir() / "circle.json"))
    assert action.isEnabled()
    window.setWindowModified(False)


def test_a_worker_that_does_not_pause_leaves_the_session_alone(window, qtbot, monkeypatch,
                                                               tmp_path):
    """After the pause timeout nothing is replaced, trained or saved, and the user is told."""
    import threading

    tr, session = window.session.trainer, window.session
    entered, release = threading.Event(), threading.Event()
    run_steps = tr.run_steps

    def stuck(n: int) -> int:  # deaf to the stop flag until released
        entered.set()
        release.wait(10)
        return run_steps(n)

    window.controller.set_training_process(False)  # the patch reaches this process only
    monkeypatch.setattr(tr, "run_steps", stuck)
    errors = []
    monkeypatch.setattr(window, "_show_error", lambda title, text: errors.append(text))
    window.controller.pause_timeout_ms = 50
    action(window, "actionPlay").trigger()
    assert entered.wait(5)
    for name in ("actionReset", "actionRegenerate", "actionStep", "actionNew"):
        window.banner.hide()
        window.setWindowModified(False)  # New asks nothing
        action(window, name).trigger()
        assert window.session is session and tr.epoch == 0, name
        assert "did not pause" in window.banner.message(), name
    assert not window.save_file(str(tmp_path / "x.bplab.json"))
    assert not (tmp_path / "x.bplab.json").exists() and "did not pause" in errors[-1]
    release.set()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=5000)
    action(window, "actionReset").trigger()
    assert window.session is not session


def status_figures(window: MainWindow) -> tuple[list[float], list[float]]:
    loss = numbers(window.findChild(object, "lossLabel").text())
    acc = numbers(window.findChild(object, "accuracyLabel").text())
    return loss, acc


def assert_status_describes_the_network(window: MainWindow) -> None:
    now = window.session.trainer.evaluate()
    loss, acc = status_figures(window)
    assert loss == pytest.approx([now["train_loss"], now["test_loss"]], rel=2e-3, abs=1e-4)
    assert acc == pytest.approx([100 * now["train_accuracy"], 100 * now["test_accuracy"]],
                                abs=0.06)


def test_status_describes_the_network_after_an_edit_by_hand(window, monkeypatch):
    for _ in range(20):
        action(window, "actionStep").trigger()
    before = window.session.trainer.history.train_accuracy[-1]
    assert before > 0.8
    view, net = window.network_view, window.session.network
    monkeypatch.setattr(view, "_ask_value", lambda title, current: -50.0)
    view.click_bias(net.n_layers - 1, 0)  # the output bias: every point becomes −1
    assert_status_describes_the_network(window)
    _, acc = status_figures(window)
    assert acc[0] < 60 and acc[0] != pytest.approx(100 * before, abs=0.06)
    assert np.all(window.last_snapshot.grids[-1] < 0)  # the boundary is all −1 as well
    assert window.last_snapshot.measured_now
    assert "shown now" in window.findChild(object, "accuracyLabel").toolTip()


def test_status_describes_the_network_after_apply_this_step(qtbot):
    exp = default_experiment()
    exp.training.learning_rate = 1.0  # one step moves the loss visibly
    window = make_window(qtbot, exp)
    action(window, "actionStep").trigger()
    window.inspect()
    assert window.inspector.apply()
    assert window.session.trainer.position > 0  # between epochs: no history entry for it
    assert_status_describes_the_network(window)
    loss, _ = status_figures(window)
    assert loss[0] != pytest.approx(window.session.trainer.history.train_loss[-1], rel=2e-3)
    window.close()


def test_divergence_after_an_edit_by_hand_blames_the_edit(qtbot, monkeypatch):
    exp = Experiment(data=DataSpec(generator="plane"),
                     architecture=Architecture(hidden=[4, 2], activations=["linear", "linear"],
                                               output_activation="linear"))
    window = make_window(qtbot, exp)
    window.controller.run_epochs_now(5)
    view = window.network_view
    monkeypatch.setattr(view, "_ask_value", lambda title, current: 1e6)
    view.click_link(1, 0, 0)
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    text = window.banner.message()
    assert "diverged" in text and "set by hand to 1e+06 at epoch 5" in text
    assert "learning rate (" not in text  # not blamed: it never changed
    qtbot.waitUntil(lambda: not window.is_running(), timeout=5000)
    window.close()


def test_divergence_without_an_edit_blames_the_learning_rate(qtbot):
    exp = default_experiment()
    exp.architecture.activations = ["relu", "relu"]
    exp.architecture.output_activation = "linear"
    window = make_window(qtbot, exp)
    window.controller.run_epochs_now(2)
    window.controller.edit_weight(0, 0, 0, 0.1)  # harmless: the loss stays normal
    window.controller.run_epochs_now(1)
    set_learning_rate(window, "10")
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.is_running(), timeout=5000)
    assert "learning rate (10) is probably too high" in window.banner.message()
    assert "by hand" not in window.banner.message()
    # The accuracy of NaN outputs is chance, not a result: it is not shown as one.
    qtbot.waitUntil(lambda: window.last_snapshot.status == "diverged", timeout=5000)
    acc = window.findChild(object, "accuracyLabel").text()
    assert numbers(acc) == [] and "diverged" in acc
    window.close()


def test_a_rebuild_while_training_says_so_and_keeps_playing(window, qtbot):
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: epoch_of(window) > 3, timeout=10_000)
    old = window.session
    qtbot.mouseClick(window.findChild(QPushButton, "addLayerButton"), Qt.MouseButton.LeftButton)
    assert window.session is not old and window.session.network.sizes == [2, 4, 2, 2, 1]
    assert window.is_running() and action(window, "actionPlay").isChecked()
    notice = window.findChild(object, "statusNotice")
    assert "epoch 0" in notice.text() and notice.isVisible()
    assert window.findChild(object, "epochLabel").isVisible()  # the figures stay in view
    qtbot.waitUntil(lambda: epoch_of(window) > 1, timeout=10_000)  # the new net trains
    action(window, "actionPlay").trigger()
    assert not window.is_running()
    # Paused after some training: a rebuild still says where training stands.
    notice.clear()
    qtbot.mouseClick(window.findChild(QPushButton, "removeLayerButton"),
                     Qt.MouseButton.LeftButton)
    assert not window.is_running() and "epoch 0" in notice.text()


def test_a_refused_learning_rate_leaves_the_rate_in_force_in_the_field(window, qtbot):
    """Typing 50 used to leave "50" (and its error) in the field through a rebuild while
    training went on at 0.03: fields show the value in force."""
    combo = window.findChild(QComboBox, "learningRateCombo")
    error = window.findChild(object, "learningRateError")
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "50")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert window.session.trainer.optimizer.learning_rate == pytest.approx(0.03)
    assert float(combo.currentText()) == pytest.approx(0.03)  # the rate in force
    assert error.isVisible() and "50" in error.text() and "0.03" in error.text()
    data = window.findChild(QComboBox, "datasetCombo")
    data.setCurrentIndex(data.findData("spiral"))  # a rebuild
    assert float(combo.currentText()) == pytest.approx(
        window.session.trainer.optimizer.learning_rate)
    assert float(combo.currentText()) == pytest.approx(
        window.session.experiment.training.learning_rate)
    assert not error.isVisible()  # the refusal is history once another edit is accepted


def test_a_setting_the_trainer_refuses_is_not_left_in_the_form(window, monkeypatch):
    def refuse(settings):
        raise ValueError("no such thing")

    monkeypatch.setattr(window.controller, "apply_training_settings", refuse)
    batch = window.findChild(QSpinBox, "batchSizeSpin")
    before = window.session.trainer.batch_size
    batch.setValue(before + 3)
    assert "no such thing" in window.banner.message()
    assert batch.value() == before == window.session.trainer.batch_size


def test_the_articles_xor_says_all_points_train_and_has_no_test_toggle(qtbot):
    from bplab.experiment import examples_dir, load_experiment

    exp = load_experiment(examples_dir() / "article-xor.json")
    window = make_window(qtbot, exp)
    share = window.findChild(QSpinBox, "trainShareSpin")
    note = window.findChild(object, "splitNote")
    assert not share.isVisibleTo(window)  # no disabled "50 %" that means nothing here
    assert note.isVisibleTo(window) and note.text() == "all 4 points train"
    show_test = window.findChild(QCheckBox, "showTestCheck")
    assert not show_test.isEnabled() and "no test set" in show_test.toolTip()
    data = window.findChild(QComboBox, "datasetCombo")
    data.setCurrentIndex(data.findData("circle"))
    assert share.isVisibleTo(window) and share.isEnabled() and not note.isVisibleTo(window)
    assert show_test.isEnabled()
    window.setWindowModified(False)
    window.close()


def test_the_speed_shows_a_figure_as_soon_as_one_exists(window, qtbot):
    """A frame without the worker's figure used to turn the label back to "Starting…"."""
    import dataclasses

    label = window.findChild(object, "speedLabel")
    window.play()
    assert label.text() == "Starting…"  # running, nothing measured yet (not "Paused")
    qtbot.waitUntil(lambda: window.last_snapshot is not None
                    and window.last_snapshot.step > 0, timeout=5000)
    snap = window.last_snapshot
    window._on_snapshot(dataclasses.replace(snap, steps_per_second=0.0))
    assert "steps/s" in label.text() and numbers(label.text().replace(",", ""))[0] > 0
    window.pause()
    assert label.text() == "Paused"


def test_the_speed_is_measured_when_no_frame_brings_a_figure():
    from bplab.gui.status import SpeedMeter

    meter = SpeedMeter()
    meter.started(100, 10.0)
    assert meter.text(True, 0.0, 100, 10.5) == "Starting…"
    assert meter.text(True, 0.0, 400, 11.0) == "300 steps/s"  # 300 steps in one second
    assert meter.text(True, 0.0, 400, 12.0) == "300 steps/s"  # the figure stands
    assert meter.text(True, 1234.0, 900, 12.5) == "1,234 steps/s"  # the worker's, when given
    assert meter.text(False, 0.0, 900, 13.0) == "Paused"
