"""The three views fed with real sessions and snapshots (offscreen Qt)."""

from __future__ import annotations

import itertools
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox

from bplab.experiment import Session, default_experiment
from bplab.experiment.snapshot import take_snapshot
from bplab.gui.views import BoundaryView, LossPlot, NetworkView
from bplab.gui.views.colors import NEGATIVE, POSITIVE, weight_colors

pytestmark = pytest.mark.gui

SEVEN = ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]


def make_session(hidden=(4, 2), act="tanh", features=None, out="tanh", loss="squared_error",
                 generator="circle") -> Session:
    exp = default_experiment()
    exp.architecture.hidden = list(hidden)
    exp.architecture.activations = [act] * len(hidden)
    exp.architecture.output_activation = out
    exp.training.loss = loss
    exp.data.generator = generator
    if features:
        exp.data.features = list(features)
    return Session(exp)


def network_view(qtbot, session: Session) -> NetworkView:
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    net = session.network
    view.set_architecture(net.sizes, session.feature_names, net.activation_names)
    return view


def boundary_view(qtbot, session: Session) -> BoundaryView:
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    arch, ds = session.experiment.architecture, session.dataset
    view.set_plane(session.plane, ds.task, ds.n_classes, arch.output_activation,
                   arch.activations, session.feature_names)
    view.set_points(session.train_set.x, session.train_set.y, session.test_set.x,
                    session.test_set.y)
    return view


# -- network view ----------------------------------------------------------------
@pytest.mark.parametrize(("sizes", "nodes", "links"), [
    ([2, 2, 1], 5, 6),
    ([7, 8, 8, 1], 24, 7 * 8 + 8 * 8 + 8),
    ([2, *[8] * 6, 1], 2 + 48 + 1, 16 + 5 * 64 + 8),
    ([2, 64, 64, 3], 133, 128 + 64 * 64 + 192),
])
def test_counts_per_architecture(qtbot, sizes, nodes, links):
    view = NetworkView()
    qtbot.addWidget(view)
    view.set_architecture(sizes, ["x1", "x2"], ["relu"] * (len(sizes) - 2) + ["sigmoid"])
    assert view.node_count() == nodes
    assert view.link_count() == links
    assert view.objectName() == "networkView"


def test_rebuilding_replaces_items(qtbot):
    view = NetworkView()
    qtbot.addWidget(view)
    view.set_architecture([7, 8, 8, 1], SEVEN, ["tanh"] * 3)
    n_items = len(view.view_box().addedItems)
    view.set_architecture([2, 2, 1], ["x1", "x2"], ["tanh"] * 2)
    view.set_architecture([7, 8, 8, 1], SEVEN, ["tanh"] * 3)
    assert len(view.view_box().addedItems) == n_items


def test_weight_text_follows_the_engine(qtbot):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    w = s.network.W
    for layer, i, j in [(0, 0, 0), (0, 1, 3), (1, 2, 1), (2, 1, 0)]:
        assert view.link_weight_text(layer, i, j) == f"{w[layer][i, j]:.4g}"
    before = view.link_weight_text(0, 1, 3)
    view.hover_link(0, 1, 3)
    assert before in view.hover_text()
    s.trainer.run_epochs(3)
    view.update_snapshot(take_snapshot(s, 0))
    after = view.link_weight_text(0, 1, 3)
    assert after == f"{s.network.W[0][1, 3]:.4g}" != before
    assert after in view.hover_text() and before not in view.hover_text()  # live while hovered
    view.leave()
    assert view.hover_text() == ""


def test_update_creates_no_items(qtbot):
    s = make_session(hidden=(8, 8), features=SEVEN)
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    items = list(view.view_box().addedItems)
    image = view.node_image(1, 3)
    for _ in range(3):
        s.trainer.run_epochs(1)
        view.update_snapshot(take_snapshot(s, 0))
    assert view.view_box().addedItems == items
    assert view.node_image(1, 3) is image


