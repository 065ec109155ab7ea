"""The figures beyond the loss, in the window: confusion matrices, R² and RMSE, accuracy over
epochs, the hidden space, and the boundary of data with more than two inputs (offscreen Qt)."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import make_window
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from bplab.data import Dataset
from bplab.experiment import DataSpec, Experiment, default_experiment
from bplab.experiment.adapt import experiment_for_points, fit_output_to_data
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def spiral() -> Experiment:
    exp = Experiment(data=DataSpec(generator="spiral", n_classes=3, n_points=300, noise=0.1,
                                   features=["x1", "x2", "x1_x2", "sin_x1", "sin_x2"]))
    exp.architecture.hidden = [8, 6]
    exp.architecture.activations = ["tanh", "tanh"]
    exp.training.optimizer, exp.training.learning_rate = "adam", 0.02
    fit_output_to_data(exp)
    return exp


def combo(window: MainWindow, name: str) -> QComboBox:
    found = window.findChild(QComboBox, name)
    assert found is not None, name
    return found


def predicted(window: MainWindow, x: np.ndarray) -> np.ndarray:
    """Classes the network predicts for raw points, straight from predict."""
    s = window.session
    out = s.network.predict(s.inputs(x))
    return out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > 0).astype(int)


def test_the_confusion_matrix_equals_one_counted_from_predict(qtbot):
    window = make_window(qtbot, spiral())
    window.controller.run_epochs_now(30)
    view = window.findChild(object, "confusionMatrix")
    assert view.metrics() is None  # not shown: not computed
    window.figure_tabs.show_page("confusion")
    settle()
    s = window.session
    for split, part in (("train", s.train_set), ("test", s.test_set)):
        expected = np.zeros((3, 3), int)
        np.add.at(expected, (part.y, predicted(window, part.x)), 1)
        np.testing.assert_array_equal(view.counts(split), expected)
        np.testing.assert_allclose(view.per_class(split), np.diag(expected) / expected.sum(1))
        accuracy = np.trace(expected) / expected.sum()
        assert f"{100 * accuracy:.1f}%" in view.summary(split)
    window.setWindowModified(False)
    window.close()


def test_the_confusion_matrix_follows_training_live(qtbot):
    window = make_window(qtbot, spiral())
    window.figure_tabs.show_page("confusion")
    settle()
    view = window.figure_tabs.confusion
    first = view.metrics()
    window.play()
    qtbot.waitUntil(lambda: view.metrics() is not first and window.session.trainer.epoch > 3,
                    timeout=10000)
    window.pause()
    settle()
    s = window.session
    expected = np.zeros((3, 3), int)
    np.add.at(expected, (s.train_set.y, predicted(window, s.train_set.x)), 1)
    np.testing.assert_array_equal(view.counts("train"), expected)  # the final frame's
    window.setWindowModified(False)
    window.close()


def test_regression_shows_r2_and_rmse(qtbot):
    exp = Experiment(data=DataSpec(generator="plane", n_points=200, noise=0.1))
    fit_output_to_data(exp)
    window = make_window(qtbot, exp)
    window.controller.run_epochs_now(10)
    tabs = window.figure_tabs
    assert tabs.tabText(1) == "R² and RMSE" and tabs.show_score.text() == "R²"
    tabs.show_page("confusion")
    settle()
    s = window.session
    y = s.test_set.y
    y_hat = s.network.predict(s.inputs(s.test_set.x))[:, 0]
    r2 = 1 - np.sum((y - y_hat) ** 2) / np.sum((y - y.mean()) ** 2)
    rmse = np.sqrt(np.mean((y - y_hat) ** 2))
    text = tabs.confusion.summary("test")
    assert f"R² {r2:.3f}" in text and f"RMSE {rmse:.4g}" in text
    assert tabs.confusion.counts("test") is None
    window.setWindowModified(False)
    window.close()


def test_accuracy_over_epochs_is_plotted_under_the_loss_on_demand(qtbot):
    window = make_window(qtbot, spiral())
    window.controller.run_epochs_now(12)
    window.flush_views()
    plot = window.figure_tabs.score_plot
    check = window.findChild(QCheckBox, "showScoreCheck")
    assert check.isVisible() and not plot.isVisible()
    check.click()
    settle()
    assert plot.isVisible() and plot.geometry().top() > window.loss_plot.geometry().top()
    h = window.session.trainer.history
    epochs, train, test = plot.data()
    np.testing.assert_array_equal(epochs, h.epoch)
    np.testing.assert_array_equal(train, h.train_accuracy)
    np.testing.assert_array_equal(test, h.test_accuracy)
    window.setWindowModified(False)
    window.close()


def test_the_score_plot_is_made_when_first_asked_for_and_follows_the_loss_axis(qtbot):
    import pyqtgraph as pg

    window = make_window(qtbot, spiral())
    window.controller.run_epochs_now(12)
    window.flush_views()
    score = window.figure_tabs.score_plot
    assert score.findChild(pg.PlotWidget) is None  # not asked for: not made
    window.findChild(QCheckBox, "showScoreCheck").click()
    settle()
    widget = score.findChild(pg.PlotWidget)
    assert widget is not None and widget.isVisible() and widget.height() > 50
    item = score.plot_item()
    assert item.getViewBox().linkedView(0) is window.loss_plot.plot_item().getViewBox()
    assert item.getAxis("left").labelText == "accuracy"
    x, _y = item.listDataItems()[0].getData()
    np.testing.assert_array_equal(x, score.data()[0])
    assert len(x) > 1
    window.setWindowModified(False)
    window.close()


def test_the_hidden_space_shows_the_engines_activations_of_the_chosen_neurons(qtbot):
    window = make_window(qtbot, spiral())
    window.controller.run_epochs_now(10)
    window.figure_tabs.show_page("hidden")
    settle()
    view = window.findChild(object, "hiddenSpaceView")
    assert view.points().shape == (len(window.session.train_set.y), 2)  # principal components
    combo(window, "hiddenLayerCombo").setCurrentIndex(1)  # layer 2
    combo(window, "hiddenAxesCombo").setCurrentIndex(1)  # two neurons
    combo(window, "hiddenNeuronXCombo").setCurrentIndex(4)
    combo(window, "hiddenNeuronYCombo").setCurrentIndex(2)
    settle()
    s = window.session
    h = s.network.forward(s.inputs(s.train_set.x)).h[2]
    np.testing.assert_array_equal(view.points(), h[:, [4, 2]])
    assert view.plot_item().getAxis("bottom").labelText == "h2,5"
    window.controller.run_epochs_now(3)  # and it follows training
    h = s.network.forward(s.inputs(s.train_set.x)).h[2]
    np.testing.assert_array_equal(view.points(), h[:, [4, 2]])
    window.figure_tabs.show_page("loss")
    assert window.controller.requests.request.hidden is None  # hidden: not computed
    window.setWindowModified(False)
    window.close()


def test_the_hidden_space_makes_its_plot_when_first_shown(qtbot):
    """A plot is a noticeable share of the window's start-up and most sessions never open
    this page: it has none until shown, then draws the layer asked for."""
    import pyqtgraph as pg

    window = make_window(qtbot, spiral())
    view = window.figure_tabs.hidden_space
    assert view.findChild(pg.PlotWidget) is None
    window.figure_tabs.show_page("hidden")
    settle()
    plot = view.findChild(pg.PlotWidget)
    assert plot is not None and plot.isVisible()
    assert plot.getPlotItem() is view.plot_item()
    assert view.points().shape == (len(window.session.train_set.y), 2)
    window.setWindowModified(False)
    window.close()


def test_the_boundary_of_four_inputs_shows_a_chosen_pair_with_the_others_at_their_mean(qtbot):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(160, 4)) * [1, 2, 3, 4] + [0, 1, 2, 3]
    y = (x[:, 0] - x[:, 2] > -2).astype(np.int64)
    ds = Dataset(x, y, "classification", 2, columns=("a", "b", "c", "d"))
    window = make_window(qtbot, experiment_for_points(default_experiment(), ds))
    window.controller.run_epochs_now(5)
    settle()
    bv = window.boundary_view
    assert bv.isVisible() and not window.findChild(object, "boundaryNote").isVisible()
    assert "other inputs at their mean" in bv.title()
    chooser = window.pair_chooser
    assert chooser.isVisible()
    combo(window, "pairXCombo").setCurrentIndex(2)  # c …
    combo(window, "pairYCombo").setCurrentIndex(0)  # … against a
    settle()
    assert chooser.pair() == (2, 0)
    grid = window.session.pair_grid((2, 0))
    np.testing.assert_array_equal(bv.image_item().image, grid.values[0])
    assert bv.plot_item().getAxis("bottom").labelText == "c"
    assert bv.plot_item().getAxis("left").labelText == "a"
    means = window.session.train_set.x.mean(axis=0)
    note = chooser.held.text()
    assert f"b = {means[1]:.4g}" in note and f"d = {means[3]:.4g}" in note and "a =" not in note
    np.testing.assert_array_equal(bv.train_scatter().getData()[0],
                                  window.session.train_set.x[:, 2])
    combo(window, "pairYCombo").setCurrentIndex(2)  # the same column twice: they swap
    assert chooser.pair() == (0, 2)
    window.setWindowModified(False)
    window.close()
