"""Drawing data on the boundary view with the mouse: points, spray, removal, Clear, undo and
redo, live training, and files that bring the drawn points back exactly (offscreen Qt)."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import Answers, no_modal_dialogs, open_window  # noqa: F401 (a fixture)
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSpinBox, QToolButton

from bplab.experiment import load_experiment
from bplab.experiment.drawn import DrawnPoints
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def drawing_window(qtbot) -> MainWindow:
    window = open_window(qtbot)
    qtbot.waitExposed(window)
    window.drawing.action.trigger()  # Draw data: on
    settle()
    assert window.drawing.panel.isVisible()
    return window


def pixel_of(window: MainWindow, x: float, y: float) -> QPoint:
    """Where the data point (x, y) is in the boundary view's viewport."""
    widget = window.boundary_view.plot_widget()
    scene = window.boundary_view.plot_item().vb.mapViewToScene(QPointF(x, y))
    return widget.mapFromScene(scene)


def mouse(window: MainWindow, kind: QEvent.Type, at: QPoint,
          button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    viewport = window.boundary_view.plot_widget().viewport()
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    event = QMouseEvent(kind, QPointF(at), viewport.mapToGlobal(QPointF(at)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def click(window: MainWindow, x: float, y: float,
          button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    at = pixel_of(window, x, y)
    mouse(window, QEvent.Type.MouseButtonPress, at, button)
    mouse(window, QEvent.Type.MouseButtonRelease, at, button)


def drawn(window: MainWindow) -> DrawnPoints:
    found = DrawnPoints.of_experiment(window.session.experiment)
    assert found is not None
    return found


def choose_class(window: MainWindow, k: int) -> None:
    window.findChild(QToolButton, f"drawClass{k}").click()


def test_a_click_adds_a_point_of_the_chosen_class_and_undo_takes_it_back(qtbot):
    window = drawing_window(qtbot)
    n = len(window.session.dataset.y)
    choose_class(window, 1)
    click(window, 2.0, -3.0)
    points = drawn(window)
    assert len(points) == n + 1 and points.y[-1] == 1
    np.testing.assert_allclose(points.x[-1], [2.0, -3.0], atol=0.1)  # a pixel or so
    assert window.session.experiment.data.source == "points"
    assert window.isWindowModified()
    window.action_undo.trigger()
    assert window.session.experiment.data.source == "generator"  # the circle again
    assert len(window.session.dataset.y) == n
    window.action_redo.trigger()
    assert len(drawn(window)) == n + 1 and drawn(window).y[-1] == 1


def test_a_drag_sprays_points_as_one_step_and_a_right_click_removes_the_nearest(qtbot):
    window = drawing_window(qtbot)
    window.drawing.clear()
    assert window.drawing.is_empty()
    choose_class(window, 0)
    steps = window.undo_stack.count()
    mouse(window, QEvent.Type.MouseButtonPress, pixel_of(window, -3.0, 0.0))
    for x in np.linspace(-3.0, 3.0, 25):
        mouse(window, QEvent.Type.MouseMove, pixel_of(window, x, 0.0))
    mouse(window, QEvent.Type.MouseButtonRelease, pixel_of(window, 3.0, 0.0))
    sprayed = drawn(window)
    assert len(sprayed) > 10  # one at the press, then one every few pixels
    assert (np.abs(sprayed.x[:, 1]) < 1.0).all() and (sprayed.y == 0).all()  # near the pen
    assert window.undo_stack.count() == steps + 1  # the whole stroke is one step
    target = sprayed.x[5]
    click(window, *target, button=Qt.MouseButton.RightButton)
    after = drawn(window)
    assert len(after) == len(sprayed) - 1
    assert not any(np.array_equal(row, target) for row in after.x)
    click(window, 5.5, 5.5, button=Qt.MouseButton.RightButton)  # nothing near: nothing gone
    assert len(drawn(window)) == len(after)
    window.action_undo.trigger()
    assert len(drawn(window)) == len(sprayed)


def test_clear_empties_the_drawing_and_nothing_trains_until_a_point_comes(qtbot):
    window = drawing_window(qtbot)
    n = len(window.session.dataset.y)
    window.findChild(QToolButton, "drawClearButton").click()
    assert window.drawing.is_empty()
    assert window.boundary_view.train_scatter().data.size == 0
    window.action_play.trigger()
    assert not window.is_running() and not window.action_play.isChecked()
    assert "no points" in window.banner.message()
    assert not window.save_file("unused.bplab.json")
    window.action_undo.trigger()  # the points are back
    assert not window.drawing.is_empty() and len(window.session.dataset.y) == n
    window.action_redo.trigger()
    choose_class(window, 1)
    click(window, 1.0, 1.0)
    assert not window.drawing.is_empty() and len(drawn(window)) == 1
    assert "Only class 1 has points" in window.banner.message()


def test_drawing_a_new_class_grows_the_output_and_says_which_class_has_no_point(qtbot):
    window = drawing_window(qtbot)
    assert window.session.network.sizes[-1] == 1  # two classes: one tanh output
    choose_class(window, 2)
    click(window, 0.0, 4.0)
    assert window.session.network.sizes[-1] == 3
    assert window.session.network.activation_names[-1] == "softmax"
    assert window.findChild(QToolButton, "drawClass3").isVisible()  # a further new class
    choose_class(window, 4)
    click(window, 0.0, -4.0)  # class 3 is skipped
    assert window.session.network.sizes[-1] == 5
    assert "Class 3 has no points" in window.banner.message()


def test_points_drawn_while_training_keep_the_weights_and_training_goes_on(qtbot):
    window = drawing_window(qtbot)
    n = len(window.session.dataset.y)
    window.controller.run_epochs_now(5)
    window.play()
    qtbot.waitUntil(lambda: window.session.trainer.epoch > 6, timeout=10000)
    choose_class(window, 1)
    click(window, 0.5, 0.5)
    session = window.session
    assert len(drawn(window)) == n + 1 and window.is_running()  # still training
    epoch = session.trainer.epoch
    assert epoch > 6  # where the old session was: the weights went on
    qtbot.waitUntil(lambda: session.trainer.epoch > epoch + 2, timeout=10000)
    window.pause()
    assert session.trainer.history.epoch[0] == 0  # the same run, not a new one
    assert session.trainer.epoch > 8


@pytest.mark.usefixtures("no_modal_dialogs")
def test_drawn_points_round_trip_exactly_through_save_and_open(qtbot, tmp_path):
    window = drawing_window(qtbot)
    window.drawing.clear()
    rng = np.random.default_rng(5)
    for k in range(3):
        centre = np.array([np.cos(2.1 * k), np.sin(2.1 * k)]) * 3.3
        choose_class(window, k)
        for p in centre + rng.normal(scale=0.7, size=(6, 2)):
            click(window, *p)
    points = drawn(window)
    assert len(points) == 18 and points.n_classes == 3
    path = str(tmp_path / "drawn.bplab.json")
    assert window.save_file(path)
    saved = load_experiment(path).data.points
    assert np.array_equal(saved.x, points.x) and np.array_equal(saved.y, points.y)
    assert np.array_equal(saved.is_train, points.is_train)
    other = open_window(qtbot)
    Answers(other)
    assert other.open_file(path)
    again = DrawnPoints.of_experiment(other.session.experiment)
    assert np.array_equal(again.x, points.x) and np.array_equal(again.y, points.y)
    assert np.array_equal(again.is_train, points.is_train)
    assert np.array_equal(other.session.train_set.x, window.session.train_set.x)


def test_the_train_share_splits_drawn_points_afresh(qtbot):
    window = drawing_window(qtbot)
    click(window, 1.0, 1.0)
    share = window.findChild(QSpinBox, "trainShareSpin")
    assert share.isVisible() and share.isEnabled()
    share.setValue(80)
    marks = drawn(window).is_train
    assert marks.sum() == round(0.8 * len(marks))
    note = window.findChild(object, "splitNote")
    assert note.text() == f"{marks.sum()} train · {len(marks) - marks.sum()} test"
    window.action_undo.trigger()
    assert drawn(window).is_train.sum() == round(0.5 * len(marks))


def test_draw_mode_needs_a_plane(qtbot):
    from bplab.data import Dataset
    from bplab.experiment.adapt import experiment_for_points

    window = drawing_window(qtbot)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    exp = experiment_for_points(window.session.experiment,
                                Dataset(x, (x[:, 0] > 0).astype(np.int64), "classification", 2))
    assert window.load_experiment(exp)
    assert not window.drawing.action.isEnabled() and not window.drawing.action.isChecked()
    assert not window.drawing.panel.isVisible()


def test_regression_points_take_the_chosen_value(qtbot):
    from PySide6.QtWidgets import QDoubleSpinBox

    from bplab.experiment import DataSpec, Experiment
    from bplab.experiment.adapt import fit_output_to_data

    exp = Experiment(data=DataSpec(generator="plane", n_points=100))
    fit_output_to_data(exp)
    window = open_window(qtbot, exp)
    qtbot.waitExposed(window)
    window.drawing.action.trigger()
    settle()
    value = window.findChild(QDoubleSpinBox, "drawValueSpin")
    assert value.isVisible() and not window.findChild(QToolButton, "drawClass0").isVisible()
    value.setValue(2.5)
    click(window, -1.0, 2.0)
    points = drawn(window)
    assert points.task == "regression" and points.y[-1] == 2.5 and len(points) == 101
    assert window.session.network.sizes[-1] == 1


def test_the_batch_size_comes_back_as_the_drawing_grows(qtbot):
    window = drawing_window(qtbot)
    batch = window.findChild(QSpinBox, "batchSizeSpin")
    assert batch.value() == 10
    window.drawing.clear()
    click(window, 1.0, 1.0)  # one training point: the form shows a batch of 1
    assert batch.value() == 1
    window.drawing.add_points([(x, 0.5 * x) for x in np.linspace(-4, 4, 40)], 0)
    assert batch.value() == 10 and window.session.trainer.batch_size == 10
    batch.setValue(3)  # chosen, not clipped: it stays
    window.drawing.add_points([(0.0, 3.0)], 1)
    assert batch.value() == 3