def test_click_link_and_bias_emit_edits(qtbot, monkeypatch):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    asked = []

    def fake_ask(title, current):
        asked.append((title, current))
        return 0.75

    monkeypatch.setattr(view, "_ask_value", fake_ask)
    with qtbot.waitSignal(view.weightEdited, timeout=1000) as sig:
        view.click_link(1, 3, 1)
    assert sig.args == [1, 3, 1, 0.75]
    assert asked[-1][1] == pytest.approx(s.network.W[1][3, 1])
    with qtbot.waitSignal(view.biasEdited, timeout=1000) as sig:
        view.click_bias(2, 0)
    assert sig.args == [2, 0, 0.75]
    assert asked[-1][1] == pytest.approx(s.network.b[2][0])
    with pytest.raises(IndexError):
        view.click_link(0, 2, 0)  # the 2-4-2-1 net has no input 2


def test_cancelled_edit_emits_nothing(qtbot, monkeypatch):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    monkeypatch.setattr(view, "_ask_value", lambda title, current: None)
    with qtbot.assertNotEmitted(view.weightEdited), qtbot.assertNotEmitted(view.biasEdited):
        view.click_link(0, 0, 0)
        view.click_bias(0, 0)


def test_node_hover_signals(qtbot):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    with qtbot.waitSignal(view.nodeHovered, timeout=1000) as sig:
        view.hover_node(1, 2)
    assert sig.args == [1, 2]
    assert "Layer 1 · neuron 3" in view.hover_text()
    with qtbot.waitSignal(view.nodeLeft, timeout=1000):
        view.hover_link(0, 0, 0)
    view.hover_bias(1, 1)
    assert f"{s.network.b[1][1]:.4g}" in view.hover_text()


def test_mouse_over_a_link_and_a_node(qtbot):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    qtbot.waitExposed(view)
    qtbot.wait(20)  # let the deferred fit run
    from pyqtgraph import GraphicsView

    glw = view.findChild(GraphicsView)
    vb = view.view_box()

    def move_to(x: float, y: float) -> None:
        qtbot.wait(25)  # pyqtgraph drops moves closer than 10 ms to the previous one
        scene = vb.mapViewToScene(QPointF(x, y))
        QTest.mouseMove(glw.viewport(), glw.mapFromScene(scene))

    move_to(*view._layout.link_midpoint(1, 2, 0))
    assert view.link_weight_text(1, 2, 0) in view.hover_text()
    with qtbot.waitSignal(view.nodeHovered, timeout=1000) as sig:
        move_to(*view._layout.centers[2][1])
    assert sig.args == [2, 1]


def test_huge_net_builds_fast_and_draws_the_strongest_links(qtbot):
    from bplab.gui.views.network_view import LINK_LIMIT
    from bplab.gui.worker import make_snapshot

    s = make_session(hidden=[256] * 10, act="relu", features=SEVEN)
    sizes = s.network.sizes
    total = sum(a * b for a, b in itertools.pairwise(sizes))
    snap = make_snapshot(s, 0, 0.0)
    start = time.perf_counter()
    view = network_view(qtbot, s)
    view.update_snapshot(snap)
    view.grab()
    built = time.perf_counter() - start
    frames = []
    for _ in range(3):
        start = time.perf_counter()
        view.update_snapshot(snap)
        view.flush()
        view.grab()
        frames.append(time.perf_counter() - start)
    print(f"\n10×256 net: built in {built:.2f} s, frame {1000 * min(frames):.1f} ms")
    assert built < 10.0
    assert view.link_count() == total > LINK_LIMIT
    assert view.drawn_link_count() <= LINK_LIMIT
    note = view.link_note()
    assert f"{LINK_LIMIT:,}" in note and f"{total:,}" in note
    assert not view.has_thumbnails()  # thousands of nodes: plain ones
    # The strongest link is drawn and hoverable; a weak one is not drawn.
    w = [np.abs(x) for x in s.network.W]
    layer = 5
    i, j = np.unravel_index(np.argmax(w[layer]), w[layer].shape)
    view.link_style(layer, int(i), int(j))
    from bplab.gui.views import network_layout as nl

    lay = view._layout
    k = lay.link_flat(layer, int(i), int(j))
    x, y = lay.link_midpoint(layer, int(i), int(j))
    assert nl.nearest_link(lay, x, y, 1e-3, view._drawn) == k  # the mouse finds it
    view.hover_link(layer, int(i), int(j))
    assert view.link_weight_text(layer, int(i), int(j)) in view.hover_text()
    i, j = np.unravel_index(np.argmin(w[layer]), w[layer].shape)
    with pytest.raises(ValueError, match="not drawn"):
        view.link_style(layer, int(i), int(j))


