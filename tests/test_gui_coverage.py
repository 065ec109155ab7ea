"""Main-window features that other GUI tests leave open, each checked against the engine.

Architecture changes while training runs, the speed label, every form field,
legends and colour bars, data-set previews, and a large net (offscreen Qt).
"""

from __future__ import annotations

import itertools
import re
import time

import numpy as np
import pyqtgraph as pg
import pytest
from gui_helpers import make_window
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QPushButton, QSpinBox

from bplab.data import GENERATORS
from bplab.engine import LOSSES, OPTIMIZERS, valid_losses
from bplab.experiment import default_experiment
from bplab.gui.main_window import MainWindow
from bplab.gui.views import LossPlot

pytestmark = pytest.mark.gui
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


# -- helpers ----------------------------------------------------------------------------


@pytest.fixture
def window(qtbot):
    w = make_window(qtbot)
    yield w
    w.close()


def child(window: MainWindow, cls: type, name: str):
    found = window.findChild(cls, name)
    assert found is not None, name
    return found


def choose(combo: QComboBox, key: str) -> None:
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)


def weights(window: MainWindow) -> list[np.ndarray]:
    net = window.session.network
    return [a.copy() for a in (*net.W, *net.b)]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(
        x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def expected_counts(sizes: list[int]) -> tuple[int, int]:
    return sum(sizes), sum(a * b for a, b in itertools.pairwise(sizes))


def epoch_of(window: MainWindow) -> int:
    return window.session.trainer.epoch


def play_until(window: MainWindow, qtbot, epochs: int) -> None:
    window.action_play.trigger()
    assert window.is_running()
    qtbot.waitUntil(lambda: epoch_of(window) >= epochs, timeout=10_000)


def speed_number(text: str) -> float | None:
    match = NUMBER.search(text)
    return float(match.group().replace(",", "")) if match and "steps/s" in text else None


def scene_items(view, cls: type) -> list:
    """Graphics items of type ``cls`` in the pyqtgraph canvas of a view."""
    canvas = view.findChild(pg.GraphicsView)
    assert canvas is not None
    return [item for item in canvas.scene().items() if isinstance(item, cls)]


def legend_labels(plot: LossPlot) -> list[str]:
    plot.curves()  # draws held-back points (and the legend change with them)
    legend = plot.plot_item().legend
    return [label.text for _sample, label in legend.items]


class RecordingPainter(QPainter):
    """A painter that remembers the strings it draws."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args: object) -> None:
        self.texts += [a for a in args if isinstance(a, str)]
        super().drawText(*args)


# -- 1. architecture changes while training ------------------------------------------------
def _add_layer(window: MainWindow) -> None:
    button = child(window, QPushButton, "addLayerButton")
    button.click()


def _neurons(window: MainWindow) -> None:
    child(window, QSpinBox, "layer1NeuronsSpin").setValue(6)


def _activation(window: MainWindow) -> None:
    choose(child(window, QComboBox, "layer2ActivationCombo"), "relu")


def _dataset(window: MainWindow) -> None:
    choose(child(window, QComboBox, "datasetCombo"), "gauss3")


def _feature(window: MainWindow) -> None:
    child(window, QCheckBox, "feature_x1_sq").setChecked(True)


@pytest.mark.parametrize(("change", "sizes", "activations"), [
    (_add_layer, [2, 4, 2, 2, 1], ["tanh", "tanh", "tanh", "tanh"]),
    (_neurons, [2, 6, 2, 1], ["tanh", "tanh", "tanh"]),
    (_activation, [2, 4, 2, 1], ["tanh", "relu", "tanh"]),
    (_dataset, [2, 4, 2, 3], ["tanh", "tanh", "softmax"]),
    (_feature, [3, 4, 2, 1], ["tanh", "tanh", "tanh"]),
], ids=["add-layer", "neurons", "activation", "dataset", "feature"])
def test_architecture_change_while_training(qtbot, change, sizes, activations):
    window = make_window(qtbot)
    old = window.session
    play_until(window, qtbot, 3)
    change(window)

    # The old session is left alone; the new one trains on, and the status bar says so.
    assert window.is_running() and window.action_play.isChecked()
    assert old.trainer.stop.is_set()
    assert "epoch 0" in child(window, object, "statusNotice").text()
    old_epoch = old.trainer.epoch
    s = window.session
    assert s is not old
    window.action_play.trigger()  # paused: the views can be compared with the session
    assert not window.is_running()
    # A new session with what the form says, restarted from epoch 0, shown by every view.
    assert s.network.sizes == sizes
    assert s.network.activation_names == activations
    form = window.form.experiment()
    assert s.network.sizes[1:-1] == form.architecture.hidden
    assert s.feature_names == form.data.features
    view = window.network_view
    assert (view.node_count(), view.link_count()) == expected_counts(sizes)
    qtbot.waitUntil(lambda: window.last_snapshot.step == s.trainer.step, timeout=5000)
    snap = window.last_snapshot
    assert snap.epoch == s.trainer.epoch
    assert [w.shape for w in snap.weights] == list(itertools.pairwise(sizes))
    epochs = list(window.loss_plot.data()[0])
    assert epochs[0] == 0.0 and epochs == sorted(epochs)  # the curve started over
    assert child(window, object, "speedLabel").text() == "Paused"

    # Training goes on, on the new session only.
    window.action_play.trigger()
    assert window.is_running()
    epoch = s.trainer.epoch
    qtbot.waitUntil(lambda: epoch_of(window) >= epoch + 2
                    and window.last_snapshot.epoch >= epoch + 1, timeout=10_000)
    assert window.session is s and old.trainer.epoch == old_epoch
    assert [w.shape for w in window.last_snapshot.weights] == list(itertools.pairwise(sizes))
    window.action_play.trigger()
    assert not window.is_running()
    window.close()
    assert not window.controller._thread.isRunning()


def test_undo_while_training_rebuilds_and_keeps_playing(window, qtbot):
    play_until(window, qtbot, 2)
    _add_layer(window)
    assert window.is_running()
    qtbot.waitUntil(lambda: epoch_of(window) >= 2, timeout=10_000)
    window.action_undo.trigger()
    assert window.is_running()
    assert window.session.network.sizes == [2, 4, 2, 1]
    assert window.network_view.link_count() == expected_counts([2, 4, 2, 1])[1]


# -- 2. the speed label ---------------------------------------------------------------------
def test_speed_label_shows_steps_per_second(window, qtbot):
    label = child(window, object, "speedLabel")
    assert label.text() == "Paused"  # nothing runs yet
    t0, step0 = time.perf_counter(), window.session.trainer.step
    window.action_play.trigger()
    # (a paced run's first frame reports no speed yet: wait for one that does)
    qtbot.waitUntil(lambda: (speed_number(label.text()) or 0) > 0
                    and window.figures_snapshot.steps_per_second > 0, timeout=10_000)
    shown = speed_number(label.text())
    measured = (window.session.trainer.step - step0) / (time.perf_counter() - t0)
    # The figures of a frame shown (while training, at most ten times a second).
    assert shown == pytest.approx(round(window.figures_snapshot.steps_per_second), abs=1)
    # The same order of magnitude as the steps really taken (loose: machines vary).
    assert measured / 20 < shown < measured * 20
    window.action_play.trigger()
    assert label.text() == "Paused"
    qtbot.waitUntil(lambda: window.last_snapshot.step == window.session.trainer.step,
                    timeout=5000)  # the pause's final frame must not bring a number back
    assert label.text() == "Paused"


# -- 3. form fields -------------------------------------------------------------------------
def test_zeros_initializer(window):
    choose(child(window, QComboBox, "initializerCombo"), "zeros")
    assert window.session.experiment.training.initializer == "zeros"
    params = weights(window)
    assert params and all(not p.any() for p in params)
    assert float(window.network_view.link_weight_text(0, 1, 2)) == 0.0


def test_article_initializer_draws_standard_normals_in_order(window):
    child(window, QSpinBox, "weightSeedSpin").setValue(1234)
    choose(child(window, QComboBox, "initializerCombo"), "article")
    net = window.session.network
    rs = np.random.RandomState(1234)
    for n_in, n_out, W, b in zip(net.sizes, net.sizes[1:], net.W, net.b, strict=False):
        np.testing.assert_array_equal(W, rs.randn(n_in, n_out))
        np.testing.assert_array_equal(b, rs.randn(n_out))


def test_noise_changes_the_points(window):
    choose(child(window, QComboBox, "datasetCombo"), "gauss")
    x0 = window.session.dataset.x.copy()
    child(window, QSpinBox, "noiseSpin").setValue(40)
    s = window.session
    assert s.experiment.data.noise == pytest.approx(0.4)
    assert s.dataset.x.shape == x0.shape and not np.array_equal(s.dataset.x, x0)

    def spread(x: np.ndarray) -> float:  # distance from the nearer cluster centre (±2, ±2)
        return float(np.mean(np.minimum(np.hypot(*(x - 2).T), np.hypot(*(x + 2).T))))

    assert spread(s.dataset.x) > 1.5 * spread(x0)  # more noise, wider clusters


def test_data_seed_changes_the_points_not_the_weights(window):
    x0, w0 = window.session.dataset.x.copy(), weights(window)
    spin = child(window, QSpinBox, "dataSeedSpin")
    spin.setValue(spin.value() + 7)
    s = window.session
    assert s.experiment.data.seed == spin.value()
    assert s.dataset.x.shape == x0.shape and not np.array_equal(s.dataset.x, x0)
    assert same(weights(window), w0)


def test_weight_seed_changes_the_weights_not_the_points(window):
    x0, w0 = window.session.dataset.x.copy(), weights(window)
    spin = child(window, QSpinBox, "weightSeedSpin")
    spin.setValue(spin.value() + 7)
    assert window.session.experiment.training.seed == spin.value()
    assert np.array_equal(window.session.dataset.x, x0)
    after = weights(window)
    assert [a.shape for a in after] == [a.shape for a in w0] and not same(after, w0)


@pytest.mark.parametrize("share", [10, 30, 90])
def test_train_share_sets_the_split(window, share):
    child(window, QSpinBox, "trainShareSpin").setValue(share)
    s = window.session
    n = len(s.dataset.y)
    assert len(s.train_set.y) == len(s.trainer.train.x) == round(n * share / 100)
    assert len(s.test_set.y) == len(s.trainer.test.x) == n - round(n * share / 100)
    assert child(window, QSpinBox, "batchSizeSpin").maximum() == len(s.train_set.y)


def test_batch_size_applies_without_reset(window, qtbot):
    for _ in range(2):
        window.action_step.trigger()
    session, w0 = window.session, weights(window)
    child(window, QSpinBox, "batchSizeSpin").setValue(25)
    assert window.session is session
    assert session.trainer.batch_size == 25 and session.trainer.epoch == 2
    assert same(weights(window), w0)
    step0 = session.trainer.step
    window.action_step.trigger()
    assert session.trainer.step - step0 == len(session.trainer.train.x) // 25  # 250 / 25


def test_batch_size_while_training_keeps_running(window, qtbot):
    play_until(window, qtbot, 3)
    session = window.session
    child(window, QSpinBox, "batchSizeSpin").setValue(50)
    assert window.session is session and window.is_running()
    assert session.trainer.batch_size == 50 and session.trainer.epoch >= 3
    window.action_play.trigger()


def test_regularization_settings_follow(window):
    window.action_step.trigger()
    session = window.session
    reg = child(window, QComboBox, "regularizationCombo")
    rate = child(window, QDoubleSpinBox, "regularizationRateSpin")
    assert not rate.isEnabled()  # "none": no rate to set
    choose(reg, "l1")
    assert rate.isEnabled()
    rate.setValue(0.005)
    assert window.session is session and session.trainer.epoch == 1
    assert session.trainer.regularization == "l1"
    assert session.trainer.regularization_rate == pytest.approx(0.005)
    assert session.experiment.training.regularization == "l1"  # what a save writes
    choose(reg, "l2")
    assert session.trainer.regularization == "l2"
    assert session.trainer.regularization_rate == pytest.approx(0.005)
    choose(reg, "none")
    assert session.trainer.regularization == "none" and not rate.isEnabled()


def test_every_optimizer_applies(window):
    combo = child(window, QComboBox, "optimizerCombo")
    assert {combo.itemData(k) for k in range(combo.count())} == set(OPTIMIZERS)
    session = window.session
    for name, cls in OPTIMIZERS.items():
        choose(combo, name)
        assert type(session.trainer.optimizer) is cls, name
        assert session.experiment.training.optimizer == name
        assert session.trainer.optimizer.learning_rate == pytest.approx(0.03)
    assert window.session is session


def test_loss_list_offers_only_valid_pairs(window):
    out = child(window, QComboBox, "outputActivationCombo")
    loss = child(window, QComboBox, "lossCombo")
    for k in range(out.count()):
        act = out.itemData(k)
        out.setCurrentIndex(k)
        offered = [loss.itemData(i) for i in range(loss.count())]
        assert offered == valid_losses(act), act
        assert [loss.itemText(i) for i in range(loss.count())] == [
            LOSSES[n].label for n in offered]
        for i in range(loss.count()):
            loss.setCurrentIndex(i)
            net = window.session.network
            assert (net.activation_names[-1], net.loss_name) == (act, loss.itemData(i))


def test_multiclass_data_forces_softmax_and_back(window):
    data = child(window, QComboBox, "datasetCombo")
    out = child(window, QComboBox, "outputActivationCombo")
    loss = child(window, QComboBox, "lossCombo")
    choose(data, "gauss3")
    assert [out.itemData(k) for k in range(out.count())] == ["softmax"]
    assert not out.isEnabled()
    assert [loss.itemData(k) for k in range(loss.count())] == valid_losses("softmax")
    net = window.session.network
    assert net.sizes[-1] == 3 and net.activation_names[-1] == "softmax"
    assert net.loss_name in valid_losses("softmax")
    note = child(window, object, "outputNote")
    assert "3 classes" in note.text()
    choose(data, "circle")  # two classes: every output is allowed again
    assert out.isEnabled() and out.count() > 1
    assert window.session.network.sizes[-1] == 2  # softmax kept: one output per class


def test_training_settings_survive_a_rebuild(window):
    lr = child(window, QComboBox, "learningRateCombo")
    lr.setEditText("0.1")
    lr.lineEdit().editingFinished.emit()
    choose(child(window, QComboBox, "optimizerCombo"), "adam")
    child(window, QDoubleSpinBox, "optimizerParam_beta1").setValue(0.7)
    child(window, QSpinBox, "batchSizeSpin").setValue(33)
    choose(child(window, QComboBox, "regularizationCombo"), "l2")
    child(window, QDoubleSpinBox, "regularizationRateSpin").setValue(0.01)
    old = window.session
    _add_layer(window)
    tr = window.session.trainer
    assert window.session is not old and window.session.network.sizes == [2, 4, 2, 2, 1]
    assert type(tr.optimizer) is OPTIMIZERS["adam"]
    assert tr.optimizer.learning_rate == pytest.approx(0.1)
    assert tr.optimizer.hyper["beta1"] == pytest.approx(0.7)
    assert tr.batch_size == 33
    assert (tr.regularization, tr.regularization_rate) == ("l2", pytest.approx(0.01))


def test_undo_of_a_weight_seed_restores_the_same_weights(window):
    w0 = weights(window)
    spin = child(window, QSpinBox, "weightSeedSpin")
    seed = spin.value()
    spin.setValue(seed + 77)
    assert not same(weights(window), w0)
    window.action_undo.trigger()
    assert spin.value() == seed and same(weights(window), w0)
    window.action_redo.trigger()
    assert spin.value() == seed + 77 and not same(weights(window), w0)


# -- 4. legends and colour bars ---------------------------------------------------------------
def test_loss_legend_names_the_curves(window, qtbot):
    assert legend_labels(window.loss_plot) == ["Train loss", "Test loss"]
    plot = LossPlot()
    qtbot.addWidget(plot)
    assert legend_labels(plot) == ["Train loss"]  # no test value yet: not named
    plot.append(np.array([1.0]), np.array([0.5]), np.array([np.nan]))
    assert legend_labels(plot) == ["Train loss"]
    plot.append(np.array([2.0]), np.array([0.4]), np.array([0.45]))
    assert legend_labels(plot) == ["Train loss", "Test loss"]
    plot.clear_history()
    assert legend_labels(plot) == ["Train loss"]


def test_loss_legend_without_a_test_set(qtbot):
    exp = default_experiment()
    exp.data.generator = "article_xor"  # trains on all four points
    window = make_window(qtbot, exp)
    window.action_step.trigger()
    assert window.session.trainer.test is None
    assert legend_labels(window.loss_plot) == ["Train loss"]
    window.close()


def test_network_legend_shows_the_scale_and_width_note(window):
    from PySide6.QtWidgets import QGraphicsWidget

    view = window.network_view
    candidates = [item for item in scene_items(view, QGraphicsWidget)
                  if type(item).__name__ == "Legend"]
    assert len(candidates) == 1
    legend = candidates[0]
    assert legend.isVisible() and legend.size().height() > 10
    vb_rect = view.view_box().sceneBoundingRect()
    assert legend.sceneBoundingRect().top() >= vb_rect.bottom() - 1  # below the network
    image = QImage(int(legend.size().width()), int(legend.size().height()),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = RecordingPainter(image)
    legend.paint(painter, None, None)
    painter.end()
    text = " ".join(painter.texts)
    assert any(t in painter.texts for t in ("−1", "-1")) and "+1" in painter.texts
    assert "width" in text and "|w|" in text
    colours = {image.pixelColor(x, y).rgb() for x in range(0, image.width(), 3)
               for y in range(image.height())}
    assert len(colours) > 20  # a colour ramp was drawn, not just text


def _colour_bar(window: MainWindow) -> pg.ColorBarItem:
    bars = scene_items(window.boundary_view, pg.ColorBarItem)
    assert len(bars) == 1
    return bars[0]


@pytest.mark.parametrize(("out", "loss", "levels"), [
    ("tanh", "squared_error", (-1.0, 1.0)),
    ("sigmoid", "binary_cross_entropy", (0.0, 1.0)),
])
def test_colour_bar_levels_follow_the_output(qtbot, out, loss, levels):
    exp = default_experiment()
    if out != "tanh":  # start elsewhere, so the bar must change to get there
        exp.architecture.output_activation, exp.training.loss = out, loss
    window = make_window(qtbot, exp)
    combo = child(window, QComboBox, "outputActivationCombo")
    other = "sigmoid" if out == "tanh" else "tanh"
    choose(combo, other)
    choose(combo, out)
    assert window.session.network.activation_names[-1] == out
    bar = _colour_bar(window)
    assert bar.isVisible()
    assert tuple(bar.levels()) == pytest.approx(levels)
    assert tuple(window.boundary_view.image_item().levels) == pytest.approx(levels)
    window.action_step.trigger()  # a rebuild of the same output keeps them
    child(window, QSpinBox, "weightSeedSpin").setValue(99)
    assert tuple(bar.levels()) == pytest.approx(levels)
    assert tuple(window.boundary_view.image_item().levels) == pytest.approx(levels)
    window.close()


def test_colour_bar_of_a_regression_spans_the_labels(window):
    choose(child(window, QComboBox, "datasetCombo"), "plane")
    s = window.session
    assert s.dataset.task == "regression"
    ys = np.concatenate([s.train_set.y, s.test_set.y])
    bar = _colour_bar(window)
    assert tuple(bar.levels()) == pytest.approx((ys.min(), ys.max()))
    choose(child(window, QComboBox, "datasetCombo"), "gauss3")
    assert not bar.isVisible()  # softmax: classes are coloured, there is no scale
    choose(child(window, QComboBox, "datasetCombo"), "circle")
    choose(child(window, QComboBox, "outputActivationCombo"), "tanh")
    assert bar.isVisible() and tuple(bar.levels()) == pytest.approx((-1.0, 1.0))


def test_boundary_axes_are_in_data_units(window):
    view = window.boundary_view
    plot = view.plot_item()
    assert plot.getAxis("bottom").labelText == "x₁"
    assert plot.getAxis("left").labelText == "x₂"
    p = window.session.plane
    img = view.image_item()
    rect = img.mapRectToParent(img.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx(
        (p.xmin, p.xmax, p.ymin, p.ymax))
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    assert x0 <= p.xmin + 1e-6 and x1 >= p.xmax - 1e-6
    assert y0 <= p.ymin + 1e-6 and y1 >= p.ymax - 1e-6
    assert max(x1 - x0, y1 - y0) < 2 * (p.xmax - p.xmin)  # framed on the plane
    assert plot.getAxis("bottom").range == pytest.approx([x0, x1])


# -- 5. data-set previews ----------------------------------------------------------------------
def _icon_image(combo: QComboBox, k: int) -> QImage:
    icon = combo.itemIcon(k)
    assert not icon.isNull(), combo.itemData(k)
    image = icon.pixmap(combo.iconSize()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull() and image.width() > 0
    return image


def test_dataset_previews(window):
    combo = child(window, QComboBox, "datasetCombo")
    keys = [combo.itemData(k) for k in range(combo.count())]
    assert set(GENERATORS) <= set(keys)
    images = {}
    for k, key in enumerate(keys):
        image = _icon_image(combo, k)
        colours = {image.pixelColor(x, y).rgb() for x in range(image.width())
                   for y in range(image.height())}
        assert len(colours) > 3, key  # points drawn, not a blank square
        images[key] = image
    assert images["circle"] != images["xor"]
    for a, b in itertools.combinations(images, 2):
        assert images[a] != images[b], (a, b)


# -- 6. a large net --------------------------------------------------------------------------
def test_large_net_builds_renders_and_zooms(qtbot):
    exp = default_experiment()
    exp.architecture.hidden = [64, 64, 64]
    exp.architecture.activations = ["relu"] * 3
    window = make_window(qtbot, exp)
    view = window.network_view
    sizes = [2, 64, 64, 64, 1]
    assert window.session.network.sizes == sizes
    assert (view.node_count(), view.link_count()) == expected_counts(sizes)
    window.action_step.trigger()  # a big net: the Step goes on in the worker
    qtbot.waitUntil(lambda: window.last_snapshot is not None
                    and window.last_snapshot.epoch == 1, timeout=20_000)
    snap = window.last_snapshot
    assert snap.epoch == 1 and len(snap.grids) == len(sizes)
    view.update_snapshot(snap)
    assert view.link_weight_text(2, 63, 5) == f"{window.session.network.W[2][63, 5]:.4g}"
    assert view.node_image(3, 63).isVisible()
    picture = view.grab().toImage()
    assert not picture.isNull() and picture.width() > 100
    vb = view.view_box()
    qtbot.waitExposed(window)
    view.fit()  # the whole net, as a resize would refit it
    (x0, x1), (y0, y1) = vb.viewRange()
    cells = view.node_image(2, 10).image.shape
    vb.scaleBy((0.5, 0.5))
    (a0, a1), (b0, b1) = vb.viewRange()
    assert (a1 - a0) == pytest.approx((x1 - x0) / 2, rel=0.05)
    assert (b1 - b0) == pytest.approx((y1 - y0) / 2, rel=0.05)
    assert (a0 + a1) / 2 == pytest.approx((x0 + x1) / 2, abs=1e-6 * (x1 - x0))
    view.grab()  # still renders zoomed in
    # Zoomed in, the node thumbnails get more cells (they were coarse while tiny).
    assert view.node_image(2, 10).image.shape[0] > cells[0]
    view.fit()
    (c0, c1), _ = vb.viewRange()
    assert (c1 - c0) == pytest.approx(x1 - x0, rel=0.05)  # and fits back
    window.close()

