"""The input plane: the network's output as a heatmap under the data points.

Axes are in data units (x₁, x₂).  The heatmap is one image placed exactly
over the plane rectangle, with fixed levels so its colours mean the same thing
on every frame (a ``HeatmapItem``: it changes on every frame, so it is coloured
with NumPy and painted by Qt without Python); softmax outputs use a second,
RGBA image (predicted class coloured by class, paler where the network is
unsure).  Hovering a neuron in the network view shows that neuron's output here
instead.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QVBoxLayout, QWidget

from bplab.experiment.session import Plane
from bplab.experiment.snapshot import Snapshot
from bplab.gui.i18n import Retranslatable
from bplab.gui.views.colors import (
    BACKGROUND,
    BACKGROUND_PIXELS,
    DIVERGING_LUT,
    class_color,
    class_rgb,
    heatmap_pixels,
    lut_index,
)
from bplab.gui.views.export import export_item
from bplab.gui.views.heatmap import HeatmapItem
from bplab.gui.views.labels import feature_label
from bplab.gui.views.levels import SmoothRange, fixed_levels

POINT_SIZE = 7  # px
FEW_POINTS = 40  # up to this many points are drawn twice as large
TRAIN_OUTLINE = pg.mkPen("w", width=1.2)  # TF Playground: white rim for training points
TEST_OUTLINE = pg.mkPen("#202124", width=1.2)  # dark rim for test points
PLANE_PADDING = 0.02  # share of the plane's size left free around it
BATCH_RING = pg.mkPen("#7b1fa2", width=2.5)  # ring around the mini-batch being learned from
BATCH_RING_EXTRA = 9  # px the ring is wider than a point
SOFTMAX_PALE = 0.82  # how far a fully confident class colour is drawn (the rest is white)


class _Points(pg.ScatterPlotItem):
    """A scatter whose bounding rect is kept until its data or the view changes.

    Qt asks for it several times a frame (the heatmap under the points changes on
    every frame), and pyqtgraph computes it in Python each time, from the data
    bounds and the pixel size, at a cost of about a third of a millisecond.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._bounds: QRectF | None = None
        super().__init__(*args, **kwargs)

    def prepareGeometryChange(self) -> None:  # pyqtgraph calls it for every such change
        self._bounds = None
        super().prepareGeometryChange()

    def setExportMode(self, *args: object, **kwargs: object) -> None:
        self._bounds = None
        super().setExportMode(*args, **kwargs)

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            self._bounds = super().boundingRect()
        return QRectF(self._bounds)