def test_small_nets_draw_every_link_without_a_note(qtbot):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    assert view.drawn_link_count() == view.link_count()
    assert view.link_note() == "" and view.has_thumbnails()


def test_link_colours_and_widths(qtbot):
    s = make_session()
    W = s.network.W
    W[0][0, :] = [2.0, 0.5, 0.3, 0.0]
    W[0][1, :] = [-2.0, -0.5, -0.3, 0.0]
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))

    def bluish(c: QColor) -> bool:
        return c.blue() > c.red() + 30

    def orangish(c: QColor) -> bool:
        return c.red() > c.blue() + 30

    for j in range(3):
        assert bluish(view.link_style(0, 0, j)[0]), j
        assert orangish(view.link_style(0, 1, j)[0]), j
    grey = view.link_style(0, 0, 3)[0]
    assert abs(grey.red() - grey.blue()) < 30  # zero is neither orange nor blue
    widths = [view.link_style(0, 0, j)[1] for j in (3, 2, 1, 0)]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    assert view.link_style(0, 1, 0)[1] == view.link_style(0, 0, 0)[1]  # by |w|
    assert bluish(QColor(*weight_colors(np.array([1.0]))[0][:3].tolist()))
    assert QColor(POSITIVE).blue() > QColor(NEGATIVE).blue()


def test_node_heatmaps_use_fixed_levels(qtbot):
    s = make_session(hidden=(4,), act="relu", out="sigmoid", loss="binary_cross_entropy")
    view = network_view(qtbot, s)
    snap = take_snapshot(s, 0)
    view.update_snapshot(snap)
    out = view.node_image(2, 0)
    assert out.isVisible()
    np.testing.assert_array_equal(out.image, snap.grids[2][0])
    assert tuple(out.levels) == (0.0, 1.0)
    lo, hi = view.node_image(1, 0).levels  # relu: symmetric, from the data
    assert lo == -hi and hi > 0
    rect = out.mapRectToParent(out.boundingRect())
    assert rect.width() == pytest.approx(view._layout.node_size)


def test_non_2d_data_shows_plain_nodes(qtbot):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0, with_grids=False))
    assert not view.node_image(1, 0).isVisible()
    view.update_snapshot(take_snapshot(s, 0))
    assert view.node_image(1, 0).isVisible()


def test_snapshot_of_another_architecture_is_ignored(qtbot):
    s = make_session()
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    text = view.link_weight_text(0, 0, 0)
    other = make_session(hidden=(3,))
    view.update_snapshot(take_snapshot(other, 0))
    assert view.link_weight_text(0, 0, 0) == text


# -- boundary view ---------------------------------------------------------------
def test_boundary_image_is_the_output_grid(qtbot):
    s = make_session()
    s.trainer.run_epochs(2)
    view = boundary_view(qtbot, s)
    snap = take_snapshot(s, 0)
    view.update_snapshot(snap)
    img = view.image_item()
    np.testing.assert_array_equal(img.image, snap.grids[-1][0])
    assert tuple(img.levels) == (-1.0, 1.0)
    rect = img.mapRectToParent(img.boundingRect())
    p = s.plane
    assert (rect.left(), rect.right()) == pytest.approx((p.xmin, p.xmax))
    assert (rect.top(), rect.bottom()) == pytest.approx((p.ymin, p.ymax))
    assert view.objectName() == "boundaryView"


def test_boundary_neuron_and_back(qtbot):
    s = make_session()
    view = boundary_view(qtbot, s)
    snap = take_snapshot(s, 0)
    view.update_snapshot(snap)
    view.show_neuron(1, 2)
    assert view.title() == "Layer 1 · neuron 3"
    np.testing.assert_array_equal(view.image_item().image, snap.grids[1][2])
    view.show_output()
    assert view.title() == "Network output"
    np.testing.assert_array_equal(view.image_item().image, snap.grids[-1][0])


def test_test_points_checkbox_and_discretize(qtbot):
    s = make_session()
    view = boundary_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    check = view.findChild(QCheckBox, "showTestCheck")
    assert view.test_scatter().isVisible()
    assert len(view.test_scatter().data) == len(s.test_set.y)
    check.setChecked(False)
    assert not view.test_scatter().isVisible()
    check.setChecked(True)
    assert view.test_scatter().isVisible()
    view.findChild(QCheckBox, "discretizeCheck").setChecked(True)
    assert set(np.unique(view.image_item().image)) <= {-1.0, 1.0}


def test_boundary_sigmoid_softmax_and_regression(qtbot):
    s = make_session(out="sigmoid", loss="binary_cross_entropy")
    view = boundary_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    assert tuple(view.image_item().levels) == (0.0, 1.0)

    s = make_session(out="softmax", loss="softmax_cross_entropy", generator="gauss3")
    view = boundary_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    rgba = view.class_image_item()
    assert rgba.isVisible() and not view.image_item().isVisible()
    assert rgba.image.shape == (100, 100, 4)

    s = make_session(out="linear", generator="plane")
    view = boundary_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    ys = np.concatenate([s.train_set.y, s.test_set.y])
    assert tuple(view.image_item().levels) == pytest.approx((ys.min(), ys.max()))
    assert not view.findChild(QCheckBox, "discretizeCheck").isEnabled()


# -- loss plot ----------------------------------------------------------------------
def test_loss_memory_stays_bounded(qtbot, monkeypatch):
    monkeypatch.setattr(LossPlot, "CAP", 1000)
    plot = LossPlot()
    qtbot.addWidget(plot)
    rng = np.random.default_rng(1)
    total = 0
    for _ in range(2000):
        m = int(rng.integers(0, 9))
        e = np.arange(total + 1, total + m + 1, dtype=float)
        plot.append(e, 1 / e, np.full(m, np.nan))
        total += m
        assert plot.buffer_length() <= LossPlot.CAP
    epochs, train, _ = plot.data()
    kept = epochs[:-1] if epochs[-1] != epochs[-2] + plot.stride else epochs
    np.testing.assert_array_equal(kept, 1 + np.arange(len(kept)) * plot.stride)
    assert epochs[-1] == total  # the newest point is always drawn
    np.testing.assert_allclose(train, 1 / epochs)
    assert plot.stride > 1 and plot.point_count() <= LossPlot.CAP