class BoundaryView(Retranslatable, QWidget):
    """Decision boundary / regression surface over the input plane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundaryView")
        self._plot_widget = pg.PlotWidget(background="w")
        self._plot = self._plot_widget.getPlotItem()
        self._plot.setMenuEnabled(False)
        self._plot.hideButtons()
        self._plot.setAspectLocked(True)
        self._plot.showGrid(x=False, y=False)
        self._plot.setLabel("bottom", "x₁")
        self._plot.setLabel("left", "x₂")
        for side in ("bottom", "left"):
            self._plot.getAxis(side).setPen("#9aa0a6")
            self._plot.getAxis(side).setTextPen("#3c4043")
            # Ticks outside, and a few pixels between the plane and the axes (PLANE_PADDING):
            # an axis reaching into the heatmap, which changes with every frame, would be
            # repainted with it (twice a frame, about a tenth of the window's drawing).
            self._plot.getAxis(side).setStyle(tickLength=5)
        self._plot.vb.disableAutoRange()

        self._image = HeatmapItem()  # scalar outputs, through BACKGROUND_PIXELS
        self._rgba = pg.ImageItem(axisOrder="row-major")  # softmax: class colour × confidence
        self._rgba.hide()
        self._plot.addItem(self._image)
        self._plot.addItem(self._rgba)
        self._bar = pg.ColorBarItem(values=(-1, 1), colorMap=BACKGROUND, interactive=False,
                                    width=12, colorMapMenu=False)
        # The bar only shows the levels (set with the image's, in _show_scalar); it is
        # linked to no image, which colours itself.
        self._bar.setImageItem([], insert_in=self._plot)
        self._bar.getAxis("right").setTextPen("#3c4043")
        self._bar_levels: tuple[float, float] | None = None  # what the colour bar shows

        self._train = _Points(size=POINT_SIZE, pen=TRAIN_OUTLINE, pxMode=True)
        self._test = _Points(size=POINT_SIZE, pen=TEST_OUTLINE, pxMode=True, symbol="o")
        for item in (self._train, self._test):
            item.setZValue(5)
            # The heatmap under the points changes on every frame; the points only with
            # the data.  Cached, they are copied from a pixmap instead of drawn again.
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._plot.addItem(item)
        # At the slowest paces: rings around the points of the mini-batch just learned from.
        self._batch = pg.ScatterPlotItem(size=POINT_SIZE + BATCH_RING_EXTRA, pen=BATCH_RING,
                                         brush=None, pxMode=True)
        self._batch.setZValue(6)
        self._plot.addItem(self._batch)
        self._train_xy = np.zeros((0, 2))  # the training points, to find a batch's rows
        self._batch_rows: np.ndarray | None = None  # the rows ringed now
        self._legend = pg.LegendItem(offset=(-8, 8), brush=pg.mkBrush(255, 255, 255, 210),
                                     pen=pg.mkPen("#bdc1c6"), labelTextColor="#3c4043")
        self._legend.setParentItem(self._plot.vb)
        self._legend_samples: list[pg.ScatterPlotItem] = []

        self.show_test = QCheckBox()  # texts: retranslate()
        self.show_test.setObjectName("showTestCheck")
        self.show_test.setChecked(True)
        self.show_test.toggled.connect(self._test.setVisible)
        self.discretize = QCheckBox()
        self.discretize.setObjectName("discretizeCheck")
        self.discretize.toggled.connect(lambda _on: self._redraw())
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.show_test)
        bar.addWidget(self.discretize)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self._plot_widget, 1)
        lay.addLayout(bar)

        self._plane: Plane | None = None
        self._others_held = False  # two of several inputs shown, the others at their mean
        self._task = "classification"
        self._n_classes = 2
        self._out_act = "tanh"
        self._hidden_acts: list[str] = []
        self._input_labels: list[str] = []
        self._label_range = (-1.0, 1.0)  # regression levels, from the data's labels
        self._snap: Snapshot | None = None
        self._neuron: tuple[int, int] | None = None  # (layer, index) shown instead of output
        self._range = SmoothRange(1)  # eased levels of an unbounded neuron or output
        self._shape: tuple[int, ...] = ()  # grid shape the images were placed for
        self._has_test = True  # whether the points include a test set (for the tooltip)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_test.setText(self.tr("Show test data"))
        self.discretize.setText(self.tr("Discretize output"))
        self.show_test.setToolTip(
            self.tr("Show the test points (hollow) over the training points") if self._has_test
            else self.tr("There is no test set: every point of this data trains"))
        self._build_legend()
        self._set_title()

    # -- setup -------------------------------------------------------------
    def set_plane(self, plane: Plane, task: str, n_classes: int, output_activation: str,
                  hidden_activations: Sequence[str] = (),
                  input_labels: Sequence[str] = (), axis_labels: Sequence[str] = (),
                  others_held: bool = False) -> None:
        """Frame the plane and pick colours for this task and output.

        Optional: ``hidden_activations`` fixes the levels of hovered hidden neurons
        (without it they follow their values symmetrically); ``input_labels`` names
        hovered input features in the title; ``axis_labels`` names the two axes
        (x₁ and x₂ when not given); ``others_held``: the plane shows two of several
        inputs, the others held at their mean (the title says so; only the output
        is shown, as the snapshot has no neuron grids for it).
        """
        x_name, y_name = axis_labels if len(axis_labels) == 2 else ("x₁", "x₂")
        self._plot.setLabel("bottom", html.escape(x_name))  # axis labels are rich text
        self._plot.setLabel("left", html.escape(y_name))
        self._plane = plane
        self._others_held = others_held
        self._task, self._n_classes = task, int(n_classes)
        self._out_act = output_activation
        self._hidden_acts = list(hidden_activations)
        self._input_labels = [feature_label(n) for n in input_labels]
        self._snap, self._neuron, self._shape = None, None, ()
        self._range.reset()
        self._image.clear()
        self._rgba.clear()
        self._plot.setRange(xRange=(plane.xmin, plane.xmax), yRange=(plane.ymin, plane.ymax),
                            padding=PLANE_PADDING)
        self.discretize.setEnabled(task == "classification")
        self._build_legend()
        self._set_title()

    def _build_legend(self) -> None:
        self._legend.clear()
        self._legend_samples = []
        if self._task != "classification" or self._n_classes <= 2:
            self._legend.hide()
            return
        for k in range(self._n_classes):
            sample = pg.ScatterPlotItem(size=POINT_SIZE + 2, pen=TRAIN_OUTLINE,
                                        brush=pg.mkBrush(class_color(k)))
            self._legend_samples.append(sample)
            self._legend.addItem(sample, self.tr("class {0}").format(k))
        self._legend.show()

    def set_points(self, train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray,
                   test_y: np.ndarray) -> None:
        """Raw 2D points with class indices (classification) or values (regression)."""
        if self._task == "regression":
            ys = np.concatenate([np.ravel(train_y), np.ravel(test_y)]).astype(float)
            ys = ys[np.isfinite(ys)]
            lo, hi = (float(ys.min()), float(ys.max())) if len(ys) else (-1.0, 1.0)
            self._label_range = (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)
        # A handful of points (the article's XOR) deserve bigger dots than hundreds.
        size = POINT_SIZE if len(train_y) + len(test_y) > FEW_POINTS else 2 * POINT_SIZE
        for item, x, y in ((self._train, train_x, train_y), (self._test, test_x, test_y)):
            x = np.asarray(x, float).reshape(-1, 2) if len(x) else np.zeros((0, 2))
            item.setData(x=x[:, 0], y=x[:, 1], brush=self._brushes(np.asarray(y)), size=size)
        self._train_xy = (np.asarray(train_x, float).reshape(-1, 2) if len(train_x)
                          else np.zeros((0, 2)))
        self._batch.setSize(size + BATCH_RING_EXTRA)
        self.show_batch(None)
        self._has_test = len(test_y) > 0
        self.show_test.setEnabled(self._has_test)
        self.retranslate()
        self._redraw()

    def _brushes(self, y: np.ndarray) -> list:
        if self._task == "regression":
            rows = lut_index(y.astype(float), *self._label_range)
            table = [pg.mkBrush(*DIVERGING_LUT[r, :3].tolist()) for r in range(len(DIVERGING_LUT))]
            return [table[r] for r in rows.tolist()]
        table = [pg.mkBrush(class_color(k)) for k in range(max(self._n_classes, 2))]
        return [table[int(k) % len(table)] for k in y.tolist()]

    # -- live update -------------------------------------------------------
    def update_snapshot(self, snap: Snapshot) -> None:
        self._snap = snap
        self._redraw()
        self.show_batch(snap.batch)

    def show_batch(self, rows: np.ndarray | None) -> None:
        """Ring the training points at ``rows`` (the mini-batch just learned from); None: none."""
        if rows is None:
            if self._batch_rows is not None:
                self._batch.setData([], [])
                self._batch_rows = None
            return
        rows = np.asarray(rows, np.int64)
        rows = rows[(rows >= 0) & (rows < len(self._train_xy))]
        xy = self._train_xy[rows]
        self._batch.setData(x=xy[:, 0], y=xy[:, 1])
        self._batch_rows = rows

    def batch_rows(self) -> np.ndarray | None:
        """The training-set rows ringed as the mini-batch being learned from, if any."""
        return None if self._batch_rows is None else self._batch_rows.copy()

    def show_neuron(self, layer: int, index: int) -> None:
        """Show one neuron's output (layer 0 = input features, as in Snapshot.grids)."""
        if self._others_held:
            return  # only the output is computed over a pair of inputs
        if self._neuron != (layer, index):
            self._range.reset()
        self._neuron = (int(layer), int(index))
        self._set_title()
        self._redraw()

    def show_output(self) -> None:
        if self._neuron is not None:
            self._range.reset()
        self._neuron = None
        self._set_title()
        self._redraw()

    def _set_title(self) -> None:
        if self._neuron is None:
            title = self.tr("Network output")
            if self._others_held:
                title = self.tr("Network output · other inputs at their mean")
        else:
            layer, j = self._neuron
            n_layers = len(self._snap.grids) if self._snap and self._snap.grids else 0
            if layer == 0:
                name = self._input_labels[j] if j < len(self._input_labels) else f"x{j + 1}"
                title = self.tr("Input · {0}").format(name)
            elif n_layers and layer == n_layers - 1:
                title = self.tr("Output · neuron {0}").format(j + 1)
            else:
                title = self.tr("Layer {0} · neuron {1}").format(layer, j + 1)
        self._plot.setTitle(title, color="#3c4043", size="10pt")

    def title(self) -> str:
        return self._plot.titleLabel.text

    def _redraw(self) -> None:
        snap, plane = self._snap, self._plane
        if snap is None or plane is None or not snap.grids:
            return
        if self._neuron is not None:
            layer, j = self._neuron
            if layer < len(snap.grids) and j < len(snap.grids[layer]):
                self._set_title()  # the layer count may only now be known
                self._show_scalar(snap.grids[layer][j], self._neuron_levels(layer, snap))
                return
        out = snap.grids[-1]
        if len(out) > 1:
            self._show_classes(out)
        elif self._task == "regression":
            self._show_scalar(out[0], self._label_range)
        else:
            self._show_scalar(out[0], fixed_levels(self._out_act) or (-1.0, 1.0),
                              discrete=self.discretize.isChecked())

    def _neuron_levels(self, layer: int, snap: Snapshot) -> tuple[float, float] | None:
        if layer == len(snap.grids) - 1:
            act = self._out_act
        elif 1 <= layer <= len(self._hidden_acts):
            act = self._hidden_acts[layer - 1]
        else:
            act = None
        return fixed_levels(act)

    def _show_scalar(self, grid: np.ndarray, levels: tuple[float, float] | None,
                     discrete: bool = False) -> None:
        if levels is None:
            m = float(self._range.update(grid[None])[0])
            levels = (-m, m)
        if discrete:
            lo, hi = levels
            grid = np.where(grid > (lo + hi) / 2, hi, lo)
        self._rgba.hide()
        self._image.show()
        self._bar.show()
        lo, hi = float(levels[0]), float(levels[1])
        pixels = heatmap_pixels(grid[None], np.array([lo]), np.array([hi]), BACKGROUND_PIXELS)
        self._image.set_pixels(grid, (lo, hi), pixels[0])
        if (lo, hi) != self._bar_levels:  # only on a change: it rebuilds the bar's axis
            self._bar.setLevels((lo, hi))
            self._bar_levels = (lo, hi)
        self._place(self._image, grid.shape)

    def _show_classes(self, probs: np.ndarray) -> None:
        k = probs.argmax(axis=0)
        if self.discretize.isChecked():
            conf = np.ones(k.shape)
        else:
            # 1/K (a coin toss) is white, certainty is the full class colour.
            p = probs.max(axis=0)
            n = len(probs)
            conf = np.clip((p - 1.0 / n) / (1.0 - 1.0 / n), 0.0, 1.0)
        rgb = class_rgb(len(probs))[k]
        a = (SOFTMAX_PALE * conf)[..., None]
        img = np.empty((*k.shape, 4), np.uint8)
        img[..., :3] = np.rint(255.0 - (255.0 - rgb) * a)
        img[..., 3] = 255
        self._image.hide()
        self._bar.hide()
        self._rgba.show()
        self._rgba.setImage(img, autoLevels=False, levels=(0, 255))
        self._place(self._rgba, k.shape)

    def _place(self, item: pg.ImageItem | HeatmapItem, shape: tuple[int, ...]) -> None:
        # setRect scales by the current image size; redo it only when that changes.
        key = (id(item), *shape)
        if key != self._shape:
            p = self._plane
            item.setRect(QRectF(p.xmin, p.ymin, p.xmax - p.xmin, p.ymax - p.ymin))
            self._shape = key

    # -- access for tests and the main window --------------------------------
    def image_item(self) -> HeatmapItem:
        """The scalar heatmap item (hidden for softmax outputs)."""
        return self._image

    def class_image_item(self) -> pg.ImageItem:
        return self._rgba

    def test_scatter(self) -> pg.ScatterPlotItem:
        return self._test

    def train_scatter(self) -> pg.ScatterPlotItem:
        return self._train

    def plot_item(self) -> pg.PlotItem:
        return self._plot

    def plot_widget(self) -> pg.PlotWidget:
        return self._plot_widget

    def export(self, path: str, fmt: str, scale: float = 2.0) -> None:
        """Save the plot (with its colour bar) as 'png' or 'svg'."""
        export_item(self._plot, path, fmt, scale)