def test_loss_million_epochs(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    for start in range(0, 1_000_000, 20_000):
        e = np.arange(start + 1, start + 20_001, dtype=float)
        plot.append(e, 1 / np.sqrt(e), 1.1 / np.sqrt(e))
    assert plot.buffer_length() <= LossPlot.CAP
    assert plot.data()[0][-1] == 1_000_000


def test_loss_log_scale_and_nan_test(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    assert plot.objectName() == "lossPlot"
    e = np.arange(1.0, 51.0)
    plot.set_history(e, 1 / e, np.full(50, np.nan))
    train, test = plot.curves()
    assert len(train.getData()[0]) == 50
    assert test.getData()[0] is None or len(test.getData()[0]) == 0  # no test set: no line
    plot.append(np.array([51.0]), np.array([0.01]), np.array([0.02]))
    plot.flush()  # appends redraw at most 10 times a second; this one was held back
    assert len(test.getData()[0]) == 51
    plot.findChild(QCheckBox, "logScaleCheck").setChecked(True)
    assert plot.is_log() and plot.plot_item().getAxis("left").logMode
    plot.findChild(QCheckBox, "logScaleCheck").setChecked(False)
    assert not plot.is_log()
    plot.clear_history()
    assert plot.point_count() == 0


# -- export ----------------------------------------------------------------------------
@pytest.fixture
def trained_views(qtbot):
    s = make_session()
    s.trainer.run_epochs(5)
    snap = take_snapshot(s, 0)
    net = network_view(qtbot, s)
    net.update_snapshot(snap)
    bound = boundary_view(qtbot, s)
    bound.update_snapshot(snap)
    loss = LossPlot()
    qtbot.addWidget(loss)
    loss.resize(500, 300)
    loss.show()
    loss.set_history(snap.history["epoch"], snap.history["train_loss"], snap.history["test_loss"])
    qtbot.wait(20)
    return net, bound, loss


def test_exports(qtbot, tmp_path, trained_views):
    for view in trained_views:
        png, svg = tmp_path / f"{view.objectName()}.png", tmp_path / f"{view.objectName()}.svg"
        view.export(str(png), "png", scale=2.0)
        image = QImage(str(png))
        assert not image.isNull()
        width, height = _canvas_size(view)
        assert image.width() >= 2 * width - 1 and image.height() >= 2 * height - 1
        view.export(str(svg), "svg")
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg") and len(list(root.iter())) > 10
    loss = trained_views[2]
    csv = tmp_path / "loss.csv"
    loss.export(str(csv), "csv")
    lines = csv.read_text().splitlines()
    assert lines[0] == "epoch,train_loss,test_loss"
    assert len(lines) == 1 + loss.point_count()
    with pytest.raises(ValueError):
        loss.export(str(tmp_path / "x.bmp"), "bmp")


def _canvas_size(view) -> tuple[int, int]:
    """Pixel size of the pyqtgraph canvas inside a view (the part that is exported;
    check boxes below it are not)."""
    from pyqtgraph import GraphicsView

    canvas = view.findChild(GraphicsView)
    return canvas.width(), canvas.height()


# -- speed (printed, not asserted) -------------------------------------------------------
def test_update_timing(qtbot, capsys):
    s = make_session(hidden=(8, 8), features=SEVEN)
    net = network_view(qtbot, s)
    bound = boundary_view(qtbot, s)
    loss = LossPlot()
    qtbot.addWidget(loss)
    loss.show()
    snaps, start = [], 0
    for _ in range(30):
        s.trainer.run_epochs(1)
        snaps.append(take_snapshot(s, start))
        start += len(snaps[-1].history["epoch"])
    times = {"network": [], "boundary": [], "loss": [], "paint": []}
    for snap in snaps:
        t0 = time.perf_counter()
        net.update_snapshot(snap)
        t1 = time.perf_counter()
        bound.update_snapshot(snap)
        t2 = time.perf_counter()
        h = snap.history
        loss.append(h["epoch"], h["train_loss"], h["test_loss"])
        t3 = time.perf_counter()
        for view in (net, bound, loss):
            view.grab()  # renders, as a frame on screen would
        t4 = time.perf_counter()
        for key, dt in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            times[key].append(dt * 1000)
    with capsys.disabled():
        summary = ", ".join(f"{k} {np.median(v):.2f} ms" for k, v in times.items())
        print(f"\n2-8-8-1 with 7 features, median per frame: {summary}")
    assert net.link_count() == 128


def test_hover_card_readable_for_tiny_weights(qtbot):
    s = make_session()
    s.network.W[0][0, 0] = -1.234567e-5
    view = network_view(qtbot, s)
    view.update_snapshot(take_snapshot(s, 0))
    assert view.link_weight_text(0, 0, 0) == "-1.235e-05"
    view.hover_link(0, 0, 0)
    assert "-1.235e-05" in view.hover_text()


def test_loss_redraws_are_coalesced(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    train, _ = plot.curves()
    plot.append(np.array([1.0]), np.array([0.5]), np.array([np.nan]))  # drawn at once
    assert len(train.getData()[0]) == 1
    plot.append(np.array([2.0]), np.array([0.4]), np.array([np.nan]))  # within 100 ms: held
    assert len(train.getData()[0]) == 1 and plot.point_count() == 2
    qtbot.waitUntil(lambda: len(train.getData()[0]) == 2, timeout=1000)  # drawn by the timer


def test_heatmap_pixels_match_pyqtgraph_image_rendering(qtbot):
    """The views colour heatmaps themselves; the colours are ImageItem's, cell for cell."""
    import pyqtgraph as pg

    from bplab.gui.views.colors import (
        BACKGROUND_IMAGE_LUT,
        BACKGROUND_PIXELS,
        DIVERGING_IMAGE_LUT,
        DIVERGING_PIXELS,
        heatmap_pixels,
    )

    rng = np.random.default_rng(3)
    grids = np.tanh(2 * rng.normal(size=(3, 20, 30)))
    grids[1, 4, 5] = np.nan  # a diverged cell: transparent
    grids[2] *= 5  # beyond the levels: clipped
    lo, hi = np.array([-1.0, -0.3, 0.0]), np.array([1.0, 0.3, 1.0])
    for lut, pixels in ((DIVERGING_IMAGE_LUT, DIVERGING_PIXELS),
                        (BACKGROUND_IMAGE_LUT, BACKGROUND_PIXELS)):
        ours = heatmap_pixels(grids, lo, hi, pixels)
        for k in range(len(grids)):
            item = pg.ImageItem(axisOrder="row-major")
            item.setLookupTable(lut)
            item.setImage(grids[k], autoLevels=False, levels=(lo[k], hi[k]))
            item.render()
            q = item.qimage.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
            h, w = grids[k].shape
            theirs = np.frombuffer(q.constBits(), np.uint8).reshape(h, q.bytesPerLine() // 4, 4)
            np.testing.assert_array_equal(ours[k], theirs[:, :w])


def test_deep_nets_in_a_narrow_view_get_short_column_headers(qtbot) -> None:
    def headers(width: int, hidden: tuple[int, ...]) -> str:
        s = make_session(hidden=hidden, act="relu")
        view = NetworkView()
        qtbot.addWidget(view)
        view.resize(width, 600)
        view.show()
        qtbot.waitExposed(view)
        view.set_architecture(s.network.sizes, s.feature_names, s.network.activation_names)
        return " ".join(t.textItem.toPlainText() for t in view._texts)

    narrow = headers(480, (8,) * 6)
    assert "L6" in narrow and "Layer 6" not in narrow
    wide = headers(900, (4, 2))
    assert "Layer 2" in wide and "4 neurons" in wide


# -- legends in PNG exports ------------------------------------------------------
def _legend_ink(path, legend, item, scale: float) -> tuple[int, int]:
    """Dark grey pixels (legend text) where the legend lies, and their bounding-box width."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    px = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    px = px[:, :image.width(), :3].astype(int)
    r = legend.sceneBoundingRect().translated(-item.sceneBoundingRect().topLeft())
    x0, y0 = max(0, int((r.left() - 4) * scale)), max(0, int((r.top() - 4) * scale))
    x1, y1 = int((r.right() + 4) * scale), int((r.bottom() + 4) * scale)
    region = px[y0:y1, x0:x1]
    grey = (region.max(-1) < 130) & (np.ptp(region, axis=-1) < 30)
    cols = np.flatnonzero(grey.any(axis=0))
    return int(grey.sum()), int(cols[-1] - cols[0] + 1) if len(cols) else 0


def _check_legend_scales(export, legend, item, tmp_path) -> None:
    export(str(tmp_path / "x1.png"), "png", 1.0)
    export(str(tmp_path / "x3.png"), "png", 3.0)
    ink1, width1 = _legend_ink(tmp_path / "x1.png", legend, item, 1.0)
    ink3, width3 = _legend_ink(tmp_path / "x3.png", legend, item, 3.0)
    assert ink1 > 20 and width1 > 20
    assert 2.5 < width3 / width1 < 3.5, (width1, width3)
    assert ink3 > 5 * ink1, (ink1, ink3)  # ~9× the area, not the same 1× text
    assert legend.scale() == 1.0  # restored after the export


def test_loss_legend_scales_with_png_exports(qtbot, tmp_path):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    e = np.arange(1.0, 51.0)
    plot.set_history(e, 1 / e, 1.2 / e)
    plot.flush()
    QApplication.processEvents()
    _check_legend_scales(plot.export, plot._legend, plot.plot_item(), tmp_path)


def test_class_legend_scales_with_png_exports(qtbot, tmp_path):
    s = make_session()
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    view.set_plane(s.plane, "classification", 3, "softmax", ["tanh", "tanh"], s.feature_names)
    QApplication.processEvents()
    assert view._legend.isVisible()
    _check_legend_scales(view.export, view._legend, view._plot, tmp_path)


# -- labels that must not run into each other --------------------------------------------
def _text_spans(items, axis: str) -> list[tuple[float, float]]:
    """Scene extent of each text item's text along ``axis`` (its 4 px margins left out)."""
    spans = []
    for t in items:
        r = t.sceneBoundingRect()
        lo, hi = (r.left(), r.right()) if axis == "x" else (r.top(), r.bottom())
        spans.append((lo + 4, hi - 4))
    return sorted(spans)


def _overlaps(spans: list[tuple[float, float]]) -> int:
    return sum(b[0] < a[1] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(("hidden", "features"), [([256] * 10, SEVEN[:6]), ([64, 64], None)])
def test_input_labels_of_wide_nets_stand_apart(qtbot, hidden, features):
    """The six inputs of a 10×256 net used to be labelled within a few pixels."""
    s = make_session(hidden=hidden, act="relu", features=features)
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(480, 810)  # the network view of the default 1,400×900 window
    view.show()
    qtbot.waitExposed(view)
    view.set_architecture(s.network.sizes, s.feature_names, s.network.activation_names)
    QApplication.processEvents()
    shown = view.input_labels_shown()
    assert len(shown) == s.network.sizes[0]
    assert _overlaps(_text_spans(shown, "y")) == 0, _text_spans(shown, "y")


def test_column_headers_never_overlap(qtbot):
    s = make_session(hidden=[256] * 10, act="relu", features=SEVEN[:6])
    for width in (480, 300):
        view = NetworkView()
        qtbot.addWidget(view)
        view.resize(width, 700)
        view.show()
        qtbot.waitExposed(view)
        view.set_architecture(s.network.sizes, s.feature_names, s.network.activation_names)
        QApplication.processEvents()
        rows: dict[float, list] = {}
        for t in view._texts:
            if t not in getattr(view, "_input_labels", ()):
                rows.setdefault(round(t.sceneBoundingRect().top()), []).append(t)
        assert len(rows) >= (3 if width > 400 else 1)  # narrower: the lines that fit
        for items in rows.values():
            assert _overlaps(_text_spans(items, "x")) == 0, (width, _text_spans(items, "x"))


# -- the loss plot before training ------------------------------------------------------
def test_loss_plot_at_epoch_zero_shows_the_starting_loss(qtbot):
    """Not "epoch (x0.001)" from -400 to 400 with nothing visible: epochs 0-100, two dots."""
    MIN_EPOCH_SPAN = 100  # the empty range: epochs 0-100
    s = make_session()
    start = s.trainer.evaluate()  # the initial network's losses
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(480, 300)
    plot.show()
    qtbot.waitExposed(plot)
    (x0, x1), _ = plot.plot_item().vb.viewRange()
    assert x0 <= 0 and x0 > -10 and MIN_EPOCH_SPAN <= x1 < 1.2 * MIN_EPOCH_SPAN  # empty: 0-100
    plot.append(np.array([0.0]), np.array([start["train_loss"]]), np.array([start["test_loss"]]))
    plot.flush()
    QApplication.processEvents()
    (x0, x1), (y0, y1) = plot.plot_item().vb.viewRange()
    assert x0 <= 0 and x0 > -10 and MIN_EPOCH_SPAN <= x1 < 1.2 * MIN_EPOCH_SPAN
    bottom = plot.plot_item().getAxis("bottom")
    assert "x0" not in bottom.labelString() and "e-" not in bottom.labelString()
    train, test = plot.curves()
    for curve, value in ((train, start["train_loss"]), (test, start["test_loss"])):
        assert curve.opts["symbol"] is not None  # one point: a dot, not an empty line
        xs, ys = curve.getData()
        assert list(xs) == [0.0] and ys[0] == pytest.approx(value)
        assert y0 < value < y1
    # The dots are in the picture: dark pixels where the train loss point lies.
    image = plot.grab().toImage()
    vb = plot.plot_item().vb
    where = plot._plot_widget.mapTo(plot, plot._plot_widget.mapFromScene(
        vb.mapViewToScene(QPointF(0.0, start["train_loss"]))))
    dark = 0
    for dx in range(-3, 4):
        for dy in range(-3, 4):
            c = QColor(image.pixel(where.x() + dx, where.y() + dy))
            dark += c.red() < 120 and c.green() < 120 and c.blue() < 120
    assert dark >= 9, dark
    plot.append(np.array([1.0]), np.array([0.4]), np.array([0.45]))
    plot.flush()
    assert train.opts["symbol"] is None  # a line from two points on


def test_loss_legend_stays_off_the_curves(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(260, 190)  # the loss plot of an 800×600 window
    plot.show()
    qtbot.waitExposed(plot)
    e = np.arange(0.0, 51.0)
    plot.set_history(e, 1 / (1 + e), 1.2 / (1 + e))
    QApplication.processEvents()
    legend = plot._legend.sceneBoundingRect()
    assert legend.width() > 40
    assert not legend.intersects(plot.plot_item().vb.sceneBoundingRect())
    assert plot.plot_item().sceneBoundingRect().contains(legend)


def test_the_network_legend_is_never_cut_off(qtbot):
    s = make_session()
    for width in (300, 450, 800):
        view = NetworkView()
        qtbot.addWidget(view)
        view.resize(width, 500)
        view.show()
        qtbot.waitExposed(view)
        view.set_architecture(s.network.sizes, s.feature_names, s.network.activation_names)
        QApplication.processEvents()
        legend = view._legend.sceneBoundingRect()
        image = view.grab().toImage()
        top, bottom = int(legend.top()) + 2, int(legend.bottom()) - 2
        ink = [x for x in range(image.width()) for y in range(top, bottom, 2)
               if QColor(image.pixel(x, y)).lightness() < 200]
        assert ink, width
        assert max(ink) < image.width() - 6 and min(ink) > 4, (width, min(ink), max(ink))


def test_a_resize_moves_the_column_headers_instead_of_making_them_again(qtbot):
    """Same texts after a resize: the header and label items are moved over their new
    columns, not made again (the window resizes its views several times as it starts)."""
    s = make_session(hidden=(4, 2))
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_architecture(s.network.sizes, s.feature_names, s.network.activation_names)
    QApplication.processEvents()
    items = list(view._texts)
    xs = [t.pos().x() for t in items]
    view.resize(1000, 500)
    qtbot.waitUntil(lambda: [t.pos().x() for t in view._texts] != xs)
    assert view._texts == items  # the same objects
    columns = {float(c[0, 0]) for c in view._layout.centers}
    headers = [t for t in items if t not in view._input_labels]
    assert headers and all(t.pos().x() in columns for t in headers)
    assert len(view.view_box().addedItems) == len(set(view.view_box().addedItems))
